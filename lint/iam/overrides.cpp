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

#include <string>
#include <vector>

#include "lint/iam/catalog.h"

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

// Condition keys that scope "*" by the container of the target resource (ContainerScopingKey in
// overrides.h; RULES.md Clarification 3). Keep it to keys whose value is the container's ARN.
constexpr ContainerScopingKey kContainerKeys[] = {
    {"ecs:cluster", "${ClusterName}",
     "the ARN of the cluster the container instance, task, service or task set belongs to (service "
     "reference: 'Filters access by the ARN of an Amazon ECS cluster'); the ECS Developer Guide's "
     "example policies pin UpdateContainerInstancesState, StopTask and DescribeTasks to a cluster with "
     "Resource \"*\" and ArnEquals ecs:cluster"},
};

// The ARN format overrides for IAM005 (RULES.md Clarification 20c/d).
//
// An entry belongs here only when AWS documents (or its own managed policies or CloudFormation
// return) ARNs of the resource type that the IAM data's format cannot match: an empty account for
// AWS-owned resources, or a longer path than the data writes. Each entry is one more format,
// written as the data writes them; the data's own format still applies. Never add a format to
// silence a finding whose Resource is simply wrong. tests/unit/test_catalog.cpp checks every entry
// names a resource type of the data.
constexpr ArnFormatOverride kArnFormats[] = {
    // (c) AWS-owned resources have no account in their ARN.
    {"ssm", "document", "arn:${Partition}:ssm:${Region}::document/${DocumentName}",
     "AWS-owned documents are arn:aws:ssm:REGION::document/AWS-RunShellScript (SSM SendCommand "
     "docs); AWS's managed policies grant arn:aws:ssm:*::document/AWS-* (AWSElasticDisasterRecovery*)"},
    {"ssm", "automation-definition",
     "arn:${Partition}:ssm:${Region}::automation-definition/${AutomationDefinitionName}:${VersionId}",
     "AWS-owned runbooks have no account (AWS-RestartEC2Instance); AWS's managed policies grant "
     "arn:aws:ssm:*::automation-definition/AWS*:*"},
    {"ssm", "parameter", "arn:${Partition}:ssm:${Region}::parameter/aws/service/${ParameterNameWithoutLeadingSlash}",
     "public parameters are arn:aws:ssm:REGION::parameter/aws/service/... (SSM docs, 'Discovering "
     "public parameters'); AWSStorageGatewayFullAccess grants arn:aws:ssm:*::parameter/aws/service/storagegateway/*"},
    // (d) the data's formats are narrower than the real ARNs.
    {"glue", "schema", "arn:${Partition}:glue:${Region}:${Account}:schema/${RegistryName}/${SchemaName}",
     "schema ARNs are schema/REGISTRY/SCHEMA (Glue Schema Registry docs, CreateSchema's SchemaArn); "
     "SAM's own MSK/Kafka event source policy generates them so"},
    {"cloudformation", "stack", "arn:${Partition}:cloudformation:${Region}:aws:transform/${TransformName}",
     "a template with a transform needs cloudformation:CreateChangeSet on the transform's ARN, "
     "arn:aws:cloudformation:REGION:aws:transform/Serverless-2016-10-31 (SAM and CloudFormation "
     "docs on macros); SageMakerStudioProjectProvisioningRolePolicy grants it on arn:aws:cloudformation:*:*:transform/*"},
    {"apigateway", "Stage",
     "arn:${Partition}:apigateway:${Region}::/restapis/${RestApiId}/stages/${StageName}/exports/${ExportType}",
     "a REST API stage's export (GetExport, apigateway:GET) is /restapis/API/stages/STAGE/exports/TYPE (API "
     "Gateway developer guide, 'API Gateway ARN reference': Export); the data has no type for it, so it sits "
     "with the stage it exports, as the stage's SDKs (/stages/STAGE/sdks/TYPE) sit next to it"},
    {"ssm", "task", "arn:${Partition}:ecs:${Region}:${Account}:task/${ClusterName}/${TaskId}",
     "ECS task ARNs are task/CLUSTER/ID since the 2018 long-ARN format (the ecs service's own `task` "
     "type says so); ssm:StartSession's copy of the type has the old task/ID only"},
};

// IAM014's launching actions (RULES.md Clarification 21). An action belongs here when, together
// with iam:PassRole, it creates or changes something that runs with a role the caller names, so the
// caller acts with that role's permissions. Sources: Rhino Security Labs, "AWS IAM Privilege
// Escalation - Methods and Mitigation" (methods 3-10 and their follow-ups), and each service's
// documentation of the role it takes; the service principal is the one the role's trust policy
// names and iam:PassedToService sees (AWS IAM docs, "iam:PassedToService").
constexpr PassRoleLaunch kLaunches[] = {
    {"lambda:createfunction", "lambda.amazonaws.com", "a new function runs with the execution role passed (Rhino #4)"},
    {"lambda:updatefunctionconfiguration", "lambda.amazonaws.com",
     "swaps an existing function's execution role for the one passed"},
    {"ec2:runinstances", "ec2.amazonaws.com", "an instance profile's role is readable from the instance (Rhino #3)"},
    {"cloudformation:createstack", "cloudformation.amazonaws.com",
     "the stack's service role creates whatever the template says (Rhino #6)"},
    {"cloudformation:updatestack", "cloudformation.amazonaws.com", "as CreateStack, on an existing stack"},
    {"cloudformation:createstackset", "cloudformation.amazonaws.com",
     "the stack set's administration role deploys the template"},
    {"glue:createdevendpoint", "glue.amazonaws.com", "SSH into an endpoint running with the role (Rhino #8)"},
    {"glue:updatedevendpoint", "glue.amazonaws.com", "as CreateDevEndpoint, on an existing endpoint"},
    {"glue:createjob", "glue.amazonaws.com", "a job's script runs with the role passed"},
    {"codebuild:createproject", "codebuild.amazonaws.com", "a build's commands run with the service role passed"},
    {"codebuild:updateproject", "codebuild.amazonaws.com", "swaps an existing project's service role"},
    {"sagemaker:createnotebookinstance", "sagemaker.amazonaws.com", "a notebook runs with the execution role passed"},
    {"sagemaker:createtrainingjob", "sagemaker.amazonaws.com", "a training container runs with the role passed"},
    {"sagemaker:createprocessingjob", "sagemaker.amazonaws.com", "a processing container runs with the role passed"},
    {"ecs:registertaskdefinition", "ecs-tasks.amazonaws.com", "a task runs with the task role passed"},
    {"states:createstatemachine", "states.amazonaws.com", "a state machine calls AWS APIs with the role passed"},
    {"datapipeline:createpipeline", "datapipeline.amazonaws.com",
     "a pipeline's activities run with the role passed (Rhino #9)"},
};

}  // namespace

std::span<const StarOverride> star_overrides() { return kOverrides; }

std::span<const ContainerScopingKey> container_scoping_keys() { return kContainerKeys; }

std::span<const PassRoleLaunch> passrole_launch_actions() { return kLaunches; }

std::span<const ArnFormatOverride> arn_format_overrides() { return kArnFormats; }

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
namespace iamlint {

std::string_view arn_formats_for_matching(ResourceTypeId r) {
  // Built once: the data's format joined with its overrides, for the few types that have some.
  static const std::vector<std::pair<ResourceTypeId, std::string>> joined = [] {
    std::vector<std::pair<ResourceTypeId, std::string>> out;
    const IamCatalog& cat = IamCatalog::instance();
    for (ResourceTypeId t = 0; !cat.resource_type_arn(t).empty(); ++t)
      for (const auto& o : detail::arn_format_overrides())
        if (cat.resource_type_service(t) == o.service && cat.resource_type_name(t) == o.type) {
          if (out.empty() || out.back().first != t) out.emplace_back(t, std::string(cat.resource_type_arn(t)));
          out.back().second += ", ";
          out.back().second += o.format;
        }
    return out;
  }();
  for (const auto& [t, f] : joined)
    if (t == r) return f;
  return IamCatalog::instance().resource_type_arn(r);
}

}  // namespace iamlint
