// IAM009 and IAM026 beyond what fixtures can say: per-finding levels, suggestions, extra-actions,
// and the policy-grammar helpers.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "lint/engine.h"
#include "lint/iam/policy_grammar.h"

using namespace iamlint;

namespace {

std::vector<Finding> lint(const std::string& text, std::vector<std::string> extra_actions = {}) {
  LintOptions opt;
  opt.extra_actions = std::move(extra_actions);
  return lint_text("policy.json", text, opt, true).findings;
}

std::string policy(const std::string& effect, const std::string& action, const std::string& condition) {
  return R"({"Version": "2012-10-17", "Statement": [{"Effect": ")" + effect + R"(", "Action": ")" + action +
         R"(", "Resource": "*", "Condition": )" + condition + "}]}";
}

const Finding* find(const std::vector<Finding>& fs, const std::string& rule) {
  for (const auto& f : fs)
    if (f.rule_id == rule) return &f;
  return nullptr;
}

}  // namespace

TEST_CASE("IAM026: warning on Allow, error on Deny, with the closest key") {
  std::string cond = R"({"IpAddress": {"aws:SourceIpAddress": "203.0.113.0/24"}})";
  auto allow = lint(policy("Allow", "s3:ListAllMyBuckets", cond));
  const Finding* f = find(allow, "IAM026");
  REQUIRE(f);
  CHECK(f->level == Level::Warning);
  CHECK(f->message.find("did you mean aws:SourceIp?") != std::string::npos);
  auto deny = lint(policy("Deny", "s3:ListAllMyBuckets", cond));
  f = find(deny, "IAM026");
  REQUIRE(f);
  CHECK(f->level == Level::Error);
  CHECK(f->message.find("never fires") != std::string::npos);
}

TEST_CASE("IAM026: case, variable parts, wildcard services and extra-actions") {
  CHECK_FALSE(
      find(lint(policy("Allow", "s3:GetObject", R"({"IpAddress": {"AWS:SOURCEIP": "203.0.113.0/24"}})")), "IAM026"));
  CHECK_FALSE(
      find(lint(policy("Allow", "kms:Decrypt", R"({"StringEquals": {"kms:EncryptionContext:app": "x"}})")), "IAM026"));
  CHECK_FALSE(
      find(lint(policy("Allow", "s3:Get*", R"({"StringEquals": {"s3:ExistingObjectTag/stage": "x"}})")), "IAM026"));
  CHECK_FALSE(find(lint(policy("Allow", "*", R"({"StringEquals": {"ec2:InstanceType": "t3.micro"}})")), "IAM026"));
  // s3:prefix is an S3 key: a statement that names no S3 action cannot use it.
  CHECK(find(lint(policy("Allow", "sqs:SendMessage", R"({"StringEquals": {"s3:prefix": "x"}})")), "IAM026"));
  // A service newer than the data: its keys are not reported when .iamlint.yaml names its actions.
  std::string brand_new = policy("Allow", "newsvc:DoThing", R"({"StringEquals": {"newsvc:Mode": "x"}})");
  CHECK(find(lint(brand_new), "IAM026"));
  CHECK_FALSE(find(lint(brand_new, {"newsvc:DoThing"}), "IAM026"));
}

TEST_CASE("IAM009: one problem is one finding") {
  // Action and NotAction: IAM009 at the second key, and no IAM015/IAM003/IAM002 on the statement.
  auto fs = lint(R"({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*",
                     "NotAction": "iam:*", "Resource": "*"}})");
  REQUIRE(fs.size() == 1);
  CHECK(fs[0].rule_id == "IAM009");
  CHECK(fs[0].span.begin.line == 2);
  // An unknown action in the conflicting list is still IAM016.
  fs = lint(R"({"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "s3:GetObject",
               "NotAction": "s3:GetObjects", "Resource": "*"}})");
  CHECK(find(fs, "IAM009"));
  CHECK(find(fs, "IAM016"));
  // A misspelt Action is one finding, at the misspelt key, not a second one for the missing Action.
  fs = lint(R"({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Actions": "s3:GetObject",
               "Resource": "*"}})");
  REQUIRE(fs.size() == 1);
  CHECK(fs[0].message.find("did you mean Action?") != std::string::npos);
}

TEST_CASE("policy grammar: operators and typed values") {
  CHECK(grammar::parse_condition_operator("ForAnyValue:StringLikeIfExists").valid);
  CHECK(grammar::parse_condition_operator("stringequals").valid);
  CHECK_FALSE(grammar::parse_condition_operator("StringEqual").valid);
  CHECK_FALSE(grammar::parse_condition_operator("NullIfExists").valid);
  CHECK(grammar::closest_condition_operator("StringEqual") == "StringEquals");
  CHECK(grammar::closest_condition_operator("ForAnyValue:StringLkeIfExists") == "ForAnyValue:StringLikeIfExists");
  CHECK(grammar::closest_condition_operator("Frobnicate").empty());
  CHECK(grammar::is_date_value("2026-01-31"));
  CHECK(grammar::is_date_value("2026-01-31T12:00:00.123+01:00"));
  CHECK(grammar::is_date_value("1767225600"));
  CHECK_FALSE(grammar::is_date_value("31/01/2026"));
  CHECK(grammar::is_ip_value("10.0.0.0/8"));
  CHECK(grammar::is_ip_value("2001:db8::/32"));
  CHECK_FALSE(grammar::is_ip_value("10.0.0.256"));
  CHECK_FALSE(grammar::is_ip_value("10.0.0.0/33"));
  CHECK(grammar::is_numeric_value("-1.5"));
  CHECK_FALSE(grammar::is_numeric_value("1e3x"));
  CHECK(grammar::is_arn_value("arn:aws:sns:*:*:alerts"));
  CHECK_FALSE(grammar::is_arn_value("111122223333"));
  CHECK(grammar::closest_statement_element("Actions") == "Action");
  CHECK(grammar::closest_statement_element("Path").empty());
}
