#include "lint/access/managed_docs.h"

#include <algorithm>
#include <cstdint>
#include <iterator>

namespace iamlint::access {
namespace {
struct ManagedDoc {
  uint32_t name_off, name_len, json_off, json_len;  // into kManagedBlob
};
// One 2.9 MB literal: the blob is read in place, through the offset table.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverlength-strings"
#include "lint/access/managed_policies.inc"
#pragma GCC diagnostic pop
}  // namespace

std::string_view managed_policy_document(std::string_view name) {
  auto name_of = [](const ManagedDoc& d) { return std::string_view(kManagedBlob + d.name_off, d.name_len); };
  auto it = std::lower_bound(std::begin(kManagedDocs), std::end(kManagedDocs), name,
                             [&](const ManagedDoc& d, std::string_view n) { return name_of(d) < n; });
  if (it == std::end(kManagedDocs) || name_of(*it) != name) return {};
  return std::string_view(kManagedBlob + it->json_off, it->json_len);
}

std::string_view managed_docs_version() { return IAMLINT_MANAGED_DOCS_VERSION; }

}  // namespace iamlint::access
