// What rules produce and reporters consume.
#pragma once
#include <cstdint>
#include <memory>
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
  std::string path;  // "" = the finding's own file (IAM030 points from .iamlint.yaml into templates)
};

// One replacement of bytes [begin, end) of the original file by `text` (an insertion when
// begin == end). Fixes are text edits: everything outside the edited spans stays byte-identical.
struct TextEdit {
  uint32_t begin = 0;
  uint32_t end = 0;
  std::string text;
};

// A fix a rule offers with a finding (lint/fix.h builds them). Safe fixes change only what the
// finding is about; unsafe ones may change behaviour beyond it (grant more, add a resource) and
// are applied only with --unsafe-fixes.
struct Fix {
  std::string title;  // "Add Version: '2012-10-17'"
  bool safe = true;
  std::vector<TextEdit> edits;  // sorted by offset, not overlapping
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
  // The fix, if the rule offers one (shared: findings are copied while sorting).
  std::shared_ptr<const Fix> fix;
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
