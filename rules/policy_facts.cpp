#include "rules/policy_facts.h"

#include <cctype>

namespace iamlint::facts {

std::string lower(std::string_view s) {
  std::string o(s);
  for (auto& c : o) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return o;
}

std::string literal_action(const Alternative& a) { return a.is_literal() ? lower(a.literal()) : std::string(); }

bool is_star_action(std::string_view l) { return l == "*" || l == "*:*"; }

const Item* star_action_item(const Statement& s) {
  if (s.not_action) return nullptr;
  for (const auto& it : s.actions)
    for (const auto& alt : it.value.alts)
      if (is_star_action(literal_action(alt))) return &it;
  return nullptr;
}

const Item* star_resource_item(const Statement& s) {
  if (s.not_resource) return nullptr;
  for (const auto& it : s.resources)
    if (it.value.any_is("*")) return &it;
  return nullptr;
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
      out.push_back({std::string(op->text), std::string(body->key(j)->text), body->key(j), body->value(j)});
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
  for (const auto& it : s.actions)
    for (const auto& a : it.value.alts)
      if (a.is_literal()) out.push_back({&it, lower(a.literal()), a.literal()});
  return out;
}

const Item* wildcard_iam_resource(const Statement& s, std::string_view kind) {
  if (s.not_resource) return nullptr;
  for (const auto& it : s.resources) {
    for (const auto& a : it.value.alts) {
      // Unknown segments (${AWS::Partition}, ${AWS::AccountId}) may stand in the prefix fields; the
      // resource part must be literal.
      std::string r = a.pattern();
      if (a.is_literal() && r.find_first_not_of("*") == std::string::npos) return &it;
      if (r.compare(0, 4, "arn:") != 0) continue;
      size_t p = 0;
      int colons = 0;
      std::vector<size_t> at;
      while (colons < 5 && (p = r.find(':', p)) != std::string::npos) at.push_back(p), ++colons, ++p;
      if (colons < 5) continue;
      std::string_view svc = std::string_view(r).substr(at[1] + 1, at[2] - at[1] - 1);
      if (svc != "iam" && svc != "*") continue;
      std::string_view res = std::string_view(r).substr(p);
      if (res.find(kUnknownChar) != std::string_view::npos) continue;
      if (res.find_first_not_of("*") == std::string_view::npos) return &it;
      std::string prefix = std::string(kind) + "/";
      if (res.substr(0, prefix.size()) == prefix && res.size() > prefix.size() &&
          res.substr(prefix.size()).find_first_not_of("*/") == std::string_view::npos)
        return &it;
    }
  }
  return nullptr;
}

}  // namespace iamlint::facts
