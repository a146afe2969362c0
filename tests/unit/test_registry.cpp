// Meta-test over the rule registry: every rule has a unique ID, metadata within GitHub's limits, a
// documentation page with the required sections (embedded for --explain), a bad fixture and a
// good fixture.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "lint/rule.h"

namespace iamlint {
std::string_view rule_doc(std::string_view id);
}

namespace fs = std::filesystem;
using namespace iamlint;

TEST_CASE("registry: every rule is complete") {
  std::set<std::string> ids;
  std::string prev;
  for (const Rule& r : all_rules()) {
    std::string id(r.info.id);
    CAPTURE(id);
    CHECK(ids.insert(id).second);
    CHECK(id > prev);  // ID order
    prev = id;
    CHECK(id.size() == 6);
    CHECK(id.rfind("IAM", 0) == 0);
    CHECK(!r.info.name.empty());
    CHECK(!r.info.short_description.empty());
    CHECK(r.info.short_description.size() <= 1024);
    CHECK(!r.info.full_description.empty());
    CHECK(r.info.full_description.size() <= 1024);
    CHECK(!r.info.help.empty());
    CHECK(!r.info.tags.empty());
    // IAM000 (the parser) and IAM030 (access assertions over a whole run) are not per-model rules.
    CHECK((r.fn != nullptr) == (id != "IAM000" && id != "IAM030"));
    CHECK(find_rule(id) == &r);
    // security-severity (RULES.md, last section): only the security rules carry one, in the range
    // of their level (error 8.0-9.8, warning 5.0-6.9, note 2.0-3.9); correctness rules none.
    static const std::set<std::string> kCorrectnessRules = {"IAM000", "IAM005", "IAM006", "IAM007", "IAM008",
                                                            "IAM009", "IAM016", "IAM017", "IAM020", "IAM024",
                                                            "IAM026"};
    bool correctness = kCorrectnessRules.count(id) > 0;
    CHECK(correctness == std::any_of(r.info.tags.begin(), r.info.tags.end(),
                                     [](std::string_view t) { return t == "correctness"; }));
    if (correctness) {
      CHECK(r.info.security_severity.empty());
      CHECK(std::find(r.info.tags.begin(), r.info.tags.end(), "security") == r.info.tags.end());
    } else {
      CHECK(r.info.tags.front() == "security");
      double sev = std::atof(std::string(r.info.security_severity).c_str());
      if (r.info.level == Level::Error) CHECK((sev >= 8.0 && sev <= 9.8));
      if (r.info.level == Level::Warning) CHECK((sev >= 5.0 && sev <= 6.9));
      if (r.info.level == Level::Note) CHECK((sev >= 2.0 && sev <= 3.9));
    }

    // Documentation page, as written and as embedded for --explain.
    fs::path doc = fs::path(IAMLINT_SOURCE_DIR) / "docs" / "rules" / (id + ".md");
    REQUIRE(fs::exists(doc));
    std::ifstream in(doc);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    CHECK(text.rfind("# " + id + ": " + std::string(r.info.name) + "\n", 0) == 0);
    CHECK(text.find("**Level:** " + std::string(level_name(r.info.level))) != std::string::npos);
    for (const char* h : {"## What it finds", "## Why it matters", "## Example", "## How to fix", "## When to suppress"})
      CHECK_MESSAGE(text.find(h) != std::string::npos, h);
    // Embedded without tests/cli/test_docs.py's markers (tools/embed_docs.cmake).
    std::string embedded = text;
    for (const char* marker : {"<!-- docs-test: skip -->\n", "<!-- docs-test: invalid -->\n"})
      for (size_t at; (at = embedded.find(marker)) != std::string::npos;) embedded.erase(at, std::strlen(marker));
    CHECK(rule_doc(id) == embedded);

    // A bad fixture that must produce it and a good one that must stay quiet.
    fs::path dir = fs::path(IAMLINT_SOURCE_DIR) / "testdata" / "rules" / id;
    bool bad = false, good = false;
    if (fs::exists(dir))
      for (const auto& e : fs::directory_iterator(dir)) {
        std::string n = e.path().filename().string();
        if (n.rfind("bad-", 0) == 0 && n.find(".expect") == std::string::npos) bad = true;
        if (n.rfind("good-", 0) == 0) good = true;
      }
    CHECK_MESSAGE(bad, "no bad fixture in testdata/rules/" << id);
    CHECK_MESSAGE(good, "no good fixture in testdata/rules/" << id);
  }
  CHECK(ids.size() == 28);
}
