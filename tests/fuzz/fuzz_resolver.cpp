// libFuzzer target for everything after the parser: the input is a YAML template (JSON is YAML
// too), and lint_text parses it, builds the model (classification, intrinsic resolution, SAM policy
// templates, JSON-text policies, the resource graph) and runs every rule and the suppressions.
// Besides "no crash, no sanitizer report, no hang", it checks what every finding promises its
// reporters: a known rule, a non-empty message, a span inside the input with begin <= end.
//
// The first byte picks options (verbose notices, unused-suppression warnings) so both paths of the
// model builder and the engine are exercised; the rest is the template.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lint/engine.h"
#include "lint/rule.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/fuzz_options.h"

namespace {

using fuzz_support::Lines;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t flags = data[0];
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);

  const iamlint::LintOptions opt = fuzz_support::lint_options(flags);
  iamlint::FileResult r = iamlint::lint_text("fuzz.yaml", text, opt, /*named=*/true);

  Lines lines(text);
  for (const iamlint::Finding& f : r.findings) {
    FUZZ_CHECK(iamlint::find_rule(f.rule_id) != nullptr);
    FUZZ_CHECK(!f.message.empty());
    FUZZ_CHECK(!f.fingerprint.empty());
    FUZZ_CHECK(f.span.begin.line >= 1 && f.span.begin.col >= 1);
    FUZZ_CHECK(!(f.span.end < f.span.begin));
    // Every finding points at a line of the input (IAM000 may point just past the last one).
    if (f.rule_id != "IAM000") FUZZ_CHECK(lines.has_line(f.span.begin));
    for (const auto& rel : f.related) FUZZ_CHECK(!(rel.span.end < rel.span.begin));
  }
  if (r.parse_error) FUZZ_CHECK(r.ours);
  return 0;
}
