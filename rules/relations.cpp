// Rules about how resources use roles and policies (the resource graph): IAM006
// missing-instance-profile, IAM007 trust-missing-service, IAM019 policy-on-user, IAM020
// unattached-policy, IAM022 shared-role, IAM027 lambda-permission-without-source.
#include <algorithm>
#include <set>

#include "lint/graph.h"
#include "rules/policy_facts.h"
#include "rules/rules.h"

namespace iamlint::rules {
namespace {

// The Service principals a role's trust policy allows. `unknown` is set when one of them (or the
// whole Principal) is only known at deploy time: then nothing can be concluded.
struct TrustServices {
  std::vector<std::string> services;  // lower-case
  const Node* where = nullptr;        // a Principal node, for related locations
  bool found = false;                 // the role has an analysable trust policy
  bool unknown = false;
};

TrustServices trust_services(const Model& m, const Resource& role) {
  TrustServices t;
  for (const PolicyDocument* dp : m.policies_of(&role)) {
    const PolicyDocument& d = *dp;
    if (d.kind != PolicyKind::Trust) continue;
    t.found = true;
    for (const auto& s : d.statements) {
      if (!s.allow()) continue;
      if (s.not_principal) {  // "everyone but ...": names no service it trusts (RULES.md IAM006)
        t.unknown = true;
        continue;
      }
      if (!t.where) t.where = s.principal_node;
      for (const auto& p : s.principals) {
        if (p.type == "?") t.unknown = true;
        if (p.type != "Service") continue;
        for (const auto& alt : p.item.value.alts) {
          if (!alt.is_literal()) {
            t.unknown = true;
            continue;
          }
          t.services.push_back(facts::lower(alt.literal()));
        }
      }
    }
  }
  return t;
}

bool trusts(const TrustServices& t, std::string_view service) {
  for (const auto& s : t.services) {
    if (s == service) return true;
    if (s.size() == service.size() + 3 && s.compare(0, service.size(), service) == 0 && s.substr(service.size()) == ".cn")
      return true;
  }
  return false;
}

bool is_attachment(const Reference& r) {
  if (!r.from) return false;
  std::string_view t = r.from->type;
  if ((t == "AWS::IAM::Policy" || t == "AWS::IAM::ManagedPolicy") &&
      (r.top_property == "Roles" || r.top_property == "Users" || r.top_property == "Groups"))
    return true;
  if ((t == "AWS::IAM::RolePolicy" && r.top_property == "RoleName") ||
      (t == "AWS::IAM::UserPolicy" && r.top_property == "UserName") ||
      (t == "AWS::IAM::GroupPolicy" && r.top_property == "GroupName"))
    return true;
  return false;
}

std::string service_name(std::string_view principal) {
  auto dot = principal.find('.');
  return std::string(principal.substr(0, dot));
}

}  // namespace

void missing_instance_profile(const Model& m, const IamCatalog&, FindingSink& sink) {
  if (m.kind != DocKind::Template) return;
  const Graph& g = *m.graph;
  for (const auto& r : m.resources()) {
    if (r.type != "AWS::IAM::Role") continue;
    TrustServices t = trust_services(m, r);
    if (!trusts(t, "ec2.amazonaws.com")) continue;
    const auto& refs = g.references_to(r.id);
    bool used = std::any_of(refs.begin(), refs.end(), [](const Reference& x) { return !is_attachment(x); });
    if (used) continue;
    sink.report(r.key,
                r.describe() +
                    " trusts ec2.amazonaws.com but no AWS::IAM::InstanceProfile contains it: EC2 cannot use a role "
                    "directly (\"Unable to locate credentials\"). Add an InstanceProfile with Roles: [!Ref " +
                    std::string(r.id) + "] and attach the profile to the instance or launch template",
                &r, "no-profile");
  }
  for (const auto& mis : g.profile_misuses()) {
    sink.report(mis.property,
                mis.consumer->describe() + " passes " + mis.role->describe() +
                    " where an instance profile is expected: EC2 takes an AWS::IAM::InstanceProfile, not a role. "
                    "Create an InstanceProfile with the role and reference the profile",
                mis.consumer, "profile-misuse:" + std::string(mis.role->id));
  }
}

void trust_missing_service(const Model& m, const IamCatalog&, FindingSink& sink) {
  if (m.kind != DocKind::Template) return;
  const Graph& g = *m.graph;
  for (const auto& r : m.resources()) {
    if (r.type != "AWS::IAM::Role") continue;
    const auto& uses = g.uses_of_role(r.id);
    if (uses.empty()) continue;
    TrustServices t = trust_services(m, r);
    if (!t.found || t.unknown) continue;
    for (const auto& u : uses) {
      if (u.rc->service_principal.empty()) continue;
      bool ok = std::any_of(t.services.begin(), t.services.end(), [&](const std::string& s) { return u.rc->accepts(s); });
      if (ok) continue;
      std::string trusted;
      for (const auto& s : t.services) trusted += (trusted.empty() ? "" : ", ") + s;
      Finding& f = sink.report(
          u.property,
          r.describe() + (trusted.empty() ? " trusts no service" : " trusts " + trusted) + " but " +
              std::string(u.rc->service_label) + " '" + std::string(u.consumer->id) + "' uses it (" +
              std::string(u.rc->property_path) + "); add " + std::string(u.rc->service_principal) +
              " to its trust policy (AssumeRolePolicyDocument), or give this service a role of its own",
          u.consumer, std::string(r.id) + "->" + std::string(u.rc->property_path));
      sink.add_related(f, t.where ? t.where : r.key, "trust policy of " + std::string(r.id));
    }
  }
}

void shared_role(const Model& m, const IamCatalog&, FindingSink& sink) {
  if (m.kind != DocKind::Template) return;
  const Graph& g = *m.graph;
  for (const auto& r : m.resources()) {
    if (r.type != "AWS::IAM::Role") continue;
    std::set<std::string> services;
    for (const auto& u : g.uses_of_role(r.id))
      if (!u.rc->service_principal.empty()) services.insert(facts::lower(u.rc->service_principal));
    if (services.size() < 2) continue;
    // Every consumer, once each (a task definition may use the role as task and execution role),
    // in template order (issue 13: not one per service).
    std::vector<std::pair<const Resource*, std::string_view>> consumers;
    for (const auto& u : g.uses_of_role(r.id)) {
      if (u.rc->service_principal.empty()) continue;
      if (std::none_of(consumers.begin(), consumers.end(), [&](const auto& c) { return c.first == u.consumer; }))
        consumers.emplace_back(u.consumer, u.rc->service_label);
    }
    std::string who;
    for (const auto& [consumer, label] : consumers)
      who += (who.empty() ? "" : ", ") + std::string(label) + " '" + std::string(consumer->id) + "'";
    std::string list;
    for (const auto& s : services) list += (list.empty() ? "" : ", ") + service_name(s);
    sink.report(r.key,
                r.describe() + " is used by " + std::to_string(services.size()) + " services (" + list + ") through " +
                    std::to_string(consumers.size()) + " consumers: " + who +
                    ". Give each service its own role with only the permissions it needs",
                &r, "shared");
  }
}

void policy_on_user(const Model& m, const IamCatalog&, FindingSink& sink) {
  if (m.kind != DocKind::Template) return;
  auto nonempty = [&](const Node* n) { return n && !m.resolve_list(n).empty(); };
  for (const auto& r : m.resources()) {
    if (r.type == "AWS::IAM::User" && r.properties) {
      for (std::string_view k : {"Policies", "ManagedPolicyArns"}) {
        const Node* key = nullptr;
        const Node* v = r.properties->get_ci(k, &key);
        if (!nonempty(v)) continue;
        sink.report(key,
                    r.describe() + " has permissions attached directly (" + std::string(k) +
                        "): attach them to a group (or use a role) so access is managed in one place",
                    &r, std::string(k));
      }
    } else if ((r.type == "AWS::IAM::Policy" || r.type == "AWS::IAM::ManagedPolicy") && r.properties) {
      const Node* users = r.prop("Users");
      if (!users) continue;
      for (const auto& it : m.resolve_list(users))
        sink.report(it.node,
                    r.describe() + " is attached directly to user " + it.value.alts.front().display() +
                        ": attach it to a group (or a role) instead",
                    &r, "user:" + (it.value.alts.empty() ? std::string() : it.value.alts.front().display()));
    } else if (r.type == "AWS::IAM::UserPolicy" && r.properties) {
      if (const Node* u = r.prop("UserName"))
        sink.report(u, r.describe() + " is an inline policy on a user: attach permissions to a group or a role instead",
                    &r, "user-policy");
    }
  }
}

void unattached_policy(const Model& m, const IamCatalog&, FindingSink& sink) {
  if (m.kind != DocKind::Template) return;
  const Graph& g = *m.graph;
  for (const auto& r : m.resources()) {
    if (r.type != "AWS::IAM::Policy" && r.type != "AWS::IAM::ManagedPolicy") continue;
    bool attached = false;
    for (std::string_view k : {"Roles", "Users", "Groups"})
      if (const Node* v = r.prop(k); v && !m.resolve_list(v).empty()) attached = true;
    if (attached || !g.references_to(r.id).empty()) continue;
    // RULES.md IAM020: a ManagedPolicy with an explicit ManagedPolicyName can be attached by name
    // from another stack or by hand: a note, not a warning.
    if (const Node* name = r.type == "AWS::IAM::ManagedPolicy" ? r.prop("ManagedPolicyName") : nullptr) {
      Value v = m.resolve(name);
      std::string shown = v.alts.empty() ? std::string() : v.alts.front().display();
      sink.report(r.key,
                  r.describe() + " is attached to nothing in this template and not exported; its ManagedPolicyName '" +
                      shown +
                      "' lets other stacks or people attach it by name. If nothing does, attach it here or remove it",
                  &r, "unattached")
          .level = Level::Note;
      continue;
    }
    sink.report(r.key,
                r.describe() +
                    " is attached to no role, user or group and not exported: it grants nothing. Attach it (Roles, "
                    "Users, Groups, or ManagedPolicyArns of an identity) or remove it",
                &r, "unattached");
  }
}

void lambda_permission_without_source(const Model& m, const IamCatalog&, FindingSink& sink) {
  if (m.kind != DocKind::Template) return;
  for (const auto& r : m.resources()) {
    if (r.type != "AWS::Lambda::Permission" || !r.properties) continue;
    const Node* pn = r.prop("Principal");
    if (!pn) continue;
    Value p = m.resolve(pn);
    if (p.alts.empty() || p.any_unknown()) continue;  // an unresolved Principal is never a finding
    bool has_arn = r.prop("SourceArn") != nullptr;
    bool has_account = r.prop("SourceAccount") != nullptr;
    // RULES.md IAM027: an Alexa skill's EventSourceToken (its skill ID) pins the source too.
    if (r.prop("EventSourceToken")) continue;
    for (const auto& alt : p.alts) {
      std::string principal = facts::lower(alt.literal());
      // Alexa skills invoke as alexa-appkit.amazon.com / alexa-connectedhome.amazon.com (not
      // amazonaws.com); without EventSourceToken any skill could invoke the function.
      bool service = (principal.size() > 14 && principal.find(".amazonaws.com") != std::string::npos) ||
                     principal == "alexa-appkit.amazon.com" || principal == "alexa-connectedhome.amazon.com";
      if (!service) continue;
      bool s3 = principal.rfind("s3.", 0) == 0;
      if (s3 ? has_account : (has_arn || has_account)) continue;
      bool alexa = principal.rfind("alexa-", 0) == 0;
      std::string need = s3      ? "SourceAccount (bucket ARNs carry no account)"
                         : alexa ? "EventSourceToken (the skill ID)"
                                 : "SourceArn or SourceAccount";
      sink.report(r.key,
                  "Lambda permission '" + std::string(r.id) + "' lets " + alt.literal() +
                      " invoke the function without " + need + ": " +
                      (alexa ? std::string("any developer's Alexa skill")
                             : "any account's " + service_name(principal) + " resources") +
                      " could invoke it. Add " +
                      (s3 ? "SourceAccount (and SourceArn)" : alexa ? "EventSourceToken: your skill ID" : "SourceArn"),
                  &r, principal);
      break;
    }
  }
}

}  // namespace iamlint::rules
