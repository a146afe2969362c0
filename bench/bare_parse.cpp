// The baseline iamlint is measured against: a bare parse of the same file, whole process.
// YAML: yaml-cpp's event parser with a handler that only counts nodes. JSON: RapidJSON's SAX
// reader (iterative, validating UTF-8) with a counting handler.
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "rapidjson/reader.h"

namespace {

struct CountingYaml : YAML::EventHandler {
  size_t n = 0;
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override { ++n; }
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override { ++n; }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override { ++n; }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override { ++n; }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override { ++n; }
  void OnMapEnd() override {}
};

struct CountingJson : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, CountingJson> {
  size_t n = 0;
  bool Default() { return ++n, true; }
  bool String(const char*, rapidjson::SizeType, bool) { return ++n, true; }
  bool Key(const char*, rapidjson::SizeType, bool) { return true; }
  bool RawNumber(const char*, rapidjson::SizeType, bool) { return ++n, true; }
  bool StartObject() { return ++n, true; }
  bool StartArray() { return ++n, true; }
  bool EndObject(rapidjson::SizeType) { return true; }
  bool EndArray(rapidjson::SizeType) { return true; }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: bare_parse FILE.{yaml,json}\n");
    return 2;
  }
  std::string path = argv[1];
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  size_t nodes = 0;
  if (path.size() > 5 && path.substr(path.size() - 5) == ".json") {
    rapidjson::Reader reader;
    rapidjson::StringStream s(text.c_str());
    CountingJson h;
    auto r = reader.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag |
                          rapidjson::kParseNumbersAsStringsFlag>(s, h);
    if (r.IsError()) return 1;
    nodes = h.n;
  } else {
    std::istringstream is(text);
    YAML::Parser p(is);
    CountingYaml h;
    while (p.HandleNextDocument(h)) {
    }
    nodes = h.n;
  }
  std::printf("%zu nodes\n", nodes);
  return 0;
}
