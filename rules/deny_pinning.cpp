#include "rules/deny_pinning.h"

#include <algorithm>

#include "rules/conditions.h"
#include "rules/policy_facts.h"

namespace iamlint::cond {
namespace {

char fold(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// IAM's wildcard match: `*` any run of characters, `?` one character (case-insensitive when
// `fold_case`). Iterative, linear-ish: no backtracking blow-up.
bool wildcard_match(std::string_view pat, std::string_view s, bool fold_case) {
  size_t p = 0, i = 0, star = std::string_view::npos, mark = 0;
  auto same = [&](char a, char b) { return fold_case ? fold(a) == fold(b) : a == b; };
  while (i < s.size()) {
    if (p < pat.size() && (pat[p] == '?' || (pat[p] != '*' && same(pat[p], s[i])))) {
      ++p, ++i;
    } else if (p < pat.size() && pat[p] == '*') {
      star = p++;
      mark = i;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      i = ++mark;
    } else {
      return false;
    }
  }
  while (p < pat.size() && pat[p] == '*') ++p;
  return p == pat.size();
}

// Does every string `narrow` can stand for match `wide`? Both may hold `*`: read literally, a
// `*` of `narrow` is matched by a `*` of `wide`, which is sound. A `?` in `wide` matches one
// character only, so it proves nothing about a wildcard or an unknown segment (kUnknownChar) of
// `narrow`: then only equality counts.
bool pattern_covers(std::string_view wide, std::string_view narrow, bool fold_case) {
  if (wide == "*") return true;
  constexpr char kVariable[] = {'*', '?', kUnknownChar, '\0'};
  if (wide.find('?') != std::string_view::npos && narrow.find_first_of(kVariable) != std::string_view::npos)
    return fold_case ? facts::lower(wide) == facts::lower(narrow) : wide == narrow;
  return wildcard_match(wide, narrow, fold_case);
}

// The Deny's actions include every action of the Allow.
bool actions_covered(const IamCatalog& cat, const Statement& deny, const Statement& allow) {
  if (deny.not_action || deny.actions.empty()) return false;
  std::vector<facts::ActionPattern> denied = facts::action_patterns(deny);
  for (const auto& d : denied)
    if (facts::is_star_action(d.text)) return true;
  if (allow.not_action) return false;
  for (const auto& it : allow.actions)
    for (const auto& alt : it.value.alts)
      if (!alt.is_literal()) return false;  // an action only known at deploy time
  for (const auto& a : facts::action_patterns(allow)) {
    if (std::any_of(denied.begin(), denied.end(), [&](const auto& d) { return pattern_covers(d.text, a.text, true); }))
      continue;
    // A wildcard of the Allow whose every action some Deny pattern names ("s3:Get*" by "s3:GetObject"
    // and "s3:GetBucket*"...): through the IAM data.
    if (!facts::has_wildcard(a.text)) return false;
    std::vector<ActionId> acts = cat.expand(a.text);
    if (acts.empty()) return false;
    for (ActionId x : acts) {
      std::string name = facts::lower(cat.action_name(x));
      if (std::none_of(denied.begin(), denied.end(), [&](const auto& d) { return pattern_covers(d.text, name, true); }))
        return false;
    }
  }
  return true;
}

// The Deny's resources include every resource of the Allow.
bool resources_covered(const Statement& deny, const Statement& allow) {
  if (deny.not_resource) return false;
  // A trust policy names no Resource: both statements are about the role itself.
  if (deny.resource_key == nullptr) return allow.resource_key == nullptr;
  for (const auto& r : deny.resources)
    for (const auto& alt : r.value.alts)
      if (alt.is_literal() && alt.literal() == "*") return true;
  if (allow.not_resource || allow.resources.empty()) return false;
  std::string buf, dbuf;
  for (const auto& r : allow.resources)
    for (const auto& alt : r.value.alts) {
      std::string_view want = alt.pattern_view(buf);
      bool covered = false;
      for (const auto& dr : deny.resources)
        for (const auto& dalt : dr.value.alts) {
          std::string_view have = dalt.pattern_view(dbuf);
          // An unknown segment (kUnknownChar) is only covered by the same spelling or a wildcard.
          if (have == want || (dalt.is_literal() && pattern_covers(have, want, false))) covered = true;
        }
      if (!covered) return false;
    }
  return true;
}

// The Deny applies to every principal: Principal "*" or AWS "*" (an identity-less Deny of a
// resource policy does not exist; a NotPrincipal Deny is left for access evaluation).
bool denies_everyone(const Statement& deny) {
  if (deny.not_principal || !deny.principal_node) return false;
  for (const auto& p : deny.principals) {
    if (p.type != "*" && p.type != "AWS") continue;
    for (const auto& a : p.item.value.alts)
      if (a.is_literal() && a.literal() == "*") return true;
  }
  return false;
}

// Every entry of the Deny's Condition is a negated match on a pinning key (StringNotEquals
// aws:SourceVpce, ArnNotLike aws:PrincipalArn, ...; IfExists only widens the Deny), with values
// that name something: the Deny then applies to every caller that satisfies none of the pins. Any
// other entry narrows the Deny, and callers outside it pass.
bool condition_pins(const Model& m, const Statement& deny, std::initializer_list<std::string_view> pin_keys) {
  std::vector<facts::ConditionEntry> entries = facts::conditions(deny);
  if (entries.empty()) return false;  // a Deny of everything: no Allow left to judge (not this rule's case)
  for (const auto& e : entries) {
    Operator o = parse_operator(e.op);
    if (!o.negated || o.for_all || o.for_any || o.base == "null") return false;
    if (o.base.rfind("string", 0) != 0 && o.base.rfind("arn", 0) != 0) return false;
    std::string k = facts::lower(e.key);
    if (std::find(pin_keys.begin(), pin_keys.end(), k) == pin_keys.end()) return false;
    Values v = values(m, e);
    if (v.unknown) continue;
    if (v.literal.empty()) return false;
    for (const auto& x : v.literal)
      if (x.empty() || x.find_first_not_of("*?") == std::string::npos) return false;
  }
  return true;
}

}  // namespace

const Statement* pinning_deny(const Model& m, const IamCatalog& cat, const PolicyDocument& d, const Statement& allow,
                              std::initializer_list<std::string_view> pin_keys) {
  for (const auto& s : d.statements) {
    if (!s.deny() || &s == &allow) continue;
    if (denies_everyone(s) && condition_pins(m, s, pin_keys) && actions_covered(cat, s, allow) &&
        resources_covered(s, allow))
      return &s;
  }
  return nullptr;
}

}  // namespace iamlint::cond
