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

// The generated formats end an OIDC provider's ARN in an unknown ${Id}, but IAM names the provider
// by its issuer: Ref / Fn::GetAtt Arn of an AWS::IAM::OIDCProvider is
// arn:aws:iam::ACCOUNT:oidc-provider/<Url without https://> (AWS::IAM::OIDCProvider "Return
// values" in the CloudFormation reference; IAM "Creating OIDC identity providers"). RULES.md IAM012:
// a provider of the template names its issuer by Url. Empty Value: not an OIDC provider, or no Url.
Value oidc_provider_host(const Resource& r, Resolver& res) {
  if (r.type != "AWS::IAM::OIDCProvider") return {};
  const Node* url = r.prop("Url");
  if (!url) return {};
  Value v = res.resolve(url);
  for (auto& alt : v.alts) {
    if (alt.segs.empty() || alt.segs[0].kind != Segment::Text) continue;
    std::string& t = alt.segs[0].text;
    for (std::string_view scheme : {"https://", "http://"})
      if (t.compare(0, scheme.size(), scheme) == 0) {
        t.erase(0, scheme.size());
        break;
      }
    if (!t.empty() || alt.segs.size() == 1) continue;
    Alternative b;  // drop the emptied first segment
    for (const auto& sg : alt.segs)
      if (sg.kind == Segment::Text) b.append_text(sg.text);
      else b.segs.push_back(sg);
    alt = std::move(b);
  }
  return v;
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
      case cfn::Placeholder::Id:
        part = oidc_provider_host(r, res);
        if (part.alts.empty()) part = Value::unknown(std::string(r.id) + " (generated id)");
        break;
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
  // A value whose format is not an ARN (a name, a URL, an id) is never one, whatever its unknown
  // parts are (RULES.md Clarification 18).
  if (format.substr(0, 4) != "arn:")
    for (auto& a : acc)
      if (!a.segs.empty()) a.segs[0].not_arn = true;
  Value v;
  v.alts = std::move(acc);
  return v;
}

}  // namespace iamlint
