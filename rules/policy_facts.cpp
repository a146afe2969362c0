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
