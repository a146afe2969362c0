// check_text: the file must be UTF-8 without NUL bytes (both parsers rely on it).
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "parsers/parse.h"

namespace iamlint {

namespace {

// 1-based line/column of byte `off` (column counts bytes).
Pos pos_of(std::string_view text, size_t off) {
  Pos p;
  uint32_t line = 1;
  size_t line_start = 0;
  const char* b = text.data();
  const char* e = b + off;
  for (const char* q = b; q < e;) {
    const void* nl = std::memchr(q, '\n', static_cast<size_t>(e - q));
    if (!nl) break;
    ++line;
    q = static_cast<const char*>(nl) + 1;
    line_start = static_cast<size_t>(q - b);
  }
  // A leading UTF-8 BOM is not a column of line 1 (same convention as the parsers).
  if (line == 1 && text.size() >= 3 && std::memcmp(b, "\xEF\xBB\xBF", 3) == 0 && off >= 3) {
    line_start = 3;
  }
  p.line = line;
  p.col = static_cast<uint32_t>(off - line_start + 1);
  return p;
}

ParseError make_error(std::string_view text, size_t off, unsigned char byte) {
  char buf[64];
  if (byte == 0) {
    std::snprintf(buf, sizeof buf, "NUL byte: binary file");
  } else {
    std::snprintf(buf, sizeof buf, "invalid UTF-8 byte 0x%02x", static_cast<unsigned>(byte));
  }
  return ParseError{buf, pos_of(text, off)};
}

// True if the 8 bytes are all ASCII and none is zero.
inline bool plain_ascii8(const unsigned char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  constexpr uint64_t lo = 0x0101010101010101ULL;
  constexpr uint64_t hi = 0x8080808080808080ULL;
  uint64_t has_zero = (v - lo) & ~v & hi;
  return ((v & hi) | has_zero) == 0;
}

}  // namespace

std::optional<ParseError> check_text(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    if (i + 8 <= n && plain_ascii8(s + i)) {
      i += 8;
      continue;
    }
    unsigned char c = s[i];
    if (c < 0x80) {
      if (c == 0) return make_error(text, i, 0);
      ++i;
      continue;
    }
    // Multi-byte sequence: validate lead byte and continuation bytes (RFC 3629: no overlongs,
    // no surrogates, nothing above U+10FFFF).
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return make_error(text, i, c);  // stray continuation byte, overlong lead, or > U+10FFFF
    }
    if (i + len > n) return make_error(text, i, c);  // truncated at end of file
    if (s[i + 1] < lo || s[i + 1] > hi) return make_error(text, i, c);
    for (size_t k = 2; k < len; ++k) {
      if (s[i + k] < 0x80 || s[i + k] > 0xBF) return make_error(text, i, c);
    }
    i += len;
  }
  return std::nullopt;
}

}  // namespace iamlint
