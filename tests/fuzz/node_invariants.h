// Invariants of a parsed Node tree, shared by the parser fuzz targets: acyclic, every child
// reachable and non-null, spans inside the input with begin <= end, aliases pointing into the tree.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "parsers/parse.h"
#include "tests/fuzz/fuzz_check.h"

namespace fuzz_support {

using namespace iamlint;

void check_tree(std::string_view text, const ParseResult& r) {
  Lines lines(text);
  // Nodes an alias points to also appear where the alias was written, outside their parent.
  std::unordered_map<const Node*, int> alias_targets;
  for (const AliasUse& a : r.aliases) alias_targets[a.target] = 1;
  if (r.error) FUZZ_CHECK(r.error->pos.line >= 1 && r.error->pos.col >= 1);
  // 1 = on the DFS stack, 2 = done.
  std::unordered_map<const Node*, int> color;
  struct Frame {
    const Node* n;
    uint32_t next;
  };
  std::vector<Frame> stack;
  for (const Node* doc : r.documents) {
    FUZZ_CHECK(doc != nullptr);
    if (color.count(doc)) continue;
    color[doc] = 1;
    stack.push_back({doc, 0});
    while (!stack.empty()) {
      Frame& f = stack.back();
      const Node* n = f.n;
      if (f.next == 0) {
        FUZZ_CHECK(n->span.begin.valid());
        FUZZ_CHECK(lines.ok(n->span.begin));
        FUZZ_CHECK(lines.ok(n->span.end));
        FUZZ_CHECK(!(n->span.end < n->span.begin));
        FUZZ_CHECK(n->subtree_size >= 1);
        switch (n->kind) {
          case NodeKind::Null:
          case NodeKind::Scalar:
            FUZZ_CHECK(n->count == 0);
            if (!n->text().empty()) FUZZ_CHECK(n->text().data() != nullptr);
            break;
          case NodeKind::Sequence:
          case NodeKind::Mapping:
            FUZZ_CHECK(n->text().empty());
            if (n->count) FUZZ_CHECK(n->children != nullptr);
            break;
        }
      }
      const uint32_t total = n->kind == NodeKind::Mapping ? 2 * n->count
                             : n->kind == NodeKind::Sequence ? n->count
                                                             : 0;
      if (f.next == total) {
        color[n] = 2;
        stack.pop_back();
        continue;
      }
      const Node* c = n->children[f.next++];
      FUZZ_CHECK(c != nullptr);
      if (!alias_targets.count(c)) {  // a child lies inside its parent
        FUZZ_CHECK(!(c->span.begin < n->span.begin));
        FUZZ_CHECK(!(n->span.end < c->span.end));
        if (f.next >= 2) {  // and after its previous sibling
          const Node* prev = n->children[f.next - 2];
          if (!alias_targets.count(prev)) FUZZ_CHECK(!(c->span.begin < prev->span.begin));
        }
      }
      auto it = color.find(c);
      if (it != color.end()) {
        FUZZ_CHECK(it->second == 2);  // a child on the DFS stack would be a cycle
        continue;
      }
      color[c] = 1;
      stack.push_back({c, 0});
    }
  }
  for (const AliasUse& a : r.aliases) {
    FUZZ_CHECK(a.target != nullptr);
    FUZZ_CHECK(lines.ok(a.at.begin) && lines.ok(a.at.end));
    FUZZ_CHECK(!(a.at.end < a.at.begin));
    // Aliases of a document that failed half-way need not be reachable.
    if (!r.error) FUZZ_CHECK(color.count(a.target) == 1);
  }
}

}  // namespace fuzz_support
