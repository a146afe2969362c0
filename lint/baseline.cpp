#include "lint/baseline.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

namespace iamlint {

namespace fs = std::filesystem;

namespace {

// `path` (as reported: relative to the current directory, or absolute) relative to `dir`, with
// '/'; symlinks resolved as far as they exist, so /repo/link/x and /repo/real/x are one file.
std::string relative_to(const std::string& path, const fs::path& dir) {
  if (dir.empty()) return path;
  std::error_code ec;
  fs::path abs = fs::absolute(fs::path(path), ec).lexically_normal();
  fs::path real = fs::weakly_canonical(abs, ec);
  if (ec) real = abs;
  fs::path rel = real.lexically_relative(dir);
  if (rel.empty()) return path;
  return rel.generic_string();
}

fs::path real_dir(const fs::path& d) {
  std::error_code ec;
  fs::path abs = fs::absolute(d.empty() ? fs::path(".") : d, ec).lexically_normal();
  fs::path real = fs::weakly_canonical(abs, ec);
  return ec ? abs : real.lexically_normal();
}

}  // namespace

std::pair<std::string_view, std::string_view> split_fingerprint(std::string_view fp) {
  size_t dash = fp.find('-');
  if (dash == std::string_view::npos) return {fp, {}};
  return {fp.substr(0, dash), fp.substr(dash)};
}

std::string baseline_json(std::span<const Finding> findings, std::string_view tool_version, const fs::path& base_dir) {
  fs::path dir = base_dir.empty() ? fs::path() : real_dir(base_dir);
  struct Row {
    const Finding* f;
    std::string path;
  };
  std::map<std::string, std::string> paths;
  std::vector<Row> fs;
  for (const Finding& f : findings)
    if (f.rule_id != "IAM000") {
      auto [it, fresh] = paths.try_emplace(f.path);
      if (fresh) it->second = relative_to(f.path, dir);
      fs.push_back({&f, it->second});
    }
  std::sort(fs.begin(), fs.end(), [](const Row& a, const Row& b) {
    return std::tie(a.path, a.f->rule_id, a.f->fingerprint, a.f->message) <
           std::tie(b.path, b.f->rule_id, b.f->fingerprint, b.f->message);
  });
  fs.erase(std::unique(fs.begin(), fs.end(),
                       [](const Row& a, const Row& b) {
                         return std::tie(a.path, a.f->rule_id, a.f->fingerprint) ==
                                std::tie(b.path, b.f->rule_id, b.f->fingerprint);
                       }),
           fs.end());
  rapidjson::StringBuffer buf;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buf);
  w.SetIndent(' ', 2);
  auto str = [&](std::string_view s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); };
  w.StartObject();
  w.Key("version");
  w.Uint(2);
  w.Key("tool");
  w.StartObject();
  w.Key("name");
  str("iamlint");
  w.Key("version");
  str(tool_version);
  w.EndObject();
  w.Key("findings");
  w.StartArray();
  for (const Row& r : fs) {
    w.StartObject();
    w.Key("rule");
    str(r.f->rule_id);
    w.Key("path");
    str(r.path);
    w.Key("fingerprint");
    str(r.f->fingerprint);
    w.Key("message");
    str(r.f->message);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  std::string out(buf.GetString(), buf.GetSize());
  out += '\n';
  return out;
}

bool Baseline::parse(std::string_view json, std::string& err, const fs::path& base_dir) {
  rapidjson::Document d;
  d.Parse(json.data(), json.size());
  if (d.HasParseError()) {
    err = std::string("not JSON: ") + rapidjson::GetParseError_En(d.GetParseError()) + " at offset " +
          std::to_string(d.GetErrorOffset());
    return false;
  }
  if (!d.IsObject() || !d.HasMember("version") || !d["version"].IsUint() || !d.HasMember("findings") ||
      !d["findings"].IsArray()) {
    err = "not an iamlint baseline (expected an object with \"version\" and \"findings\")";
    return false;
  }
  unsigned version = d["version"].GetUint();
  if (version != 1 && version != 2) {
    err = "unsupported baseline version " + std::to_string(version) + " (this iamlint reads versions 1 and 2)";
    return false;
  }
  dir_ = base_dir.empty() ? fs::path() : real_dir(base_dir);
  entries_.clear();
  legacy_.clear();
  paths_.clear();
  size_ = 0;
  size_t i = 0;
  for (const auto& e : d["findings"].GetArray()) {
    auto field = [&](const char* name) -> const rapidjson::Value* {
      if (!e.IsObject()) return nullptr;
      auto it = e.FindMember(name);
      return it != e.MemberEnd() && it->value.IsString() ? &it->value : nullptr;
    };
    const rapidjson::Value *rule = field("rule"), *path = field("path"), *fp = field("fingerprint");
    if (!rule || !path || !fp) {
      err = "finding " + std::to_string(i) + " lacks \"rule\", \"path\" or \"fingerprint\"";
      return false;
    }
    std::string r(rule->GetString(), rule->GetStringLength()), p(path->GetString(), path->GetStringLength());
    std::string_view f(fp->GetString(), fp->GetStringLength());
    if (version == 1) {
      // "<hash of rule, path, resource, text>:<n>", paths as the writing run showed them.
      ++legacy_[{r, p, std::string(f.substr(0, f.find(':')))}];
    } else {
      auto [identity, context] = split_fingerprint(f);
      entries_[{r, p, std::string(identity)}].push_back({std::string(context)});
    }
    ++size_;
    ++i;
  }
  return true;
}

bool Baseline::load(const std::string& path, std::string& err) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    err = std::string("cannot read: ") + std::strerror(errno);
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string text = std::move(ss).str();
  fs::path dir = fs::path(path).parent_path();
  return parse(text, err, dir.empty() ? fs::path(".") : dir);
}

std::string Baseline::key_path(const std::string& path) {
  auto [it, fresh] = paths_.try_emplace(path);
  if (fresh) it->second = relative_to(path, dir_);
  return it->second;
}

size_t Baseline::filter(std::vector<Finding>& fs) {
  std::vector<char> known(fs.size(), 0);
  std::vector<std::vector<Entry>*> group(fs.size(), nullptr);
  for (size_t i = 0; i < fs.size(); ++i) {
    const Finding& f = fs[i];
    if (f.rule_id == "IAM000") continue;
    if (!legacy_.empty()) {
      char hex[17];
      std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(f.legacy_hash));
      if (auto it = legacy_.find({f.rule_id, f.path, hex}); it != legacy_.end() && it->second > 0) {
        --it->second;
        known[i] = 1;
        continue;
      }
    }
    if (entries_.empty()) continue;
    auto [identity, context] = split_fingerprint(f.fingerprint);
    auto it = entries_.find({f.rule_id, key_path(f.path), std::string(identity)});
    if (it == entries_.end()) continue;
    group[i] = &it->second;
    // First pass: the same identity and context.
    for (Entry& e : it->second)
      if (!e.used && e.context == context) {
        e.used = true;
        known[i] = 1;
        break;
      }
  }
  // Second pass: the same identity, another context (a line next to the finding was edited).
  for (size_t i = 0; i < fs.size(); ++i) {
    if (known[i] || !group[i]) continue;
    for (Entry& e : *group[i])
      if (!e.used) {
        e.used = true;
        known[i] = 1;
        break;
      }
  }
  size_t k = 0;
  for (size_t i = 0; i < fs.size(); ++i)
    if (!known[i]) {
      if (k != i) fs[k] = std::move(fs[i]);
      ++k;
    }
  size_t removed = fs.size() - k;
  fs.resize(k);
  return removed;
}

}  // namespace iamlint
