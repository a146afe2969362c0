// How users name rules: an ID (IAM003), an ID prefix (IAM00, every IAM00x rule) or a rule name
// (wildcard-resource). The same spellings work everywhere rules are named: suppression comments,
// Metadata ignore lists, --select/--ignore and .iamlint.yaml.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace iamlint {

// The upper-case ID or ID prefix `text` names, or nullopt when it names no rule of the registry
// (case-insensitive: `iam003`, `Wildcard-Resource`).
std::optional<std::string> rule_selector(std::string_view text);

// Whether the selector (as returned by rule_selector) covers the rule `id`.
inline bool selector_covers(std::string_view selector, std::string_view id) {
  return !selector.empty() && id.substr(0, selector.size()) == selector;
}

}  // namespace iamlint
