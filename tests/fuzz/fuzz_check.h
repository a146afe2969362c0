// What every fuzz target uses: FUZZ_CHECK (a failed invariant is a crash libFuzzer saves), and
// the line lengths of the input, to check positions against.
#pragma once
#include <cstddef>
#include <string_view>
#include <vector>

#include "parsers/node.h"

#define FUZZ_CHECK(cond) \
  do {                   \
    if (!(cond)) {       \
      __builtin_trap();  \
    }                    \
  } while (0)

namespace fuzz_support {

struct Lines {
  std::vector<size_t> len;  // bytes per line (without '\n')
  explicit Lines(std::string_view t) {
    size_t start = 0;
    for (size_t i = 0; i < t.size(); ++i) {
      if (t[i] == '\n') {
        len.push_back(i - start);
        start = i + 1;
      }
    }
    len.push_back(t.size() - start);
  }
  // On an existing line, at most one past its last byte.
  bool ok(iamlint::Pos p) const {
    if (p.line < 1 || p.line > len.size() || p.col < 1) return false;
    return p.col <= len[p.line - 1] + 1;
  }
  // On an existing line (any column).
  bool has_line(iamlint::Pos p) const { return p.line >= 1 && p.line <= len.size() && p.col >= 1; }
};

}  // namespace fuzz_support
