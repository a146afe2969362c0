// The data-driven fixture test: every fixture under testdata/rules, testdata/seeds and examples is
// linted with all rules; the findings must equal the expectations written in it (inline
// `# expect: IAMnnn` comments or a `.expect` sidecar) exactly — missing and unexpected both fail;
// `IAMnnn:level` also checks the finding's level. A raw policy fixture takes its kind (scp,
// boundary, ...) from the `policy-kinds` of the nearest .iamlint.yaml, as the CLI does; no other
// config setting applies to fixtures.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "lint/config.h"
#include "lint/engine.h"
#include "lint/model.h"
#include "tests/unit/test_util.h"

namespace fs = std::filesystem;
using namespace iamlint;

namespace {

using test_util::slurp;

using Expect = std::multiset<std::pair<std::string, uint32_t>>;
// `IAM017:note`: the finding of that rule on that line has that level (rules whose level varies
// per finding, RULES.md Clarification 23).
using ExpectLevel = std::multiset<std::tuple<std::string, uint32_t, std::string>>;
thread_local ExpectLevel* g_levels = nullptr;

void add_ids(std::string_view rest, uint32_t line, Expect& out) {
  std::string w;
  auto flush = [&] {
    if (w.rfind("IAM", 0) == 0) {
      if (auto colon = w.find(':'); colon != std::string::npos) {
        if (g_levels) g_levels->insert({w.substr(0, colon), line, w.substr(colon + 1)});
        w.resize(colon);
      }
      out.insert({w, line});
    }
    w.clear();
  };
  for (char c : rest) {
    if (c == ' ' || c == ',' || c == '\t' || c == '\r') flush();
    else if (c == '#') break;
    else w += c;
  }
  flush();
}

Expect expectations(const fs::path& p, const std::string& text) {
  Expect e;
  std::string ext = p.extension().string();
  if (ext == ".yaml" || ext == ".yml") {
    std::istringstream in(text);
    std::string line;
    uint32_t n = 0;
    while (std::getline(in, line)) {
      ++n;
      auto pos = line.find("# expect:");
      if (pos != std::string::npos) add_ids(std::string_view(line).substr(pos + 9), n, e);
    }
  }
  fs::path side = p;
  side += ".expect";
  if (fs::exists(side)) {
    std::istringstream in(slurp(side));
    std::string line;
    while (std::getline(in, line)) {
      auto hash = line.find('#');
      if (hash != std::string::npos) line.resize(hash);
      std::istringstream ls(line);
      std::string id;
      uint32_t ln = 0;
      if (ls >> id >> ln) add_ids(id, ln, e);
    }
  }
  return e;
}

std::vector<fs::path> fixtures() {
  std::vector<fs::path> out;
  for (const char* dir : {"testdata/rules", "testdata/seeds", "testdata/cdk", "testdata/sam", "examples"}) {
    fs::path root = fs::path(IAMLINT_SOURCE_DIR) / dir;
    if (!fs::exists(root)) continue;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
      if (!e.is_regular_file()) continue;
      std::string ext = e.path().extension().string();
      if (ext == ".yaml" || ext == ".yml" || ext == ".json" || ext == ".template") out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("fixtures: findings equal the inline expectations") {
  auto files = fixtures();
  REQUIRE(files.size() > 0);
  size_t failed = 0;
  ConfigFinder configs;
  for (const auto& p : files) {
    std::string text = slurp(p);
    ExpectLevel want_levels;
    g_levels = &want_levels;
    Expect want = expectations(p, text);
    g_levels = nullptr;
    LintOptions opt;
    fs::path abs = fs::absolute(p).lexically_normal();
    std::optional<ConfigError> err;
    if (const FileConfig* c = configs.for_directory(abs.parent_path(), err)) opt.policy_kind = c->policy_kind_for(abs);
    REQUIRE_MESSAGE(!err, (err ? err->format() : std::string()));
    FileResult r = lint_text(p.string(), text, opt, true);
    Expect got;
    ExpectLevel got_levels;
    std::map<std::pair<std::string, uint32_t>, std::string> messages;
    for (const auto& f : r.findings) {
      got.insert({f.rule_id, f.span.begin.line});
      got_levels.insert({f.rule_id, f.span.begin.line, std::string(level_name(f.level))});
      messages[{f.rule_id, f.span.begin.line}] = f.message;
    }
    std::string rel = fs::relative(p, IAMLINT_SOURCE_DIR).string();
    for (const auto& w : want_levels)
      if (got_levels.count(w) < want_levels.count(w)) {
        ++failed;
        FAIL_CHECK(rel << "\n  level      " << rel << ":" << std::get<1>(w) << " " << std::get<0>(w) << " is not "
                       << std::get<2>(w) << " (" << messages[{std::get<0>(w), std::get<1>(w)}] << ")");
      }
    if (got == want) continue;
    ++failed;
    std::ostringstream msg;
    for (const auto& w : want)
      if (got.count(w) < want.count(w) && got.find(w) == got.end())
        msg << "\n  missing    " << rel << ":" << w.second << " " << w.first;
    for (const auto& [k, v] : messages) {
      size_t g = got.count(k), w = want.count(k);
      if (g > w) msg << "\n  unexpected " << rel << ":" << k.second << " " << k.first << " (" << g - w << "x) " << v;
    }
    for (const auto& w : want) {
      size_t g = got.count(w), ww = want.count(w);
      if (g && g < ww) msg << "\n  missing    " << rel << ":" << w.second << " " << w.first << " (" << ww - g << "x)";
    }
    FAIL_CHECK(rel << msg.str());
  }
  MESSAGE(files.size() << " fixtures, " << failed << " failed");
}
