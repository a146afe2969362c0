// `.iamlint.yaml`: project settings, found by walking up from each linted file's directory (the
// nearest file wins; files are not merged), or given with --config. See docs/configuration.md.
#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parsers/node.h"

namespace iamlint {

enum class PolicyKind : uint8_t;  // lint/model.h

inline constexpr std::string_view kConfigFileName = ".iamlint.yaml";

// A problem in a config file. `pos` is 1-based, {0,0} when the whole file is meant.
struct ConfigError {
  std::string path;
  Pos pos;
  std::string message;
  // "path:line:col: error: message" (or "path: error: message" without a position).
  std::string format() const;
};

// fail-on levels as the CLI uses them: 2 error, 1 warning, 0 note, -1 never.
inline constexpr int kFailOnNever = -1;

// One `access:` assertion (IAM030, RULES.md Clarification 24).
struct AccessAssertion {
  Pos pos;                 // the list item
  std::string principal;   // "" when only `resource` + `public` are given
  std::vector<std::string> allow, deny;
  std::string resource;    // "" = * (any resource)
  std::optional<bool> is_public;  // public: false
  std::vector<std::pair<std::string, std::vector<std::string>>> context;
};

struct FileConfig {
  std::string path;           // the config file as given or found
  std::filesystem::path dir;  // its directory, absolute and lexically normal: globs are relative to it

  std::optional<std::vector<std::string>> select;  // rule IDs or prefixes, upper case
  std::optional<std::vector<std::string>> ignore;
  std::optional<int> fail_on;
  std::vector<std::string> exclude;  // globs
  std::vector<std::pair<std::string, std::vector<std::string>>> per_file_ignores;  // glob -> IDs
  std::vector<std::string> extra_actions;                                         // "svc:Action"
  std::optional<uint64_t> max_file_size;                                          // bytes
  std::vector<std::string> trusted_accounts;  // rules: IAM011: trusted-accounts
  std::string account;                        // account: the templates' own account ("" = unknown)
  // policy-kinds: glob -> the kind of the raw policy files it matches (scp, boundary, ...), in
  // file order; the first matching pattern wins (RULES.md Clarification 17).
  std::vector<std::pair<std::string, PolicyKind>> policy_kinds;
  std::vector<AccessAssertion> access;        // access: assertions (IAM030)

  // `file` is absolute and lexically normal.
  bool excluded(const std::filesystem::path& file) const;
  // The rule IDs per-file-ignores adds for `file` (empty when no pattern matches).
  std::vector<std::string> ignores_for(const std::filesystem::path& file) const;
  // The policy kind policy-kinds gives `file`, if a pattern matches.
  std::optional<PolicyKind> policy_kind_for(const std::filesystem::path& file) const;
  // The path patterns are matched against: relative to `dir` when the file lies beneath it,
  // otherwise the absolute path.
  std::string match_path(const std::filesystem::path& file) const;
};

// Parses a config file's text. `path` is used in messages and gives `dir` (made absolute against
// the current directory). On error returns it and leaves `out` partly filled.
std::optional<ConfigError> parse_config(std::string_view text, const std::string& path, FileConfig& out);
// Reads and parses `path`.
std::optional<ConfigError> load_config(const std::string& path, FileConfig& out);

// Whether `id` names at least one rule: an ID, an ID prefix ("IAM" + 1 to 3 digits) or a rule name
// (lint/rule_ref.h). Case-insensitive.
bool valid_rule_selector(std::string_view id);

// Glob matching on '/'-separated paths: `*` and `?` do not cross '/', `**` does (`**/` matches zero
// or more directories), `[abc]`, `[a-z]`, `[!x]` classes, `\` escapes the next character.
bool glob_match(std::string_view pattern, std::string_view path);
// How exclude and per-file-ignores patterns apply to a relative path: a pattern without '/' is
// matched against every component (the file name or any directory above it: `cdk.out`,
// `*.test.yaml`); a pattern with '/' against the whole path and every leading directory prefix
// (`test/fixtures` excludes everything below it). A leading "./" or "/" and a trailing "/" are
// ignored.
bool path_pattern_match(std::string_view pattern, std::string_view rel_path);

// Finds the config for each directory (nearest .iamlint.yaml at or above it, up to the filesystem
// root), loading each file once and caching the answer per directory. Not thread-safe: resolve
// before linting in parallel.
class ConfigFinder {
 public:
  // --config FILE: only this file is used, for every input.
  std::optional<ConfigError> use_file(const std::string& path);
  // --no-config: no file is used.
  void disable() { disabled_ = true; }

  // `dir` must be absolute and lexically normal. Returns nullptr when no config applies; on a
  // bad config file sets `err` (and returns nullptr).
  const FileConfig* for_directory(const std::filesystem::path& dir, std::optional<ConfigError>& err);

  // How many directories were probed for a config file (tests check the cache with it).
  size_t probes() const { return probes_; }

 private:
  bool disabled_ = false;
  std::unique_ptr<FileConfig> explicit_;
  std::map<std::string, const FileConfig*> by_dir_;
  std::map<std::string, std::unique_ptr<FileConfig>> loaded_;
  std::string last_dir_;
  const FileConfig* last_ = nullptr;
  bool have_last_ = false;
  size_t probes_ = 0;
};

}  // namespace iamlint
