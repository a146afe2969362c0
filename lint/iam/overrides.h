// Private to lint/iam: the reviewed list of actions for which `"Resource": "*"` is the documented
// normal use although the IAM data lists (optional) resource types for them (RULES.md
// Clarification 4). Implemented in overrides.cpp, consulted by catalog.cpp.
#pragma once
#include <span>
#include <string_view>

namespace iamlint::detail {

struct StarOverride {
  std::string_view service;       // "cloudwatch" (lower case)
  std::string_view action;        // "PutMetricData" (compared case-insensitively)
  std::string_view scoping_keys;  // space-separated condition keys that scope "*" for it, or ""
  std::string_view reason;        // one line, shown to users and reviewers
};

std::span<const StarOverride> star_overrides();

// Legacy actions AWS still accepts although the service reference no longer lists them (RULES.md
// Clarification 22): not IAM016. Each with its evidence.
struct LegacyAction {
  std::string_view name;      // "sns:Receive" (compared case-insensitively)
  std::string_view evidence;  // one line
};
std::span<const LegacyAction> legacy_actions();

}  // namespace iamlint::detail
