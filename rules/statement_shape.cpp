// IAM015 allow-not-action, IAM017 policy-version.
#include "rules/policy_facts.h"
#include "rules/rules.h"

namespace iamlint::rules {

void allow_not_action(const Model& m, const IamCatalog&, FindingSink& sink) {
  for (const auto& d : m.policies) {
    if (!d.grants()) continue;  // a guardrail grants nothing (Clarification 17)
    for (const auto& s : d.statements) {
      if (!s.allow()) continue;
      if (s.not_action && s.action_key)
        sink.report(s.action_key,
                    "Allow with NotAction grants every action except the listed ones, including every action AWS "
                    "adds later. List the allowed actions with Action instead",
                    d.owner, "NotAction");
      if (s.not_resource && s.resource_key)
        sink.report(s.resource_key,
                    "Allow with NotResource grants the actions on every resource except the listed ones. List the "
                    "allowed resources with Resource instead",
                    d.owner, "NotResource");
    }
  }
}

void policy_version(const Model& m, const IamCatalog&, FindingSink& sink) {
  for (const auto& d : m.policies) {
    if (d.single_statement || d.origin != PolicyOrigin::User || !d.node) continue;
    // Built only for a finding (describe() allocates, and most documents are fine).
    auto where = [&] { return d.owner ? " in " + d.owner->describe() + (d.where.empty() ? "" : " " + d.where) : ""; };
    if (!d.version) {
      sink.report(d.node->span,
                  "policy document" + where() +
                      " has no Version: IAM then uses 2008-10-17, where policy variables such as ${aws:username} "
                      "are literal text. Add Version: '2012-10-17'",
                  d.owner, "no-version:" + d.where);
      continue;
    }
    // The usual plain '2012-10-17' needs no resolver (an intrinsic or other text takes the long way).
    if (d.version->is_scalar() && d.version->tag().empty() && d.version->text() == "2012-10-17") continue;
    Value v = m.resolve(d.version);
    if (v.all_unknown() || v.any_unknown()) continue;
    for (const auto& alt : v.alts) {
      std::string t = alt.literal();
      if (t == "2012-10-17") continue;
      std::string why = t == "2008-10-17"
                            ? "the old policy language: policy variables such as ${aws:username} are literal text"
                            : "not a policy language version (use '2012-10-17')";
      sink.report(d.version, "policy Version '" + t + "'" + where() + " is " + why, d.owner, "version:" + d.where);
      break;
    }
  }
}

void iam_user_access_key(const Model& m, const IamCatalog&, FindingSink& sink) {
  for (const auto& r : m.resources()) {
    if (r.type != "AWS::IAM::AccessKey") continue;
    sink.report(r.key,
                "AccessKey '" + std::string(r.id) +
                    "' creates a long-lived credential that works until someone revokes it. Use a role with "
                    "temporary credentials (STS), or OIDC federation for CI/CD",
                &r, "AccessKey");
  }
}

}  // namespace iamlint::rules
