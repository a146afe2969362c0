// .iamlint.yaml `account:` and `access:` (IAM030, docs/access.md).
#include <doctest/doctest.h>

#include <string>

#include "lint/config.h"

using namespace iamlint;

namespace {
std::optional<ConfigError> parse(const std::string& text, FileConfig& c) {
  return parse_config(text, "/proj/.iamlint.yaml", c);
}
}  // namespace

TEST_CASE("config: account and access assertions") {
  FileConfig c;
  auto err = parse(
      "account: \"123456789012\"\n"
      "access:\n"
      "  - principal: OrdersFunction\n"
      "    allow: [s3:GetObject, s3:PutObject]\n"
      "    resource: ${OrdersBucket.Arn}/*\n"
      "    context: {aws:SecureTransport: \"true\", aws:TagKeys: [a, b]}\n"
      "  - principal: OrdersFunction\n"
      "    deny: \"iam:*\"\n"
      "  - resource: OrdersBucket\n"
      "    public: false\n",
      c);
  REQUIRE_FALSE(err.has_value());
  CHECK(c.account == "123456789012");
  REQUIRE(c.access.size() == 3);
  CHECK(c.access[0].principal == "OrdersFunction");
  CHECK(c.access[0].allow == std::vector<std::string>{"s3:GetObject", "s3:PutObject"});
  CHECK(c.access[0].resource == "${OrdersBucket.Arn}/*");
  CHECK(c.access[0].pos.line == 3);
  CHECK(c.access[0].context.size() == 2);
  CHECK(c.access[0].context[1].second == std::vector<std::string>{"a", "b"});
  CHECK(c.access[1].deny == std::vector<std::string>{"iam:*"});
  CHECK(c.access[2].is_public.has_value());
  CHECK_FALSE(*c.access[2].is_public);
}

TEST_CASE("config: bad account and assertions are errors at their position") {
  auto error_of = [](const std::string& text) {
    FileConfig c;
    auto err = parse(text, c);
    REQUIRE_MESSAGE(err.has_value(), text);
    return *err;
  };
  CHECK(error_of("account: 1234\n").pos.line == 1);
  CHECK(error_of("account: \"12345678901a\"\n").message.find("12-digit") != std::string::npos);
  CHECK(error_of("access: {principal: X}\n").message.find("list of assertions") != std::string::npos);
  auto e = error_of("access:\n  - principal: X\n");
  CHECK(e.pos.line == 2);
  CHECK(e.message.find("allow") != std::string::npos);
  CHECK(error_of("access:\n  - principal: X\n    allow: [a]\n    alow: [b]\n").pos.line == 4);
  CHECK(error_of("access:\n  - resource: B\n    public: true\n").message.find("public: false") != std::string::npos);
  CHECK(error_of("access:\n  - public: false\n").message.find("resource") != std::string::npos);
}
