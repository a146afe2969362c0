// Baselines: a JSON file of known findings (rule, path, fingerprint) that --baseline drops, so CI
// fails only on new findings. Fingerprints come from the engine and survive edits above a finding.
#pragma once
#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "lint/finding.h"

namespace iamlint {

// The baseline file for `findings`: {"version": 2, "tool": {"name", "version"}, "findings":
// [{"rule", "path", "fingerprint", "message"}]}, sorted by (path, rule, fingerprint) so that it
// does not change when lines move. Paths are relative to `base_dir` (the baseline file's
// directory; empty: as given), with '/', so a run from a subdirectory or with absolute paths
// matches. IAM000 (parse errors) is never part of a baseline.
std::string baseline_json(std::span<const Finding> findings, std::string_view tool_version,
                          const std::filesystem::path& base_dir = {});

class Baseline {
 public:
  // Parses a baseline file's text; on error returns false and sets `err`. `base_dir`: the
  // directory the file's paths are relative to (empty: compared as given).
  bool parse(std::string_view json, std::string& err, const std::filesystem::path& base_dir = {});
  // Reads and parses a file; its paths are relative to its directory.
  bool load(const std::string& path, std::string& err);
  // Removes the known findings of `fs` (all of one file's findings in one call: each recorded
  // finding matches one finding, first by its whole fingerprint, then by its identity alone, so
  // an edited line nearby keeps an old finding known and a second identical finding is new).
  // Returns how many it removed. IAM000 is never known.
  size_t filter(std::vector<Finding>& fs);
  size_t size() const { return size_; }

 private:
  std::string key_path(const std::string& path);

  struct Entry {
    std::string context;  // the fingerprint after the identity ("-<context>:<n>")
    bool used = false;
  };
  std::filesystem::path dir_;
  std::map<std::string, std::string> paths_;  // finding path -> path relative to dir_
  std::map<std::tuple<std::string, std::string, std::string>, std::vector<Entry>> entries_;  // rule, path, identity
  // Version 1 files: (rule, path as written, hash) -> how many.
  std::map<std::tuple<std::string, std::string, std::string>, size_t> legacy_;
  size_t size_ = 0;
};

// Splits a fingerprint "<identity>-<context>:<n>" after the identity.
std::pair<std::string_view, std::string_view> split_fingerprint(std::string_view fp);

}  // namespace iamlint
