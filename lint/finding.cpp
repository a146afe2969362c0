#include "lint/finding.h"

#include "lint/rule.h"

namespace iamlint {

std::string_view level_name(Level l) {
  switch (l) {
    case Level::Note: return "note";
    case Level::Warning: return "warning";
    case Level::Error: return "error";
  }
  return "warning";
}

// The values GitHub accepts for a rule's `precision` property.
std::string_view precision_name(Precision p) {
  switch (p) {
    case Precision::VeryHigh: return "very-high";
    case Precision::High: return "high";
    case Precision::Medium: return "medium";
    case Precision::Low: return "low";
  }
  return "medium";
}

}  // namespace iamlint
