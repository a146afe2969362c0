// IAM030 access-assertion: the `access:` assertions of a `.iamlint.yaml`, checked over the files of
// one lint run (RULES.md Clarification 24). Run by the CLI after linting, only for configs that
// have `access:` (so linting without assertions costs nothing more).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "lint/config.h"
#include "lint/finding.h"

namespace iamlint::access {

struct AssertionFile {
  std::string path;       // as displayed
  std::string_view text;  // the file's text (already read by the lint run)
};

// One IAM030 finding per assertion that does not hold, at the assertion's position in
// `config_path`, with the deciding statements as related locations. Assertions whose principal or
// resource is in none of `files` are skipped with a notice (shown under --verbose).
std::vector<Finding> check_assertions(const FileConfig& cfg, const std::string& config_path,
                                      const std::vector<AssertionFile>& files, std::vector<Notice>* notices);

}  // namespace iamlint::access
