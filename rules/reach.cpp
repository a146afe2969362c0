#include "rules/reach.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "lint/access/world.h"
#include "rules/policy_facts.h"

namespace iamlint::reach {
namespace {

using access::Decision;

constexpr std::string_view kOutsiderAccount = "999999999999";
constexpr std::string_view kOutsiderRole = "arn:aws:iam::999999999999:role/iamlint-outsider";

// A caller outside the account, and the pinning keys its requests carry (the other pinning keys
// are absent from them).
struct Outsider {
  bool service = false;
  std::initializer_list<std::pair<std::string_view, std::string_view>> present;
};

const Outsider kOutsiders[] = {
    // A role of another account, in no organisation, calling from the internet.
    {false,
     {{"aws:principalaccount", kOutsiderAccount}, {"aws:principalarn", kOutsiderRole},
      {"kms:calleraccount", kOutsiderAccount}}},
    // A role of another organisation, calling through its own VPC endpoint.
    {false,
     {{"aws:principalaccount", kOutsiderAccount}, {"aws:principalarn", kOutsiderRole},
      {"kms:calleraccount", kOutsiderAccount}, {"aws:principalorgid", "o-iamlintout"},
      {"aws:principalorgpaths", "o-iamlintout/r-iaml/ou-iaml-outsider/"}, {"aws:sourcevpc", "vpc-0iamlintoutsider"},
      {"aws:sourcevpce", "vpce-0iamlintoutsider"}}},
    // A service acting for a resource of another account (a bucket's notification, a topic's
    // subscription).
    {true,
     {{"aws:sourceaccount", kOutsiderAccount}, {"aws:sourcearn", "arn:aws:sns:us-east-1:999999999999:iamlint-outsider"},
      {"aws:sourceorgid", "o-iamlintout"}, {"aws:sourceorgpaths", "o-iamlintout/r-iaml/ou-iaml-outsider/"},
      {"aws:sourceowner", kOutsiderAccount}}},
};

// The actions to ask about: each literal action, every action of the IAM data a wildcard (or a
// NotAction) covers, and an unknown wildcard as a name of its own.
std::vector<std::string> question_actions(const IamCatalog& cat, const access::CStatement& st,
                                          const access::SymbolTable& syms) {
  std::set<std::string> out;
  if (st.not_action) {
    for (ActionId a : cat.expand("*")) {
      std::string name = cat.action_name(a);
      bool excluded = std::any_of(st.actions.begin(), st.actions.end(), [&](const std::string& p) {
        return access::glob_match3(p, name, true, &syms, nullptr) != access::Tri::False;
      });
      if (!excluded) out.insert(std::move(name));
    }
    return {out.begin(), out.end()};
  }
  for (const auto& p : st.actions) {
    if (!facts::has_wildcard(p) || access::has_symbols(p)) {
      out.insert(p);
      continue;
    }
    std::vector<ActionId> acts = cat.expand(p);
    if (acts.empty()) {
      std::string name = p;
      std::replace_if(name.begin(), name.end(), [](char c) { return c == '*' || c == '?'; }, 'x');
      out.insert(std::move(name));
    }
    for (ActionId a : acts) out.insert(cat.action_name(a));
  }
  return {out.begin(), out.end()};
}

// The resources to ask about: each resource pattern of the statement with its wildcards made a
// name nobody knows (a Deny covers it only if its own pattern matches any text there), or that
// name alone for a statement without Resource (a trust policy: the role itself) or with
// NotResource.
std::vector<std::string> question_resources(const access::CStatement& st, access::SymbolTable& syms) {
  std::string any = syms.symbol("any name", false);
  std::vector<std::string> out;
  if (st.has_resource && !st.not_resource)
    for (const auto& r : st.resources) {
      std::string q;
      for (char c : r)
        if (c == '*' || c == '?') q += any;
        else q += c;
      if (std::find(out.begin(), out.end(), q) == out.end()) out.push_back(std::move(q));
    }
  if (out.empty()) out.push_back(any);
  return out;
}

bool is_pin_key(std::string_view key, std::initializer_list<std::string_view> pin_keys) {
  return std::find(pin_keys.begin(), pin_keys.end(), facts::lower(key)) != pin_keys.end();
}

}  // namespace

bool outsiders_shut_out(const Model& m, const IamCatalog& cat, const PolicyDocument& d, const Statement& allow,
                        std::initializer_list<std::string_view> pin_keys) {
  auto it = std::find_if(d.statements.begin(), d.statements.end(), [&](const Statement& s) { return &s == &allow; });
  if (it == d.statements.end()) return false;
  size_t index = static_cast<size_t>(it - d.statements.begin());
  bool any_deny = std::any_of(d.statements.begin(), d.statements.end(), [](const Statement& s) { return s.deny(); });

  access::World w;
  access::WorldOptions opt;
  opt.account = m.owner_account;
  opt.deploy_values_distinct = true;
  w.build({}, opt);
  const access::CPolicy* whole = w.add_policy(m, d, access::PolicyClass::Resource, "document");
  // The resource-side policy: this Allow and every Deny (another Allow of the document is judged
  // on its own).
  access::CPolicy policy;
  policy.cls = access::PolicyClass::Resource;
  policy.name = whole->name;
  policy.loc = whole->loc;
  for (size_t i = 0; i < whole->statements.size(); ++i)
    if (i == index || whole->statements[i].deny) policy.statements.push_back(whole->statements[i]);
  const access::CStatement& granted = whole->statements[index];

  // An action's answer depends only on which Denies name it (the Allow names them all, and
  // conditions and resources are the same for each): one action is asked per set of Denies
  // naming it - one in all without a Deny - so `Action: "*"` is a few questions, not 17,000.
  std::vector<std::string> actions;
  if (any_deny) {
    std::set<std::string> seen;  // which Denies name the action: one character per Deny
    for (auto& a : question_actions(cat, granted, w.symbols())) {
      std::string key;
      for (const auto& st : policy.statements) {
        if (!st.deny) continue;
        access::Tri named = access::Tri::False;
        for (const auto& p : st.actions) named = access::tri_or(named, access::glob_match3(p, a, true, &w.symbols(), nullptr));
        if (st.not_action) named = access::tri_not(named);
        key += static_cast<char>('0' + static_cast<int>(named));
      }
      if (seen.insert(key).second) actions.push_back(std::move(a));
    }
  } else if (granted.not_action) {
    actions.emplace_back("iamlint-outsider:anyaction");
  } else if (!granted.actions.empty()) {
    actions.push_back(granted.actions.front());
  }
  std::vector<std::string> resources = question_resources(granted, w.symbols());

  access::PolicySet ps;
  ps.resource = {&policy};
  ps.identity_assumed = true;  // the outsider's own account lets it ask
  access::Evaluator ev(&w.symbols());
  access::EvalOptions quick;
  quick.explain = false;

  for (const Outsider& o : kOutsiders) {
    access::Request req;
    if (o.service) {
      req.principal.kind = access::RequestPrincipal::Service;
      req.principal.service = "iamlint-outsider.amazonaws.com";
    } else {
      req.principal.kind = access::RequestPrincipal::Role;
      req.principal.arn = std::string(kOutsiderRole);
      req.principal.account = std::string(kOutsiderAccount);
    }
    req.resource_account = w.own_account();
    req.context.set("aws:resourceaccount", {w.own_account()});
    req.context.set("aws:principalisawsservice", {o.service ? "true" : "false"});
    for (std::string_view k : pin_keys) {
      auto v = std::find_if(o.present.begin(), o.present.end(), [&](const auto& e) { return e.first == k; });
      if (v != o.present.end()) req.context.set(k, {std::string(v->second)});
      else req.context.absent.emplace_back(k);
    }
    for (const auto& a : actions) {
      req.action = a;
      for (const auto& r : resources) {
        req.resource = r;
        access::Result res = ev.evaluate(req, ps, quick);
        if (res.decision == Decision::Allowed) return false;
        if (res.decision != Decision::Conditional) continue;
        // Conditional: shut out only when the answer hangs on pinning keys alone.
        res = ev.evaluate(req, ps);
        for (const auto& c : res.conditions)
          if (!is_pin_key(c.key, pin_keys)) return false;
      }
    }
  }
  return true;
}

}  // namespace iamlint::reach
