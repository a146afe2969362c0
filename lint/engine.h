// The engine: lint one file's text (parse -> model -> rules -> suppressions), and many files in
// parallel with a stable output order.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "lint/finding.h"
#include "lint/rule.h"
#include "parsers/node.h"

namespace iamlint {

enum class PolicyKind : uint8_t;  // lint/model.h

struct LintOptions {
  std::vector<std::string> select;  // rule IDs or prefixes ("IAM00"); empty = all
  std::vector<std::string> ignore;
  std::vector<std::string> extra_actions;  // actions the IAM data does not know yet (config)
  std::vector<std::string> trusted_accounts;  // IAM011: accounts trusted without ExternalId (config)
  std::string account;  // the templates' own account (config `account:`); "" = unknown
  // A raw policy file's kind (.iamlint.yaml policy-kinds, --policy-kind); templates ignore it.
  std::optional<PolicyKind> policy_kind;
  ParseLimits limits;
  uint64_t max_file_size = 64ull << 20;
  bool verbose = false;
  // Report suppression directives (inline comments, Metadata ignore) that suppress nothing.
  bool warn_unused_ignores = false;
};

struct FileResult {
  std::string path;
  std::vector<Finding> findings;
  std::vector<Notice> notices;
  bool ours = false;         // a template or policy (linted)
  bool parse_error = false;  // IAM000 (exit 2)
  // Warnings about suppression directives, in file order, each at its line:col: unused ones
  // (--warn-unused-ignores: "unused suppression 'IAM003'"), and always an unknown rule, an unknown
  // `# iamlint:` directive or an unknown key in Metadata iamlint. Reported on standard error
  // (annotations in the github format); each counts as a warning for --fail-on.
  std::vector<Notice> unused_suppressions;
};

enum class InputFormat { Auto, Yaml, Json };

// Lints `text` as the file `path`. `named` = the user named the file explicitly (a non-text file
// is then IAM000 rather than skipped quietly).
// `process_exits_after`: the caller exits right after this file (the CLI with one input), so the
// syntax tree and model are left to the OS instead of being freed allocation by allocation
// (compilers do the same: clang's -disable-free). Ignored in leak-checked (sanitizer) builds.
FileResult lint_text(const std::string& path, std::string_view text, const LintOptions& opt, bool named,
                     bool process_exits_after = false);

// Whether a rule is enabled by select/ignore.
bool rule_enabled(std::string_view id, const LintOptions& opt);

// Sorts (path, line, column, rule) and removes duplicates.
void sort_findings(std::vector<Finding>& f);

}  // namespace iamlint
