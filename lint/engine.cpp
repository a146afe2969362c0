#include "lint/engine.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <unordered_map>

#include "lint/iam/catalog.h"
#include "lint/model.h"
#include "lint/rule_ref.h"
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
// finding's line, or alone on the line above it; `# iamlint: ignore-file [IDs]` anywhere. Each
// directive remembers whether it suppressed something (--warn-unused-ignores).
struct Suppressions {
  struct Id {
    std::string id;  // upper case; "" = every rule
    Pos pos;         // where the ID (or, for "every rule", the comment) is written
    bool used = false;
  };
  struct Entry {
    std::vector<Id> ids;
    bool all = false;        // no IDs: every rule
    bool own_line = false;   // the comment is alone on its line
  };
  std::map<uint32_t, Entry> by_line;
  std::vector<Entry> file;  // ignore-file directives

  // Marks every directive that covers `f`; returns whether one does.
  static bool apply(Entry& e, const Finding& f) {
    bool hit = false;
    for (auto& id : e.ids)
      if ((e.all && id.id.empty()) || selector_covers(id.id, f.rule_id)) id.used = true, hit = true;
    return hit;
  }

  bool suppress(const Finding& f) {
    bool hit = false;
    for (auto& e : file) hit |= apply(e, f);
    uint32_t l = f.span.begin.line;
    if (auto it = by_line.find(l); it != by_line.end()) hit |= apply(it->second, f);
    if (l > 1)
      if (auto it = by_line.find(l - 1); it != by_line.end() && it->second.own_line) hit |= apply(it->second, f);
    return hit;
  }
};

// `problems` receives what is wrong with a directive (warnings with line:col): an unknown rule, an
// unknown directive (`# iamlint: ingore`, `ignore=IAM003`). A directive whose rules are all unknown
// suppresses nothing (never every rule). Words after `--` are a reason.
Suppressions scan_suppressions(std::string_view text, const std::string& path, std::vector<Notice>& problems) {
  Suppressions s;
  size_t pos = 0;
  uint32_t line = 1;
  size_t counted = 0;  // text[0, counted) has line - 1 newlines
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
    line += static_cast<uint32_t>(std::count(text.begin() + static_cast<long>(counted), text.begin() + static_cast<long>(ls), '\n'));
    counted = ls;
    bool own_line = text.substr(ls, hash - ls).find_first_not_of(" \t") == std::string_view::npos;
    size_t le = text.find('\n', pos);
    size_t rest_begin = pos + 8;
    std::string_view rest = text.substr(rest_begin, (le == std::string_view::npos ? text.size() : le) - rest_begin);
    // Parse "ignore-file" / "ignore" then IDs separated by spaces or commas.
    std::vector<std::pair<std::string, size_t>> words;  // word, offset in text
    std::string w;
    size_t w_at = 0;
    for (size_t i = 0; i < rest.size(); ++i) {
      char c = rest[i];
      if (c == ' ' || c == ',' || c == '\t' || c == '\r') {
        if (!w.empty()) words.emplace_back(w, w_at), w.clear();
      } else if (c == '#') {
        break;
      } else {
        if (w.empty()) w_at = rest_begin + i;
        w += c;
      }
    }
    if (!w.empty()) words.emplace_back(w, w_at);
    auto at = [&](size_t off) { return Pos{line, static_cast<uint32_t>(off - ls + 1)}; };
    if (!words.empty() && (words[0].first == "ignore-file" || words[0].first == "ignore")) {
      Suppressions::Entry e;
      e.own_line = own_line;
      bool named = false;
      for (size_t i = 1; i < words.size() && words[i].first != "--"; ++i) {
        named = true;
        if (std::optional<std::string> sel = rule_selector(words[i].first))
          e.ids.push_back({std::move(*sel), at(words[i].second)});
        else
          problems.push_back({path, at(words[i].second),
                              "unknown rule '" + words[i].first + "' in suppression (see iamlint --list-rules)"});
      }
      if (!named) {
        e.all = true;
        e.ids.push_back({"", at(hash)});
      }
      if (words[0].first == "ignore-file")
        s.file.push_back(std::move(e));
      else
        s.by_line[line] = std::move(e);
    } else {
      std::string what = words.empty() ? std::string("an empty iamlint directive")
                                       : "unknown iamlint directive '" + words[0].first + "'";
      problems.push_back({path, words.empty() ? at(hash) : at(words[0].second),
                          what + " (write '# iamlint: ignore IAM003' or '# iamlint: ignore-file')"});
    }
    pos += 8;
  }
  return s;
}

// --warn-unused-ignores: a directive for a rule that did not run says nothing, so only IDs of
// enabled rules (and unknown IDs, which never suppress anything) are reported.
void report_unused(const std::string& path, const std::string& id, Pos pos, const LintOptions& opt,
                   std::vector<Notice>& out) {
  // A prefix is unused only when every rule it covers ran.
  if (!id.empty())
    for (const Rule& r : all_rules())
      if (selector_covers(id, r.info.id) && !rule_enabled(r.info.id, opt)) return;
  out.push_back({path, pos, "unused suppression '" + (id.empty() ? std::string("all") : id) + "'"});
}

// The lines around a finding that tell two equal findings apart: its own line and the nearest
// non-blank, non-comment line above and below it, without whitespace (so re-indenting or a comment
// inserted between them changes nothing), at most kContextBytes of each.
class FingerprintContext {
 public:
  explicit FingerprintContext(std::string_view text) : text_(text) {
    starts_.push_back(0);
    for (size_t i = text.find('\n'); i != std::string_view::npos; i = text.find('\n', i + 1)) starts_.push_back(i + 1);
  }

  uint32_t hash(uint32_t line) const {
    uint64_t h = 1469598103934665603ull;
    if (line == 0 || line > starts_.size()) return 0;
    h = add_line(h, neighbour(line, -1));
    h = add_line(fnv1a("|", h), line);
    h = add_line(fnv1a("|", h), neighbour(line, +1));
    return static_cast<uint32_t>(h ^ (h >> 32));
  }

 private:
  static constexpr size_t kContextBytes = 160;
  static constexpr int kSearch = 20;  // lines searched for a neighbour

  std::string_view line_text(uint32_t line) const {
    size_t b = starts_[line - 1];
    size_t e = line < starts_.size() ? starts_[line] - 1 : text_.size();
    return text_.substr(b, e - b);
  }
  static bool blank_or_comment(std::string_view l) {
    size_t i = l.find_first_not_of(" \t\r");
    return i == std::string_view::npos || l[i] == '#';
  }
  uint32_t neighbour(uint32_t line, int dir) const {
    for (int k = 1; k <= kSearch; ++k) {
      int64_t l = static_cast<int64_t>(line) + dir * k;
      if (l < 1 || l > static_cast<int64_t>(starts_.size())) return 0;
      if (!blank_or_comment(line_text(static_cast<uint32_t>(l)))) return static_cast<uint32_t>(l);
    }
    return 0;
  }
  uint64_t add_line(uint64_t h, uint32_t line) const {
    if (line == 0) return h;
    size_t n = 0;
    for (unsigned char c : line_text(line)) {
      if (c == ' ' || c == '\t' || c == '\r') continue;
      if (++n > kContextBytes) break;
      h ^= c;
      h *= 1099511628211ull;
    }
    return h;
  }

  std::string_view text_;
  std::vector<size_t> starts_;
};

// Fingerprints: "<identity>-<context>:<n>". The identity hashes (rule, resource, offending text) —
// no path (baselines key on the path separately, normalised) and no line number; the context
// hashes the lines around the finding (FingerprintContext); n counts equal (identity, context)
// pairs in file order. Edits above a finding change none of them; a second identical finding added
// above an old one differs in its context, so a baseline still knows which one is new
// (lint/baseline.cpp matches on the whole fingerprint first, then on the identity alone).
// `legacy_hash` is the version 1 fingerprint's hash (rule, path, resource, text), for old baselines.
void assign_fingerprints(std::vector<Finding>& fs, std::string_view text) {
  if (fs.empty()) return;
  FingerprintContext ctx(text);
  std::map<std::pair<uint64_t, uint32_t>, int> seen;
  for (auto& f : fs) {
    uint64_t id = fnv1a(f.rule_id);
    id = fnv1a("|", id);
    id = fnv1a(f.resource, id);
    id = fnv1a("|", id);
    id = fnv1a(f.fingerprint, id);
    uint64_t legacy = fnv1a(f.rule_id);
    legacy = fnv1a("|", legacy);
    legacy = fnv1a(f.path, legacy);
    legacy = fnv1a("|", legacy);
    legacy = fnv1a(f.resource, legacy);
    legacy = fnv1a("|", legacy);
    f.legacy_hash = fnv1a(f.fingerprint, legacy);
    uint32_t c = f.rule_id == "IAM000" ? 0 : ctx.hash(f.span.begin.line);
    int n = ++seen[{id, c}];
    char buf[48];
    std::snprintf(buf, sizeof buf, "%016llx-%08x:%d", static_cast<unsigned long long>(id), c, n);
    f.fingerprint = buf;
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

namespace {

// A finding inside YAML content that is used elsewhere through an alias gets the alias uses as
// related locations: for a finding about a resource, the uses written inside that resource (the
// text from its logical ID to the next one's), since that is the use the finding came through;
// otherwise every use. At most kMaxAliasUses each: 2,000 roles sharing one anchored policy once
// meant 2,000 related locations on each of 300,000 findings (24 GB).
void add_alias_uses(const Model& m, const std::vector<AliasUse>& aliases, std::vector<Finding>& fs) {
  constexpr size_t kMaxAliasUses = 10;
  // Resources in the order they are written, and the alias uses inside each.
  std::vector<std::pair<Pos, const Resource*>> starts;
  for (const Resource& r : m.resources())
    if (r.key) starts.push_back({r.key->span.begin, &r});
  const bool ordered = std::is_sorted(starts.begin(), starts.end(),
                                      [](const auto& a, const auto& b) { return a.first < b.first; });
  std::unordered_map<const Resource*, std::vector<const AliasUse*>> uses_in;
  if (ordered && !starts.empty()) {
    Pos end = m.tmpl.root ? m.tmpl.root->span.end : Pos{UINT32_MAX, UINT32_MAX};
    if (const Node* res = m.tmpl.root ? m.tmpl.root->get("Resources") : nullptr) end = res->span.end;
    for (const AliasUse& a : aliases) {
      auto it = std::upper_bound(starts.begin(), starts.end(), a.at.begin,
                                 [](const Pos& p, const auto& s) { return p < s.first; });
      if (it == starts.begin() || !(a.at.begin < end)) continue;
      uses_in[std::prev(it)->second].push_back(&a);
    }
  }
  std::vector<const AliasUse*> all;
  for (const AliasUse& a : aliases) all.push_back(&a);
  for (Finding& f : fs) {
    const std::vector<const AliasUse*>* candidates = &all;
    if (!f.resource.empty() && ordered)
      if (const Resource* r = m.tmpl.find(f.resource)) {
        auto it = uses_in.find(r);
        if (it == uses_in.end()) continue;  // the resource's own text: no alias on the way
        candidates = &it->second;
      }
    size_t added = 0, more = 0;
    const AliasUse* first_more = nullptr;
    for (const AliasUse* a : *candidates) {
      if (!a->target->span.contains(f.span.begin)) continue;
      if (added < kMaxAliasUses) {
        f.related.push_back({a->at, "used here through a YAML alias", {}});
        ++added;
      } else {
        if (!first_more) first_more = a;
        ++more;
      }
    }
    if (more)
      f.related.push_back({first_more->at, "and " + std::to_string(more) + " more uses through YAML aliases", {}});
  }
}

}  // namespace

FileResult lint_text(const std::string& path, std::string_view text, const LintOptions& opt, bool named,
                     bool process_exits_after) {
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
    // A file named on the command line is IAM000 only when its bytes show it is ours (RULES.md
    // IAM000, Clarification 9): pre-commit names every .yml, and a Latin-1 Ansible file is not.
    if (named && text_looks_ours(text)) {
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
  ParseLimits limits = opt.limits;
  limits.text_checked = true;  // just above
  ParseResult pr = fmt == InputFormat::Json ? parse_json(text, limits) : parse_yaml(text, limits);
  if (pr.error && fmt == InputFormat::Json) {
    // CloudFormation reads a template that is not valid JSON as YAML (a JSON-looking file with
    // trailing commas in its flow collections is valid YAML), and so does cfn-lint. A raw policy
    // gets no such second chance: IAM's own JSON parser rejects it (RULES.md "Documents and where
    // rules look").
    ParseResult yaml = parse_yaml(text, limits);
    if (!yaml.error && !yaml.documents.empty() &&
        std::all_of(yaml.documents.begin(), yaml.documents.end(), is_template_root)) {
      pr = std::move(yaml);
      fmt = InputFormat::Yaml;
    }
  }
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
  std::vector<char> meta_hit;  // per finding of `all`: suppressed by a resource's Metadata
  for (const Node* root : pr.documents) {
    auto m = build_model({path, text, root, opt.verbose, opt.policy_kind});
    if (m->kind == DocKind::NotOurs) continue;
    out.ours = true;
    m->extra_actions = opt.extra_actions;
    m->trusted_accounts = opt.trusted_accounts;
    if (m->owner_account.empty()) m->owner_account = opt.account;  // a get-role wrapper's own ARN wins
    FindingSink sink(*m);
    for (const Rule& r : all_rules()) {
      if (!r.fn || !rule_enabled(r.info.id, opt)) continue;
      sink.set_rule(&r.info);
      r.fn(*m, cat, sink);
    }
    // Resource-level suppressions (Metadata: iamlint: ignore). A finding is only marked here and
    // dropped after the inline comments have seen it too, so every directive covering it is used.
    auto& fs = sink.findings();
    struct MetaIgnore {
      const Resource* res;
      std::string id;  // upper case; "ALL" = every rule
      Pos pos;
      bool used = false;
    };
    std::vector<MetaIgnore> meta;
    for (const Resource& r : m->resources()) {
      // Metadata: {iamlint: {ignore: [...], reason: ...}}: any other key is a typo that would
      // silently suppress nothing (`ignroe:`).
      if (const Node* il = r.metadata && r.metadata->is_map() ? r.metadata->get("iamlint") : nullptr) {
        if (il->is_map()) {
          for (uint32_t i = 0; i < il->count; ++i) {
            const Node* k = il->key(i);
            std::string kt = k && k->is_scalar() ? upper(k->text()) : std::string();
            if (kt != "IGNORE" && kt != "REASON")
              out.unused_suppressions.push_back(
                  {path, k ? k->span.begin : il->span.begin,
                   "unknown key '" + std::string(k && k->is_scalar() ? k->text() : "") +
                       "' in Metadata iamlint of '" + std::string(r.id) + "' (keys: ignore, reason)"});
          }
        } else {
          out.unused_suppressions.push_back(
              {path, il->span.begin, "Metadata iamlint of '" + std::string(r.id) +
                                         "' must be a mapping such as {ignore: [IAM003], reason: why}"});
        }
      }
      const Node* ig = r.ignore_node;
      if (!ig) continue;
      auto add = [&](const Node* n) {
        if (!n->is_scalar()) return;
        if (upper(n->text()) == "ALL") {
          meta.push_back({&r, "ALL", n->span.begin});
        } else if (std::optional<std::string> sel = rule_selector(n->text())) {
          meta.push_back({&r, std::move(*sel), n->span.begin});
        } else {
          out.unused_suppressions.push_back({path, n->span.begin,
                                             "unknown rule '" + std::string(n->text()) +
                                                 "' in Metadata iamlint ignore (see iamlint --list-rules)"});
        }
      };
      if (ig->is_seq())
        for (uint32_t i = 0; i < ig->count; ++i) add(ig->item(i));
      else
        add(ig);
    }
    for (const auto& f : fs) {
      bool hit = false;
      if (!meta.empty() && !f.resource.empty())
        if (const Resource* r = m->tmpl.find(f.resource))
          for (auto& mi : meta)
            if (mi.res == r && (selector_covers(mi.id, f.rule_id) || mi.id == "ALL")) mi.used = true, hit = true;
      meta_hit.push_back(hit);
    }
    if (opt.warn_unused_ignores)
      for (const auto& mi : meta)
        if (!mi.used) report_unused(path, mi.id == "ALL" ? std::string() : mi.id, mi.pos, opt, out.unused_suppressions);
    // Findings inside aliased YAML content: say where the content was used.
    if (!pr.aliases.empty()) add_alias_uses(*m, pr.aliases, fs);
    all.insert(all.end(), std::make_move_iterator(fs.begin()), std::make_move_iterator(fs.end()));
    if (opt.verbose) out.notices.insert(out.notices.end(), m->notices.begin(), m->notices.end());
    models.push_back(std::move(m));
  }
  std::vector<char> drop = std::move(meta_hit);
  // Always scanned when a directive may be there: a malformed one is a warning even when nothing
  // was found.
  if (out.ours && fmt == InputFormat::Yaml && text.find("iamlint:") != std::string_view::npos) {
    Suppressions s = scan_suppressions(text, path, out.unused_suppressions);
    for (size_t i = 0; i < all.size(); ++i)
      if (s.suppress(all[i])) drop[i] = 1;
    if (opt.warn_unused_ignores) {
      for (const auto& e : s.file)
        for (const auto& id : e.ids)
          if (!id.used) report_unused(path, id.id, id.pos, opt, out.unused_suppressions);
      for (const auto& [line, e] : s.by_line)
        for (const auto& id : e.ids)
          if (!id.used) report_unused(path, id.id, id.pos, opt, out.unused_suppressions);
    }
  }
  if (std::find(drop.begin(), drop.end(), 1) != drop.end()) {
    size_t k = 0;
    for (size_t i = 0; i < all.size(); ++i)
      if (!drop[i]) {
        if (k != i) all[k] = std::move(all[i]);
        ++k;
      }
    all.resize(k);
  }
  std::sort(out.unused_suppressions.begin(), out.unused_suppressions.end(),
            [](const Notice& a, const Notice& b) { return a.pos < b.pos; });
  sort_findings(all);
  assign_fingerprints(all, text);
  out.findings = std::move(all);
#if !IAMLINT_LEAK_CHECKED
  // Freeing a large template's model is ~10% of the run (tens of thousands of small blocks);
  // findings own their strings, so nothing below refers to the trees any more.
  if (process_exits_after) {
    for (auto& m : models) (void)m.release();
    (void)pr.arena.release();
  }
#else
  (void)process_exits_after;
#endif
  return out;
}

}  // namespace iamlint
