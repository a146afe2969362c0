// libFuzzer target for the YAML front end: check_text, then parse_yaml with the default limits
// and with tight ones, then check the tree's invariants (acyclic, every child reachable and
// non-null, spans inside the input with begin <= end, aliases pointing into the tree), and that
// the position map of every quoted and block scalar (parsers/quoted_scalar.h) stays inside it.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <vector>

#include "parsers/parse.h"
#include "parsers/quoted_scalar.h"
#include "tests/fuzz/node_invariants.h"

using fuzz_support::check_tree;

namespace {

// Every byte of a quoted or block scalar's value maps inside the scalar, in order, or nothing maps.
void check_quoted_positions(std::string_view text, const iamlint::ParseResult& r) {
  std::vector<size_t> starts{text.substr(0, 3) == "\xEF\xBB\xBF" ? 3u : 0u};
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') starts.push_back(i + 1);
  auto off = [&](iamlint::Pos p) { return starts[p.line - 1] + p.col - 1; };
  std::vector<const iamlint::Node*> stack(r.documents.begin(), r.documents.end());
  size_t visited = 0;
  while (!stack.empty() && ++visited < 100000) {  // aliases may share subtrees: a bound, not a set
    const iamlint::Node* n = stack.back();
    stack.pop_back();
    if (n->quoted() && n->span.begin.line <= starts.size() && n->span.end.line <= starts.size()) {
      const bool block = n->style == iamlint::ScalarStyle::Literal || n->style == iamlint::ScalarStyle::Folded;
      size_t b = off(n->span.begin), e = off(n->span.end);
      if (b < e && e <= text.size()) {
        std::vector<uint32_t> o = block ? iamlint::block_scalar_offsets(text, b, e, n->text())
                                        : iamlint::quoted_scalar_offsets(text, b, e, n->text());
        if (!o.empty()) {
          FUZZ_CHECK(o.size() == n->text().size());
          for (size_t i = 0; i < o.size(); ++i) {
            // Inside the quotes; for a block scalar after its indicator, and at most at the end
            // of its last line (where kept line feeds map).
            FUZZ_CHECK(block ? (o[i] > b && o[i] <= e) : (o[i] > b && o[i] + 1 < e));
            FUZZ_CHECK(o[i] < text.size());
            if (i) FUZZ_CHECK(o[i - 1] <= o[i]);
          }
        }
      }
    }
    uint32_t kids = n->is_map() ? 2 * n->count : (n->is_seq() ? n->count : 0);
    for (uint32_t i = 0; i < kids; ++i) stack.push_back(n->children[i]);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto bad = iamlint::check_text(text);
  if (bad) FUZZ_CHECK(bad->pos.line >= 1 && bad->pos.col >= 1);

  iamlint::ParseResult r = iamlint::parse_yaml(text);
  FUZZ_CHECK(r.arena != nullptr);
  if (bad) FUZZ_CHECK(r.error.has_value());
  check_tree(text, r);
  if (!r.error) check_quoted_positions(text, r);

  iamlint::ParseLimits tight;
  tight.max_depth = 6;
  tight.max_nodes = 200;
  tight.max_alias_expansion = 50;
  iamlint::ParseResult r2 = iamlint::parse_yaml(text, tight);
  check_tree(text, r2);
  return 0;
}
