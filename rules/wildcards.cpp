// IAM003 wildcard-resource, IAM004 service-wildcard-action.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

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
  if (cat.override_scoping_key(a, key) || cat.container_scoping_key(a, key)) return true;
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

// What a whole-service wildcard includes, from the IAM data's access levels (RULES.md IAM004; issue
// 13): "including s3:DeleteBucket, s3:PutBucketAcl and 61 more write and permissions-management
// actions", naming the shortest Delete (else Write) action and the shortest Permissions management
// one, and saying so when there is none. "" when the actions are all List/Read (a read-only
// service is not this rule).
std::string dangerous_actions(const IamCatalog& cat, const std::vector<ActionId>& acts) {
  size_t writes = 0, perms = 0, other = 0;
  std::optional<ActionId> del, write, perm, tag;
  // Shortest name first, then alphabetical: deterministic, and short names are the familiar ones.
  auto shorter = [&](std::optional<ActionId> best, ActionId x) {
    if (!best) return true;
    std::string_view a = cat.action_local_name(x), b = cat.action_local_name(*best);
    return a.size() < b.size() || (a.size() == b.size() && a < b);
  };
  for (ActionId x : acts) {
    AccessLevel l = cat.access_level(x);
    if (l == AccessLevel::Permissions) {
      ++perms;
      if (shorter(perm, x)) perm = x;
    } else if (l == AccessLevel::Write) {
      ++writes;
      if (shorter(write, x)) write = x;
      if (cat.action_local_name(x).substr(0, 6) == "Delete" && shorter(del, x)) del = x;
    } else if (l != AccessLevel::List && l != AccessLevel::Read) {
      ++other;  // Tagging (or a level the data does not give)
      if (shorter(tag, x)) tag = x;
    }
  }
  if (writes + perms == 0) {
    if (!other) return {};
    return "including " + cat.action_name(*tag) +
           (other > 1 ? " and " + std::to_string(other - 1) + " more tagging actions" : std::string(" (tagging)")) +
           "; none writes data or manages permissions";
  }
  std::vector<std::string> named;
  if (del || write) named.push_back(cat.action_name(del ? *del : *write));
  if (perm) named.push_back(cat.action_name(*perm));
  std::string out = "including " + named[0];
  size_t more = writes + perms - named.size();
  if (named.size() == 2) out += (more ? ", " : " and ") + named[1];
  std::string n = more ? " and " + std::to_string(more) + " more" : std::string();
  if (writes && perms) out += more ? n + " write and permissions-management actions" : " (write, permissions management)";
  else if (writes) out += more ? n + " write actions; none manages permissions" : " (write; none manages permissions)";
  else out += more ? n + " permissions-management actions" : " (permissions management)";
  return out;
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
            return key_scopes(cat, a, c.key) && !facts::values_only_wildcards(m, c) && !cond::passes_when_absent(s, c);
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
            std::string includes = dangerous_actions(cat, cat.expand(a));
            if (includes.empty()) continue;
            msg = "\"" + alt.literal() + "\" grants every action of " + svc + ", " + includes + ". List the " + svc +
                  " actions the workload needs";
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
