// Statements read together for IAM010 and IAM021 (RULES.md Clarification 19), decided by access
// evaluation (Clarification 24, lint/access/eval.h): an Allow to everyone is a finding only when a
// caller outside the account gets through its own conditions and the document's Denies - a private
// API Gateway policy that allows execute-api:Invoke to "*" and denies it unless aws:SourceVpce is
// the account's endpoint is none.
//
// The question asked of the evaluator: "can a principal outside the account do any of this
// statement's actions on its resources?", with the statement and every Deny of its document as
// the resource-side policy, for three kinds of outsider (a principal of another account; one of
// another organisation calling through its own VPC endpoint; a service acting for another
// account's resource), whose pinning keys carry their own values or are absent. Every other key
// stays open. An answer of `allowed`, or `conditional` on anything but a pinning key, keeps the
// finding; only denials (and answers that hang on pinning keys alone) remove it.
#pragma once
#include <initializer_list>
#include <string_view>

#include "lint/iam/catalog.h"
#include "lint/model.h"

namespace iamlint::reach {

// True when no outsider can do any of `allow`'s actions on its resources (`pin_keys`: lower-case
// condition keys that pin the caller, rules/conditions.h).
bool outsiders_shut_out(const Model& m, const IamCatalog& cat, const PolicyDocument& d, const Statement& allow,
                        std::initializer_list<std::string_view> pin_keys);

}  // namespace iamlint::reach
