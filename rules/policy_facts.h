// Facts about statements that several rules share, so that "one problem is one finding"
// (RULES.md) is decided by the statement itself, never by which rules are selected.
#pragma once
#include <string>
#include <string_view>

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
