#include "lint/config.h"
#include "lint/rule_ref.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "lint/model.h"
#include "lint/rule.h"
#include "parsers/parse.h"

namespace iamlint {
namespace {

namespace fs = std::filesystem;

// Concatenation by appending (GCC 12's -Wrestrict misfires on `"literal" + std::string&&`).
template <class... T>
std::string cat(const T&... parts) {
  std::string s;
  (s.append(std::string_view(parts)), ...);
  return s;
}

// Thrown inside the parser only; parse_config turns it into a returned ConfigError.
struct Bad {
  Pos pos;
  std::string message;
};

[[noreturn]] void fail(const Node* at, std::string message) { throw Bad{at ? at->span.begin : Pos{}, std::move(message)}; }

std::string describe(const Node* n) {
  switch (n->kind) {
    case NodeKind::Null: return "nothing";
    case NodeKind::Scalar: return cat("'", n->text(), "'");
    case NodeKind::Sequence: return "a list";
    case NodeKind::Mapping: return "a mapping";
  }
  return "?";
}

// A list of scalars (null = empty list). Calls `each(item)` for every item.
template <class F>
void for_each_item(const Node* v, std::string_view key, std::string_view what, F each) {
  if (v->is_null()) return;
  if (!v->is_seq()) fail(v, cat("'", key, "' must be a list of ", what, ", not ", describe(v)));
  for (uint32_t i = 0; i < v->count; ++i) {
    const Node* it = v->item(i);
    if (!it->is_scalar())
      fail(it, cat("'", key, "' must be a list of ", what, ", not a list of ",
                   it->is_seq() ? "lists" : it->is_map() ? "mappings" : "nulls"));
    each(it);
  }
}

std::vector<std::string> rule_list(const Node* v, std::string_view key) {
  std::vector<std::string> out;
  for_each_item(v, key, "rule IDs", [&](const Node* it) {
    std::optional<std::string> sel = rule_selector(it->text());
    if (!sel) fail(it, cat("'", it->text(), "' is not a rule ID, prefix or name (see iamlint --list-rules)"));
    out.push_back(std::move(*sel));
  });
  return out;
}

std::vector<std::string> glob_list(const Node* v, std::string_view key) {
  std::vector<std::string> out;
  for_each_item(v, key, "glob patterns", [&](const Node* it) {
    if (it->text().empty()) fail(it, cat("empty pattern in '", key, "'"));
    out.emplace_back(it->text());
  });
  return out;
}

bool valid_action_name(std::string_view a) {
  size_t colon = a.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == a.size()) return false;
  if (a.find(':', colon + 1) != std::string_view::npos) return false;
  for (char c : a)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == ':' || c == '-' || c == '_' || c == '.')) return false;
  return true;
}

void parse_rule_options(const Node* rules, FileConfig& out, std::string_view file_name) {
  if (rules->is_null()) return;
  if (!rules->is_map()) fail(rules, cat("'rules' must be a mapping of rule IDs to options, not ", describe(rules)));
  for (uint32_t i = 0; i < rules->count; ++i) {
    const Node* k = rules->key(i);
    const Node* v = rules->value(i);
    if (!k->is_scalar()) fail(k, "'rules' keys must be rule IDs");
    // An ID or a rule name (a prefix names several rules, which have different options).
    std::optional<std::string> sel = rule_selector(k->text());
    const Rule* r = sel ? find_rule(*sel) : nullptr;
    if (!r) fail(k, cat("'", k->text(), "' is not a rule ID or name (see iamlint --list-rules)"));
    std::string id(r->info.id);
    if (v->is_null()) continue;
    if (!v->is_map()) fail(v, cat("options of ", id, " must be a mapping, not ", describe(v)));
    for (uint32_t j = 0; j < v->count; ++j) {
      const Node* ok = v->key(j);
      const Node* ov = v->value(j);
      std::string name = ok->is_scalar() ? std::string(ok->text()) : std::string("?");
      if (id == "IAM011" && name == "trusted-accounts") {
        for_each_item(ov, name, "12-digit AWS account IDs", [&](const Node* it) {
          std::string_view t = it->text();
          if (t.size() != 12 || !std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; }))
            fail(it, cat("'", t, "' is not a 12-digit AWS account ID"));
          out.trusted_accounts.emplace_back(t);
        });
      } else {
        fail(ok, cat("unknown option '", name, "' for ", id, " in ", file_name,
                     id == "IAM011" ? std::string(" (IAM011 takes: trusted-accounts)") : cat(" (", id, " has no options)")));
      }
    }
  }
}

// access: a list of assertions (IAM030; docs/access.md).
void parse_access(const Node* v, FileConfig& out) {
  if (v->is_null()) return;
  if (!v->is_seq()) fail(v, cat("'access' must be a list of assertions, not ", describe(v)));
  for (uint32_t i = 0; i < v->count; ++i) {
    const Node* it = v->item(i);
    if (!it->is_map()) fail(it, cat("an 'access' assertion must be a mapping, not ", describe(it)));
    AccessAssertion a;
    a.pos = it->span.begin;
    auto strings = [&](const Node* n, std::string_view key) {
      std::vector<std::string> out;
      if (n->is_scalar() && !n->text().empty()) {
        out.emplace_back(n->text());
        return out;
      }
      if (!n->is_seq() || n->count == 0) fail(n, cat("'", key, "' must be a list of actions, not ", describe(n)));
      for (uint32_t j = 0; j < n->count; ++j) {
        const Node* x = n->item(j);
        if (!x->is_scalar() || x->text().empty()) fail(x, cat("'", key, "' must be a list of actions"));
        out.emplace_back(x->text());
      }
      return out;
    };
    for (uint32_t j = 0; j < it->count; ++j) {
      const Node* k = it->key(j);
      const Node* x = it->value(j);
      std::string_view key = k->is_scalar() ? k->text() : std::string_view();
      if (key == "principal" || key == "resource") {
        if (!x->is_scalar() || x->text().empty()) fail(x, cat("'", key, "' must be a name or ARN, not ", describe(x)));
        (key == "principal" ? a.principal : a.resource) = std::string(x->text());
      } else if (key == "allow") {
        a.allow = strings(x, key);
      } else if (key == "deny") {
        a.deny = strings(x, key);
      } else if (key == "public") {
        if (!x->is_scalar() || (x->text() != "false" && x->text() != "true"))
          fail(x, cat("'public' must be true or false, not ", describe(x)));
        a.is_public = x->text() == "true";
      } else if (key == "context") {
        if (!x->is_map()) fail(x, cat("'context' must be a mapping of condition keys to values, not ", describe(x)));
        for (uint32_t c = 0; c < x->count; ++c) {
          std::vector<std::string> vals;
          const Node* cv = x->value(c);
          if (cv->is_scalar()) vals.emplace_back(cv->text());
          else if (cv->is_seq())
            for (uint32_t q = 0; q < cv->count; ++q)
              if (cv->item(q)->is_scalar()) vals.emplace_back(cv->item(q)->text());
          if (vals.empty()) fail(cv, "'context' values must be strings or lists of strings");
          a.context.emplace_back(std::string(x->key(c)->text()), std::move(vals));
        }
      } else {
        fail(k, cat("unknown key '", key, "' in an 'access' assertion (principal, allow, deny, resource, public, context)"));
      }
    }
    if (a.principal.empty() && !a.is_public)
      fail(it, "an 'access' assertion needs a 'principal' (with allow or deny) or a 'resource' with 'public'");
    if (!a.principal.empty() && a.allow.empty() && a.deny.empty())
      fail(it, "an 'access' assertion with a 'principal' needs 'allow' or 'deny'");
    if (a.is_public && a.resource.empty()) fail(it, "'public' needs a 'resource'");
    if (a.is_public && *a.is_public) fail(it, "only 'public: false' can be asserted");
    out.access.push_back(std::move(a));
  }
}

void parse_root(const Node* root, FileConfig& out, std::string_view file_name) {
  if (root->is_null()) return;
  if (!root->is_map()) fail(root, cat(file_name, " must be a mapping of settings, not ", describe(root)));
  for (uint32_t i = 0; i < root->count; ++i) {
    const Node* k = root->key(i);
    const Node* v = root->value(i);
    if (!k->is_scalar()) fail(k, cat("keys of ", file_name, " must be names, not ", describe(k)));
    std::string_view key = k->text();
    if (key == "select") {
      out.select = rule_list(v, key);
    } else if (key == "ignore") {
      out.ignore = rule_list(v, key);
    } else if (key == "fail-on") {
      if (!v->is_scalar()) fail(v, cat("'fail-on' must be one of error, warning, note, never, not ", describe(v)));
      if (v->text() == "error") out.fail_on = 2;
      else if (v->text() == "warning") out.fail_on = 1;
      else if (v->text() == "note") out.fail_on = 0;
      else if (v->text() == "never") out.fail_on = kFailOnNever;
      else fail(v, cat("'fail-on' must be one of error, warning, note, never, not '", v->text(), "'"));
    } else if (key == "exclude") {
      out.exclude = glob_list(v, key);
    } else if (key == "per-file-ignores") {
      if (v->is_null()) continue;
      if (!v->is_map())
        fail(v, cat("'per-file-ignores' must be a mapping of glob patterns to lists of rule IDs, not ", describe(v)));
      for (uint32_t j = 0; j < v->count; ++j) {
        const Node* pk = v->key(j);
        if (!pk->is_scalar() || pk->text().empty()) fail(pk, "'per-file-ignores' keys must be glob patterns");
        out.per_file_ignores.emplace_back(std::string(pk->text()), rule_list(v->value(j), pk->text()));
      }
    } else if (key == "extra-actions") {
      for_each_item(v, key, "actions (service:Action)", [&](const Node* it) {
        if (!valid_action_name(it->text()))
          fail(it, cat("'", it->text(), "' is not an action name (service:Action, no wildcards)"));
        out.extra_actions.emplace_back(it->text());
      });
    } else if (key == "max-file-size") {
      std::string_view t = v->is_scalar() ? v->text() : std::string_view();
      bool digits = !t.empty() && t.size() <= 4 &&
                    std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
      unsigned long mb = digits ? std::stoul(std::string(t)) : 0;
      if (!digits || mb < 1 || mb > 4096)
        fail(v, cat("'max-file-size' must be a number of megabytes from 1 to 4096, not ", describe(v)));
      out.max_file_size = static_cast<uint64_t>(mb) << 20;
    } else if (key == "account") {
      std::string_view t = v->is_scalar() ? v->text() : std::string_view();
      if (t.size() != 12 || !std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; }))
        fail(v, cat("'account' must be a 12-digit AWS account ID (quoted), not ", v->is_scalar() ? cat("'", t, "'") : describe(v)));
      out.account = std::string(t);
    } else if (key == "policy-kinds") {
      if (v->is_null()) continue;
      if (!v->is_map()) fail(v, cat("'policy-kinds' must be a mapping of glob patterns to policy kinds, not ", describe(v)));
      for (uint32_t j = 0; j < v->count; ++j) {
        const Node* pk = v->key(j);
        const Node* pv = v->value(j);
        if (!pk->is_scalar() || pk->text().empty()) fail(pk, "'policy-kinds' keys must be glob patterns");
        std::optional<PolicyKind> kind = pv->is_scalar() ? policy_kind_from_name(pv->text()) : std::nullopt;
        if (!kind) fail(pv, cat("'policy-kinds' values must be one of ", kPolicyKindNames, ", not ", describe(pv)));
        out.policy_kinds.emplace_back(std::string(pk->text()), *kind);
      }
    } else if (key == "rules") {
      parse_rule_options(v, out, file_name);
    } else if (key == "access") {
      parse_access(v, out);
    } else {
      fail(k, cat("unknown key '", key, "' in ", file_name));
    }
  }
}

bool match_class(const char*& p, const char* pe, char c, bool& ok) {
  // p points at '['. On a malformed class (no ']'), returns false: '[' is then a literal.
  const char* q = p + 1;
  bool negate = false;
  if (q < pe && (*q == '!' || *q == '^')) negate = true, ++q;
  bool matched = false;
  bool first = true;
  while (q < pe && (*q != ']' || first)) {
    first = false;
    char lo = *q;
    if (lo == '\\' && q + 1 < pe) lo = *++q;
    char hi = lo;
    if (q + 2 < pe && q[1] == '-' && q[2] != ']') {
      hi = q[2];
      if (hi == '\\' && q + 3 < pe) hi = q[3], ++q;
      q += 2;
    }
    if (lo <= c && c <= hi) matched = true;
    ++q;
  }
  if (q >= pe) return false;
  p = q + 1;
  ok = (matched != negate) && c != '/';
  return true;
}

bool glob_at(const char* p, const char* pe, const char* s, const char* se) {
  while (p < pe) {
    if (*p == '*') {
      if (p + 1 < pe && p[1] == '*') {
        p += 2;
        while (p < pe && *p == '*') ++p;
        if (p < pe && *p == '/') {
          // `**/`: zero or more whole directories.
          if (glob_at(p + 1, pe, s, se)) return true;
          for (const char* t = s; t < se; ++t)
            if (*t == '/' && glob_at(p + 1, pe, t + 1, se)) return true;
          return false;
        }
        for (const char* t = s;; ++t) {
          if (glob_at(p, pe, t, se)) return true;
          if (t == se) return false;
        }
      }
      ++p;
      for (const char* t = s;; ++t) {
        if (glob_at(p, pe, t, se)) return true;
        if (t == se || *t == '/') return false;
      }
    }
    if (s == se) return false;
    if (*p == '?') {
      if (*s == '/') return false;
      ++p, ++s;
      continue;
    }
    if (*p == '[') {
      bool ok = false;
      const char* q = p;
      if (match_class(q, pe, *s, ok)) {
        if (!ok) return false;
        p = q, ++s;
        continue;
      }
    }
    if (*p == '\\' && p + 1 < pe) ++p;
    if (*p != *s) return false;
    ++p, ++s;
  }
  return s == se;
}

}  // namespace

std::string ConfigError::format() const {
  if (pos.valid())
    return cat(path, ":", std::to_string(pos.line), ":", std::to_string(pos.col), ": error: ", message);
  return cat(path, ": error: ", message);
}

bool valid_rule_selector(std::string_view id) { return rule_selector(id).has_value(); }

bool glob_match(std::string_view pattern, std::string_view path) {
  return glob_at(pattern.data(), pattern.data() + pattern.size(), path.data(), path.data() + path.size());
}

bool path_pattern_match(std::string_view pattern, std::string_view rel) {
  while (pattern.substr(0, 2) == "./") pattern.remove_prefix(2);
  bool anchored = false;
  while (!pattern.empty() && pattern.front() == '/') pattern.remove_prefix(1), anchored = true;
  while (!pattern.empty() && pattern.back() == '/') pattern.remove_suffix(1);
  if (pattern.empty()) return false;
  while (!rel.empty() && rel.front() == '/') rel.remove_prefix(1);
  if (!anchored && pattern.find('/') == std::string_view::npos) {
    // Any component.
    size_t start = 0;
    while (start <= rel.size()) {
      size_t end = rel.find('/', start);
      if (end == std::string_view::npos) end = rel.size();
      if (glob_match(pattern, rel.substr(start, end - start))) return true;
      start = end + 1;
    }
    return false;
  }
  // The whole path or a leading directory prefix.
  for (size_t end = rel.find('/'); end != std::string_view::npos; end = rel.find('/', end + 1))
    if (glob_match(pattern, rel.substr(0, end))) return true;
  return glob_match(pattern, rel);
}

std::string FileConfig::match_path(const fs::path& file) const {
  fs::path rel = file.lexically_relative(dir);
  if (rel.empty() || *rel.begin() == "..") return file.generic_string();
  return rel.generic_string();
}

bool FileConfig::excluded(const fs::path& file) const {
  if (exclude.empty()) return false;
  std::string rel = match_path(file);
  return std::any_of(exclude.begin(), exclude.end(), [&](const std::string& g) { return path_pattern_match(g, rel); });
}

std::vector<std::string> FileConfig::ignores_for(const fs::path& file) const {
  std::vector<std::string> out;
  if (per_file_ignores.empty()) return out;
  std::string rel = match_path(file);
  for (const auto& [glob, ids] : per_file_ignores)
    if (path_pattern_match(glob, rel)) out.insert(out.end(), ids.begin(), ids.end());
  return out;
}

std::optional<PolicyKind> FileConfig::policy_kind_for(const fs::path& file) const {
  if (policy_kinds.empty()) return std::nullopt;
  std::string rel = match_path(file);
  for (const auto& [glob, kind] : policy_kinds)
    if (path_pattern_match(glob, rel)) return kind;
  return std::nullopt;
}

std::optional<ConfigError> parse_config(std::string_view text, const std::string& path, FileConfig& out) {
  out.path = path;
  std::error_code ec;
  out.dir = fs::absolute(fs::path(path), ec).lexically_normal().parent_path();
  std::string file_name = fs::path(path).filename().string();
  if (auto bad = check_text(text)) return ConfigError{path, bad->pos, cat("not a UTF-8 text file: ", bad->message)};
  ParseResult pr = parse_yaml(text);
  if (pr.error) return ConfigError{path, pr.error->pos, pr.error->message};
  if (pr.documents.size() > 1)
    return ConfigError{path, pr.documents[1]->span.begin, cat(file_name, " must hold one YAML document")};
  if (pr.documents.empty()) return std::nullopt;
  try {
    parse_root(pr.documents[0], out, file_name);
  } catch (const Bad& b) {
    return ConfigError{path, b.pos, b.message};
  }
  return std::nullopt;
}

std::optional<ConfigError> load_config(const std::string& path, FileConfig& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return ConfigError{path, {}, cat("cannot read: ", std::strerror(errno))};
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return ConfigError{path, {}, "cannot read: read error"};
  std::string text = std::move(ss).str();
  return parse_config(text, path, out);
}

std::optional<ConfigError> ConfigFinder::use_file(const std::string& path) {
  auto c = std::make_unique<FileConfig>();
  std::error_code ec;
  if (fs::is_directory(path, ec)) return ConfigError{path, {}, "is a directory, not a config file"};
  if (auto err = load_config(path, *c)) return err;
  explicit_ = std::move(c);
  return std::nullopt;
}

const FileConfig* ConfigFinder::for_directory(const fs::path& dir, std::optional<ConfigError>& err) {
  if (disabled_) return nullptr;
  if (explicit_) return explicit_.get();
  std::string key = dir.string();
  if (have_last_ && key == last_dir_) return last_;
  std::vector<std::string> visited;
  const FileConfig* found = nullptr;
  fs::path d = dir;
  for (;;) {
    std::string dk = d.string();
    if (auto it = by_dir_.find(dk); it != by_dir_.end()) {
      found = it->second;
      break;
    }
    visited.push_back(dk);
    ++probes_;
    fs::path candidate = d / kConfigFileName;
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec)) {
      auto c = std::make_unique<FileConfig>();
      // Report the config path relative to the current directory when the file is beneath it.
      std::string shown = candidate.string();
      fs::path cwd = fs::current_path(ec);
      if (!ec) {
        fs::path rel = candidate.lexically_relative(cwd);
        if (!rel.empty() && *rel.begin() != "..") shown = rel.string();
      }
      if (auto e = load_config(shown, *c)) {
        err = std::move(e);
        return nullptr;
      }
      c->dir = d;
      found = c.get();
      loaded_[candidate.string()] = std::move(c);
      break;
    }
    fs::path parent = d.parent_path();
    if (parent == d || parent.empty()) break;
    d = std::move(parent);
  }
  for (auto& v : visited) by_dir_[v] = found;
  have_last_ = true;
  last_dir_ = key;
  last_ = found;
  return found;
}

}  // namespace iamlint
