// `iamlint access` (lint/access/cmd_access.cpp) and the pieces IAM030 shares with it.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "lint/access/world.h"

namespace iamlint::access {

// argv[0] is "access". Returns the exit status.
int run_access(int argc, char** argv);

// Action names or patterns -> canonical action names (patterns expanded with the IAM data).
// nullopt and *error ("unknown action 's3:GetObjects' (did you mean s3:GetObject?)") on an unknown one.
std::optional<std::vector<std::string>> expand_actions(const std::vector<std::string>& given, std::string* error);

// Whether `action` can apply to the (symbolic) ARN `resource` by its resource types' ARN formats in
// the IAM data (true for actions without resource types and for anything not an ARN).
bool action_applies_to(std::string_view action, std::string_view resource);

// The best decision over concrete stand-ins of a resource pattern (World::witnesses): "can P do A
// on some resource the pattern denotes?"
Result evaluate_over(const World& w, const QueryPrincipal& p, std::string_view action,
                     const std::vector<std::string>& witnesses, const Context& ctx);

// Effective permissions: what the principal can do (allowed or conditional), grouped by service,
// actions and conditions, with the resources (display text, unknowns as ${...}). The candidates
// are every Allow of the principal's identity policies and every resource-policy Allow of the
// files, each action of each pattern evaluated on a generic member of its resource pattern.
struct Permission {
  std::string service;
  std::vector<std::string> actions, resources;
  std::vector<ConditionDependency> conditions;
};
std::vector<Permission> effective_permissions(const World& w, const QueryPrincipal& p, const Context& ctx);

}  // namespace iamlint::access
