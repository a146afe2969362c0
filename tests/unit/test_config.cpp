// .iamlint.yaml parsing and discovery, globs, baselines, unused-suppression reporting.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "lint/baseline.h"
#include "lint/config.h"
#include "lint/engine.h"

namespace fs = std::filesystem;
using namespace iamlint;

namespace {

std::optional<ConfigError> parse(const std::string& text, FileConfig& c) {
  return parse_config(text, "/proj/.iamlint.yaml", c);
}

// The error of a config text that must not parse.
ConfigError error_of(const std::string& text) {
  FileConfig c;
  auto err = parse(text, c);
  REQUIRE_MESSAGE(err.has_value(), text);
  return *err;
}

struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "iamlint-config-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    path = fs::path(tmpl).lexically_normal();
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  void write(const std::string& rel, const std::string& text) const {
    fs::create_directories((path / rel).parent_path());
    std::ofstream(path / rel) << text;
  }
};

const char* const kAccessKey =
    "AWSTemplateFormatVersion: '2010-09-09'\n"
    "Resources:\n"
    "  Key:\n"
    "    Type: AWS::IAM::AccessKey\n"
    "    Properties:\n"
    "      UserName: deployer\n";

}  // namespace

TEST_SUITE("config") {
  TEST_CASE("a complete config") {
    FileConfig c;
    auto err = parse(
        "# project settings\n"
        "select: [IAM0, iam01]\n"
        "ignore:\n"
        "  - IAM019\n"
        "fail-on: error\n"
        "exclude: [cdk.out, 'test/fixtures/**']\n"
        "per-file-ignores:\n"
        "  'legacy/*.yaml': [IAM003, IAM004]\n"
        "extra-actions: [s3:BrandNewAction, bedrock-agentcore:InvokeThing]\n"
        "max-file-size: 8\n"
        "account: '123456789012'\n"
        "rules:\n"
        "  IAM011:\n"
        "    trusted-accounts: [111122223333, '444455556666']\n",
        c);
    REQUIRE_FALSE(err.has_value());
    CHECK(c.dir == fs::path("/proj"));
    REQUIRE(c.select.has_value());
    CHECK(*c.select == std::vector<std::string>{"IAM0", "IAM01"});
    CHECK(*c.ignore == std::vector<std::string>{"IAM019"});
    CHECK(c.fail_on == 2);
    CHECK(c.exclude == std::vector<std::string>{"cdk.out", "test/fixtures/**"});
    REQUIRE(c.per_file_ignores.size() == 1);
    CHECK(c.per_file_ignores[0].first == "legacy/*.yaml");
    CHECK(c.per_file_ignores[0].second == std::vector<std::string>{"IAM003", "IAM004"});
    CHECK(c.extra_actions == std::vector<std::string>{"s3:BrandNewAction", "bedrock-agentcore:InvokeThing"});
    CHECK(c.max_file_size == (8ull << 20));
    CHECK(c.trusted_accounts == std::vector<std::string>{"111122223333", "444455556666"});
    CHECK(c.account == "123456789012");
  }

  TEST_CASE("empty and comment-only configs mean the defaults") {
    for (const char* text : {"", "# nothing here\n", "---\n"}) {
      FileConfig c;
      CHECK_FALSE(parse(text, c).has_value());
      CHECK_FALSE(c.select.has_value());
      CHECK_FALSE(c.fail_on.has_value());
      CHECK(c.exclude.empty());
    }
    FileConfig c;
    CHECK_FALSE(parse("fail-on: never\nexclude:\n", c).has_value());
    CHECK(c.fail_on == kFailOnNever);
  }

  TEST_CASE("unknown key: error at the key's line and column") {
    ConfigError e = error_of("select: [IAM001]\nrules:\n  IAM011: {}\n  # x\nfoo: 1\n");
    CHECK(e.pos == Pos{5, 1});
    CHECK(e.message == "unknown key 'foo' in .iamlint.yaml");
    CHECK(e.format() == "/proj/.iamlint.yaml:5:1: error: unknown key 'foo' in .iamlint.yaml");
    // Keys are case-sensitive and spelled with dashes.
    CHECK(error_of("\n  fail_on: error\n").message == "unknown key 'fail_on' in .iamlint.yaml");
    CHECK(error_of("\n  fail_on: error\n").pos == Pos{2, 3});
  }

  TEST_CASE("wrong types") {
    struct Case {
      const char* text;
      Pos pos;
      const char* needle;
    };
    const Case cases[] = {
        {"select: IAM001\n", {1, 9}, "'select' must be a list of rule IDs"},
        {"ignore: {IAM001: x}\n", {1, 9}, "'ignore' must be a list of rule IDs, not a mapping"},
        {"select: [[IAM001]]\n", {1, 10}, "not a list of lists"},
        {"fail-on: [error]\n", {1, 10}, "'fail-on' must be one of error, warning, note, never, not a list"},
        {"fail-on: sometimes\n", {1, 10}, "not 'sometimes'"},
        {"exclude: cdk.out\n", {1, 10}, "'exclude' must be a list of glob patterns"},
        {"exclude: ['']\n", {1, 11}, "empty pattern"},
        {"per-file-ignores: [a]\n", {1, 19}, "'per-file-ignores' must be a mapping"},
        {"per-file-ignores:\n  a.yaml: IAM003\n", {2, 11}, "'a.yaml' must be a list of rule IDs"},
        {"extra-actions: [s3GetObject]\n", {1, 17}, "not an action name"},
        {"extra-actions: ['s3:Get*']\n", {1, 17}, "not an action name"},
        {"max-file-size: 10MB\n", {1, 16}, "'max-file-size' must be a number of megabytes"},
        {"max-file-size: 0\n", {1, 16}, "from 1 to 4096"},
        {"max-file-size: 99999\n", {1, 16}, "from 1 to 4096"},
        {"account: 12345\n", {1, 10}, "'account' must be a 12-digit AWS account ID"},
        {"account: [123456789012]\n", {1, 10}, "'account' must be a 12-digit AWS account ID"},
        {"rules: [IAM011]\n", {1, 8}, "'rules' must be a mapping"},
        {"rules:\n  IAM011: [x]\n", {2, 11}, "options of IAM011 must be a mapping"},
        {"rules:\n  IAM011:\n    trusted-accounts: ['12345']\n", {3, 24}, "not a 12-digit AWS account ID"},
        {"rules:\n  IAM011:\n    trusted: []\n", {3, 5}, "unknown option 'trusted' for IAM011"},
        {"rules:\n  IAM003:\n    foo: 1\n", {3, 5}, "IAM003 has no options"},
        {"- select\n", {1, 1}, "must be a mapping of settings"},
        {"select: [IAM001]\n---\nignore: []\n", {3, 1}, "one YAML document"},
    };
    for (const auto& c : cases) {
      CAPTURE(c.text);
      ConfigError e = error_of(c.text);
      CHECK(e.message.find(c.needle) != std::string::npos);
      CHECK(e.pos == c.pos);
    }
  }

  TEST_CASE("bad rule IDs") {
    for (const char* id : {"S3", "IAM", "IAM0011", "IAM999", "IAM9", "IAMX01", "IAM-01"}) {
      CAPTURE(id);
      CHECK_FALSE(valid_rule_selector(id));
      ConfigError e = error_of(std::string("ignore: [IAM001, '") + id + "']\n");
      CHECK(e.pos == Pos{1, 18});
      CHECK(e.message.find("is not a rule ID") != std::string::npos);
    }
    for (const char* id : {"IAM001", "iam003", "IAM0", "IAM02", "IAM027"}) CHECK(valid_rule_selector(id));
    CHECK(error_of("rules:\n  IAM01: {}\n").message.find("not a rule ID") != std::string::npos);  // a prefix has no options
    CHECK(error_of("per-file-ignores:\n  x: [S3]\n").pos == Pos{2, 7});
    CHECK(error_of("ignore: [wildcard-resorce]\n").message.find("not a rule ID, prefix or name") != std::string::npos);
  }

  TEST_CASE("rule names work wherever IDs do, and become IDs") {
    for (const char* id : {"wildcard-resource", "Wildcard-Resource", "cross-account-trust-without-external-id"})
      CHECK(valid_rule_selector(id));
    FileConfig c;
    REQUIRE_FALSE(parse_config("select: [wildcard-resource, IAM01]\nignore: [policy-on-user]\n"
                               "per-file-ignores: {'a/*': [service-wildcard-action]}\n"
                               "rules: {cross-account-trust-without-external-id: {trusted-accounts: ['111122223333']}}\n",
                               "/p/.iamlint.yaml", c));
    CHECK(*c.select == std::vector<std::string>{"IAM003", "IAM01"});
    CHECK(*c.ignore == std::vector<std::string>{"IAM019"});
    CHECK(c.per_file_ignores.at(0).second == std::vector<std::string>{"IAM004"});
    CHECK(c.trusted_accounts == std::vector<std::string>{"111122223333"});
  }

  TEST_CASE("YAML errors keep their position; duplicate keys are errors") {
    ConfigError e = error_of("select: [IAM001\n");
    CHECK(e.pos.valid());
    ConfigError d = error_of("select: []\nselect: []\n");
    CHECK(d.pos.line == 2);
  }
}

TEST_SUITE("globs") {
  TEST_CASE("glob_match") {
    CHECK(glob_match("*.yaml", "a.yaml"));
    CHECK_FALSE(glob_match("*.yaml", "dir/a.yaml"));
    CHECK(glob_match("**/*.yaml", "a.yaml"));
    CHECK(glob_match("**/*.yaml", "dir/sub/a.yaml"));
    CHECK(glob_match("dir/**", "dir/sub/a.yaml"));
    CHECK_FALSE(glob_match("dir/**", "other/a.yaml"));
    CHECK(glob_match("a/**/b.json", "a/b.json"));
    CHECK(glob_match("a/**/b.json", "a/x/y/b.json"));
    CHECK_FALSE(glob_match("a/**/b.json", "ab.json"));
    CHECK(glob_match("?.json", "x.json"));
    CHECK_FALSE(glob_match("?.json", "xy.json"));
    CHECK(glob_match("[ab].yaml", "b.yaml"));
    CHECK_FALSE(glob_match("[!ab].yaml", "b.yaml"));
    CHECK(glob_match("[a-c]x", "cx"));
    CHECK(glob_match("\\*.yaml", "*.yaml"));
    CHECK_FALSE(glob_match("\\*.yaml", "a.yaml"));
    CHECK(glob_match("*.template.json", "Stack.template.json"));
  }

  TEST_CASE("patterns against relative paths") {
    // No '/': any component.
    CHECK(path_pattern_match("cdk.out", "cdk.out/Stack.template.json"));
    CHECK(path_pattern_match("cdk.out", "apps/web/cdk.out/Stack.template.json"));
    CHECK(path_pattern_match("*.test.yaml", "a/b/x.test.yaml"));
    CHECK_FALSE(path_pattern_match("cdk.out", "cdk.output/x.json"));
    // With '/': the whole path or a leading directory.
    CHECK(path_pattern_match("test/fixtures", "test/fixtures/a/b.yaml"));
    CHECK(path_pattern_match("./test/fixtures/", "test/fixtures/b.yaml"));
    CHECK_FALSE(path_pattern_match("test/fixtures", "src/test/fixtures/b.yaml"));
    CHECK(path_pattern_match("**/fixtures", "src/test/fixtures/b.yaml"));
    CHECK(path_pattern_match("legacy/*.yaml", "legacy/a.yaml"));
    CHECK_FALSE(path_pattern_match("legacy/*.yaml", "legacy/sub/a.yaml"));
    CHECK(path_pattern_match("/only-root.yaml", "only-root.yaml"));
    CHECK_FALSE(path_pattern_match("/only-root.yaml", "sub/only-root.yaml"));
  }

  TEST_CASE("exclude and per-file-ignores are relative to the config's directory") {
    FileConfig c;
    REQUIRE_FALSE(parse("exclude: [build, 'infra/legacy/**']\n"
                        "per-file-ignores:\n"
                        "  'infra/*.yaml': [IAM003]\n"
                        "  '*.json': [IAM017, IAM004]\n",
                        c)
                      .has_value());
    CHECK(c.excluded("/proj/build/x.yaml"));
    CHECK(c.excluded("/proj/infra/legacy/a/b.yaml"));
    CHECK_FALSE(c.excluded("/proj/infra/app.yaml"));
    CHECK(c.excluded("/elsewhere/build/x.yaml"));  // outside: the absolute path, component match
    CHECK(c.ignores_for("/proj/infra/app.yaml") == std::vector<std::string>{"IAM003"});
    CHECK(c.ignores_for("/proj/infra/p.json") == std::vector<std::string>{"IAM017", "IAM004"});
    CHECK(c.ignores_for("/proj/other/app.yaml").empty());
    CHECK(c.match_path("/proj/infra/app.yaml") == "infra/app.yaml");
    CHECK(c.match_path("/other/app.yaml") == "/other/app.yaml");
  }
}

TEST_SUITE("config discovery") {
  TEST_CASE("the nearest .iamlint.yaml at or above the directory, cached per directory") {
    TempDir t;
    t.write(".iamlint.yaml", "fail-on: error\n");
    t.write("svc/.iamlint.yaml", "fail-on: note\n");
    fs::create_directories(t.path / "a/b/c");
    fs::create_directories(t.path / "svc/x");
    ConfigFinder f;
    std::optional<ConfigError> err;
    const FileConfig* top = f.for_directory(t.path / "a/b/c", err);
    REQUIRE(top);
    CHECK_FALSE(err);
    CHECK(top->fail_on == 2);
    CHECK(top->dir == t.path);
    size_t probes = f.probes();
    CHECK(probes == 4);  // a/b/c, a/b, a, root
    // Every directory on the way is cached now.
    CHECK(f.for_directory(t.path / "a/b", err) == top);
    CHECK(f.for_directory(t.path / "a", err) == top);
    CHECK(f.for_directory(t.path / "a/b/c", err) == top);
    CHECK(f.probes() == probes);
    // Nested configs win (and are not merged with the parent's).
    const FileConfig* svc = f.for_directory(t.path / "svc/x", err);
    REQUIRE(svc);
    CHECK(svc->fail_on == 0);
    CHECK(svc->dir == t.path / "svc");
    CHECK(f.probes() == probes + 2);
    CHECK(f.for_directory(t.path / "svc", err) == svc);
  }

  TEST_CASE("no config up to the root; --config and --no-config") {
    TempDir t;
    fs::create_directories(t.path / "a");
    ConfigFinder f;
    std::optional<ConfigError> err;
    // Assumes no .iamlint.yaml in the temp directory's ancestors.
    CHECK(f.for_directory(t.path / "a", err) == nullptr);
    CHECK_FALSE(err);
    t.write("elsewhere/ci.yaml", "ignore: [IAM019]\n");
    ConfigFinder g;
    REQUIRE_FALSE(g.use_file((t.path / "elsewhere/ci.yaml").string()).has_value());
    const FileConfig* c = g.for_directory(t.path / "a", err);
    REQUIRE(c);
    CHECK(*c->ignore == std::vector<std::string>{"IAM019"});
    CHECK(c->dir == t.path / "elsewhere");
    t.write(".iamlint.yaml", "fail-on: note\n");
    ConfigFinder h;
    h.disable();
    CHECK(h.for_directory(t.path / "a", err) == nullptr);
    CHECK(h.probes() == 0);
  }

  TEST_CASE("a bad config found on the way up is an error") {
    TempDir t;
    t.write(".iamlint.yaml", "selcet: [IAM001]\n");
    fs::create_directories(t.path / "a");
    ConfigFinder f;
    std::optional<ConfigError> err;
    CHECK(f.for_directory(t.path / "a", err) == nullptr);
    REQUIRE(err);
    CHECK(err->pos == Pos{1, 1});
    CHECK(err->message == "unknown key 'selcet' in .iamlint.yaml");
    ConfigFinder g;
    auto e = g.use_file((t.path / "missing.yaml").string());
    REQUIRE(e);
    CHECK(e->message.find("cannot read") != std::string::npos);
  }
}

TEST_SUITE("baseline") {
  // Keeps the findings `b` does not know.
  std::vector<Finding> unknown(Baseline& b, std::vector<Finding> fs) {
    b.filter(fs);
    return fs;
  }

  TEST_CASE("written sorted by path, rule and fingerprint; read back") {
    std::vector<Finding> fs(3);
    fs[0].rule_id = "IAM018", fs[0].path = "b.yaml", fs[0].fingerprint = "aa-01:1", fs[0].message = "m\"1";
    fs[1].rule_id = "IAM003", fs[1].path = "b.yaml", fs[1].fingerprint = "bb-01:1", fs[1].message = "m2";
    fs[2].rule_id = "IAM000", fs[2].path = "a.yaml", fs[2].fingerprint = "parse-error", fs[2].message = "bad";
    std::string json = baseline_json(fs, "9.9.9");
    CHECK(json.find("\"version\": 2") != std::string::npos);
    CHECK(json.find("\"version\": \"9.9.9\"") != std::string::npos);
    CHECK(json.find("IAM000") == std::string::npos);  // parse errors never enter a baseline
    CHECK(json.find("IAM003") < json.find("IAM018"));
    CHECK(json.find("m\\\"1") != std::string::npos);
    // Same findings in another order: the same file.
    std::vector<Finding> rev = {fs[2], fs[1], fs[0]};
    CHECK(baseline_json(rev, "9.9.9") == json);

    Baseline b;
    std::string err;
    REQUIRE(b.parse(json, err));
    CHECK(b.size() == 2);
    std::vector<Finding> left = unknown(b, fs);
    REQUIRE(left.size() == 1);
    CHECK(left[0].rule_id == "IAM000");
    // Each recorded finding is matched once; another identity or path is new.
    REQUIRE(b.parse(json, err));
    Finding again = fs[0], other_id = fs[0], other_path = fs[0];
    other_id.fingerprint = "ab-01:1";
    other_path.path = "c.yaml";
    CHECK(unknown(b, {fs[0], again, other_id, other_path}).size() == 3);
  }

  TEST_CASE("the whole fingerprint first, then the identity") {
    std::vector<Finding> fs(2);
    fs[0].rule_id = fs[1].rule_id = "IAM004";
    fs[0].path = fs[1].path = "t.yaml";
    fs[0].fingerprint = "aa-01:1";  // same identity, two contexts
    fs[1].fingerprint = "aa-02:1";
    Baseline b;
    std::string err;
    REQUIRE(b.parse(baseline_json(std::vector<Finding>{fs[1]}, "x"), err));
    // A new finding with the same identity comes first in the file: the recorded one (context 02)
    // is known, the new one (context 01) is reported.
    std::vector<Finding> left = unknown(b, fs);
    REQUIRE(left.size() == 1);
    CHECK(left[0].fingerprint == "aa-01:1");
    // The recorded finding's context changed (a line next to it edited): known by its identity.
    REQUIRE(b.parse(baseline_json(std::vector<Finding>{fs[1]}, "x"), err));
    CHECK(unknown(b, {fs[0]}).empty());
  }

  TEST_CASE("version 1 baselines are still read") {
    LintOptions opt;
    FileResult a = lint_text("t.yaml", kAccessKey, opt, true);
    REQUIRE(a.findings.size() == 1);
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(a.findings[0].legacy_hash));
    std::string v1 = std::string(R"({"version": 1, "findings": [{"rule": "IAM018", "path": "t.yaml", "fingerprint": ")") +
                     hex + R"(:1", "message": "m"}]})";
    Baseline b;
    std::string err;
    REQUIRE(b.parse(v1, err));
    CHECK(unknown(b, a.findings).empty());
    REQUIRE(b.parse(v1, err));
    Finding moved = a.findings[0];
    moved.path = "u.yaml";
    CHECK(unknown(b, {moved}).size() == 1);
  }

  TEST_CASE("bad baseline files") {
    Baseline b;
    std::string err;
    CHECK_FALSE(b.parse("[1,", err));
    CHECK(err.find("not JSON") != std::string::npos);
    CHECK_FALSE(b.parse("[]", err));
    CHECK(err.find("not an iamlint baseline") != std::string::npos);
    CHECK_FALSE(b.parse(R"({"version": 3, "findings": []})", err));
    CHECK(err.find("unsupported baseline version 3") != std::string::npos);
    CHECK_FALSE(b.parse(R"({"version": 2, "findings": [{"rule": "IAM003"}]})", err));
    CHECK(err.find("lacks") != std::string::npos);
  }

  TEST_CASE("engine fingerprints survive edits above the finding") {
    LintOptions opt;
    FileResult a = lint_text("t.yaml", kAccessKey, opt, true);
    std::string shifted = std::string(kAccessKey);
    shifted.insert(shifted.find("Resources:"), "Description: moved\n# comment\n\n");
    FileResult b = lint_text("t.yaml", shifted, opt, true);
    REQUIRE(a.findings.size() == 1);
    REQUIRE(b.findings.size() == 1);
    CHECK(a.findings[0].span.begin.line + 3 == b.findings[0].span.begin.line);
    CHECK(a.findings[0].fingerprint == b.findings[0].fingerprint);
    Baseline bl;
    std::string err;
    REQUIRE(bl.parse(baseline_json(a.findings, "x"), err));
    CHECK(unknown(bl, b.findings).empty());
  }
}

TEST_SUITE("unused suppressions") {
  TEST_CASE("inline and Metadata directives that suppress nothing are reported") {
    LintOptions opt;
    opt.warn_unused_ignores = true;
    std::string text = std::string("# iamlint: ignore-file IAM001\n") + kAccessKey;
    text.replace(text.find("  Key:\n"), 7, "  Key:  # iamlint: ignore IAM018, IAM003\n");
    text += "  Other:\n"
            "    Type: AWS::SNS::Topic\n"
            "    Metadata:\n"
            "      iamlint:\n"
            "        ignore: [IAM021]\n";
    FileResult r = lint_text("t.yaml", text, opt, true);
    CHECK(r.findings.empty());  // IAM018 is suppressed
    REQUIRE(r.unused_suppressions.size() == 3);
    CHECK(r.unused_suppressions[0].pos == Pos{1, 24});
    CHECK(r.unused_suppressions[0].message == "unused suppression 'IAM001'");
    CHECK(r.unused_suppressions[1].pos == Pos{4, 35});
    CHECK(r.unused_suppressions[1].message == "unused suppression 'IAM003'");
    CHECK(r.unused_suppressions[2].pos == Pos{12, 18});
    CHECK(r.unused_suppressions[2].message == "unused suppression 'IAM021'");

    // Without the option nothing is reported.
    opt.warn_unused_ignores = false;
    CHECK(lint_text("t.yaml", text, opt, true).unused_suppressions.empty());
    // A directive for a rule that did not run is not known to be unused.
    opt.warn_unused_ignores = true;
    opt.ignore = {"IAM001", "IAM021"};
    FileResult r2 = lint_text("t.yaml", text, opt, true);
    REQUIRE(r2.unused_suppressions.size() == 1);
    CHECK(r2.unused_suppressions[0].message == "unused suppression 'IAM003'");
  }

  TEST_CASE("a directive used by Metadata and a comment at once counts as used twice") {
    LintOptions opt;
    opt.warn_unused_ignores = true;
    std::string text = kAccessKey;
    text.replace(text.find("  Key:\n"), 7, "  Key:  # iamlint: ignore\n");
    text.replace(text.find("    Properties:"), 0, "    Metadata: {iamlint: {ignore: [all]}}\n");
    FileResult r = lint_text("t.yaml", text, opt, true);
    CHECK(r.findings.empty());
    CHECK(r.unused_suppressions.empty());
    text += "  # iamlint: ignore\n";
    FileResult r2 = lint_text("t.yaml", text, opt, true);
    REQUIRE(r2.unused_suppressions.size() == 1);
    CHECK(r2.unused_suppressions[0].message == "unused suppression 'all'");
    CHECK(r2.unused_suppressions[0].pos == Pos{8, 3});
  }
}
