// Facts about statements that several rules share, so that "one problem is one finding"
// (RULES.md) is decided by the statement itself, never by which rules are selected.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "lint/iam/catalog.h"
#include "lint/model.h"

namespace iamlint::facts {

std::string lower(std::string_view s);
// Action text of an alternative, lower-cased, or "" if not literal.
std::string literal_action(const Alternative& a);
bool is_star_action(std::string_view lowered);  // "*" or "*:*"

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

}  // namespace iamlint::facts
