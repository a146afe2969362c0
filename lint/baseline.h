// Baselines: a JSON file of known findings (rule, path, fingerprint) that --baseline drops, so CI
// fails only on new findings. Fingerprints come from the engine and survive edits above a finding.
#pragma once
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <tuple>

#include "lint/finding.h"

namespace iamlint {

// The baseline file for `findings`: {"version": 1, "tool": {"name", "version"}, "findings":
// [{"rule", "path", "fingerprint", "message"}]}, sorted by (path, rule, fingerprint) so that it
// does not change when lines move. IAM000 (parse errors) is never part of a baseline.
std::string baseline_json(std::span<const Finding> findings, std::string_view tool_version);

class Baseline {
 public:
  // Parses a baseline file's text; on error returns false and sets `err`.
  bool parse(std::string_view json, std::string& err);
  // Reads and parses a file.
  bool load(const std::string& path, std::string& err);
  // Whether the finding is known. IAM000 never is.
  bool contains(const Finding& f) const;
  size_t size() const { return keys_.size(); }

 private:
  std::set<std::tuple<std::string, std::string, std::string>> keys_;  // rule, path, fingerprint
};

}  // namespace iamlint
