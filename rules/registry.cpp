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
    {{"IAM004", "service-wildcard-action", Level::Warning, Precision::High, "6.5", kLeastPrivilege,
      "An identity policy grants every action of a service (s3:*)",
      "An Allow statement grants svc:* (or a wildcard that covers every action of a service), or Action \"*\" on a "
      "narrower resource: this includes destructive and permission-changing actions the workload never calls.",
      "Replace the wildcard with the specific actions the workload needs (for example s3:GetObject and "
      "s3:PutObject instead of s3:*)."},
     rules::service_wildcard_action},
    {{"IAM015", "allow-not-action", Level::Warning, Precision::VeryHigh, "6.0", kLeastPrivilege,
      "An Allow statement uses NotAction or NotResource",
      "Allow with NotAction grants every action except a list, including every action AWS adds later; Allow with "
      "NotResource grants on every resource except a list.",
      "Use Action and Resource with the allowed values. NotAction/NotResource belong in Deny statements."},
     rules::allow_not_action},
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
