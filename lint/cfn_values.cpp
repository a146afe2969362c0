#include "lint/cfn_values.h"

#include "lint/cfn/cfn_data.h"
#include "lint/resolve.h"

namespace iamlint {
namespace {

bool concat(std::vector<Alternative>& acc, const Value& part) {
  if (part.alts.empty()) return true;
  if (acc.size() * part.alts.size() > kMaxAlternatives) return false;
  std::vector<Alternative> next;
  for (const auto& a : acc)
    for (const auto& b : part.alts) {
      Alternative c = a;
      c.append(b);
      next.push_back(std::move(c));
    }
  acc = std::move(next);
  return true;
}

}  // namespace

std::optional<Value> resource_value(const Template&, const Resource& r, std::string_view attr, Resolver& res) {
  const cfn::TypeInfo* info = cfn::find_type(r.type);
  if (!info) return std::nullopt;
  std::string_view format;
  if (attr.empty()) {
    format = info->ref_format;
  } else if (const cfn::Attribute* a = info->find_attribute(attr)) {
    format = a->format;
  }
  if (format.empty()) return std::nullopt;
  std::vector<Alternative> acc(1);
  for (const auto& piece : cfn::parse_format(format)) {
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
    if (!concat(acc, part)) return Value::unknown(std::string(r.id) + (attr.empty() ? "" : "." + std::string(attr)));
  }
  Value v;
  v.alts = std::move(acc);
  return v;
}

}  // namespace iamlint
