// Helpers the unit tests share.
#pragma once
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace test_util {

// The whole file as bytes ("" when it cannot be read).
inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace test_util
