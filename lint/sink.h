// Where rules put their findings. The engine sets the current rule; rules only say where and what.
#pragma once
#include <string>
#include <vector>

#include "lint/finding.h"
#include "lint/model.h"
#include "lint/rule.h"

namespace iamlint {

class FindingSink {
 public:
  explicit FindingSink(const Model& m) : model_(m) {}

  void set_rule(const RuleInfo* r) { rule_ = r; }

  // Reports a finding at `at` (its span). `res` names the resource; `key` is the text that
  // identifies the offending value for the fingerprint (defaults to the node's scalar text).
  Finding& report(const Node* at, std::string message, const Resource* res = nullptr, std::string key = {});
  Finding& report(Span at, std::string message, const Resource* res, std::string key);
  void add_related(Finding& f, const Node* at, std::string message);

  std::vector<Finding>& findings() { return findings_; }

 private:
  const Model& model_;
  const RuleInfo* rule_ = nullptr;
  std::vector<Finding> findings_;
};

}  // namespace iamlint
