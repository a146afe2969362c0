#include "lint/cli.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "lint/access/assertions.h"
#include "lint/access/cmd.h"
#include "lint/diff/cmd_diff.h"
#include "lint/baseline.h"
#include "lint/config.h"
#include "lint/engine.h"
#include "lint/fix.h"
#include "lint/fixer.h"
#include "lint/memory.h"
#include "lint/iam/catalog.h"
#include "lint/model.h"
#include "lint/report.h"
#include "lint/rule.h"
#include "lint/rule_ref.h"

namespace iamlint {

std::string_view rule_doc(std::string_view id);  // generated from docs/rules (tools/embed_docs.cmake)

namespace {

namespace fs = std::filesystem;

constexpr const char* kUsage = R"(usage: iamlint [options] PATH...

Lint AWS CloudFormation templates (YAML/JSON, SAM, CDK output) and IAM policy files for IAM mistakes.
PATH is a file, a directory (searched for *.yaml *.yml *.json *.template, skipping .git and
node_modules) or - for standard input.

       iamlint access PATH... --principal P --action A [--resource R]   (see iamlint access --help)
       iamlint diff OLD NEW | --base GITREF [PATH...]                      (see iamlint diff --help)

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
  --policy-kind KIND      the kind of the raw policy files linted: identity, trust, resource,
                          scp, rcp, boundary, vpc-endpoint or session (default: .iamlint.yaml
                          policy-kinds, else decided by the statements); templates ignore it
  --srcroot DIR           repository root for SARIF and github paths (default: $GITHUB_WORKSPACE
                          in a GitHub Actions job, else the current directory)
  --config FILE           use only this config file (default: the nearest .iamlint.yaml at or
                          above each linted file's directory)
  --no-config             use no config file
  --force-exclude         apply the config's exclude also to files named on the command line
                          (and to --stdin-filename); pre-commit hooks and editors want this
  --baseline FILE         do not report findings recorded in FILE (see --write-baseline)
  --write-baseline FILE   record the current findings in FILE and exit 0
  --fix                   apply the safe fixes in place (the report shows what remains)
  --unsafe-fixes          also apply (with --fix, --diff) or show the fixes that change behaviour
                          beyond the finding
  --diff                  print the fixes as a unified diff and change nothing (exit 1 when
                          there would be changes)
  --warn-unused-ignores   warn about suppressions (# iamlint: ignore, Metadata) that suppress
                          nothing; each counts as a warning for --fail-on
  -v, --verbose           also say what could not be resolved or was skipped
  --list-rules            print the rules and exit
  --explain ID            print the documentation of a rule and exit
  --version               print the version and the IAM data version and exit
  -h, --help              print this help and exit

Options given on the command line override the config file (--select replaces its select, ...).

exit status: 0 no findings at or above --fail-on, 1 findings, 2 usage error, unreadable file,
bad config or baseline, or parse error (IAM000).
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
      cur += c;  // rule_selector reads any case
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

// What applies to one file: the options after the config file and the command line are merged.
struct Settings {
  LintOptions opt;
  const FileConfig* config = nullptr;  // the .iamlint.yaml it came from (IAM030's access: assertions)
  int fail_on = static_cast<int>(Level::Warning);  // kFailOnNever = never
};

// Options given on the command line; they override the config file's.
struct CliOverrides {
  std::optional<std::vector<std::string>> select, ignore;
  std::optional<int> fail_on;
  std::optional<uint64_t> max_file_size;
};

// Settings per config file, and per (config file, per-file-ignores) combination; built once,
// shared by every file they apply to. Addresses are stable.
class SettingsTable {
 public:
  SettingsTable(const LintOptions& base, const CliOverrides& cli) : base_(base), cli_(cli) {}

  const Settings* get(const FileConfig* c, const fs::path& abs_file) {
    const Settings* s = for_config(c);
    if (!c || (c->per_file_ignores.empty() && c->policy_kinds.empty())) return s;
    std::vector<std::string> extra = c->ignores_for(abs_file);
    // --policy-kind (already in base_) wins over the config's policy-kinds.
    std::optional<PolicyKind> kind = base_.policy_kind ? std::nullopt : c->policy_kind_for(abs_file);
    if (extra.empty() && !kind) return s;
    std::string key;
    for (const auto& id : extra) key += id + ",";
    if (kind) key += "|" + std::string(policy_kind_name(*kind));
    auto [it, fresh] = derived_.try_emplace({c, key}, nullptr);
    if (fresh) {
      store_.push_back(*s);
      auto& ig = store_.back().opt.ignore;
      ig.insert(ig.end(), extra.begin(), extra.end());
      if (kind) store_.back().opt.policy_kind = kind;
      it->second = &store_.back();
    }
    return it->second;
  }

 private:
  const Settings* for_config(const FileConfig* c) {
    auto [it, fresh] = by_config_.try_emplace(c, nullptr);
    if (!fresh) return it->second;
    Settings s;
    s.opt = base_;
    s.opt.select = cli_.select ? *cli_.select : c && c->select ? *c->select : std::vector<std::string>{};
    s.opt.ignore = cli_.ignore ? *cli_.ignore : c && c->ignore ? *c->ignore : std::vector<std::string>{};
    s.fail_on = cli_.fail_on ? *cli_.fail_on : c && c->fail_on ? *c->fail_on : static_cast<int>(Level::Warning);
    if (cli_.max_file_size) s.opt.max_file_size = *cli_.max_file_size;
    else if (c && c->max_file_size) s.opt.max_file_size = *c->max_file_size;
    s.config = c;
    if (c) {
      s.opt.extra_actions = c->extra_actions;
      s.opt.trusted_accounts = c->trusted_accounts;
      s.opt.account = c->account;
    }
    store_.push_back(std::move(s));
    return it->second = &store_.back();
  }

  LintOptions base_;
  CliOverrides cli_;
  std::deque<Settings> store_;
  std::map<const FileConfig*, const Settings*> by_config_;
  std::map<std::pair<const FileConfig*, std::string>, const Settings*> derived_;
};

struct Input {
  std::string path;  // as displayed
  bool named;        // given on the command line (not found by a directory walk)
  bool stdin_input = false;
  const Settings* settings = nullptr;
};

struct ConfigFailure {
  ConfigError error;
};

// Finds the files to lint and the settings of each. Exclusion: files found by a directory walk
// (and directories below a named one) are skipped when their config's `exclude` matches; files
// named on the command line only with --force-exclude (like ruff).
class Collector {
 public:
  Collector(ConfigFinder& finder, SettingsTable& table, bool force_exclude, bool verbose)
      : finder_(finder), table_(table), force_exclude_(force_exclude), verbose_(verbose) {
    std::error_code ec;
    cwd_ = fs::current_path(ec);
  }

  // Absolute and lexically normal, without a trailing separator ("dir/" -> "/cwd/dir").
  fs::path absolute(const fs::path& p) const {
    fs::path a = (p.is_absolute() ? p : cwd_ / p).lexically_normal();
    if (!a.has_filename() && a.has_relative_path()) a = a.parent_path();
    return a;
  }

  const FileConfig* config_for_dir(const fs::path& abs_dir) {
    std::optional<ConfigError> err;
    const FileConfig* c = finder_.for_directory(abs_dir, err);
    if (err) throw ConfigFailure{std::move(*err)};
    return c;
  }

  // A file named on the command line (or --stdin-filename). Returns false when it is excluded.
  bool add_named(const std::string& shown, const fs::path& abs, bool is_stdin, std::vector<Input>& out) {
    const FileConfig* c = config_for_dir(abs.parent_path());
    if (force_exclude_ && c && c->excluded(abs)) {
      skipped(shown, c);
      return false;
    }
    out.push_back({shown, true, is_stdin, table_.get(c, abs)});
    return true;
  }

  // Files a directory walk passed over, for the summary when nothing was linted.
  size_t skipped_extension = 0, skipped_excluded = 0, skipped_dirs = 0;

  void collect(const std::string& arg, std::vector<Input>& out, std::vector<std::string>& errors) {
    std::error_code ec;
    fs::path p(arg);
    auto st = fs::status(p, ec);
    if (ec || !fs::exists(st)) {
      errors.push_back(arg + ": no such file or directory");
      return;
    }
    if (!fs::is_directory(st)) {
      add_named(fs::path(arg).lexically_normal().string(), absolute(p), false, out);
      return;
    }
    if (force_exclude_) {
      fs::path abs = absolute(p);
      if (abs.has_parent_path() && abs.parent_path() != abs)
        if (const FileConfig* c = config_for_dir(abs.parent_path()); c && c->excluded(abs)) {
          skipped(arg, c);
          return;
        }
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
        if (name == ".git" || name == "node_modules") {
          it.disable_recursion_pending();
          continue;
        }
        fs::path abs = absolute(e.path());
        if (const FileConfig* c = config_for_dir(abs.parent_path()); c && c->excluded(abs)) {
          skipped(e.path().lexically_normal().string() + "/", c);
          ++skipped_dirs;
          it.disable_recursion_pending();
        }
        continue;
      }
      if (!e.is_regular_file(ec2) || name == kConfigFileName) continue;
      if (!lintable_extension(e.path())) {
        ++skipped_extension;
        continue;
      }
      found.push_back(e.path().lexically_normal().string());
    }
    std::sort(found.begin(), found.end());
    for (auto& shown : found) {
      fs::path abs = absolute(shown);
      const FileConfig* c = config_for_dir(abs.parent_path());
      if (c && c->excluded(abs)) {
        skipped(shown, c);
        ++skipped_excluded;
        continue;
      }
      out.push_back({std::move(shown), false, false, table_.get(c, abs)});
    }
  }

 private:
  void skipped(const std::string& shown, const FileConfig* c) {
    if (verbose_) std::fprintf(stderr, "iamlint: %s: skipped (exclude in %s)\n", shown.c_str(), c->path.c_str());
  }

  ConfigFinder& finder_;
  SettingsTable& table_;
  bool force_exclude_;
  bool verbose_;
  fs::path cwd_;
};

// Whether `path` lies beneath the SARIF source root (as report.cpp decides for %SRCROOT% URIs).
bool under_srcroot(const std::string& path, const fs::path& root) {
  std::error_code ec;
  fs::path cwd = fs::current_path(ec);
  fs::path p(path);
  fs::path abs = (p.is_absolute() ? p : cwd / p).lexically_normal();
  auto beneath = [](const fs::path& x, const fs::path& r) {
    fs::path rel = x.lexically_relative(r);
    return !rel.empty() && rel != "." && *rel.begin() != "..";
  };
  fs::path real = fs::weakly_canonical(abs, ec).lexically_normal();
  if (ec) real = abs;
  fs::path real_root = fs::weakly_canonical(root, ec).lexically_normal();
  if (ec) real_root = root;
  return beneath(real, real_root) || beneath(abs, root);
}

// One read into a buffer of the file's size: a stream copy doubled the page faults on big
// templates (measured: 9.9 ms vs 2.7 ms for 5.7 MB).
bool read_file(const std::string& path, std::string& out, std::string& err) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    err = std::strerror(errno);
    return false;
  }
  out.clear();
  if (std::fseek(f, 0, SEEK_END) == 0) {
    long size = std::ftell(f);
    if (size > 0) {
      memory::prepare_for_input(static_cast<size_t>(size));
      out.reserve(static_cast<size_t>(size));
    }
    std::rewind(f);
  }
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  bool bad = std::ferror(f) != 0;
  std::fclose(f);
  if (bad) {
    err = "read error";
    return false;
  }
  return true;
}

void list_rules() {
  std::printf("%-7s %-42s %-8s %-7s %s\n", "ID", "NAME", "LEVEL", "FIX", "DESCRIPTION");
  for (const Rule& r : all_rules()) {
    std::string_view fx = fix::rule_fixes(r.info.id);
    std::printf("%-7s %-42s %-8s %-7s %s\n", std::string(r.info.id).c_str(), std::string(r.info.name).c_str(),
                std::string(level_name(r.info.level)).c_str(), fx.empty() ? "-" : std::string(fx).c_str(),
                std::string(r.info.short_description).c_str());
  }
}

std::string version_text() {
  const IamCatalog& c = IamCatalog::instance();
  return std::string("iamlint ") + IAMLINT_VERSION + "\nIAM data: " + std::string(c.data_version()) +
         "\nmanaged policies: " + std::string(c.managed_policies_version()) + "\n";
}

}  // namespace

int run_cli(int argc, char** argv) {
  if (argc > 1 && std::string_view(argv[1]) == "access") return access::run_access(argc - 1, argv + 1);
  if (argc > 1 && std::string_view(argv[1]) == "diff") return diff::run_diff(argc - 1, argv + 1);
  Format format = Format::Text;
  std::string output, stdin_name, srcroot, explain, config_file, baseline_file, write_baseline_file;
  std::vector<std::string> paths;
  LintOptions opt;
  CliOverrides cli;
  int color = -1;
  unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
  bool do_list = false, do_version = false, no_config = false, force_exclude = false;
  bool do_fix = false, unsafe_fixes = false, do_diff = false;

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
      } else if (!only_paths && a.size() > 2 && a[0] == '-' && a[1] != '-' &&
                 (a[1] == 'j' || a[1] == 'o' || a[1] == 'f')) {
        val = a.substr(2);  // -j4, -oreport.sarif, -fgcc (like make and compilers)
        a = a.substr(0, 2);
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
        if (!cli.select) cli.select.emplace();
        for (auto& id : split_ids(value(a))) cli.select->push_back(id);
      } else if (a == "--ignore") {
        if (!cli.ignore) cli.ignore.emplace();
        for (auto& id : split_ids(value(a))) cli.ignore->push_back(id);
      } else if (a == "--fail-on") {
        std::string l = value(a);
        if (l == "error") cli.fail_on = 2;
        else if (l == "warning") cli.fail_on = 1;
        else if (l == "note") cli.fail_on = 0;
        else if (l == "never") cli.fail_on = kFailOnNever;
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
        cli.max_file_size = static_cast<uint64_t>(v) << 20;
      } else if (a == "--policy-kind") {
        std::string k = value(a);
        opt.policy_kind = policy_kind_from_name(k);
        if (!opt.policy_kind) throw UsageError{"unknown policy kind '" + k + "' (" + std::string(kPolicyKindNames) + ")"};
      } else if (a == "--srcroot") {
        srcroot = value(a);
      } else if (a == "--config") {
        config_file = value(a);
      } else if (a == "--no-config") {
        no_config = true;
      } else if (a == "--force-exclude") {
        force_exclude = true;
      } else if (a == "--baseline") {
        baseline_file = value(a);
      } else if (a == "--write-baseline") {
        write_baseline_file = value(a);
      } else if (a == "--fix") {
        do_fix = true;
      } else if (a == "--unsafe-fixes") {
        unsafe_fixes = true;
      } else if (a == "--diff") {
        do_diff = true;
      } else if (a == "--warn-unused-ignores") {
        opt.warn_unused_ignores = true;
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
    // IDs, prefixes and rule names, as in .iamlint.yaml; names become their IDs.
    for (auto [list, name] : {std::pair{&cli.select, "--select"}, std::pair{&cli.ignore, "--ignore"}})
      if (*list)
        for (auto& id : **list) {
          std::optional<std::string> sel = rule_selector(id);
          if (!sel)
            throw UsageError{std::string(name) + ": '" + id + "' is not a rule ID, prefix or name (see iamlint --list-rules)"};
          id = std::move(*sel);
        }
    if (!config_file.empty() && no_config) throw UsageError{"--config and --no-config exclude each other"};
    if (do_fix && do_diff) throw UsageError{"--fix and --diff exclude each other (--diff changes nothing)"};
    if ((do_fix || do_diff) && !write_baseline_file.empty())
      throw UsageError{"--write-baseline cannot be combined with --fix or --diff"};
    if (!baseline_file.empty() && !write_baseline_file.empty())
      throw UsageError{"--baseline and --write-baseline exclude each other (--write-baseline alone rewrites the baseline)"};
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
    if (!r)  // a rule name works too (a prefix names several rules)
      if (std::optional<std::string> sel = rule_selector(explain)) r = find_rule(*sel);
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
    std::printf("\n%s\n", fix::autofix_text(r->info.id).c_str());
    return 0;
  }
  if (paths.empty()) {
    std::fprintf(stderr, "iamlint: no files given\nTry 'iamlint --help'.\n");
    return 2;
  }

  Baseline baseline;
  if (!baseline_file.empty()) {
    std::string err;
    if (!baseline.load(baseline_file, err)) {
      std::fprintf(stderr, "iamlint: baseline %s: %s\n", baseline_file.c_str(), err.c_str());
      return 2;
    }
  }

  // Config files and the files to lint.
  ConfigFinder finder;
  if (no_config) finder.disable();
  SettingsTable table(opt, cli);
  Collector collector(finder, table, force_exclude, opt.verbose);
  std::vector<Input> inputs;
  std::vector<std::string> errors;
  bool read_stdin = false;
  try {
    if (!config_file.empty())
      if (auto err = finder.use_file(config_file)) throw ConfigFailure{std::move(*err)};
    for (const auto& p : paths) {
      if (p == "-") {
        if (read_stdin) continue;
        read_stdin = true;
        // Standard input gets the config of --stdin-filename's directory (else the current one).
        fs::path abs = collector.absolute(stdin_name.empty() ? fs::path("<stdin>") : fs::path(stdin_name));
        collector.add_named(stdin_name.empty() ? "<stdin>" : stdin_name, abs, true, inputs);
      } else {
        collector.collect(p, inputs, errors);
      }
    }
  } catch (const ConfigFailure& f) {
    std::fprintf(stderr, "%s\n", f.error.format().c_str());
    return 2;
  }

  std::string stdin_text;
  if (read_stdin) {  // read standard input even when --force-exclude drops it
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    stdin_text = std::move(ss).str();
  }

  std::vector<FileResult> results(inputs.size());
  std::vector<std::string> texts(inputs.size());
  const bool fixing = do_fix || do_diff;
  std::vector<std::string> originals(fixing ? inputs.size() : 0);  // --fix/--diff: the text before
  std::vector<size_t> applied(fixing ? inputs.size() : 0);
  std::map<std::string, size_t> applied_by_rule;
  std::mutex applied_mu;
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
      if (fixing) {
        FixResult fr = fix_file(in.path, texts[i], in.settings->opt, unsafe_fixes, in.named);
        applied[i] = fr.applied;
        {
          std::lock_guard<std::mutex> lock(applied_mu);
          for (const auto& [id, n] : fr.by_rule) applied_by_rule[id] += n;
        }
        originals[i] = std::move(texts[i]);
        texts[i] = std::move(fr.text);
        results[i] = std::move(fr.final);
        continue;
      }
      results[i] = lint_text(in.path, texts[i], in.settings->opt, in.named, inputs.size() == 1);
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

  // IAM030: the access: assertions of each config used by this run, over the run's files of that
  // config (only configs that have assertions: without them linting costs nothing more).
  {
    std::map<const FileConfig*, std::vector<size_t>> by_config;
    for (size_t i = 0; i < inputs.size(); ++i) {
      const FileConfig* c = inputs[i].settings->config;
      if (c && !c->access.empty() && results[i].ours && !results[i].parse_error &&
          rule_enabled("IAM030", inputs[i].settings->opt))
        by_config[c].push_back(i);
    }
    for (const auto& [c, idx] : by_config) {
      std::vector<access::AssertionFile> files;
      for (size_t i : idx) files.push_back({inputs[i].path, texts[i]});
      std::error_code ec;
      fs::path shown = fs::path(c->path).lexically_normal();
      if (shown.is_absolute()) {
        fs::path rel = shown.lexically_relative(fs::current_path(ec));
        if (!rel.empty() && *rel.begin() != "..") shown = rel;
      }
      auto found = access::check_assertions(*c, shown.string(), files, &results[idx[0]].notices);
      for (auto& f : found) results[idx[0]].findings.push_back(std::move(f));
    }
  }

  if (fixing) {
    size_t total = 0, files_changed = 0;
    for (size_t i = 0; i < inputs.size(); ++i) {
      if (results[i].parse_error) hard_error = true;
      if (!applied[i]) continue;
      total += applied[i];
      ++files_changed;
      if (do_diff) {
        std::string d = unified_diff(inputs[i].path, originals[i], texts[i]);
        std::fwrite(d.data(), 1, d.size(), stdout);
      } else if (inputs[i].stdin_input) {
        continue;  // written to standard output below
      } else {
        std::ofstream out(inputs[i].path, std::ios::binary | std::ios::trunc);
        out << texts[i];
        out.close();
        if (!out) {
          std::fprintf(stderr, "iamlint: cannot write %s\n", inputs[i].path.c_str());
          hard_error = true;
        }
      }
    }
    std::string rules_fixed;
    for (const auto& [id, n] : applied_by_rule)
      rules_fixed += (rules_fixed.empty() ? "" : ", ") + id + " " + std::to_string(n);
    if (do_diff) {
      std::fflush(stdout);
      std::fprintf(stderr, "iamlint: %zu fix%s in %zu file%s would be applied%s\n", total, total == 1 ? "" : "es",
                   files_changed, files_changed == 1 ? "" : "s", rules_fixed.empty() ? "" : (" (" + rules_fixed + ")").c_str());
      if (hard_error) return 2;
      return total ? 1 : 0;
    }
    std::fprintf(stderr, "iamlint: applied %zu fix%s in %zu file%s%s\n", total, total == 1 ? "" : "es", files_changed,
                 files_changed == 1 ? "" : "s", rules_fixed.empty() ? "" : (" (" + rules_fixed + ")").c_str());
    // Standard input: the fixed text goes to standard output (as ruff does), the report to stderr.
    for (size_t i = 0; i < inputs.size(); ++i)
      if (inputs[i].stdin_input) {
        std::fwrite(texts[i].data(), 1, texts[i].size(), stdout);
        std::fflush(stdout);
        if (output.empty()) output = "/dev/stderr";
      }
  }

  // Baseline, exit status per file (each file's fail-on), then one sorted list.
  bool failed = false;
  size_t in_baseline = 0;
  std::vector<Finding> findings;
  std::vector<Notice> notices, unused;
  std::map<std::string, size_t> by_path;
  size_t files_linted = 0;
  for (size_t i = 0; i < results.size(); ++i) {
    auto& r = results[i];
    int fail_on = inputs[i].settings->fail_on;
    by_path[inputs[i].path] = i;
    if (r.ours) ++files_linted;
    if (r.parse_error) hard_error = true;
    if (!baseline_file.empty()) in_baseline += baseline.filter(r.findings);
    if (fail_on != kFailOnNever) {
      for (const auto& f : r.findings)
        if (static_cast<int>(f.level) >= fail_on) failed = true;
      if (!r.unused_suppressions.empty() && fail_on <= static_cast<int>(Level::Warning)) failed = true;
    }
    findings.insert(findings.end(), std::make_move_iterator(r.findings.begin()), std::make_move_iterator(r.findings.end()));
    notices.insert(notices.end(), r.notices.begin(), r.notices.end());
    unused.insert(unused.end(), r.unused_suppressions.begin(), r.unused_suppressions.end());
  }
  sort_findings(findings);
  // -v: the same notice once (a value resolved for several rules, an anchor used twice), in file order.
  std::stable_sort(notices.begin(), notices.end(), [](const Notice& a, const Notice& b) {
    return std::tie(a.path, a.pos, a.message) < std::tie(b.path, b.pos, b.message);
  });
  notices.erase(std::unique(notices.begin(), notices.end(),
                            [](const Notice& a, const Notice& b) {
                              return a.path == b.path && a.pos == b.pos && a.message == b.message;
                            }),
                notices.end());
  if (opt.verbose)
    for (size_t i = 0; i < results.size(); ++i)
      if (!results[i].ours && read_errors[i].empty() && results[i].notices.empty())
        std::fprintf(stderr, "iamlint: %s: skipped: not a CloudFormation template or IAM policy\n",
                     inputs[i].path.c_str());

  if (!write_baseline_file.empty()) {
    for (const auto& f : findings)
      if (f.rule_id == "IAM000")
        std::fprintf(stderr, "%s:%u:%u: error: %s [IAM000]\n", f.path.c_str(), f.span.begin.line, f.span.begin.col,
                     f.message.c_str());
    fs::path baseline_dir = fs::path(write_baseline_file).parent_path();
    std::string json = baseline_json(findings, IAMLINT_VERSION, baseline_dir.empty() ? fs::path(".") : baseline_dir);
    std::ofstream out(write_baseline_file, std::ios::binary);
    out << json;
    out.close();
    if (!out) {
      std::fprintf(stderr, "iamlint: cannot write %s\n", write_baseline_file.c_str());
      return 2;
    }
    size_t recorded = static_cast<size_t>(std::count_if(findings.begin(), findings.end(),
                                                        [](const Finding& f) { return f.rule_id != "IAM000"; }));
    std::fprintf(stderr, "iamlint: wrote %zu finding%s to %s\n", recorded, recorded == 1 ? "" : "s",
                 write_baseline_file.c_str());
    return hard_error ? 2 : 0;
  }

  ReportOptions ro;
  ro.color = color == 1 || (color == -1 && output.empty() && format == Format::Text && isatty(1) && !std::getenv("NO_COLOR"));
  ro.verbose = opt.verbose;
  ro.unsafe_fixes = unsafe_fixes;
  std::error_code ec;
  // In a GitHub Actions job, SARIF and annotation paths are resolved against the checkout
  // ($GITHUB_WORKSPACE) wherever the step runs (`working-directory: infra`).
  if (srcroot.empty() && (format == Format::Sarif || format == Format::Github))
    if (const char* ws = std::getenv("GITHUB_WORKSPACE"); ws && *ws && fs::is_directory(ws, ec)) srcroot = ws;
  ro.srcroot = fs::absolute(srcroot.empty() ? fs::current_path(ec) : fs::path(srcroot), ec).lexically_normal().string();
  ro.tool_version = IAMLINT_VERSION;
  ro.data_version = std::string(IamCatalog::instance().data_version());
  ro.homepage = IAMLINT_HOMEPAGE;

  if (format == Format::Sarif) {
    // GitHub code scanning resolves SARIF paths against the checkout: results in a file outside
    // the source root get an absolute file: URI it cannot place.
    fs::path root(ro.srcroot);
    if (!root.has_filename() && root.has_relative_path()) root = root.parent_path();
    for (size_t i = 0; i < results.size(); ++i)
      if (results[i].ours && !inputs[i].stdin_input && !under_srcroot(inputs[i].path, root))
        std::fprintf(stderr,
                     "iamlint: warning: %s lies outside the source root %s; GitHub code scanning cannot place its "
                     "results (run iamlint from the repository root or pass --srcroot)\n",
                     inputs[i].path.c_str(), root.string().c_str());
  }

  Report rep;
  rep.findings = findings;
  rep.notices = notices;
  rep.files_linted = files_linted;
  rep.unused_suppressions = unused;
  rep.source = [&](const std::string& path) -> std::string_view {
    auto it = by_path.find(path);
    return it == by_path.end() ? std::string_view() : std::string_view(texts[it->second]);
  };
  std::string text = render(format, rep, all_rules(), ro);
  // Nothing linted: the text report says what happened instead of "No problems found in 0 files"
  // (a missing path has been reported above; a directory without templates says what it skipped).
  if (format == Format::Text && files_linted == 0 && findings.empty()) {
    size_t not_ours = 0;
    for (size_t i = 0; i < results.size(); ++i)
      if (!results[i].ours && read_errors[i].empty()) ++not_ours;
    size_t skipped = not_ours + collector.skipped_extension + collector.skipped_excluded;
    if (inputs.empty() && !errors.empty() && skipped == 0 && collector.skipped_dirs == 0) {
      text.clear();
    } else {
      auto count = [](size_t n, const char* what) { return std::to_string(n) + " " + what; };
      std::vector<std::string> why;
      if (not_ours) why.push_back(count(not_ours, not_ours == 1 ? "is not a CloudFormation template or IAM policy"
                                                                 : "are not CloudFormation templates or IAM policies"));
      if (collector.skipped_extension)
        why.push_back(count(collector.skipped_extension, "without a .yaml, .yml, .json or .template extension"));
      if (collector.skipped_excluded)
        why.push_back(count(collector.skipped_excluded, "excluded by .iamlint.yaml"));
      text = "No templates or policies found: " + std::to_string(skipped) + (skipped == 1 ? " file" : " files") +
             " skipped";
      for (size_t i = 0; i < why.size(); ++i) text += (i ? ", " : " (") + why[i];
      text += why.empty() ? "" : ")";
      if (collector.skipped_dirs)
        text += "; " + count(collector.skipped_dirs, collector.skipped_dirs == 1 ? "directory" : "directories") +
                " excluded by .iamlint.yaml";
      text += ".\n";
      if (skipped && !opt.verbose) text += "-v lists the files that were not templates or policies.\n";
    }
  }
  if (format == Format::Sarif && findings.size() > kSarifKeptResults)
    std::fprintf(stderr,
                 "iamlint: warning: %zu findings; the SARIF report holds the %zu most severe (GitHub code scanning "
                 "keeps %zu per run) and says how many it left out; --format text shows them all\n",
                 findings.size(), kSarifKeptResults, kSarifKeptResults);
  if (opt.verbose && format != Format::Text)
    for (const auto& nt : notices) {
      if (nt.pos.valid())
        std::fprintf(stderr, "%s:%u:%u: note: %s\n", nt.path.c_str(), nt.pos.line, nt.pos.col, nt.message.c_str());
      else
        std::fprintf(stderr, "%s: note: %s\n", nt.path.c_str(), nt.message.c_str());
    }
  if (opt.verbose && !baseline_file.empty())
    std::fprintf(stderr, "iamlint: %zu finding%s in the baseline %s not reported\n", in_baseline,
                 in_baseline == 1 ? "" : "s", in_baseline == 1 ? "was" : "were");
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
  // Unused suppressions go to standard error, after the report, in file order (the github
  // format has printed them as annotations).
  if (format != Format::Github)
    for (const auto& u : unused)
      std::fprintf(stderr, "%s:%u:%u: warning: %s [iamlint]\n", u.path.c_str(), u.pos.line, u.pos.col, u.message.c_str());

  if (hard_error) return 2;
  return failed ? 1 : 0;
}

}  // namespace iamlint
