// Rule metadata and the rule function signature. The one list of rules is rules/registry.cpp.
#pragma once
#include <span>
#include <string_view>

#include "lint/finding.h"

namespace iamlint {

class Model;
class IamCatalog;
class FindingSink;

enum class Precision : uint8_t { VeryHigh, High, Medium, Low };
std::string_view precision_name(Precision p);  // "very-high", "high", ...

struct RuleInfo {
  std::string_view id;                 // "IAM003"
  std::string_view name;               // "wildcard-resource"
  Level level;                         // default level
  Precision precision;
  std::string_view security_severity;  // "5.5" (GitHub's security-severity); "" for correctness rules
  std::span<const std::string_view> tags;
  std::string_view short_description;  // one line
  std::string_view full_description;   // a paragraph
  std::string_view help;               // how to fix, plain text
};

using RuleFn = void (*)(const Model&, const IamCatalog&, FindingSink&);

struct Rule {
  RuleInfo info;
  RuleFn fn;  // nullptr for IAM000 (reported by the engine)
};

// Every rule, in ID order.
std::span<const Rule> all_rules();
const Rule* find_rule(std::string_view id);  // case-insensitive; nullptr if unknown

}  // namespace iamlint
