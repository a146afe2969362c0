// Tables behind lint/cfn/cfn_data.h. The generated .inc files hold one string blob each plus
// integer (offset, length) rows; the views and spans below are built from them at compile time,
// so the data sits in read-only memory and nothing is parsed or allocated at start-up.
#include "lint/cfn/cfn_data.h"

#include <algorithm>
#include <array>
#include <cstddef>

namespace iamlint::cfn {
namespace {
namespace gen {
// The blobs are single string literals longer than the 65,536 characters the standard
// guarantees; GCC and Clang accept them (Clang warns under -Wpedantic).
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverlength-strings"
#endif
#include "lint/cfn/cfn_types.inc"
#include "lint/cfn/sam_policy_templates.inc"
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC diagnostic pop
#endif
}  // namespace gen

constexpr std::string_view slice(const char* blob, uint32_t off, uint32_t len) {
  return std::string_view(blob + off, len);
}

constexpr size_t kAttrCount = std::size(gen::kAttrRows);
constexpr size_t kTypeCount = std::size(gen::kTypeRows);
constexpr size_t kPolicyCount = std::size(gen::kPolicyRows);
constexpr size_t kSamCount = std::size(gen::kSamRows);

constexpr std::array<Attribute, kAttrCount> kAttrs = [] {
  std::array<Attribute, kAttrCount> out{};
  for (size_t i = 0; i < kAttrCount; ++i) {
    const auto& r = gen::kAttrRows[i];
    out[i] = Attribute{slice(gen::kTypeBlob, r[0], r[1]), slice(gen::kTypeBlob, r[2], r[3])};
  }
  return out;
}();

constexpr std::array<TypeInfo, kTypeCount> kTypes = [] {
  std::array<TypeInfo, kTypeCount> out{};
  for (size_t i = 0; i < kTypeCount; ++i) {
    const auto& r = gen::kTypeRows[i];
    out[i] = TypeInfo{slice(gen::kTypeBlob, r[0], r[1]), static_cast<RefKind>(r[2]),
                      slice(gen::kTypeBlob, r[3], r[4]), slice(gen::kTypeBlob, r[5], r[6]),
                      std::span<const Attribute>(kAttrs.data() + r[7], r[8])};
  }
  return out;
}();

constexpr std::array<PolicyProperty, kPolicyCount> kPolicies = [] {
  std::array<PolicyProperty, kPolicyCount> out{};
  for (size_t i = 0; i < kPolicyCount; ++i) {
    const auto& r = gen::kPolicyRows[i];
    out[i] = PolicyProperty{slice(gen::kTypeBlob, r[0], r[1]), slice(gen::kTypeBlob, r[2], r[3]),
                            static_cast<PolicyKind>(r[4]), static_cast<PolicyShape>(r[5]), r[6] != 0,
                            slice(gen::kTypeBlob, r[7], r[8])};
  }
  return out;
}();

constexpr std::array<SamPolicyTemplate, kSamCount> kSam = [] {
  std::array<SamPolicyTemplate, kSamCount> out{};
  for (size_t i = 0; i < kSamCount; ++i) {
    const auto& r = gen::kSamRows[i];
    out[i] = SamPolicyTemplate{slice(gen::kSamBlob, r[0], r[1]), slice(gen::kSamBlob, r[2], r[3])};
  }
  return out;
}();

template <class T, class Key>
constexpr bool sorted_by(const T& table, Key key) {
  for (size_t i = 1; i < table.size(); ++i)
    if (!(key(table[i - 1]) < key(table[i]))) return false;
  return true;
}
static_assert(sorted_by(kTypes, [](const TypeInfo& t) { return t.type; }), "types must be sorted");
static_assert(sorted_by(kSam, [](const SamPolicyTemplate& t) { return t.name; }), "SAM templates must be sorted");

constexpr bool attributes_sorted() {
  for (const auto& t : kTypes)
    for (size_t i = 1; i < t.attributes.size(); ++i)
      if (!(t.attributes[i - 1].name < t.attributes[i].name)) return false;
  return true;
}
static_assert(attributes_sorted(), "attributes must be sorted by name within a type");

constexpr bool policies_sorted() {
  for (size_t i = 1; i < kPolicies.size(); ++i) {
    const auto& a = kPolicies[i - 1];
    const auto& b = kPolicies[i];
    if (a.type > b.type || (a.type == b.type && a.property_path >= b.property_path)) return false;
  }
  return true;
}
static_assert(policies_sorted(), "policy properties must be sorted by type, then path");

template <class T, class Member>
auto equal_range_by(const T& table, std::string_view key, Member member) {
  auto lo = std::lower_bound(table.begin(), table.end(), key,
                             [&](const auto& e, std::string_view k) { return e.*member < k; });
  auto hi = std::upper_bound(lo, table.end(), key,
                             [&](std::string_view k, const auto& e) { return k < e.*member; });
  return std::span(lo, hi);
}

}  // namespace

const Attribute* TypeInfo::find_attribute(std::string_view name) const {
  auto it = std::lower_bound(attributes.begin(), attributes.end(), name,
                             [](const Attribute& a, std::string_view n) { return a.name < n; });
  return it != attributes.end() && it->name == name ? &*it : nullptr;
}

const TypeInfo* find_type(std::string_view cfn_type) {
  auto r = equal_range_by(kTypes, cfn_type, &TypeInfo::type);
  return r.empty() ? nullptr : &r.front();
}

std::span<const TypeInfo> types() { return kTypes; }

std::vector<FormatPiece> parse_format(std::string_view format) {
  static constexpr std::pair<std::string_view, Placeholder> kNames[] = {
      {"${AWS::Partition}", Placeholder::Partition}, {"${AWS::Region}", Placeholder::Region},
      {"${AWS::AccountId}", Placeholder::AccountId}, {"${AWS::URLSuffix}", Placeholder::URLSuffix},
      {"${Name}", Placeholder::Name},                {"${Id}", Placeholder::Id},
      {"${Path}", Placeholder::Path},
  };
  std::vector<FormatPiece> out;
  size_t literal_start = 0;
  size_t i = 0;
  while (i < format.size()) {
    size_t p = format.find("${", i);
    if (p == std::string_view::npos) break;
    bool matched = false;
    for (const auto& [text, ph] : kNames) {
      if (format.substr(p, text.size()) == text) {
        if (p > literal_start)
          out.push_back({false, format.substr(literal_start, p - literal_start), Placeholder::Id});
        out.push_back({true, format.substr(p, text.size()), ph});
        i = literal_start = p + text.size();
        matched = true;
        break;
      }
    }
    if (!matched) i = p + 2;
  }
  if (literal_start < format.size())
    out.push_back({false, format.substr(literal_start), Placeholder::Id});
  return out;
}

std::string substitute(std::string_view format, const FormatValues& v) {
  std::string out;
  for (const auto& piece : parse_format(format)) {
    if (!piece.is_placeholder) {
      out += piece.text;
      continue;
    }
    switch (piece.placeholder) {
      case Placeholder::Partition: out += v.partition; break;
      case Placeholder::Region: out += v.region; break;
      case Placeholder::AccountId: out += v.account_id; break;
      case Placeholder::URLSuffix: out += v.url_suffix; break;
      case Placeholder::Name: out += v.name.empty() ? v.unknown : v.name; break;
      case Placeholder::Id: out += v.unknown; break;
      case Placeholder::Path: {
        std::string_view p = v.path;
        if (!p.empty() && p.front() == '/') p.remove_prefix(1);
        out += p;
        break;
      }
    }
  }
  return out;
}

std::span<const PolicyProperty> policy_properties() { return kPolicies; }

std::span<const PolicyProperty> policy_properties_of(std::string_view cfn_type) {
  return equal_range_by(kPolicies, cfn_type, &PolicyProperty::type);
}

const SamPolicyTemplate* find_sam_policy_template(std::string_view name) {
  auto r = equal_range_by(kSam, name, &SamPolicyTemplate::name);
  return r.empty() ? nullptr : &r.front();
}

std::span<const SamPolicyTemplate> sam_policy_templates() { return kSam; }

std::string_view cfn_lint_version() { return gen::kCfnLintVersion; }
std::string_view sam_translator_version() { return gen::kSamTranslatorVersion; }
std::string_view iam_data_version() { return gen::kIamDataVersion; }

}  // namespace iamlint::cfn
