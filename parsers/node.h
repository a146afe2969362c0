// The one syntax tree both front ends (YAML, JSON) produce. Everything after the parsers is
// format-blind: CloudFormation short-form tags are already rewritten to their long form here.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iamlint {

// 1-based line and column (column counts bytes of the line, 1 = first byte).
struct Pos {
  uint32_t line = 0;
  uint32_t col = 0;
  bool valid() const { return line != 0; }
  friend bool operator==(const Pos&, const Pos&) = default;
  friend auto operator<=>(const Pos&, const Pos&) = default;
};

// Start is the node's first character; end is one past its last character (like a half-open
// range). For a node built from a short-form tag, start is the tag's '!'.
struct Span {
  Pos begin;
  Pos end;
  bool contains(Pos p) const { return begin <= p && p < end; }
};

enum class NodeKind : uint8_t { Null, Scalar, Sequence, Mapping };

enum class ScalarStyle : uint8_t {
  Plain,         // YAML plain scalar, or a JSON number/true/false/null
  SingleQuoted,  // YAML '...'
  DoubleQuoted,  // YAML "..." and every JSON string
  Literal,       // YAML |
  Folded,        // YAML >
};

struct Node {
  NodeKind kind = NodeKind::Null;
  ScalarStyle style = ScalarStyle::Plain;
  // True when this Node was synthesized from a short-form tag (`!Ref X` -> {Ref: X}).
  bool from_short_tag = false;
  // Set by NodeArena::make_node(tag): the tag is stored just before the node (see tag()).
  bool has_tag = false;
  Span span;
  // Sequence: `count` items. Mapping: `count` entries laid out key0, value0, key1, value1, ...
  uint32_t count = 0;
  // Number of nodes in this subtree (1 for a leaf), used for the alias-expansion budget.
  uint32_t subtree_size = 1;
  // Scalar text (see text()); a pointer and a 32-bit size rather than a string_view, and the tag
  // out of line, keep a Node at 48 bytes: a 5 MB template has ~350,000 of them.
  uint32_t text_size = 0;
  const char* text_data = nullptr;
  const Node* const* children = nullptr;

  // Scalar text after unescaping/folding (empty for Null, Sequence, Mapping).
  std::string_view text() const { return {text_data, text_size}; }
  // `s` must outlive the node (the input text or the arena); texts are < 4 GiB (inputs are).
  void set_text(std::string_view s) {
    text_data = s.data();
    text_size = static_cast<uint32_t>(s.size());
  }
  // Unknown/custom tag as written (e.g. "!Rain::Embed"), empty otherwise. Known CloudFormation
  // short-form tags never appear here: they were rewritten to a one-key mapping.
  std::string_view tag() const;

  bool is_null() const { return kind == NodeKind::Null; }
  bool is_scalar() const { return kind == NodeKind::Scalar; }
  bool is_seq() const { return kind == NodeKind::Sequence; }
  bool is_map() const { return kind == NodeKind::Mapping; }
  bool quoted() const { return kind == NodeKind::Scalar && style != ScalarStyle::Plain; }

  // Sequence access.
  const Node* item(uint32_t i) const { return children[i]; }
  // Mapping access.
  const Node* key(uint32_t i) const { return children[2 * i]; }
  const Node* value(uint32_t i) const { return children[2 * i + 1]; }
  // Mapping lookup by exact key text; nullptr if absent or not a mapping.
  const Node* get(std::string_view k) const;
  // Mapping lookup, ASCII case-insensitive; returns the value and sets *key_out if given.
  const Node* get_ci(std::string_view k, const Node** key_out = nullptr) const;
  // The key node whose value is `v` (nullptr if `v` is not a direct value of this mapping).
  const Node* key_of(const Node* v) const;
};

// Owns Nodes, child arrays and strings of one parsed file. Nodes are stable (never moved).
class NodeArena {
 public:
  NodeArena();
  ~NodeArena();
  NodeArena(const NodeArena&) = delete;
  NodeArena& operator=(const NodeArena&) = delete;

  Node* make_node();
  // A node with an unknown tag; `tag` must outlive the arena (input text or store()).
  Node* make_node(std::string_view tag);
  std::string_view store(std::string_view s);  // copies s into the arena
  const Node** make_children(uint32_t n);       // uninitialized array of n pointers
  size_t bytes_used() const { return used_; }

 private:
  void* alloc(size_t n, size_t align);
  struct FreeBlock {
    void operator()(char* p) const;
  };
  std::vector<std::unique_ptr<char, FreeBlock>> blocks_;
  char* cur_ = nullptr;
  size_t left_ = 0;
  size_t used_ = 0;
};

struct ParseError {
  std::string message;
  Pos pos;  // 1-based; {0,0} if unknown
};

// A YAML alias use: where `*name` was written and the anchored node it stands for.
struct AliasUse {
  Span at;
  const Node* target;
};

struct ParseLimits {
  uint32_t max_depth = 256;               // nesting of mappings/sequences
  uint64_t max_nodes = 5'000'000;         // nodes created
  uint64_t max_alias_expansion = 1'000'000;  // sum of subtree sizes over all alias uses
  // The caller has run check_text() on the text already (the engine does, before choosing a
  // parser): the parsers skip that pass over the whole file.
  bool text_checked = false;
};

// Result of parsing one file. `documents` holds one root per YAML document (JSON: exactly one).
// On error, `error` is set and `documents` holds whatever was complete before it (may be empty).
struct ParseResult {
  std::unique_ptr<NodeArena> arena;
  std::vector<const Node*> documents;
  std::vector<AliasUse> aliases;
  std::optional<ParseError> error;
};

}  // namespace iamlint
