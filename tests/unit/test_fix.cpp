// Fix producers (lint/fix.h) on each syntax, the fixer's rounds and the unified diff
// (lint/fixer.h). The end-to-end invariants over every fixture are tests/cli/test_fix.py.
#include <doctest/doctest.h>

#include <string>

#include "lint/fix.h"
#include "lint/fixer.h"
#include "lint/model.h"
#include "parsers/parse.h"

using namespace iamlint;

namespace {

struct Doc {
  std::string text;
  ParseResult pr;
  std::unique_ptr<Model> m;
  explicit Doc(std::string t, bool json = false) : text(std::move(t)) {
    pr = json ? parse_json(text) : parse_yaml(text);
    REQUIRE(!pr.error);
    m = build_model({json ? "p.json" : "p.yaml", text, pr.documents[0]});
  }
  const Statement& st(size_t d = 0, size_t s = 0) const { return m->policies.at(d).statements.at(s); }
  std::string with(const std::shared_ptr<const Fix>& f) const {
    REQUIRE(f);
    return fix::apply(text, f->edits);
  }
};

}  // namespace

TEST_CASE("fix: rename_element keeps the quoting of block YAML, flow YAML and JSON") {
  Doc y("Statement:\n  - Effect: Allow\n    Actions: s3:GetObject   # typo\n    Resource: '*'\n");
  const Node* smap = y.st().node;
  const Node* key = nullptr;
  smap->get_ci("Actions", &key);
  CHECK(y.with(fix::rename_element(*y.m, smap, key, "Action")) ==
        "Statement:\n  - Effect: Allow\n    Action: s3:GetObject   # typo\n    Resource: '*'\n");

  Doc j("{\"Statement\": [{\"Effect\": \"Allow\", \"Actions\": \"s3:GetObject\", \"Resource\": \"*\"}]}", true);
  smap = j.st().node;
  smap->get_ci("Actions", &key);
  CHECK(j.with(fix::rename_element(*j.m, smap, key, "Action")) ==
        "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]}");

  // A duplicate key would not parse: no fix.
  Doc d("Statement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Actions: s3:PutObject\n    Resource: '*'\n");
  smap = d.st().node;
  smap->get_ci("Actions", &key);
  CHECK_FALSE(fix::rename_element(*d.m, smap, key, "Action"));
}

TEST_CASE("fix: effect_case and managed_policy_name") {
  Doc y("Statement:\n  - Effect: \"allow\"\n    Action: s3:GetObject\n    Resource: '*'\n");
  CHECK(y.with(fix::effect_case(*y.m, y.st().effect_node)) ==
        "Statement:\n  - Effect: \"Allow\"\n    Action: s3:GetObject\n    Resource: '*'\n");

  const std::string t =
      "Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      ManagedPolicyArns:\n"
      "        - !Sub 'arn:${AWS::Partition}:iam::aws:policy/AdministratorAcess'\n"
      "        - arn:aws:iam::aws:policy/ReadOnlyAcess\n";
  Doc m(t);
  const Node* list = m.m->tmpl.resources.at(0).prop("ManagedPolicyArns");
  auto f = fix::managed_policy_name(*m.m, list->item(0), "AdministratorAcess", "AdministratorAccess");
  CHECK(m.with(f).find("policy/AdministratorAccess'\n") != std::string::npos);
  CHECK_FALSE(f->safe);
  CHECK(m.with(fix::managed_policy_name(*m.m, list->item(1), "ReadOnlyAcess", "ReadOnlyAccess"))
            .find("- arn:aws:iam::aws:policy/ReadOnlyAccess\n") != std::string::npos);
  // Not where the name ends the ARN: no fix.
  CHECK_FALSE(fix::managed_policy_name(*m.m, list->item(1), "ReadOnly", "ReadOnlyX"));
}

TEST_CASE("fix: insert_first_entry follows block, flow and JSON style, indentation and CRLF") {
  Doc b("Statement:\r\n  - Effect: Allow\r\n    Action: s3:GetObject\r\n    Resource: '*'\r\n");
  CHECK(b.with(fix::make("t", true, fix::insert_first_entry(*b.m, b.m->policies[0].node, "Version",
                                                             {"\"2012-10-17\"", "\"2012-10-17\""}))) ==
        "Version: \"2012-10-17\"\r\nStatement:\r\n  - Effect: Allow\r\n    Action: s3:GetObject\r\n    Resource: '*'\r\n");
  Doc f("{Statement: [{Effect: Allow, Action: s3:GetObject, Resource: '*'}]}\n");
  CHECK(f.with(fix::make("t", true, fix::insert_first_entry(*f.m, f.st().node, "Sid", fix::scalar("A")))) ==
        "{Statement: [{Sid: A, Effect: Allow, Action: s3:GetObject, Resource: '*'}]}\n");
  Doc j("{\n\t\"Statement\": []\n}\n", true);
  CHECK(j.with(fix::make("t", true, fix::insert_first_entry(*j.m, j.m->policies[0].node, "Version",
                                                             fix::scalar("2012-10-17")))) ==
        "{\n\t\"Version\": \"2012-10-17\",\n\t\"Statement\": []\n}\n");
}

TEST_CASE("fix: add_to_list appends to block and flow lists and turns a string into a list") {
  Doc b("Statement:\n  - Effect: Allow\n    Action:\n      - s3:GetObject  # read\n    Resource: '*'\n");
  const Statement& s = b.st();
  CHECK(b.with(fix::make("t", true, fix::add_to_list(*b.m, s.node, s.node->get("Action"), fix::scalar("s3:PutObject")))) ==
        "Statement:\n  - Effect: Allow\n    Action:\n      - s3:GetObject  # read\n      - s3:PutObject\n    Resource: '*'\n");
  Doc str("Statement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: !Sub arn:${AWS::Partition}:s3:::b\n");
  const Statement& s2 = str.st();
  CHECK(str.with(fix::make("t", true, fix::add_to_list(*str.m, s2.node, s2.node->get("Resource"),
                                                        fix::scalar("arn:aws:s3:::b/*")))) ==
        "Statement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: [!Sub 'arn:${AWS::Partition}:s3:::b', "
        "arn:aws:s3:::b/*]\n");
  Doc j("{\"Statement\": {\"Effect\": \"Allow\", \"Action\": [\"a:b\",\n    \"c:d\"], \"Resource\": \"*\"}}", true);
  const Statement& s3 = j.st();
  CHECK(j.with(fix::make("t", true, fix::add_to_list(*j.m, s3.node, s3.node->get("Action"), fix::scalar("e:f")))) ==
        "{\"Statement\": {\"Effect\": \"Allow\", \"Action\": [\"a:b\",\n    \"c:d\",\n    \"e:f\"], \"Resource\": \"*\"}}");
}

TEST_CASE("fix: no fix inside a JSON-text policy written as a quoted string") {
  Doc q("Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: \"{\\\"Statement\\\": "
        "[{\\\"Effect\\\": \\\"Allow\\\", \\\"Action\\\": \\\"s3:GetObject\\\", \\\"Resource\\\": \\\"*\\\"}]}\"\n");
  REQUIRE(q.m->policies.size() == 1);
  CHECK_FALSE(fix::insert_first_entry(*q.m, q.m->policies[0].node, "Version", fix::scalar("2012-10-17")));
  const Node* k = nullptr;
  q.st().node->get_ci("Action", &k);
  REQUIRE(k);
  CHECK_FALSE(fix::rename_key(*q.m, k, "NotAction"));
  CHECK_FALSE(fix::add_to_list(*q.m, q.st().node, q.st().node->get("Action"), fix::scalar("s3:PutObject")));
}

TEST_CASE("fixer: rounds until stable, and the unified diff") {
  const std::string t = "Statement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: arn:aws:s3:::b/*\n";
  LintOptions opt;
  FixResult r = fix_file("p.yaml", t, opt, false);
  CHECK(r.applied == 1);
  CHECK(r.by_rule["IAM017"] == 1);
  CHECK(r.text == "Version: \"2012-10-17\"\n" + t);
  FixResult again = fix_file("p.yaml", r.text, opt, true);
  CHECK(again.applied == 0);
  CHECK(unified_diff("p.yaml", t, r.text) ==
        "--- a/p.yaml\n+++ b/p.yaml\n@@ -1,3 +1,4 @@\n+Version: \"2012-10-17\"\n Statement:\n   - Effect: Allow\n"
        "     Action: s3:GetObject\n");
  CHECK(unified_diff("p.yaml", t, t).empty());
  CHECK(unified_diff("/abs/p", "a\nb", "a\nc") ==
        "--- /abs/p\n+++ /abs/p\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n");
}
