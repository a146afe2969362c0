// Rules about how resources use roles and policies (the resource graph): IAM006
// missing-instance-profile, IAM007 trust-missing-service, IAM019 policy-on-user, IAM020
// unattached-policy, IAM022 shared-role, IAM027 lambda-permission-without-source.
#include <algorithm>
#include <cctype>
#include <set>

#include "lint/fix.h"
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

// IAM007's fix: the service principal added to the first Allow statement of the role's trust
// policy that allows sts:AssumeRole under a Principal mapping and no Condition (a condition written
// for other principals could lock the service out): to its Service value (a string becomes a
// list), or as a new Service entry.
std::shared_ptr<const Fix> add_service_fix(const Model& m, const Resource& role, std::string_view service) {
  for (const PolicyDocument* dp : m.policies_of(&role)) {
    if (dp->kind != PolicyKind::Trust) continue;
    for (const auto& s : dp->statements) {
      if (!s.allow() || s.not_principal || s.condition || !s.principal_node || !s.principal_node->is_map() ||
          s.principal_node->from_short_tag || !s.node || !s.node->is_map())
        continue;
      bool assume = std::any_of(s.actions.begin(), s.actions.end(), [](const Item& it) {
        return it.value.alts.size() == 1 && it.value.alts[0].is_literal() &&
               facts::lower(it.value.alts[0].literal()) == "sts:assumerole";
      });
      if (!assume) continue;
      std::string title = "Add " + std::string(service) + " to the trust policy";
      if (const Node* svc = s.principal_node->get("Service"))
        return fix::make(std::move(title), true, fix::add_to_list(m, s.principal_node, svc, fix::scalar(service)));
      return fix::make(std::move(title), true,
                       fix::insert_first_entry(m, s.principal_node, "Service", fix::scalar(service)));
    }
    return nullptr;  // the first trust document decides
  }
  return nullptr;
}

// The one place `id` is written in `w` as a whole name (not part of a longer one), or npos.
size_t find_name(std::string_view w, std::string_view id) {
  auto name_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  size_t found = std::string_view::npos;
  for (size_t at = w.find(id); at != std::string_view::npos; at = w.find(id, at + 1)) {
    if ((at > 0 && name_char(w[at - 1])) || (at + id.size() < w.size() && name_char(w[at + id.size()]))) continue;
    if (found != std::string_view::npos) return std::string_view::npos;
    found = at;
  }
  return found;
}

// IAM006(b)'s fix: point the property at an instance profile holding the role — the template's
// own, or a new AWS::IAM::InstanceProfile resource. Only for `Ref Role` and `GetAtt Role.Arn`.
std::shared_ptr<const Fix> instance_profile_fix(const Model& m, const ProfileMisuse& mis) {
  const Node* p = mis.property;
  if (!p || !p->is_map() || p->count != 1 || !m.tmpl.root) return nullptr;
  std::string_view fn = p->key(0)->text();
  std::string_view role = mis.role->id;
  if (fn == "Fn::GetAtt") {
    const Node* a = p->value(0);
    bool arn = (a->is_scalar() && a->text() == std::string(role) + ".Arn") ||
               (a->is_seq() && a->count == 2 && a->item(0)->text() == role && a->item(1)->text() == "Arn");
    if (!arn) return nullptr;
  } else if (fn != "Ref" || p->value(0)->text() != role) {
    return nullptr;
  }
  // An instance profile of the template that already holds the role.
  std::string profile;
  for (const auto& r : m.resources()) {
    if (r.type != "AWS::IAM::InstanceProfile") continue;
    const Node* roles = r.prop("Roles");
    if (!roles || !roles->is_seq()) continue;
    for (uint32_t i = 0; i < roles->count; ++i) {
      const Node* it = roles->item(i);
      if (it->is_map() && it->count == 1 && it->key(0)->text() == "Ref" && it->value(0)->text() == role)
        profile = std::string(r.id);
    }
    if (!profile.empty()) break;
  }
  std::vector<TextEdit> edits;
  if (profile.empty()) {
    profile = std::string(role) + "InstanceProfile";
    for (int n = 2; m.tmpl.find(profile); ++n) profile = std::string(role) + "InstanceProfile" + std::to_string(n);
    const Node* resources = m.tmpl.root->get("Resources");
    if (!resources || !resources->is_map() || resources->count == 0) return nullptr;
    // Block YAML: the new resource is written like the first one, with its indentation step.
    const Node* first = resources->value(0);
    uint32_t step = 2;
    if (first->is_map() && first->count > 0 && first->key(0)->span.begin.line > resources->key(0)->span.begin.line &&
        first->key(0)->span.begin.col > resources->key(0)->span.begin.col)
      step = first->key(0)->span.begin.col - resources->key(0)->span.begin.col;
    const std::string u(step, ' ');
    fix::Spelling value{"\n" + u + "Type: AWS::IAM::InstanceProfile\n" + u + "Properties:\n" + u + u + "Roles:\n" + u + u +
                            u + "- !Ref " + std::string(role),
                        "{\"Type\": \"AWS::IAM::InstanceProfile\", \"Properties\": {\"Roles\": [{\"Ref\": " +
                            fix::json_string(role) + "}]}}"};
    auto e = fix::insert_first_entry(m, resources, profile, value);
    if (!e) return nullptr;
    edits.push_back(std::move(*e));
  }
  std::string_view w = fix::written(m, p);
  size_t at = find_name(w, role);
  auto r = fix::range(m, p);
  if (at == std::string_view::npos || !r) return nullptr;
  edits.push_back({static_cast<uint32_t>(r->first + at), static_cast<uint32_t>(r->first + at + role.size()), profile});
  return fix::make("Point at instance profile " + profile + " holding " + std::string(role), false, std::move(edits));
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
    Finding& f = sink.report(mis.property,
                mis.consumer->describe() + " passes " + mis.role->describe() +
                    " where an instance profile is expected: EC2 takes an AWS::IAM::InstanceProfile, not a role. "
                    "Create an InstanceProfile with the role and reference the profile",
                mis.consumer, "profile-misuse:" + std::string(mis.role->id));
    f.fix = instance_profile_fix(m, mis);
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
      f.fix = add_service_fix(m, r, u.rc->service_principal);
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
      Finding& f = sink.report(r.key,
                  "Lambda permission '" + std::string(r.id) + "' lets " + alt.literal() +
                      " invoke the function without " + need + ": " +
                      (alexa ? std::string("any developer's Alexa skill")
                             : "any account's " + service_name(principal) + " resources") +
                      " could invoke it. Add " +
                      (s3 ? "SourceAccount (and SourceArn)" : alexa ? "EventSourceToken: your skill ID" : "SourceArn"),
                  &r, principal);
      if (!has_account && !alexa)
        f.fix = fix::make("Add SourceAccount: !Ref AWS::AccountId", true,
                          fix::insert_first_entry(m, r.properties, "SourceAccount", fix::ref("AWS::AccountId")));
      break;
    }
  }
}

}  // namespace iamlint::rules
