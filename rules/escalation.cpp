// IAM013 passrole-wildcard, IAM014 privilege-escalation.
#include <algorithm>
#include <array>
#include <optional>
#include <unordered_map>

#include "rules/managed_policies.h"
#include "lint/graph.h"
#include "lint/iam/overrides.h"
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
}  // namespace

bool is_escalation_action(std::string_view action) {
  for (const auto& e : kEscalations)
    if (facts::lower(action) == e.action) return true;
  for (const auto& l : detail::passrole_launch_actions())
    if (facts::lower(action) == l.action) return true;
  return false;
}

namespace {
// With iam:PassRole on any role, the launching actions (lint/iam/overrides.cpp) create a resource
// that runs as a role of the holder's choice.

// Index of an escalation's kind in facts::kIamKinds.
size_t kind_index(std::string_view kind) {
  for (size_t i = 0; i < std::size(facts::kIamKinds); ++i)
    if (facts::kIamKinds[i] == kind) return i;
  return 0;
}

// Does an action pattern of a statement grant `action`? The pattern is checked against up to 30
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

namespace {

// The principals a document's grants apply to (RULES.md Clarification 21: a PassRole and a launching
// action pair across all identity statements of one role, user or group). An inline policy applies
// to its owner; an AWS::IAM::Policy / ManagedPolicy / RolePolicy... to the identities it names by
// Ref, and a ManagedPolicy also to the identities whose ManagedPolicyArns Ref it. A document whose
// identities are not known (names from parameters) stands for itself; a raw file's documents share
// one principal (nullptr).
std::vector<const Resource*> principals_of(const Model& m, const PolicyDocument& d) {
  std::vector<const Resource*> out;
  const Resource* owner = d.owner;
  if (!owner) return {nullptr};
  auto is_identity = [](const Resource* r) {
    return r && (r->type == "AWS::IAM::Role" || r->type == "AWS::IAM::User" || r->type == "AWS::IAM::Group");
  };
  auto add = [&](const Resource* r) {
    if (std::find(out.begin(), out.end(), r) == out.end()) out.push_back(r);
  };
  static constexpr std::string_view kNames[] = {"Roles", "Users", "Groups", "RoleName", "UserName", "GroupName"};
  const bool separate = owner->type == "AWS::IAM::Policy" || owner->type == "AWS::IAM::ManagedPolicy" ||
                        owner->type == "AWS::IAM::RolePolicy" || owner->type == "AWS::IAM::UserPolicy" ||
                        owner->type == "AWS::IAM::GroupPolicy";
  if (separate && m.kind == DocKind::Template) {
    std::vector<std::pair<const Resource*, std::string_view>> refs;
    for (std::string_view k : kNames)
      if (const Node* v = owner->prop(k)) referenced_resources(m.tmpl, v, refs);
    for (const auto& [r, attr] : refs)
      if (attr.empty() && is_identity(r)) add(r);
    if (owner->type == "AWS::IAM::ManagedPolicy" && m.graph)
      for (const Reference& ref : m.graph->references_to(*owner))
        if (ref.top_property == "ManagedPolicyArns" && ref.attribute.empty() && is_identity(ref.from)) add(ref.from);
  }
  if (out.empty()) out.push_back(owner);
  return out;
}

// Glob match of an IAM condition value (`*`, `?`) against a service principal.
bool glob_match(std::string_view pat, std::string_view s) {
  size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < s.size()) {
    if (p < pat.size() && (pat[p] == '?' || pat[p] == s[t])) {
      ++p, ++t;
    } else if (p < pat.size() && pat[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pat.size() && pat[p] == '*') ++p;
  return p == pat.size();
}

// The launching services (bits of `services`) a PassRole statement may pass a role to, after its
// iam:PassedToService conditions. A value only known at deploy time never widens the set of a
// positive operator and empties that of a negated one (a finding must hold for every value).
uint32_t passed_to_mask(const Model& m, const Statement& s, const std::vector<std::string_view>& services) {
  const uint32_t all = services.size() >= 32 ? ~0u : (1u << services.size()) - 1;
  uint32_t mask = all;
  for (const auto& c : facts::conditions(s)) {
    if (facts::lower(c.key) != "iam:passedtoservice") continue;
    std::string op = facts::lower(c.op);
    if (size_t colon = op.find(':'); colon != std::string::npos) op = op.substr(colon + 1);  // ForAnyValue:
    if (op.size() > 8 && op.substr(op.size() - 8) == "ifexists") op.resize(op.size() - 8);
    const bool neg = op == "stringnotequals" || op == "stringnotlike" || op == "stringnotequalsignorecase";
    const bool like = op == "stringlike" || op == "stringnotlike";
    const bool icase = op == "stringequalsignorecase" || op == "stringnotequalsignorecase";
    if (!neg && op != "stringequals" && op != "stringlike" && op != "stringequalsignorecase") continue;
    uint32_t hit = 0;
    bool unknown = false;
    for (const auto& it : m.resolve_list(c.values))
      for (const auto& a : it.value.alts) {
        if (!a.is_literal()) {
          unknown = true;
          continue;
        }
        std::string v = icase ? facts::lower(a.literal()) : a.literal();
        for (size_t i = 0; i < services.size(); ++i)
          if (like ? glob_match(v, services[i]) : v == services[i]) hit |= 1u << i;
      }
    mask &= neg ? (unknown ? 0u : all & ~hit) : hit;
  }
  return mask;
}

}  // namespace

void privilege_escalation(const Model& m, const IamCatalog& cat, FindingSink& sink) {
  managed_policy_escalation(m, cat, sink);  // attached AWS managed policies (rules/managed_policies.cpp)
  // Catalog ids of the actions this rule looks for, found once per run rather than per pattern.
  std::optional<ActionId> escalation_ids[std::size(kEscalations)];
  for (size_t e = 0; e < std::size(kEscalations); ++e) escalation_ids[e] = cat.find_action(kEscalations[e].action);
  const auto launches = detail::passrole_launch_actions();
  std::vector<std::optional<ActionId>> launch_ids;
  std::vector<std::string_view> services;  // distinct passed_to values
  std::vector<uint32_t> launch_bit;
  for (const auto& l : launches) {
    launch_ids.push_back(cat.find_action(l.action));
    auto it = std::find(services.begin(), services.end(), l.passed_to);
    if (it == services.end()) it = services.insert(services.end(), l.passed_to);
    launch_bit.push_back(1u << (it - services.begin()));
  }
  const auto passrole = cat.find_action("iam:passrole");
  const size_t role = kind_index("role");

  // Pass 1: per document, its principals and which IAM resource kinds each statement's Resource
  // covers with a wildcard; per principal, the services iam:PassRole on every role may reach.
  struct DocInfo {
    std::vector<const Resource*> principals;
    std::vector<std::array<const Item*, std::size(facts::kIamKinds)>> wild_of;
  };
  std::vector<DocInfo> info(m.policies.size());
  // Principal -> the launching services its PassRole may reach. Filled only for principals with a
  // PassRole on every role (few), so most lookups miss an empty map.
  std::unordered_map<const Resource*, uint32_t> reach;
  for (size_t di = 0; di < m.policies.size(); ++di) {
    const PolicyDocument& d = m.policies[di];
    if (!d.grants() || d.kind != PolicyKind::Identity) continue;  // a permissions boundary grants nothing
    DocInfo& in = info[di];
    in.principals = principals_of(m, d);
    in.wild_of.reserve(d.statements.size());
    for (const auto& s : d.statements) in.wild_of.push_back(facts::wildcard_iam_resources(s));
    for (size_t i = 0; i < d.statements.size(); ++i) {
      const Statement& s = d.statements[i];
      // IAM002's statements are that finding already, not half of this one.
      if (!s.allow() || s.not_action || !in.wild_of[i][role] || facts::full_admin(d, s)) continue;
      bool grants = false;
      for (const auto& ap : facts::action_patterns(s))
        if (PatternGrants(cat, ap)("iam:passrole", passrole)) grants = true;
      if (!grants) continue;
      uint32_t mask = passed_to_mask(m, s, services);
      for (const Resource* p : in.principals) reach[p] |= mask;
    }
  }

  // Pass 2: one finding per statement, at its first escalating action value, naming them all.
  for (size_t di = 0; di < m.policies.size(); ++di) {
    const PolicyDocument& d = m.policies[di];
    if (!d.grants() || d.kind != PolicyKind::Identity) continue;
    const DocInfo& in = info[di];
    uint32_t reachable = 0;
    if (!reach.empty())
      for (const Resource* p : in.principals)
        if (auto it = reach.find(p); it != reach.end()) reachable |= it->second;
    for (size_t i = 0; i < d.statements.size(); ++i) {
      const Statement& s = d.statements[i];
      if (!s.allow() || s.not_action || facts::full_admin(d, s)) continue;
      const auto& wild = in.wild_of[i];
      bool any_wild = std::any_of(wild.begin(), wild.end(), [](const Item* x) { return x != nullptr; });
      if (!any_wild && !reachable) continue;  // neither form can apply
      const facts::ActionPattern* first = nullptr;
      std::vector<std::string> direct, launched;
      auto note = [](std::vector<std::string>& v, std::string name) {
        if (std::find(v.begin(), v.end(), name) == v.end()) v.push_back(std::move(name));
      };
      const auto patterns = facts::action_patterns(s);
      for (const auto& ap : patterns) {
        PatternGrants grants(cat, ap);
        bool hit = false;
        for (size_t e = 0; e < std::size(kEscalations); ++e) {
          const size_t k = kind_index(kEscalations[e].kind);
          if (!wild[k] || !grants(kEscalations[e].action, escalation_ids[e])) continue;
          note(direct, cat.action_name(*escalation_ids[e]) + " on every " + std::string(kEscalations[e].kind));
          hit = true;
        }
        for (size_t l = 0; l < launches.size(); ++l) {
          if (!(reachable & launch_bit[l]) || !grants(launches[l].action, launch_ids[l])) continue;
          note(launched, cat.action_name(*launch_ids[l]));
          hit = true;
        }
        if (hit && !first) first = &ap;
      }
      if (!first) continue;
      std::string msg = "this statement lets the holder raise its own permissions: ";
      for (size_t k = 0; k < direct.size(); ++k) msg += (k ? ", " : "") + direct[k];
      if (!launched.empty()) {
        if (!direct.empty()) msg += "; ";
        for (size_t k = 0; k < launched.size(); ++k) msg += (k ? ", " : "") + launched[k];
        msg += " with iam:PassRole on every role granted to the same principal, which runs code as any role, an "
               "admin one included";
      }
      msg += ". ";
      if (!direct.empty())
        msg += "Limit the Resource to the specific users, roles or policies it manages";
      if (!launched.empty())
        msg += std::string(direct.empty() ? "Limit" : "; limit") +
               " iam:PassRole to the roles this workload passes, with an iam:PassedToService condition";
      sink.report(first->item->node, msg, d.owner, first->text);
    }
  }
}

}  // namespace iamlint::rules
