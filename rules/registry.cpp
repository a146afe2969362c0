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
// Correctness rules are not tagged "security": they carry no security-severity (RULES.md).
constexpr std::string_view kCorrectness[] = {"iam", "correctness"};
constexpr std::string_view kCredentials[] = {"security", "iam", "credentials"};
constexpr std::string_view kTrust[] = {"security", "iam", "trust-policy"};
constexpr std::string_view kResourcePolicy[] = {"security", "iam", "resource-policy"};
constexpr std::string_view kEscalation[] = {"security", "iam", "privilege-escalation"};

// security-severity (GitHub code scanning): only rules about security exposure carry one, within
// RULES.md's range for their level; correctness rules carry none ("") and are shown by level.
const Rule kRules[] = {
    {{"IAM000", "parse-error", Level::Error, Precision::VeryHigh, "", kCorrectness,
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
    {{"IAM005", "action-resource-mismatch", Level::Error, Precision::High, "", kCorrectness,
      "An action is granted on a resource it cannot apply to",
      "No Resource of the statement matches any resource type the action accepts, so the grant never applies: "
      "s3:ListBucket on an object ARN, s3:GetObject on a bucket ARN, dynamodb:GetItem on an S3 ARN, an action that "
      "only works with \"*\" on a specific ARN. The workload fails with AccessDenied, and the usual \"fix\" is a "
      "wildcard.",
      "Use the ARN shape the action needs: the bucket ARN (arn:aws:s3:::bucket) for s3:ListBucket, the object ARN "
      "(arn:aws:s3:::bucket/*) for s3:GetObject; put actions that only work with \"*\" in a statement with "
      "Resource \"*\"."},
     rules::action_resource_mismatch},
    {{"IAM006", "missing-instance-profile", Level::Error, Precision::High, "", kCorrectness,
      "An EC2 role has no instance profile, or a role is passed where an instance profile is expected",
      "(a) A role trusts ec2.amazonaws.com but no AWS::IAM::InstanceProfile of the template contains it, nothing "
      "exports it and no other resource uses it: EC2 cannot use a role directly, so the instance has no "
      "credentials. (b) An EC2 Instance, LaunchTemplate or LaunchConfiguration IamInstanceProfile points at a Role "
      "instead of an instance profile.",
      "Create an AWS::IAM::InstanceProfile with Roles: [!Ref TheRole] and reference the profile (its name or "
      "ARN) from the instance or launch template."},
     rules::missing_instance_profile},
    {{"IAM007", "trust-missing-service", Level::Error, Precision::High, "", kCorrectness,
      "A role is used by a service its trust policy does not name",
      "A role is handed to a consumer (a Lambda function, an ECS task, a state machine, a CodeBuild project, an "
      "instance profile...) whose service principal is not in the role's trust policy: the service cannot assume "
      "the role and the deployment or the first invocation fails.",
      "Add the consumer's service principal (lambda.amazonaws.com, ecs-tasks.amazonaws.com, ...) to the role's "
      "AssumeRolePolicyDocument, or give that service a role of its own."},
     rules::trust_missing_service},
    {{"IAM008", "policy-too-large", Level::Error, Precision::High, "", kCorrectness,
      "A policy document is over IAM's size quota",
      "A managed policy document is longer than 6,144 characters (IAM counts the JSON without white space), or "
      "the inline policies of a role, group or user (its own Policies and those AWS::IAM::Policy, RolePolicy, "
      "GroupPolicy or UserPolicy resources put on it) add up to more than 10,240, 5,120 or 2,048 characters, or "
      "an SCP or RCP is over the 5,120 bytes AWS Organizations allows (white space included): "
      "CloudFormation fails the deployment with LimitExceeded. Values only known at deploy time count as empty, so "
      "a reported size is a lower bound.",
      "Split the document into several managed policies (up to 10 per identity by default), move inline "
      "statements into managed policies, or merge statements that repeat the same resources."},
     rules::policy_too_large},
    {{"IAM009", "invalid-policy", Level::Error, Precision::High, "", kCorrectness,
      "IAM rejects the policy, or a statement can never apply",
      "The policy breaks IAM's grammar, so the deployment fails or the statement never applies: Action and NotAction "
      "(Resource/NotResource, Principal/NotPrincipal) in one statement; an Effect other than Allow or Deny; no "
      "Action; an identity statement without Resource or with a Principal; a resource-policy statement without "
      "Principal; NotPrincipal in a trust policy; an unknown element (Actions, Statment); an unknown condition "
      "operator (StringEqual); a duplicate Sid; NotAction \"*\" or NotResource \"*\"; a Date, IpAddress, Bool, "
      "Numeric or Arn condition value of the wrong type.",
      "Fix the element, operator or value the finding points at, as its message says (\"did you mean\")."},
     rules::invalid_policy},
    {{"IAM010", "trust-any-principal", Level::Error, Precision::High, "9.0", kTrust,
      "A trust policy lets any principal assume the role",
      "A trust policy Allow has Principal \"*\" or AWS \"*\" without a condition that pins the "
      "caller (aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalArn, aws:SourceAccount, aws:SourceArn): any "
      "AWS account can assume the role. sts:ExternalId or MFA alone pins no one.",
      "Name the principals that may assume the role, or add a condition on aws:PrincipalOrgID, "
      "aws:PrincipalAccount or aws:PrincipalArn."},
     rules::trust_any_principal},
    {{"IAM011", "cross-account-trust-without-external-id", Level::Warning, Precision::High, "6.5", kTrust,
      "A role trusts another account without an sts:ExternalId condition",
      "A trust policy lets a principal of another AWS account assume the role with no sts:ExternalId condition "
      "(and no aws:PrincipalOrgID or MFA requirement): a third-party service that acts for many customers can be "
      "tricked into using the role for someone else - the confused deputy.",
      "For a third party's service, require the ExternalId it gave you: Condition: {StringEquals: {sts:ExternalId: "
      "...}}; for accounts of your own organisation, add an aws:PrincipalOrgID condition (console role switching "
      "cannot send an ExternalId); for people, require aws:MultiFactorAuthPresent: true; or list the accounts you "
      "trust under rules: IAM011: trusted-accounts in .iamlint.yaml."},
     rules::cross_account_trust_without_external_id},
    {{"IAM012", "oidc-trust-without-subject", Level::Error, Precision::High, "9.3", kTrust,
      "An OIDC trust (GitHub Actions, GitLab...) does not pin the subject",
      "A trust policy lets an OIDC provider (token.actions.githubusercontent.com, GitLab, Terraform Cloud, "
      "Bitbucket, CircleCI, EKS) assume the role with sts:AssumeRoleWithWebIdentity but has no :sub condition that "
      "names an organisation or repository: any repository on the platform could deploy as this role.",
      "Add StringLike: {token.actions.githubusercontent.com:sub: repo:ORG/REPO:ref:refs/heads/main} (or the "
      "provider's subject claim) next to the :aud condition."},
     rules::oidc_trust_without_subject},
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
      "lambda:CreateFunction, ec2:RunInstances, cloudformation:CreateStack or glue:CreateDevEndpoint; or an attached "
      "AWS managed policy whose document grants that (IAMFullAccess, AWSLambda_FullAccess).",
      "Limit the Resource of permission-changing actions to the specific identities and policies the workload "
      "manages, and iam:PassRole to the roles it passes."},
     rules::privilege_escalation},
    {{"IAM015", "allow-not-action", Level::Warning, Precision::VeryHigh, "6.0", kLeastPrivilege,
      "An Allow statement uses NotAction or NotResource",
      "Allow with NotAction grants every action except a list, including every action AWS adds later; Allow with "
      "NotResource grants on every resource except a list.",
      "Use Action and Resource with the allowed values. NotAction/NotResource belong in Deny statements."},
     rules::allow_not_action},
    {{"IAM016", "unknown-action", Level::Error, Precision::High, "", kCorrectness,
      "An action does not exist in any AWS service",
      "An Action or NotAction value names no IAM action: a typo (s3:GetObjects), an unknown service prefix, a "
      "missing prefix, an API name that is not an IAM action (s3:HeadBucket is authorized by s3:ListBucket), or a "
      "wildcard that matches nothing. An Allow of it grants nothing; a Deny of it denies nothing.",
      "Use the IAM action name iamlint suggests (\"did you mean\"), as listed in the AWS Service Authorization "
      "Reference. For an action newer than iamlint's IAM data, add it to extra-actions in .iamlint.yaml."},
     rules::unknown_action},
    {{"IAM017", "policy-version", Level::Warning, Precision::VeryHigh, "", kCorrectness,
      "A policy document has no Version or an old/invalid one",
      "Without Version: '2012-10-17' IAM uses the 2008-10-17 language, where policy variables such as "
      "${aws:username} are literal text: a note when the document uses none (nothing changes today), a warning when "
      "it does. Any other value is not a policy language version and IAM rejects the document: an error.",
      "Add Version: '2012-10-17' to the policy document."},
     rules::policy_version},
    {{"IAM018", "iam-user-access-key", Level::Warning, Precision::VeryHigh, "6.5", kCredentials,
      "An IAM access key (long-lived credential) is created",
      "AWS::IAM::AccessKey creates an access key that never expires: if it leaks it works until someone notices "
      "and revokes it.",
      "Use roles with temporary STS credentials: instance profiles, Lambda/ECS execution roles, OIDC federation for "
      "CI/CD, IAM Identity Center for people."},
     rules::iam_user_access_key},
    {{"IAM019", "policy-on-user", Level::Note, Precision::High, "3.0", kSecurity,
      "Permissions are attached directly to an IAM user",
      "An AWS::IAM::User has Policies or ManagedPolicyArns, or a Policy/ManagedPolicy lists it in Users: "
      "permissions attached user by user are hard to audit and to revoke.",
      "Attach the permissions to a group and add the user to it, or use a role."},
     rules::policy_on_user},
    {{"IAM020", "unattached-policy", Level::Warning, Precision::Medium, "", kCorrectness,
      "A policy in the template is attached to nothing",
      "An AWS::IAM::ManagedPolicy or AWS::IAM::Policy has no Roles, Users or Groups, no identity of the template "
      "references it and it is not exported: it grants nothing, which usually means an attachment was forgotten.",
      "Attach it (Roles/Users/Groups, or ManagedPolicyArns of a role) or delete it."},
     rules::unattached_policy},
    {{"IAM021", "resource-policy-public", Level::Error, Precision::High, "9.1", kResourcePolicy,
      "A resource policy lets anyone reach the resource",
      "A bucket, queue, topic, key, repository, secret, log, domain, event bus or API policy allows Principal "
      "\"*\" (or NotPrincipal) with no condition pinning the caller's account, organization, network or source; "
      "or an AWS::Lambda::Permission has Principal \"*\" without SourceArn, SourceAccount, PrincipalOrgID or "
      "FunctionUrlAuthType: AWS_IAM.",
      "Name the principals, or add aws:SourceArn / aws:SourceAccount / aws:PrincipalOrgID / aws:SourceVpce "
      "conditions."},
     rules::resource_policy_public},
    {{"IAM022", "shared-role", Level::Note, Precision::Medium, "3.5", kLeastPrivilege,
      "One role is used by several services",
      "A role is handed to consumers of different services (for example a Lambda function and an ECS task): each "
      "gets the union of the permissions, and a compromise of one is a compromise of all.",
      "Give each service its own role with only what it needs."},
     rules::shared_role},
    {{"IAM023", "broad-managed-policy", Level::Warning, Precision::High, "6.0", kLeastPrivilege,
      "An AWS managed policy that grants a whole service or more is attached",
      "A role, user or group attaches an AWS managed policy whose document allows every action of a service or more "
      "(PowerUserAccess, AmazonS3FullAccess...), as classified from each policy's document when "
      "iamlint's data was generated.",
      "Replace the managed policy with a customer managed or inline policy listing only the actions and resources "
      "the workload uses."},
     rules::broad_managed_policy},
    {{"IAM024", "unknown-managed-policy", Level::Error, Precision::VeryHigh, "", kCorrectness,
      "An attached AWS managed policy does not exist",
      "A ManagedPolicyArns, PermissionsBoundary or SAM Policies item names arn:<partition>:iam::aws:policy/... (or a "
      "bare SAM name) that is no AWS managed policy of iamlint's list: a typo (AdministratorAcess), a wrong path "
      "(service-role/ missing or extra), a retired or deprecated policy. CloudFormation fails the deployment.",
      "Use the policy name iamlint suggests (\"did you mean\"), with its path; for a deprecated policy, its "
      "replacement."},
     rules::unknown_managed_policy},
    {{"IAM026", "unknown-condition-key", Level::Warning, Precision::High, "", kCorrectness,
      "A Condition key is not one the request can carry",
      "A Condition key is neither an AWS global key (aws:SourceIp, aws:PrincipalOrgID...) nor a key of a service "
      "whose action the statement names, in any case spelling: a typo (aws:SourceIpAddress), a key of another "
      "service, a made-up key. The request never carries it, so the condition does not test what it says: on an "
      "Allow the grant never applies (warning); on a Deny the guard silently never fires (error).",
      "Use the key iamlint suggests (\"did you mean\"), as listed in the AWS Service Authorization Reference or "
      "the global condition keys page. For a service newer than iamlint's IAM data, add one of its actions to "
      "extra-actions in .iamlint.yaml."},
     rules::unknown_condition_key},
    {{"IAM027", "lambda-permission-without-source", Level::Warning, Precision::High, "6.0", kResourcePolicy,
      "A Lambda permission for a service has no SourceArn/SourceAccount",
      "An AWS::Lambda::Permission lets a service principal (s3.amazonaws.com, sns.amazonaws.com, "
      "events.amazonaws.com...) invoke the function without SourceArn or SourceAccount, so resources of any "
      "account can invoke it; for S3 SourceAccount is required since bucket ARNs carry no account.",
      "Add SourceArn (the bucket, topic, rule or API ARN) and, for S3, SourceAccount: !Ref AWS::AccountId."},
     rules::lambda_permission_without_source},
    // Cross-file: evaluated by the CLI over the files of a run (lint/access/assertions.h), not per model.
    {{"IAM030", "access-assertion", Level::Error, Precision::VeryHigh, "8.8", kSecurity,
      "An access assertion of .iamlint.yaml does not hold",
      "An access: assertion of .iamlint.yaml fails when the files are evaluated with AWS's policy evaluation "
      "logic: a principal cannot do an action it must be able to do (allow), can or may do an action it must "
      "not (deny), or a resource is reachable from outside the account (public: false).",
      "Change the policies named in the related locations (or the assertion, when the intended permissions "
      "changed); iamlint access shows each decision and the statements behind it."},
     nullptr},
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
