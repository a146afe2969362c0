#include "lint/access/managed_docs.h"

#include <algorithm>
#include <iterator>

namespace iamlint::access {
namespace {
struct ManagedDoc {
  const char* name;
  const char* json;
};
#include "lint/access/managed_policies.inc"
}  // namespace

std::string_view managed_policy_document(std::string_view name) {
  auto it = std::lower_bound(std::begin(kManagedDocs), std::end(kManagedDocs), name,
                             [](const ManagedDoc& d, std::string_view n) { return std::string_view(d.name) < n; });
  if (it == std::end(kManagedDocs) || std::string_view(it->name) != name) return {};
  return it->json;
}

std::string_view managed_docs_version() { return IAMLINT_MANAGED_DOCS_VERSION; }

}  // namespace iamlint::access
