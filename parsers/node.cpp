// Node lookups and the bump allocator that owns every Node, child array and string of one file.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <new>
#include <type_traits>

#include "parsers/node.h"

namespace iamlint {

namespace {

constexpr size_t kFirstBlock = 64 * 1024;
constexpr size_t kMaxBlock = 4 * 1024 * 1024;

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
    if (kn->kind == NodeKind::Scalar && kn->text == k) return children[2 * i + 1];
  }
  return nullptr;
}

const Node* Node::get_ci(std::string_view k, const Node** key_out) const {
  if (key_out) *key_out = nullptr;
  if (kind != NodeKind::Mapping) return nullptr;
  for (uint32_t i = 0; i < count; ++i) {
    const Node* kn = children[2 * i];
    if (kn->kind == NodeKind::Scalar && ieq(kn->text, k)) {
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
NodeArena::~NodeArena() = default;  // Node is trivially destructible: blocks are just freed.

void* NodeArena::alloc(size_t n, size_t align) {
  // Align the cursor inside the current block.
  size_t pad = (align - (reinterpret_cast<uintptr_t>(cur_) & (align - 1))) & (align - 1);
  if (cur_ == nullptr || pad + n > left_) {
    size_t want = blocks_.empty() ? kFirstBlock : std::min(kMaxBlock, 2 * blocks_.size() * kFirstBlock);
    if (want < n + align) want = n + align;
    blocks_.emplace_back(new char[want]);
    cur_ = blocks_.back().get();
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
  return new (alloc(sizeof(Node), alignof(Node))) Node();
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
