// Reviewed lists next to the generated data, each entry with its evidence. Private to lint/iam,
// except passrole_launch_actions(), which IAM014 (rules/escalation.cpp) reads.
// The reviewed list of actions for which `"Resource": "*"` is the documented
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

// RULES.md Clarification 3: service condition keys the IAM data lists on the action rather than on
// its resource types, yet that name the container the target resource lives in (ecs:cluster: the
// cluster of the container instance, task or service acted on). Such a key scopes "*" for an action
// that lists it when every resource type of the action has `placeholder` in its ARN format (so the
// key pins which resources the grant reaches; not ecs:RunTask, whose resource is a task definition).
struct ContainerScopingKey {
  std::string_view key;          // "ecs:cluster" (compared case-insensitively)
  std::string_view placeholder;  // "${ClusterName}", as the data's ARN formats write it
  std::string_view evidence;     // one line, for reviewers
};
std::span<const ContainerScopingKey> container_scoping_keys();

// RULES.md Clarification 22: actions the service reference lacks that AWS still accepts.
struct LegacyAction {
  std::string_view action;    // "sns:Receive" (compared case-insensitively)
  std::string_view evidence;  // one line: why AWS still accepts it
};
std::span<const LegacyAction> legacy_actions();

// RULES.md Clarification 15: deprecated AWS managed policies (DeprecatedManagedPolicy in catalog.h).
std::span<const DeprecatedManagedPolicy> deprecated_managed_policies();
// The reviewed list of ARN formats AWS's real ARNs take that the IAM data's format for a resource
// type does not cover (RULES.md Clarification 20c/d), each with its evidence. IAM005 matches a
// Resource against the data's format and these (arn_formats_for_matching() in catalog.h).
struct ArnFormatOverride {
  std::string_view service;   // the resource type's service in the data ("ssm")
  std::string_view type;      // the resource type's name in the data ("document")
  std::string_view format;    // one more ARN format, written as the data writes them
  std::string_view evidence;  // one line, for reviewers
};

std::span<const ArnFormatOverride> arn_format_overrides();

// The reviewed list of actions that, with iam:PassRole on every role, let the holder run code as a
// role of its choice (RULES.md Clarification 21), each with the service principal the role is
// passed to: a PassRole whose iam:PassedToService names only other services cannot pair with it.
struct PassRoleLaunch {
  std::string_view action;     // lower case, "lambda:createfunction"
  std::string_view passed_to;  // "lambda.amazonaws.com"
  std::string_view evidence;   // one line, for reviewers
};

std::span<const PassRoleLaunch> passrole_launch_actions();

}  // namespace iamlint::detail
