// IAM013 passrole-wildcard, IAM014 privilege-escalation.
#include <algorithm>
#include <array>
#include <optional>

#include "rules/policy_facts.h"
#include "rules/rules.h"

namespace iamlint::rules {
namespace {

// RULES.md IAM014: actions that let the holder raise its own permissions, and the IAM resource kind
// whose wildcard makes them an escalation.
struct Escalation {
  std::string_view action;  // lower-case
  std::string_view kind;    // "role", "user", "group", "policy"
};
constexpr Escalation kEscalations[] = {
    {"iam:createpolicyversion", "policy"}, {"iam:setdefaultpolicyversion", "policy"},
    {"iam:attachuserpolicy", "user"},      {"iam:attachgrouppolicy", "group"},
    {"iam:attachrolepolicy", "role"},      {"iam:putuserpolicy", "user"},
    {"iam:putgrouppolicy", "group"},       {"iam:putrolepolicy", "role"},
    {"iam:createaccesskey", "user"},       {"iam:createloginprofile", "user"},
    {"iam:updateloginprofile", "user"},    {"iam:updateassumerolepolicy", "role"},
    {"iam:addusertogroup", "group"},
};
// With iam:PassRole on any role, these create a resource that runs as a role of the holder's choice.
constexpr std::array<std::string_view, 4> kPassRoleTargets = {"lambda:createfunction", "ec2:runinstances",
                                                             "cloudformation:createstack", "glue:createdevendpoint"};

// Index of an escalation's kind in facts::kIamKinds.
size_t kind_index(std::string_view kind) {
  for (size_t i = 0; i < std::size(facts::kIamKinds); ++i)
    if (facts::kIamKinds[i] == kind) return i;
  return 0;
}

// Does an action pattern of a statement grant `action`? The pattern is checked against up to 17
// actions, so its wildcard expansion is computed once, on first need.
class PatternGrants {
 public:
  PatternGrants(const IamCatalog& cat, const facts::ActionPattern& ap)
      : cat_(cat), ap_(ap), wildcard_(facts::has_wildcard(ap.text)) {}

  // `id` is cat.find_action(action), looked up once per rule run by the caller.
  bool operator()(std::string_view action, std::optional<ActionId> id) {
    if (ap_.text == action) return true;
    if (!wildcard_ || !id) return false;
    if (!expanded_) {
      acts_ = cat_.expand(ap_.text);
      expanded_ = true;
    }
    return std::binary_search(acts_.begin(), acts_.end(), *id);
  }

 private:
  const IamCatalog& cat_;
  const facts::ActionPattern& ap_;
  bool wildcard_;
  bool expanded_ = false;
  std::vector<ActionId> acts_;
};

bool has_condition_key(const Statement& s, std::string_view key) {
  for (const auto& c : facts::conditions(s))
    if (facts::lower(c.key) == key) return true;
  return false;
}

}  // namespace

void passrole_wildcard(const Model& m, const IamCatalog& cat, FindingSink& sink) {
  const auto passrole = cat.find_action("iam:passrole");
  for (const auto& d : m.policies) {
    if (!d.grants()) continue;  // a guardrail grants nothing (Clarification 17)
    if (d.kind != PolicyKind::Identity) continue;
    for (const auto& s : d.statements) {
      if (!s.allow() || s.not_action || facts::full_admin(d, s)) continue;
      const Item* res = facts::wildcard_iam_resource(s, "role");
      if (!res || has_condition_key(s, "iam:passedtoservice")) continue;
      const Item* last = nullptr;
      for (const auto& ap : facts::action_patterns(s)) {
        if (ap.item == last || !PatternGrants(cat, ap)("iam:passrole", passrole)) continue;
        last = ap.item;
        sink.report(ap.item->node,
                    "\"" + ap.written + "\" allows iam:PassRole on every role (Resource " +
                        res->value.alts[0].display() +
                        "): the holder can hand any role, including an admin one, to a service it controls. Name "
                        "the roles (arn:aws:iam::account:role/app-*) and add an iam:PassedToService condition",
                    d.owner, ap.text);
      }
    }
  }
}

void privilege_escalation(const Model& m, const IamCatalog& cat, FindingSink& sink) {
  // Catalog ids of the actions this rule looks for, found once per run rather than per pattern.
  std::optional<ActionId> escalation_ids[std::size(kEscalations)];
  for (size_t e = 0; e < std::size(kEscalations); ++e) escalation_ids[e] = cat.find_action(kEscalations[e].action);
  std::optional<ActionId> target_ids[kPassRoleTargets.size()];
  for (size_t t = 0; t < kPassRoleTargets.size(); ++t) target_ids[t] = cat.find_action(kPassRoleTargets[t]);
  const auto passrole = cat.find_action("iam:passrole");

  for (const auto& d : m.policies) {
    if (!d.grants()) continue;  // a guardrail grants nothing (Clarification 17)
    if (d.kind != PolicyKind::Identity) continue;
    // Which IAM resource kinds each statement's Resource covers with a wildcard, found once.
    std::vector<std::array<const Item*, std::size(facts::kIamKinds)>> wild_of;
    wild_of.reserve(d.statements.size());
    for (const auto& s : d.statements) wild_of.push_back(facts::wildcard_iam_resources(s));
    const size_t role = kind_index("role");
    // iam:PassRole on every role anywhere in the document (any statement) enables the second form.
    bool passrole_any = false;
    for (size_t i = 0; i < d.statements.size(); ++i) {
      const Statement& s = d.statements[i];
      if (!s.allow() || s.not_action || !wild_of[i][role]) continue;
      for (const auto& ap : facts::action_patterns(s))
        if (PatternGrants(cat, ap)("iam:passrole", passrole)) passrole_any = true;
    }
    for (size_t i = 0; i < d.statements.size(); ++i) {
      const Statement& s = d.statements[i];
      if (!s.allow() || s.not_action || facts::full_admin(d, s)) continue;
      const auto& wild = wild_of[i];
      bool any_wild = std::any_of(wild.begin(), wild.end(), [](const Item* x) { return x != nullptr; });
      if (!any_wild && !passrole_any) continue;  // neither form can apply
      const Item* last = nullptr;
      for (const auto& ap : facts::action_patterns(s)) {
        if (ap.item == last) continue;
        PatternGrants grants(cat, ap);
        std::string what;
        for (size_t e = 0; e < std::size(kEscalations); ++e) {
          if (!wild[kind_index(kEscalations[e].kind)]) continue;
          if (grants(kEscalations[e].action, escalation_ids[e])) {
            what = cat.action_name(*escalation_ids[e]);
            break;
          }
        }
        std::string msg;
        if (!what.empty()) {
          msg = "\"" + ap.written + "\" grants " + what +
                " on every IAM " + "principal or policy: the holder can raise its own permissions. Limit the "
                "Resource to the specific users, roles or policies it manages";
        } else if (passrole_any) {
          for (size_t t = 0; t < kPassRoleTargets.size(); ++t)
            if (grants(kPassRoleTargets[t], target_ids[t])) {
              what = cat.action_name(*target_ids[t]);
              break;
            }
          if (what.empty()) continue;
          msg = "\"" + ap.written + "\" (" + what +
                ") together with iam:PassRole on every role lets the holder run code as any role, including an "
                "admin one. Limit iam:PassRole to the roles this workload passes";
        } else {
          continue;
        }
        last = ap.item;
        sink.report(ap.item->node, msg, d.owner, ap.text);
      }
    }
  }
}

}  // namespace iamlint::rules
