#include "lint/engine.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <set>

#include "lint/iam/catalog.h"
#include "lint/model.h"
#include "lint/sink.h"
#include "parsers/parse.h"

namespace iamlint {
namespace {

std::string upper(std::string_view s) {
  std::string o(s);
  for (auto& c : o) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return o;
}

bool ends_with(std::string_view s, std::string_view suf) {
  return s.size() >= suf.size() && s.substr(s.size() - suf.size()) == suf;
}

InputFormat detect_format(const std::string& path, std::string_view text) {
  std::string p = path;
  for (auto& c : p) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ends_with(p, ".json")) return InputFormat::Json;
  if (ends_with(p, ".yaml") || ends_with(p, ".yml")) return InputFormat::Yaml;
  size_t i = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  if (i < text.size() && (text[i] == '{' || text[i] == '[')) return InputFormat::Json;
  return InputFormat::Yaml;
}

uint64_t fnv1a(std::string_view s, uint64_t h = 1469598103934665603ull) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string hex64(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

Finding parse_error_finding(const std::string& path, const ParseError& e) {
  Finding f;
  f.rule_id = "IAM000";
  f.level = Level::Error;
  f.message = e.message;
  f.path = path;
  Pos p = e.pos.valid() ? e.pos : Pos{1, 1};
  f.span = {p, p};
  f.fingerprint = "parse-error";
  return f;
}

// Inline suppression comments: `# iamlint: ignore IAM003 IAM004` (no IDs = every rule) on the
// finding's line, or alone on the line above it; `# iamlint: ignore-file [IDs]` anywhere.
struct Suppressions {
  struct Entry {
    std::vector<std::string> ids;  // empty = all
    bool own_line = false;         // the comment is alone on its line
  };
  std::map<uint32_t, Entry> by_line;
  bool file_all = false;
  std::set<std::string> file_ids;

  static bool covers(const std::vector<std::string>& ids, const std::string& rule) {
    if (ids.empty()) return true;
    return std::find(ids.begin(), ids.end(), rule) != ids.end();
  }

  bool suppressed(const Finding& f) const {
    if (file_all || file_ids.count(f.rule_id)) return true;
    uint32_t l = f.span.begin.line;
    if (auto it = by_line.find(l); it != by_line.end() && covers(it->second.ids, f.rule_id)) return true;
    if (l > 1)
      if (auto it = by_line.find(l - 1); it != by_line.end() && it->second.own_line && covers(it->second.ids, f.rule_id))
        return true;
    return false;
  }
};

Suppressions scan_suppressions(std::string_view text) {
  Suppressions s;
  size_t pos = 0;
  uint32_t line = 1;
  while ((pos = text.find("iamlint:", pos)) != std::string_view::npos) {
    // Line number and the comment's start.
    size_t ls = text.rfind('\n', pos);
    ls = ls == std::string_view::npos ? 0 : ls + 1;
    size_t hash = text.rfind('#', pos);
    if (hash == std::string_view::npos || hash < ls) {
      pos += 8;
      continue;
    }
    bool blank_between = true;
    for (size_t i = hash + 1; i < pos; ++i)
      if (text[i] != ' ' && text[i] != '\t') blank_between = false;
    if (!blank_between) {
      pos += 8;
      continue;
    }
    line = 1 + static_cast<uint32_t>(std::count(text.begin(), text.begin() + static_cast<long>(ls), '\n'));
    bool own_line = text.substr(ls, hash - ls).find_first_not_of(" \t") == std::string_view::npos;
    size_t le = text.find('\n', pos);
    std::string_view rest = text.substr(pos + 8, (le == std::string_view::npos ? text.size() : le) - pos - 8);
    // Parse "ignore-file" / "ignore" then IDs separated by spaces or commas.
    std::vector<std::string> words;
    std::string w;
    for (char c : rest) {
      if (c == ' ' || c == ',' || c == '\t' || c == '\r') {
        if (!w.empty()) words.push_back(w), w.clear();
      } else if (c == '#') {
        break;
      } else {
        w += c;
      }
    }
    if (!w.empty()) words.push_back(w);
    if (!words.empty()) {
      std::vector<std::string> ids;
      for (size_t i = 1; i < words.size(); ++i) {
        std::string u = upper(words[i]);
        if (u.rfind("IAM", 0) == 0) ids.push_back(u);
      }
      if (words[0] == "ignore-file") {
        if (ids.empty()) s.file_all = true;
        for (auto& id : ids) s.file_ids.insert(id);
      } else if (words[0] == "ignore") {
        s.by_line[line] = {std::move(ids), own_line};
      }
    }
    pos += 8;
  }
  return s;
}

// Fingerprints: a hash of (rule, path, resource, offending text) plus the occurrence number among
// equal keys in file order, so they survive edits above the finding and two `s3:*` in two
// statements of one resource stay distinct.
void assign_fingerprints(std::vector<Finding>& fs) {
  std::map<uint64_t, int> seen;
  for (auto& f : fs) {
    uint64_t h = fnv1a(f.rule_id);
    h = fnv1a("|", h);
    h = fnv1a(f.path, h);
    h = fnv1a("|", h);
    h = fnv1a(f.resource, h);
    h = fnv1a("|", h);
    h = fnv1a(f.fingerprint, h);
    int n = seen[h]++;
    f.fingerprint = hex64(h) + ":" + std::to_string(n + 1);
  }
}

}  // namespace

bool rule_enabled(std::string_view id, const LintOptions& opt) {
  auto matches = [&](const std::string& pat) {
    std::string u = upper(pat);
    return !u.empty() && std::string_view(id).substr(0, u.size()) == u;
  };
  if (!opt.select.empty() && std::none_of(opt.select.begin(), opt.select.end(), matches)) return false;
  return std::none_of(opt.ignore.begin(), opt.ignore.end(), matches);
}

void sort_findings(std::vector<Finding>& f) {
  auto key = [](const Finding& a) {
    return std::tie(a.path, a.span.begin.line, a.span.begin.col, a.rule_id, a.resource, a.message);
  };
  std::stable_sort(f.begin(), f.end(), [&](const Finding& a, const Finding& b) { return key(a) < key(b); });
  f.erase(std::unique(f.begin(), f.end(), [&](const Finding& a, const Finding& b) { return key(a) == key(b); }),
          f.end());
}

FileResult lint_text(const std::string& path, std::string_view text, const LintOptions& opt, bool named) {
  FileResult out;
  out.path = path;
  if (text.size() > opt.max_file_size) {
    if (named || text_looks_ours(text.substr(0, 1 << 16))) {
      out.ours = true;
      out.parse_error = true;
      out.findings.push_back(parse_error_finding(
          path, {"file is " + std::to_string(text.size() >> 20) + " MiB, over the " +
                     std::to_string(opt.max_file_size >> 20) + " MiB limit (--max-file-size)",
                 {1, 1}}));
    }
    return out;
  }
  if (auto bad = check_text(text)) {
    if (named) {
      out.ours = true;
      out.parse_error = true;
      out.findings.push_back(parse_error_finding(path, {"not a UTF-8 text file: " + bad->message, bad->pos}));
    } else {
      out.notices.push_back({path, bad->pos, "skipped: not a UTF-8 text file (" + bad->message + ")"});
    }
    return out;
  }
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos ||
      (text.substr(0, 3) == "\xEF\xBB\xBF" && text.find_first_not_of(" \t\r\n", 3) == std::string_view::npos))
    return out;

  InputFormat fmt = detect_format(path, text);
  ParseResult pr = fmt == InputFormat::Json ? parse_json(text, opt.limits) : parse_yaml(text, opt.limits);
  if (pr.error) {
    if (text_looks_ours(text)) {
      out.ours = true;
      out.parse_error = true;
      out.findings.push_back(parse_error_finding(path, *pr.error));
    } else {
      out.notices.push_back({path, pr.error->pos, "skipped: not a template or policy (" + pr.error->message + ")"});
    }
    return out;
  }

  const IamCatalog& cat = IamCatalog::instance();
  std::vector<Finding> all;
  std::vector<const Resource*> ignore_holders;
  std::vector<std::unique_ptr<Model>> models;
  for (const Node* root : pr.documents) {
    auto m = build_model({path, text, root});
    if (m->kind == DocKind::NotOurs) continue;
    out.ours = true;
    m->extra_actions = opt.extra_actions;
    FindingSink sink(*m);
    for (const Rule& r : all_rules()) {
      if (!r.fn || !rule_enabled(r.info.id, opt)) continue;
      sink.set_rule(&r.info);
      r.fn(*m, cat, sink);
    }
    // Resource-level suppressions (Metadata: iamlint: ignore).
    auto& fs = sink.findings();
    fs.erase(std::remove_if(fs.begin(), fs.end(),
                            [&](const Finding& f) {
                              if (f.resource.empty()) return false;
                              const Resource* r = m->tmpl.find(f.resource);
                              if (!r) return false;
                              for (const auto& id : r->ignore)
                                if (upper(id) == f.rule_id || upper(id) == "ALL") return true;
                              return false;
                            }),
             fs.end());
    // Findings inside aliased YAML content: say where the content was used.
    if (!pr.aliases.empty())
      for (auto& f : fs)
        for (const auto& a : pr.aliases)
          if (a.target->span.contains(f.span.begin))
            f.related.push_back({a.at, "used here through a YAML alias"});
    all.insert(all.end(), std::make_move_iterator(fs.begin()), std::make_move_iterator(fs.end()));
    if (opt.verbose) out.notices.insert(out.notices.end(), m->notices.begin(), m->notices.end());
    models.push_back(std::move(m));
  }
  if (!all.empty() && fmt == InputFormat::Yaml && text.find("iamlint:") != std::string_view::npos) {
    Suppressions s = scan_suppressions(text);
    all.erase(std::remove_if(all.begin(), all.end(), [&](const Finding& f) { return s.suppressed(f); }), all.end());
  }
  sort_findings(all);
  assign_fingerprints(all);
  out.findings = std::move(all);
  return out;
}

}  // namespace iamlint
