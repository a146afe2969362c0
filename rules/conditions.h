// The condition model shared by the trust and resource-policy rules (IAM010, IAM011, IAM012,
// IAM021): which conditions actually restrict the caller (RULES.md Clarification 5).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "lint/model.h"
#include "rules/policy_facts.h"

namespace iamlint::cond {

struct Operator {
  std::string base;      // "stringequals", lower-case, without qualifiers
  bool if_exists = false;
  bool for_all = false;  // ForAllValues:
  bool for_any = false;  // ForAnyValue:
  bool negated = false;  // StringNotEquals, ArnNotLike, ...
};
Operator parse_operator(std::string_view op);

// The literal values of a condition entry; `unknown` when some value is only known at deploy time.
struct Values {
  std::vector<std::string> literal;
  bool unknown = false;
};
Values values(const Model& m, const facts::ConditionEntry& e);

// Does the entry restrict the request to values of `key` (case-insensitive key match)? False for
// negated operators, Null, IfExists (a caller without the key passes), ForAllValues (true when the
// key is absent), and empty or wildcard-only values. An unknown value counts as restricting.
bool restricts(const Model& m, const facts::ConditionEntry& e);

// A `ForAllValues:` entry on a key the request may lack: true when the key is absent, so it
// restricts nothing (RULES.md Clarification 5) — unless the statement also requires the key with
// `Null: {key: "false"}`, or the key is a web-identity claim every token carries (`<issuer>:sub`,
// `<issuer>:aud`). False for every other entry.
bool passes_when_absent(const Statement& s, const facts::ConditionEntry& e);

// The statement has a restricting condition on one of `keys` (lower-case).
bool has_restricting(const Model& m, const Statement& s, std::initializer_list<std::string_view> keys);

// Keys that pin who the caller is (IAM010) / who may reach a resource (IAM021).
extern const std::initializer_list<std::string_view> kCallerKeys;
extern const std::initializer_list<std::string_view> kResourceAccessKeys;

}  // namespace iamlint::cond

namespace iamlint::cond {

// An Allow whose principal is everyone: Principal "*", AWS "*", or NotPrincipal (everyone but a few).
const Node* public_principal(const Statement& s);
// A resource-policy statement that IAM021 reports: public principal, no condition pinning the
// caller's account, organization, network or source, and no Deny of the document that pins it
// (Clarification 19, rules/reach.h).
bool public_resource_statement(const Model& m, const IamCatalog& cat, const PolicyDocument& d, const Statement& s);

}  // namespace iamlint::cond
