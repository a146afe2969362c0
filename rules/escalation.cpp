// IAM013 passrole-wildcard, IAM014 privilege-escalation.
#include <algorithm>
#include <array>

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

bool grants(const IamCatalog& cat, const facts::ActionPattern& ap, std::string_view action) {
  if (ap.text == action) return true;
  if (ap.text.find_first_of("*?") == std::string::npos) return false;
  auto id = cat.find_action(action);
  if (!id) return false;
  auto acts = cat.expand(ap.text);
  return std::binary_search(acts.begin(), acts.end(), *id);
}

bool has_condition_key(const Statement& s, std::string_view key) {
  for (const auto& c : facts::conditions(s))
    if (facts::lower(c.key) == key) return true;
  return false;
}

}  // namespace

void passrole_wildcard(const Model& m, const IamCatalog& cat, FindingSink& sink) {
  for (const auto& d : m.policies) {
    if (!d.grants()) continue;  // a permissions boundary grants nothing
    if (d.kind != PolicyKind::Identity) continue;
    for (const auto& s : d.statements) {
      if (!s.allow() || s.not_action || facts::full_admin(d, s)) continue;
      const Item* res = facts::wildcard_iam_resource(s, "role");
      if (!res || has_condition_key(s, "iam:passedtoservice")) continue;
      const Item* last = nullptr;
      for (const auto& ap : facts::action_patterns(s)) {
        if (ap.item == last || !grants(cat, ap, "iam:passrole")) continue;
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
  for (const auto& d : m.policies) {
    if (!d.grants()) continue;  // a permissions boundary grants nothing
    if (d.kind != PolicyKind::Identity) continue;
    // iam:PassRole on every role anywhere in the document (any statement) enables the second form.
    bool passrole_any = false;
    for (const auto& s : d.statements) {
      if (!s.allow() || s.not_action || !facts::wildcard_iam_resource(s, "role")) continue;
      for (const auto& ap : facts::action_patterns(s))
        if (grants(cat, ap, "iam:passrole")) passrole_any = true;
    }
    for (const auto& s : d.statements) {
      if (!s.allow() || s.not_action || facts::full_admin(d, s)) continue;
      const Item* last = nullptr;
      for (const auto& ap : facts::action_patterns(s)) {
        if (ap.item == last) continue;
        std::string what;
        for (const auto& e : kEscalations) {
          if (!facts::wildcard_iam_resource(s, e.kind)) continue;
          if (grants(cat, ap, e.action)) {
            what = cat.action_name(*cat.find_action(e.action));
            break;
          }
        }
        std::string msg;
        if (!what.empty()) {
          msg = "\"" + ap.written + "\" grants " + what +
                " on every IAM " + "principal or policy: the holder can raise its own permissions. Limit the "
                "Resource to the specific users, roles or policies it manages";
        } else if (passrole_any) {
          for (auto t : kPassRoleTargets)
            if (grants(cat, ap, t)) {
              what = cat.action_name(*cat.find_action(t));
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
