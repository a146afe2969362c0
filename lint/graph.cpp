#include "lint/graph.h"

#include <span>
#include <unordered_map>

#include "lint/resolve.h"

namespace iamlint {
namespace {

// Policy properties that attach the policy to identities by name: (policy type, property, kind).
struct NameAttachment {
  std::string_view type, property, kind;
};
constexpr NameAttachment kNameAttachments[] = {
    {"AWS::IAM::Policy", "Roles", "Role"},          {"AWS::IAM::Policy", "Users", "User"},
    {"AWS::IAM::Policy", "Groups", "Group"},        {"AWS::IAM::ManagedPolicy", "Roles", "Role"},
    {"AWS::IAM::ManagedPolicy", "Users", "User"},   {"AWS::IAM::ManagedPolicy", "Groups", "Group"},
    {"AWS::IAM::RolePolicy", "RoleName", "Role"},   {"AWS::IAM::UserPolicy", "UserName", "User"},
    {"AWS::IAM::GroupPolicy", "GroupName", "Group"},
};

const std::vector<Reference> kNoRefs;
const std::vector<RoleUse> kNoUses;

// Every `${Name}` / `${Name.Attr}` in a Fn::Sub string.
void sub_references(const Template& t, std::string_view s,
                    std::vector<std::pair<const Resource*, std::string_view>>& out) {
  size_t i = 0;
  while ((i = s.find("${", i)) != std::string_view::npos) {
    size_t e = s.find('}', i + 2);
    if (e == std::string_view::npos) break;
    std::string_view name = s.substr(i + 2, e - i - 2);
    i = e + 1;
    if (name.empty() || name[0] == '!') continue;
    std::string_view attr;
    auto dot = name.find('.');
    if (dot != std::string_view::npos) {
      attr = name.substr(dot + 1);
      name = name.substr(0, dot);
    }
    if (const Resource* r = t.find(name)) out.push_back({r, attr});
  }
}

void walk_refs(const Template& t, const Node* n, std::vector<std::pair<const Resource*, std::string_view>>& out,
               std::vector<const Node*>* at, int depth) {
  if (!n || depth > 64) return;
  if (n->is_map()) {
    if (n->count == 1) {
      std::string_view k = n->key(0)->text();
      const Node* v = n->value(0);
      size_t before = out.size();
      if (k == "Ref" && v->is_scalar()) {
        if (const Resource* r = t.find(v->text())) out.push_back({r, {}});
      } else if (k == "Fn::GetAtt") {
        if (v->is_scalar()) {
          auto dot = v->text().find('.');
          if (const Resource* r = t.find(v->text().substr(0, dot))) out.push_back({r, dot == std::string_view::npos ? std::string_view{} : v->text().substr(dot + 1)});
        } else if (v->is_seq() && v->count >= 1 && v->item(0)->is_scalar()) {
          if (const Resource* r = t.find(v->item(0)->text()))
            out.push_back({r, v->count >= 2 && v->item(1)->is_scalar() ? v->item(1)->text() : std::string_view{}});
        }
      } else if (k == "Fn::Sub") {
        const Node* s = v->is_scalar() ? v : (v->is_seq() && v->count >= 1 ? v->item(0) : nullptr);
        if (s && s->is_scalar()) sub_references(t, s->text(), out);
        if (v->is_seq() && v->count >= 2) walk_refs(t, v->item(1), out, at, depth + 1);
      } else {
        walk_refs(t, v, out, at, depth + 1);
      }
      if (at)
        for (size_t i = before; i < out.size(); ++i) at->push_back(n);
      return;
    }
    for (uint32_t i = 0; i < n->count; ++i)
      if (const Node* c = n->value(i); c->is_map() || c->is_seq()) walk_refs(t, c, out, at, depth + 1);
  } else if (n->is_seq()) {
    for (uint32_t i = 0; i < n->count; ++i)
      if (const Node* c = n->item(i); c->is_map() || c->is_seq()) walk_refs(t, c, out, at, depth + 1);
  }
}

// Values at a dotted property path with `[]` list segments ("Targets[].RoleArn").
void values_at(const Node* props, std::string_view path, std::vector<const Node*>& out, int depth = 0) {
  if (!props || depth > 16) return;
  // Fn::If anywhere on the way: both branches.
  if (Resolver::intrinsic_name(props) == "Fn::If" && props->value(0)->is_seq() && props->value(0)->count == 3) {
    for (uint32_t b = 1; b < 3; ++b) values_at(props->value(0)->item(b), path, out, depth + 1);
    return;
  }
  if (path.empty()) {
    out.push_back(props);
    return;
  }
  auto dot = path.find('.');
  std::string_view seg = path.substr(0, dot);
  std::string_view rest = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
  bool list = seg.size() > 2 && seg.substr(seg.size() - 2) == "[]";
  if (list) seg.remove_suffix(2);
  if (!props->is_map()) return;
  const Node* v = props->get(seg);
  if (!v) return;
  if (list) {
    if (Resolver::intrinsic_name(v) == "Fn::If") {
      values_at(v, std::string(seg) + "[]" + (rest.empty() ? "" : "." + std::string(rest)), out, depth + 1);
      return;
    }
    if (!v->is_seq()) return;
    for (uint32_t i = 0; i < v->count; ++i) values_at(v->item(i), rest, out, depth + 1);
  } else {
    values_at(v, rest, out, depth + 1);
  }
}

}  // namespace

void referenced_resources(const Template& t, const Node* n,
                          std::vector<std::pair<const Resource*, std::string_view>>& out) {
  walk_refs(t, n, out, nullptr, 0);
}

Graph Graph::build(const Model& m) {
  Graph g;
  if (m.kind != DocKind::Template) return g;
  for (const auto& r : m.tmpl.resources) g.add_references_from(m.tmpl, r);
  g.finish(m);
  return g;
}

void Graph::add_references_from(const Template& t, const Resource& r) {
  tmpl_ = &t;
  if (!r.properties) return;
  // (A resource node that is not a mapping has no Properties.)
  for (uint32_t i = 0; i < r.properties->count; ++i) {
    found_.clear();
    at_.clear();
    walk_refs(t, r.properties->value(i), found_, &at_, 0);
    for (size_t k = 0; k < found_.size(); ++k) {
      if (found_[k].first == &r) continue;
      refs_[found_[k].first].push_back({&r, r.properties->key(i)->text(), found_[k].second, at_[k]});
    }
  }
  // A policy that names a template identity by its literal name attaches to it like a Ref does
  // (RULES.md Clarification 18).
  for (const auto& na : kNameAttachments) {
    if (na.type != r.type) continue;
    const Node* v = r.prop(na.property);
    if (!v) continue;
    auto one = [&](const Node* e) {
      if (!e->is_scalar() || !e->tag().empty()) return;
      if (const Resource* id = identity_named(t, na.kind, e->text()); id && id != &r)
        refs_[id].push_back({&r, na.property, {}, e});
    };
    if (v->is_seq())
      for (uint32_t i = 0; i < v->count; ++i) one(v->item(i));
    else
      one(v);
  }
  // References outside Properties (Metadata, DependsOn is not a reference) are rare; skipped.

  // Role consumers and instance-profile properties. A template has few distinct types, so the
  // consumers of each are looked up once (the lookup is a binary search by string).
  auto [it, fresh] = consumers_of_.try_emplace(r.type);
  if (fresh) it->second = cfn::role_consumers_of(r.type);
  for (const auto& rc : it->second) {
    vals_.clear();
    values_at(r.properties, rc.property_path, vals_);
    for (const Node* v : vals_) {
      std::vector<const Node*> elems;
      if (cfn::is_list(rc.carries) && v->is_seq()) {
        for (uint32_t i = 0; i < v->count; ++i) elems.push_back(v->item(i));
      } else {
        elems.push_back(v);
      }
      for (const Node* e : elems) {
        found_.clear();
        walk_refs(t, e, found_, nullptr, 0);
        // A role named by its literal RoleName is that role (RULES.md IAM006, Clarification 18).
        if (found_.empty() && e->is_scalar() && e->tag().empty() && !cfn::is_instance_profile(rc.carries) &&
            (rc.carries == cfn::Carries::RoleName || rc.carries == cfn::Carries::RoleNameList ||
             rc.carries == cfn::Carries::RoleArnOrName))
          if (const Resource* role = identity_named(t, "Role", e->text()); role && role != &r) {
            found_.push_back({role, {}});
            refs_[role].push_back({&r, rc.property_path.substr(0, rc.property_path.find_first_of(".[")), {}, e});
          }
        for (const auto& [target, attr] : found_) {
          if (target->type == "AWS::IAM::Role") {
            if (cfn::is_instance_profile(rc.carries))
              misuses_.push_back({&r, e, target});
            else
              role_uses_[target].push_back({&r, &rc, e, target});
          } else if (target->type == "AWS::IAM::InstanceProfile" && cfn::is_instance_profile(rc.carries)) {
            // The roles in the profile are used by EC2 (InstanceProfile Roles is itself a consumer).
          }
        }
      }
    }
  }
}

void Graph::finish(const Model& m) {
  found_ = {};
  at_ = {};
  vals_ = {};
  consumers_of_ = {};
  if (m.kind != DocKind::Template) return;
  const Template& t = m.tmpl;
  tmpl_ = &t;
  std::vector<std::pair<const Resource*, std::string_view>> found;
  std::vector<const Node*> at;
  if (t.outputs && t.outputs->is_map()) {
    walk_refs(t, t.outputs, found, &at, 0);
    for (size_t k = 0; k < found.size(); ++k)
      refs_[found[k].first].push_back({nullptr, "Outputs", found[k].second, at[k]});
  }
}

const Resource* Graph::identity_named(const Template& t, std::string_view kind, std::string_view name) {
  if (!identities_by_name_built_) {
    identities_by_name_built_ = true;
    for (const auto& x : t.resources)
      for (std::string_view k : {"Role", "User", "Group"})
        if (x.type.size() == 10 + k.size() && x.type.substr(0, 10) == "AWS::IAM::" && x.type.substr(10) == k)
          if (const Node* n = x.prop(std::string(k) + "Name"); n && n->is_scalar() && n->tag().empty())
            identities_by_name_.emplace(std::string(k) + ":" + std::string(n->text()), &x);
  }
  auto it = identities_by_name_.find(std::string(kind) + ":" + std::string(name));
  return it == identities_by_name_.end() ? nullptr : it->second;
}



const std::vector<Reference>& Graph::references_to(std::string_view id) const {
  const Resource* r = tmpl_ ? tmpl_->find(id) : nullptr;
  return r ? references_to(*r) : kNoRefs;
}

const std::vector<RoleUse>& Graph::uses_of_role(std::string_view id) const {
  const Resource* r = tmpl_ ? tmpl_->find(id) : nullptr;
  return r ? uses_of_role(*r) : kNoUses;
}

const std::vector<Reference>& Graph::references_to(const Resource& r) const {
  auto it = refs_.find(&r);
  return it == refs_.end() ? kNoRefs : it->second;
}

const std::vector<RoleUse>& Graph::uses_of_role(const Resource& r) const {
  auto it = role_uses_.find(&r);
  return it == role_uses_.end() ? kNoUses : it->second;
}

}  // namespace iamlint
