// Reading the files of an access query (or of a lint run's assertions) into Models.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "lint/model.h"
#include "parsers/node.h"

namespace iamlint::access {

struct LoadedFile {
  std::string path;
  std::string text;
  ParseResult parsed;
  std::vector<std::unique_ptr<Model>> models;  // one per YAML document that is ours
};

struct LoadedFiles {
  std::vector<std::unique_ptr<LoadedFile>> files;
  std::vector<const Model*> models() const;
};

// Loads PATHs (files, or directories walked for *.yaml *.yml *.json *.template, skipping .git,
// node_modules and .iamlint.yaml). Files that are not ours are skipped. A file that is ours but
// does not parse, or cannot be read, adds "path:line:col: error: message" to *errors.
void load_paths(const std::vector<std::string>& paths, LoadedFiles& out, std::vector<std::string>* errors);
// Loads one file's text (already read).
void load_text(const std::string& path, std::string text, LoadedFiles& out, std::vector<std::string>* errors);

}  // namespace iamlint::access
