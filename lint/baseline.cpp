#include "lint/baseline.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

namespace iamlint {

std::string baseline_json(std::span<const Finding> findings, std::string_view tool_version) {
  std::vector<const Finding*> fs;
  for (const Finding& f : findings)
    if (f.rule_id != "IAM000") fs.push_back(&f);
  std::sort(fs.begin(), fs.end(), [](const Finding* a, const Finding* b) {
    return std::tie(a->path, a->rule_id, a->fingerprint, a->message) <
           std::tie(b->path, b->rule_id, b->fingerprint, b->message);
  });
  fs.erase(std::unique(fs.begin(), fs.end(),
                       [](const Finding* a, const Finding* b) {
                         return std::tie(a->path, a->rule_id, a->fingerprint) ==
                                std::tie(b->path, b->rule_id, b->fingerprint);
                       }),
           fs.end());
  rapidjson::StringBuffer buf;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buf);
  w.SetIndent(' ', 2);
  auto str = [&](std::string_view s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); };
  w.StartObject();
  w.Key("version");
  w.Uint(1);
  w.Key("tool");
  w.StartObject();
  w.Key("name");
  str("iamlint");
  w.Key("version");
  str(tool_version);
  w.EndObject();
  w.Key("findings");
  w.StartArray();
  for (const Finding* f : fs) {
    w.StartObject();
    w.Key("rule");
    str(f->rule_id);
    w.Key("path");
    str(f->path);
    w.Key("fingerprint");
    str(f->fingerprint);
    w.Key("message");
    str(f->message);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  std::string out(buf.GetString(), buf.GetSize());
  out += '\n';
  return out;
}

bool Baseline::parse(std::string_view json, std::string& err) {
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
  if (d["version"].GetUint() != 1) {
    err = "unsupported baseline version " + std::to_string(d["version"].GetUint()) + " (this iamlint reads version 1)";
    return false;
  }
  keys_.clear();
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
    keys_.emplace(std::string(rule->GetString(), rule->GetStringLength()),
                  std::string(path->GetString(), path->GetStringLength()),
                  std::string(fp->GetString(), fp->GetStringLength()));
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
  return parse(text, err);
}

bool Baseline::contains(const Finding& f) const {
  if (f.rule_id == "IAM000") return false;
  return keys_.count({f.rule_id, f.path, f.fingerprint}) != 0;
}

}  // namespace iamlint
