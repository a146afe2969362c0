// arn_may_match: can a policy Resource pattern and a resource type's ARN format from the IAM data
// name at least one common ARN? Pattern-against-pattern intersection, no regex, no backtracking.
//
// Both sides are compiled into a short list of tokens. A token is one character class with a
// repetition: exactly one, at most one, or any number (star). Literal characters are classes of one
// character. Every wildcard class used below contains the letter 'a', so two classes always
// intersect; only literal-vs-class and literal-vs-literal need a real test. The intersection is then
// the product of the two token chains, decided by a dynamic programme over (policy token, format
// token) in row-major order: O(n*m) time, O(m) memory, n and m being the token counts.
//
// Policy side (the Resource value, case-sensitive as ARNs are):
//   literal text                 itself
//   *                            any text, including ':' and '/'
//   ?                            any one character
//   ${*} ${?} ${$}               the literal character (IAM's escapes)
//   ${aws:username}, ${...}      a policy variable: an unknown segment (below)
//   kUnknownChar ('\x01')        an unknown segment from an unresolved CloudFormation value
// An unknown segment matches any text without '/' (RULES.md "Shared semantics"), also inside the
// arn:partition:service:region:account: prefix, where it may then span a ':' -- an unknown value
// never turns into a finding, so the matcher errs on the side of "may match".
// A Resource that does not start with a literal "arn:" matches anything when it contains a
// wildcard, a variable or an unknown segment (a whole ARN from a parameter, "*"), and nothing when
// it is plain literal text ("foo", "myqueue.Arn": not an ARN at all).
//
// Format side (as in the IAM data, "arn:${Partition}:s3:::${BucketName}/${ObjectName}"):
//   field 1 placeholder (${Partition})     one or more of [a-z0-9-]
//   field 2 placeholder (${Vendor})        one or more characters without ':'
//   field 3 placeholder (${Region})        one or more of [a-z0-9-]
//   field 4 placeholder (${Account}, ${AccountId}, ...)  1 to 12 of [0-9a-z]: a 12-digit
//                                          account or "aws" -- never "us-east-1", so an ARN with
//                                          the region in the account field matches nothing
//   resource-part placeholder              one or more characters without '/'
//   resource-part "path" placeholder       one or more characters of any kind, or of any kind but
//                                          ':'; see placeholder_class(): names whose values
//                                          legitimately contain '/' (S3 object keys, IAM names with
//                                          path, log groups, secrets, SSM parameters, ECR
//                                          repositories, KMS aliases, IoT topics...)
//   literal '*' (amplifybackend, dms...)   any text
//   literal fields ("", "aws", "*")        themselves ("*" as any text)
// Some formats list alternatives separated by ", " ("arn:...:/apis/..., arn:...:/restapis/..."):
// the resource matches when it matches any of them.
//
// Inputs longer than kMaxLen characters are not decided: the answer is true.
#include "lint/iam/catalog.h"

#include <array>
#include <cstddef>

namespace iamlint {
namespace {

constexpr size_t kMaxLen = 2000;
constexpr size_t kMaxTokens = 2 * kMaxLen + 64;

enum Cls : uint8_t {
  kLit,        // the token's character
  kAny,        // any character
  kNoColon,    // any character but ':'
  kNoSlash,    // any character but '/'
  kPartition,  // [a-z0-9-]
  kRegion,     // [a-z0-9-]
  kAccount,    // [0-9a-z]
};

enum Rep : uint8_t { kOne, kOpt, kStar };

struct Tok {
  char ch;
  Cls cls;
  Rep rep;
};

bool in_class(Cls c, char ch) {
  unsigned char u = static_cast<unsigned char>(ch);
  switch (c) {
    case kLit: return false;  // not used
    case kAny: return true;
    case kNoColon: return ch != ':';
    case kNoSlash: return ch != '/';
    case kPartition:
    case kRegion: return (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || ch == '-';
    case kAccount: return (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9');
  }
  return false;
}

bool compatible(const Tok& a, const Tok& b) {
  if (a.cls == kLit && b.cls == kLit) return a.ch == b.ch;
  if (a.cls == kLit) return in_class(b.cls, a.ch);
  if (b.cls == kLit) return in_class(a.cls, b.ch);
  return true;  // every wildcard class contains 'a'
}

struct TokBuf {
  std::array<Tok, kMaxTokens> t{};  // zero: constant-initialised, no TLS guard
  size_t n = 0;
  bool push(Tok x) {
    if (n == t.size()) return false;
    t[n++] = x;
    return true;
  }
};

bool ends_with(std::string_view s, std::string_view suf) {
  return s.size() >= suf.size() && s.substr(s.size() - suf.size()) == suf;
}

// The character class of a resource-part placeholder (`service` is the format's service field).
// Most names are one path segment: any text without '/' (':' allowed: Lambda's
// "function:${FunctionName}" must take "f:alias"). Names whose values legitimately contain '/':
//   kAny (anything, ':' too): S3 object keys and MediaStore paths (ObjectName, ObjectPath,
//     FolderPath), CloudWatch Logs names (log-group ARNs end in ":*"), IoT MQTT topics and filters,
//     URL-like paths (ApiSpecificResourcePath, ResourcePath, RequestPath), API Gateway route keys,
//     and OpenSearch/Elasticsearch domains (es:ESHttp* take "domain/name/index/_search").
//   kNoColon (anything but ':'): IAM names with path (every "...WithPath", and the plain RoleName /
//     AwsUserName some services use in IAM ARNs), Secrets Manager names, SSM parameter
//     hierarchies, ECR repository namespaces, KMS aliases ("alias/aws/s3"), other "...Path" names
//     that are not ids (BasePath, EntityPath), and service-linked names that AWS itself nests
//     ("config-rule/aws-service-rule/...", "channel/aws-service-channel/...", "backup-vault:aws/efs/...",
//     partner event buses "event-bus/aws.partner/...", SSM service settings "/ssm/...").
//     None of these may contain ':', which keeps "role/${...}" from swallowing a ":user/..."
//     written after a wildcard account.
// Found by checking every AWS managed policy's Resource against its actions' formats.
Cls placeholder_class(std::string_view service, std::string_view name) {
  struct Entry {
    std::string_view service;  // "" = any service
    std::string_view name;
    Cls cls;
  };
  static constexpr Entry kEntries[] = {
      {"", "ObjectName", kAny},
      {"", "ObjectPath", kAny},
      {"", "FolderPath", kAny},
      {"", "LogGroupName", kAny},
      {"", "LogStreamName", kAny},
      {"", "TopicName", kAny},
      {"", "TopicFilter", kAny},
      {"", "RouteKey", kAny},
      {"", "ApiSpecificResourcePath", kAny},
      {"", "ResourcePath", kAny},
      {"", "RequestPath", kAny},
      {"es", "DomainName", kAny},
      {"", "SecretId", kNoColon},
      {"", "Alias", kNoColon},
      {"", "RepositoryName", kNoColon},
      {"", "RoleName", kNoColon},
      {"", "AwsUserName", kNoColon},
      {"", "ParameterNameWithoutLeadingSlash", kNoColon},
      {"ssm", "ResourceId", kNoColon},  // servicesetting/, opsmetadata/
      {"config", "ConfigRuleId", kNoColon},
      {"config", "AggregatorId", kNoColon},
      {"config", "ConformancePackName", kNoColon},
      {"config", "RemediationConfigurationId", kNoColon},
      {"cloudtrail", "ChannelId", kNoColon},
      {"events", "EventBusName", kNoColon},
      // The reference writes api-destination/${ApiDestinationName} and connection/${ConnectionName},
      // but the real ARNs (what !GetAtt X.Arn returns) end in /<uuid>.
      {"events", "ApiDestinationName", kNoColon},
      {"events", "ConnectionName", kNoColon},
      {"events", "EventSourceName", kNoColon},
      {"backup", "BackupVaultName", kNoColon},
      {"qdeveloper", "Identifier", kNoColon},  // plugin/GitLabDuoWithAmazonQ/...
  };
  for (const auto& e : kEntries)
    if (e.name == name && (e.service.empty() || e.service == service)) return e.cls;
  if (ends_with(name, "WithPath")) return kNoColon;
  if (name.find("Path") != std::string_view::npos && !ends_with(name, "Id")) return kNoColon;
  return kNoSlash;
}

// Compiles one ARN format alternative.
bool compile_format(std::string_view f, TokBuf& out) {
  int field = 0;  // 0 "arn", 1 partition, 2 service, 3 region, 4 account, 5 resource part
  std::string_view service;  // the service field's text, once known
  for (size_t i = 0; i < f.size();) {
    char c = f[i];
    if (c == '$' && i + 1 < f.size() && f[i + 1] == '{') {
      size_t close = f.find('}', i + 2);
      if (close == std::string_view::npos) {  // malformed: treat the rest as literal text
        for (; i < f.size(); ++i)
          if (!out.push({f[i], kLit, kOne})) return false;
        break;
      }
      std::string_view name = f.substr(i + 2, close - i - 2);
      i = close + 1;
      bool ok = true;
      switch (field) {
        case 0:
        case 2: ok = out.push({0, kNoColon, kOne}) && out.push({0, kNoColon, kStar}); break;
        case 1: ok = out.push({0, kPartition, kOne}) && out.push({0, kPartition, kStar}); break;
        // A format that writes ${Region} / ${Account} names ARNs whose region and account are not
        // empty (global services write "::" literally): so "arn:aws:s3:::b/*" is no access point.
        case 3: ok = out.push({0, kRegion, kOne}) && out.push({0, kRegion, kStar}); break;
        case 4:
          ok = out.push({0, kAccount, kOne});
          for (int k = 1; k < 12 && ok; ++k) ok = out.push({0, kAccount, kOpt});
          break;
        default: {
          Cls c = placeholder_class(service, name);
          ok = out.push({0, c, kOne}) && out.push({0, c, kStar});
        }
      }
      if (!ok) return false;
      continue;
    }
    if (c == '*') {
      if (!out.push({0, kAny, kStar})) return false;
    } else {
      if (!out.push({c, kLit, kOne})) return false;
      if (c == ':' && field < 5) {
        ++field;
        if (field == 3) {  // just closed the service field
          size_t b = f.rfind(':', i - 1);
          service = b == std::string_view::npos ? std::string_view{} : f.substr(b + 1, i - b - 1);
        }
      }
    }
    ++i;
  }
  return true;
}

// Compiles the policy Resource (which starts with "arn:").
bool compile_resource(std::string_view r, TokBuf& out) {
  int colons = 0;
  auto unknown = [&]() {
    return out.push({0, kNoSlash, kStar});
  };
  for (size_t i = 0; i < r.size();) {
    char c = r[i];
    if (c == '$' && i + 1 < r.size() && r[i + 1] == '{') {
      size_t close = r.find('}', i + 2);
      if (close != std::string_view::npos) {
        std::string_view name = r.substr(i + 2, close - i - 2);
        i = close + 1;
        if (name == "*" || name == "?" || name == "$") {
          if (!out.push({name[0], kLit, kOne})) return false;
          if (name[0] == ':') ++colons;
        } else if (!unknown()) {
          return false;
        }
        continue;
      }
      // No closing brace: a literal '$'.
    }
    bool ok;
    if (c == '*')
      ok = out.push({0, kAny, kStar});
    else if (c == '?')
      ok = out.push({0, kAny, kOne});
    else if (c == kUnknownChar)
      ok = unknown();
    else {
      ok = out.push({c, kLit, kOne});
      if (c == ':') ++colons;
    }
    if (!ok) return false;
    ++i;
  }
  return true;
}

// Product of the two token chains: is there a string both accept?
bool intersects(const TokBuf& p, const TokBuf& f) {
  const size_t n = p.n, m = f.n;
  bool cur_buf[kMaxTokens + 1], nxt_buf[kMaxTokens + 1];  // only [0, m] is used
  bool* cur = cur_buf;
  bool* nxt = nxt_buf;
  for (size_t j = 0; j <= m; ++j) cur[j] = false;
  cur[0] = true;
  for (size_t i = 0; i <= n; ++i) {
    for (size_t j = 0; j <= m; ++j) nxt[j] = false;
    bool any = false;
    for (size_t j = 0; j <= m; ++j) {
      if (!cur[j]) continue;
      any = true;
      // epsilon on the format side: skip an optional/star token
      if (j < m && f.t[j].rep != kOne) cur[j + 1] = true;
      if (i == n) continue;
      const Tok& pt = p.t[i];
      // epsilon on the policy side
      if (pt.rep != kOne) nxt[j] = true;
      // consume one common character
      if (j < m && compatible(pt, f.t[j])) {
        size_t ni = pt.rep == kStar ? i : i + 1;
        size_t nj = f.t[j].rep == kStar ? j : j + 1;
        if (ni == i) {
          if (nj != j) cur[nj] = true;  // (i,j) -> (i,j+1); (i,j) -> (i,j) adds nothing
        } else {
          nxt[nj] = true;
        }
      }
    }
    if (i == n) return cur[m];
    if (!any) return false;
    bool* t = cur;
    cur = nxt;
    nxt = t;
  }
  return false;
}

// The text of ARN field `k` (0-based, split on ':') when it is certain: for a policy Resource,
// nothing up to the field's end may be a wildcard, variable or unknown segment (they could span or
// hide a ':'); for a format, the field itself must be literal (placeholders hold no ':').
bool field_text(std::string_view s, int k, bool is_format, std::string_view* out) {
  size_t start = 0;
  for (int f = 0; f < k; ++f) {
    size_t c = s.find(':', start);
    if (c == std::string_view::npos) return false;
    start = c + 1;
  }
  size_t end = s.find(':', start);
  if (end == std::string_view::npos) return false;
  std::string_view checked = is_format ? s.substr(start, end - start) : s.substr(0, end);
  for (char c : checked)
    if (c == '*' || c == '?' || c == '$' || c == kUnknownChar) return false;
  *out = s.substr(start, end - start);
  return true;
}

bool match_one(std::string_view resource, const TokBuf& p, std::string_view format) {
  // Fast reject on the service field when both sides spell it literally.
  std::string_view rs, fs;
  if (field_text(resource, 2, false, &rs) && field_text(format, 2, true, &fs) && rs != fs) return false;
  thread_local TokBuf f;
  f.n = 0;
  if (!compile_format(format, f)) return true;
  return intersects(p, f);
}

}  // namespace

bool arn_may_match(std::string_view resource, std::string_view arn_format) {
  if (resource.size() > kMaxLen || arn_format.size() > kMaxLen) return true;
  if (resource.substr(0, 4) != "arn:") {
    for (char c : resource)
      if (c == '*' || c == '?' || c == kUnknownChar) return true;
    if (resource.find("${") != std::string_view::npos) return true;
    return false;  // plain literal text that is not an ARN
  }
  // thread_local: the token buffers are ~16 KiB each; keep them off the stack and allocation-free.
  thread_local TokBuf p;
  p.n = 0;
  if (!compile_resource(resource, p)) return true;
  // Alternatives: "arn:..., arn:...".
  size_t start = 0;
  while (true) {
    size_t sep = arn_format.find(", arn:", start);
    std::string_view alt = arn_format.substr(start, sep == std::string_view::npos ? std::string_view::npos
                                                                               : sep - start);
    if (match_one(resource, p, alt)) return true;
    if (sep == std::string_view::npos) return false;
    start = sep + 2;
  }
}

}  // namespace iamlint
