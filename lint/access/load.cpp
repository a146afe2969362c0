#include "lint/access/load.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "parsers/parse.h"

namespace iamlint::access {
namespace fs = std::filesystem;

std::vector<const Model*> LoadedFiles::models() const {
  std::vector<const Model*> out;
  for (const auto& f : files)
    for (const auto& m : f->models) out.push_back(m.get());
  return out;
}

namespace {
bool ends_with(std::string_view s, std::string_view suf) {
  return s.size() >= suf.size() && s.substr(s.size() - suf.size()) == suf;
}
bool lintable(const fs::path& p) {
  std::string e = p.extension().string();
  for (auto& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return e == ".yaml" || e == ".yml" || e == ".json" || e == ".template";
}
}  // namespace

void load_text(const std::string& path, std::string text, LoadedFiles& out, std::vector<std::string>* errors) {
  auto f = std::make_unique<LoadedFile>();
  f->path = path;
  f->text = std::move(text);
  std::string_view t = f->text;
  if (auto bad = check_text(t)) {
    if (errors) errors->push_back(path + ":" + std::to_string(bad->pos.line) + ":" + std::to_string(bad->pos.col) +
                                  ": error: not a UTF-8 text file: " + bad->message);
    return;
  }
  if (t.find_first_not_of(" \t\r\n") == std::string_view::npos) return;
  std::string lower = path;
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  size_t i = t.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  while (i < t.size() && std::isspace(static_cast<unsigned char>(t[i]))) ++i;
  bool json = ends_with(lower, ".json") || (!ends_with(lower, ".yaml") && !ends_with(lower, ".yml") && i < t.size() &&
                                            (t[i] == '{' || t[i] == '['));
  f->parsed = json ? parse_json(t) : parse_yaml(t);
  if (f->parsed.error && json && !text_looks_ours(t)) return;
  if (f->parsed.error && json) {
    // A CloudFormation template that is YAML but not JSON (RULES.md: read as YAML).
    ParseResult y = parse_yaml(t);
    if (!y.error) f->parsed = std::move(y);
  }
  if (f->parsed.error) {
    if (text_looks_ours(t) && errors)
      errors->push_back(path + ":" + std::to_string(f->parsed.error->pos.line) + ":" +
                        std::to_string(f->parsed.error->pos.col) + ": error: " + f->parsed.error->message + " [IAM000]");
    return;
  }
  for (const Node* root : f->parsed.documents) {
    auto m = build_model({f->path, f->text, root, false, std::nullopt});
    if (m->kind == DocKind::NotOurs) continue;
    f->models.push_back(std::move(m));
  }
  if (!f->models.empty()) out.files.push_back(std::move(f));
}

void load_paths(const std::vector<std::string>& paths, LoadedFiles& out, std::vector<std::string>* errors) {
  auto load_file = [&](const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) {
      if (errors) errors->push_back(p + ": error: cannot read the file");
      return;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    load_text(p, ss.str(), out, errors);
  };
  for (const auto& arg : paths) {
    std::error_code ec;
    if (!fs::exists(arg, ec)) {
      if (errors) errors->push_back(arg + ": error: no such file or directory");
      continue;
    }
    if (!fs::is_directory(arg, ec)) {
      load_file(fs::path(arg).lexically_normal().string());
      continue;
    }
    std::vector<std::string> found;
    fs::recursive_directory_iterator it(arg, fs::directory_options::skip_permission_denied, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      std::string name = it->path().filename().string();
      std::error_code ec2;
      if (it->is_directory(ec2)) {
        if (name == ".git" || name == "node_modules") it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file(ec2) || !lintable(it->path()) || name == ".iamlint.yaml") continue;
      found.push_back(it->path().lexically_normal().string());
    }
    std::sort(found.begin(), found.end());
    for (const auto& f : found) load_file(f);
  }
}

}  // namespace iamlint::access
