// The lint options fuzz_resolver derives from its first input byte, shared with the regression
// test that replays saved inputs (tests/unit/test_fuzz_regressions.cpp) under every flag value.
#pragma once
#include <cstdint>

#include "lint/engine.h"
#include "lint/model.h"

namespace fuzz_support {

inline iamlint::LintOptions lint_options(uint8_t flags) {
  iamlint::LintOptions opt;
  opt.verbose = flags & 1;
  opt.warn_unused_ignores = flags & 2;
  // Small limits now and then, so the limit paths run too (the defaults allow 5 M nodes).
  if (flags & 4) {
    opt.limits.max_depth = 32;
    opt.limits.max_nodes = 20000;
    opt.limits.max_alias_expansion = 5000;
  }
  // A raw policy file's kind (--policy-kind) now and then: every guardrail kind runs the rules too.
  if (flags & 8) opt.policy_kind = static_cast<iamlint::PolicyKind>((flags >> 4) % 8);
  return opt;
}

}  // namespace fuzz_support
