// Byte offset -> 1-based line/column for both front ends, with a cursor for the (mostly
// increasing) lookups the parsers make.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "parsers/node.h"

namespace iamlint::detail {

class LineTable {
 public:
  // `bom` bytes at the start (a UTF-8 BOM) do not count as columns of line 1.
  LineTable(std::string_view t, size_t bom) {
    starts_.reserve(t.size() / 40 + 2);
    starts_.push_back(static_cast<uint32_t>(bom));
    const char* b = t.data();
    const char* e = b + t.size();
    for (const char* p = b; p < e;) {
      const void* nl = std::memchr(p, '\n', static_cast<size_t>(e - p));
      if (!nl) break;
      p = static_cast<const char*>(nl) + 1;
      starts_.push_back(static_cast<uint32_t>(p - b));
    }
  }

  Pos pos(size_t off) {
    if (off < starts_[0]) off = starts_[0];
    const size_t n = starts_.size();
    size_t i = hint_;
    if (off >= starts_[i]) {
      if (i + 1 < n && off >= starts_[i + 1]) {
        if (i + 2 < n && off >= starts_[i + 2]) {
          i = static_cast<size_t>(std::upper_bound(starts_.begin() + static_cast<ptrdiff_t>(i) + 2,
                                                   starts_.end(), off) -
                                  starts_.begin()) -
              1;
        } else {
          i = i + 1;
        }
      }
    } else {
      i = static_cast<size_t>(std::upper_bound(starts_.begin(),
                                               starts_.begin() + static_cast<ptrdiff_t>(i), off) -
                              starts_.begin()) -
          1;
    }
    hint_ = i;
    return Pos{static_cast<uint32_t>(i + 1), static_cast<uint32_t>(off - starts_[i] + 1)};
  }

 private:
  std::vector<uint32_t> starts_;
  size_t hint_ = 0;
};

}  // namespace iamlint::detail
