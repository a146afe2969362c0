// IAM001 admin-managed-policy, IAM002 full-admin-statement, IAM023 broad-managed-policy.
#include "rules/managed_policies.h"
#include "rules/policy_facts.h"
#include "rules/rules.h"

namespace iamlint::rules {
namespace {

constexpr std::string_view kAdminSuffix = ":iam::aws:policy/AdministratorAccess";

std::string owner_name(const Resource* r) { return r ? r->describe() : std::string("this policy"); }

// The AWS managed policy an ARN or SAM name refers to: "AdministratorAccess" from
// "arn:aws-cn:iam::aws:policy/AdministratorAccess" or "arn:${AWS::Partition}:iam::aws:policy/...".
bool names_admin(const ManagedPolicyRef& ref, const Alternative& a) {
  std::string p = a.pattern();
  if (ref.sam_name && a.is_literal() && a.literal() == "AdministratorAccess") return true;
  if (p.size() < kAdminSuffix.size() || p.compare(p.size() - kAdminSuffix.size(), kAdminSuffix.size(), kAdminSuffix) != 0)
    return false;
  // Partition: a literal one or an unknown segment (${AWS::Partition}).
  std::string_view head = std::string_view(p).substr(0, p.size() - kAdminSuffix.size());
  return head.substr(0, 4) == "arn:" && head.find(':', 4) == std::string_view::npos;
}

}  // namespace

void admin_managed_policy(const Model& m, const IamCatalog&, FindingSink& sink) {
  for (const auto& ref : m.managed_policies) {
    if (ref.boundary) continue;
    for (const auto& a : ref.value.alts) {
      if (!names_admin(ref, a)) continue;
      sink.report(ref.node,
                  owner_name(ref.owner) +
                      " attaches the AWS managed policy AdministratorAccess: every action on every resource. "
                      "Grant only the actions and resources the workload needs",
                  ref.owner, "AdministratorAccess");
      break;
    }
  }
}

void full_admin_statement(const Model& m, const IamCatalog&, FindingSink& sink) {
  for (const auto& d : m.policies) {
    if (!d.grants()) continue;  // a guardrail grants nothing (Clarification 17)
    for (const auto& s : d.statements) {
      if (!facts::full_admin(d, s)) continue;
      const Item* a = facts::star_action_item(s);
      sink.report(a->node,
                  "statement allows every action on every resource (Action \"*\" on Resource \"*\"): full "
                  "administrator access" +
                      (d.owner ? " for " + d.owner->describe() : std::string()) +
                      ". List the actions and resources the workload needs",
                  d.owner, "*");
    }
  }
}

}  // namespace iamlint::rules

namespace iamlint::rules {

void broad_managed_policy(const Model& m, const IamCatalog& cat, FindingSink& sink) {
  for (const auto& ref : m.managed_policies) {
    if (ref.boundary) continue;  // a boundary limits, it grants nothing
    for (const auto& a : ref.value.alts) {
      const ManagedPolicy* mp = managed_target(cat, ref, a).policy;
      if (!mp || mp->name == "AdministratorAccess" || mp->cls == ManagedPolicyClass::Narrow) continue;
      if (!mp->escalation.empty()) continue;  // IAM014 at this list item instead (RULES.md IAM023)
      std::string grant = mp->broad_grant.empty() ? std::string() : " (it allows " + std::string(mp->broad_grant) + ")";
      sink.report(ref.node,
                  (ref.owner ? ref.owner->describe() : std::string("this identity")) + " attaches the AWS managed policy " +
                      std::string(mp->name) + grant + ", which grants " +
                      (mp->cls == ManagedPolicyClass::Admin ? "nearly everything" : "a whole service") +
                      ". Use a policy with only the actions and resources the workload needs",
                  ref.owner, std::string(mp->name));
      break;
    }
  }
}

}  // namespace iamlint::rules
