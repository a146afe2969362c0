#include "lint/cli.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "lint/engine.h"
#include "lint/iam/catalog.h"
#include "lint/report.h"
#include "lint/rule.h"

namespace iamlint {

std::string_view rule_doc(std::string_view id);  // generated from docs/rules (tools/embed_docs.cmake)

namespace {

namespace fs = std::filesystem;

constexpr const char* kUsage = R"(usage: iamlint [options] PATH...

Lint AWS CloudFormation templates (YAML/JSON, SAM, CDK output) and IAM policy files for IAM mistakes.
PATH is a file, a directory (searched for *.yaml *.yml *.json *.template, skipping .git and
node_modules) or - for standard input.

options:
  --format FORMAT         text (default), gcc, json, sarif or github
  -o, --output FILE       write the report to FILE instead of standard output
  --select IDS            only these rules (comma-separated IDs or prefixes, e.g. IAM001,IAM01)
  --ignore IDS            skip these rules
  --fail-on LEVEL         exit 1 on findings at or above LEVEL: error, warning (default), note, never
  --stdin-filename NAME   the path to report for standard input (-)
  --color, --no-color     force or disable colors (default: only on a terminal)
  -j, --jobs N            lint N files in parallel (default: number of cores)
  --max-file-size MB      larger files are IAM000 (default 64)
  --srcroot DIR           repository root for SARIF relative paths (default: current directory)
  -v, --verbose           also say what could not be resolved or was skipped
  --list-rules            print the rules and exit
  --explain ID            print the documentation of a rule and exit
  --version               print the version and the IAM data version and exit
  -h, --help              print this help and exit

exit status: 0 no findings at or above --fail-on, 1 findings, 2 usage error, unreadable file or
parse error (IAM000).
)";

struct UsageError {
  std::string message;
};

std::vector<std::string> split_ids(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ',' || c == ' ') {
      if (!cur.empty()) out.push_back(cur), cur.clear();
    } else {
      cur += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

bool lintable_extension(const fs::path& p) {
  std::string e = p.extension().string();
  for (auto& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return e == ".yaml" || e == ".yml" || e == ".json" || e == ".template";
}

struct Input {
  std::string path;  // as displayed
  bool named;        // given on the command line (not found by a directory walk)
  bool stdin_input = false;
};

void collect(const std::string& arg, std::vector<Input>& out, std::vector<std::string>& errors) {
  std::error_code ec;
  fs::path p(arg);
  auto st = fs::status(p, ec);
  if (ec || !fs::exists(st)) {
    errors.push_back(arg + ": no such file or directory");
    return;
  }
  if (!fs::is_directory(st)) {
    out.push_back({fs::path(arg).lexically_normal().string(), true});
    return;
  }
  std::vector<std::string> found;
  fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec), end;
  if (ec) {
    errors.push_back(arg + ": " + ec.message());
    return;
  }
  for (; it != end; it.increment(ec)) {
    if (ec) {
      errors.push_back(arg + ": " + ec.message());
      break;
    }
    const auto& e = *it;
    std::string name = e.path().filename().string();
    std::error_code ec2;
    if (e.is_directory(ec2)) {
      if (name == ".git" || name == "node_modules") it.disable_recursion_pending();
      continue;
    }
    if (!e.is_regular_file(ec2) || !lintable_extension(e.path())) continue;
    found.push_back(e.path().lexically_normal().string());
  }
  std::sort(found.begin(), found.end());
  for (auto& f : found) out.push_back({std::move(f), false});
}

bool read_file(const std::string& path, std::string& out, std::string& err) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    err = std::strerror(errno);
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) {
    err = "read error";
    return false;
  }
  out = std::move(ss).str();
  return true;
}

void list_rules() {
  std::printf("%-7s %-42s %-8s %s\n", "ID", "NAME", "LEVEL", "DESCRIPTION");
  for (const Rule& r : all_rules())
    std::printf("%-7s %-42s %-8s %s\n", std::string(r.info.id).c_str(), std::string(r.info.name).c_str(),
                std::string(level_name(r.info.level)).c_str(), std::string(r.info.short_description).c_str());
}

std::string version_text() {
  const IamCatalog& c = IamCatalog::instance();
  return std::string("iamlint ") + IAMLINT_VERSION + "\nIAM data: " + std::string(c.data_version()) +
         "\nmanaged policies: " + std::string(c.managed_policies_version()) + "\n";
}

}  // namespace

int run_cli(int argc, char** argv) {
  Format format = Format::Text;
  std::string output, stdin_name, srcroot, explain;
  std::vector<std::string> paths;
  LintOptions opt;
  int fail_on = static_cast<int>(Level::Warning);  // -1 = never
  int color = -1;
  unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
  bool do_list = false, do_version = false;

  try {
    auto need = [&](int& i, const std::string& name) -> std::string {
      if (i + 1 >= argc) throw UsageError{"option " + name + " needs a value"};
      return argv[++i];
    };
    bool only_paths = false;
    for (int i = 1; i < argc; ++i) {
      std::string a = argv[i];
      std::string val;
      bool has_eq = false;
      if (!only_paths && a.rfind("--", 0) == 0 && a.find('=') != std::string::npos) {
        val = a.substr(a.find('=') + 1);
        a = a.substr(0, a.find('='));
        has_eq = true;
      }
      auto value = [&](const std::string& name) { return has_eq ? val : need(i, name); };
      if (only_paths || a == "-" || a.empty() || a[0] != '-') {
        paths.push_back(argv[i]);
      } else if (a == "--") {
        only_paths = true;
      } else if (a == "--format" || a == "-f") {
        std::string f = value(a);
        if (f == "text") format = Format::Text;
        else if (f == "gcc") format = Format::Gcc;
        else if (f == "json") format = Format::Json;
        else if (f == "sarif") format = Format::Sarif;
        else if (f == "github") format = Format::Github;
        else throw UsageError{"unknown format '" + f + "' (text, gcc, json, sarif, github)"};
      } else if (a == "-o" || a == "--output") {
        output = value(a);
      } else if (a == "--select") {
        for (auto& id : split_ids(value(a))) opt.select.push_back(id);
      } else if (a == "--ignore") {
        for (auto& id : split_ids(value(a))) opt.ignore.push_back(id);
      } else if (a == "--fail-on") {
        std::string l = value(a);
        if (l == "error") fail_on = 2;
        else if (l == "warning") fail_on = 1;
        else if (l == "note") fail_on = 0;
        else if (l == "never") fail_on = -1;
        else throw UsageError{"unknown level '" + l + "' for --fail-on (error, warning, note, never)"};
      } else if (a == "--stdin-filename") {
        stdin_name = value(a);
      } else if (a == "--color") {
        color = 1;
      } else if (a == "--no-color") {
        color = 0;
      } else if (a == "-j" || a == "--jobs") {
        std::string n = value(a);
        char* end = nullptr;
        long v = std::strtol(n.c_str(), &end, 10);
        if (n.empty() || *end || v < 1 || v > 1024) throw UsageError{"--jobs needs a number from 1 to 1024, not '" + n + "'"};
        jobs = static_cast<unsigned>(v);
      } else if (a == "--max-file-size") {
        std::string n = value(a);
        char* end = nullptr;
        long v = std::strtol(n.c_str(), &end, 10);
        if (n.empty() || *end || v < 1 || v > 4096) throw UsageError{"--max-file-size needs megabytes from 1 to 4096, not '" + n + "'"};
        opt.max_file_size = static_cast<uint64_t>(v) << 20;
      } else if (a == "--srcroot") {
        srcroot = value(a);
      } else if (a == "-v" || a == "--verbose") {
        opt.verbose = true;
      } else if (a == "--list-rules") {
        do_list = true;
      } else if (a == "--explain") {
        explain = value(a);
      } else if (a == "--version" || a == "-V") {
        do_version = true;
      } else if (a == "-h" || a == "--help") {
        std::fputs(kUsage, stdout);
        return 0;
      } else {
        throw UsageError{"unknown option '" + a + "'"};
      }
    }
    for (const auto& id : opt.select)
      if (id.rfind("IAM", 0) != 0) throw UsageError{"--select: '" + id + "' is not a rule ID (IAMnnn)"};
    for (const auto& id : opt.ignore)
      if (id.rfind("IAM", 0) != 0) throw UsageError{"--ignore: '" + id + "' is not a rule ID (IAMnnn)"};
  } catch (const UsageError& e) {
    std::fprintf(stderr, "iamlint: %s\nTry 'iamlint --help'.\n", e.message.c_str());
    return 2;
  }

  if (do_version) {
    std::fputs(version_text().c_str(), stdout);
    return 0;
  }
  if (do_list) {
    list_rules();
    return 0;
  }
  if (!explain.empty()) {
    const Rule* r = find_rule(explain);
    if (!r) {
      std::fprintf(stderr, "iamlint: unknown rule '%s' (see iamlint --list-rules)\n", explain.c_str());
      return 2;
    }
    std::string_view doc = rule_doc(r->info.id);
    if (!doc.empty()) {
      std::fwrite(doc.data(), 1, doc.size(), stdout);
    } else {
      std::printf("# %s: %s\n\n%s\n\n%s\n", std::string(r->info.id).c_str(), std::string(r->info.name).c_str(),
                  std::string(r->info.full_description).c_str(), std::string(r->info.help).c_str());
    }
    return 0;
  }
  if (paths.empty()) {
    std::fprintf(stderr, "iamlint: no files given\nTry 'iamlint --help'.\n");
    return 2;
  }

  std::vector<Input> inputs;
  std::vector<std::string> errors;
  int stdin_count = 0;
  for (const auto& p : paths) {
    if (p == "-") {
      if (++stdin_count > 1) continue;
      inputs.push_back({stdin_name.empty() ? "<stdin>" : stdin_name, true, true});
    } else {
      collect(p, inputs, errors);
    }
  }

  std::string stdin_text;
  if (stdin_count) {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    stdin_text = std::move(ss).str();
  }

  std::vector<FileResult> results(inputs.size());
  std::vector<std::string> texts(inputs.size());
  std::vector<std::string> read_errors(inputs.size());
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i; (i = next.fetch_add(1)) < inputs.size();) {
      const Input& in = inputs[i];
      std::string err;
      if (in.stdin_input) {
        texts[i] = stdin_text;
      } else if (!read_file(in.path, texts[i], err)) {
        read_errors[i] = in.path + ": cannot read: " + err;
        continue;
      }
      results[i] = lint_text(in.path, texts[i], opt, in.named);
    }
  };
  unsigned n = std::min<unsigned>(jobs, static_cast<unsigned>(std::max<size_t>(1, inputs.size())));
  if (n <= 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < n; ++t) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
  }

  bool hard_error = !errors.empty();
  for (const auto& e : read_errors)
    if (!e.empty()) errors.push_back(e), hard_error = true;
  for (const auto& e : errors) std::fprintf(stderr, "iamlint: %s\n", e.c_str());

  std::vector<Finding> findings;
  std::vector<Notice> notices;
  std::map<std::string, size_t> by_path;
  size_t files_linted = 0;
  for (size_t i = 0; i < results.size(); ++i) {
    auto& r = results[i];
    by_path[inputs[i].path] = i;
    if (r.ours) ++files_linted;
    if (r.parse_error) hard_error = true;
    findings.insert(findings.end(), std::make_move_iterator(r.findings.begin()), std::make_move_iterator(r.findings.end()));
    notices.insert(notices.end(), r.notices.begin(), r.notices.end());
  }
  sort_findings(findings);

  ReportOptions ro;
  ro.color = color == 1 || (color == -1 && output.empty() && format == Format::Text && isatty(1) && !std::getenv("NO_COLOR"));
  ro.verbose = opt.verbose;
  std::error_code ec;
  ro.srcroot = fs::absolute(srcroot.empty() ? fs::current_path(ec) : fs::path(srcroot), ec).lexically_normal().string();
  ro.tool_version = IAMLINT_VERSION;
  ro.data_version = std::string(IamCatalog::instance().data_version());
  ro.homepage = IAMLINT_HOMEPAGE;
  Report rep;
  rep.findings = findings;
  rep.notices = notices;
  rep.files_linted = files_linted;
  rep.source = [&](const std::string& path) -> std::string_view {
    auto it = by_path.find(path);
    return it == by_path.end() ? std::string_view() : std::string_view(texts[it->second]);
  };
  std::string text = render(format, rep, all_rules(), ro);
  if (opt.verbose && format != Format::Text)
    for (const auto& nt : notices) {
      if (nt.pos.valid())
        std::fprintf(stderr, "%s:%u:%u: note: %s\n", nt.path.c_str(), nt.pos.line, nt.pos.col, nt.message.c_str());
      else
        std::fprintf(stderr, "%s: note: %s\n", nt.path.c_str(), nt.message.c_str());
    }
  if (output.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
  } else {
    std::ofstream out(output, std::ios::binary);
    out << text;
    if (!out) {
      std::fprintf(stderr, "iamlint: cannot write %s\n", output.c_str());
      return 2;
    }
  }

  if (hard_error) return 2;
  if (fail_on >= 0)
    for (const auto& f : findings)
      if (static_cast<int>(f.level) >= fail_on) return 1;
  return 0;
}

}  // namespace iamlint
