// A string as a JSON string literal (quotes, escapes): the hand-written JSON of `iamlint access`
// and `iamlint diff`. (The lint reports write JSON through RapidJSON.)
#pragma once
#include <cstdio>
#include <string>
#include <string_view>

namespace iamlint {

inline std::string json_quote(std::string_view s) {
  std::string o;
  o.reserve(s.size() + 2);
  o += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': o += "\\\""; break;
      case '\\': o += "\\\\"; break;
      case '\n': o += "\\n"; break;
      case '\r': o += "\\r"; break;
      case '\t': o += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          o += buf;
        } else {
          o += static_cast<char>(c);
        }
    }
  }
  o += '"';
  return o;
}

}  // namespace iamlint
