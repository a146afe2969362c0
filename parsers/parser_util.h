// Small helpers both front ends share.
#pragma once
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

namespace iamlint::detail {

// a + b, saturating at UINT32_MAX (subtree sizes).
inline uint32_t sat_add(uint64_t a, uint64_t b) {
  uint64_t s = a + b;
  return s > UINT32_MAX ? UINT32_MAX : static_cast<uint32_t>(s);
}

// A key or alias as it appears in an error message: at most 60 bytes, line breaks as "\n",
// other control characters as spaces.
inline std::string quote_for_message(std::string_view s) {
  std::string out;
  size_t lim = std::min<size_t>(s.size(), 60);
  for (size_t i = 0; i < lim; ++i) {
    char c = s[i];
    if (c == '\n') {
      out += "\\n";
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += ' ';
    } else {
      out += c;
    }
  }
  if (s.size() > lim) out += "...";
  return out;
}

}  // namespace iamlint::detail
