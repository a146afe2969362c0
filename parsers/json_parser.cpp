// JSON front end: RapidJSON SAX (iterative, so no recursion) -> Node tree in a NodeArena.
//
// SAX callbacks fire after a token has been read, so positions come from the input stream's
// offset at the callback: values end there (their start follows from the token's written form),
// and brackets are reported by RapidJSON before it consumes them.
// RapidJSON 1.1's internal::Stack computes `nullptr + n` before its first allocation, which
// clang's UBSan (pointer-overflow) reports on every parse. It is harmless and fixed upstream;
// silence that one check for the library's code only.
#if defined(__clang__)
#pragma clang attribute push(__attribute__((no_sanitize("pointer-overflow"))), apply_to = function)
#endif
#include <rapidjson/error/error.h>
#include <rapidjson/reader.h>
#if defined(__clang__)
#pragma clang attribute pop
#endif

#include <algorithm>
#include <climits>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

#include "parsers/line_table.h"
#include "parsers/parser_util.h"
#include "parsers/parse.h"

namespace iamlint {

namespace {


// Input stream over the caller's buffer. Tell() is the offset in the whole text (BOM included).
struct MemStream {
  typedef char Ch;
  const char* begin;
  const char* cur;
  const char* end;

  Ch Peek() const { return cur < end ? *cur : '\0'; }
  Ch Take() { return cur < end ? *cur++ : '\0'; }
  size_t Tell() const { return static_cast<size_t>(cur - begin); }
  // Write side: only used by in-situ parsing, which we do not do.
  Ch* PutBegin() { return nullptr; }
  void Put(Ch) {}
  void Flush() {}
  size_t PutEnd(Ch*) { return 0; }
};

}  // namespace
}  // namespace iamlint

// RapidJSON's hook for copying the plain run of a string (up to a quote, a backslash or a control
// character) in bulk: it ships SIMD versions for its own StringStream only, and does nothing for
// other streams, which then copy byte by byte. This one works on MemStream's bounds, 16 bytes at a
// time (unaligned loads never past `end`), and leaves the rest to RapidJSON's byte loop. Only
// called without kParseValidateEncodingFlag (the text is validated as UTF-8 before parsing).
// (Naming the reader's private StackStream is allowed in an explicit specialization.)
#if defined(__SSE2__)
#include <emmintrin.h>
template <>
template <>
inline void rapidjson::Reader::ScanCopyUnescapedString<iamlint::MemStream, rapidjson::Reader::StackStream<char>>(
    iamlint::MemStream& is, rapidjson::Reader::StackStream<char>& os) {
  const char* p = is.cur;
  const __m128i dq = _mm_set1_epi8('"');
  const __m128i bs = _mm_set1_epi8('\\');
  const __m128i sp = _mm_set1_epi8(0x1F);
  while (is.end - p >= 16) {
    const __m128i s = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    // s <= 0x1F (unsigned) <=> min(s, 0x1F) == s
    const __m128i ctl = _mm_cmpeq_epi8(_mm_min_epu8(s, sp), s);
    const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(s, dq), _mm_cmpeq_epi8(s, bs)), ctl);
    const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
    if (mask != 0) {
      const auto n = static_cast<rapidjson::SizeType>(__builtin_ctz(mask));
      if (n > 0) std::memcpy(os.Push(n), p, n);  // Push(0) on an empty stack is a null pointer
      p += n;
      break;
    }
    std::memcpy(os.Push(16), p, 16);
    p += 16;
  }
  is.cur = p;
}
#endif

namespace iamlint {
namespace {

using detail::LineTable;

using detail::quote_for_message;
using detail::sat_add;

class JsonBuilder {
 public:
  JsonBuilder(std::string_view text, const ParseLimits& limits, NodeArena& arena, LineTable& lines,
              MemStream& is)
      : t_(text), s_(text.data()), n_(text.size()), lim_(limits), arena_(arena), lines_(lines),
        is_(is) {}

  // --- SAX interface -------------------------------------------------------------------------
  bool Null() {
    size_t e = is_.Tell();
    size_t b = e >= 4 ? e - 4 : 0;
    Node* nd = new_node(b);
    if (!nd) return false;
    nd->kind = NodeKind::Null;
    nd->set_text(t_.substr(b, e - b));
    return finish_leaf(nd, b, e);
  }
  bool Bool(bool v) {
    size_t e = is_.Tell();
    size_t len = v ? 4 : 5;
    size_t b = e >= len ? e - len : 0;
    Node* nd = new_node(b);
    if (!nd) return false;
    nd->kind = NodeKind::Scalar;
    nd->set_text(t_.substr(b, e - b));
    return finish_leaf(nd, b, e);
  }
  bool RawNumber(const char* str, rapidjson::SizeType len, bool) {
    size_t e = is_.Tell();
    size_t b = e >= len ? e - len : 0;
    Node* nd = new_node(b);
    if (!nd) return false;
    nd->kind = NodeKind::Scalar;
    if (e - b == len && std::memcmp(s_ + b, str, len) == 0) {
      nd->set_text(t_.substr(b, len));
    } else {
      nd->set_text(arena_.store(std::string_view(str, len)));
    }
    return finish_leaf(nd, b, e);
  }
  // Never called with kParseNumbersAsStringsFlag; present for the handler concept.
  bool Int(int) { return unexpected_number(); }
  bool Uint(unsigned) { return unexpected_number(); }
  bool Int64(int64_t) { return unexpected_number(); }
  bool Uint64(uint64_t) { return unexpected_number(); }
  bool Double(double) { return unexpected_number(); }

  bool String(const char* str, rapidjson::SizeType len, bool) { return string(str, len, false); }
  bool Key(const char* str, rapidjson::SizeType len, bool) { return string(str, len, true); }

  bool StartObject() { return start(true); }
  bool EndObject(rapidjson::SizeType) { return end(true); }
  bool StartArray() { return start(false); }
  bool EndArray(rapidjson::SizeType) { return end(false); }

  // --- results -------------------------------------------------------------------------------
  const Node* root() const { return root_; }
  bool failed() const { return !err_msg_.empty(); }
  const std::string& error_message() const { return err_msg_; }
  size_t error_offset() const { return err_off_; }

 private:
  struct Level {
    Node* node = nullptr;
    bool is_map = false;
    size_t begin = 0;
    uint64_t size = 0;
    std::vector<const Node*> kids;
    bool hashed = false;
    std::unordered_map<std::string_view, const Node*> keys;
  };

  bool fail(std::string msg, size_t off) {
    err_msg_ = std::move(msg);
    err_off_ = off;
    return false;
  }

  bool unexpected_number() { return fail("internal error: unexpected numeric callback", is_.Tell()); }

  Node* new_node(size_t off) {
    if (++node_count_ > lim_.max_nodes) {
      fail("too many nodes: more than " + std::to_string(lim_.max_nodes), off);
      return nullptr;
    }
    return arena_.make_node();
  }

  Pos P(size_t off) { return lines_.pos(std::min(off, n_)); }

  // Offset of the unescaped '"' opening the string whose closing quote is at `close`.
  size_t open_quote(size_t close) const {
    size_t p = close;
    while (p > 0) {
      const void* q = memrchr(s_, '"', p);
      if (!q) return 0;
      size_t qi = static_cast<size_t>(static_cast<const char*>(q) - s_);
      size_t k = qi;
      while (k > 0 && s_[k - 1] == '\\') --k;
      if (((qi - k) & 1) == 0) return qi;
      p = qi;
    }
    return 0;
  }

  bool string(const char* str, rapidjson::SizeType len, bool is_key) {
    size_t e = is_.Tell();
    size_t close = e > 0 ? e - 1 : 0;
    size_t b = open_quote(close);
    Node* nd = new_node(b);
    if (!nd) return false;
    nd->kind = NodeKind::Scalar;
    nd->style = ScalarStyle::DoubleQuoted;
    if (close >= b + 1 && close - b - 1 == len) {  // no escapes: the raw text is the value
      nd->set_text(t_.substr(b + 1, len));
    } else {
      nd->set_text(arena_.store(std::string_view(str, len)));
    }
    nd->span = Span{P(b), P(e)};
    if (is_key && depth_ > 0) {
      Level& L = levels_[depth_ - 1];
      if (!check_duplicate(L, nd, b)) return false;
    }
    return add(nd, e);
  }

  bool finish_leaf(Node* nd, size_t b, size_t e) {
    nd->span = Span{P(b), P(e)};
    return add(nd, e);
  }

  bool add(const Node* nd, size_t) {
    if (depth_ == 0) {
      root_ = nd;
      return true;
    }
    Level& L = levels_[depth_ - 1];
    L.kids.push_back(nd);
    L.size += nd->subtree_size;
    return true;
  }

  bool check_duplicate(Level& L, const Node* key, size_t off) {
    const size_t nkeys = L.kids.size() / 2;
    if (!L.hashed) {
      if (nkeys < 16) {
        for (size_t i = 0; i < L.kids.size(); i += 2) {
          if (L.kids[i]->text() == key->text()) return duplicate(key, L.kids[i], off);
        }
        return true;
      }
      L.keys.reserve(nkeys * 2 + 16);
      for (size_t i = 0; i < L.kids.size(); i += 2) L.keys.emplace(L.kids[i]->text(), L.kids[i]);
      L.hashed = true;
    }
    auto [it, inserted] = L.keys.emplace(key->text(), key);
    if (!inserted) return duplicate(key, it->second, off);
    return true;
  }

  bool duplicate(const Node* key, const Node* first, size_t off) {
    return fail("duplicate key '" + quote_for_message(key->text()) + "' (first at line " +
                    std::to_string(first->span.begin.line) + ")",
                off);
  }

  // RapidJSON reports brackets before consuming them; be tolerant of either convention.
  size_t bracket_at(char ch) const {
    size_t t = is_.Tell();
    if (t < n_ && s_[t] == ch) return t;
    if (t > 0 && s_[t - 1] == ch) return t - 1;
    return t;
  }

  bool start(bool is_map) {
    size_t b = bracket_at(is_map ? '{' : '[');
    if (depth_ + 1 > lim_.max_depth) {
      return fail("nesting too deep: more than " + std::to_string(lim_.max_depth) +
                      " levels of objects/arrays",
                  b);
    }
    Node* nd = new_node(b);
    if (!nd) return false;
    nd->kind = is_map ? NodeKind::Mapping : NodeKind::Sequence;
    nd->span.begin = P(b);
    if (depth_ == levels_.size()) levels_.emplace_back();
    Level& L = levels_[depth_++];
    L.node = nd;
    L.is_map = is_map;
    L.begin = b;
    L.size = 0;
    L.kids.clear();
    if (L.hashed) {
      L.keys.clear();
      L.hashed = false;
    }
    return true;
  }

  bool end(bool is_map) {
    if (depth_ == 0) return fail("internal error: unbalanced JSON events", is_.Tell());
    size_t e = bracket_at(is_map ? '}' : ']') + 1;
    Level& L = levels_[depth_ - 1];
    Node* nd = L.node;
    const uint32_t n = static_cast<uint32_t>(L.kids.size());
    const Node** ch = arena_.make_children(n);
    if (n) std::memcpy(static_cast<void*>(ch), L.kids.data(), sizeof(const Node*) * n);
    nd->children = ch;
    nd->count = is_map ? n / 2 : n;
    nd->subtree_size = sat_add(1, L.size);
    nd->span.end = P(e);
    --depth_;
    return add(nd, e);
  }

  std::string_view t_;
  const char* s_;
  size_t n_;
  const ParseLimits& lim_;
  NodeArena& arena_;
  LineTable& lines_;
  MemStream& is_;

  std::vector<Level> levels_;
  size_t depth_ = 0;
  const Node* root_ = nullptr;
  uint64_t node_count_ = 0;
  std::string err_msg_;
  size_t err_off_ = 0;
};

std::string describe(rapidjson::ParseErrorCode code, std::string_view text, size_t off,
                     bool at_eof) {
  using namespace rapidjson;
  std::string m;
  // RapidJSON 1.1 reports an unescaped control character as an invalid escape.
  if (code == kParseErrorStringEscapeInvalid && off < text.size() &&
      static_cast<unsigned char>(text[off]) < 0x20) {
    return "control character in string (must be escaped)";
  }
  switch (code) {
    case kParseErrorDocumentEmpty: m = "empty JSON document"; break;
    case kParseErrorDocumentRootNotSingular: m = "unexpected characters after the JSON value"; break;
    case kParseErrorValueInvalid: m = "expected a JSON value"; break;
    case kParseErrorObjectMissName: m = "expected a string key in object (trailing comma?)"; break;
    case kParseErrorObjectMissColon: m = "expected ':' after object key"; break;
    case kParseErrorObjectMissCommaOrCurlyBracket: m = "expected ',' or '}' in object"; break;
    case kParseErrorArrayMissCommaOrSquareBracket: m = "expected ',' or ']' in array"; break;
    case kParseErrorStringUnicodeEscapeInvalidHex: m = "invalid \\u escape in string"; break;
    case kParseErrorStringUnicodeSurrogateInvalid:
      m = "invalid UTF-16 surrogate in \\u escape";
      break;
    case kParseErrorStringEscapeInvalid: m = "invalid escape sequence in string"; break;
    case kParseErrorStringMissQuotationMark: m = "unterminated string (missing closing quote)"; break;
    case kParseErrorStringInvalidEncoding: m = "invalid UTF-8 in string"; break;
    case kParseErrorNumberTooBig: m = "number too big"; break;
    case kParseErrorNumberMissFraction: m = "expected digits after '.' in number"; break;
    case kParseErrorNumberMissExponent: m = "expected digits in number exponent"; break;
    case kParseErrorTermination: m = "JSON parsing stopped"; break;
    default: m = "JSON syntax error"; break;
  }
  if (at_eof && code != kParseErrorDocumentRootNotSingular) m = "unexpected end of input: " + m;
  return m;
}

}  // namespace

ParseResult parse_json(std::string_view text, const ParseLimits& limits) {
  ParseResult res;
  res.arena = std::make_unique<NodeArena>();
  if (text.size() >= static_cast<size_t>(UINT32_MAX) - 16) {
    res.error = ParseError{"file too large", Pos{1, 1}};
    return res;
  }
  if (auto err = limits.text_checked ? std::nullopt : check_text(text)) {
    res.error = std::move(err);
    return res;
  }
  size_t base = 0;
  if (text.size() >= 3 && std::memcmp(text.data(), "\xEF\xBB\xBF", 3) == 0) base = 3;
  size_t content_end = text.size();
  auto json_ws = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (content_end > base && json_ws(text[content_end - 1])) --content_end;
  if (content_end == base) return res;  // empty or whitespace-only: nothing to lint

  LineTable lines(text, base);
  MemStream is{text.data(), text.data() + base, text.data() + text.size()};
  JsonBuilder builder(text, limits, *res.arena, lines, is);
  rapidjson::Reader reader;
  // No kParseValidateEncodingFlag: check_text() above (or the caller, text_checked) has already
  // validated the whole text as strict UTF-8 (RFC 3629: no overlongs, surrogates or code points
  // above U+10FFFF), which RapidJSON's own validation accepts; validating every string's bytes a
  // second time cost a third of the JSON parse.
  constexpr unsigned kFlags = rapidjson::kParseIterativeFlag | rapidjson::kParseNumbersAsStringsFlag;
  try {
    rapidjson::ParseResult ok = reader.Parse<kFlags>(is, builder);
    if (!ok) {
      if (builder.failed()) {
        res.error = ParseError{builder.error_message(), lines.pos(builder.error_offset())};
      } else {
        size_t off = std::min(reader.GetErrorOffset(), text.size());
        res.error =
            ParseError{describe(reader.GetParseErrorCode(), text, off, off >= content_end), lines.pos(off)};
      }
    } else if (builder.root()) {
      res.documents.push_back(builder.root());
    }
  } catch (const std::exception& e) {
    res.error = ParseError{std::string("internal JSON parser error: ") + e.what(), Pos{1, 1}};
  } catch (...) {
    res.error = ParseError{"internal JSON parser error", Pos{1, 1}};
  }
  return res;
}

}  // namespace iamlint
