// libFuzzer target for the ARN matcher (lint/iam/arn_match.cpp). Two properties:
//
//  1. Same answer as the reference. The input is split at its first '\n' into a policy Resource
//     and an ARN format; arn_may_match (compiled formats, bit-parallel rows, caches) must agree
//     with detail::arn_may_match_reference (the plain dynamic programme), in both argument orders
//     and when asked twice (the caches must not change answers).
//  2. No false "cannot match". The input also picks one of the IAM data's ARN formats and the text
//     to fill its placeholders with (values each placeholder accepts: a partition, a region, a
//     12-digit account, [a-z0-9] names); that literal ARN names a resource of the format, so it
//     must match it. A false answer here is exactly an IAM005 false positive.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "lint/iam/catalog.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using iamlint::arn_may_match;
using iamlint::IamCatalog;
namespace detail = iamlint::detail;

// Number of resource types in the IAM data (the catalog answers "" past the end).
uint32_t resource_type_count() {
  static const uint32_t n = [] {
    const IamCatalog& cat = IamCatalog::instance();
    uint32_t lo = 0, hi = 1u << 20;  // first id whose format is empty
    while (lo < hi) {
      uint32_t mid = lo + (hi - lo) / 2;
      if (cat.resource_type_arn(mid).empty())
        hi = mid;
      else
        lo = mid + 1;
    }
    return lo;
  }();
  return n;
}

// Draws bytes from the fuzz input; zeros once it runs out.
struct Bytes {
  std::string_view s;
  size_t i = 0;
  uint8_t next() { return i < s.size() ? static_cast<uint8_t>(s[i++]) : 0; }
};

// 1 to 8 characters of [a-z0-9], or of [a-z0-9-] when `dash`.
std::string name(Bytes& b, bool dash) {
  static constexpr std::string_view kAlnum = "abcdefghijklmnopqrstuvwxyz0123456789";
  static constexpr std::string_view kDash = "abcdefghijklmnopqrstuvwxyz0123456789-";
  std::string_view set = dash ? kDash : kAlnum;
  size_t n = 1 + b.next() % 8;
  std::string out;
  for (size_t k = 0; k < n; ++k) out += set[b.next() % set.size()];
  return out;
}

// A literal ARN of one alternative of `format` with every placeholder filled by a value it takes.
std::string fill(std::string_view format, Bytes& b) {
  std::string out;
  int field = 0;  // as compile_format counts: ':' separated, the resource part is field 5
  for (size_t i = 0; i < format.size();) {
    if (format.compare(i, 2, "${") == 0) {
      size_t close = format.find('}', i + 2);
      if (close == std::string_view::npos) {  // not in the data; copy as text
        out.append(format.substr(i));
        break;
      }
      switch (field) {
        case 1: out += (b.next() & 1) ? "aws" : name(b, true); break;    // partition
        case 3: out += (b.next() & 1) ? "us-east-1" : name(b, true); break;  // region
        case 4: out += (b.next() & 1) ? "123456789012" : "aws"; break;  // account
        default: out += name(b, false); break;  // service placeholder or resource-part name
      }
      i = close + 1;
      continue;
    }
    char c = format[i++];
    if (c == '*') {  // a literal '*' in a format stands for any text
      if (b.next() & 1) out += name(b, false);
      continue;
    }
    out += c;
    if (c == ':' && field < 5) ++field;
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);

  // 1. Fast path == reference, on arbitrary text.
  size_t nl = in.find('\n');
  std::string_view resource = in.substr(0, nl);
  std::string_view format = nl == std::string_view::npos ? std::string_view() : in.substr(nl + 1);
  const bool want = detail::arn_may_match_reference(resource, format);
  FUZZ_CHECK(arn_may_match(resource, format) == want);
  FUZZ_CHECK(arn_may_match(resource, format) == want);  // again: served from the caches
  FUZZ_CHECK(arn_may_match(format, resource) == detail::arn_may_match_reference(format, resource));

  // 2. A literal ARN generated from a real format matches it.
  const IamCatalog& cat = IamCatalog::instance();
  const uint32_t types = resource_type_count();
  if (types == 0 || size < 2) return 0;
  Bytes b{in};
  uint32_t pick = (static_cast<uint32_t>(b.next()) << 8 | b.next()) % types;
  std::string_view full = cat.resource_type_arn(pick);
  // Formats with alternatives ("arn:..., arn:..."): fill one of them.
  size_t alt_count = 1;
  for (size_t p = 0; (p = full.find(", arn:", p)) != std::string_view::npos; ++p) ++alt_count;
  size_t alt = b.next() % alt_count, start = 0;
  for (size_t k = 0; k < alt; ++k) start = full.find(", arn:", start) + 2;
  size_t end = full.find(", arn:", start);
  std::string_view one = full.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
  if (one.substr(0, 4) != "arn:") return 0;  // not an ARN format (none in the data today)
  std::string arn = fill(one, b);
  FUZZ_CHECK(arn_may_match(arn, full));
  FUZZ_CHECK(detail::arn_may_match_reference(arn, full));
  return 0;
}
