// ASCII case folding, the one copy (what std::tolower does in the "C" locale iamlint runs in,
// without a locale call per character): IAM action names, condition keys, Effect values and
// service principals compare case-insensitively, and they are ASCII.
#pragma once
#include <string>
#include <string_view>

namespace iamlint {

inline char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

inline std::string ascii_lower(std::string_view s) {
  std::string o(s);
  for (auto& c : o) c = ascii_lower(c);
  return o;
}

inline bool ascii_iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

}  // namespace iamlint
