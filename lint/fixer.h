// Applying fixes (--fix, --unsafe-fixes, --diff): lint, apply the non-overlapping fixes of the
// reported findings, lint again, until nothing changes (bounded); and the unified diff.
#pragma once
#include <map>
#include <string>
#include <string_view>

#include "lint/engine.h"

namespace iamlint {

struct FixResult {
  std::string text;                 // the fixed text (== the input when nothing applied)
  size_t applied = 0;               // fixes applied, over all rounds
  std::map<std::string, size_t> by_rule;  // fixes applied per rule
  FileResult final;                 // the lint of `text` (the findings that remain)
  bool stable = false;              // the last round found nothing to apply (not the round limit)
  bool changed() const { return applied > 0; }
};

// Fixes one file's text. Only findings that are reported (not suppressed, selected) are fixed;
// unsafe fixes only with `unsafe`. A round that would leave the file unparsable is retried one
// fix at a time, and a fix that breaks the parse is dropped. At most `max_rounds` rounds.
// `named` as for lint_text (a file named on the command line rather than found by a walk).
FixResult fix_file(const std::string& path, std::string_view text, const LintOptions& opt, bool unsafe,
                   bool named = true, int max_rounds = 10);

// A unified diff (3 lines of context) from `a` to `b` with headers `--- a/PATH` / `+++ b/PATH`;
// "" when they are equal.
std::string unified_diff(const std::string& path, std::string_view a, std::string_view b);

}  // namespace iamlint
