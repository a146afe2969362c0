// Inputs the fuzzers (tools/fuzz.sh) once crashed on, kept under testdata/fuzz/ so they stay fixed:
// every file is linted with each option combination the fuzz_resolver target uses (the file is the
// template, without the target's leading options byte), and each arn-* file ("Resource\nformat")
// must get the same answer from arn_may_match as from the reference matcher (fuzz_arn).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "lint/engine.h"
#include "lint/iam/catalog.h"
#include "tests/fuzz/fuzz_options.h"
#include "tests/unit/test_util.h"

namespace fs = std::filesystem;
using namespace iamlint;

using test_util::slurp;

TEST_CASE("fuzz regressions: every saved input lints without crashing") {
  fs::path dir = fs::path(IAMLINT_SOURCE_DIR) / "testdata" / "fuzz";
  if (!fs::is_directory(dir)) return;
  size_t files = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file() || e.path().filename() == "README.md") continue;
    ++files;
    const std::string name = e.path().filename().string();
    const std::string text = slurp(e.path());
    CAPTURE(name);
    // Flags 0-7, and with bit 3 each raw policy kind (fuzz_options.h: bits 4-6 pick it).
    for (int flags : {0, 1, 2, 3, 4, 5, 6, 7, 8, 24, 40, 56, 72, 88, 104, 120}) {
      const LintOptions opt = fuzz_support::lint_options(static_cast<uint8_t>(flags));
      FileResult r = lint_text("fuzz.yaml", text, opt, true);
      for (const Finding& f : r.findings) {
        CHECK(find_rule(f.rule_id) != nullptr);
        CHECK(!(f.span.end < f.span.begin));
      }
    }
    if (name.rfind("arn-", 0) == 0) {
      size_t nl = text.find('\n');
      std::string_view resource = std::string_view(text).substr(0, nl);
      std::string_view format = nl == std::string::npos ? std::string_view() : std::string_view(text).substr(nl + 1);
      CHECK(arn_may_match(resource, format) == detail::arn_may_match_reference(resource, format));
    }
  }
  MESSAGE(files << " saved fuzz inputs");
}
