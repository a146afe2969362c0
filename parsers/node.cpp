// Node lookups and the bump allocator that owns every Node, child array and string of one file.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <cstdlib>
#include <new>
#include <type_traits>

#include "parsers/node.h"

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace iamlint {

namespace {

constexpr size_t kFirstBlock = 64 * 1024;
constexpr size_t kMaxShift = 6;  // blocks double up to 64 KiB << 6 = 4 MiB
constexpr size_t kHugePage = 2 * 1024 * 1024;

bool ieq(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    unsigned char x = static_cast<unsigned char>(a[i]);
    unsigned char y = static_cast<unsigned char>(b[i]);
    if (x >= 'A' && x <= 'Z') x = static_cast<unsigned char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<unsigned char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Node

const Node* Node::get(std::string_view k) const {
  if (kind != NodeKind::Mapping) return nullptr;
  for (uint32_t i = 0; i < count; ++i) {
    const Node* kn = children[2 * i];
    if (kn->kind == NodeKind::Scalar && kn->text() == k) return children[2 * i + 1];
  }
  return nullptr;
}

const Node* Node::get_ci(std::string_view k, const Node** key_out) const {
  if (key_out) *key_out = nullptr;
  if (kind != NodeKind::Mapping) return nullptr;
  for (uint32_t i = 0; i < count; ++i) {
    const Node* kn = children[2 * i];
    if (kn->kind == NodeKind::Scalar && ieq(kn->text(), k)) {
      if (key_out) *key_out = kn;
      return children[2 * i + 1];
    }
  }
  return nullptr;
}

const Node* Node::key_of(const Node* v) const {
  if (kind != NodeKind::Mapping || v == nullptr) return nullptr;
  for (uint32_t i = 0; i < count; ++i) {
    if (children[2 * i + 1] == v) return children[2 * i];
  }
  return nullptr;
}

// ---------------------------------------------------------------------------------------------
// NodeArena

NodeArena::NodeArena() = default;
NodeArena::~NodeArena() = default;
void NodeArena::FreeBlock::operator()(char* p) const { std::free(p); }  // Node is trivially destructible: blocks are just freed.

void* NodeArena::alloc(size_t n, size_t align) {
  // Align the cursor inside the current block.
  size_t pad = (align - (reinterpret_cast<uintptr_t>(cur_) & (align - 1))) & (align - 1);
  if (cur_ == nullptr || pad + n > left_) {
    size_t want = kFirstBlock << std::min<size_t>(blocks_.size(), kMaxShift);
    if (want < n + align) want = n + align;
    char* block = nullptr;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    // Big blocks on transparent huge pages: a 5 MB template's tree would otherwise take ~7,000
    // page faults, as much time as RapidJSON's whole parse. No effect where THP is off.
    if (want >= kHugePage) {
      want = (want + kHugePage - 1) & ~(kHugePage - 1);
      block = static_cast<char*>(std::aligned_alloc(kHugePage, want));
      if (block) madvise(block, want, MADV_HUGEPAGE);
    }
#endif
    if (!block) block = static_cast<char*>(std::malloc(want));
    if (!block) throw std::bad_alloc();
    blocks_.emplace_back(block);
    cur_ = block;
    left_ = want;
    pad = (align - (reinterpret_cast<uintptr_t>(cur_) & (align - 1))) & (align - 1);
  }
  char* p = cur_ + pad;
  cur_ = p + n;
  left_ -= pad + n;
  used_ += n;
  return p;
}

Node* NodeArena::make_node() {
  static_assert(std::is_trivially_destructible_v<Node>, "arena never runs destructors");
  static_assert(sizeof(Node) <= 48, "a Node is per YAML/JSON value: keep it small");
  return new (alloc(sizeof(Node), alignof(Node))) Node();
}

namespace {
// A tagged node is allocated with its tag in front (tags are rare: a field in every Node would
// cost 16 bytes per value); Node::tag() finds it from the node's address.
struct TaggedNode {
  std::string_view tag;
  Node node;
};
static_assert(std::is_standard_layout_v<TaggedNode>);
}  // namespace

Node* NodeArena::make_node(std::string_view tag) {
  auto* t = new (alloc(sizeof(TaggedNode), alignof(TaggedNode))) TaggedNode{tag, Node()};
  t->node.has_tag = true;
  return &t->node;
}

std::string_view Node::tag() const {
  if (!has_tag) return {};
  const char* base = reinterpret_cast<const char*>(this) - offsetof(TaggedNode, node);
  return reinterpret_cast<const TaggedNode*>(base)->tag;
}

std::string_view NodeArena::store(std::string_view s) {
  if (s.empty()) return std::string_view();
  char* p = static_cast<char*>(alloc(s.size(), 1));
  std::memcpy(p, s.data(), s.size());
  return std::string_view(p, s.size());
}

const Node** NodeArena::make_children(uint32_t n) {
  if (n == 0) return nullptr;
  return static_cast<const Node**>(alloc(sizeof(const Node*) * n, alignof(const Node*)));
}

}  // namespace iamlint
