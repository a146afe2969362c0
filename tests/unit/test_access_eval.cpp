// The access evaluator (lint/access/eval.h): each rule of AWS's evaluation logic, failing and passing.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "lint/access/eval.h"
#include "lint/access/load.h"
#include "lint/access/world.h"
#include "parsers/parse.h"

using namespace iamlint;
using namespace iamlint::access;

namespace {

constexpr const char* A = "111111111111";

struct Fixture {
  World w;
  std::vector<std::unique_ptr<LoadedFiles>> keep;

  const CPolicy* pol(const std::string& json, PolicyClass cls = PolicyClass::Identity) {
    auto lf = std::make_unique<LoadedFiles>();
    std::vector<std::string> errors;
    load_text("p.json", json, *lf, &errors);
    REQUIRE_MESSAGE(errors.empty(), json);
    REQUIRE(lf->files.size() == 1);
    const Model& m = *lf->files[0]->models[0];
    const CPolicy* p = w.add_policy(m, m.policies[0], cls, "p");
    keep.push_back(std::move(lf));
    return p;
  }
};

std::string stmt(const std::string& effect, const std::string& action, const std::string& resource,
                 const std::string& extra = "") {
  return "{\"Effect\":\"" + effect + "\",\"Action\":" + action + ",\"Resource\":" + resource + extra + "}";
}
std::string doc(const std::string& statements) { return "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}"; }

Request role_request(const std::string& action, const std::string& resource, const std::string& racct = A) {
  Request r;
  r.principal.kind = RequestPrincipal::Role;
  r.principal.arn = std::string("arn:aws:iam::") + A + ":role/app";
  r.principal.account = A;
  r.action = action;
  r.resource = resource;
  r.resource_account = racct;
  r.context.closed = true;
  return r;
}

Decision decide(const Request& req, const PolicySet& ps) { return Evaluator().evaluate(req, ps).decision; }

const char* kObj = "arn:aws:s3:::bucket-a/x.txt";

}  // namespace

TEST_CASE("access: identity allow, implicit deny, explicit deny wins") {
  Fixture f;
  PolicySet ps;
  auto req = role_request("s3:GetObject", kObj);
  CHECK(decide(req, ps) == Decision::ImplicitDeny);
  ps.identity.push_back(f.pol(doc(stmt("Allow", "\"s3:GetObject\"", "\"arn:aws:s3:::bucket-a/*\""))));
  CHECK(decide(req, ps) == Decision::Allowed);
  ps.identity.push_back(f.pol(doc(stmt("Deny", "\"s3:*\"", "\"*\""))));
  CHECK(decide(req, ps) == Decision::ExplicitDeny);
  auto other = role_request("s3:PutObject", kObj);
  CHECK(decide(other, ps) == Decision::ExplicitDeny);
}

TEST_CASE("access: action and ARN wildcards, case rules, segments") {
  Fixture f;
  PolicySet ps;
  ps.identity.push_back(f.pol(doc(stmt("Allow", "[\"S3:get?bject\"]", "[\"arn:aws:s3:::bucket-?/*\"]"))));
  CHECK(decide(role_request("s3:GetObject", kObj), ps) == Decision::Allowed);
  CHECK(decide(role_request("s3:GetObjectAcl", kObj), ps) == Decision::ImplicitDeny);
  CHECK(decide(role_request("s3:GetObject", "arn:aws:s3:::Bucket-a/x.txt"), ps) == Decision::ImplicitDeny);  // ARNs are case-sensitive
  Fixture g;
  PolicySet ps2;
  // A trailing * of a field runs on across colons; a * inside a field does not.
  ps2.identity.push_back(g.pol(doc(stmt("Allow", "\"sqs:*\"", "\"arn:aws:sqs:us-east-*\""))));
  CHECK(decide(role_request("sqs:SendMessage", "arn:aws:sqs:us-east-1:111111111111:q"), ps2) == Decision::Allowed);
  Fixture h;
  PolicySet ps3;
  ps3.identity.push_back(h.pol(doc(stmt("Allow", "\"sqs:*\"", "\"arn:aws:sqs:us-*-1:111111111111:q\""))));
  CHECK(decide(role_request("sqs:SendMessage", "arn:aws:sqs:us-east-1:111111111111:q"), ps3) == Decision::Allowed);
  CHECK(decide(role_request("sqs:SendMessage", "arn:aws:sqs:us-east-2:111111111111:q"), ps3) == Decision::ImplicitDeny);
}

TEST_CASE("access: NotAction and NotResource") {
  Fixture f;
  PolicySet ps;
  ps.identity.push_back(f.pol(doc("{\"Effect\":\"Allow\",\"NotAction\":\"iam:*\",\"NotResource\":\"arn:aws:s3:::secret/*\"}")));
  CHECK(decide(role_request("s3:GetObject", kObj), ps) == Decision::Allowed);
  CHECK(decide(role_request("iam:PassRole", "arn:aws:iam::111111111111:role/x"), ps) == Decision::ImplicitDeny);
  CHECK(decide(role_request("s3:GetObject", "arn:aws:s3:::secret/k"), ps) == Decision::ImplicitDeny);
}

TEST_CASE("access: SCP levels must each allow; FullAWSAccess implied without them") {
  Fixture f;
  PolicySet ps;
  ps.identity.push_back(f.pol(doc(stmt("Allow", "\"*\"", "\"*\""))));
  auto req = role_request("dynamodb:PutItem", "arn:aws:dynamodb:us-east-1:111111111111:table/t");
  CHECK(decide(req, ps) == Decision::Allowed);
  ps.scp_levels.push_back({f.pol(doc(stmt("Allow", "\"*\"", "\"*\"")), PolicyClass::Scp)});
  ps.scp_levels.push_back({f.pol(doc(stmt("Allow", "\"s3:*\"", "\"*\"")), PolicyClass::Scp)});
  CHECK(decide(req, ps) == Decision::ImplicitDeny);  // the second level does not allow DynamoDB
  CHECK(decide(role_request("s3:GetObject", kObj), ps) == Decision::Allowed);
  ps.scp_levels[0].push_back(f.pol(doc(stmt("Deny", "\"s3:*\"", "\"*\"")), PolicyClass::Scp));
  CHECK(decide(role_request("s3:GetObject", kObj), ps) == Decision::ExplicitDeny);
}

TEST_CASE("access: same account, either policy; cross-account, both") {
  Fixture f;
  const CPolicy* bucket = f.pol(doc("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:role/app\"},"
                                    "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::bucket-a/*\"}"),
                                PolicyClass::Resource);
  const CPolicy* ident = f.pol(doc(stmt("Allow", "\"s3:GetObject\"", "\"*\"")));
  PolicySet same;
  same.resource.push_back(bucket);
  CHECK(decide(role_request("s3:GetObject", kObj), same) == Decision::Allowed);  // resource policy alone
  auto cross = role_request("s3:GetObject", kObj, "222222222222");
  CHECK(decide(cross, same) == Decision::ImplicitDeny);  // cross-account: the identity policy is missing
  same.identity.push_back(ident);
  CHECK(decide(cross, same) == Decision::Allowed);
  PolicySet only_identity;
  only_identity.identity.push_back(ident);
  only_identity.resource.push_back(f.pol(doc("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"333333333333\"},"
                                             "\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}"),
                                         PolicyClass::Resource));
  CHECK(decide(cross, only_identity) == Decision::ImplicitDeny);  // the bucket names another account
}

TEST_CASE("access: KMS key policy and trust policy must allow; root delegation") {
  Fixture f;
  const char* key = "arn:aws:kms:us-east-1:111111111111:key/k";
  PolicySet ps;
  ps.resource_policy_required = true;
  ps.identity.push_back(f.pol(doc(stmt("Allow", "\"kms:Decrypt\"", "\"*\""))));
  ps.resource.push_back(f.pol(doc("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:root\"},"
                                  "\"Action\":\"kms:*\",\"Resource\":\"*\"}"),
                              PolicyClass::Resource));
  CHECK(decide(role_request("kms:Decrypt", key), ps) == Decision::ImplicitDeny);  // identity alone is not enough
  ps.resource.push_back(f.pol(doc("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:root\"},"
                                  "\"Action\":\"kms:*\",\"Resource\":\"*\"}"),
                              PolicyClass::Resource));
  CHECK(decide(role_request("kms:Decrypt", key), ps) == Decision::Allowed);  // delegated to the account's IAM
  PolicySet no_identity = ps;
  no_identity.identity.clear();
  CHECK(decide(role_request("kms:Decrypt", key), no_identity) == Decision::ImplicitDeny);  // root delegation needs IAM
}

TEST_CASE("access: permissions boundaries intersect; resource policies and boundaries") {
  Fixture f;
  PolicySet ps;
  ps.identity.push_back(f.pol(doc(stmt("Allow", "\"s3:*\"", "\"*\""))));
  ps.boundaries.push_back(f.pol(doc(stmt("Allow", "\"s3:GetObject\"", "\"*\"")), PolicyClass::Boundary));
  CHECK(decide(role_request("s3:GetObject", kObj), ps) == Decision::Allowed);
  CHECK(decide(role_request("s3:PutObject", kObj), ps) == Decision::ImplicitDeny);
  // A same-account resource policy naming the role ARN is still limited by the boundary...
  PolicySet by_role = ps;
  by_role.identity.clear();
  by_role.resource.push_back(f.pol(doc("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:role/app\"},"
                                       "\"Action\":\"s3:PutObject\",\"Resource\":\"*\"}"),
                                   PolicyClass::Resource));
  CHECK(decide(role_request("s3:PutObject", kObj), by_role) == Decision::ImplicitDeny);
  // ...one naming the role session is not.
  PolicySet by_session = ps;
  by_session.identity.clear();
  by_session.resource.push_back(f.pol(doc("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:sts::111111111111:assumed-role/app/s1\"},"
                                          "\"Action\":\"s3:PutObject\",\"Resource\":\"*\"}"),
                                      PolicyClass::Resource));
  auto req = role_request("s3:PutObject", kObj);
  req.principal.session_arn = "arn:aws:sts::111111111111:assumed-role/app/s1";
  CHECK(decide(req, by_session) == Decision::Allowed);
}

TEST_CASE("access: NotPrincipal excludes only with the account and the principal listed") {
  Fixture f;
  PolicySet ps;
  ps.identity.push_back(f.pol(doc(stmt("Allow", "\"s3:*\"", "\"*\""))));
  auto deny_all_but = [&](const std::string& list) {
    return f.pol(doc("{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":" + list + "},\"Action\":\"s3:*\",\"Resource\":\"*\"}"),
                 PolicyClass::Resource);
  };
  PolicySet a = ps;
  a.resource.push_back(deny_all_but("[\"arn:aws:iam::111111111111:root\",\"arn:aws:iam::111111111111:role/app\"]"));
  CHECK(decide(role_request("s3:GetObject", kObj), a) == Decision::Allowed);
  PolicySet b = ps;
  b.resource.push_back(deny_all_but("\"111111111111\""));
  CHECK(decide(role_request("s3:GetObject", kObj), b) == Decision::ExplicitDeny);
}

TEST_CASE("access: condition operators") {
  Fixture f;
  auto with = [&](const std::string& cond, const std::vector<std::pair<std::string, std::vector<std::string>>>& ctx,
                  bool closed = true) {
    PolicySet ps;
    ps.identity.push_back(f.pol(doc(stmt("Allow", "\"s3:GetObject\"", "\"*\"", ",\"Condition\":" + cond))));
    auto req = role_request("s3:GetObject", kObj);
    req.context.closed = closed;
    for (const auto& [k, v] : ctx) req.context.set(k, v);
    return Evaluator().evaluate(req, ps);
  };
  auto d = [&](const std::string& cond, const std::vector<std::pair<std::string, std::vector<std::string>>>& ctx) {
    return with(cond, ctx).decision;
  };
  const auto Y = Decision::Allowed, N = Decision::ImplicitDeny;
  CHECK(d("{\"StringEquals\":{\"aws:PrincipalTag/team\":\"eng\"}}", {{"aws:principaltag/team", {"eng"}}}) == Y);
  CHECK(d("{\"StringEquals\":{\"AWS:PrincipalTag/TEAM\":\"eng\"}}", {{"aws:PrincipalTag/team", {"eng"}}}) == Y);  // keys: any case
  CHECK(d("{\"StringEquals\":{\"aws:PrincipalTag/team\":\"eng\"}}", {{"aws:PrincipalTag/team", {"Eng"}}}) == N);  // values: exact
  CHECK(d("{\"StringEqualsIgnoreCase\":{\"aws:PrincipalTag/team\":\"eng\"}}", {{"aws:PrincipalTag/team", {"Eng"}}}) == Y);
  CHECK(d("{\"StringNotEquals\":{\"aws:PrincipalTag/team\":\"eng\"}}", {}) == Y);  // negated, absent: true
  CHECK(d("{\"StringEquals\":{\"aws:PrincipalTag/team\":\"eng\"}}", {}) == N);     // absent: false
  CHECK(d("{\"StringEqualsIfExists\":{\"aws:PrincipalTag/team\":\"eng\"}}", {}) == Y);
  CHECK(d("{\"StringEqualsIfExists\":{\"aws:PrincipalTag/team\":\"eng\"}}", {{"aws:PrincipalTag/team", {"ops"}}}) == N);
  CHECK(d("{\"StringLike\":{\"aws:PrincipalTag/team\":\"e?g*\"}}", {{"aws:PrincipalTag/team", {"engineering"}}}) == Y);
  CHECK(d("{\"NumericLessThan\":{\"aws:MultiFactorAuthAge\":\"3600\"}}", {{"aws:MultiFactorAuthAge", {"100"}}}) == Y);
  CHECK(d("{\"NumericLessThan\":{\"aws:MultiFactorAuthAge\":\"3600\"}}", {{"aws:MultiFactorAuthAge", {"7200"}}}) == N);
  CHECK(d("{\"DateGreaterThan\":{\"aws:CurrentTime\":\"2020-01-01T00:00:00Z\"}}", {{"aws:CurrentTime", {"2026-01-01T00:00:00Z"}}}) == Y);
  CHECK(d("{\"DateLessThan\":{\"aws:CurrentTime\":\"2020-01-01\"}}", {{"aws:CurrentTime", {"1500000000"}}}) == Y);  // epoch
  CHECK(d("{\"Bool\":{\"aws:SecureTransport\":\"true\"}}", {{"aws:SecureTransport", {"TRUE"}}}) == Y);
  CHECK(d("{\"BinaryEquals\":{\"aws:x\":\"QmluYXJ5\"}}", {{"aws:x", {"QmluYXJ5"}}}) == Y);
  CHECK(d("{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}", {{"aws:SourceIp", {"10.1.2.3"}}}) == Y);
  CHECK(d("{\"IpAddress\":{\"aws:SourceIp\":\"2001:db8::/32\"}}", {{"aws:SourceIp", {"2001:db8:1::5"}}}) == Y);
  CHECK(d("{\"NotIpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}", {{"aws:SourceIp", {"10.1.2.3"}}}) == N);
  CHECK(d("{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:sns:*:111111111111:*\"}}", {{"aws:SourceArn", {"arn:aws:sns:us-east-1:111111111111:t"}}}) == Y);
  CHECK(d("{\"ArnNotEquals\":{\"aws:SourceArn\":\"arn:aws:sns:us-east-1:111111111111:t\"}}", {{"aws:SourceArn", {"arn:aws:sns:us-east-1:111111111111:t"}}}) == N);
  CHECK(d("{\"Null\":{\"aws:PrincipalTag/team\":\"true\"}}", {}) == Y);
  CHECK(d("{\"Null\":{\"aws:PrincipalTag/team\":\"false\"}}", {}) == N);
  // Sets: ForAllValues is true for an absent key, ForAnyValue false.
  CHECK(d("{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"a\",\"b\"]}}", {}) == Y);
  CHECK(d("{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"a\",\"b\"]}}", {{"aws:TagKeys", {"a", "c"}}}) == N);
  CHECK(d("{\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":[\"a\",\"b\"]}}", {}) == N);
  CHECK(d("{\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":[\"a\",\"b\"]}}", {{"aws:TagKeys", {"c", "b"}}}) == Y);
  // Several keys AND, several values OR.
  CHECK(d("{\"StringEquals\":{\"aws:PrincipalTag/team\":[\"eng\",\"ops\"],\"aws:PrincipalTag/env\":\"prod\"}}",
          {{"aws:PrincipalTag/team", {"ops"}}, {"aws:PrincipalTag/env", {"prod"}}}) == Y);
  CHECK(d("{\"StringEquals\":{\"aws:PrincipalTag/team\":[\"eng\",\"ops\"],\"aws:PrincipalTag/env\":\"prod\"}}",
          {{"aws:PrincipalTag/team", {"ops"}}, {"aws:PrincipalTag/env", {"dev"}}}) == N);
  // An open context: a key that was not given makes the decision conditional, and says on what.
  Result r = with("{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}", {}, false);
  CHECK(r.decision == Decision::Conditional);
  REQUIRE(r.conditions.size() == 1);
  CHECK(r.conditions[0].key == "aws:SourceIp");
  CHECK(r.conditions[0].operator_text == "IpAddress");
}

TEST_CASE("access: policy variables") {
  Fixture f;
  PolicySet ps;
  ps.identity.push_back(f.pol(doc(stmt("Allow", "\"s3:*\"", "\"arn:aws:s3:::home/${aws:username}/*\"") + "," +
                                  stmt("Allow", "\"sqs:*\"", "\"*\"", ",\"Condition\":{\"StringEquals\":{\"aws:ResourceTag/owner\":\"${aws:PrincipalTag/team}\"}}") +
                                  "," + stmt("Allow", "\"sns:*\"", "\"arn:aws:sns:us-east-1:111111111111:a${*}b\""))));
  auto req = role_request("s3:GetObject", "arn:aws:s3:::home/alice/x");
  req.principal.kind = RequestPrincipal::User;
  req.context.set("aws:username", {"alice"});
  CHECK(decide(req, ps) == Decision::Allowed);
  req.resource = "arn:aws:s3:::home/bob/x";
  CHECK(decide(req, ps) == Decision::ImplicitDeny);
  auto q = role_request("sqs:SendMessage", "arn:aws:sqs:us-east-1:111111111111:q");
  q.context.set("aws:PrincipalTag/team", {"eng"});
  q.context.set("aws:ResourceTag/owner", {"eng"});
  CHECK(decide(q, ps) == Decision::Allowed);
  q.context.set("aws:ResourceTag/owner", {"ops"});
  CHECK(decide(q, ps) == Decision::ImplicitDeny);
  CHECK(decide(role_request("sns:Publish", "arn:aws:sns:us-east-1:111111111111:a*b"), ps) == Decision::Allowed);
}

TEST_CASE("access: symbolic values — the same resource, a parameter, this account") {
  World w;
  SymbolTable& s = w.symbols();
  std::string table = s.symbol("OrdersTable (generated name)", true);
  std::string param = s.symbol("parameter BucketArn", false);
  CHECK(arn_match3("arn:\x04:dynamodb:\x04:" + std::string(A) + ":table/" + table,
                   "arn:aws:dynamodb:us-east-1:" + std::string(A) + ":table/" + table, &s, nullptr) == Tri::True);
  CHECK(arn_match3("arn:aws:dynamodb:us-east-1:" + std::string(A) + ":table/orders",
                   "arn:aws:dynamodb:us-east-1:" + std::string(A) + ":table/" + table, &s, nullptr) == Tri::False);
  std::vector<std::string> deps;
  CHECK(arn_match3(param + "/*", "arn:aws:s3:::b/x", &s, &deps) == Tri::Unknown);
  REQUIRE(deps.size() == 1);
  CHECK(deps[0] == "parameter BucketArn");
  CHECK(arn_match3(param + "/*", param + "/x", &s, nullptr) == Tri::True);
  CHECK(s.display(param + "/x") == "${parameter BucketArn}/x");
}

TEST_CASE("access: statements with many actions (the action index) match as a scan does") {
  Fixture f;
  std::string many = "[\"s3:GetObject\",\"S3:PutObject\",\"sqs:Send*\",\"sns:?ublish\",\"*:Describe*\",\"ec2:Start*\"";
  for (int i = 0; i < 20; ++i) many += ",\"dynamodb:Op" + std::to_string(i) + "\"";
  many += "]";
  PolicySet ps;
  ps.identity.push_back(f.pol(doc(stmt("Allow", many, "\"*\""))));
  PolicySet notps;
  notps.identity.push_back(f.pol(doc("{\"Effect\":\"Allow\",\"NotAction\":" + many + ",\"Resource\":\"*\"}")));
  const char* yes[] = {"s3:getobject", "s3:PutObject", "sqs:SendMessage", "sns:Publish", "ec2:DescribeInstances",
                       "rds:DescribeDBInstances", "ec2:StartInstances", "dynamodb:op7"};
  const char* no[] = {"s3:DeleteObject", "sqs:ReceiveMessage", "sns:Subscribe", "ec2:StopInstances", "dynamodb:Op"};
  for (const char* a : yes) {
    CHECK_MESSAGE(decide(role_request(a, kObj), ps) == Decision::Allowed, a);
    CHECK_MESSAGE(decide(role_request(a, kObj), notps) == Decision::ImplicitDeny, a);
  }
  for (const char* a : no) {
    CHECK_MESSAGE(decide(role_request(a, kObj), ps) == Decision::ImplicitDeny, a);
    CHECK_MESSAGE(decide(role_request(a, kObj), notps) == Decision::Allowed, a);
  }
  CHECK(ps.identity[0]->statements[0].action_index.built);
}

TEST_CASE("access: found by fuzz_access — open answers stay sound with unknown variables") {
  Fixture f;
  PolicySet ps;
  // A NotResource whose variable may be absent: the Deny may or may not apply.
  ps.identity.push_back(f.pol(doc("{\"Effect\":\"Deny\",\"NotAction\":\"s6:*\",\"NotResource\":\"arn:aws:s6:::b/${aws:usesname}/*\"}")));
  auto open = role_request("s3:GetObject", kObj);
  open.context.closed = false;
  CHECK(decide(open, ps) == Decision::ImplicitDeny);  // no Allow anyway
  ps.identity.push_back(f.pol(doc(stmt("Allow", "\"s3:*\"", "\"*\""))));
  CHECK(decide(open, ps) == Decision::Conditional);
  auto closed = role_request("s3:GetObject", kObj);
  CHECK(decide(closed, ps) == Decision::Allowed);  // absent: the NotResource statement does not apply
  // A StringEquals against an unknown variable may match.
  Fixture g;
  PolicySet q;
  q.identity.push_back(g.pol(doc(stmt("Allow", "\"s3:*\"", "\"*\"", ",\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/a\":\"${aws:PrincipalTag/b}\"}}"))));
  auto o2 = role_request("s3:GetObject", kObj);
  o2.context.closed = false;
  o2.context.set("aws:PrincipalTag/a", {"x"});
  CHECK(decide(o2, q) == Decision::Conditional);
  // Reserved bytes in user text are literal text, never symbols.
  CHECK(literal_text(std::string("a\x01\x04z")) == "a\x7f\x7fz");
  CHECK_FALSE(has_symbols(literal_text("arn:\x01\x40\x40\x40")));
}
