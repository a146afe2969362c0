// libFuzzer target for the JSON front end: check_text, then parse_json with the default limits
// and with tight ones, then check the tree's invariants (acyclic, every child reachable and
// non-null, spans inside the input with begin <= end, aliases pointing into the tree).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parsers/parse.h"
#include "tests/fuzz/node_invariants.h"

using fuzz_support::check_tree;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto bad = iamlint::check_text(text);
  if (bad) FUZZ_CHECK(bad->pos.line >= 1 && bad->pos.col >= 1);

  iamlint::ParseResult r = iamlint::parse_json(text);
  FUZZ_CHECK(r.arena != nullptr);
  if (bad) FUZZ_CHECK(r.error.has_value());
  FUZZ_CHECK(r.documents.size() <= 1);
  FUZZ_CHECK(r.aliases.empty());
  if (r.error) FUZZ_CHECK(r.documents.empty());
  check_tree(text, r);

  iamlint::ParseLimits tight;
  tight.max_depth = 6;
  tight.max_nodes = 200;
  tight.max_alias_expansion = 50;
  iamlint::ParseResult r2 = iamlint::parse_json(text, tight);
  check_tree(text, r2);
  return 0;
}
