// libFuzzer target for autofix (lint/fix.h, lint/fixer.h): the input is a template or policy
// (YAML, or JSON when the options byte says so). For every fixable finding it checks what a fix
// promises: edits inside the text, sorted and not overlapping, deleting no line break; the file
// with that fix alone still parses. Then the fixer's rounds: the fixed file parses, and fixing it
// again changes nothing (when the first run ended stable rather than at its round limit).
//
// The first byte picks options: bit 0 JSON (fuzz.json) instead of YAML, bit 1 unsafe fixes too.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "lint/engine.h"
#include "lint/fix.h"
#include "lint/fixer.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > 64 * 1024) return 0;
  const uint8_t flags = data[0];
  const std::string path = (flags & 1) ? "fuzz.json" : "fuzz.yaml";
  const bool unsafe = flags & 2;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);

  iamlint::LintOptions opt;
  iamlint::FileResult r = iamlint::lint_text(path, text, opt, /*named=*/true);
  if (r.parse_error || !r.ours) return 0;
  for (const iamlint::Finding& f : r.findings) {
    if (!f.fix) continue;
    const auto& edits = f.fix->edits;
    FUZZ_CHECK(!edits.empty());
    for (size_t i = 0; i < edits.size(); ++i) {
      FUZZ_CHECK(edits[i].begin <= edits[i].end && edits[i].end <= text.size());
      if (i) FUZZ_CHECK(edits[i - 1].end < edits[i].begin);
      FUZZ_CHECK(text.substr(edits[i].begin, edits[i].end - edits[i].begin).find('\n') == std::string_view::npos);
    }
    std::string fixed = iamlint::fix::apply(text, edits);
    // Outside the edits the bytes are the input's: the prefix, the gaps and the suffix.
    FUZZ_CHECK(fixed.compare(0, edits.front().begin, text.substr(0, edits.front().begin)) == 0);
    const size_t tail = text.size() - edits.back().end;
    FUZZ_CHECK(fixed.size() >= tail && fixed.compare(fixed.size() - tail, tail, text.substr(edits.back().end)) == 0);
    iamlint::FileResult after = iamlint::lint_text(path, fixed, opt, true);
    FUZZ_CHECK(!after.parse_error);
  }
  iamlint::FixResult once = iamlint::fix_file(path, text, opt, unsafe);
  FUZZ_CHECK(!once.final.parse_error);
  if (once.stable) {
    iamlint::FixResult twice = iamlint::fix_file(path, once.text, opt, unsafe);
    FUZZ_CHECK(twice.applied == 0 && twice.text == once.text);
  }
  return 0;
}
