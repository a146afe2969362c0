#include "lint/cfn_values.h"

#include <functional>
#include <unordered_map>
#include <vector>

#include "lint/cfn/cfn_data.h"
#include "lint/resolve.h"

namespace iamlint {
namespace {


// cfn::parse_format, remembered per format: formats are string_views into the generated tables
// (stable addresses, a bounded set), and every Ref / Fn::GetAtt of a template resource needs one.
// Keyed by address, so only pass formats from those tables. Per thread, so --jobs needs no lock.
const std::vector<cfn::FormatPiece>& parsed_format(std::string_view format) {
  struct Key {
    const char* data;
    size_t size;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const { return std::hash<const char*>{}(k.data) ^ k.size; }
  };
  thread_local std::unordered_map<Key, std::vector<cfn::FormatPiece>, KeyHash> cache;
  auto [it, fresh] = cache.try_emplace(Key{format.data(), format.size()});
  if (fresh) it->second = cfn::parse_format(format);
  return it->second;
}

}  // namespace

std::optional<Value> resource_value(const Template&, const Resource& r, std::string_view attr, Resolver& res) {
  const cfn::TypeInfo* info = r.type_info();
  if (!info) return std::nullopt;
  std::string_view format;
  if (attr.empty()) {
    format = info->ref_format;
  } else if (const cfn::Attribute* a = info->find_attribute(attr)) {
    format = a->format;
  }
  if (format.empty()) return std::nullopt;
  Alternatives acc(1);
  for (const auto& piece : parsed_format(format)) {
    if (!piece.is_placeholder) {
      for (auto& a : acc) a.append_text(piece.text);
      continue;
    }
    Value part;
    switch (piece.placeholder) {
      case cfn::Placeholder::Partition: part = Value::unknown("AWS::Partition"); break;
      case cfn::Placeholder::Region: part = Value::unknown("AWS::Region"); break;
      case cfn::Placeholder::AccountId: part = Value::unknown("AWS::AccountId"); break;
      case cfn::Placeholder::URLSuffix: part = Value::unknown("AWS::URLSuffix"); break;
      case cfn::Placeholder::Id: part = Value::unknown(std::string(r.id) + " (generated id)"); break;
      case cfn::Placeholder::Name: {
        const Node* n = info->name_property.empty() ? nullptr : r.prop(info->name_property);
        part = n ? res.resolve(n) : Value::unknown(std::string(r.id) + " (generated name)");
        if (part.alts.empty()) part = Value::unknown(std::string(r.id) + " (generated name)");  // AWS::NoValue
        break;
      }
      case cfn::Placeholder::Path: {
        const Node* p = r.prop("Path");
        if (!p) break;  // absent: ""
        Value v = res.resolve(p);
        Value out;
        for (auto& alt : v.alts) {
          if (!alt.is_literal()) {
            out.alts.push_back(Alternative{{{Segment::Unknown, std::string(r.id) + " path"}}});
            continue;
          }
          std::string t = alt.literal();
          if (!t.empty() && t.front() == '/') t.erase(0, 1);
          Alternative a;
          a.append_text(t);
          if (a.segs.empty()) a.segs.push_back({Segment::Text, ""});
          out.alts.push_back(std::move(a));
        }
        part = std::move(out);
        break;
      }
    }
    if (!concat_into(acc, part)) return Value::unknown(std::string(r.id) + (attr.empty() ? "" : "." + std::string(attr)));
  }
  Value v;
  v.alts = std::move(acc);
  return v;
}

}  // namespace iamlint
