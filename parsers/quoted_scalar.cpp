#include "parsers/quoted_scalar.h"

#include <string>

namespace iamlint {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

void put_utf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The double-quoted escape at text[i] (a backslash, not before a line break) appended to `out`;
// returns its length in the source, 0 when it is not a valid escape.
size_t decode_escape(std::string_view t, size_t i, size_t stop, std::string& out) {
  if (i + 1 >= stop) return 0;
  char c = t[i + 1];
  switch (c) {
    case '0': out += '\0'; return 2;
    case 'a': out += '\a'; return 2;
    case 'b': out += '\b'; return 2;
    case 't': case '\t': out += '\t'; return 2;
    case 'n': out += '\n'; return 2;
    case 'v': out += '\v'; return 2;
    case 'f': out += '\f'; return 2;
    case 'r': out += '\r'; return 2;
    case 'e': out += '\x1b'; return 2;
    case ' ': case '"': case '/': case '\\': out += c; return 2;
    case 'N': put_utf8(0x85, out); return 2;
    case '_': put_utf8(0xA0, out); return 2;
    case 'L': put_utf8(0x2028, out); return 2;
    case 'P': put_utf8(0x2029, out); return 2;
    default: break;
  }
  size_t digits = c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : 0;
  if (!digits || i + 2 + digits > stop) return 0;
  uint32_t cp = 0;
  for (size_t k = 0; k < digits; ++k) {
    char h = t[i + 2 + k];
    uint32_t v = h >= '0' && h <= '9' ? static_cast<uint32_t>(h - '0')
                 : h >= 'a' && h <= 'f' ? static_cast<uint32_t>(h - 'a' + 10)
                 : h >= 'A' && h <= 'F' ? static_cast<uint32_t>(h - 'A' + 10)
                                        : 16u;
    if (v == 16) return 0;
    cp = cp * 16 + v;
  }
  if (cp > 0x10FFFF) return 0;
  put_utf8(cp, out);
  return 2 + digits;
}

// At a line break (text[i] is '\n', or "\r\n"): the offset just past it.
size_t past_break(std::string_view t, size_t i) { return i + (t[i] == '\r' ? 2 : 1); }
bool at_break(std::string_view t, size_t i, size_t stop) {
  return t[i] == '\n' || (t[i] == '\r' && i + 1 < stop && t[i + 1] == '\n');
}

}  // namespace

std::vector<uint32_t> quoted_scalar_offsets(std::string_view t, size_t begin, size_t end, std::string_view value) {
  std::vector<uint32_t> offs;
  if (end > t.size() || begin + 2 > end) return offs;
  const char q = t[begin];
  if ((q != '"' && q != '\'') || t[end - 1] != q) return offs;
  const size_t stop = end - 1;  // the closing quote
  std::string out;
  out.reserve(value.size());
  offs.reserve(value.size());
  // The bytes appended to `out` since the last call were written at source offset `at`.
  auto map_to = [&](size_t at) { offs.resize(out.size(), static_cast<uint32_t>(at)); };
  size_t trailing = std::string::npos;  // out index where a run of unescaped blanks began
  // Empty lines after a break at i (past the break): their count, and the first content offset.
  auto fold_from = [&](size_t j, size_t* lines) {
    size_t empty = 0;
    for (;;) {
      size_t k = j;
      while (k < stop && is_blank(t[k])) ++k;
      if (k < stop && at_break(t, k, stop)) {
        ++empty;
        j = past_break(t, k);
        continue;
      }
      *lines = empty;
      return k;
    }
  };
  size_t i = begin + 1;
  while (i < stop) {
    char c = t[i];
    if (at_break(t, i, stop)) {
      // A line break folds: blanks before it are dropped, then one space, or a line feed per empty line.
      if (trailing != std::string::npos) {
        out.resize(trailing);
        offs.resize(trailing);
      }
      trailing = std::string::npos;
      size_t empty = 0;
      size_t next = fold_from(past_break(t, i), &empty);
      out.append(empty ? empty : 1, empty ? '\n' : ' ');
      map_to(i);
      i = next;
      continue;
    }
    if (q == '"' && c == '\\') {
      trailing = std::string::npos;
      if (i + 1 < stop && at_break(t, i + 1, stop)) {  // an escaped line break: nothing, but empty lines
        size_t empty = 0;
        size_t next = fold_from(past_break(t, i + 1), &empty);
        out.append(empty, '\n');
        map_to(i);
        i = next;
        continue;
      }
      size_t len = decode_escape(t, i, stop, out);
      if (!len) return {};
      map_to(i);
      i += len;
      continue;
    }
    if (q == '\'' && c == '\'') {  // '' is one quote (a lone ' cannot occur before `stop`)
      if (i + 1 >= stop || t[i + 1] != '\'') return {};
      out += '\'';
      map_to(i);
      trailing = std::string::npos;
      i += 2;
      continue;
    }
    if (is_blank(c)) {
      if (trailing == std::string::npos) trailing = out.size();
    } else {
      trailing = std::string::npos;
    }
    out += c;
    map_to(i);
    ++i;
  }
  if (out != value) return {};
  return offs;
}

std::vector<uint32_t> block_scalar_offsets(std::string_view t, size_t begin, size_t end, std::string_view value) {
  if (end > t.size() || begin >= end || (t[begin] != '|' && t[begin] != '>')) return {};
  const bool folded = t[begin] == '>';
  size_t p = begin + 1;
  while (p < end && (t[p] == '+' || t[p] == '-')) ++p;
  if (p < end && t[p] >= '1' && t[p] <= '9') return {};  // explicit indentation
  size_t nl = t.find('\n', p);
  if (nl == std::string_view::npos || nl >= end) return {};
  std::string out;
  std::vector<uint32_t> offs;
  out.reserve(value.size());
  offs.reserve(value.size());
  auto map_to = [&](size_t at) { offs.resize(out.size(), static_cast<uint32_t>(at)); };
  size_t indent = std::string_view::npos;
  bool first = true, prev_spaced = false;
  size_t prev_end = 0, empty = 0;
  for (size_t ls = nl + 1; ls < end;) {
    size_t le = t.find('\n', ls);
    if (le == std::string_view::npos || le > end) le = end;
    size_t ce = le > ls && t[le - 1] == '\r' ? le - 1 : le;
    size_t q = ls;
    while (q < ce && t[q] == ' ') ++q;  // indentation is spaces; a tab is text
    // A line of spaces only is empty, unless it has more than the indentation: then its extra
    // spaces are text (a "spaced" line).
    if (q == ce && (indent == std::string_view::npos || ce - ls <= indent)) {
      if (first) {
        out += '\n';
        map_to(ls);
      } else {
        ++empty;
      }
    } else {
      if (indent == std::string_view::npos) indent = q - ls;  // the first text line's
      if (ce - ls < indent) return {};
      for (size_t k = ls; k < ls + indent; ++k)
        if (t[k] != ' ') return {};
      size_t c = ls + indent;
      bool spaced = is_blank(t[c]);
      if (!first) {
        // The break after the previous line: folded to a space between two plain text lines,
        // dropped before empty lines (which give one line feed each), kept around spaced lines.
        if (folded && !prev_spaced && !spaced)
          out.append(empty ? empty : 1, empty ? '\n' : ' ');
        else
          out.append(empty + 1, '\n');
        map_to(prev_end);
      }
      for (size_t k = c; k < ce; ++k) {
        out += t[k];
        map_to(k);
      }
      first = false;
      prev_spaced = spaced;
      prev_end = ce;
      empty = 0;
    }
    ls = le + 1;
  }
  if (first || out.size() > value.size() || value.compare(0, out.size(), out) != 0) return {};
  // Chomping: the line feeds kept after the last line.
  for (size_t k = out.size(); k < value.size(); ++k)
    if (value[k] != '\n') return {};
  out.append(value.size() - out.size(), '\n');
  map_to(std::min(prev_end, t.size() - 1));
  return offs;
}

}  // namespace iamlint
