// Trust policies and resource policies: IAM010 trust-any-principal, IAM011
// cross-account-trust-without-external-id, IAM012 oidc-trust-without-subject, IAM021
// resource-policy-public.
#include <algorithm>
#include <cctype>

#include "rules/conditions.h"
#include "rules/reach.h"
#include "rules/rules.h"

namespace iamlint::rules {
namespace {

bool all_digits(std::string_view s) {
  return s.size() == 12 && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// Unknown segments that never contain ':' or '/' (pseudo parameters other than the account).
bool plain_pseudo(std::string_view what) {
  return what == "AWS::Partition" || what == "AWS::Region" || what == "AWS::URLSuffix";
}

// The account an AWS principal names: "123456789012", "arn:aws:iam::123456789012:root" (role/user
// ARNs too), in any spelling: `!Sub arn:${AWS::Partition}:iam::123456789012:root` and CDK's Fn::Join
// resolve to the same segments (RULES.md Clarification 18). "self" for ${AWS::AccountId}; "" when
// it is not an account or cannot be decided (an unknown before the account field might hold ':').
std::string principal_account(const Alternative& a) {
  std::string t;  // the text, with one '\x01' per colon-free pseudo parameter and '\x02' for the account
  for (const auto& s : a.segs) {
    if (s.kind == Segment::Text) t += s.text;
    else if (s.text == "AWS::AccountId") t += '\x02';
    else if (plain_pseudo(s.text)) t += '\x01';
    else if (t.find('\x02') != std::string::npos || std::count(t.begin(), t.end(), ':') >= 5) break;  // after the account
    else return "";
  }
  if (all_digits(t)) return t;
  if (t == "\x02") return "self";
  if (t.rfind("arn:", 0) != 0) return "";
  size_t p = 0;
  for (int i = 0; i < 4 && p != std::string::npos; ++i) p = t.find(':', p + 1);
  if (p == std::string::npos) return "";
  size_t e = t.find(':', p + 1);
  std::string acct = t.substr(p + 1, e == std::string::npos ? std::string::npos : e - p - 1);
  if (acct == "\x02") return "self";
  return all_digits(acct) ? acct : "";
}

bool grants_web_identity(const IamCatalog& cat, const Statement& s) {
  if (s.not_action) return false;
  auto id = cat.find_action("sts:AssumeRoleWithWebIdentity");
  for (const auto& ap : facts::action_patterns(s)) {
    if (ap.text == "sts:assumerolewithwebidentity" || facts::is_star_action(ap.text)) return true;
    if (ap.text.find_first_of("*?") != std::string::npos && id) {
      auto acts = cat.expand(ap.text);
      if (std::binary_search(acts.begin(), acts.end(), *id)) return true;
    }
  }
  return false;
}

// The OIDC issuer a Federated principal names ("token.actions.githubusercontent.com"), or "". The
// host may hold pseudo parameters (EKS: oidc.eks.${AWS::Region}.amazonaws.com/id/...), kept as
// written; any other unknown leaves the issuer undecided.
std::string oidc_issuer(const Alternative& a) {
  std::string p;
  for (const auto& s : a.segs) {
    if (s.kind == Segment::Text) p += s.text;
    else if (plain_pseudo(s.text) || s.text == "AWS::AccountId") p += "${" + s.text + "}";
    else p += kUnknownChar;
  }
  auto at = p.find("oidc-provider/");
  if (at != std::string::npos) {
    std::string host = p.substr(at + 14);
    if (host.find(kUnknownChar) != std::string::npos || host.empty()) return "";
    return host;
  }
  if (a.is_literal() && a.literal() == "accounts.google.com") return "accounts.google.com";
  return "";
}

struct Issuer {
  std::string_view match;   // substring of the issuer host
  std::string_view name;    // for messages
  std::string_view example; // a pinned subject
};
constexpr Issuer kIssuers[] = {
    {"token.actions.githubusercontent.com", "GitHub", "repo:ORG/REPO:ref:refs/heads/main"},
    {"gitlab", "GitLab", "project_path:GROUP/PROJECT:ref_type:branch:ref:main"},
    {"app.terraform.io", "Terraform Cloud", "organization:ORG:project:PROJECT:workspace:WORKSPACE:run_phase:apply"},
    {"bitbucket.org", "Bitbucket", "{REPOSITORY_UUID}:*"},
    {"circleci.com", "CircleCI", "org/ORG_ID/project/PROJECT_ID/user/*"},
    {"oidc.eks.", "EKS", "system:serviceaccount:NAMESPACE:SERVICE_ACCOUNT"},
    {"accounts.google.com", "Google", "YOUR_GOOGLE_SUBJECT_ID"},
};

// Does a `sub` value pin at least an organisation/group (RULES.md Clarification 12)?
bool pins_owner(std::string_view v) {
  for (std::string_view prefix : {"repo:", "project_path:", "organization:", "system:serviceaccount:", "org/"})
    if (v.substr(0, prefix.size()) == prefix) {
      v.remove_prefix(prefix.size());
      break;
    }
  size_t end = v.find_first_of(":/");
  std::string_view owner = v.substr(0, end);
  return !owner.empty() && owner.find_first_of("*?") == std::string_view::npos;
}

}  // namespace

void trust_any_principal(const Model& m, const IamCatalog& cat, FindingSink& sink) {
  for (const auto& d : m.policies) {
    if (d.kind != PolicyKind::Trust) continue;
    for (const auto& s : d.statements) {
      const Node* at = cond::public_principal(s);
      // Decided by access evaluation: can a caller outside the account assume the role, with
      // this statement and the document's Denies (Clarification 19)?
      if (!at || reach::outsiders_shut_out(m, cat, d, s, cond::kCallerKeys)) continue;
      sink.report(at,
                  std::string("Principal \"*\"") +  // NotPrincipal in a trust policy is IAM009
                      " in a trust policy lets any AWS account assume " +
                      (d.owner ? d.owner->describe() : std::string("this role")) +
                      " (sts:ExternalId or MFA alone pins no one). Name the principals, or add a condition on "
                      "aws:PrincipalOrgID / aws:PrincipalAccount / aws:PrincipalArn",
                  d.owner, "any-principal");
    }
  }
}

void cross_account_trust_without_external_id(const Model& m, const IamCatalog&, FindingSink& sink) {
  for (const auto& d : m.policies) {
    if (d.kind != PolicyKind::Trust) continue;
    for (const auto& s : d.statements) {
      if (!s.allow() || s.not_principal || !s.principal_node) continue;
      std::string other;
      for (const auto& p : s.principals) {
        if (p.type != "AWS") continue;
        for (const auto& a : p.item.value.alts) {
          std::string acct = principal_account(a);
          if (acct.empty() || acct == "self" || acct == m.owner_account) continue;
          if (std::find(m.trusted_accounts.begin(), m.trusted_accounts.end(), acct) != m.trusted_accounts.end()) continue;
          if (other.empty()) other = acct;
        }
      }
      if (other.empty()) continue;
      if (cond::has_restricting(m, s, {"sts:externalid", "aws:principalorgid", "aws:principalorgpaths"})) continue;
      bool mfa = false;
      for (const auto& e : facts::conditions(s)) {
        if (facts::lower(e.key) != "aws:multifactorauthpresent") continue;
        cond::Operator o = cond::parse_operator(e.op);
        cond::Values v = cond::values(m, e);
        if (o.base == "bool" && !o.if_exists && !o.negated && v.literal.size() == 1 && facts::lower(v.literal[0]) == "true")
          mfa = true;
      }
      if (mfa) continue;
      sink.report(s.principal_node,
                  (d.owner ? d.owner->describe() : std::string("This role")) + " trusts account " + other +
                      " without an sts:ExternalId condition: a third-party service acting for several customers "
                      "can be tricked into using it (confused deputy). For a third party's service, require the "
                      "sts:ExternalId it gave you; for accounts of your own organisation, add an aws:PrincipalOrgID "
                      "condition (console role switching cannot send an ExternalId); or list the account under "
                      "rules: IAM011: trusted-accounts in .iamlint.yaml",
                  d.owner, "cross-account:" + other);
    }
  }
}

void oidc_trust_without_subject(const Model& m, const IamCatalog& cat, FindingSink& sink) {
  for (const auto& d : m.policies) {
    if (d.kind != PolicyKind::Trust) continue;
    for (const auto& s : d.statements) {
      if (!s.allow() || !s.principal_node || !grants_web_identity(cat, s)) continue;
      std::string issuer;
      for (const auto& p : s.principals) {
        if (p.type != "Federated") continue;
        for (const auto& a : p.item.value.alts)
          if (issuer.empty()) issuer = oidc_issuer(a);
      }
      if (issuer.empty()) continue;
      // A `:sub` under StringEquals/StringLike (or ForAnyValue:/ForAllValues:) whose every value pins an owner.
      bool pinned = false;
      for (const auto& e : facts::conditions(s)) {
        std::string k = facts::lower(e.key);
        // A key only known at deploy time (`${ClusterKey}` of a JSON-text Fn::Sub; `${Oidc}:aud` is
        // known to be no sub) may be the sub: undecided, so no finding (RULES.md Clarification 18).
        if (size_t v = k.rfind("${"), c = k.rfind('}'); v != std::string::npos && c != std::string::npos && c > v &&
                                                         k.find(':', v) > c && k.find(':', c) == std::string::npos)
          pinned = true;
        if (k.size() < 4 || k.compare(k.size() - 4, 4, ":sub") != 0) continue;
        cond::Operator o = cond::parse_operator(e.op);
        // ForAllValues: pins too: the claim is always in the token (RULES.md Clarification 12).
        if (o.negated || o.if_exists) continue;
        if (o.base != "stringequals" && o.base != "stringlike" && o.base != "stringequalsignorecase") continue;
        cond::Values v = cond::values(m, e);
        if (v.unknown) {
          pinned = true;
          continue;
        }
        if (!v.literal.empty() && std::all_of(v.literal.begin(), v.literal.end(), [](const std::string& x) { return pins_owner(x); }))
          pinned = true;
      }
      if (pinned) continue;
      const Issuer* known = nullptr;
      for (const auto& i : kIssuers)
        if (issuer.find(i.match) != std::string::npos) known = &i;
      std::string who = known ? std::string(known->name) : issuer;
      std::string example = known ? std::string(known->example) : "THE_SUBJECT_YOU_TRUST";
      sink.report(s.principal_node,
                  "OIDC trust for " + issuer + " has no " + issuer + ":sub condition that names an owner: any " +
                      (known && known->name == "GitHub" ? "repository on GitHub" : "workload of " + who) +
                      " could assume " + (d.owner ? d.owner->describe() : std::string("this role")) +
                      ". Pin the subject, e.g. StringLike: {" + issuer + ":sub: " + example + "}",
                  d.owner, "oidc:" + issuer);
    }
  }
}

void resource_policy_public(const Model& m, const IamCatalog& cat, FindingSink& sink) {
  for (const auto& d : m.policies) {
    for (const auto& s : d.statements) {
      if (!cond::public_resource_statement(m, cat, d, s)) continue;
      sink.report(cond::public_principal(s),
                  std::string(s.not_principal ? "NotPrincipal with Allow" : "Principal \"*\"") + " makes " +
                      (d.owner ? d.owner->describe() : std::string("this resource")) +
                      " reachable by anyone, with no condition pinning the caller (aws:SourceArn, aws:SourceAccount, "
                      "aws:PrincipalOrgID, aws:SourceVpce...). Name the principals or add such a condition" +
                      (s.not_principal ? std::string(" (AWS no longer supports Allow with NotPrincipal in new "
                                                     "resource policies: name the principals with Principal)")
                                       : std::string()),
                  d.owner, "public");
    }
  }
  if (m.kind != DocKind::Template) return;
  for (const auto& r : m.resources()) {
    if (r.type != "AWS::Lambda::Permission" || !r.properties) continue;
    const Node* pn = r.prop("Principal");
    if (!pn || !m.resolve(pn).any_is("*")) continue;
    if (r.prop("PrincipalOrgID") || r.prop("SourceArn") || r.prop("SourceAccount")) continue;
    if (const Node* auth = r.prop("FunctionUrlAuthType"); auth && m.resolve(auth).is("AWS_IAM")) continue;
    sink.report(pn,
                "Lambda permission '" + std::string(r.id) +
                    "' lets anyone (Principal \"*\") invoke the function. Name the principal, or add SourceArn, "
                    "SourceAccount or PrincipalOrgID (or FunctionUrlAuthType: AWS_IAM for a function URL)",
                &r, "public-permission");
  }
}

}  // namespace iamlint::rules
