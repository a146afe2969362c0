// Access evaluation, the core: "may this principal do this action on this resource?" over
// compiled policies, with AWS's documented evaluation logic (RULES.md Clarification 24).
//
//   request (principal, action, resource, context)
//     + applicable policies (identity, boundaries, resource policy, SCP/RCP levels)
//     -> Decision { allowed | explicit-deny | implicit-deny | conditional, conditions, decided_by }
//
// This header knows nothing about templates: lint/access/world.h compiles a set of Models into
// CPolicy objects and answers queries by principal/resource names. Everything here is three-valued
// (Tri): a value only known at deploy time (a parameter, an import) or a context key the request
// did not give makes a match Unknown, and an Unknown that can change the outcome makes the
// decision `conditional` - never a guess.
//
// Strings (resources, principals, condition values) are "symbolic strings": plain text, in which
// a value only known at deploy time is one token (see symbols below), so that
// `!GetAtt OrdersTable.Arn` in a policy and `OrdersTable` in a query compare equal although the
// table's name is unknown.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace iamlint::access {

enum class Tri : uint8_t { False = 0, Unknown = 1, True = 2 };
inline Tri tri_and(Tri a, Tri b) { return a < b ? a : b; }
inline Tri tri_or(Tri a, Tri b) { return a > b ? a : b; }
inline Tri tri_not(Tri a) { return static_cast<Tri>(2 - static_cast<int>(a)); }

// ---- symbolic strings --------------------------------------------------------------------------
// A symbol is 4 bytes: a marker, then its id in 3 bytes of 0x40..0x7F (never '*', '?', ':', '/').
//   kSymOpaque: a value we know nothing about (parameter, import): equal only to itself, may equal
//               any other text (Unknown).
//   kSymUnique: a value that is distinct from every literal (a generated name, "this account"
//               when --account is not given): equal only to itself.
//   kFieldAny (1 byte, patterns only): a pseudo parameter (AWS::Partition, AWS::Region,
//               AWS::URLSuffix) in a policy: matches any text of one ARN field.
inline constexpr char kSymOpaque = '\x01';
inline constexpr char kSymUnique = '\x03';
inline constexpr char kFieldAny = '\x04';        // ${AWS::Partition}
inline constexpr char kFieldAnyRegion = '\x05';  // ${AWS::Region}
inline constexpr char kFieldAnySuffix = '\x06';  // ${AWS::URLSuffix}
inline bool is_field_any(char c) { return c >= kFieldAny && c <= kFieldAnySuffix; }
inline constexpr size_t kSymLen = 4;

class SymbolTable {
 public:
  // The encoded symbol for `name` (interned).
  std::string symbol(std::string_view name, bool unique);
  // The name of the symbol starting at s[0] (a marker byte), "" if malformed.
  std::string_view name_at(std::string_view s) const;
  // Text for people: each symbol as ${name}, kFieldAny as ${pseudo}.
  std::string display(std::string_view encoded) const;
  size_t size() const { return names_.size(); }

 private:
  std::vector<std::string> names_;
  std::vector<std::pair<std::string, uint32_t>> index_;  // sorted by name
};

bool has_symbols(std::string_view s);
// Literal text made safe to embed in a symbolic string: the reserved bytes 0x01-0x06 (which no
// ARN, action or condition value contains, but a JSON "\u0001" can) become 0x7F.
std::string literal_text(std::string_view s);

// Glob match of `pattern` (with `*`, `?`, kFieldAny and symbols) against `text` (with symbols).
// `ci`: case-insensitive (actions). On Unknown, the names of the opaque symbols it depended on
// are appended to *deps (when deps is not null).
Tri glob_match3(std::string_view pattern, std::string_view text, bool ci, const SymbolTable* syms,
                std::vector<std::string>* deps);
// ARN matching as IAM does it: field by field for the first five fields (a `*` at the end of a
// field may run on across colons), the resource part as a glob; anything not an ARN as a glob.
Tri arn_match3(std::string_view pattern, std::string_view arn, const SymbolTable* syms,
               std::vector<std::string>* deps);

// ---- compiled policies -------------------------------------------------------------------------
enum class PolicyClass : uint8_t { Identity, Resource, Trust, Boundary, Scp, Rcp, Session };
std::string_view policy_class_name(PolicyClass c);

struct SourceLoc {
  std::string path;
  uint32_t line = 0, column = 0;
};

enum class CondOp : uint8_t {
  StringEquals, StringNotEquals, StringEqualsIgnoreCase, StringNotEqualsIgnoreCase, StringLike, StringNotLike,
  NumericEquals, NumericNotEquals, NumericLessThan, NumericLessThanEquals, NumericGreaterThan,
  NumericGreaterThanEquals,
  DateEquals, DateNotEquals, DateLessThan, DateLessThanEquals, DateGreaterThan, DateGreaterThanEquals,
  Bool, BinaryEquals, IpAddress, NotIpAddress, ArnEquals, ArnLike, ArnNotEquals, ArnNotLike, Null,
  Invalid,
};
enum class SetOp : uint8_t { None, ForAllValues, ForAnyValue };

struct ParsedOperator {
  CondOp op = CondOp::Invalid;
  SetOp set = SetOp::None;
  bool if_exists = false;
};
// "ForAnyValue:StringLikeIfExists" -> {StringLike, ForAnyValue, true}. Operator names are
// case-sensitive in IAM; the qualifier prefix is matched case-insensitively.
ParsedOperator parse_operator(std::string_view name);
bool op_negated(CondOp op);  // StringNotEquals, NotIpAddress, ...

struct CCondition {
  std::string operator_text;  // as written ("StringEqualsIfExists")
  ParsedOperator op;
  std::string key;            // lower-cased
  std::string key_text;       // as written
  std::vector<std::string> values;  // symbolic strings; may hold policy variables ${...}
  SourceLoc loc;
};

struct CPrincipal {
  enum Type : uint8_t { Any, AWS, Service, Federated, CanonicalUser, Other } type = Any;
  std::string value;  // symbolic string ("*" for Any)
};

struct CStatement {
  bool deny = false;
  bool not_action = false;
  std::vector<std::string> actions;  // lower-cased patterns
  bool has_resource = false;         // Resource/NotResource given (else: the policy's own resource)
  bool not_resource = false;
  std::vector<std::string> resources;
  bool has_principal = false;
  bool not_principal = false;
  std::vector<CPrincipal> principals;
  std::vector<CCondition> conditions;
  SourceLoc loc;
  uint32_t index = 0;  // 1-based position in its policy ("statement 1")
  std::string sid;

  // `actions` indexed for matching (index_actions()): AWS managed policies list thousands of
  // patterns, and effective permissions ask about every action. Empty until built; matching then
  // falls back to a scan.
  struct ActionIndex {
    bool built = false;
    // Indexes into `actions` (so copies and moves of the statement keep it valid).
    std::vector<uint32_t> exact;  // literal names, sorted by name
    std::vector<std::pair<std::string, std::vector<uint32_t>>> by_service;  // literal service -> patterns
    std::vector<uint32_t> general;  // wildcards in the service part, or deploy-time values
  } action_index;
  // Builds action_index (call after `actions` is final).
  void index_actions();
};

struct CPolicy {
  PolicyClass cls = PolicyClass::Identity;
  std::string name;  // "OrdersFunction policy OrdersAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess"
  SourceLoc loc;     // the document (or the list item attaching a managed policy)
  bool attached_by_reference = false;  // an AWS managed policy: decided_by points at `loc`
  std::vector<CStatement> statements;
};

// ---- requests ----------------------------------------------------------------------------------
struct Context {
  // lower-cased key -> values (multi-valued keys have several). Sorted by key (set via set()).
  std::vector<std::pair<std::string, std::vector<std::string>>> entries;
  // true: a key not in `entries` is absent from the request (a simulator's closed world);
  // false: it was merely not given, and a condition on it makes the decision conditional.
  bool closed = false;
  // Keys (lower-case; a trailing '/' makes a prefix) the request certainly lacks even in an open
  // context: tag keys of an action that takes no tags (see mark_inapplicable_keys in world.h).
  std::vector<std::string> absent;
  bool known_absent(std::string_view lower_key) const;

  void add(std::string_view key, std::string value);  // appends a value
  void set(std::string_view key, std::vector<std::string> values);
  const std::vector<std::string>* find(std::string_view lower_key) const;
  // find() with a case-insensitive key.
  const std::vector<std::string>* find_ci(std::string_view key) const;
};

struct RequestPrincipal {
  enum Kind : uint8_t { Role, User, Service, Anonymous, Account, Other } kind = Role;
  std::string arn;          // symbolic; for a role: arn:...:role/NAME (the session is matched too)
  std::string session_arn;  // arn:...:assumed-role/NAME/SESSION, optional
  std::string account;      // symbolic; "" for a service or anonymous
  std::string service;      // "lambda.amazonaws.com" for kind Service
};

struct Request {
  RequestPrincipal principal;
  std::string action;    // "s3:GetObject" (any case)
  std::string resource;  // symbolic ARN
  std::string resource_account;  // symbolic; "" when unknown (then: same account as the principal)
  Context context;
};

// The policies that apply to one request. Pointers stay owned by the caller (a World).
struct PolicySet {
  std::vector<const CPolicy*> identity;    // identity policies of the principal (inline, attached, group)
  std::vector<const CPolicy*> boundaries;  // permissions boundary (every one must allow)
  std::vector<const CPolicy*> session;     // session policies (every one must allow)
  std::vector<const CPolicy*> resource;    // the target's resource policy (trust policy for AssumeRole)
  std::vector<std::vector<const CPolicy*>> scp_levels;  // principal side, each level must allow
  std::vector<std::vector<const CPolicy*>> rcp_levels;  // resource side, each level must allow
  // The principal's identity policies are not in the files: assume they allow what it asks.
  bool identity_assumed = false;
  // The resource is outside the files (no resource policy known): assume its policy does not
  // stand in the way of a cross-account request.
  bool resource_policy_assumed = false;
  // The resource policy must allow (KMS key policies; trust policies for sts:AssumeRole*),
  // directly or by delegating to the account (root), in which case identity policies decide.
  bool resource_policy_required = false;
};

enum class Decision : uint8_t { Allowed, ExplicitDeny, ImplicitDeny, Conditional };
std::string_view decision_name(Decision d);  // "allowed", "explicit-deny", ...

struct DecidingStatement {
  const CPolicy* policy = nullptr;
  const CStatement* statement = nullptr;
};

struct ConditionDependency {
  std::string key;       // the context key (as written), or "parameter BucketArn" for a symbol
  std::string operator_text;  // "StringEquals", or "value" for a symbol
  std::vector<std::string> values;  // for display (symbols as ${...})
  bool deny = false;     // from a Deny statement
  SourceLoc loc;
};

struct Result {
  Decision decision = Decision::ImplicitDeny;
  std::vector<DecidingStatement> decided_by;
  std::vector<ConditionDependency> conditions;
};

struct EvalOptions {
  bool explain = true;  // fill decided_by / conditions (off: the decision only, faster)
};

class Evaluator {
 public:
  explicit Evaluator(const SymbolTable* syms = nullptr) : syms_(syms) {}
  Result evaluate(const Request& req, const PolicySet& ps, const EvalOptions& opt = {}) const;
  // One statement against a request (used by the evaluator, exposed for tests).
  // `resource_policy`: the statement belongs to a resource-side policy (its Principal is checked).
  Tri statement_applies(const CStatement& st, const Request& req, bool principal_checked) const;
  Tri condition_holds(const CCondition& c, const Request& req) const;

 private:
  void explain_statement(const CPolicy& p, const CStatement& st, const Request& req, Result& out) const;
  const SymbolTable* syms_;
};

// Principal matching of a resource-policy statement's Principal element against the request.
// Sets *root_delegation when it matched only as the principal's account (…:root or a bare account
// ID): then the account's identity policies must allow as well.
Tri principal_matches(const CPrincipal& p, const RequestPrincipal& rp, const SymbolTable* syms,
                      bool* root_delegation);

// Policy variables: ${aws:username} etc. replaced from the request context (and ${*}, ${?}, ${$}
// escapes). Returns Unknown when a variable's key is not in an open context, False when it is
// absent from a closed one (the element then matches nothing).
Tri substitute_variables(std::string_view in, const Request& req, std::string& out, std::vector<std::string>* deps);

}  // namespace iamlint::access
