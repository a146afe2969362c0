// The normalized model of one document (a CloudFormation template or a raw policy file): what
// rules read. Built by lint/model.cpp from a Node tree; rules never see bytes or YAML.
#pragma once
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lint/finding.h"
#include "lint/value.h"
#include "parsers/node.h"

namespace iamlint {

namespace cfn {
struct TypeInfo;
}

enum class DocKind : uint8_t { Template, Policy, NotOurs };
// What a policy document is, which decides what the rules mean (RULES.md "Documents and where rules
// look", Clarification 17). The first three grant access; the rest are guardrails: they restrict
// and never grant, so the granting rules (IAM002-004, 013-015, 021, 023) stay off them.
enum class PolicyKind : uint8_t {
  Identity,     // attached to a role, user or group
  Trust,        // a role's AssumeRolePolicyDocument
  Resource,     // a bucket, queue, key... policy
  Scp,          // an Organizations service control policy
  Rcp,          // an Organizations resource control policy
  Boundary,     // a permissions boundary (a managed policy used only as PermissionsBoundary)
  VpcEndpoint,  // an AWS::EC2::VPCEndpoint PolicyDocument
  Session,      // a session policy (AssumeRole's Policy, Transfer Family user, Roles Anywhere)
};
// Guardrails restrict what other policies grant; they grant nothing themselves.
constexpr bool is_guardrail(PolicyKind k) { return k >= PolicyKind::Scp; }
constexpr bool grants(PolicyKind k) { return !is_guardrail(k); }
// "identity", "trust", "resource", "scp", "rcp", "boundary", "vpc-endpoint", "session": the names
// of .iamlint.yaml policy-kinds and --policy-kind.
std::string_view policy_kind_name(PolicyKind k);
// The names, for messages: "identity, trust, resource, scp, rcp, boundary, vpc-endpoint, session".
inline constexpr std::string_view kPolicyKindNames =
    "identity, trust, resource, scp, rcp, boundary, vpc-endpoint, session";
// The kind a name of policy_kind_name() stands for (case-insensitive; "_" and "-" alike).
std::optional<PolicyKind> policy_kind_from_name(std::string_view name);
// For messages: "service control policy", "permissions boundary", "VPC endpoint policy", ...
std::string_view policy_kind_description(PolicyKind k);

struct Resource {
  std::string_view id;        // logical ID
  std::string_view type;      // "AWS::IAM::Role"
  const Node* key = nullptr;  // the logical-ID key node (findings about the whole resource)
  const Node* node = nullptr;
  const Node* properties = nullptr;  // mapping or nullptr
  const Node* metadata = nullptr;
  std::string_view cdk_path;  // Metadata aws:cdk:path, if any (text of the parsed file, like `id`)
  // Resource-level suppressions: Metadata: {iamlint: {ignore: [IAM003]}}
  std::vector<std::string> ignore;
  const Node* ignore_node = nullptr;
  // type_info()'s cache; not for direct use.
  mutable const cfn::TypeInfo* type_info_ = nullptr;
  mutable bool type_info_known_ = false;

  const Node* prop(std::string_view name) const { return properties ? properties->get(name) : nullptr; }
  // The generated CloudFormation data for `type` (nullptr when unknown), looked up on first use:
  // every Ref / Fn::GetAtt of the resource needs it, and the lookup is a binary search by string.
  // (A Model is only ever used by one thread.)
  const cfn::TypeInfo* type_info() const;
  // "Role 'AppRole'" or "Role 'AppRole' (CDK path Stack/AppRole/Resource)" for messages.
  std::string describe() const;
};

struct Template {
  const Node* root = nullptr;
  bool sam = false;
  const Node* parameters = nullptr;
  const Node* mappings = nullptr;
  const Node* conditions = nullptr;
  const Node* outputs = nullptr;
  const Node* globals = nullptr;
  std::vector<Resource> resources;
  std::unordered_map<std::string_view, size_t> index;  // logical ID -> resources[i]

  const Resource* find(std::string_view id) const {
    auto it = index.find(id);
    return it == index.end() ? nullptr : &resources[it->second];
  }
  bool is_parameter(std::string_view name) const { return parameters && parameters->get(name); }
};

enum class Effect : uint8_t { Allow, Deny, Unknown };

// One element of an Action/Resource/Principal list, resolved.
struct Item {
  const Node* node = nullptr;  // where it was written (for findings)
  Value value;
};

struct Principal {
  std::string type;  // "*" (Principal: "*"), "AWS", "Service", "Federated", "CanonicalUser", or other
  Item item;
};

struct Statement {
  const Node* node = nullptr;
  std::string sid;
  Effect effect = Effect::Unknown;
  const Node* effect_node = nullptr;

  const Node* action_key = nullptr;  // "Action" or "NotAction" key node (nullptr if neither)
  bool not_action = false;
  std::vector<Item> actions;

  const Node* resource_key = nullptr;
  bool not_resource = false;
  std::vector<Item> resources;

  const Node* principal_key = nullptr;
  bool not_principal = false;
  const Node* principal_node = nullptr;  // the Principal/NotPrincipal value
  std::vector<Principal> principals;

  const Node* condition = nullptr;  // the Condition mapping, or nullptr
  // Written by a provider (a SAM policy template): IAM003/004/005/016/017 do not judge its text.
  bool provider = false;
  // SAM policy template parameters the user gave as "*" that this statement's Resource uses:
  // IAM003 points there (RULES.md IAM003, Clarification 10).
  std::vector<const Node*> star_parameters;
  // Facts several rules ask of every statement (policy_facts.h), found once when the model is
  // built instead of by a walk over the items in each rule: the index in `actions` of the first
  // literal "*" / "*:*" action, and in `resources` of the first literal "*" resource (-1: none).
  // Indexes rather than pointers, so copying a Statement cannot leave them dangling.
  int32_t star_action = -1;
  int32_t star_resource = -1;

  // Both keys of a pair written in one statement (Action and NotAction, Resource and NotResource,
  // Principal and NotPrincipal): IAM rejects the statement (IAM009, at this second key). The first
  // key's values are the ones above; the second Action list is kept so IAM016 still checks its names.
  const Node* conflict_action_key = nullptr;
  std::vector<Item> conflict_actions;
  const Node* conflict_resource_key = nullptr;
  const Node* conflict_principal_key = nullptr;
  // IAM would never apply the statement: a conflicting pair above, an Effect other than exactly
  // "Allow"/"Deny", NotAction "*" (matches nothing), NotPrincipal in a trust
  // policy. It is IAM009's; allow() and deny() are false, so the rules that read grants skip it
  // (RULES.md Clarification 14).
  bool inert = false;

  bool allow() const { return effect == Effect::Allow && !inert; }
  bool deny() const { return effect == Effect::Deny && !inert; }
};

// NotResource lists a literal "*": the statement applies to no resource (IAM009; inert).
inline bool star_not_resource(const Statement& s) {
  if (!s.not_resource) return false;
  for (const auto& it : s.resources)
    if (it.value.alts.size() == 1 && it.value.is("*")) return true;
  return false;
}

// Who wrote the document.
enum class PolicyOrigin : uint8_t { User, SamTemplate };

struct PolicyDocument {
  PolicyKind kind = PolicyKind::Identity;
  PolicyOrigin origin = PolicyOrigin::User;
  const Resource* owner = nullptr;  // nullptr for a raw policy file
  std::string where;                // "Policies[0].PolicyDocument" or "" for a raw file
  const Node* node = nullptr;       // the document (mapping); for a one-statement policy, the statement
  bool single_statement = false;    // EventBusPolicy `Statement`, Lambda::Permission: no Version
  const Node* version_key = nullptr;
  const Node* version = nullptr;
  std::vector<Statement> statements;
  std::string sam_template;  // SAM policy template name, for messages
  // The document as written when it was JSON text (a JSON string, a `|` block, the Content of a
  // describe-policy wrapper, a raw JSON file): Organizations counts an SCP's size on this text,
  // white space included (IAM008). Empty when the document was written as YAML/JSON structure.
  std::string_view json_text;
  bool json_text_sub = false;  // json_text is an Fn::Sub string: its ${...} are replaced at deploy
  const Node* sub_vars = nullptr;  // that Fn::Sub's variable map, if it has one

  // Guardrails (SCPs, RCPs, permissions boundaries, VPC endpoint and session policies) restrict
  // and never grant (RULES.md Clarification 17). An AWS::IAM::ManagedPolicy used only as a
  // PermissionsBoundary has kind Boundary.
  bool grants() const { return iamlint::grants(kind); }
  bool guardrail() const { return is_guardrail(kind); }
};

// A managed policy reference: ManagedPolicyArns item, SAM Policies string item, PermissionsBoundary.
struct ManagedPolicyRef {
  const Resource* owner = nullptr;
  const Node* node = nullptr;  // the list item (finding location)
  Value value;                 // ARN or (SAM) name
  bool boundary = false;       // PermissionsBoundary: not a grant
  bool sam_name = false;       // SAM Policies: [AmazonS3ReadOnlyAccess] (a bare name)
};

class Graph;

class Model {
 public:
  DocKind kind = DocKind::NotOurs;
  std::string path;
  // The whole file's text (fix producers turn node positions into byte offsets: lint/fix.h), and
  // its line starts, built on the first fix (a Model is only ever used by one thread).
  std::string_view text;
  mutable std::vector<uint32_t> line_starts;
  const Node* root = nullptr;
  Template tmpl;  // when kind == Template
  std::vector<PolicyDocument> policies;
  std::vector<ManagedPolicyRef> managed_policies;
  std::vector<Notice> notices;  // unresolved values etc. (--verbose)
  // The role's own account (for IAM011): from a raw `aws iam get-role` file, else `.iamlint.yaml`
  // `account:`, else "" (every literal account is then another account; Clarification 18).
  std::string owner_account;
  // Actions newer than the IAM data (.iamlint.yaml extra-actions): not IAM016.
  std::vector<std::string> extra_actions;
  // Accounts trusted without sts:ExternalId (.iamlint.yaml rule option for IAM011).
  std::vector<std::string> trusted_accounts;

  const std::vector<Resource>& resources() const { return tmpl.resources; }
  // Resolve a template value on demand (rules reading resource properties).
  Value resolve(const Node* n) const;
  std::vector<Item> resolve_list(const Node* n) const;
  // The same for a node of document `d` that the model keeps unresolved (a Condition value):
  // inside a policy written as Fn::Sub JSON text, its ${...} are the Sub's placeholders.
  std::vector<Item> resolve_list_in(const PolicyDocument& d, const Node* n) const;
  // Policy documents by owning resource (built once: rules must not scan all policies per resource).
  std::span<const PolicyDocument* const> policies_of(const Resource* owner) const;
  // policies_of()'s index: every owned document grouped by owner (in `policies` order), and each
  // resource's [begin, end) in it, by its position in tmpl.resources (two allocations in all,
  // rather than a map node and a vector per owner). Filled by build_model.
  std::vector<const PolicyDocument*> docs_by_owner;
  std::vector<std::pair<uint32_t, uint32_t>> docs_range;
  // Who references whom, role consumers (templates only; never null after build_model).
  std::shared_ptr<const Graph> graph;
  // Storage for nodes parsed from JSON-text policies and SAM policy templates.
  std::vector<std::unique_ptr<ParseResult>> owned;
};

struct BuildInput {
  std::string_view path;
  std::string_view text;  // the whole file
  const Node* root;
  // Fill Model::notices. Only --verbose shows them, and a large template can have one per
  // statement (each a few allocations), so the engine asks for them only then.
  bool notices = true;
  // A raw policy file's kind as .iamlint.yaml `policy-kinds` or --policy-kind give it (RULES.md
  // Clarification 17: never guessed from names). Without it the statements decide (Clarification 2).
  std::optional<PolicyKind> raw_kind;
};

// Classifies the document and extracts everything. Never throws.
std::unique_ptr<Model> build_model(const BuildInput& in);

// True when a parsed document is a CloudFormation template (AWSTemplateFormatVersion, or a
// Resources mapping whose values have a Type).
bool is_template_root(const Node* root);

// True when the text of a file that failed to parse shows it is ours (RULES.md Clarification 9).
bool text_looks_ours(std::string_view text);

}  // namespace iamlint
