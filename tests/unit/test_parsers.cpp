// Unit tests for the front ends: parse_yaml, parse_json, check_text, Node lookups, NodeArena.
#include <doctest/doctest.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "parsers/parse.h"

using namespace iamlint;

namespace {

// Positions are compared as "line:col" strings so failures print readably.
std::string P(Pos p) { return std::to_string(p.line) + ":" + std::to_string(p.col); }
std::string S(const Span& s) { return P(s.begin) + "-" + P(s.end); }
std::string T(const Node* n) { return n ? std::string(n->text()) : std::string("<nullptr>"); }

ParseResult Y(std::string_view text, const ParseLimits& lim = {}) { return parse_yaml(text, lim); }
ParseResult J(std::string_view text, const ParseLimits& lim = {}) { return parse_json(text, lim); }

const Node* root(const ParseResult& r) {
  REQUIRE_MESSAGE(!r.error, (r.error ? r.error->message : std::string()));
  REQUIRE(r.documents.size() == 1);
  return r.documents[0];
}

std::string err(const ParseResult& r) {
  REQUIRE(r.error.has_value());
  return r.error->message;
}

std::string err_pos(const ParseResult& r) {
  REQUIRE(r.error.has_value());
  return P(r.error->pos);
}

// Checks the short-form wrapper {key: value} and returns the value.
const Node* unwrap(const Node* n, std::string_view key) {
  REQUIRE(n != nullptr);
  REQUIRE(n->is_map());
  REQUIRE(n->count == 1);
  CHECK(n->from_short_tag);
  CHECK(n->key(0)->from_short_tag);
  CHECK(n->key(0)->text() == key);
  return n->value(0);
}

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

}  // namespace

// =============================================================================================
// YAML: positions

TEST_CASE("yaml: block mapping positions of keys and values") {
  std::string src =
      "Resources:\n"             // 1
      "  Role:\n"                 // 2
      "    Type: AWS::IAM::Role\n"  // 3
      "    Name:   spaced   # comment\n"  // 4
      "  Empty:\n";              // 5
  auto r = Y(src);
  const Node* doc = root(r);
  CHECK(S(doc->span) == "1:1-5:9");
  const Node* res = doc->get("Resources");
  REQUIRE(res);
  CHECK(S(doc->key(0)->span) == "1:1-1:10");
  CHECK(S(res->span) == "2:3-5:9");
  const Node* role = res->get("Role");
  REQUIRE(role);
  CHECK(S(res->key(0)->span) == "2:3-2:7");
  CHECK(S(role->key(0)->span) == "3:5-3:9");
  CHECK(S(role->get("Type")->span) == "3:11-3:25");
  CHECK(T(role->get("Type")) == "AWS::IAM::Role");
  CHECK(S(role->get("Name")->span) == "4:13-4:19");
  CHECK(T(role->get("Name")) == "spaced");
  const Node* empty = res->get("Empty");
  REQUIRE(empty);
  CHECK(empty->is_null());
  CHECK(empty->span.begin.line == 5);
  CHECK(empty->span.begin.col == 9);  // just after "Empty:"
  CHECK(empty->span.begin == empty->span.end);
  // Scalars that need no unescaping point into the source text.
  CHECK(role->get("Type")->text().data() >= src.data());
  CHECK(role->get("Type")->text().data() < src.data() + src.size());
}

TEST_CASE("yaml: flow collection positions include the closing bracket") {
  auto r = Y("a: [x, 'y' , {k: v, e: }  ]\nb: {}\nc: [\n  1,\n  2,\n]\n");
  const Node* doc = root(r);
  const Node* a = doc->get("a");
  REQUIRE(a);
  REQUIRE(a->is_seq());
  CHECK(a->count == 3);
  CHECK(S(a->span) == "1:4-1:28");
  CHECK(S(a->item(0)->span) == "1:5-1:6");
  CHECK(S(a->item(1)->span) == "1:8-1:11");
  CHECK(a->item(1)->style == ScalarStyle::SingleQuoted);
  const Node* m = a->item(2);
  REQUIRE(m->is_map());
  CHECK(S(m->span) == "1:14-1:25");
  CHECK(S(m->key(0)->span) == "1:15-1:16");
  CHECK(S(m->value(0)->span) == "1:18-1:19");
  CHECK(m->value(1)->is_null());
  const Node* b = doc->get("b");
  CHECK(b->is_map());
  CHECK(b->count == 0);
  CHECK(S(b->span) == "2:4-2:6");
  const Node* c = doc->get("c");
  CHECK(c->count == 2);
  CHECK(S(c->span) == "3:4-6:2");
  CHECK(S(c->item(1)->span) == "5:3-5:4");
}

TEST_CASE("yaml: sequences, nulls and seq-in-map at the same indentation") {
  auto r = Y("k:\n- a\n-\n- ~\n- null\n- - x\n  - y\n");
  const Node* k = root(r)->get("k");
  REQUIRE(k);
  REQUIRE(k->is_seq());
  REQUIRE(k->count == 5);
  CHECK(S(k->span) == "2:1-7:6");
  CHECK(S(k->item(0)->span) == "2:3-2:4");
  CHECK(k->item(1)->is_null());
  CHECK(k->item(1)->span.begin.line == 3);
  CHECK(k->item(2)->is_null());
  CHECK(S(k->item(2)->span) == "4:3-4:4");
  CHECK(k->item(3)->is_null());
  CHECK(k->item(3)->text() == "null");
  CHECK(S(k->item(4)->span) == "6:3-7:6");
  CHECK(T(k->item(4)->item(1)) == "y");
}

TEST_CASE("yaml: multi-line strings and block scalars") {
  std::string src =
      "a: |\n"          // 1
      "  line one\n"    // 2
      "  line two\n"    // 3
      "\n"              // 4
      "b: >-\n"         // 5
      "  folded\n"      // 6
      "  text\n"        // 7
      "c: \"double\n"   // 8
      "  quoted\"\n"    // 9
      "d: plain\n"      // 10
      "  continued\n"   // 11
      "e: 'it''s'\n"    // 12
      "f: |+\n"         // 13
      "    keep\n"      // 14
      "\n"              // 15
      "g: last\n";      // 16
  auto r = Y(src);
  const Node* doc = root(r);
  const Node* a = doc->get("a");
  CHECK(a->style == ScalarStyle::Literal);
  CHECK(T(a) == "line one\nline two\n");
  CHECK(S(a->span) == "1:4-3:11");
  const Node* b = doc->get("b");
  CHECK(b->style == ScalarStyle::Folded);
  CHECK(T(b) == "folded text");
  CHECK(S(b->span) == "5:4-7:7");
  const Node* c = doc->get("c");
  CHECK(c->style == ScalarStyle::DoubleQuoted);
  CHECK(T(c) == "double quoted");
  CHECK(S(c->span) == "8:4-9:10");
  const Node* d = doc->get("d");
  CHECK(d->style == ScalarStyle::Plain);
  CHECK(T(d) == "plain continued");
  CHECK(S(d->span) == "10:4-11:12");
  const Node* e = doc->get("e");
  CHECK(T(e) == "it's");
  CHECK(S(e->span) == "12:4-12:11");
  const Node* f = doc->get("f");
  CHECK(T(f) == "keep\n\n");
  CHECK(S(f->span) == "13:4-14:9");
  CHECK(S(doc->get("g")->span) == "16:4-16:8");
}

TEST_CASE("yaml: block scalar inside '- key: |' stops at the next key") {
  auto r = Y("- key: |\n    text\n  other: 1\n");
  const Node* m = root(r)->item(0);
  REQUIRE(m->is_map());
  CHECK(S(m->get("key")->span) == "1:8-2:9");
  CHECK(S(m->get("other")->span) == "3:10-3:11");
  CHECK(S(m->span) == "1:3-3:11");
}

// =============================================================================================
// YAML: anchors and aliases

TEST_CASE("yaml: aliases return the anchored node and are recorded") {
  std::string src =
      "base: &b\n"      // 1
      "  x: 1\n"        // 2
      "  y: [2, 3]\n"   // 3
      "use: *b\n"       // 4
      "list: [*b, &s str, *s]\n";  // 5
  auto r = Y(src);
  const Node* doc = root(r);
  const Node* base = doc->get("base");
  REQUIRE(base);
  CHECK(base->is_map());
  CHECK(S(base->span) == "2:3-3:12");
  CHECK(doc->get("use") == base);  // same Node, not a copy
  const Node* list = doc->get("list");
  CHECK(list->item(0) == base);
  CHECK(list->item(2) == list->item(1));
  CHECK(T(list->item(1)) == "str");
  REQUIRE(r.aliases.size() == 3);
  CHECK(r.aliases[0].target == base);
  CHECK(S(r.aliases[0].at) == "4:6-4:8");
  CHECK(S(r.aliases[1].at) == "5:8-5:10");
  CHECK(r.aliases[2].target == list->item(1));
  CHECK(S(r.aliases[2].at) == "5:20-5:22");
  // Subtree size of the anchored node: map + 2 keys + scalar + seq + 2 items.
  CHECK(base->subtree_size == 7);
}

TEST_CASE("yaml: alias bomb is rejected quickly") {
  std::string src = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 10; ++i) {
    src += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) src += (k ? ", *a" : "*a") + std::to_string(i - 1);
    src += "]\n";
  }
  auto t0 = std::chrono::steady_clock::now();
  auto r = Y(src);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
  CHECK(ms.count() < 500);
  CHECK(err(r) == "YAML alias expansion exceeds 1000000 nodes (alias bomb?)");
  CHECK(r.error->pos.line == 6);  // a5's aliases push the total past 10^6
  // A smaller budget trips earlier.
  ParseLimits lim;
  lim.max_alias_expansion = 100;
  auto r2 = Y(src, lim);
  CHECK(err(r2) == "YAML alias expansion exceeds 100 nodes (alias bomb?)");
  CHECK(r2.error->pos.line == 2);  // a1 already expands a0 (11 nodes) ten times
}

TEST_CASE("yaml: unknown and recursive aliases are errors") {
  auto r = Y("a: 1\nb: *nope\n");
  CHECK(err(r) == "unknown alias '*nope'");
  CHECK(err_pos(r) == "2:4");
  auto r2 = Y("a: &x [1, *x]\n");
  CHECK(err(r2).find("recursive alias") != std::string::npos);
  CHECK(err_pos(r2) == "1:11");
}

TEST_CASE("yaml: merge keys are ordinary keys") {
  auto r = Y("base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\nd:\n  <<: !Include other.yaml\n");
  const Node* doc = root(r);
  const Node* c = doc->get("c");
  CHECK(c->count == 2);
  CHECK(c->get("<<") == doc->get("base"));
  const Node* inc = doc->get("d")->get("<<");
  REQUIRE(inc);
  CHECK(inc->tag() == "!Include");
  CHECK(T(inc) == "other.yaml");
}

// =============================================================================================
// YAML: CloudFormation short-form tags

TEST_CASE("yaml: every short-form tag becomes its long form") {
  const std::pair<const char*, const char*> tags[] = {
      {"Ref", "Ref"},
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
      {"GetAtt", "Fn::GetAtt"},
  };
  for (const auto& entry : tags) {
    const char* tag = entry.first;  // (no structured binding: clang 14 cannot capture those)
    const char* key = entry.second;
    CAPTURE(tag);
    std::string src = std::string("v: !") + tag + " value\n";
    auto r = Y(src);
    const Node* v = root(r)->get("v");
    const Node* inner = unwrap(v, key);
    CHECK(S(v->span) == "1:4-1:" + std::to_string(11 + std::strlen(tag)));
    CHECK(v->span.begin == v->key(0)->span.begin);
    CHECK(v->span.end == v->key(0)->span.end);
    CHECK(inner->is_scalar());
    CHECK(T(inner) == "value");
    CHECK_FALSE(inner->from_short_tag);
    CHECK(inner->span.begin.col == 6 + std::strlen(tag));
    CHECK(v->tag().empty());
  }
}

TEST_CASE("yaml: !GetAtt splits at the first dot; sequence form stays") {
  auto r = Y("a: !GetAtt Role.Arn\nb: !GetAtt A.B.C\nc: !GetAtt [Res, Attr]\nd: !GetAtt \"Q.R\"\n");
  const Node* doc = root(r);
  const Node* a = unwrap(doc->get("a"), "Fn::GetAtt");
  REQUIRE(a->is_seq());
  REQUIRE(a->count == 2);
  CHECK(T(a->item(0)) == "Role");
  CHECK(T(a->item(1)) == "Arn");
  CHECK(S(a->item(0)->span) == "1:12-1:16");
  CHECK(S(a->item(1)->span) == "1:17-1:20");
  const Node* b = unwrap(doc->get("b"), "Fn::GetAtt");
  REQUIRE(b->count == 2);
  CHECK(T(b->item(0)) == "A");
  CHECK(T(b->item(1)) == "B.C");
  const Node* c = unwrap(doc->get("c"), "Fn::GetAtt");
  REQUIRE(c->is_seq());
  CHECK_FALSE(c->from_short_tag);
  CHECK(S(c->span) == "3:12-3:23");
  CHECK(T(c->item(1)) == "Attr");
  const Node* d = unwrap(doc->get("d"), "Fn::GetAtt");
  CHECK(T(d->item(0)) == "Q");
  CHECK(T(d->item(1)) == "R");
  CHECK(S(d->item(1)->span) == "4:15-4:16");
}

TEST_CASE("yaml: !If on a sequence, !Ref on a mapping, nested tags") {
  std::string src =
      "a: !If\n"                                  // 1
      "  - IsProd\n"                              // 2
      "  - !Ref ProdBucket\n"                     // 3
      "  - !Ref AWS::NoValue\n"                   // 4
      "b: !Join ['', [!Sub 'arn:${AWS::Partition}:s3:::', !Ref B]]\n"  // 5
      "c: !Ref {x: 1}\n"                           // 6
      "d: !Not [!Equals [!Ref Env, prod]]\n";      // 7
  auto r = Y(src);
  const Node* doc = root(r);
  const Node* a = doc->get("a");
  const Node* if_args = unwrap(a, "Fn::If");
  REQUIRE(if_args->is_seq());
  REQUIRE(if_args->count == 3);
  CHECK(S(a->span) == "1:4-4:22");
  CHECK(S(if_args->span) == "2:3-4:22");
  CHECK(T(if_args->item(0)) == "IsProd");
  const Node* ref = unwrap(if_args->item(1), "Ref");
  CHECK(T(ref) == "ProdBucket");
  CHECK(S(if_args->item(1)->span) == "3:5-3:20");
  CHECK(T(unwrap(if_args->item(2), "Ref")) == "AWS::NoValue");

  const Node* join = unwrap(doc->get("b"), "Fn::Join");
  REQUIRE(join->count == 2);
  CHECK(T(join->item(0)) == "");
  CHECK(join->item(0)->style == ScalarStyle::SingleQuoted);
  const Node* parts = join->item(1);
  REQUIRE(parts->count == 2);
  const Node* sub = unwrap(parts->item(0), "Fn::Sub");
  CHECK(T(sub) == "arn:${AWS::Partition}:s3:::");
  CHECK(sub->style == ScalarStyle::SingleQuoted);
  CHECK(S(parts->item(0)->span) == "5:16-5:50");
  CHECK(S(sub->span) == "5:21-5:50");
  CHECK(T(unwrap(parts->item(1), "Ref")) == "B");

  const Node* c = unwrap(doc->get("c"), "Ref");
  CHECK(c->is_map());
  CHECK(T(c->get("x")) == "1");

  const Node* eq = unwrap(unwrap(doc->get("d"), "Fn::Not")->item(0), "Fn::Equals");
  CHECK(T(unwrap(eq->item(0), "Ref")) == "Env");
}

TEST_CASE("yaml: tag and anchor on the same node") {
  auto r = Y("a: &r !Ref X\nb: *r\nc: !Sub\n  - '${A}'\n  - {A: 1}\n");
  const Node* doc = root(r);
  const Node* a = doc->get("a");
  CHECK(T(unwrap(a, "Ref")) == "X");
  CHECK(S(a->span) == "1:7-1:13");
  CHECK(doc->get("b") == a);
  const Node* c = unwrap(doc->get("c"), "Fn::Sub");
  CHECK(c->is_seq());
  CHECK(S(doc->get("c")->span) == "3:4-5:11");
  CHECK(S(c->span) == "4:3-5:11");
}

TEST_CASE("yaml: unknown tags are kept, core tags ignored") {
  auto r = Y("a: !Rain::Embed file.txt\nb: !Custom {k: v}\nc: !!str 12\nd: !!int \"7\"\ne: !Foo\n");
  const Node* doc = root(r);
  const Node* a = doc->get("a");
  CHECK(a->is_scalar());
  CHECK(a->tag() == "!Rain::Embed");
  CHECK(T(a) == "file.txt");
  CHECK_FALSE(a->from_short_tag);
  CHECK(S(a->span) == "1:4-1:25");
  const Node* b = doc->get("b");
  CHECK(b->is_map());
  CHECK(b->tag() == "!Custom");
  CHECK(T(b->get("k")) == "v");
  const Node* c = doc->get("c");
  CHECK(c->tag().empty());
  CHECK(T(c) == "12");
  CHECK(T(doc->get("d")) == "7");
  CHECK(doc->get("d")->tag().empty());
  const Node* e = doc->get("e");
  CHECK(e->tag() == "!Foo");
  CHECK(T(e) == "");
  CHECK(e->span.begin.line == 5);
  // An empty tagged value followed by a quoted key on the next line (found by fuzzing: the
  // key's quote was taken for the value's).
  auto r2 = Y("ax: !\n\"k\": 1\n");
  const Node* d2 = root(r2);
  CHECK(S(d2->value(0)->span) == "1:6-1:6");
  CHECK(d2->value(0)->style == ScalarStyle::Plain);
  CHECK(S(d2->key(1)->span) == "2:1-2:4");
  auto r4 = Y("a:\r\n!Sub k: v\n");
  const Node* d4 = root(r4);
  CHECK(S(d4->value(0)->span) == "1:3-1:3");
  CHECK(S(d4->key(1)->span) == "2:1-2:7");
  auto r3 = Y("a: !Ref\nb: x\n");
  const Node* d3 = root(r3);
  const Node* ref = unwrap(d3->get("a"), "Ref");
  CHECK(T(ref) == "");
  CHECK(S(d3->get("a")->span) == "1:4-1:8");
}

// =============================================================================================
// YAML: scalars stay strings

TEST_CASE("yaml: scalars stay strings exactly as written") {
  auto r = Y(
      "Version: 2012-10-17\na: yes\nb: on\nc: No\nd: true\ne: 0x1F\nf: 012\ng: 1e3\nh: .inf\n"
      "i: null\nj: ~\nk:\nl: NULL\nm: 'null'\nn: 1_000\n");
  const Node* doc = root(r);
  CHECK(T(doc->get("Version")) == "2012-10-17");
  CHECK(doc->get("Version")->is_scalar());
  CHECK(T(doc->get("a")) == "yes");
  CHECK(T(doc->get("b")) == "on");
  CHECK(T(doc->get("c")) == "No");
  CHECK(T(doc->get("d")) == "true");
  CHECK(T(doc->get("e")) == "0x1F");
  CHECK(T(doc->get("f")) == "012");
  CHECK(T(doc->get("g")) == "1e3");
  CHECK(T(doc->get("h")) == ".inf");
  CHECK(T(doc->get("n")) == "1_000");
  for (const char* k : {"i", "j", "k", "l"}) {
    CAPTURE(k);
    CHECK(doc->get(k)->is_null());
  }
  CHECK(T(doc->get("i")) == "null");
  CHECK(T(doc->get("j")) == "~");
  CHECK(T(doc->get("k")) == "");
  CHECK(doc->get("m")->is_scalar());
  CHECK(T(doc->get("m")) == "null");
}

TEST_CASE("yaml: null literals versus empty values") {
  auto r = Y("a:\n  null\nb: ~ # c\nc: [null, ~]\nd:\n  - null\ne:\nnull: 1\nf:\nNull g: 2\n");
  const Node* doc = root(r);
  CHECK(S(doc->get("a")->span) == "2:3-2:7");
  CHECK(T(doc->get("a")) == "null");
  CHECK(S(doc->get("b")->span) == "3:4-3:5");
  CHECK(S(doc->get("c")->item(0)->span) == "4:5-4:9");
  CHECK(S(doc->get("d")->item(0)->span) == "6:5-6:9");
  // `e:` has no value: yaml-cpp reports it at the next key `null`, which is not its literal.
  const Node* e = doc->get("e");
  CHECK(e->is_null());
  CHECK(S(e->span) == "7:3-7:3");
  CHECK(T(e) == "");
  CHECK(S(doc->key(5)->span) == "8:1-8:5");  // the `null` key itself
  CHECK(doc->key(5)->is_null());
  CHECK(S(doc->get("f")->span) == "9:3-9:3");
  CHECK(T(doc->get("Null g")) == "2");
}

// =============================================================================================
// YAML: duplicates, errors, limits

TEST_CASE("yaml: duplicate keys are reported at the second key") {
  auto r = Y("A: 1\nB:\n  Foo: x\n  Bar: y\n  Foo: z\n");
  CHECK(err(r) == "duplicate key 'Foo' (first at line 3)");
  CHECK(err_pos(r) == "5:3");
  // Quoted and plain spellings of the same text are the same key.
  auto r2 = Y("{a: 1, \"a\": 2}");
  CHECK(err(r2) == "duplicate key 'a' (first at line 1)");
  CHECK(err_pos(r2) == "1:8");
  // Beyond 16 keys the hash set takes over.
  std::string big;
  for (int i = 0; i < 40; ++i) big += "k" + std::to_string(i) + ": v\n";
  big += "k7: again\n";
  auto r3 = Y(big);
  CHECK(err(r3) == "duplicate key 'k7' (first at line 8)");
  CHECK(err_pos(r3) == "41:1");
  // Same key in different mappings is fine.
  auto r4 = Y("a: {x: 1}\nb: {x: 2}\n");
  CHECK_FALSE(r4.error);
}

TEST_CASE("yaml: 10,000-key mapping parses (linear duplicate check)") {
  std::string src;
  for (int i = 0; i < 10000; ++i) src += "Key" + std::to_string(i) + ": value\n";
  auto t0 = std::chrono::steady_clock::now();
  auto r = Y(src);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
  const Node* doc = root(r);
  CHECK(doc->count == 10000);
  CHECK(S(doc->key(9999)->span) == "10000:1-10000:8");
  CHECK(ms.count() < 2000);
}

TEST_CASE("yaml: syntax errors have compiler-style messages and positions") {
  auto r = Y("a: b: c\n");
  CHECK(err(r) == "mapping values are not allowed here");
  CHECK(err_pos(r) == "1:5");
  auto r2 = Y("a: [1, 2\n");
  CHECK(err(r2).rfind("unexpected end of input", 0) == 0);
  CHECK(r2.error->pos.line >= 1);
  auto r3 = Y("a: \"unterminated\n");
  CHECK(err(r3).find("unexpected end of input") != std::string::npos);
  auto r4 = Y("a:\n  b: 1\n c: 2\n");
  CHECK(err(r4).size() > 0);
  CHECK(r4.error->pos.line == 3);
  CHECK(r4.error->message[0] >= 'a');
  CHECK(r4.error->message[0] <= 'z');
}

TEST_CASE("yaml: input yaml-cpp alone would accept is an error with its position") {
  // Two quoted scalars in a row ("a" "b") and an unterminated """ (a Python docstring habit):
  // PyYAML and CloudFormation reject them, so iamlint does (issue 12, section 5).
  struct Case {
    const char* text;
    const char* pos;
  };
  for (const Case& c : {
           Case{"Description: \"a\" \"b\"\n", "1:18"},
           Case{"R: {Type: \"a\" \"b\"}\n", "1:15"},
           Case{"Tags: [ \"x\" \"y\" ]\n", "1:13"},
           Case{"Tags:\n  - \"a\" \"b\"\n", "2:9"},
           Case{"Name: 'x' 'y'\n", "1:11"},
           Case{"Description: \"\"\"\nResources: {}\n", "1:16"},
           Case{"Description: \"\"\"\n  text\n  \"\"\"\nResources: {}\n", "1:16"},
           Case{"Resources: {}\nDescription: \"abc\n", "2:14"},
       }) {
    CAPTURE(c.text);
    auto r = Y(c.text);
    REQUIRE(r.error);
    CHECK(err_pos(r) == c.pos);
  }
}

TEST_CASE("yaml: deep nesting is rejected before yaml-cpp recurses") {
  SUBCASE("100,000 nested flow sequences") {
    auto r = Y(std::string(100000, '['));
    CHECK(err(r) == "nesting too deep: more than 256 levels of mappings/sequences");
    CHECK(err_pos(r) == "1:257");
  }
  SUBCASE("100,000 nested flow mappings, limit raised far beyond yaml-cpp's guard") {
    ParseLimits lim;
    lim.max_depth = 1000000;
    std::string src;
    for (int i = 0; i < 100000; ++i) src += "{a: ";
    auto r = Y(src, lim);
    // yaml-cpp's own depth guard (never a stack overflow), reported at the innermost open '{'.
    CHECK(err(r).rfind("nesting too deep", 0) == 0);
    CHECK(r.error->pos.line == 1);
    CHECK(r.error->pos.col < 4 * 2000);
  }
  SUBCASE("5,000 levels of block mappings") {
    std::string src;
    for (int i = 0; i < 5000; ++i) src += std::string(static_cast<size_t>(i), ' ') + "k:\n";
    auto r = Y(src);
    CHECK(err(r) == "nesting too deep: more than 256 levels of mappings/sequences");
    CHECK(r.error->pos.line == 257);
  }
  SUBCASE("5,000 levels of block sequences") {
    std::string src;
    for (int i = 0; i < 5000; ++i) src += std::string(2 * static_cast<size_t>(i), ' ') + "-\n";
    auto r = Y(src);
    CHECK(err(r).rfind("nesting too deep", 0) == 0);
    CHECK(r.error->pos.line == 257);
  }
  SUBCASE("a '- - -' chain on one line") {
    std::string src = "a:";
    for (int i = 0; i < 5000; ++i) src += " -";
    src += " x\n";
    auto r = Y(src);
    CHECK(err(r).rfind("nesting too deep", 0) == 0);
    CHECK(r.error->pos.line == 1);
  }
  SUBCASE("exact check with a small limit") {
    ParseLimits lim;
    lim.max_depth = 3;
    CHECK(Y("a:\n  b:\n    c: [1]\n", lim).error.has_value());  // 4 levels
    CHECK_FALSE(Y("a:\n  b:\n    c: 1\n", lim).error.has_value());  // 3 levels
    auto r = Y("a: {b: {c: {d: 1}}}\n", lim);
    CHECK(err(r) == "nesting too deep: more than 3 levels of mappings/sequences");
  }
  SUBCASE("brackets inside quotes, comments and block scalars do not count") {
    std::string deep(300, '[');
    std::string src = "a: '" + deep + "'\nb: \"" + deep + "\"\n# " + deep + "\nc: |\n  " + deep +
                      "\nd: plain" + deep + "\n";
    auto r = Y(src);
    CHECK_FALSE(r.error.has_value());
    CHECK(T(root(r)->get("c")) == deep + "\n");
  }
}

TEST_CASE("yaml: node limit") {
  ParseLimits lim;
  lim.max_nodes = 10;
  auto r = Y("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]", lim);
  CHECK(err(r) == "too many nodes: more than 10");
  CHECK(err_pos(r) == "1:29");
}

// =============================================================================================
// YAML: documents, encodings, line endings

TEST_CASE("yaml: multi-document files") {
  auto r = Y("a: &x 1\n---\nb: 2\n--- !Ref c\n---\n...\n");
  REQUIRE_FALSE(r.error);
  REQUIRE(r.documents.size() == 4);
  CHECK(T(r.documents[0]->get("a")) == "1");
  CHECK(T(r.documents[1]->get("b")) == "2");
  CHECK(S(r.documents[1]->span) == "3:1-3:5");
  CHECK(T(unwrap(r.documents[2], "Ref")) == "c");
  CHECK(r.documents[3]->is_null());
  // Anchors do not cross documents.
  auto r2 = Y("a: &x 1\n---\nb: *x\n");
  CHECK(err(r2) == "unknown alias '*x'");
  REQUIRE(r2.documents.size() == 1);  // the complete first document is kept
  CHECK(T(r2.documents[0]->get("a")) == "1");
}

TEST_CASE("yaml: empty input yields no documents and no error") {
  for (const char* src : {"", "\n\n", "   ", "# just a comment\n", "\xEF\xBB\xBF"}) {
    CAPTURE(src);
    auto r = Y(src);
    CHECK_FALSE(r.error.has_value());
    CHECK(r.documents.empty());
  }
}

TEST_CASE("yaml: UTF-8 BOM is accepted and not counted as columns") {
  auto r = Y("\xEF\xBB\xBFkey: value\nnext: 2\n");
  const Node* doc = root(r);
  CHECK(S(doc->key(0)->span) == "1:1-1:4");
  CHECK(S(doc->get("key")->span) == "1:6-1:11");
  CHECK(S(doc->get("next")->span) == "2:7-2:8");
  // Only one BOM is special: a second one is content (here the start of a plain scalar).
  auto r2 = Y("\xEF\xBB\xBF" "\xEF\xBB\xBF" "a: b\n");
  const Node* d2 = root(r2);
  CHECK(d2->is_map());
  CHECK(T(d2->key(0)) == "\xEF\xBB\xBF" "a");
  CHECK(S(d2->key(0)->span) == "1:1-1:5");
}

TEST_CASE("yaml: CRLF line endings give the same positions") {
  std::string lf = "a: |\n  x\n  y\nb: \"q\n  r\"\nc: plain\n  more\nd: [1,\n 2]\ne: v\n";
  std::string crlf;
  for (char ch : lf) {
    if (ch == '\n') crlf += '\r';
    crlf += ch;
  }
  auto r1 = Y(lf);
  auto r2 = Y(crlf);
  const Node* d1 = root(r1);
  const Node* d2 = root(r2);
  for (const char* k : {"a", "b", "c", "d", "e"}) {
    CAPTURE(k);
    CHECK(S(d1->get(k)->span) == S(d2->get(k)->span));
    CHECK(T(d1->get(k)) == T(d2->get(k)));
  }
  CHECK(S(d2->get("a")->span) == "1:4-3:4");
  CHECK(T(d2->get("a")) == "x\ny\n");
  CHECK(S(d2->get("e")->span) == "10:4-10:5");
  CHECK(S(d2->key(4)->span) == "10:1-10:2");
}

TEST_CASE("yaml: invalid UTF-8, NUL and control bytes are errors with positions") {
  auto r = Y("a: 1\nb: \xff\n");
  CHECK(err(r) == "invalid UTF-8 byte 0xff");
  CHECK(err_pos(r) == "2:4");
  auto r2 = Y(std::string("a: 1\n  \0", 8));
  CHECK(err(r2) == "NUL byte: binary file");
  CHECK(err_pos(r2) == "2:3");
  auto r3 = Y("a: x\x04y\n");
  CHECK(err(r3) == "control character 0x04 is not allowed in YAML");
  CHECK(err_pos(r3) == "1:5");
  std::string long_line(200, 'x');
  auto r4 = Y("a: " + long_line + "\n\tb: \x7f\n");
  CHECK(err(r4) == "control character 0x7f is not allowed in YAML");
  CHECK(err_pos(r4) == "2:5");
  CHECK_FALSE(Y("a: \"tab\there\"\r\n").error.has_value());  // TAB, CR, LF are fine
}

// =============================================================================================
// check_text

TEST_CASE("check_text: UTF-8 validation and NUL bytes") {
  CHECK_FALSE(check_text("plain ascii\n").has_value());
  CHECK_FALSE(check_text("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\n").has_value());
  CHECK_FALSE(check_text("").has_value());

  auto e1 = check_text("ok\nbad \xff here");
  REQUIRE(e1);
  CHECK(e1->message == "invalid UTF-8 byte 0xff");
  CHECK(P(e1->pos) == "2:5");

  auto e2 = check_text(std::string("line1\nline2\nab\0cd", 17));
  REQUIRE(e2);
  CHECK(e2->message == "NUL byte: binary file");
  CHECK(P(e2->pos) == "3:3");

  auto e3 = check_text("x\xC0\x80");  // overlong NUL
  REQUIRE(e3);
  CHECK(e3->message == "invalid UTF-8 byte 0xc0");
  CHECK(P(e3->pos) == "1:2");

  auto e4 = check_text("\xED\xA0\x80");  // UTF-16 surrogate
  REQUIRE(e4);
  CHECK(e4->message == "invalid UTF-8 byte 0xed");

  auto e5 = check_text("abc\xE2\x82");  // truncated at end of file
  REQUIRE(e5);
  CHECK(e5->message == "invalid UTF-8 byte 0xe2");
  CHECK(P(e5->pos) == "1:4");

  auto e6 = check_text("\xF4\x90\x80\x80");  // above U+10FFFF
  REQUIRE(e6);

  auto e7 = check_text("a\x80");  // stray continuation byte
  REQUIRE(e7);
  CHECK(e7->message == "invalid UTF-8 byte 0x80");

  // Long ASCII runs (fast path) followed by a bad byte at an unaligned offset.
  std::string longs(1003, 'x');
  longs += '\xfe';
  auto e8 = check_text(longs);
  REQUIRE(e8);
  CHECK(P(e8->pos) == "1:1004");
}

// =============================================================================================
// JSON

TEST_CASE("json: positions in minified one-line JSON") {
  std::string src = R"({"a":[1,-2.5e3,true,false,null],"b":{"c":"d"},"e":[]})";
  auto r = J(src);
  const Node* doc = root(r);
  CHECK(S(doc->span) == "1:1-1:54");
  CHECK(S(doc->key(0)->span) == "1:2-1:5");
  const Node* a = doc->get("a");
  CHECK(S(a->span) == "1:6-1:32");
  REQUIRE(a->count == 5);
  CHECK(S(a->item(0)->span) == "1:7-1:8");
  CHECK(T(a->item(1)) == "-2.5e3");
  CHECK(a->item(1)->style == ScalarStyle::Plain);
  CHECK(S(a->item(1)->span) == "1:9-1:15");
  CHECK(T(a->item(2)) == "true");
  CHECK(S(a->item(2)->span) == "1:16-1:20");
  CHECK(T(a->item(3)) == "false");
  CHECK(a->item(4)->is_null());
  CHECK(S(a->item(4)->span) == "1:27-1:31");
  const Node* b = doc->get("b");
  CHECK(S(b->span) == "1:37-1:46");
  CHECK(S(b->get("c")->span) == "1:42-1:45");
  CHECK(b->get("c")->style == ScalarStyle::DoubleQuoted);
  CHECK(S(doc->get("e")->span) == "1:51-1:53");
  CHECK(doc->subtree_size == 14);
}

TEST_CASE("json: positions in pretty JSON with CRLF") {
  std::string src =
      "{\r\n"
      "  \"Statement\": [\r\n"
      "    {\r\n"
      "      \"Effect\": \"Allow\",\r\n"
      "      \"Action\": \"s3:*\"\r\n"
      "    }\r\n"
      "  ]\r\n"
      "}\r\n";
  auto r = J(src);
  const Node* doc = root(r);
  CHECK(S(doc->span) == "1:1-8:2");
  const Node* st = doc->get("Statement");
  CHECK(S(doc->key(0)->span) == "2:3-2:14");
  CHECK(S(st->span) == "2:16-7:4");
  const Node* s0 = st->item(0);
  CHECK(S(s0->span) == "3:5-6:6");
  CHECK(S(s0->key(1)->span) == "5:7-5:15");
  CHECK(S(s0->get("Action")->span) == "5:17-5:23");
  CHECK(T(s0->get("Effect")) == "Allow");
}

TEST_CASE("json: escapes are decoded, plain strings point into the source") {
  std::string src = R"({"k\u00e9y": "caf\u00e9 \"q\" \\ \n", "plain": "text", "sur": "\ud83d\ude00"})";
  auto r = J(src);
  const Node* doc = root(r);
  CHECK(T(doc->key(0)) == "k\xC3\xA9y");
  CHECK(S(doc->key(0)->span) == "1:2-1:12");
  const Node* v = doc->get("k\xC3\xA9y");
  REQUIRE(v);
  CHECK(T(v) == "caf\xC3\xA9 \"q\" \\ \n");
  CHECK(S(v->span) == "1:14-1:37");
  const Node* p = doc->get("plain");
  CHECK(p->text().data() > src.data());
  CHECK(p->text().data() < src.data() + src.size());
  CHECK(T(doc->get("sur")) == "\xF0\x9F\x98\x80");
  // A string ending in an escaped backslash.
  auto r2 = J(R"(["a\\", "\"", "x"])");
  const Node* d2 = root(r2);
  CHECK(T(d2->item(0)) == "a\\");
  CHECK(S(d2->item(0)->span) == "1:2-1:7");
  CHECK(S(d2->item(1)->span) == "1:9-1:13");
  CHECK(S(d2->item(2)->span) == "1:15-1:18");
}

TEST_CASE("json: duplicate keys are reported at the second key") {
  auto r = J("{\n  \"a\": 1,\n  \"b\": {\"x\": 1},\n  \"a\": 2\n}");
  CHECK(err(r) == "duplicate key 'a' (first at line 2)");
  CHECK(err_pos(r) == "4:3");
  std::string big = "{";
  for (int i = 0; i < 30; ++i) big += "\"k" + std::to_string(i) + "\":1,";
  big += "\"k3\":2}";
  auto r2 = J(big);
  CHECK(err(r2) == "duplicate key 'k3' (first at line 1)");
  CHECK(r2.error->pos.col == big.size() - 6);
  CHECK_FALSE(J(R"({"a":{"x":1},"b":{"x":1}})").error.has_value());
}

TEST_CASE("json: BOM, empty input, trailing garbage, syntax errors") {
  auto r = J("\xEF\xBB\xBF{\"a\": 1}");
  CHECK(S(root(r)->span) == "1:1-1:9");
  for (const char* src : {"", "  \n\t\r\n", "\xEF\xBB\xBF"}) {
    CAPTURE(src);
    auto e = J(src);
    CHECK_FALSE(e.error.has_value());
    CHECK(e.documents.empty());
  }
  auto t = J("{\"a\": 1}\n x");
  CHECK(err(t) == "unexpected characters after the JSON value");
  CHECK(err_pos(t) == "2:2");
  CHECK(t.documents.empty());
  auto u = J("{\"a\": [1, 2}");
  CHECK(err(u) == "expected ',' or ']' in array");
  CHECK(err_pos(u) == "1:12");
  auto v = J("{\"a\": 1,}");
  CHECK(err(v) == "expected a string key in object (trailing comma?)");
  auto w = J("{\"a\": [1, 2");
  CHECK(err(w).rfind("unexpected end of input", 0) == 0);
  auto x = J("{\"a\" 1}");
  CHECK(err(x) == "expected ':' after object key");
  CHECK(err_pos(x) == "1:6");
  auto y = J("{\"a\": \"tab\there\"}");
  CHECK(err(y) == "control character in string (must be escaped)");
  CHECK(err_pos(y) == "1:11");
  auto z = J("[\"bad \\q escape\"]");
  CHECK(err(z) == "invalid escape sequence in string");
  CHECK(err_pos(z) == "1:7");
}

TEST_CASE("json: invalid UTF-8 and NUL are errors with positions") {
  auto r = J("{\"a\": \"\xC3\x28\"}");
  CHECK(err(r) == "invalid UTF-8 byte 0xc3");
  CHECK(err_pos(r) == "1:8");
  auto r2 = J(std::string("{\"a\": 1}\n\0", 10));
  CHECK(err(r2) == "NUL byte: binary file");
  CHECK(err_pos(r2) == "2:1");
}

TEST_CASE("json: deep nesting and node limit") {
  auto r = J(std::string(100000, '['));
  CHECK(err(r) == "nesting too deep: more than 256 levels of objects/arrays");
  CHECK(err_pos(r) == "1:257");
  std::string objs;
  for (int i = 0; i < 100000; ++i) objs += "{\"a\":";
  auto r2 = J(objs);
  CHECK(err(r2).rfind("nesting too deep", 0) == 0);
  ParseLimits lim;
  lim.max_nodes = 3;
  auto r3 = J("[1, 2, 3]", lim);
  CHECK(err(r3) == "too many nodes: more than 3");
  CHECK(err_pos(r3) == "1:8");
}

// =============================================================================================
// Node, NodeArena

TEST_CASE("node: get, get_ci, key_of") {
  auto r = Y("Effect: Allow\nAction: s3:GetObject\nresource: '*'\n");
  const Node* doc = root(r);
  CHECK(T(doc->get("Effect")) == "Allow");
  CHECK(doc->get("effect") == nullptr);
  const Node* key = nullptr;
  const Node* v = doc->get_ci("RESOURCE", &key);
  REQUIRE(v);
  CHECK(T(v) == "*");
  REQUIRE(key);
  CHECK(T(key) == "resource");
  CHECK(doc->get_ci("nope", &key) == nullptr);
  CHECK(key == nullptr);  // reset by the failed lookup
  CHECK(doc->key_of(v) == doc->key(2));
  CHECK(doc->key_of(doc->get("Action")) == doc->key(1));
  CHECK(doc->key_of(doc->key(0)) == nullptr);  // a key is not a value
  CHECK(v->get("x") == nullptr);               // not a mapping
  CHECK(v->key_of(v) == nullptr);
}

TEST_CASE("node: arena stores strings and large child arrays") {
  NodeArena a;
  CHECK(a.bytes_used() == 0);
  std::string big(200000, 'z');
  std::string_view s = a.store(big);
  CHECK(s == big);
  CHECK(s.data() != big.data());
  CHECK(a.store("").empty());
  const Node** ch = a.make_children(100000);
  for (uint32_t i = 0; i < 100000; ++i) ch[i] = nullptr;
  Node* n = a.make_node();
  CHECK(n->kind == NodeKind::Null);
  CHECK(n->count == 0);
  CHECK(reinterpret_cast<uintptr_t>(n) % alignof(Node) == 0);
  CHECK(reinterpret_cast<uintptr_t>(ch) % alignof(const Node*) == 0);
  CHECK(a.bytes_used() >= 200000 + 100000 * sizeof(const Node*) + sizeof(Node));
  for (int i = 0; i < 10000; ++i) {
    Node* m = a.make_node();
    m->set_text(a.store("abc"));
    CHECK(m->text() == "abc");
  }
}

// =============================================================================================
// Regression inputs found by the fuzzers (tests/fuzz) live in testdata/parse/fuzz-*.

TEST_CASE("parsers: fuzz regression inputs parse without crashing") {
#ifdef IAMLINT_SOURCE_DIR
  const std::string dir = std::string(IAMLINT_SOURCE_DIR) + "/testdata/parse/";
#else
  const std::string dir = "testdata/parse/";
#endif
  // Each entry: file, expected error substring ("" = must parse without error).
  const std::pair<const char*, const char*> cases[] = {
      // yaml-cpp 0.7 loops forever on a top-level ',' (same empty document again and again).
      {"fuzz-yaml-toplevel-comma.yaml", "unexpected ','"},
      // A vertical tab after '!' made the tag end disagree with yaml-cpp's (overlapping spans).
      {"fuzz-yaml-vtab-in-tag.yaml", "control character 0x0b"},
      // A lone CR is a line break for YAML but not for yaml-cpp: positions went out of sync.
      {"fuzz-yaml-lone-cr.yaml", "carriage return without line feed"},
      // An empty value followed by a tagged key: the next key's tag was skipped as the value's.
      {"fuzz-yaml-null-before-tag.yaml", ""},
      // Two BOMs: yaml-cpp strips one itself, so stripping one more before it shifted positions.
      {"fuzz-yaml-double-bom.yaml", ""},
      // A missing value is reported at the next token; `Null f` there was taken for the value.
      {"fuzz-yaml-missing-value-before-null-word.yaml", ""},
      // `?\nNull[`: yaml-cpp 0.7 reads `Null` and `Null[` as two keys at the same place.
      {"fuzz-yaml-key-read-twice.yaml", "could not find expected ':'"},
      // A string at the very start: the bulk copy of its plain run asked RapidJSON's still empty
      // stack for 0 bytes and passed the null pointer it got to memcpy (UBSan).
      {"fuzz-json-string-first-bytes.json", "control character in string"},
  };
  for (auto [file_c, expect] : cases) {
    const std::string file = file_c;
    CAPTURE(file);
    std::string text = read_file(dir + file);
    REQUIRE_FALSE(text.empty());
    auto r = file.ends_with(".json") ? J(text) : Y(text);
    if (*expect) {
      CHECK(err(r).find(expect) != std::string::npos);
    } else {
      CHECK_FALSE(r.error.has_value());
    }
  }
}

TEST_CASE("yaml: repeated merge keys are not duplicates; a quoted '<<' key is") {
  auto ok = iamlint::parse_yaml("Org:\n  <<: !Include a.yml\n  <<: !Include b.yml\n");
  CHECK(!ok.error);
  auto bad = iamlint::parse_yaml("Org:\n  '<<': 1\n  '<<': 2\n");
  REQUIRE(bad.error);
  CHECK(bad.error->message.find("duplicate key") != std::string::npos);
}
