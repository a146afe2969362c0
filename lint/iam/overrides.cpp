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

}  // namespace iamlint::detail

// ---- IAM016: legacy actions AWS still accepts (RULES.md Clarification 22) ----------------------
//
// An action belongs here only when the service reference (and every AWS managed policy of the
// pinned data) lacks it, yet AWS writes it itself or documents it, so IAM accepts a policy that
// names it. One entry per line, with its evidence. tests/unit/test_catalog.cpp checks that every
// entry is indeed missing from the reference (a data bump that adds it makes the entry redundant).
namespace iamlint::detail {
namespace {

constexpr LegacyAction kLegacyActions[] = {
    {"sns:Receive", "the default access policy SNS writes for every new topic grants SNS:Receive (SNS "
                    "Developer Guide, 'Example cases for Amazon SNS access control'); IAM accepts it"},
};

// ---- IAM024: deprecated AWS managed policies (RULES.md Clarification 15) ----------------------
//
// AWS deprecates a managed policy by making it unattachable to new identities and dropping it from
// the policy list; CloudFormation then fails to attach it. Each entry: the replacement AWS names
// and where it says so. test_catalog.cpp checks every name is absent from the pinned list and
// every replacement present.
constexpr DeprecatedManagedPolicy kDeprecatedPolicies[] = {
    {"AWSLambdaFullAccess", "AWSLambda_FullAccess",
     "Lambda Developer Guide, 'AWS managed policies for Lambda': deprecated on 2021-03-01, use AWSLambda_FullAccess"},
    {"AWSLambdaReadOnlyAccess", "AWSLambda_ReadOnlyAccess",
     "Lambda Developer Guide, 'AWS managed policies for Lambda': deprecated on 2021-03-01, use AWSLambda_ReadOnlyAccess"},
    {"AmazonEC2ContainerServiceFullAccess", "AmazonECS_FullAccess",
     "ECS Developer Guide, 'AWS managed policies for Amazon ECS': deprecated on 2021-01-29, use AmazonECS_FullAccess"},
    {"AWSElasticBeanstalkFullAccess", "AdministratorAccess-AWSElasticBeanstalk",
     "Elastic Beanstalk Developer Guide, 'Managing Elastic Beanstalk user policies': replaced by "
     "AdministratorAccess-AWSElasticBeanstalk"},
    {"AWSElasticBeanstalkReadOnlyAccess", "AWSElasticBeanstalkReadOnly",
     "Elastic Beanstalk Developer Guide, 'Managing Elastic Beanstalk user policies': replaced by "
     "AWSElasticBeanstalkReadOnly"},
    {"AWSConfigRole", "AWS_ConfigRole",
     "AWS Config Developer Guide, 'AWS managed policies for AWS Config': AWSConfigRole is deprecated, use "
     "service-role/AWS_ConfigRole"},
    {"AmazonEC2SpotFleetRole", "AmazonEC2SpotFleetTaggingRole",
     "EC2 User Guide, 'Spot Fleet permissions': AmazonEC2SpotFleetRole is replaced by "
     "service-role/AmazonEC2SpotFleetTaggingRole"},
    {"AWSCloudTrailFullAccess", "AWSCloudTrail_FullAccess",
     "CloudTrail User Guide, 'AWS managed policies for CloudTrail': AWSCloudTrailFullAccess is no longer "
     "supported, use AWSCloudTrail_FullAccess"},
    {"AWSCloudTrailReadOnlyAccess", "AWSCloudTrail_ReadOnlyAccess",
     "CloudTrail User Guide, 'AWS managed policies for CloudTrail': AWSCloudTrailReadOnlyAccess is no longer "
     "supported, use AWSCloudTrail_ReadOnlyAccess"},
    {"AWSCodePipelineFullAccess", "AWSCodePipeline_FullAccess",
     "CodePipeline User Guide, 'AWS managed policies for CodePipeline': AWSCodePipelineFullAccess is replaced "
     "by AWSCodePipeline_FullAccess"},
    {"AWSCodePipelineReadOnlyAccess", "AWSCodePipeline_ReadOnlyAccess",
     "CodePipeline User Guide, 'AWS managed policies for CodePipeline': AWSCodePipelineReadOnlyAccess is "
     "replaced by AWSCodePipeline_ReadOnlyAccess"},
};

}  // namespace

std::span<const LegacyAction> legacy_actions() { return kLegacyActions; }
std::span<const DeprecatedManagedPolicy> deprecated_managed_policies() { return kDeprecatedPolicies; }

}  // namespace iamlint::detail
