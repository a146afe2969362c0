// Access evaluation over files: the principals, resources and policies of a set of Models
// (templates and raw policy files), compiled once for lint/access/eval.h, and queries by name.
//
//   Models --World::build--> principals (roles, users, groups, SAM functions/state machines)
//                            targets (resources with an ARN, and their resource policies)
//                            compiled policies (identity, trust, resource, boundary, SCP)
//   query(principal, action, resource, context) --> access::Result
//
// Which model document counts as which policy class is decided in one place, classify() in
// world.cpp (the guardrail document kinds of RULES.md Clarification 17 plug in there).
#pragma once
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lint/access/eval.h"
#include "lint/model.h"

namespace iamlint::access {

struct WorldOptions {
  std::string account;  // the files' own account ("" = the symbol "this account")
  // Deploy-time values (parameters, imports) are the files' own and distinct from every literal
  // of a request: a Deny "unless aws:SourceVpce is ${EndpointId}" shuts out a caller whose
  // endpoint is another one. For questions about callers outside the files (rules/reach.h);
  // `iamlint access` keeps them opaque (the answer then depends on the parameter).
  bool deploy_values_distinct = false;
};

// A principal of the files.
struct Entity {
  enum Kind : uint8_t { Role, User, Group, External } kind = Role;
  std::string id;      // logical ID ("OrdersFunction"); for External the ARN as given
  std::string file;    // the model's path
  std::string type;    // "AWS::IAM::Role", "AWS::Serverless::Function"
  std::string arn;     // symbolic
  std::vector<const CPolicy*> identity;
  std::vector<const CPolicy*> boundaries;
  const Model* model = nullptr;
  const Resource* resource = nullptr;
  const Resource* role_resource = nullptr;  // the Role it stands for (itself, or a function's Role)
};

// A resource of the files that has an ARN (and maybe a resource policy).
struct Target {
  std::string id;
  std::string file;
  std::string type;
  std::string arn;  // symbolic primary ARN ("" when it has none)
  std::vector<const CPolicy*> policies;  // resource policies (key policy, bucket policy, trust...)
  bool kms = false;
  bool role = false;  // its `policies` are its trust policy
  const Model* model = nullptr;
  const Resource* resource = nullptr;
};

struct QueryPrincipal {
  const Entity* entity = nullptr;  // a principal of the files, or
  RequestPrincipal external;       // one outside them ("*", a service, another account's ARN)
  std::string display;             // as the user named it
};

// Request-tag keys (aws:TagKeys, aws:RequestTag/...) are only in requests of actions that list
// them among their condition keys (the IAM data): for any other action they are absent, also
// when the context is open.
void mark_inapplicable_keys(Context& ctx, std::string_view action);

class World {
 public:
  World() = default;
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  // Builds the world of `models` (all must outlive the World).
  void build(const std::vector<const Model*>& models, const WorldOptions& opt);
  // Compiles one document as a policy of class `cls` (kept by the World); for tests and tools
  // that assemble policy sets by hand.
  const CPolicy* add_policy(const Model& m, const PolicyDocument& d, PolicyClass cls, std::string name) {
    return compile(m, d, cls, std::move(name));
  }
  // Adds one --scp file's policies as one organisation level.
  void add_scp_level(const Model& m);

  SymbolTable& symbols() { return syms_; }
  const SymbolTable& symbols() const { return syms_; }
  const std::vector<Entity>& entities() const { return entities_; }
  const std::vector<Target>& targets() const { return targets_; }
  const std::string& own_account() const { return own_account_; }  // symbolic

  // Principal by name: logical ID (or FILE#ID), an ARN, "*", "service:NAME". On failure returns
  // nullopt and sets *error ("unknown principal 'X' (did you mean Y?)").
  std::optional<QueryPrincipal> find_principal(std::string_view name, std::string* error) const;
  // Resource spec (an ARN, a logical ID, or ${Res.Arn}/suffix Sub text) -> symbolic ARN pattern.
  // `target` is set when it names a target of the files. nullopt + *error when a name is unknown.
  std::optional<std::string> resolve_resource(std::string_view spec, const Target** target, std::string* error) const;
  const Target* find_target(std::string_view id_or_file_id) const;

  // The policies applying to (principal, resource) and the request's accounts.
  PolicySet policy_set(const QueryPrincipal& p, std::string_view action, std::string_view resource,
                       Request& req) const;
  // One decision. `resource` is a symbolic ARN (no pattern: see witnesses()).
  Result evaluate(const QueryPrincipal& p, std::string_view action, std::string_view resource, const Context& ctx,
                  const EvalOptions& opt = {}) const;

  // Concrete stand-ins for a resource pattern ("*", "arn:...:bucket/*"): the resource itself and,
  // for "*", one per resource pattern the policies name, so "can P do A on any resource?" is
  // answered by evaluating each.
  std::vector<std::string> witnesses(std::string_view pattern, std::string_view action) const;

  // A pattern made concrete: `*` a fresh name, `?` one character, a pseudo parameter a value of
  // its field (World::witnesses and the IAM030 assertions' resources).
  static std::string concretise(std::string_view pattern);

  // Human text of a symbolic string.
  std::string display(std::string_view s) const { return syms_.display(s); }
  // "OrdersAccess, statement 1" style label of a deciding statement.
  static std::string describe(const DecidingStatement& d);

  // Encodes a model Value alternative as a symbolic string (pattern: in a policy).
  std::string encode(const Alternative& a, bool pattern);

 private:
  void build_model(const Model& m);
  CPolicy* compile(const Model& m, const PolicyDocument& d, PolicyClass cls, std::string name);
  void compile_statement(const Model& m, const PolicyDocument& d, const Statement& s, CStatement& out, uint32_t index);
  const CPolicy* managed_policy(const Model& m, const ManagedPolicyRef& ref);
  std::string value_text(const Model& m, const Node* n);

  WorldOptions opt_;
  SymbolTable syms_;
  std::string own_account_;
  std::deque<CPolicy> policies_;
  std::vector<Entity> entities_;
  std::vector<Target> targets_;
  std::vector<std::vector<const CPolicy*>> scp_levels_;
  std::vector<std::vector<const CPolicy*>> rcp_levels_;  // RCP files (policy-kinds: rcp)
  std::vector<const Model*> models_;
  mutable std::vector<std::unique_ptr<Entity>> externals_;
  mutable std::unordered_map<std::string, const Target*> target_cache_;  // policy_set(): resource -> target
};

}  // namespace iamlint::access
