// Private to lint/iam: the reviewed list of actions for which `"Resource": "*"` is the documented
// normal use although the IAM data lists (optional) resource types for them (RULES.md
// Clarification 4). Implemented in overrides.cpp, consulted by catalog.cpp.
#pragma once
#include <span>
#include <string_view>

#include "lint/iam/catalog.h"

namespace iamlint::detail {

struct StarOverride {
  std::string_view service;       // "cloudwatch" (lower case)
  std::string_view action;        // "PutMetricData" (compared case-insensitively)
  std::string_view scoping_keys;  // space-separated condition keys that scope "*" for it, or ""
  std::string_view reason;        // one line, shown to users and reviewers
};

std::span<const StarOverride> star_overrides();

// RULES.md Clarification 22: actions the service reference lacks that AWS still accepts.
struct LegacyAction {
  std::string_view action;    // "sns:Receive" (compared case-insensitively)
  std::string_view evidence;  // one line: why AWS still accepts it
};
std::span<const LegacyAction> legacy_actions();

// RULES.md Clarification 15: deprecated AWS managed policies (DeprecatedManagedPolicy in catalog.h).
std::span<const DeprecatedManagedPolicy> deprecated_managed_policies();

}  // namespace iamlint::detail
