// The resource graph of a template: who references which resource, which resources hand a role
// (or instance profile) to which service, which policies attach to which identities.
// Built once per model, read by the relation rules (IAM006, IAM007, IAM019, IAM020, IAM022).
#pragma once
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lint/cfn/cfn_data.h"
#include "lint/model.h"

namespace iamlint {

// A reference to a resource from somewhere in the template (Ref, Fn::GetAtt, ${X} in Fn::Sub).
struct Reference {
  const Resource* from = nullptr;  // nullptr: from Outputs (or elsewhere at the top level)
  std::string_view top_property;   // the first key under Properties ("Roles", "ManagedPolicyArns")
  std::string_view attribute;      // "Arn" for !GetAtt X.Arn; "" for Ref
  const Node* node = nullptr;      // the intrinsic (for locations)
};

// A resource that hands a role to a service through a property.
struct RoleUse {
  const Resource* consumer = nullptr;
  const cfn::RoleConsumer* rc = nullptr;
  const Node* property = nullptr;  // the value node at the property path (the finding location)
  const Resource* role = nullptr;  // the template Role it names
};

// A property that should name an instance profile but names a Role instead (IAM006(b)).
struct ProfileMisuse {
  const Resource* consumer = nullptr;
  const Node* property = nullptr;
  const Resource* role = nullptr;
};

class Graph {
 public:
  static Graph build(const Model& m);
  // build() in two steps, for the model builder, which collects each resource's references right
  // after extracting its policies, while its nodes are still in the cache (walking every node of
  // the template again later was a tenth of linting a large one): add_references_from() for every
  // resource of the template, in order (its references, and the roles it hands to a service), then
  // finish() (Outputs).
  void add_references_from(const Template& t, const Resource& r);
  void finish(const Model& m);

  const std::vector<Reference>& references_to(std::string_view id) const;
  const std::vector<RoleUse>& uses_of_role(std::string_view id) const;
  // The same for a resource of the template (no lookup of its logical ID).
  const std::vector<Reference>& references_to(const Resource& r) const;
  const std::vector<RoleUse>& uses_of_role(const Resource& r) const;
  const std::vector<ProfileMisuse>& profile_misuses() const { return misuses_; }

 private:
  // Keyed by the resource (an element of the template's resources): a reference is recorded for
  // every Ref/GetAtt/Sub of a template, and hashing a pointer touches no text.
  const Template* tmpl_ = nullptr;
  std::unordered_map<const Resource*, std::vector<Reference>> refs_;
  // Scratch space of add_references_from(), released by finish().
  std::vector<std::pair<const Resource*, std::string_view>> found_;
  std::vector<const Node*> at_;
  std::vector<const Node*> vals_;
  std::unordered_map<std::string_view, std::span<const cfn::RoleConsumer>> consumers_of_;
  std::unordered_map<const Resource*, std::vector<RoleUse>> role_uses_;
  std::vector<ProfileMisuse> misuses_;
  // Template roles, users and groups by their literal RoleName / UserName / GroupName (a consumer
  // or a policy may name one by it), built on first use. `kind` is "Role", "User" or "Group".
  const Resource* identity_named(const Template& t, std::string_view kind, std::string_view name);
  std::unordered_map<std::string, const Resource*> identities_by_name_;
  bool identities_by_name_built_ = false;
};

// The resources an intrinsic expression references: (resource, attribute) pairs, looking through
// Fn::If, Fn::Join, Fn::Select, Fn::Sub (both forms) and nested intrinsics.
void referenced_resources(const Template& t, const Node* n,
                          std::vector<std::pair<const Resource*, std::string_view>>& out);

}  // namespace iamlint
