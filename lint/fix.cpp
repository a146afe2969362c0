#include "lint/fix.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace iamlint::fix {

namespace {

const std::vector<uint32_t>& line_starts(const Model& m) {
  if (m.line_starts.empty()) {
    std::string_view t = m.text;
    const uint32_t bom = t.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    m.line_starts.reserve(t.size() / 40 + 2);
    m.line_starts.push_back(bom);  // as the parsers count: the BOM is not a column of line 1
    for (size_t i = t.find('\n'); i != std::string_view::npos; i = t.find('\n', i + 1))
      m.line_starts.push_back(static_cast<uint32_t>(i + 1));
  }
  return m.line_starts;
}

// The newline of the line holding `off` ("\r\n" or "\n"), or the file's first one.
std::string_view newline_at(std::string_view t, uint32_t off) {
  size_t nl = t.find('\n', off);
  if (nl == std::string_view::npos) nl = off > 0 ? t.rfind('\n', off - 1) : std::string_view::npos;
  if (nl == std::string_view::npos) nl = t.find('\n');
  if (nl != std::string_view::npos && nl > 0 && t[nl - 1] == '\r') return "\r\n";
  return "\n";
}

// The indentation for a new line whose content starts in the same column as `off`: the line's
// whitespace before `off` as written, or blanks of its width when other text (a `- ` indicator)
// precedes it. nullopt when that text is not ASCII (the width would be wrong).
std::optional<std::string> indent_for(const Model& m, uint32_t off, bool* only_ws = nullptr) {
  std::string_view t = m.text;
  const auto& ls = line_starts(m);
  auto it = std::upper_bound(ls.begin(), ls.end(), off);
  uint32_t start = it == ls.begin() ? 0 : *(it - 1);
  std::string_view prefix = t.substr(start, off - start);
  bool ws = prefix.find_first_not_of(" \t") == std::string_view::npos;
  if (only_ws) *only_ws = ws;
  if (ws) return std::string(prefix);
  // Other text before it (`- `, `"Key": [`): the same width in spaces, tabs kept as tabs; a
  // multi-byte character of the prefix would count too wide, so then there is no indentation.
  std::string out;
  for (char c : prefix) {
    if (static_cast<unsigned char>(c) >= 0x80) return std::nullopt;
    out += c == '\t' ? '\t' : ' ';
  }
  return out;
}

// A flow indicator (or a comment start) outside single-quoted text: what a plain scalar inside a
// flow collection may not hold.
bool has_flow_indicator(std::string_view s) {
  bool quoted = false;
  for (char c : s) {
    if (c == '\'') quoted = !quoted;
    else if (!quoted && (c == ',' || c == '[' || c == ']' || c == '{' || c == '}' || c == '#')) return true;
  }
  return false;
}

// Whether a plain scalar read in block context reads the same inside a flow collection: only
// characters that are never indicators there (yaml-cpp and PyYAML reject `x?y` in a flow
// sequence, found by fuzz_fix). Others are re-quoted.
bool plain_in_flow(std::string_view s) {
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ':' || c == '.' ||
          c == '/' || c == '_' || c == '-' || c == '*' || c == '+' || c == '=' || c == '@' || c == ' '))
      return false;
  return true;
}

// A YAML spelling for use inside a flow collection: the YAML one when it has no flow indicator.
const std::string& flow_yaml(const Spelling& s) {
  return has_flow_indicator(s.yaml) || s.yaml.find('\n') != std::string::npos ? s.json : s.yaml;
}

// JSON (or YAML written as JSON): the root is a flow mapping whose first key is double-quoted.
bool json_file(const Model& m) {
  const Node* r = m.root;
  std::string_view t = m.text;
  size_t i = t.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  i = t.find_first_not_of(" \t\r\n", i);
  return i != std::string_view::npos && t[i] == '{' && r && r->is_map() && r->count > 0 &&
         r->key(0)->style == ScalarStyle::DoubleQuoted;
}

// Whether a flow collection is written as JSON (a JSON file, JSON text in a YAML block scalar, or
// YAML flow style with JSON's double-quoted keys/items): then inserted text is JSON too; in other
// YAML flow collections it is YAML's flow spelling.
bool json_style(const Model& m, const Node* sample) {
  if (json_file(m)) return true;
  if (sample && sample->is_map() && !sample->from_short_tag && sample->count > 0) sample = sample->key(0);
  return sample && sample->is_scalar() && sample->style == ScalarStyle::DoubleQuoted;
}

}  // namespace

std::optional<uint32_t> offset(const Model& m, Pos p) {
  if (!p.valid() || p.col == 0) return std::nullopt;
  const auto& ls = line_starts(m);
  if (p.line > ls.size()) return std::nullopt;
  uint64_t off = uint64_t{ls[p.line - 1]} + p.col - 1;
  uint64_t line_end = p.line < ls.size() ? ls[p.line] : m.text.size();
  if (off > line_end) return std::nullopt;
  return static_cast<uint32_t>(off);
}

std::optional<std::pair<uint32_t, uint32_t>> range(const Model& m, const Node* n) {
  if (!n) return std::nullopt;
  auto b = offset(m, n->span.begin);
  auto e = offset(m, n->span.end);
  if (!b || !e || *e < *b) return std::nullopt;
  return std::make_pair(*b, *e);
}

std::string json_string(std::string_view s) {
  std::string o = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      o += '\\';
      o += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
      o += buf;
    } else {
      o += c;
    }
  }
  return o + "\"";
}

std::string yaml_scalar(std::string_view s) {
  bool plain = !s.empty() && !(s[0] >= '0' && s[0] <= '9') && s[0] != '-' && s[0] != ':' && s.back() != ':';
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ':' || c == '.' ||
          c == '/' || c == '_' || c == '-' || c == '*' || c == '@' || c == '+' || c == '='))
      plain = false;
  if (plain && !s.empty() && s[0] == '*') plain = false;  // an alias
  std::string low(s);
  for (auto& c : low) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::string_view w : {"true", "false", "yes", "no", "on", "off", "null", "y", "n"})
    if (low == w) plain = false;
  if (plain) return std::string(s);
  std::string o = "'";
  for (char c : s) {
    if (c == '\'') o += '\'';
    o += c;
  }
  return o + "'";
}

Spelling scalar(std::string_view s) { return {yaml_scalar(s), json_string(s)}; }

Spelling ref(std::string_view id) {
  return {"!Ref " + std::string(id), "{\"Ref\": " + json_string(id) + "}"};
}

bool is_flow(const Model& m, const Node* c) {
  if (!c || (!c->is_map() && !c->is_seq()) || c->from_short_tag) return false;
  auto r = range(m, c);
  if (!r || r->first >= m.text.size()) return false;
  return m.text[r->first] == (c->is_map() ? '{' : '[');
}

std::string_view written(const Model& m, const Node* n) {
  auto r = range(m, n);
  if (!r || r->second > m.text.size()) return {};
  std::string_view w = m.text.substr(r->first, r->second - r->first);
  if (w.empty() || w.find('\n') != std::string_view::npos || w.find('\r') != std::string_view::npos) return {};
  return w;
}

bool written_as_is(const Model& m, const Node* n) {
  if (!n || !n->is_scalar() || n->has_tag) return false;
  std::string_view w = written(m, n);
  if (w.empty()) return false;
  switch (n->style) {
    case ScalarStyle::Plain: return w == n->text();
    case ScalarStyle::SingleQuoted:
    case ScalarStyle::DoubleQuoted: {
      char q = n->style == ScalarStyle::SingleQuoted ? '\'' : '"';
      return w.size() >= 2 && w.front() == q && w.back() == q && w.substr(1, w.size() - 2) == n->text();
    }
    default: return false;
  }
}

std::optional<TextEdit> replace_scalar(const Model& m, const Node* n, std::string_view value) {
  if (!written_as_is(m, n)) return std::nullopt;
  auto r = range(m, n);
  std::string text;
  switch (n->style) {
    case ScalarStyle::SingleQuoted: {
      text = "'";
      for (char c : value) {
        if (c == '\'') text += '\'';
        text += c;
      }
      text += "'";
      break;
    }
    case ScalarStyle::DoubleQuoted: text = json_string(value); break;
    default: {
      text = yaml_scalar(value);
      if (text != value || json_file(m)) text = json_file(m) ? json_string(value) : text;
      break;
    }
  }
  return TextEdit{r->first, r->second, std::move(text)};
}

std::optional<TextEdit> rename_key(const Model& m, const Node* key, std::string_view name) {
  return replace_scalar(m, key, name);
}

std::optional<TextEdit> replace_in_written(const Model& m, const Node* n, std::string_view from, std::string_view to) {
  if (from.empty() || to.find_first_of("\"'\\\n\r") != std::string_view::npos) return std::nullopt;
  std::string_view w = written(m, n);
  size_t at = w.find(from);
  if (at == std::string_view::npos || w.find(from, at + 1) != std::string_view::npos) return std::nullopt;
  auto r = range(m, n);
  return TextEdit{static_cast<uint32_t>(r->first + at), static_cast<uint32_t>(r->first + at + from.size()),
                  std::string(to)};
}

std::optional<TextEdit> insert_first_entry(const Model& m, const Node* map, std::string_view key,
                                           const Spelling& value) {
  if (!map || !map->is_map() || map->count == 0 || map->from_short_tag) return std::nullopt;
  const Node* k0 = map->key(0);
  if (!written_as_is(m, k0)) return std::nullopt;
  auto mr = range(m, map);
  auto kr = range(m, k0);
  if (!mr || !kr) return std::nullopt;
  std::string_view nl = newline_at(m.text, kr->first);
  bool own_line = false;
  auto indent = indent_for(m, kr->first, &own_line);  // on its own line: whitespace, always known
  std::string text;
  if (is_flow(m, map)) {
    if (kr->first <= mr->first) return std::nullopt;
    text = json_style(m, k0) ? json_string(key) + ": " + value.json + ","
                                   : yaml_scalar(key) + ": " + flow_yaml(value) + ",";
    if (own_line) text += std::string(nl) + *indent;
    else text += " ";
  } else {
    // A block mapping starts at its first key; anything else (a JSON-text policy written as a
    // string, whose nodes all carry the string's span) is not where the text says.
    if (kr->first != mr->first || json_file(m) || !indent) return std::nullopt;
    // A multi-line YAML value (a block mapping: "\n  Type: X\n  ...") is indented under the key.
    std::string v;
    for (char c : value.yaml) {
      if (c == '\n') v += std::string(nl) + *indent;
      else v += c;
    }
    text = yaml_scalar(key) + ":" + (v.empty() || v[0] == '\r' || v[0] == '\n' ? "" : " ") + v + std::string(nl) + *indent;
  }
  return TextEdit{kr->first, kr->first, std::move(text)};
}

std::optional<TextEdit> add_to_list(const Model& m, const Node* container, const Node* value, const Spelling& item) {
  if (!value) return std::nullopt;
  std::string_view t = m.text;
  const bool flow_ctx = is_flow(m, container) || json_file(m);
  if (value->is_seq() && !value->from_short_tag) {
    auto vr = range(m, value);
    if (!vr) return std::nullopt;
    if (value->count == 0) {
      if (written(m, value) != "[]") return std::nullopt;
      return TextEdit{vr->first + 1, vr->first + 1, flow_ctx ? item.json : flow_yaml(item)};
    }
    const Node* last = value->item(value->count - 1);
    auto lr = range(m, last);
    auto fr = range(m, value->item(0));
    if (!lr || !fr) return std::nullopt;
    if (is_flow(m, value)) {
      if (fr->first <= vr->first || lr->second > vr->second) return std::nullopt;
      bool own_line = false;
      auto indent = indent_for(m, lr->first, &own_line);  // used only when own_line (then known)
      const std::string& it = json_style(m, last) ? item.json : flow_yaml(item);
      std::string text = own_line ? "," + std::string(newline_at(t, lr->first)) + *indent + it : ", " + it;
      return TextEdit{lr->second, lr->second, std::move(text)};
    }
    if (flow_ctx) return std::nullopt;
    // Block sequence: the item indicator '-' before the first item gives the column.
    size_t p = fr->first;
    while (p > 0 && (t[p - 1] == ' ')) --p;
    if (p == 0 || t[p - 1] != '-' || p - 1 != vr->first) return std::nullopt;
    auto indent = indent_for(m, static_cast<uint32_t>(p - 1));
    if (!indent) return std::nullopt;
    // After the line the last item ends on (past a comment there).
    size_t at = lr->second > 0 ? t.find('\n', lr->second - 1) : std::string_view::npos;
    if (at == std::string_view::npos) at = t.size();
    else if (at > 0 && t[at - 1] == '\r') --at;
    if (at < lr->second) return std::nullopt;
    std::string text = std::string(newline_at(t, lr->first)) + *indent + "- " + item.yaml;
    return TextEdit{static_cast<uint32_t>(at), static_cast<uint32_t>(at), std::move(text)};
  }
  if (value->is_map() && !value->from_short_tag) {
    // A one-line mapping: an intrinsic in its long form (`{"Fn::Sub": "..."}`, or block YAML's
    // `Fn::Sub: ...` on a line of its own). Flow and JSON: wrap it in a list. Block: it becomes the
    // first item of a block sequence (`- ` before it), the new item the second.
    std::string_view w = written(m, value);
    auto vr = range(m, value);
    if (w.empty() || !vr || value->count != 1) return std::nullopt;
    if (flow_ctx) {
      if (!is_flow(m, value)) return std::nullopt;
      return TextEdit{vr->first, vr->second,
                      "[" + std::string(w) + ", " + (json_style(m, value) ? item.json : flow_yaml(item)) + "]"};
    }
    bool own_line = false;
    auto indent = indent_for(m, vr->first, &own_line);
    if (!indent || !own_line || is_flow(m, value) || value->key(0)->span.begin != value->span.begin) return std::nullopt;
    size_t eol = t.find('\n', vr->second);
    std::string_view rest = t.substr(vr->second, (eol == std::string_view::npos ? t.size() : eol) - vr->second);
    if (rest.find_first_not_of(" \t\r") != std::string_view::npos) return std::nullopt;  // a comment follows
    return TextEdit{vr->first, vr->second,
                    "- " + std::string(w) + std::string(newline_at(t, vr->first)) + *indent + "- " + item.yaml};
  }
  if (value->is_scalar() && (value->style == ScalarStyle::Literal || value->style == ScalarStyle::Folded))
    return std::nullopt;
  std::string_view w = written(m, value);
  if (w.empty()) return std::nullopt;
  auto vr = range(m, value);
  std::string old(w);
  if (flow_ctx) {
    if (value->is_scalar() && !written_as_is(m, value)) return std::nullopt;
    if (value->is_scalar() && value->style == ScalarStyle::Plain && has_flow_indicator(old)) return std::nullopt;
    return TextEdit{vr->first, vr->second,
                    "[" + old + ", " + (json_style(m, value) ? item.json : flow_yaml(item)) + "]"};
  }
  // Block context: the old value goes into a flow list, where a plain scalar may not hold flow
  // indicators; such a scalar is re-quoted (same value).
  const Node* inner = value;
  if (value->from_short_tag && value->count == 1 && value->value(0)->is_scalar()) inner = value->value(0);
  if (inner->is_scalar() && inner->style == ScalarStyle::Plain && !plain_in_flow(inner->text())) {
    auto ir = range(m, inner);
    if (!ir || !written_as_is(m, inner) || ir->second != vr->second) return std::nullopt;
    old = std::string(t.substr(vr->first, ir->first - vr->first)) + "'";
    for (char c : inner->text()) {
      if (c == '\'') old += '\'';
      old += c;
    }
    old += "'";
  } else if (inner->is_scalar() && !written_as_is(m, inner)) {
    return std::nullopt;
  } else if (!inner->is_scalar() && has_flow_indicator(w)) {
    return std::nullopt;
  }
  return TextEdit{vr->first, vr->second, "[" + old + ", " + flow_yaml(item) + "]"};
}

std::shared_ptr<const Fix> rename_element(const Model& m, const Node* map, const Node* key, std::string_view correct) {
  if (!map || !map->is_map() || !key || map->get_ci(correct)) return nullptr;
  return make("Rename " + std::string(key->text()) + " to " + std::string(correct), true,
              rename_key(m, key, correct));
}

std::shared_ptr<const Fix> effect_case(const Model& m, const Node* v) {
  if (!v || !v->is_scalar()) return nullptr;
  std::string low(v->text());
  for (auto& c : low) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string_view want = low == "allow" ? "Allow" : low == "deny" ? "Deny" : "";
  if (want.empty() || v->text() == want) return nullptr;
  return make("Write Effect as " + std::string(want), true, replace_scalar(m, v, want));
}

std::shared_ptr<const Fix> managed_policy_name(const Model& m, const Node* item, std::string_view written_name,
                                               std::string_view suggested_name) {
  if (written_name.empty() || suggested_name.empty() || written_name == suggested_name) return nullptr;
  // The name ends the ARN (policy/NAME) or is the whole SAM name: replace it where it ends the text.
  std::string_view w = written(m, item);
  if (w.empty()) return nullptr;
  size_t at = w.rfind(written_name);
  if (at == std::string_view::npos) return nullptr;
  std::string_view after = w.substr(at + written_name.size());
  if (!(after.empty() || after == "'" || after == "\"" || after == "\"}" || after == "\" }" || after == "\"]}" ||
        after == "\"]"))
    return nullptr;
  if (at > 0 && w[at - 1] != '/' && w[at - 1] != ' ' && w[at - 1] != '\'' && w[at - 1] != '"') return nullptr;
  auto r = range(m, item);
  if (suggested_name.find_first_of("\"'\\\n") != std::string_view::npos) return nullptr;
  TextEdit e{static_cast<uint32_t>(r->first + at), static_cast<uint32_t>(r->first + at + written_name.size()),
             std::string(suggested_name)};
  return make("Replace " + std::string(written_name) + " with " + std::string(suggested_name), false, std::move(e));
}

std::shared_ptr<const Fix> make(std::string title, bool safe, std::optional<TextEdit> e) {
  if (!e) return nullptr;
  std::vector<TextEdit> v;
  v.push_back(std::move(*e));
  return make(std::move(title), safe, std::move(v));
}

std::shared_ptr<const Fix> make(std::string title, bool safe, std::vector<TextEdit> edits) {
  if (edits.empty()) return nullptr;
  std::sort(edits.begin(), edits.end(), [](const TextEdit& a, const TextEdit& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  for (size_t i = 1; i < edits.size(); ++i)
    if (edits[i].begin < edits[i - 1].end || edits[i].begin == edits[i - 1].begin) return nullptr;
  auto f = std::make_shared<Fix>();
  f->title = std::move(title);
  f->safe = safe;
  f->edits = std::move(edits);
  return f;
}

std::string apply(std::string_view text, const std::vector<TextEdit>& edits) {
  std::string out;
  out.reserve(text.size() + 256);
  size_t at = 0;
  for (const auto& e : edits) {
    out.append(text.substr(at, e.begin - at));
    out += e.text;
    at = e.end;
  }
  out.append(text.substr(at));
  return out;
}

std::string_view rule_fixes(std::string_view id) {
  static constexpr std::pair<std::string_view, std::string_view> kTable[] = {
      {"IAM005", "unsafe"},  // add the ARN shape the S3 action needs (grants more)
      {"IAM006", "unsafe"},  // (b) create the instance profile and point at it (a new resource)
      {"IAM007", "safe"},    // add the consumer's service principal to the trust policy
      {"IAM009", "safe"},    // element typos (rename_element), Effect case (effect_case)
      {"IAM016", "unsafe"},  // the one suggestion of the same service
      {"IAM017", "safe"},    // Version: '2012-10-17'
      {"IAM024", "unsafe"},  // the one suggestion (managed_policy_name)
      {"IAM027", "safe"},    // SourceAccount: !Ref AWS::AccountId
  };
  for (const auto& [rid, kind] : kTable)
    if (rid == id) return kind;
  return {};
}

std::string autofix_text(std::string_view id) {
  std::string_view fx = rule_fixes(id);
  if (fx.empty()) return "Autofix: none (iamlint --fix does not change findings of this rule).";
  if (fx == "safe") return "Autofix: safe (iamlint --fix applies it).";
  return "Autofix: " + std::string(fx) + " (iamlint --fix --unsafe-fixes applies it; --diff previews it).";
}

}  // namespace iamlint::fix
