// What rules produce and reporters consume.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/node.h"

namespace iamlint {

enum class Level : uint8_t { Note = 0, Warning = 1, Error = 2 };
std::string_view level_name(Level l);  // "note", "warning", "error"

struct RelatedLocation {
  Span span;
  std::string message;
};

struct Finding {
  std::string rule_id;        // "IAM003" (set by the engine)
  Level level = Level::Warning;
  std::string message;
  std::string path;           // path as displayed / reported (relative to the cwd when possible)
  Span span;                  // primary location
  std::vector<RelatedLocation> related;
  std::string resource;       // logical ID of the resource the finding is about, or ""
  // Stable identity of the finding, independent of line numbers: see engine.cpp.
  std::string fingerprint;
  uint64_t legacy_hash = 0;  // the fingerprint of version 1 baselines (engine.cpp)
};

// A file-level notice that is not a rule finding: what could not be resolved/checked (--verbose),
// or why a file was skipped.
struct Notice {
  std::string path;
  Pos pos;
  std::string message;
};

}  // namespace iamlint
