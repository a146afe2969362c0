// Permission diff: what NEW grants that OLD did not, and the reverse, per principal and per
// resource, as a difference of the access evaluator's answers (lint/access/), not of the text.
//
//   OLD files -> World --+
//                         +--> compute() --> DiffResult --> lint/diff/cmd_diff.cpp (text, markdown, json, sarif)
//   NEW files -> World --+
//
// How an addition is found: every Allow statement of NEW that can apply to a principal (its
// identity policies, and resource policies that name it) is a candidate; its actions are expanded
// with the IAM data and its resource patterns made concrete (a `*` becomes a fresh name no literal
// pattern of OLD names). Each (action, resource) is evaluated in NEW and, translated, in OLD; it is
// added when NEW ranks it higher (allowed > conditional > denied). So every reported addition has a
// witness the evaluator confirms in both worlds. What the candidates cannot show (a widening that
// only a value outside every NEW pattern would reveal) is not reported: additions are exact, and
// completeness is measured by the mutation test (tests/diff/).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "lint/access/world.h"

namespace iamlint::diff {

struct Witness {
  std::string action;
  std::string resource;  // for people (symbols as ${...})
  std::string old_decision, new_decision;
  // The request context under which NEW allows and OLD does not (empty: any request; keys not
  // listed are absent when non-empty).
  std::vector<std::pair<std::string, std::string>> context;
  bool context_given = false;  // the witness holds for exactly this context (closed), not any
};

struct AccessItem {
  std::vector<std::string> actions;    // written patterns whose every expansion changed, else actions
  std::vector<std::string> resources;  // for people
  std::vector<std::string> conditions; // "StringEquals aws:SourceVpce = vpce-1" (NEW's, for added)
  bool sensitive = false;
  std::string why;  // why sensitive: "permissions management", "write on *", "iam:PassRole", ...
  Witness witness;
  std::string path;  // the granting statement (in NEW for added, OLD for removed)
  uint32_t line = 0, column = 0;
  std::string policy;  // "policy OrdersAccess, statement 2"
};

struct PrincipalDiff {
  std::string principal;  // logical ID
  std::string file;       // path relative to its root
  std::string type;
  std::string renamed_from;  // OLD logical ID when matched as a rename
  std::string status;        // "changed", "added", "removed"
  std::vector<AccessItem> added, removed;
  bool sensitive() const;
};

struct ResourceDiff {
  std::string resource;  // logical ID
  std::string file;
  std::string type;
  std::vector<std::string> exposure_added, exposure_removed;  // "public", "account 444455556666", "service events.amazonaws.com"
  std::string path;  // the resource policy (NEW for added)
  uint32_t line = 0, column = 0;
  bool sensitive() const;  // public or cross-account exposure added
};

struct DiffResult {
  std::vector<PrincipalDiff> principals;
  std::vector<ResourceDiff> resources;
  bool any_added() const;
  bool sensitive_added() const;
};

struct DiffOptions {
  size_t max_actions_per_statement = 20000;  // a NotAction statement expands to (nearly) every action
  // Test hook (tests/diff/): for every witness, the request in each world as a concrete
  // iam-simulate case (JSON lines: policies with symbols made concrete, the request, and the
  // decision iamlint gave), so an independent simulator can check the witness.
  std::vector<std::string>* oracle_cases = nullptr;
};

// Both worlds must have been built from models whose paths are relative to their roots, so that
// principals and resources match by (file, logical ID). Non-const: symbols are translated between
// the two worlds' tables.
DiffResult compute(access::World& old_world, access::World& new_world, const DiffOptions& opt = {});

// A symbolic string of `from` re-encoded with the symbols of `to` (by name).
std::string translate(std::string_view s, const access::SymbolTable& from, access::SymbolTable& to);

}  // namespace iamlint::diff
