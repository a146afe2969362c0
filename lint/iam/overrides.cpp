// The reviewed override list for IAM003 (RULES.md Clarification 4).
//
// An action belongs here only when ALL of these hold:
//   * the IAM data lists resource types for it, but every one of them is optional, and
//   * AWS documents (or its own managed policies use) `"Resource": "*"` as the normal way to grant
//     it, because the thing acted on has no ARN or is the caller's own account/instance.
// Actions the data lists with no resource types at all (xray:PutTraceSegments,
// ecr:GetAuthorizationToken, sts:GetCallerIdentity, s3:ListAllMyBuckets, ec2:Describe*...) need no
// entry: catalog.cpp already treats them as `*`-only. Never add resource-level actions whose types
// merely happen to be optional in the data (s3:ListBucket, s3:GetObject, ec2:CreateTags,
// events:PutEvents, rds:Describe*): a specific Resource must match one of their types.
// Keep the list short; tests/unit/test_catalog.cpp checks every entry names a real action.
#include "lint/iam/overrides.h"

namespace iamlint::detail {
namespace {

constexpr StarOverride kOverrides[] = {
    {"cloudwatch", "PutMetricData", "cloudwatch:namespace",
     "metrics have no ARN; the optional `dataset` type (2026) is rarely used; scope with cloudwatch:namespace"},
    {"cloudwatch", "GetMetricData", "",
     "metrics have no ARN; reading metric data is account-wide (the optional `dataset` type is rarely used)"},
    {"cloudwatch", "ListMetrics", "",
     "metrics have no ARN; listing metrics is account-wide (the optional `dataset` type is rarely used)"},
    {"cloudwatch", "GetMetricStatistics", "",
     "metrics have no ARN; kept so a future optional type (as PutMetricData got) does not flip it"},
    {"ce", "GetCostAndUsage", "",
     "Cost Explorer reads the account's billing data; the optional `billingview` type is the exception"},
    {"ce", "GetCostForecast", "",
     "Cost Explorer reads the account's billing data; the optional `billingview` type is the exception"},
    {"account", "GetAccountInformation", "",
     "reads the caller's own account; AWS grants it on \"*\" (PowerUserAccess)"},
    {"account", "ListRegions", "",
     "lists the caller's own account's Regions; AWS grants it on \"*\" (PowerUserAccess)"},
    {"ssm", "UpdateInstanceInformation", "ssm:SourceInstanceARN ec2:SourceInstanceARN",
     "called by the SSM Agent for its own instance; AmazonSSMManagedInstanceCore grants it on \"*\""},
    {"ssm", "ListInstanceAssociations", "",
     "called by the SSM Agent for its own instance; AmazonSSMManagedInstanceCore grants it on \"*\""},
    {"ssm", "PutComplianceItems", "ssm:SourceInstanceARN ec2:SourceInstanceARN",
     "called by the SSM Agent for its own instance; AmazonSSMManagedInstanceCore grants it on \"*\""},
};

}  // namespace

std::span<const StarOverride> star_overrides() { return kOverrides; }

// ---- Legacy actions (IAM016, RULES.md Clarification 22) ---------------------------------------
// Kept apart from the list above; tests/unit/test_catalog.cpp checks no entry is in the data.
namespace {
constexpr LegacyAction kLegacyActions[] = {
    {"sns:Receive",
     "the default topic policy SNS wrote for topics carries SNS:Receive and SNS still accepts it in topic policies "
     "(RULES.md Clarification 22); seen in the peer suites' cfn_nag sns_topic_policy_with_wildcard_principal"},
};
}  // namespace

std::span<const LegacyAction> legacy_actions() { return kLegacyActions; }

}  // namespace iamlint::detail
