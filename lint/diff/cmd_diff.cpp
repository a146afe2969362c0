// `iamlint diff`: the permission diff of a change (docs/diff.md is its contract).
//
//   iamlint diff OLD NEW [--format text|markdown|json|sarif] [--fail-on-new-access never|sensitive|any]
//   iamlint diff --base GITREF [PATH...]      GITREF's version (git show) against the working tree
#include "lint/diff/cmd_diff.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>

#include "lint/access/load.h"
#include "lint/config.h"
#include "lint/diff/diff.h"
#include "lint/json_quote.h"

namespace iamlint::diff {
namespace {

namespace fs = std::filesystem;

constexpr const char* kDiffUsage = R"(usage: iamlint diff OLD NEW [options]
       iamlint diff --base GITREF [PATH...] [options]

Shows what a change grants: per principal, the access NEW allows that OLD did not ("added") and
the reverse ("removed"), each with a witness the access evaluator confirms; per resource, who its
resource policy newly lets in. OLD and NEW are files or directories (matched by path relative to
each root). With --base, OLD is GITREF's version of PATH (default .) and NEW the working tree.

options:
  --format FORMAT               text (default), markdown, json or sarif
  --fail-on-new-access LEVEL    exit 1 when added access reaches LEVEL: never (default), sensitive, any
  --account ACCOUNT             the files' own account (default: a symbol, "this account")
  -o, --output FILE             write the report to FILE
  -h, --help                    this help

Directories are walked for *.yaml *.yml *.json *.template; the nearest .iamlint.yaml's exclude
applies to what a walk finds. Exit status: 0 compared (and nothing at the --fail-on-new-access
level), 1 added access at that level, 2 usage error, a missing path, a file that does not parse, a
bad .iamlint.yaml, or a git error. More: docs/diff.md.
)";

struct Usage {
  std::string message;
};

std::string json_str(std::string_view s) { return json_quote(s); }

std::string json_list(const std::vector<std::string>& v) {
  std::string o = "[";
  for (size_t i = 0; i < v.size(); ++i) o += (i ? ", " : "") + json_str(v[i]);
  return o + "]";
}

std::string json_context(const std::vector<std::pair<std::string, std::string>>& ctx) {
  // {"key": value} or {"key": [v1, v2]} for a multi-valued key.
  std::map<std::string, std::vector<std::string>> by;
  for (const auto& [k, v] : ctx) by[k].push_back(v);
  std::string o = "{";
  bool first = true;
  for (const auto& [k, vs] : by) {
    o += (first ? "" : ", ") + json_str(k) + ": " + (vs.size() == 1 ? json_str(vs[0]) : json_list(vs));
    first = false;
  }
  return o + "}";
}

std::string context_text(const Witness& w) {
  const auto& ctx = w.context;
  if (!w.context_given) return {};
  if (ctx.empty()) return " with no condition key in the request";
  std::string o = " with context";
  for (size_t i = 0; i < ctx.size(); ++i) o += (i ? ", " : " ") + ctx[i].first + "=" + ctx[i].second;
  return o + " (other keys absent)";
}

bool lintable(const fs::path& p) {
  std::string e = p.extension().string();
  for (auto& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return e == ".yaml" || e == ".yml" || e == ".json" || e == ".template";
}

// One side of the comparison: files by key (path relative to the root), their models and world.
struct Side {
  std::string root;                     // as given (for display paths)
  std::string ref;                      // with --base, OLD's GITREF (named in its parse errors)
  std::map<std::string, std::string> files;  // key -> text
  access::LoadedFiles loaded;
  access::World world;
};

bool read_all(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

// The `exclude` of the nearest .iamlint.yaml, as the lint command applies it: to files and
// directories found by walking a directory, not to files named on the command line (a fixture
// directory of deliberately broken templates must not make every diff exit 2).
struct Excluder {
  struct Failure {
    std::string message;
  };
  ConfigFinder finder;
  fs::path cwd;
  Excluder() {
    std::error_code ec;
    cwd = fs::current_path(ec);
  }
  bool excluded(const fs::path& p) {
    fs::path abs = (p.is_absolute() ? p : cwd / p).lexically_normal();
    if (!abs.has_filename() && abs.has_relative_path()) abs = abs.parent_path();
    std::optional<ConfigError> err;
    const FileConfig* c = finder.for_directory(abs.parent_path(), err);
    if (err) throw Failure{err->format()};
    return c && c->excluded(abs);
  }
};

void collect_dir(const fs::path& root, std::map<std::string, std::string>& out, Excluder& excl) {
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    const fs::path& p = it->path();
    std::string name = p.filename().string();
    if (it->is_directory() && (name == ".git" || name == "node_modules" || name == "cdk.out.tmp" || excl.excluded(p))) {
      it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file() || !lintable(p) || name == ".iamlint.yaml" || name == ".pre-commit-config.yaml") continue;
    if (excl.excluded(p)) continue;
    std::string text;
    if (!read_all(p.string(), text)) continue;
    out[fs::relative(p, root).generic_string()] = std::move(text);
  }
}

// Runs a command without a shell; its standard output, or nullopt when it fails.
std::optional<std::string> run_capture(const std::vector<std::string>& args, std::string* err) {
  int out_pipe[2];
  if (pipe(out_pipe) != 0) return std::nullopt;
  pid_t pid = fork();
  if (pid < 0) return std::nullopt;
  if (pid == 0) {
    dup2(out_pipe[1], 1);
    close(out_pipe[0]);
    close(out_pipe[1]);
    std::vector<char*> av;
    for (const auto& a : args) av.push_back(const_cast<char*>(a.c_str()));
    av.push_back(nullptr);
    execvp(av[0], av.data());
    _exit(127);
  }
  close(out_pipe[1]);
  std::string out;
  char buf[65536];
  ssize_t n;
  while ((n = read(out_pipe[0], buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  close(out_pipe[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    if (err) *err = args[0] + " " + args[1] + " failed (exit " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")";
    return std::nullopt;
  }
  return out;
}

std::string display_path(const Side& s, const std::string& key) {
  if (s.root.empty() || s.root == ".") return key;
  if (fs::is_regular_file(s.root)) return s.root;
  return (fs::path(s.root) / key).generic_string();
}

// Parses one side's files and builds its world. Errors ("key:line:col: error: ...") are reported
// with the path the user gave (OLD as a file is read under NEW's name: its key is not its path).
void load_side(Side& s, const std::string& account, std::vector<std::string>& errors) {
  for (auto& [key, text] : s.files) {
    std::vector<std::string> errs;
    access::load_text(key, std::move(text), s.loaded, &errs);
    for (auto& e : errs)
      errors.push_back(e.compare(0, key.size(), key) == 0
                           ? (s.ref.empty() ? display_path(s, key) : s.ref + ":" + key) + e.substr(key.size())
                           : e);
  }
  access::WorldOptions wo;
  wo.account = account;
  s.world.build(s.loaded.models(), wo);
}

std::string loc_text(const std::string& path, uint32_t line) {
  return line ? path + ":" + std::to_string(line) : path;
}

std::string join(const std::vector<std::string>& v, std::string_view sep, size_t max = SIZE_MAX) {
  std::string o;
  for (size_t i = 0; i < v.size() && i < max; ++i) o += (i ? std::string(sep) : std::string()) + v[i];
  if (v.size() > max) o += std::string(sep) + "and " + std::to_string(v.size() - max) + " more";
  return o;
}

// ---- formats -------------------------------------------------------------------------------------

void print_text(std::ostream& os, const DiffResult& r, const Side& news, const Side& olds) {
  if (r.principals.empty() && r.resources.empty()) {
    os << "No change in access.\n";
    return;
  }
  size_t gain = 0, lose = 0;
  for (const auto& p : r.principals) {
    if (!p.added.empty()) ++gain;
    if (!p.removed.empty()) ++lose;
  }
  for (const auto& p : r.principals) {
    os << p.principal << " (" << p.file;
    if (!p.renamed_from.empty()) os << ", renamed from " << p.renamed_from;
    if (p.status == "added") os << ", new";
    if (p.status == "removed") os << ", removed";
    os << ")\n";
    for (const auto& a : p.added) {
      os << "  + " << (a.sensitive ? "SENSITIVE (" + a.why + ") " : std::string()) << join(a.actions, ", ", 8) << " on "
         << join(a.resources, ", ", 4);
      if (!a.conditions.empty()) os << " if " << join(a.conditions, " and ");
      os << "\n      witness: " << a.witness.action << " on " << a.witness.resource << context_text(a.witness)
         << " is " << a.witness.new_decision
         << " (was " << a.witness.old_decision << "), " << a.policy << " ("
         << loc_text(display_path(news, a.path), a.line) << ")\n";
    }
    for (const auto& a : p.removed) {
      os << "  - " << join(a.actions, ", ", 8) << " on " << join(a.resources, ", ", 4);
      if (!a.conditions.empty()) os << " if " << join(a.conditions, " and ");
      os << "  (" << a.policy << ", was " << loc_text(display_path(olds, a.path), a.line) << ")\n";
    }
  }
  for (const auto& res : r.resources) {
    os << res.resource << " (" << res.file << ", " << res.type << ")\n";
    for (const auto& e : res.exposure_added) os << "  + reachable by " << e << "\n";
    for (const auto& e : res.exposure_removed) os << "  - no longer reachable by " << e << "\n";
  }
  os << gain << " principal" << (gain == 1 ? "" : "s") << " gain access, " << lose << " lose access, "
     << r.resources.size() << " resource" << (r.resources.size() == 1 ? "" : "s") << " with changed exposure.\n";
}

std::string md_cell(std::string s) {
  std::string o;
  for (char c : s) {
    if (c == '|') o += "\\|";
    else if (c == '\n') o += ' ';
    else o += c;
  }
  return o;
}

std::string md_code_list(const std::vector<std::string>& v, size_t max) {
  std::vector<std::string> q;
  for (const auto& s : v) q.push_back("`" + md_cell(s) + "`");
  return join(q, ", ", max);
}

void print_markdown(std::ostream& os, const DiffResult& r, const Side& news, const Side& olds) {
  os << "## iamlint diff: access changes\n\n";
  if (r.principals.empty() && r.resources.empty()) {
    os << "No change in access.\n";
    return;
  }
  bool sens = r.sensitive_added();
  os << (sens ? "**This change grants sensitive access.** " : "") << "Added access comes with a witness: one action and "
     << "resource the new version allows and the old one does not, confirmed by iamlint's access evaluator.\n\n";
  for (const auto& p : r.principals) {
    os << "### " << (p.sensitive() ? "⚠️ " : "") << "`" << p.principal << "` (" << p.file;
    if (!p.renamed_from.empty()) os << ", renamed from `" << p.renamed_from << "`";
    if (p.status == "added") os << ", new";
    if (p.status == "removed") os << ", removed";
    os << ")\n\n| | actions | resources | conditions | witness | granted at |\n|---|---|---|---|---|---|\n";
    for (const auto& a : p.added)
      os << "| " << (a.sensitive ? "**added, sensitive** (" + a.why + ")" : std::string("added")) << " | "
         << md_code_list(a.actions, 10) << " | " << md_code_list(a.resources, 5) << " | " << md_cell(join(a.conditions, "; "))
         << " | `" << md_cell(a.witness.action) << "` on `" << md_cell(a.witness.resource) << "`"
         << md_cell(context_text(a.witness)) << " | " << md_cell(loc_text(display_path(news, a.path), a.line)) << " |\n";
    for (const auto& a : p.removed)
      os << "| removed | " << md_code_list(a.actions, 10) << " | " << md_code_list(a.resources, 5) << " | "
         << md_cell(join(a.conditions, "; ")) << " | `" << md_cell(a.witness.action) << "` on `" << md_cell(a.witness.resource)
         << "` | " << md_cell(loc_text(display_path(olds, a.path), a.line)) << " (old) |\n";
    os << "\n";
  }
  if (!r.resources.empty()) {
    os << "### Resource exposure\n\n| resource | file | newly reachable by | no longer reachable by |\n|---|---|---|---|\n";
    for (const auto& res : r.resources)
      os << "| " << (res.sensitive() ? "⚠️ " : "") << "`" << res.resource << "` | " << md_cell(res.file) << " | "
         << md_cell(join(res.exposure_added, ", ")) << " | " << md_cell(join(res.exposure_removed, ", ")) << " |\n";
    os << "\n";
  }
}

// `removed` items were computed the other way round (OLD as the grantor): their witness's
// decisions are swapped back so that "new" is always the new version's decision.
void json_items(std::ostream& os, const std::vector<AccessItem>& items, const Side& side, bool removed) {
  os << "[";
  for (size_t i = 0; i < items.size(); ++i) {
    const auto& a = items[i];
    os << (i ? ",\n      " : "\n      ") << "{\"actions\": " << json_list(a.actions) << ", \"resources\": " << json_list(a.resources)
       << ", \"conditions\": " << json_list(a.conditions) << ", \"sensitive\": " << (a.sensitive ? "true" : "false")
       << ", \"why\": " << json_str(a.why) << ", \"witness\": {\"action\": " << json_str(a.witness.action)
       << ", \"resource\": " << json_str(a.witness.resource) << ", \"context\": " << json_context(a.witness.context) << ", \"new\": "
       << json_str(removed ? a.witness.old_decision : a.witness.new_decision)
       << ", \"old\": " << json_str(removed ? a.witness.new_decision : a.witness.old_decision) << "}, \"path\": " << json_str(display_path(side, a.path))
       << ", \"line\": " << a.line << ", \"column\": " << a.column << ", \"policy\": " << json_str(a.policy) << "}";
  }
  os << (items.empty() ? "]" : "\n    ]");
}

void print_json(std::ostream& os, const DiffResult& r, const Side& news, const Side& olds) {
  os << "{\"principals\": [";
  for (size_t i = 0; i < r.principals.size(); ++i) {
    const auto& p = r.principals[i];
    os << (i ? ",\n  " : "\n  ") << "{\"principal\": " << json_str(p.principal) << ", \"file\": " << json_str(p.file)
       << ", \"type\": " << json_str(p.type) << ", \"status\": " << json_str(p.status)
       << ", \"renamed_from\": " << (p.renamed_from.empty() ? "null" : json_str(p.renamed_from)) << ",\n    \"added\": ";
    json_items(os, p.added, news, false);
    os << ",\n    \"removed\": ";
    json_items(os, p.removed, olds, true);
    os << "}";
  }
  os << (r.principals.empty() ? "]" : "\n]") << ",\n\"resources\": [";
  for (size_t i = 0; i < r.resources.size(); ++i) {
    const auto& res = r.resources[i];
    os << (i ? ",\n  " : "\n  ") << "{\"resource\": " << json_str(res.resource) << ", \"file\": " << json_str(res.file)
       << ", \"type\": " << json_str(res.type) << ", \"exposure_added\": " << json_list(res.exposure_added)
       << ", \"exposure_removed\": " << json_list(res.exposure_removed) << "}";
  }
  os << (r.resources.empty() ? "]" : "\n]") << "}\n";
}

// A file URI path: percent-encodes what is not unreserved or '/'.
std::string uri_path(std::string_view p) {
  std::string o;
  for (unsigned char c : p) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '.' || c == '_' || c == '~') {
      o += static_cast<char>(c);
    } else {
      char b[4];
      std::snprintf(b, sizeof b, "%%%02X", c);
      o += b;
    }
  }
  return o;
}

uint64_t fnv1a(std::string_view s, uint64_t h = 1469598103934665603ull) {
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

// SARIF for code scanning: added access at the granting statement, new exposure at the resource
// policy. URIs are relative to `srcroot` (%SRCROOT%: the git top level with --base, else the
// current directory); fingerprints hash what was granted to whom, not line numbers, so an alert
// survives edits above it.
void print_sarif(std::ostream& os, const DiffResult& r, const Side& news, const fs::path& srcroot) {
  struct Res {
    std::string rule, level, message, path, key;
    uint32_t line, column;
  };
  std::vector<Res> results;
  for (const auto& p : r.principals)
    for (const auto& a : p.added) {
      std::string msg = p.principal + " gains " + join(a.actions, ", ", 8) + " on " + join(a.resources, ", ", 4) +
                        (a.sensitive ? " (sensitive: " + a.why + ")" : std::string()) + "; witness: " + a.witness.action +
                        " on " + a.witness.resource + " is " + a.witness.new_decision + ", was " + a.witness.old_decision + ".";
      std::string key = p.file + "\n" + p.principal + "\n" + join(a.actions, ",") + "\n" + join(a.resources, ",");
      results.push_back({a.sensitive ? "new-sensitive-access" : "new-access", a.sensitive ? "warning" : "note", msg,
                         display_path(news, a.path), key, a.line ? a.line : 1, a.column ? a.column : 1});
    }
  for (const auto& res : r.resources)
    if (!res.exposure_added.empty())
      results.push_back({"new-exposure", "warning",
                         res.resource + " becomes reachable by " + join(res.exposure_added, ", ") + ".",
                         display_path(news, res.path.empty() ? res.file : res.path),
                         res.file + "\n" + res.resource + "\n" + join(res.exposure_added, ","), res.line ? res.line : 1,
                         res.column ? res.column : 1});
  std::error_code ec;
  fs::path cwd = fs::current_path(ec);
  fs::path root = (srcroot.empty() ? cwd : srcroot).lexically_normal();
  std::string root_uri = "file://" + uri_path(root.generic_string());
  if (root_uri.back() != '/') root_uri += '/';
  const std::string help = std::string(IAMLINT_HOMEPAGE) + "/blob/main/docs/diff.md";
  auto rule = [&](const char* id, const char* name, const char* short_text, const char* full, const char* level,
                  const char* severity, const char* precision) {
    std::string md = std::string(full) + "\n\nSee [iamlint diff](" + help + ").";
    std::string o = std::string("      {\"id\": ") + json_str(id) + ", \"name\": " + json_str(name) +
                    ", \"shortDescription\": {\"text\": " + json_str(short_text) + "}, \"fullDescription\": {\"text\": " +
                    json_str(full) + "}, \"help\": {\"text\": " + json_str(std::string(full) + " See " + help) +
                    ", \"markdown\": " + json_str(md) + "}, \"helpUri\": " + json_str(help) +
                    ", \"defaultConfiguration\": {\"level\": " + json_str(level) + "}, \"properties\": {\"precision\": " +
                    json_str(precision) + ", \"tags\": [\"security\", \"iam\"], \"security-severity\": " + json_str(severity);
    return o + "}}";
  };
  os << "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [{\n"
     << "    \"tool\": {\"driver\": {\"name\": \"iamlint\", \"version\": " << json_str(IAMLINT_VERSION)
     << ", \"informationUri\": " << json_str(IAMLINT_HOMEPAGE) << ", \"rules\": [\n"
     << rule("new-sensitive-access", "NewSensitiveAccess",
             "The change grants sensitive access (permissions management, writes on *, PassRole)",
             "This change lets a principal do something sensitive it could not do before: a permissions-management "
             "action, a write on every resource, or iam:PassRole. The witness is one action and resource the new "
             "version allows and the old one does not, confirmed by iamlint's access evaluator.",
             "warning", "7.5", "very-high")
     << ",\n"
     << rule("new-access", "NewAccess", "The change grants access a principal did not have",
             "This change lets a principal do something it could not do before. The witness is one action and resource "
             "the new version allows and the old one does not, confirmed by iamlint's access evaluator.",
             "note", "3.0", "very-high")
     << ",\n"
     << rule("new-exposure", "NewExposure", "A resource policy lets in new principals (public, another account, a service)",
             "This change lets new principals reach a resource through its resource policy: everyone, another AWS "
             "account, or a service.",
             "warning", "8.0", "high")
     << "]}},\n    \"originalUriBaseIds\": {\"%SRCROOT%\": {\"uri\": " << json_str(root_uri) << "}},\n    \"results\": [";
  std::map<std::string, uint32_t> seen;
  for (size_t i = 0; i < results.size(); ++i) {
    const auto& x = results[i];
    fs::path p(x.path);
    fs::path abs = (p.is_absolute() ? p : cwd / p).lexically_normal();
    fs::path rel = abs.lexically_relative(root);
    bool under = !rel.empty() && *rel.begin() != "..";
    std::string loc = under ? "{\"uri\": " + json_str(uri_path(rel.generic_string())) + ", \"uriBaseId\": \"%SRCROOT%\"}"
                            : "{\"uri\": " + json_str("file://" + uri_path(abs.generic_string())) + "}";
    char hash[24];
    std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(fnv1a(x.rule + "\n" + x.key)));
    std::string fp = hash;
    if (uint32_t n = ++seen[fp]; n > 1) fp += ":" + std::to_string(n);
    os << (i ? ",\n" : "\n") << "      {\"ruleId\": " << json_str(x.rule) << ", \"level\": " << json_str(x.level)
       << ", \"message\": {\"text\": " << json_str(x.message) << "}, \"locations\": [{\"physicalLocation\": {"
       << "\"artifactLocation\": " << loc << ", \"region\": {\"startLine\": " << x.line << ", \"startColumn\": " << x.column
       << "}}}], \"partialFingerprints\": {\"primaryLocationLineHash\": " << json_str(fp) << "}}";
  }
  os << (results.empty() ? "]" : "\n    ]") << "\n  }]\n}\n";
}

}  // namespace

int run_diff(int argc, char** argv) {
  std::string format = "text", fail_on = "never", base, account, output, oracle_file;
  std::vector<std::string> paths;
  try {
    auto need = [&](int& i, const std::string& name) -> std::string {
      if (i + 1 >= argc) throw Usage{"option " + name + " needs a value"};
      return argv[++i];
    };
    for (int i = 1; i < argc; ++i) {
      std::string a = argv[i];
      auto eq = a.find('=');
      std::string name = a.rfind("--", 0) == 0 && eq != std::string::npos ? a.substr(0, eq) : a;
      auto value = [&]() { return eq != std::string::npos && a.rfind("--", 0) == 0 ? a.substr(eq + 1) : need(i, name); };
      if (a == "-h" || a == "--help") {
        std::cout << kDiffUsage;
        return 0;
      } else if (name == "--format") {
        format = value();
        if (format != "text" && format != "markdown" && format != "json" && format != "sarif")
          throw Usage{"unknown format '" + format + "' (text, markdown, json or sarif)"};
      } else if (name == "--fail-on-new-access") {
        fail_on = value();
        if (fail_on != "never" && fail_on != "sensitive" && fail_on != "any")
          throw Usage{"--fail-on-new-access takes never, sensitive or any, not '" + fail_on + "'"};
      } else if (name == "--base") {
        base = value();
      } else if (name == "--account") {
        account = value();
      } else if (name == "--oracle-cases") {  // test hook (tests/diff/), not in --help
        oracle_file = value();
      } else if (name == "-o" || name == "--output") {
        output = value();
      } else if (a.size() > 1 && a[0] == '-') {
        throw Usage{"unknown option '" + a + "'"};
      } else {
        paths.push_back(a);
      }
    }
    if (base.empty() && paths.size() != 2) throw Usage{"give OLD and NEW, or --base GITREF [PATH...]"};
  } catch (const Usage& u) {
    std::cerr << "iamlint diff: " << u.message << "\n" << kDiffUsage;
    return 2;
  }

  Side olds, news;
  std::vector<std::string> errors;
  Excluder excl;
  fs::path srcroot;  // SARIF's %SRCROOT%: the git top level with --base, else the current directory
  try {
    if (base.empty()) {
      olds.root = paths[0];
      news.root = paths[1];
      for (Side* s : {&olds, &news}) {
        std::error_code ec;
        if (!fs::exists(s->root, ec)) {
          std::cerr << "iamlint diff: " << s->root << ": no such file or directory\n";
          return 2;
        }
      }
      bool old_file = fs::is_regular_file(olds.root), new_file = fs::is_regular_file(news.root);
      if (old_file != new_file) {
        std::cerr << "iamlint diff: OLD and NEW must both be files or both be directories\n";
        return 2;
      }
      if (old_file) {
        // Two files: one key, the new file's name.
        std::string key = fs::path(news.root).filename().string(), t;
        if (!read_all(olds.root, t)) {
          std::cerr << "iamlint diff: " << olds.root << ": cannot read\n";
          return 2;
        }
        olds.files[key] = t;
        if (!read_all(news.root, t)) {
          std::cerr << "iamlint diff: " << news.root << ": cannot read\n";
          return 2;
        }
        news.files[key] = t;
      } else {
        collect_dir(olds.root, olds.files, excl);
        collect_dir(news.root, news.files, excl);
      }
    } else {
      if (paths.empty()) paths.push_back(".");
      std::string err;
      if (!run_capture({"git", "rev-parse", "--verify", "--quiet", base + "^{commit}"}, &err)) {
        std::cerr << "iamlint diff: --base " << base << ": not a commit of this git repository\n";
        return 2;
      }
      for (const auto& p : paths) {
        std::error_code ec;
        if (fs::is_regular_file(p, ec)) {
          std::string t;
          if (read_all(p, t)) news.files[fs::path(p).lexically_normal().generic_string()] = t;
        } else if (fs::is_directory(p, ec)) {
          std::map<std::string, std::string> m;
          collect_dir(p, m, excl);
          for (auto& [k, v] : m) news.files[(fs::path(p) / k).lexically_normal().generic_string()] = std::move(v);
        }
        // ls-tree prints paths relative to the current directory.
        auto listing = run_capture({"git", "ls-tree", "-r", "--name-only", base, "--", p}, &err);
        if (!listing) {
          std::cerr << "iamlint diff: " << err << "\n";
          return 2;
        }
        if (listing->empty() && !fs::exists(p, ec)) {
          std::cerr << "iamlint diff: " << p << ": no such file or directory (in the working tree or in " << base << ")\n";
          return 2;
        }
        std::istringstream ls(*listing);
        std::string f;
        while (std::getline(ls, f)) {
          if (f.empty() || !lintable(f)) continue;
          std::string name = fs::path(f).filename().string();
          if (name == ".iamlint.yaml" || name == ".pre-commit-config.yaml") continue;
          // Judged by the working tree's .iamlint.yaml, unless the file itself was named.
          if (fs::path(f).lexically_normal() != fs::path(p).lexically_normal() && excl.excluded(f)) continue;
          auto text = run_capture({"git", "show", base + ":./" + f}, &err);
          if (text) olds.files[fs::path(f).lexically_normal().generic_string()] = *text;
        }
      }
      if (auto top = run_capture({"git", "rev-parse", "--show-toplevel"}, &err)) {
        while (!top->empty() && (top->back() == '\n' || top->back() == '\r')) top->pop_back();
        srcroot = *top;
      }
      olds.root = ".";
      olds.ref = base;
      news.root = ".";
    }
  } catch (const Excluder::Failure& f) {
    std::cerr << f.message << "\n";
    return 2;
  }
  {
    // The two sides are independent: OLD on a second thread (a 500-resource template is ~25 ms
    // of parsing and model building per side).
    std::vector<std::string> old_errors;
    std::thread old_loader([&] { load_side(olds, account, old_errors); });
    load_side(news, account, errors);
    old_loader.join();
    errors.insert(errors.begin(), old_errors.begin(), old_errors.end());
  }
  if (!errors.empty()) {
    for (const auto& e : errors) std::cerr << e << "\n";
    return 2;
  }
  DiffOptions dopt;
  std::vector<std::string> cases;
  if (!oracle_file.empty()) dopt.oracle_cases = &cases;
  DiffResult r = compute(olds.world, news.world, dopt);
  if (!oracle_file.empty()) {
    std::ofstream of(oracle_file, std::ios::binary);
    for (const auto& c : cases) of << c << "\n";
  }

  std::ofstream file;
  std::ostream* os = &std::cout;
  if (!output.empty()) {
    file.open(output, std::ios::binary);
    if (!file) {
      std::cerr << "iamlint diff: cannot write " << output << "\n";
      return 2;
    }
    os = &file;
  }
  if (format == "json") print_json(*os, r, news, olds);
  else if (format == "markdown") print_markdown(*os, r, news, olds);
  else if (format == "sarif") print_sarif(*os, r, news, srcroot);
  else print_text(*os, r, news, olds);
  os->flush();
  if (fail_on == "any" && r.any_added()) return 1;
  if (fail_on == "sensitive" && r.sensitive_added()) return 1;
  return 0;
}

}  // namespace iamlint::diff
