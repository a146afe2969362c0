// IAM003 wildcard-resource, IAM004 service-wildcard-action.
#include <algorithm>

#include "rules/conditions.h"
#include "rules/policy_facts.h"
#include "rules/rules.h"

namespace iamlint::rules {
namespace {

// RULES.md Clarification 3: a condition key scopes "*" only if it describes the target resource.
bool key_scopes(const IamCatalog& cat, ActionId a, std::string_view key) {
  std::string k = facts::lower(key);
  if (k.rfind("aws:resourcetag/", 0) == 0 || k == "aws:resourceaccount" || k == "aws:resourceorgid" ||
      k == "aws:resourceorgpaths")
    return true;
  if (cat.override_scoping_key(a, key)) return true;
  std::string svc = facts::lower(cat.action_service(a));
  if (k.rfind(svc + ":resourcetag/", 0) == 0) return true;
  if (k.rfind("aws:", 0) == 0) return false;  // request/global keys never scope
  // A service key the IAM data lists next to the action's resource types (for this action).
  for (std::string_view rk : cat.action_resource_condition_keys(a)) {
    std::string l = facts::lower(rk);
    if (l.rfind("aws:", 0) == 0 || l.find("requesttag") != std::string::npos || l.find("tagkeys") != std::string::npos)
      continue;
    auto tmpl = l.find("${");
    if (tmpl != std::string::npos ? k.rfind(l.substr(0, tmpl), 0) == 0 : l == k) return true;
  }
  return false;
}

}  // namespace

void wildcard_resource(const Model& m, const IamCatalog& cat, FindingSink& sink) {
  for (const auto& d : m.policies) {
    if (!d.grants()) continue;  // a guardrail grants nothing (Clarification 17)
    if (d.kind != PolicyKind::Identity) continue;  // in resource/trust policies "*" means "this resource"
    for (const auto& s : d.statements) {
      if (!s.allow() || s.not_action || facts::full_admin(d, s)) continue;
      // Provider text (a SAM policy template) is judged only where the user wrote "*" into it.
      if (s.provider && s.star_parameters.empty()) continue;
      const Item* star = s.provider ? nullptr : facts::star_resource_item(s);
      if (!star && !s.provider) continue;
      auto conds = facts::conditions(s);
      std::vector<std::string> offending;
      size_t total = 0;
      for (const auto& ap : facts::action_patterns(s)) {
        std::vector<ActionId> acts;
        if (facts::has_wildcard(ap.text)) {
          acts = cat.expand(ap.text);
        } else if (auto id = cat.find_action(ap.text)) {
          acts.push_back(*id);
        }
        for (ActionId a : acts) {
          if (cat.star_resource_is_normal(a)) continue;
          bool scoped = std::any_of(conds.begin(), conds.end(), [&](const facts::ConditionEntry& c) {
            return key_scopes(cat, a, c.key) && !facts::values_only_wildcards(m, c);
          });
          if (scoped) continue;
          ++total;
          if (offending.size() < 3) {
            std::string name = facts::has_wildcard(ap.text) ? ap.written : cat.action_name(a);
            if (std::find(offending.begin(), offending.end(), name) == offending.end()) offending.push_back(name);
          }
          if (facts::has_wildcard(ap.text)) break;  // one per wildcard is enough
        }
      }
      if (offending.empty()) continue;
      std::string list;
      for (size_t i = 0; i < offending.size(); ++i) list += (i ? ", " : "") + offending[i];
      if (total > offending.size()) list += ", ...";
      if (s.provider) {
        for (const Node* p : s.star_parameters)
          sink.report(p,
                      "SAM policy template parameter \"*\" (" + d.sam_template + ") grants " + list +
                          " on every resource: name the resource instead",
                      d.owner, "sam*:" + d.sam_template + ":" + list);
        continue;
      }
      sink.report(star->node,
                  "Resource \"*\" for " + list +
                      ", which can be limited to specific resources: name the ARNs the workload uses "
                      "(actions that only work with \"*\" can stay in a statement of their own)",
                  d.owner, "*:" + list);
    }
  }
}

void service_wildcard_action(const Model& m, const IamCatalog& cat, FindingSink& sink) {
  for (const auto& d : m.policies) {
    if (!d.grants()) continue;  // a guardrail grants nothing (Clarification 17)
    if (d.kind == PolicyKind::Trust) continue;
    for (const auto& s : d.statements) {
      if (!s.allow() || s.not_action || s.provider || facts::full_admin(d, s)) continue;
      // In a resource policy only a statement that is already public (IAM021; Clarification 7).
      if (d.kind == PolicyKind::Resource && !cond::public_resource_statement(m, cat, d, s)) continue;
      for (const auto& it : s.actions) {
        for (const auto& alt : it.value.alts) {
          // Only a wildcard can be reported: skip plain action names before lower-casing them.
          if (const std::string* t = alt.single_text(); t && !facts::has_wildcard(*t)) continue;
          std::string a = facts::literal_action(alt);
          if (a.empty()) continue;
          std::string svc;
          std::string msg;
          if (facts::is_star_action(a)) {
            msg = "Action \"" + alt.literal() +
                  "\" grants every action of every service on these resources. List the actions the workload needs";
          } else if (facts::has_wildcard(a) && cat.covers_whole_service(a, &svc)) {
            // Read-only wildcards (a service made only of List/Read actions) are not this rule.
            auto acts = cat.expand(a);
            bool writes = std::any_of(acts.begin(), acts.end(), [&](ActionId x) {
              auto l = cat.access_level(x);
              return l != AccessLevel::List && l != AccessLevel::Read;
            });
            if (!writes) continue;
            msg = "\"" + alt.literal() + "\" grants every action of " + svc +
                  ", including deletes and permission changes. List the " + svc + " actions the workload needs";
          } else {
            continue;
          }
          sink.report(it.node, msg, d.owner, a);
          break;  // one finding per action value
        }
      }
    }
  }
}

}  // namespace iamlint::rules
