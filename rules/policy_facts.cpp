#include "rules/policy_facts.h"

#include <cctype>
#include <span>

#include "lint/ascii.h"

namespace iamlint::facts {

std::string lower(std::string_view s) { return ascii_lower(s); }

void lower_into(std::string_view s, std::string& out) {
  out.assign(s);
  for (auto& c : out) c = ascii_lower(c);
}

std::string literal_action(const Alternative& a) { return a.is_literal() ? lower(a.literal()) : std::string(); }

bool is_star_action(std::string_view l) { return l == "*" || l == "*:*"; }

// "*" and "*:*" have no letters, so no lower-casing (and no allocation) is needed to recognise them.
bool is_star_action(const Alternative& a) {
  if (const std::string* t = a.single_text()) return is_star_action(*t);
  std::string buf;
  return a.is_literal() && is_star_action(a.literal_view(buf));
}

// Both found once per statement by the model builder (Statement::star_action, star_resource).
const Item* star_action_item(const Statement& s) {
  if (s.not_action || s.star_action < 0) return nullptr;
  return &s.actions[static_cast<size_t>(s.star_action)];
}

const Item* star_resource_item(const Statement& s) {
  if (s.not_resource || s.star_resource < 0) return nullptr;
  return &s.resources[static_cast<size_t>(s.star_resource)];
}

bool full_admin(const PolicyDocument& d, const Statement& s) {
  return d.kind == PolicyKind::Identity && s.allow() && star_action_item(s) && star_resource_item(s);
}

}  // namespace iamlint::facts

namespace iamlint::facts {

std::vector<ConditionEntry> conditions(const Statement& s) {
  std::vector<ConditionEntry> out;
  if (!s.condition || !s.condition->is_map()) return out;
  for (uint32_t i = 0; i < s.condition->count; ++i) {
    const Node* op = s.condition->key(i);
    const Node* body = s.condition->value(i);
    if (!body->is_map()) continue;
    for (uint32_t j = 0; j < body->count; ++j)
      out.push_back({std::string(op->text()), std::string(body->key(j)->text()), body->key(j), body->value(j)});
  }
  return out;
}

bool values_only_wildcards(const Model& m, const ConditionEntry& e) {
  auto items = m.resolve_list(e.values);
  if (items.empty()) return true;
  for (const auto& it : items)
    for (const auto& a : it.value.alts) {
      if (!a.is_literal()) return false;
      std::string t = a.literal();
      if (t.find_first_not_of("*?") != std::string::npos) return false;
    }
  return true;
}

std::vector<ActionPattern> action_patterns(const Statement& s) {
  std::vector<ActionPattern> out;
  out.reserve(s.actions.size());
  for (const auto& it : s.actions)
    for (const auto& a : it.value.alts)
      if (a.is_literal()) {
        std::string written = a.literal();
        out.push_back({&it, lower(written), std::move(written)});  // braced init: left to right
      }
  return out;
}

namespace {

// The last character of a's pattern() (kUnknownChar for an unknown segment), 0 when it is empty.
char last_pattern_char(const Alternative& a) {
  for (size_t i = a.segs.size(); i-- > 0;) {
    if (a.segs[i].kind == Segment::Unknown) return kUnknownChar;
    if (!a.segs[i].text.empty()) return a.segs[i].text.back();
  }
  return 0;
}

// wildcard_iam_resource's test of one alternative against each of `kinds`; sets found[k].
void wildcard_iam_alt(const Alternative& a, std::span<const std::string_view> kinds, bool* found, std::string& buf) {
  // Every pattern that can pass ends in '*' ("*", ".../*", "role/*"), '/' ("role//") or the fifth
  // ':' (an empty resource part), or is empty: skip the others without building the pattern.
  char last = last_pattern_char(a);
  if (last != 0 && last != '*' && last != '/' && last != ':') return;
  // Unknown segments (${AWS::Partition}, ${AWS::AccountId}) may stand in the prefix fields; the
  // resource part must be literal.
  std::string_view r = a.pattern_view(buf);
  auto all = [&] {
    for (size_t k = 0; k < kinds.size(); ++k) found[k] = true;
  };
  if (a.is_literal() && r.find_first_not_of('*') == std::string_view::npos) return all();
  if (r.substr(0, 4) != "arn:") return;
  size_t p = 0;
  int colons = 0;
  size_t at[5];
  while (colons < 5 && (p = r.find(':', p)) != std::string_view::npos) at[colons++] = p++;
  if (colons < 5) return;
  std::string_view svc = r.substr(at[1] + 1, at[2] - at[1] - 1);
  if (svc != "iam" && svc != "*") return;
  std::string_view res = r.substr(p);
  if (res.find(kUnknownChar) != std::string_view::npos) return;
  if (res.find_first_not_of('*') == std::string_view::npos) return all();
  for (size_t k = 0; k < kinds.size(); ++k) {
    std::string_view kind = kinds[k];
    if (res.size() > kind.size() + 1 && res.substr(0, kind.size()) == kind && res[kind.size()] == '/' &&
        res.substr(kind.size() + 1).find_first_not_of("*/") == std::string_view::npos)
      found[k] = true;
  }
}

}  // namespace

// Scratch space for patterns built from several segments: these run for every statement, and a
// per-thread buffer keeps its capacity from one call to the next.
static std::string& pattern_buffer() {
  thread_local std::string buf;
  return buf;
}

const Item* wildcard_iam_resource(const Statement& s, std::string_view kind) {
  if (s.not_resource) return nullptr;
  std::string& buf = pattern_buffer();
  for (const auto& it : s.resources)
    for (const auto& a : it.value.alts) {
      bool found = false;
      wildcard_iam_alt(a, std::span<const std::string_view>(&kind, 1), &found, buf);
      if (found) return &it;
    }
  return nullptr;
}

std::array<const Item*, std::size(kIamKinds)> wildcard_iam_resources(const Statement& s) {
  std::array<const Item*, std::size(kIamKinds)> out{};
  if (s.not_resource) return out;
  std::string& buf = pattern_buffer();
  for (const auto& it : s.resources)
    for (const auto& a : it.value.alts) {
      bool found[std::size(kIamKinds)] = {};
      wildcard_iam_alt(a, kIamKinds, found, buf);
      for (size_t k = 0; k < std::size(kIamKinds); ++k)
        if (found[k] && !out[k]) out[k] = &it;
    }
  return out;
}

}  // namespace iamlint::facts
