// quoted_scalar_offsets: the file position of every character of a folded quoted YAML scalar
// (RULES.md Clarification 1), checked against the values yaml-cpp produces.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "parsers/parse.h"
#include "parsers/quoted_scalar.h"

using namespace iamlint;

namespace {

// The value of `a:` in `yaml` and where each of its bytes was written (offsets into `yaml`).
struct Decoded {
  std::string value;
  std::vector<uint32_t> offsets;
};

Decoded decode(const std::string& yaml) {
  ParseResult pr = parse_yaml(yaml);
  REQUIRE_MESSAGE(!pr.error, (pr.error ? pr.error->message : std::string()));
  const Node* n = pr.documents[0]->get("a");
  REQUIRE(n);
  REQUIRE(n->quoted());
  size_t b = yaml.find_first_of("'\"");
  size_t e = yaml.find_last_of(yaml[b]) + 1;
  return {std::string(n->text()), quoted_scalar_offsets(yaml, b, e, n->text())};
}

// The source characters the value's bytes map to, as a string (to compare at a glance).
std::string sources(const std::string& yaml, const Decoded& d) {
  std::string s;
  for (uint32_t o : d.offsets) s += yaml[o] == '\n' ? '$' : yaml[o];
  return s;
}

}  // namespace

TEST_CASE("quoted scalar positions: single-quoted folding") {
  std::string y = "a: '{\n    \"Effect\":   \n      \"Allow\" }'\n";
  Decoded d = decode(y);
  CHECK(d.value == "{ \"Effect\": \"Allow\" }");
  REQUIRE(d.offsets.size() == d.value.size());
  // The space folded from a line break maps to the break; trailing blanks before it are dropped.
  CHECK(sources(y, d) == "{$\"Effect\":$\"Allow\" }");
  CHECK(d.offsets[2] == y.find("\"Effect\""));
  CHECK(d.offsets[12] == y.find("\"Allow\""));
}

TEST_CASE("quoted scalar positions: empty lines, '' and CRLF") {
  std::string y = "a: 'it''s\r\n\r\n   \r\n  x'\r\n";
  Decoded d = decode(y);
  CHECK(d.value == "it's\n\nx");
  REQUIRE(d.offsets.size() == d.value.size());
  CHECK(d.offsets[2] == y.find("''"));  // '' is one quote, at the first of the two
  CHECK(d.offsets[6] == y.find('x'));
}

TEST_CASE("quoted scalar positions: double-quoted escapes and escaped line breaks") {
  std::string y = "a: \"{\\\"k\\\":\t\\u00e9 \\\n     \\x41\n  \\t end\"\n";
  Decoded d = decode(y);
  CHECK(d.value == "{\"k\":\t\xC3\xA9 A \t end");
  REQUIRE(d.offsets.size() == d.value.size());
  size_t u = y.find("\\u00e9");
  CHECK(d.offsets[6] == u);  // both bytes of é map to its escape
  CHECK(d.offsets[7] == u);
  CHECK(d.offsets[9] == y.find("\\x41"));  // the escaped line break adds nothing, not even a space
  CHECK(d.offsets[10] == y.find("\\x41") + 4);  // the folded break before "\t end"
  CHECK(d.offsets[11] == y.find("\\t"));
}

TEST_CASE("quoted scalar positions: a value the source does not reproduce gives no positions") {
  std::string y = "a: 'x\n  y'\n";
  CHECK(quoted_scalar_offsets(y, 3, y.size() - 1, "x y").size() == 3);
  CHECK(quoted_scalar_offsets(y, 3, y.size() - 1, "x  y").empty());
  CHECK(quoted_scalar_offsets(y, 3, y.size() - 2, "x y").empty());  // no closing quote there
  CHECK(quoted_scalar_offsets(y, 3, 4, "").empty());
  std::string bad = "a: \"\\q\"\n";
  CHECK(quoted_scalar_offsets(bad, 3, 7, "q").empty());  // not an escape
}

namespace {

// `yaml` holds `a:` then a block scalar whose last content line ends at `last_end`.
Decoded decode_block(const std::string& yaml, size_t last_end) {
  ParseResult pr = parse_yaml(yaml);
  REQUIRE_MESSAGE(!pr.error, (pr.error ? pr.error->message : std::string()));
  const Node* n = pr.documents[0]->get("a");
  REQUIRE(n);
  size_t b = yaml.find_first_of("|>");
  return {std::string(n->text()), block_scalar_offsets(yaml, b, last_end, n->text())};
}

}  // namespace

TEST_CASE("block scalar positions: folded lines, spaced lines, empty lines, chomping") {
  std::string y = "a: >\n  {\"k\":\n  \"v\",\n\n    \"w\": 1\n  }\n\nb: 1\n";
  Decoded d = decode_block(y, y.find("}") + 1);
  CHECK(d.value == "{\"k\": \"v\",\n\n  \"w\": 1\n}\n");
  REQUIRE(d.offsets.size() == d.value.size());
  CHECK(sources(y, d) == "{\"k\":$\"v\",$$  \"w\": 1$}$");
  CHECK(d.offsets[6] == y.find("\"v\""));
  CHECK(d.offsets[14] == y.find("\"w\""));
  std::string strip = "a: >-\n  x\n  y\n";
  Decoded s = decode_block(strip, strip.size() - 1);
  CHECK(s.value == "x y");
  CHECK(s.offsets.size() == 3);
  std::string keep = "a: |+\n  x\n\n\nb: 1\n";
  Decoded k = decode_block(keep, keep.find("x") + 1);
  CHECK(k.value == "x\n\n\n");
  REQUIRE(k.offsets.size() == 4);
  CHECK(k.offsets[1] == keep.find("x") + 1);  // kept line feeds map to the end of the last line
}

TEST_CASE("block scalar positions: a literal line of blanks beyond the indentation is text") {
  std::string y = "a: |\n  if x:\n      \n    y\n";
  Decoded d = decode_block(y, y.size() - 1);
  CHECK(d.value == "if x:\n    \n  y\n");
  CHECK(d.offsets.size() == d.value.size());
  std::string explicit_indent = "a: |2\n   x\n";
  CHECK(block_scalar_offsets(explicit_indent, 3, explicit_indent.size() - 1, " x\n").empty());  // not supported
}
