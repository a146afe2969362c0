// Statements read together for IAM010 and IAM021 (RULES.md Clarification 19), first version: an
// Allow to everyone is pinned when a Deny of the same document denies the same actions on the same
// resources to every caller that does not satisfy a pinning condition - a private API Gateway
// policy that allows execute-api:Invoke to "*" but denies it unless aws:SourceVpce matches.
// Decided by pattern matching (actions through the IAM data, resources by wildcard coverage);
// whatever it cannot prove leaves the Allow unpinned, so the finding stays. Access evaluation
// (Clarification 24) will re-found it.
#pragma once
#include <initializer_list>
#include <string_view>

#include "lint/iam/catalog.h"
#include "lint/model.h"

namespace iamlint::cond {

// The Deny statement of `d` that pins `allow` to callers satisfying a condition on one of
// `pin_keys` (lower-case, e.g. kCallerKeys), or nullptr when none does.
const Statement* pinning_deny(const Model& m, const IamCatalog& cat, const PolicyDocument& d, const Statement& allow,
                              std::initializer_list<std::string_view> pin_keys);

}  // namespace iamlint::cond
