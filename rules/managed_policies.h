// AWS managed policies attached in a template: which one a ManagedPolicyArns / PermissionsBoundary
// / SAM Policies item names. Shared by IAM014 (managed part), IAM023 and IAM024.
#pragma once
#include <string>

#include "lint/iam/catalog.h"
#include "lint/model.h"
#include "lint/sink.h"

namespace iamlint::rules {

struct ManagedTarget {
  bool aws = false;        // names an AWS managed policy: arn:<partition>:iam::aws:policy/... or a SAM name
  bool decidable = false;  // its path and name are literal (an unresolved intrinsic is never judged)
  std::string written;     // the ARN or name, with ${...} for unknown segments (messages)
  const ManagedPolicy* policy = nullptr;  // the policy of the pinned data, or nullptr
};

ManagedTarget managed_target(const IamCatalog& cat, const ManagedPolicyRef& ref, const Alternative& a);

// IAM014's managed-policy part (RULES.md IAM014, Clarification 21): an attached AWS managed policy
// whose document grants an escalation (classified when the data is generated), at the list item.
// Called by privilege_escalation.
void managed_policy_escalation(const Model& m, const IamCatalog& cat, FindingSink& sink);

}  // namespace iamlint::rules
