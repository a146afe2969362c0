// IAM015 allow-not-action, IAM017 policy-version.
#include "lint/fix.h"
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

namespace {

// The first IAM policy variable in `text` ("${aws:username}", "${aws:PrincipalTag/team}",
// "${saml:sub}", and the special ${*} ${?} ${$}), or "". "${AWS::Region}" (two colons) is
// CloudFormation's, not IAM's: in a !Sub it is resolved before IAM sees the text.
std::string_view policy_variable(std::string_view text) {
  for (size_t at = text.find("${"); at != std::string_view::npos; at = text.find("${", at + 2)) {
    size_t close = text.find('}', at + 2);
    if (close == std::string_view::npos) return {};
    std::string_view name = text.substr(at + 2, close - at - 2);
    if (name == "*" || name == "?" || name == "$") return text.substr(at, close - at + 1);
    size_t colon = name.find(':');
    if (colon == std::string_view::npos || colon == 0 || name.find("::") != std::string_view::npos) continue;
    if (name.find_first_of(" ${") != std::string_view::npos) continue;
    return text.substr(at, close - at + 1);
  }
  return {};
}

std::string value_variable(const Value& v) {
  for (const auto& a : v.alts)
    for (const auto& seg : a.segs)
      if (seg.kind == Segment::Text)
        if (auto var = policy_variable(seg.text); !var.empty()) return std::string(var);
  return {};
}

// The first policy variable a document uses where IAM substitutes them: Resource/NotResource and
// Condition values (RULES.md IAM017, Clarification 23). "" when it uses none.
std::string document_variable(const Model& m, const PolicyDocument& d) {
  for (const auto& s : d.statements) {
    for (const auto& it : s.resources)
      if (auto v = value_variable(it.value); !v.empty()) return v;
    if (!s.condition) continue;
    for (const auto& e : facts::conditions(s))
      for (const auto& it : m.resolve_list(e.values))
        if (auto v = value_variable(it.value); !v.empty()) return v;
  }
  return {};
}

}  // namespace

void policy_version(const Model& m, const IamCatalog&, FindingSink& sink) {
  for (const auto& d : m.policies) {
    if (d.single_statement || d.origin != PolicyOrigin::User || !d.node) continue;
    // The usual plain '2012-10-17' needs no resolver (an intrinsic or other text takes the long way).
    if (d.version && d.version->is_scalar() && d.version->tag().empty() && d.version->text() == "2012-10-17") continue;
    // Built only for a finding (describe() allocates, and most documents are fine).
    auto where = [&] { return d.owner ? " in " + d.owner->describe() + (d.where.empty() ? "" : " " + d.where) : ""; };
    // RULES.md Clarification 23: the level follows the harm. Without policy variables an absent or
    // old Version changes nothing (note); with them, they are literal text (warning).
    auto old_language = [&](const std::string& what) {
      std::string var = document_variable(m, d);
      if (var.empty())
        return std::make_pair(Level::Note, what + ". It uses no policy variable, so nothing changes today; add "
                                                  "Version: '2012-10-17' before one is added");
      return std::make_pair(Level::Warning, what + ", where the policy variable " + var +
                                                " is literal text and never matches. Add Version: '2012-10-17'");
    };
    if (!d.version) {
      auto [level, msg] = old_language("policy document" + where() +
                                       " has no Version, so IAM reads it in the 2008-10-17 language");
      Finding& f = sink.report(d.node->span, msg, d.owner, "no-version:" + d.where);
      f.level = level;
      f.fix = fix::make("Add Version: \"2012-10-17\"", true,
                        fix::insert_first_entry(m, d.node, "Version", {"\"2012-10-17\"", "\"2012-10-17\""}));
      continue;
    }
    Value v = m.resolve(d.version);
    if (v.all_unknown() || v.any_unknown()) continue;
    for (const auto& alt : v.alts) {
      std::string t = alt.literal();
      if (t == "2012-10-17") continue;
      if (t == "2008-10-17") {
        auto [level, msg] = old_language("policy Version '2008-10-17'" + where() + " is the old policy language");
        Finding& f = sink.report(d.version, msg, d.owner, "version:" + d.where);
        f.level = level;
        f.fix = fix::make("Set Version: \"2012-10-17\"", true, fix::replace_scalar(m, d.version, "2012-10-17"));
      } else {
        Finding& f = sink.report(d.version,
                                 "policy Version '" + t + "'" + where() +
                                     " is not a policy language version: IAM rejects the document. Use Version: '2012-10-17'",
                                 d.owner, "version:" + d.where);
        f.level = Level::Error;
        f.fix = fix::make("Set Version: \"2012-10-17\"", true, fix::replace_scalar(m, d.version, "2012-10-17"));
      }
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
