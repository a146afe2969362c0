// YAML front end: yaml-cpp's event API -> Node tree in a NodeArena.
//
// yaml-cpp events only carry a start Mark (0-based byte offset after the BOM), so every end
// position is recovered from the source text: scalars by scanning their written form, collections
// from their last child (plus the closing bracket of flow collections). CloudFormation short-form
// tags are rewritten to their long form here, aliases resolve to the anchored Node (never
// expanded), and a cheap pre-scan rejects inputs nested deeper than the limit before yaml-cpp's
// recursive-descent parser sees them.
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstring>
#include <exception>
#include <istream>
#include <streambuf>
#include <string>
#include <unordered_map>
#include <vector>

#include "parsers/line_table.h"
#include "parsers/parser_util.h"
#include "parsers/parse.h"

namespace iamlint {

namespace {

constexpr size_t npos = static_cast<size_t>(-1);

// ---------------------------------------------------------------------------------------------
// Input: an istream over the caller's buffer, without copying it.

class MemBuf final : public std::streambuf {
 public:
  MemBuf(const char* b, size_t n) {
    char* p = const_cast<char*>(b);  // never written: the get area is read-only in practice
    setg(p, p, p + n);
  }
};

// ---------------------------------------------------------------------------------------------
// Byte offset -> 1-based line/column, with a cursor for the (mostly increasing) lookups.

using detail::LineTable;

// ---------------------------------------------------------------------------------------------
// Small character helpers.

inline bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
inline bool is_blank(char c) { return c == ' ' || c == '\t'; }
inline bool is_flow_ind(char c) { return c == ',' || c == '[' || c == ']' || c == '{' || c == '}'; }
// Characters yaml-cpp accepts in a tag after the '!' (Exp::Tag plus '!' for named handles).
inline bool is_tag_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         (c != '\0' && std::strchr("#;/?:@&=+$_.~*'()!%", c) != nullptr);
}
// C0 controls other than TAB/LF/CR, and DEL: not printable YAML (YAML 1.2, 5.1).
inline bool is_bad_control(unsigned char c) {
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
}

// Offset of the first non-printable control character (or of a CR not followed by LF, which
// yaml-cpp does not treat as a line break), or npos.
size_t find_bad_control(std::string_view t) {
  const auto* s = reinterpret_cast<const unsigned char*>(t.data());
  const size_t n = t.size();
  auto bad_at = [&](size_t j) {
    if (s[j] == '\r') return j + 1 >= n || s[j + 1] != '\n';
    return is_bad_control(s[j]);
  };
  size_t i = 0;
  for (; i + 64 <= n; i += 64) {
    bool any = false;  // branch-free per chunk so the compiler can vectorize
    for (size_t k = 0; k < 64; ++k) any |= is_bad_control(s[i + k]) | (s[i + k] == '\r');
    if (!any) continue;
    for (size_t k = 0; k < 64; ++k) {
      if (bad_at(i + k)) return i + k;
    }
  }
  for (; i < n; ++i) {
    if (bad_at(i)) return i;
  }
  return npos;
}

using detail::quote_for_message;
using detail::sat_add;

// CloudFormation short-form tag (without '!') -> long-form key, or nullptr.
const char* short_tag_key(std::string_view t) {
  struct Entry {
    std::string_view tag;
    const char* key;
  };
  static constexpr Entry kTags[] = {
      {"Ref", "Ref"},
      {"GetAtt", "Fn::GetAtt"},
      {"Sub", "Fn::Sub"},
      {"Join", "Fn::Join"},
      {"If", "Fn::If"},
      {"Select", "Fn::Select"},
      {"Split", "Fn::Split"},
      {"FindInMap", "Fn::FindInMap"},
      {"ImportValue", "Fn::ImportValue"},
      {"Base64", "Fn::Base64"},
      {"Cidr", "Fn::Cidr"},
      {"GetAZs", "Fn::GetAZs"},
      {"Equals", "Fn::Equals"},
      {"And", "Fn::And"},
      {"Or", "Fn::Or"},
      {"Not", "Fn::Not"},
      {"Transform", "Fn::Transform"},
      {"ToJsonString", "Fn::ToJsonString"},
      {"Length", "Fn::Length"},
      {"ForEach", "Fn::ForEach"},
      {"Condition", "Condition"},
  };
  for (const Entry& e : kTags) {
    if (e.tag == t) return e.key;
  }
  return nullptr;
}

// ---------------------------------------------------------------------------------------------
// Depth pre-scan. yaml-cpp's parser recurses once per nesting level; this linear scan estimates
// the nesting depth (flow brackets outside quotes and comments, block indentation levels and
// `- - -` chains) so absurdly deep input is rejected before yaml-cpp sees it. The estimate errs
// low (it never rejects a file the exact check in the event handler would accept); yaml-cpp's own
// depth guard and the handler's exact check cover what the estimate misses.

class DepthScan {
 public:
  DepthScan(std::string_view t, size_t max_depth) : s_(t.data()), n_(t.size()), max_(max_depth) {}

  // Offset where the estimated depth first exceeds the limit, or npos.
  size_t run(size_t start) {
    size_t p = start;
    while (p < n_) {
      const size_t ls = p;
      long line_indent = 0;
      if (flow_ == 0) {
        size_t q = p;
        while (q < n_ && s_[q] == ' ') ++q;
        char c = q < n_ ? s_[q] : '\n';
        if (c == '\n' || c == '\r' || c == '#') {
          p = next_line(q);
          continue;
        }
        if (q == ls && q + 3 <= n_ &&
            (std::memcmp(s_ + q, "---", 3) == 0 || std::memcmp(s_ + q, "...", 3) == 0) &&
            (q + 3 == n_ || is_ws(s_[q + 3]))) {
          indents_.clear();
          p = q + 3;
          line_indent = -1;
        } else if (q == ls && c == '%') {
          p = next_line(q);
          continue;
        } else {
          size_t col = q - ls;
          while (!indents_.empty() && indents_.back() >= col) indents_.pop_back();
          line_indent = static_cast<long>(col);
          p = q;
        }
      }
      size_t r = scan_line(p, ls, line_indent);
      if (r != npos) return r;
      p = next_;
    }
    return npos;
  }

 private:
  bool too_deep() const { return indents_.size() + flow_ > max_; }

  size_t next_line(size_t p) const {
    const void* nl = std::memchr(s_ + p, '\n', n_ - p);
    return nl ? static_cast<size_t>(static_cast<const char*>(nl) - s_) + 1 : n_;
  }

  size_t skip_quoted(size_t p) const {
    const char q = s_[p++];
    while (p < n_) {
      char c = s_[p];
      if (q == '"' && c == '\\') {
        p += 2;
      } else if (c == q) {
        if (q == '\'' && p + 1 < n_ && s_[p + 1] == '\'') {
          p += 2;
        } else {
          return p + 1;
        }
      } else {
        ++p;
      }
    }
    return n_;
  }

  size_t skip_token(size_t p) const {
    while (p < n_ && !is_ws(s_[p]) && !is_flow_ind(s_[p])) ++p;
    return p;
  }

  // Skips a block scalar's header line and content lines; returns the start of the first line
  // that is not part of it.
  size_t skip_block_scalar(size_t p, long line_indent) const {
    long parent = indents_.empty() ? line_indent : static_cast<long>(indents_.back());
    if (line_indent < 0) parent = -1;
    long m = -1;
    p = next_line(p);
    while (p < n_) {
      size_t q = p;
      while (q < n_ && s_[q] == ' ') ++q;
      size_t le = next_line(q);
      bool blank = true;
      for (size_t r = q; r < le; ++r) {
        if (!is_ws(s_[r])) {
          blank = false;
          break;
        }
      }
      if (!blank) {
        long ind = static_cast<long>(q - p);
        if (ind == 0 && q + 3 <= n_ &&
            (std::memcmp(s_ + q, "---", 3) == 0 || std::memcmp(s_ + q, "...", 3) == 0))
          return p;
        if (m < 0) {
          if (ind <= parent) return p;
          m = ind;
        } else if (ind < m) {
          return p;
        }
      }
      p = le;
    }
    return n_;
  }

  // Scans one line from `p` (line started at `ls`). Sets next_ to where the next line starts.
  size_t scan_line(size_t p, size_t ls, long line_indent) {
    bool expect = true;  // at the start of a node
    bool pushed_map = false;
    size_t node_start = p;
    while (p < n_ && s_[p] != '\n') {
      const char c = s_[p];
      if (c == ' ' || c == '\t' || c == '\r') {
        ++p;
        continue;
      }
      if (c == '#' && (p == ls || is_ws(s_[p - 1]))) {
        p = next_line(p) - 1;  // stays on the '\n' (or n_-1 at the very end)
        if (p < n_ && s_[p] != '\n') p = n_;
        break;
      }
      if (flow_ > 0) {
        if (c == '[' || c == '{') {
          ++flow_;
          if (too_deep()) return p;
          expect = true;
          ++p;
        } else if (c == ']' || c == '}') {
          --flow_;
          expect = false;
          ++p;
        } else if (c == ',' || c == ':') {
          expect = true;
          ++p;
        } else if (expect && (c == '"' || c == '\'')) {
          p = skip_quoted(p);
          expect = false;
        } else if (expect && (c == '!' || c == '&' || c == '*')) {
          p = skip_token(p);
          expect = c != '*';
        } else {
          expect = false;
          ++p;
        }
        continue;
      }
      if (expect) {
        const bool ind_follows_ws = p + 1 >= n_ || is_ws(s_[p + 1]);
        if ((c == '-' || c == '?') && ind_follows_ws) {
          indents_.push_back(p - ls);
          if (too_deep()) return p;
          ++p;
          continue;
        }
        if (c == ':' && ind_follows_ws) {
          ++p;
          continue;
        }
        if (c == '[' || c == '{') {
          ++flow_;
          if (too_deep()) return p;
          ++p;
          continue;
        }
        if (c == '"' || c == '\'') {
          node_start = p;
          p = skip_quoted(p);
          expect = false;
          continue;
        }
        if (c == '!' || c == '&') {
          p = skip_token(p);
          continue;
        }
        if (c == '*') {
          node_start = p;
          p = skip_token(p);
          expect = false;
          continue;
        }
        if (c == '|' || c == '>') {
          next_ = skip_block_scalar(p, line_indent);
          return npos;
        }
        node_start = p;
        expect = false;
        ++p;
        continue;
      }
      if (c == ':' && (p + 1 >= n_ || is_ws(s_[p + 1]))) {
        if (!pushed_map && node_start >= ls) {
          indents_.push_back(node_start - ls);
          pushed_map = true;
          if (too_deep()) return node_start;
        }
        expect = true;
      }
      ++p;
    }
    next_ = p < n_ ? p + 1 : n_;
    return npos;
  }

  const char* s_;
  size_t n_;
  size_t max_;
  std::vector<size_t> indents_;
  size_t flow_ = 0;
  size_t next_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Event handler building the tree.

struct Abort {
  std::string message;
  size_t off;
};

class Builder final : public YAML::EventHandler {
 public:
  Builder(std::string_view text, size_t base, const ParseLimits& limits, NodeArena& arena,
          ParseResult& result, LineTable& lines)
      : t_(text), s_(text.data()), n_(text.size()), base_(base), lim_(limits), arena_(arena),
        res_(result), lines_(lines) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    // yaml-cpp 0.7 can get stuck on a token no document rule consumes (e.g. a ',' at the top
    // level) and then reports the same empty document forever. Stop at the first repeat.
    const size_t off = mark_off(mark);
    if (off == last_doc_start_) {
      std::string msg = "unexpected character";
      if (off < n_ && static_cast<unsigned char>(s_[off]) > 0x20 &&
          static_cast<unsigned char>(s_[off]) < 0x7f) {
        msg = std::string("unexpected '") + s_[off] + "'";
      }
      if (last_doc_pushed_) res_.documents.pop_back();  // that empty document was bogus too
      throw Abort{msg, off};
    }
    last_doc_start_ = off;
    last_doc_pushed_ = false;
    anchors_.clear();
    depth_ = 0;
    root_ = nullptr;
  }

  void OnDocumentEnd() override {
    if (root_) {
      res_.documents.push_back(root_);
      last_doc_pushed_ = true;
    }
    root_ = nullptr;
  }

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const size_t off = mark_off(mark);
    // Without an anchor the mark may well be the next token's (yaml-cpp reports a missing value
    // at whatever follows), so only an anchor is skipped.
    Props pr = skip_props(off, anchor ? 1 : 0);
    const size_t c = pr.content;
    Node* nd = new_node(off);
    nd->kind = NodeKind::Null;
    size_t b, e;
    size_t lit = null_literal_len(c);
    if (lit && depth_ > 0) {
      // A missing value is reported at the next token (often the next key, on a later line).
      // A value or item of a block collection is indented deeper than the collection, so a
      // literal at or left of the collection's column is not this node's.
      const Level& L = levels_[depth_ - 1];
      const bool is_key = L.is_map && (L.kids.size() & 1) == 0;
      if (!L.flow && !is_key && static_cast<long>(P(c).col) - 1 <= L.indent) lit = 0;
    }
    if (lit && c >= prev_end()) {
      b = c;
      e = c + lit;
      nd->set_text(t_.substr(c, lit));
    } else {
      b = e = empty_pos(off, pr);
    }
    nd->span = Span{P(b), P(e)};
    set_anchor(anchor, nd);
    add(nd, b, e);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const size_t off = mark_off(mark);
    size_t e = off + 1;
    while (e < n_ && !is_ws(s_[e]) && !is_flow_ind(s_[e])) ++e;
    e = std::min(e, n_);
    const Node* target = anchor < anchors_.size() ? anchors_[anchor] : nullptr;
    if (!target) {
      throw Abort{"alias '" + quote_for_message(t_.substr(off, e - off)) +
                      "' refers to a node that contains it (recursive alias)",
                  off};
    }
    alias_total_ += target->subtree_size;
    if (alias_total_ > lim_.max_alias_expansion) {
      throw Abort{"YAML alias expansion exceeds " + std::to_string(lim_.max_alias_expansion) +
                      " nodes (alias bomb?)",
                  off};
    }
    res_.aliases.push_back(AliasUse{Span{P(off), P(e)}, target});
    add(target, off, e);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    const size_t off = mark_off(mark);
    Props pr = skip_props(off, prop_count(tag, anchor));
    const size_t c = pr.content;
    const TagInfo ti = classify(tag, pr);
    Node* nd = ti.short_key ? new_node(off) : new_node(off, ti.unknown);
    nd->kind = NodeKind::Scalar;
    if (ti.core_null) nd->kind = NodeKind::Null;

    // An empty tagged node (`Key: !Ref` then a newline): the content found after the properties
    // belongs to the next node.
    const bool empty_after_props =
        value.empty() && pr.props_end != npos &&
        std::memchr(s_ + pr.props_end, '\n', c - pr.props_end) != nullptr;
    ScalarStyle style = ScalarStyle::Plain;
    if (tag != "?" && c < n_ && !empty_after_props) {
      switch (s_[c]) {
        case '\'': style = ScalarStyle::SingleQuoted; break;
        case '"': style = ScalarStyle::DoubleQuoted; break;
        case '|': style = ScalarStyle::Literal; break;
        case '>': style = ScalarStyle::Folded; break;
        default: break;
      }
    }
    nd->style = style;

    size_t b = c, e = c;
    std::string_view v(value);
    switch (style) {
      case ScalarStyle::Plain:
        if (v.empty()) {
          // An empty node with properties (`Key: !Ref` followed by a newline).
          b = e = empty_pos(off, pr);
          nd->set_text(std::string_view());
        } else if (c + v.size() <= n_ && std::memcmp(s_ + c, v.data(), v.size()) == 0) {
          e = c + v.size();
          nd->set_text(t_.substr(c, v.size()));
        } else {
          e = plain_multiline_end(c, v);
          nd->set_text(arena_.store(v));
        }
        break;
      case ScalarStyle::SingleQuoted:
      case ScalarStyle::DoubleQuoted: {
        e = quoted_end(c);
        if (e == npos) {  // yaml-cpp 0.7 accepts a quoted scalar cut off by the end of input
          throw Abort{"unexpected end of input inside a quoted scalar", c};
        }
        size_t raw_len = e >= c + 2 ? e - c - 2 : 0;
        if (raw_len == v.size() && std::memcmp(s_ + c + 1, v.data(), v.size()) == 0) {
          nd->set_text(t_.substr(c + 1, v.size()));
        } else {
          nd->set_text(arena_.store(v));
        }
        break;
      }
      case ScalarStyle::Literal:
      case ScalarStyle::Folded:
        e = block_scalar_end(c);
        nd->set_text(arena_.store(v));
        break;
    }
    if (nd->kind == NodeKind::Null) nd->set_text(std::string_view());
    nd->span = Span{P(b), P(e)};

    const Node* result = nd;
    size_t rb = b;
    if (ti.short_key) {
      const Node* value_node = nd;
      if (std::strcmp(ti.short_key, "Fn::GetAtt") == 0) value_node = split_getatt(nd);
      rb = pr.tag_off != npos ? pr.tag_off : b;
      result = wrap(ti.short_key, value_node, rb, e);
    } else if (!ti.unknown.empty()) {
      if (pr.tag_off != npos && pr.tag_off < b) {  // a custom-tagged node starts at its tag
        rb = pr.tag_off;
        nd->span.begin = P(rb);
      }
    }
    set_anchor(anchor, result);
    add(result, rb, e);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override {
    start_collection(false, mark, tag, anchor, style == YAML::EmitterStyle::Flow);
  }
  void OnSequenceEnd() override { end_collection(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override {
    start_collection(true, mark, tag, anchor, style == YAML::EmitterStyle::Flow);
  }
  void OnMapEnd() override { end_collection(); }

  // Start of the innermost collection not yet closed, or npos.
  size_t innermost_open() const { return depth_ ? levels_[depth_ - 1].begin : npos; }

 private:
  struct Props {
    size_t content;            // first byte of the node's content
    size_t tag_off = npos;     // the tag's '!'
    size_t tag_end = npos;     // one past the tag
    size_t props_end = npos;   // one past the last property
  };

  struct TagInfo {
    const char* short_key = nullptr;  // CloudFormation short form -> long-form key
    std::string_view unknown;         // custom tag as written
    bool core_null = false;           // !!null
  };

  struct Level {
    Node* node = nullptr;
    bool is_map = false;
    bool bracket = false;  // flow collection with its opening bracket at `begin`
    bool flow = false;     // flow style (also a compact `[a: b]` mapping without brackets)
    size_t begin = 0;
    size_t end = 0;        // end of the last child so far
    size_t last_begin = 0;  // start of the last child
    long indent = -1;      // 0-based column of `begin` (parent indentation for block scalars)
    const char* wrap = nullptr;
    size_t tag_off = npos;
    YAML::anchor_t anchor = 0;
    uint64_t size = 0;
    std::vector<const Node*> kids;
    bool hashed = false;
    std::unordered_map<std::string_view, const Node*> keys;
  };

  Pos P(size_t off) { return lines_.pos(std::min(off, n_)); }

  size_t mark_off(const YAML::Mark& m) const {
    if (m.pos < 0) return n_;
    return std::min(n_, base_ + static_cast<size_t>(m.pos));
  }

  // `tag`: an unknown tag as written (empty: none).
  Node* new_node(size_t off, std::string_view tag = {}) {
    if (++node_count_ > lim_.max_nodes) {
      throw Abort{"too many nodes: more than " + std::to_string(lim_.max_nodes), off};
    }
    return tag.empty() ? arena_.make_node() : arena_.make_node(tag);
  }

  size_t skip_ws_comments(size_t p) const {
    while (p < n_) {
      char c = s_[p];
      if (is_ws(c)) {
        ++p;
      } else if (c == '#') {
        const void* nl = std::memchr(s_ + p, '\n', n_ - p);
        p = nl ? static_cast<size_t>(static_cast<const char*>(nl) - s_) : n_;
      } else {
        break;
      }
    }
    return p;
  }

  // How many properties (tag, anchor) a node with this event tag/anchor has at most.
  static int prop_count(const std::string& tag, YAML::anchor_t anchor) {
    return (tag != "?" && !tag.empty() ? 1 : 0) + (anchor ? 1 : 0);
  }

  // Skips up to `max` properties (tag, anchor) starting at `off`.
  Props skip_props(size_t off, int max) const {
    Props pr;
    size_t p = off;
    for (int k = 0; k < max && p < n_; ++k) {
      char c = s_[p];
      if (c == '!') {
        pr.tag_off = p;
        if (p + 1 < n_ && s_[p + 1] == '<') {
          size_t q = p + 2;
          while (q < n_ && s_[q] != '>' && s_[q] != '\n') ++q;
          p = q < n_ && s_[q] == '>' ? q + 1 : q;
        } else {
          ++p;
          while (p < n_ && is_tag_char(s_[p])) ++p;
        }
        pr.tag_end = p;
      } else if (c == '&') {
        ++p;
        while (p < n_ && !is_ws(s_[p]) && !is_flow_ind(s_[p])) ++p;
      } else {
        break;
      }
      pr.props_end = p;
      p = skip_ws_comments(p);
    }
    pr.content = p;
    return pr;
  }

  TagInfo classify(const std::string& tag, const Props& pr) {
    TagInfo ti;
    if (tag.empty() || tag == "?" || tag == "!") return ti;
    static constexpr std::string_view kCore = "tag:yaml.org,2002:";
    if (tag.compare(0, kCore.size(), kCore) == 0) {
      ti.core_null = tag.size() == kCore.size() + 4 && tag.compare(kCore.size(), 4, "null") == 0;
      return ti;
    }
    if (tag[0] == '!') {
      ti.short_key = short_tag_key(std::string_view(tag).substr(1));
      if (ti.short_key) return ti;
    }
    if (pr.tag_off != npos && pr.tag_end > pr.tag_off) {
      ti.unknown = t_.substr(pr.tag_off, pr.tag_end - pr.tag_off);
    } else {
      ti.unknown = arena_.store(tag);
    }
    return ti;
  }

  // `null`, `Null`, `NULL` or `~` written at c (followed by a separator): its length, else 0.
  size_t null_literal_len(size_t c) const {
    if (c >= n_) return 0;
    size_t len = 0;
    if (s_[c] == '~') {
      len = 1;
    } else if (c + 4 <= n_ && (std::memcmp(s_ + c, "null", 4) == 0 ||
                               std::memcmp(s_ + c, "Null", 4) == 0 ||
                               std::memcmp(s_ + c, "NULL", 4) == 0)) {
      len = 4;
    } else {
      return 0;
    }
    // It must be the whole token: `Null f` is a plain scalar.
    size_t p = c + len;
    while (p < n_ && is_blank(s_[p])) ++p;
    if (p < n_) {
      char f = s_[p];
      if (f != '\n' && f != '\r' && f != '#' && f != ':' && !is_flow_ind(f)) return 0;
      if (f == '#' && p == c + len) return 0;  // `null#x` is a plain scalar too
    }
    return len;
  }

  size_t prev_end() const {
    if (depth_ == 0) return base_;
    return levels_[depth_ - 1].end;
  }

  // Where an empty (implicit null) node sits: just after the indicator that introduced it
  // (`key:`, `-`, `?`, `,`), searched forward from the previous sibling.
  size_t empty_pos(size_t mark, const Props& pr) const {
    if (pr.props_end != npos) return pr.props_end;
    size_t from = prev_end();
    if (from > mark) return from;
    size_t p = skip_ws_comments(from);
    if (p < n_ && (s_[p] == ':' || s_[p] == '-' || s_[p] == '?' || s_[p] == ',')) ++p;
    return std::min(p, std::max(mark, from));
  }

  size_t quoted_end(size_t c) const {
    const char q = s_[c];
    size_t p = c + 1;
    while (p < n_) {
      char ch = s_[p];
      if (q == '"' && ch == '\\') {
        p += 2;
      } else if (ch == q) {
        if (q == '\'' && p + 1 < n_ && s_[p + 1] == '\'') {
          p += 2;
        } else {
          return p + 1;
        }
      } else {
        ++p;
      }
    }
    return npos;  // no closing quote
  }

  // Multi-line plain scalar: folding only changes whitespace, so the scalar ends after as many
  // non-blank source bytes as the value has.
  size_t plain_multiline_end(size_t c, std::string_view v) const {
    size_t need = 0;
    for (char ch : v) need += !is_ws(ch);
    size_t p = c, last = c;
    while (p < n_ && need > 0) {
      if (!is_ws(s_[p])) {
        --need;
        last = p + 1;
      }
      ++p;
    }
    return last;
  }

  // Block scalar (| or >) at c: end of its last content line (end of the header if empty).
  size_t block_scalar_end(size_t c) const {
    long parent = depth_ == 0 ? -1 : levels_[depth_ - 1].indent;
    size_t p = c + 1;
    long explicit_indent = 0;
    for (int k = 0; k < 2 && p < n_; ++k) {
      if (s_[p] >= '1' && s_[p] <= '9') {
        explicit_indent = s_[p] - '0';
        ++p;
      } else if (s_[p] == '+' || s_[p] == '-') {
        ++p;
      }
    }
    size_t last_end = p;
    long m = explicit_indent ? std::max(0L, parent + explicit_indent) : -1;
    const void* nl = std::memchr(s_ + p, '\n', n_ - p);
    size_t ls = nl ? static_cast<size_t>(static_cast<const char*>(nl) - s_) + 1 : n_;
    while (ls < n_) {
      size_t q = ls;
      while (q < n_ && s_[q] == ' ') ++q;
      const void* nl2 = std::memchr(s_ + q, '\n', n_ - q);
      size_t le = nl2 ? static_cast<size_t>(static_cast<const char*>(nl2) - s_) : n_;
      size_t ce = le;
      if (ce > q && s_[ce - 1] == '\r') --ce;
      bool blank = true;
      for (size_t r = q; r < ce; ++r) {
        if (!is_blank(s_[r])) {
          blank = false;
          break;
        }
      }
      if (!blank) {
        long ind = static_cast<long>(q - ls);
        if (ind == 0 && q + 3 <= n_ &&
            (std::memcmp(s_ + q, "---", 3) == 0 || std::memcmp(s_ + q, "...", 3) == 0) &&
            (q + 3 >= n_ || is_ws(s_[q + 3])))
          break;
        if (m < 0) {
          if (ind <= parent) break;
          m = ind;
        } else if (ind < m) {
          break;
        }
        last_end = ce;
      }
      if (le >= n_) break;
      ls = le + 1;
    }
    return last_end;
  }

  // `!GetAtt A.B.C` -> [A, "B.C"] (split at the first dot). No dot: the scalar stays as it is.
  const Node* split_getatt(Node* sc) {
    std::string_view v = sc->text();
    size_t dot = v.find('.');
    if (dot == std::string_view::npos) return sc;
    Node* a = new_node(0);
    Node* b = new_node(0);
    Node* seq = new_node(0);
    *a = *sc;
    *b = *sc;
    a->has_tag = b->has_tag = false;  // a tag lives before its own node (NodeArena::make_node)
    a->set_text(v.substr(0, dot));
    b->set_text(v.substr(dot + 1));
    if (v.data() >= s_ && v.data() + v.size() <= s_ + n_) {
      size_t o = static_cast<size_t>(v.data() - s_);
      a->span = Span{P(o), P(o + dot)};
      b->span = Span{P(o + dot + 1), P(o + v.size())};
    }
    seq->kind = NodeKind::Sequence;
    seq->from_short_tag = true;
    seq->span = sc->span;
    const Node** ch = arena_.make_children(2);
    ch[0] = a;
    ch[1] = b;
    seq->children = ch;
    seq->count = 2;
    seq->subtree_size = 3;
    return seq;
  }

  const Node* wrap(const char* key, const Node* value, size_t b, size_t e) {
    Node* k = new_node(b);
    Node* m = new_node(b);
    Span sp{P(b), P(e)};
    k->kind = NodeKind::Scalar;
    k->from_short_tag = true;
    k->set_text(key);
    k->span = sp;
    m->kind = NodeKind::Mapping;
    m->from_short_tag = true;
    m->span = sp;
    const Node** ch = arena_.make_children(2);
    ch[0] = k;
    ch[1] = value;
    m->children = ch;
    m->count = 1;
    m->subtree_size = sat_add(2, value->subtree_size);
    return m;
  }

  void set_anchor(YAML::anchor_t anchor, const Node* nd) {
    if (anchor == 0) return;
    if (anchors_.size() <= anchor) anchors_.resize(anchor + 1, nullptr);
    anchors_[anchor] = nd;
  }

  void check_duplicate(Level& L, const Node* key, size_t off) {
    // A plain `<<` is a YAML 1.1 merge key; loaders accept it repeated (`<<: !Include a.yml` then
    // `<<: !Include b.yml`), so it is not a duplicate.
    if (key->kind == NodeKind::Scalar && key->style == ScalarStyle::Plain && key->text() == "<<") return;
    const size_t nkeys = L.kids.size() / 2;
    const Node* first = nullptr;
    if (!L.hashed) {
      if (nkeys < 16) {
        for (size_t i = 0; i < L.kids.size(); i += 2) {
          const Node* k = L.kids[i];
          if (k->kind == NodeKind::Scalar && k->text() == key->text()) {
            first = k;
            break;
          }
        }
        if (first) duplicate(key, first, off);
        return;
      }
      L.keys.reserve(nkeys * 2 + 16);
      for (size_t i = 0; i < L.kids.size(); i += 2) {
        const Node* k = L.kids[i];
        if (k->kind == NodeKind::Scalar) L.keys.emplace(k->text(), k);
      }
      L.hashed = true;
    }
    auto [it, inserted] = L.keys.emplace(key->text(), key);
    if (!inserted) duplicate(key, it->second, off);
  }

  [[noreturn]] void duplicate(const Node* key, const Node* first, size_t off) {
    throw Abort{"duplicate key '" + quote_for_message(key->text()) + "' (first at line " +
                    std::to_string(first->span.begin.line) + ")",
                off};
  }

  void add(const Node* nd, size_t b, size_t e) {
    if (depth_ == 0) {
      root_ = nd;
      return;
    }
    Level& L = levels_[depth_ - 1];
    // Siblings follow each other in the text. yaml-cpp 0.7 reads some invalid input twice
    // (`?\nNull[` gives the keys `Null` and `Null[`, both at line 2); libyaml rejects it.
    if (!L.kids.empty() && b < L.last_begin) throw Abort{"invalid YAML near here (could not find expected ':')", b};
    L.last_begin = b;
    if (L.is_map && (L.kids.size() & 1) == 0 && nd->kind == NodeKind::Scalar) {
      check_duplicate(L, nd, b);
    }
    L.kids.push_back(nd);
    L.end = std::max(L.end, e);
    L.size += nd->subtree_size;
  }

  void start_collection(bool is_map, const YAML::Mark& mark, const std::string& tag,
                        YAML::anchor_t anchor, bool flow) {
    const size_t off = mark_off(mark);
    Props pr = skip_props(off, prop_count(tag, anchor));
    const size_t c = pr.content;
    if (depth_ + 1 > lim_.max_depth) {
      throw Abort{"nesting too deep: more than " + std::to_string(lim_.max_depth) +
                      " levels of mappings/sequences",
                  c};
    }
    const TagInfo ti = classify(tag, pr);
    Node* nd = ti.short_key ? new_node(c) : new_node(c, ti.unknown);
    nd->kind = is_map ? NodeKind::Mapping : NodeKind::Sequence;
    nd->span.begin = P(c);
    const long indent = static_cast<long>(nd->span.begin.col) - 1;
    size_t begin = c;
    if (!ti.unknown.empty()) {
      if (pr.tag_off != npos && pr.tag_off < c) {  // a custom-tagged node starts at its tag
        begin = pr.tag_off;
        nd->span.begin = P(begin);
      }
    }

    if (depth_ == levels_.size()) levels_.emplace_back();
    Level& L = levels_[depth_++];
    L.node = nd;
    L.is_map = is_map;
    L.bracket = c < n_ && s_[c] == (is_map ? '{' : '[');
    L.flow = flow || L.bracket;
    L.begin = begin;
    L.end = L.bracket ? c + 1 : c;
    L.indent = indent;
    L.wrap = ti.short_key;
    L.tag_off = pr.tag_off != npos ? pr.tag_off : c;
    L.anchor = anchor;
    L.size = 0;
    L.kids.clear();
    if (L.hashed) {
      L.keys.clear();
      L.hashed = false;
    }
  }

  void end_collection() {
    if (depth_ == 0) return;
    Level& L = levels_[depth_ - 1];
    Node* nd = L.node;
    const uint32_t n = static_cast<uint32_t>(L.kids.size());
    const Node** ch = arena_.make_children(n);
    if (n) std::memcpy(static_cast<void*>(ch), L.kids.data(), sizeof(const Node*) * n);
    nd->children = ch;
    nd->count = L.is_map ? n / 2 : n;
    nd->subtree_size = sat_add(1, L.size);
    size_t e = L.end;
    if (L.bracket) {
      size_t p = e;
      while (p < n_) {
        p = skip_ws_comments(p);
        if (p < n_ && s_[p] == ',') {
          ++p;
        } else {
          break;
        }
      }
      if (p < n_ && s_[p] == (L.is_map ? '}' : ']')) e = p + 1;
    }
    nd->span.end = P(e);
    const Node* result = nd;
    size_t b = L.begin;
    if (L.wrap) {
      b = L.tag_off;
      result = wrap(L.wrap, nd, b, e);
    }
    const YAML::anchor_t anchor = L.anchor;
    --depth_;
    set_anchor(anchor, result);
    add(result, b, e);
  }

  std::string_view t_;
  const char* s_;
  size_t n_;
  size_t base_;
  const ParseLimits& lim_;
  NodeArena& arena_;
  ParseResult& res_;
  LineTable& lines_;

  std::vector<Level> levels_;
  size_t depth_ = 0;
  std::vector<const Node*> anchors_;
  const Node* root_ = nullptr;
  size_t last_doc_start_ = npos;
  bool last_doc_pushed_ = false;
  uint64_t node_count_ = 0;
  uint64_t alias_total_ = 0;
};

// ---------------------------------------------------------------------------------------------
// yaml-cpp messages -> compiler-style messages.

std::string describe(const std::string& msg, std::string_view text, size_t off, bool at_eof) {
  namespace E = YAML::ErrorMsg;
  auto is = [&](const char* m) { return msg == m; };
  if (is(E::MAP_VALUE)) return "mapping values are not allowed here";
  if (is(E::END_OF_MAP)) {
    return at_eof ? "unexpected end of input in a mapping"
                  : "did not find expected key (bad indentation?)";
  }
  if (is(E::END_OF_SEQ)) {
    return at_eof ? "unexpected end of input in a sequence"
                  : "did not find expected '-' sequence entry (bad indentation?)";
  }
  if (is(E::END_OF_SEQ_FLOW)) {
    return at_eof ? "unexpected end of input: missing ']'"
                  : "expected ',' or ']' in flow sequence";
  }
  if (is(E::END_OF_MAP_FLOW)) {
    return at_eof ? "unexpected end of input: missing '}'"
                  : "expected ',' or '}' in flow mapping";
  }
  if (is(E::EOF_IN_SCALAR)) return "unexpected end of input inside a quoted scalar";
  if (is(E::FLOW_END)) return "unexpected closing bracket";
  if (is(E::BLOCK_ENTRY)) return "block sequence entries are not allowed here";
  if (is(E::MAP_KEY)) return "mapping keys are not allowed here";
  if (is(E::TAB_IN_INDENTATION)) return "tab characters are not allowed in indentation";
  if (is(E::DOC_IN_SCALAR)) return "document marker ('---' or '...') inside a scalar";
  if (is(E::UNKNOWN_ANCHOR)) {
    size_t e = off;
    while (e < text.size() && !is_ws(text[e]) && !is_flow_ind(text[e])) ++e;
    return "unknown alias '" + quote_for_message(text.substr(off, e - off)) + "'";
  }
  if (is(E::UNKNOWN_TOKEN)) {
    if (off < text.size() && static_cast<unsigned char>(text[off]) >= 0x20 &&
        static_cast<unsigned char>(text[off]) < 0x7f) {
      return std::string("unexpected character '") + text[off] + "'";
    }
    return "unexpected character";
  }
  if (msg.empty()) return "YAML syntax error";
  std::string m = msg;
  if (m.size() > 1 && m[0] >= 'A' && m[0] <= 'Z' && !(m[1] >= 'A' && m[1] <= 'Z')) {
    m[0] = static_cast<char>(m[0] - 'A' + 'a');
  }
  return m;
}

// The offset of a tab in the leading whitespace of the line holding `off`, or of the nearest
// non-blank line above it; npos when neither is indented with a tab.
size_t indentation_tab_near(std::string_view text, size_t base, size_t off) {
  size_t ls = off;
  while (ls > base && text[ls - 1] != '\n') --ls;
  for (int tries = 0; tries < 2; ++tries) {
    size_t i = ls;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) {
      if (text[i] == '\t') return i;
      ++i;
    }
    if (ls <= base) break;
    // The nearest non-blank line above.
    size_t prev = ls - 1;
    do {
      size_t start = prev;
      while (start > base && text[start - 1] != '\n') --start;
      size_t j = start;
      while (j < prev && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r')) ++j;
      ls = start;
      if (j < prev) break;
      if (start <= base) break;
      prev = start - 1;
    } while (true);
  }
  return npos;
}

}  // namespace

ParseResult parse_yaml(std::string_view text, const ParseLimits& limits) {
  ParseResult res;
  res.arena = std::make_unique<NodeArena>();
  if (text.size() >= static_cast<size_t>(INT_MAX) - 16) {
    res.error = ParseError{"file too large", Pos{1, 1}};
    return res;
  }
  if (auto err = limits.text_checked ? std::nullopt : check_text(text)) {
    res.error = std::move(err);
    return res;
  }
  size_t base = 0;
  if (text.size() >= 3 && std::memcmp(text.data(), "\xEF\xBB\xBF", 3) == 0) base = 3;
  LineTable lines(text, base);

  // YAML forbids C0 controls other than TAB/LF/CR (yaml-cpp even treats 0x04 as end of input
  // and reads other controls inconsistently).
  if (size_t off = find_bad_control(text); off != npos) {
    char msg[80];
    if (text[off] == '\r') {
      std::snprintf(msg, sizeof msg, "carriage return without line feed is not supported");
    } else {
      std::snprintf(msg, sizeof msg, "control character 0x%02x is not allowed in YAML",
                    static_cast<unsigned>(static_cast<unsigned char>(text[off])));
    }
    res.error = ParseError{msg, lines.pos(off)};
    return res;
  }

  {
    DepthScan scan(text, limits.max_depth);
    size_t off = scan.run(base);
    if (off != npos) {
      res.error = ParseError{"nesting too deep: more than " + std::to_string(limits.max_depth) +
                                 " levels of mappings/sequences",
                             lines.pos(off)};
      return res;
    }
  }

  // Last non-whitespace byte: errors at or after it are "unexpected end of input".
  size_t content_end = text.size();
  while (content_end > base && is_ws(text[content_end - 1])) --content_end;

  // yaml-cpp strips one leading BOM itself (its marks start after it), so it gets the whole text:
  // stripping it here as well would let it eat a second BOM and shift every position.
  MemBuf buf(text.data(), text.size());
  std::istream in(&buf);
  Builder builder(text, base, limits, *res.arena, res, lines);
  auto fail = [&](std::string msg, size_t off) {
    off = std::min(off, text.size());
    res.error = ParseError{std::move(msg), lines.pos(off)};
  };
  try {
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(builder)) {
    }
  } catch (const Abort& a) {
    fail(a.message, a.off);
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's mark here is wherever its scanner has read ahead to; the innermost collection
    // still open is a better place to point at.
    size_t off = builder.innermost_open();
    if (off == npos) off = e.mark.pos < 0 ? text.size() : base + static_cast<size_t>(e.mark.pos);
    fail("nesting too deep for the YAML parser (yaml-cpp's recursion limit)", off);
  } catch (const YAML::ParserException& e) {
    size_t off = e.mark.is_null() || e.mark.pos < 0 ? text.size()
                                                    : base + static_cast<size_t>(e.mark.pos);
    off = std::min(off, text.size());
    std::string msg = describe(e.msg, text, off, off >= content_end);
    // yaml-cpp reports a tab in the indentation as "bad indentation" or worse, near the tab: name
    // the tab when the error's line or the line above it is indented with one.
    if (size_t tab = indentation_tab_near(text, base, off); tab != npos && msg.find("tab") == std::string::npos) {
      msg = "a tab character in the indentation: YAML indents with spaces only";
      off = tab;
    }
    fail(std::move(msg), off);
  } catch (const YAML::Exception& e) {
    fail(describe(e.msg, text, text.size(), true), text.size());
  } catch (const std::exception& e) {
    fail(std::string("internal YAML parser error: ") + e.what(), 0);
  } catch (...) {
    fail("internal YAML parser error", 0);
  }
  if (res.error && !res.error->pos.valid()) res.error->pos = Pos{1, 1};
  return res;
}

}  // namespace iamlint
