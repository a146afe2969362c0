// The one list of rules, in ID order (like ruff's codes.rs): grep here to see them all.
// Levels, names and meanings are RULES.md's public contract; never renumber.
#include <cctype>
#include <span>

#include "lint/rule.h"
#include "rules/rules.h"

namespace iamlint {
namespace {

constexpr std::string_view kSecurity[] = {"security", "iam"};
constexpr std::string_view kLeastPrivilege[] = {"security", "iam", "least-privilege"};
constexpr std::string_view kCorrectness[] = {"security", "iam", "correctness"};
constexpr std::string_view kCredentials[] = {"security", "iam", "credentials"};
constexpr std::string_view kEscalation[] = {"security", "iam", "privilege-escalation"};

const Rule kRules[] = {
    {{"IAM000", "parse-error", Level::Error, Precision::VeryHigh, "8.0", kCorrectness,
      "A template or policy file cannot be parsed",
      "The file is a CloudFormation template or IAM policy but cannot be read: a syntax error, a duplicate key, a "
      "YAML alias-expansion or nesting limit, or text that is not UTF-8. Nothing in it was checked.",
      "Fix the syntax error at the reported line and column. CloudFormation rejects the same file."},
     nullptr},
    {{"IAM001", "admin-managed-policy", Level::Error, Precision::VeryHigh, "9.8", kLeastPrivilege,
      "The AWS managed policy AdministratorAccess is attached",
      "A role, user or group attaches arn:aws:iam::aws:policy/AdministratorAccess (any partition, a !Sub of it, or "
      "SAM's Policies: [AdministratorAccess]). Whoever uses the identity - a compromised function, a leaked "
      "credential - gets every action on every resource of the account.",
      "Replace AdministratorAccess with a customer managed or inline policy that lists only the actions and "
      "resources the workload uses (IAM Access Analyzer can generate one from CloudTrail)."},
     rules::admin_managed_policy},
    {{"IAM002", "full-admin-statement", Level::Error, Precision::VeryHigh, "9.5", kLeastPrivilege,
      "An identity policy allows Action \"*\" on Resource \"*\"",
      "An Allow statement of an identity policy grants every action (\"*\" or \"*:*\") on every resource: full "
      "administrator access, whatever its Condition says.",
      "List the actions the workload calls and the ARNs of the resources it uses."},
     rules::full_admin_statement},
    {{"IAM003", "wildcard-resource", Level::Warning, Precision::High, "5.5", kLeastPrivilege,
      "An identity policy grants resource-level actions on Resource \"*\"",
      "An Allow statement of an identity policy uses Resource \"*\" for actions that support resource-level "
      "permissions (per the IAM data), so they apply to every bucket, table, key or queue of the account. Actions that "
      "only work with \"*\" (xray:PutTraceSegments, ecr:GetAuthorizationToken, cloudwatch:PutMetricData...) and "
      "conditions on the target resource (aws:ResourceTag/...) are not reported.",
      "Replace \"*\" with the ARNs the workload uses (arn:aws:s3:::my-bucket/*), and keep actions that only work "
      "with \"*\" in a statement of their own."},
     rules::wildcard_resource},
    {{"IAM004", "service-wildcard-action", Level::Warning, Precision::High, "6.5", kLeastPrivilege,
      "An identity policy grants every action of a service (s3:*)",
      "An Allow statement grants svc:* (or a wildcard that covers every action of a service), or Action \"*\" on a "
      "narrower resource: this includes destructive and permission-changing actions the workload never calls.",
      "Replace the wildcard with the specific actions the workload needs (for example s3:GetObject and "
      "s3:PutObject instead of s3:*)."},
     rules::service_wildcard_action},
    {{"IAM005", "action-resource-mismatch", Level::Error, Precision::High, "8.0", kCorrectness,
      "An action is granted on a resource it cannot apply to",
      "No Resource of the statement matches any resource type the action accepts, so the grant never applies: "
      "s3:ListBucket on an object ARN, s3:GetObject on a bucket ARN, dynamodb:GetItem on an S3 ARN, an action that "
      "only works with \"*\" on a specific ARN. The workload fails with AccessDenied, and the usual \"fix\" is a "
      "wildcard.",
      "Use the ARN shape the action needs: the bucket ARN (arn:aws:s3:::bucket) for s3:ListBucket, the object ARN "
      "(arn:aws:s3:::bucket/*) for s3:GetObject; put actions that only work with \"*\" in a statement with "
      "Resource \"*\"."},
     rules::action_resource_mismatch},
    {{"IAM013", "passrole-wildcard", Level::Error, Precision::High, "8.5", kEscalation,
      "iam:PassRole is allowed on every role",
      "An identity policy allows iam:PassRole (directly or through a wildcard such as iam:* or iam:Pass*) on a "
      "Resource whose role part is only \"*\" and without an iam:PassedToService condition: the holder can hand "
      "any role, including an administrator role, to a service it controls.",
      "Name the roles that may be passed (arn:aws:iam::123456789012:role/app-*) and add a condition "
      "iam:PassedToService with the service that receives them."},
     rules::passrole_wildcard},
    {{"IAM014", "privilege-escalation", Level::Error, Precision::Medium, "8.8", kEscalation,
      "A policy lets its holder raise its own permissions",
      "An identity policy grants, on every user, role, group or policy, an action that changes permissions "
      "(iam:CreatePolicyVersion, iam:AttachRolePolicy, iam:PutUserPolicy, iam:CreateAccessKey, "
      "iam:UpdateAssumeRolePolicy, iam:AddUserToGroup...), or combines iam:PassRole on every role with "
      "lambda:CreateFunction, ec2:RunInstances, cloudformation:CreateStack or glue:CreateDevEndpoint.",
      "Limit the Resource of permission-changing actions to the specific identities and policies the workload "
      "manages, and iam:PassRole to the roles it passes."},
     rules::privilege_escalation},
    {{"IAM015", "allow-not-action", Level::Warning, Precision::VeryHigh, "6.0", kLeastPrivilege,
      "An Allow statement uses NotAction or NotResource",
      "Allow with NotAction grants every action except a list, including every action AWS adds later; Allow with "
      "NotResource grants on every resource except a list.",
      "Use Action and Resource with the allowed values. NotAction/NotResource belong in Deny statements."},
     rules::allow_not_action},
    {{"IAM016", "unknown-action", Level::Error, Precision::High, "8.0", kCorrectness,
      "An action does not exist in any AWS service",
      "An Action or NotAction value names no IAM action: a typo (s3:GetObjects), an unknown service prefix, a "
      "missing prefix, an API name that is not an IAM action (s3:HeadBucket is authorized by s3:ListBucket), or a "
      "wildcard that matches nothing. An Allow of it grants nothing; a Deny of it denies nothing.",
      "Use the IAM action name iamlint suggests (\"did you mean\"), as listed in the AWS Service Authorization "
      "Reference. For an action newer than iamlint's IAM data, add it to extra-actions in .iamlint.yaml."},
     rules::unknown_action},
    {{"IAM017", "policy-version", Level::Warning, Precision::VeryHigh, "5.0", kCorrectness,
      "A policy document has no Version or an old/invalid one",
      "Without Version: '2012-10-17' IAM uses the 2008-10-17 language, where policy variables such as "
      "${aws:username} are literal text, and any other value is not a policy language version.",
      "Add Version: '2012-10-17' to the policy document."},
     rules::policy_version},
    {{"IAM018", "iam-user-access-key", Level::Warning, Precision::VeryHigh, "6.5", kCredentials,
      "An IAM access key (long-lived credential) is created",
      "AWS::IAM::AccessKey creates an access key that never expires: if it leaks it works until someone notices "
      "and revokes it.",
      "Use roles with temporary STS credentials: instance profiles, Lambda/ECS execution roles, OIDC federation for "
      "CI/CD, IAM Identity Center for people."},
     rules::iam_user_access_key},
    {{"IAM023", "broad-managed-policy", Level::Warning, Precision::High, "6.0", kLeastPrivilege,
      "An AWS managed policy that grants a whole service or more is attached",
      "A role, user or group attaches an AWS managed policy whose document allows every action of a service or more "
      "(PowerUserAccess, IAMFullAccess, AmazonS3FullAccess...), as classified from each policy's document when "
      "iamlint's data was generated.",
      "Replace the managed policy with a customer managed or inline policy listing only the actions and resources "
      "the workload uses."},
     rules::broad_managed_policy},
};

}  // namespace

std::span<const Rule> all_rules() { return kRules; }

const Rule* find_rule(std::string_view id) {
  for (const Rule& r : kRules) {
    if (r.info.id.size() != id.size()) continue;
    bool eq = true;
    for (size_t i = 0; i < id.size(); ++i)
      if (std::toupper(static_cast<unsigned char>(id[i])) != r.info.id[i]) eq = false;
    if (eq) return &r;
  }
  return nullptr;
}

}  // namespace iamlint
