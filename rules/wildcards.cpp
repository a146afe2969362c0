// IAM004 service-wildcard-action.
#include "rules/policy_facts.h"
#include "rules/rules.h"

namespace iamlint::rules {

void service_wildcard_action(const Model& m, const IamCatalog& cat, FindingSink& sink) {
  for (const auto& d : m.policies) {
    if (d.kind != PolicyKind::Identity) continue;  // resource policies: see IAM021 (public statements)
    for (const auto& s : d.statements) {
      if (!s.allow() || s.not_action || s.provider || facts::full_admin(d, s)) continue;
      for (const auto& it : s.actions) {
        for (const auto& alt : it.value.alts) {
          std::string a = facts::literal_action(alt);
          if (a.empty()) continue;
          std::string svc;
          std::string msg;
          if (facts::is_star_action(a)) {
            msg = "Action \"" + alt.literal() +
                  "\" grants every action of every service on these resources. List the actions the workload needs";
          } else if (a.find_first_of("*?") != std::string::npos && cat.covers_whole_service(a, &svc)) {
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
