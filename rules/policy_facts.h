// Facts about statements that several rules share, so that "one problem is one finding"
// (RULES.md) is decided by the statement itself, never by which rules are selected.
#pragma once
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "lint/iam/catalog.h"
#include "lint/model.h"

namespace iamlint::facts {

std::string lower(std::string_view s);
// lower() into a caller's buffer, so a loop reuses one allocation.
void lower_into(std::string_view s, std::string& out);
// Action text of an alternative, lower-cased, or "" if not literal.
std::string literal_action(const Alternative& a);
bool is_star_action(std::string_view lowered);  // "*" or "*:*"
// Does the text contain an IAM wildcard ('*' or '?')? Same as find_first_of("*?") != npos, which
// libstdc++ runs as one memchr over "*?" per character: too slow for every action of every rule.
inline bool has_wildcard(std::string_view s) {
  for (char c : s)
    if (c == '*' || c == '?') return true;
  return false;
}
bool is_star_action(const Alternative& a);      // a literal "*" or "*:*" (no allocation)

// An identity Allow statement with Action "*" (or "*:*") and Resource "*" (IAM002).
bool full_admin(const PolicyDocument& d, const Statement& s);
// The first action item that is "*" / "*:*".
const Item* star_action_item(const Statement& s);
// Resource "*" among the statement's Resource values.
const Item* star_resource_item(const Statement& s);

}  // namespace iamlint::facts

namespace iamlint::facts {

// One condition entry: `Operator: {Key: Value(s)}`.
struct ConditionEntry {
  std::string op;         // as written, e.g. "StringEquals", "ForAnyValue:StringLike"
  std::string key;        // as written, e.g. "aws:ResourceTag/team"
  const Node* key_node;
  const Node* values;     // scalar or list
};
std::vector<ConditionEntry> conditions(const Statement& s);
// True when every value of the entry is only wildcards ("*", "?*") or empty: it restricts nothing
// (RULES.md Clarification 5).
bool values_only_wildcards(const Model& m, const ConditionEntry& e);

// Literal action patterns of a statement's Action list (lower-case), with the item they came from.
struct ActionPattern {
  const Item* item;
  std::string text;      // lower-case, e.g. "s3:get*"
  std::string written;   // as written
};
std::vector<ActionPattern> action_patterns(const Statement& s);

// Does the statement's Resource list contain an IAM ARN of `kind` ("role", "user", "group",
// "policy") whose name part is only wildcards ("*", "arn:aws:iam::*:role/*", ".../role/*/*")? A bare
// "*" counts too.
const Item* wildcard_iam_resource(const Statement& s, std::string_view kind);
// The same for each of kIamKinds in one pass over the Resource values (IAM014 asks about all four).
inline constexpr std::string_view kIamKinds[] = {"role", "user", "group", "policy"};
std::array<const Item*, std::size(kIamKinds)> wildcard_iam_resources(const Statement& s);

}  // namespace iamlint::facts
