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
//   kUnknownFieldChar ('\x02')   an unknown segment known to be one ARN field or name: a pseudo
//                                parameter (${AWS::Region}, ${AWS::AccountId}...): no ':' or '/',
//                                and never empty (an AWS-owned ARN's empty account is not ${AWS::AccountId})
// An unknown segment matches any text without '/' (RULES.md "Shared semantics"), also inside the
// arn:partition:service:region:account: prefix, where it may then span a ':' -- an unknown value
// never turns into a finding, so the matcher errs on the side of "may match".
// A policy `*` or `?` in one of the prefix fields (partition, service, region, account) that a
// later ':' closes stands for that one field and never spans a ':' (RULES.md Clarification 20b:
// IAM matches an ARN field by field up to the resource part), unless an unknown segment that may
// span ':' came before it (then the field it is in is not known). In the resource part, `*` is any
// text. A `*` in a field no ':' closes ("arn:aws:*") covers the rest of the ARN.
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
//   resource-part placeholder              one name: one or more characters without '/' or ':'
//                                          (Clarification 20b)
//   resource-part "path" placeholder       one or more characters of any kind, or of any kind but
//                                          ':', or any but '/'; see placeholder_class(): names
//                                          whose values legitimately contain '/' (S3 object keys,
//                                          IAM names with path, log groups, secrets, SSM
//                                          parameters, ECR repositories, KMS aliases, IoT
//                                          topics...) or carry a reviewed ':' suffix (Lambda
//                                          qualifiers, Step Functions versions and aliases)
//   literal '*' (amplifybackend, dms...)   any text
//   literal fields ("", "aws", "*")        themselves ("*" as any text)
// Some formats list alternatives separated by ", " ("arn:...:/apis/..., arn:...:/restapis/..."):
// the resource matches when it matches any of them.
//
// Inputs longer than kMaxLen characters are not decided: the answer is true.
#include "lint/iam/catalog.h"

#include <array>
#include <cstddef>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

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
  kName,       // any character but ':' and '/': one name
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
    case kName: return ch != ':' && ch != '/';
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
// Most names are one name: any text without '/' or ':' (RULES.md Clarification 20b; so a kafka
// "cluster/*" is never a "topic/${ClusterName}/..."). The reviewed exceptions:
//   kNoSlash (anything but '/'): names that real ARNs follow with a ':' suffix AWS documents and
//     CloudFormation returns -- Lambda "function:NAME:QUALIFIER" and "function:NAME:*", Step
//     Functions "stateMachine:NAME:VERSION_OR_ALIAS" -- and names whose values themselves hold a
//     ':' (DynamoDB stream labels are timestamps, "2024-01-01T00:00:00.000"; Bedrock model IDs end
//     in a version, "anthropic.claude-v2:1"; CodeBuild build IDs are "PROJECT:UUID"; AWS Backup
//     names RDS snapshots "awsbackup:job-..." and AWSBackupServiceRolePolicyForBackup grants
//     "snapshot:awsbackup:*"; AWS's own Glue connections are "aws:s3tables", granted so by
//     SageMakerStudioProjectProvisioningRolePolicy).
// Names whose values legitimately contain '/':
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
      {"lambda", "FunctionName", kNoSlash},
      {"states", "StateMachineName", kNoSlash},
      {"", "StreamLabel", kNoSlash},
      {"bedrock", "ResourceId", kNoSlash},
      {"codebuild", "BuildId", kNoSlash},
      {"codebuild", "BuildBatchId", kNoSlash},
      {"rds", "SnapshotName", kNoSlash},
      {"rds", "ClusterSnapshotName", kNoSlash},
      {"glue", "ConnectionName", kNoSlash},
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
  return kName;
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
  bool fields_known = true;  // no unknown segment that may span ':' so far
  auto unknown = [&]() {
    if (colons < 5) fields_known = false;
    return out.push({0, kNoSlash, kStar});
  };
  // A wildcard in a prefix field that a later ':' closes stands for that field only.
  auto wildcard_cls = [&](size_t i) {
    return colons < 5 && fields_known && r.find(':', i) != std::string_view::npos ? kNoColon : kAny;
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
      ok = out.push({0, wildcard_cls(i), kStar});
    else if (c == '?')
      ok = out.push({0, wildcard_cls(i), kOne});
    else if (c == kUnknownChar)
      ok = unknown();
    else if (c == kUnknownFieldChar)  // never empty: a pseudo parameter or a name has text
      ok = out.push({0, kName, kOne}) && out.push({0, kName, kStar});
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
bool intersects(const TokBuf& p, const Tok* ft, size_t m) {
  const size_t n = p.n;
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
      if (j < m && ft[j].rep != kOne) cur[j + 1] = true;
      if (i == n) continue;
      const Tok& pt = p.t[i];
      // epsilon on the policy side
      if (pt.rep != kOne) nxt[j] = true;
      // consume one common character
      if (j < m && compatible(pt, ft[j])) {
        size_t ni = pt.rep == kStar ? i : i + 1;
        size_t nj = ft[j].rep == kStar ? j : j + 1;
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

// The text of ARN field `k` (0-based, split on ':') when it is certain: for a policy Resource, the
// field itself must be literal, and nothing before it may be a variable or an unknown segment that
// could span or hide a ':' (a `*`, `?` or pseudo parameter in an earlier field closed by a ':'
// stands for that field only: compile_resource); for a format, the field itself must be literal
// (placeholders hold no ':').
bool field_text(std::string_view s, int k, bool is_format, std::string_view* out) {
  size_t start = 0;
  for (int f = 0; f < k; ++f) {
    size_t c = s.find(':', start);
    if (c == std::string_view::npos) return false;
    start = c + 1;
  }
  size_t end = s.find(':', start);
  if (end == std::string_view::npos) return false;
  if (!is_format)
    for (char c : s.substr(0, start))
      if (c == '$' || c == kUnknownChar) return false;
  for (char c : s.substr(start, end - start))
    if (c == '*' || c == '?' || c == '$' || c == kUnknownChar || c == kUnknownFieldChar) return false;
  *out = s.substr(start, end - start);
  return true;
}

// The reference path: compiles the format alternative on every call and runs intersects().
bool match_one(std::string_view resource, const TokBuf& p, std::string_view format) {
  // Fast reject on the service field when both sides spell it literally.
  std::string_view rs, fs;
  if (field_text(resource, 2, false, &rs) && field_text(format, 2, true, &fs) && rs != fs) return false;
  thread_local TokBuf f;
  f.n = 0;
  if (!compile_format(format, f)) return true;
  return intersects(p, f.t.data(), f.n);
}

// ---- the fast path: compiled formats, bit-parallel rows ----------------------------------------
// The matcher runs for every (Resource value, resource type) pair of every statement and was the
// largest single cost of linting. Two things make it cheap without changing a single answer:
//   1. a format is compiled once per thread (a cache keyed by the format text), and
//   2. intersects_bits() runs the same dynamic programme as intersects(), but holds a row -- the set
//      of format positions j reachable after i policy tokens -- as the bits of a 128-bit integer,
//      so a row costs a few word operations instead of a loop over the format.
// Formats of more than kMaskBits - 1 tokens (none in the IAM data today) fall back to intersects().
// The fuzz target fuzz_arn checks that both paths always agree (detail::arn_may_match_reference).

__extension__ typedef unsigned __int128 Mask;  // __extension__: GCC/clang builtin, -Wpedantic-clean
constexpr size_t kMaskBits = 128;

// Membership of a character in every wildcard class (in_class()) depends only on its category.
enum CharCat : uint8_t { kCatColon, kCatSlash, kCatLower, kCatDigit, kCatDash, kCatOther, kCatCount };
constexpr char kCatSample[kCatCount] = {':', '/', 'a', '0', '-', '_'};
constexpr int kClsCount = kName + 1;

CharCat char_cat(char c) {
  if (c == ':') return kCatColon;
  if (c == '/') return kCatSlash;
  if (c >= 'a' && c <= 'z') return kCatLower;
  if (c >= '0' && c <= '9') return kCatDigit;
  if (c == '-') return kCatDash;
  return kCatOther;
}

// One ", "-separated alternative of a format, compiled.
struct FormatAlt {
  bool has_service = false;  // field_text() found a literal service field
  std::string service;
  bool compiled = false;     // compile_format() succeeded (otherwise the answer is "may match")
  bool use_bits = false;     // m + 1 <= kMaskBits
  std::vector<Tok> toks;     // the tokens, kept only for the intersects() fallback
  size_t m = 0;              // token count
  Mask eps = 0;              // positions j whose token may be skipped (rep != kOne)
  Mask star = 0;             // positions j whose token repeats (rep == kStar)
  Mask by_cat[kCatCount] = {};    // wildcard-class positions containing a character of the category
  Mask by_cls[kClsCount] = {};    // positions compatible with a policy token of wildcard class c
  uint8_t lit_slot[256] = {};     // character -> index into lit (0: no literal of that character)
  std::vector<Mask> lit{Mask(0)};  // positions of literal tokens of one character

  // Positions compatible with the policy token t (the `compatible()` of intersects(), for every j).
  Mask compat(const Tok& t) const {
    if (t.cls != kLit) return by_cls[t.cls];
    return lit[lit_slot[static_cast<unsigned char>(t.ch)]] | by_cat[char_cat(t.ch)];
  }
};

struct CompiledFormat {
  std::vector<FormatAlt> alts;
};

FormatAlt compile_alt(std::string_view alt) {
  FormatAlt a;
  std::string_view fs;
  if (field_text(alt, 2, true, &fs)) {
    a.has_service = true;
    a.service = std::string(fs);
  }
  thread_local TokBuf f;
  f.n = 0;
  a.compiled = compile_format(alt, f);
  if (!a.compiled) return a;
  a.m = f.n;
  a.use_bits = a.m + 1 <= kMaskBits;
  if (!a.use_bits) {
    a.toks.assign(f.t.begin(), f.t.begin() + static_cast<std::ptrdiff_t>(f.n));
    return a;
  }
  for (size_t j = 0; j < a.m; ++j) {
    const Tok& t = f.t[j];
    const Mask bit = Mask(1) << j;
    if (t.rep != kOne) a.eps |= bit;
    if (t.rep == kStar) a.star |= bit;
    if (t.cls == kLit) {
      uint8_t& slot = a.lit_slot[static_cast<unsigned char>(t.ch)];
      if (slot == 0) {
        slot = static_cast<uint8_t>(a.lit.size());  // at most 255 distinct characters: a uint8_t
        a.lit.push_back(0);
      }
      a.lit[slot] |= bit;
      for (int c = 0; c < kClsCount; ++c)
        if (c != kLit && in_class(static_cast<Cls>(c), t.ch)) a.by_cls[c] |= bit;
    } else {
      for (int k = 0; k < kCatCount; ++k)
        if (in_class(t.cls, kCatSample[k])) a.by_cat[k] |= bit;
      for (int c = 0; c < kClsCount; ++c)
        if (c != kLit) a.by_cls[c] |= bit;  // every wildcard class contains 'a'
    }
  }
  return a;
}

CompiledFormat compile_alternatives(std::string_view format) {
  CompiledFormat cf;
  size_t start = 0;
  while (true) {
    size_t sep = format.find(", arn:", start);
    cf.alts.push_back(compile_alt(format.substr(start, sep == std::string_view::npos ? std::string_view::npos
                                                                                     : sep - start)));
    if (sep == std::string_view::npos) break;
    start = sep + 2;
  }
  return cf;
}

struct TextHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

const CompiledFormat& compiled_format(std::string_view format) {
  // Per thread, so --jobs needs no lock. Every format of the IAM data fits (about 190 KB of text);
  // the bound, on the text cached, only matters for callers passing arbitrary formats (fuzzing),
  // whose compiled alternatives would otherwise pile up.
  constexpr size_t kMaxCachedText = 256 * 1024;
  thread_local std::unordered_map<std::string, CompiledFormat, TextHash, std::equal_to<>> cache;
  thread_local size_t cached_text = 0;
  if (auto it = cache.find(format); it != cache.end()) return it->second;
  if (cached_text + format.size() > kMaxCachedText) {
    cache.clear();
    cached_text = 0;
  }
  cached_text += format.size();
  return cache.emplace(std::string(format), compile_alternatives(format)).first->second;
}

// Closes the row `s` under the steps j -> j + 1 allowed at the positions in `a`: every run of ones
// in `a` that contains a bit of `s` gets filled from that bit up to one past the run's end. Adding
// `a` to `s & a` carries from the lowest such bit through the run; xor with `a` keeps the carried
// part. (No carry can leave the mask: `a` has no bit at or above m, and m < the mask's width.)
template <typename M>
M close_row(M s, M a) {
  return s | (((s & a) + a) ^ a);
}

// intersects() with rows as bit sets. Row i's closure admits j -> j + 1 when the format token j
// may be skipped, or when the policy token repeats (star) and consumes one character of a
// non-repeating format token j; then the policy token either repeats into row i + 1 at the same j
// (star), or consumes a character of a compatible token j, moving to j + 1 (or staying at j when
// that format token repeats). M is uint64_t when the format has fewer than 64 tokens (most do:
// half the word operations), else the 128-bit Mask.
template <typename M>
bool intersects_bits(const TokBuf& p, const FormatAlt& f) {
  const M eps = static_cast<M>(f.eps), star = static_cast<M>(f.star);
  M s = 1;
  for (size_t i = 0; i < p.n; ++i) {
    const Tok& pt = p.t[i];
    const M c = static_cast<M>(f.compat(pt));
    s = close_row<M>(s, pt.rep == kStar ? (eps | (c & ~star)) : eps);
    if (s == 0) return false;
    if (pt.rep == kStar) continue;  // (i, j) -> (i + 1, j) for every j; consuming stays in row i
    M next = ((s & c & ~star) << 1) | (s & c & star);
    if (pt.rep == kOpt) next |= s;
    s = next;
  }
  s = close_row<M>(s, eps);
  return (s >> f.m) & 1;
}

// Compiles the policy Resource; false when it does not start with "arn:" (then *answer is set) or
// cannot be compiled (answer: may match).
bool prepare_resource(std::string_view resource, std::string_view arn_format, TokBuf& p, bool* answer) {
  if (resource.size() > kMaxLen || arn_format.size() > kMaxLen) return *answer = true, false;
  if (resource.substr(0, 4) != "arn:") {
    for (char c : resource)
      if (c == '*' || c == '?' || c == kUnknownChar || c == kUnknownFieldChar) return *answer = true, false;
    if (resource.find("${") != std::string_view::npos) return *answer = true, false;
    return *answer = false, false;  // plain literal text that is not an ARN
  }
  p.n = 0;
  if (!compile_resource(resource, p)) return *answer = true, false;
  return true;
}

}  // namespace

bool arn_may_match(std::string_view resource, std::string_view arn_format) {
  // thread_local: the token buffers are ~16 KiB each; keep them off the stack and allocation-free.
  // Callers ask about a statement's few Resources against several formats in turn (every resource
  // type of its actions, each against every Resource), so the last few Resources compiled are kept
  // and reused when they come again.
  struct Slot {
    TokBuf p;
    std::string text;  // the Resource in `p`
    bool ok = false;
  };
  constexpr size_t kSlots = 4;
  thread_local Slot slots[kSlots];
  thread_local size_t next_slot = 0;
  if (resource.size() > kMaxLen || arn_format.size() > kMaxLen) return true;
  const TokBuf* found = nullptr;
  for (const Slot& sl : slots)
    if (sl.ok && sl.text == resource) {
      found = &sl.p;
      break;
    }
  if (!found) {
    Slot& sl = slots[next_slot];
    next_slot = (next_slot + 1) % kSlots;
    sl.ok = false;
    bool answer = false;
    if (!prepare_resource(resource, arn_format, sl.p, &answer)) return answer;
    sl.text.assign(resource);
    sl.ok = true;
    found = &sl.p;
  }
  const TokBuf& p = *found;
  std::string_view rs;
  const bool rs_known = field_text(resource, 2, false, &rs);
  for (const FormatAlt& alt : compiled_format(arn_format).alts) {
    // Fast reject on the service field when both sides spell it literally.
    if (rs_known && alt.has_service && rs != alt.service) continue;
    if (!alt.compiled) return true;
    bool hit = !alt.use_bits      ? intersects(p, alt.toks.data(), alt.toks.size())
               : alt.m + 1 <= 64 ? intersects_bits<uint64_t>(p, alt)
                                 : intersects_bits<Mask>(p, alt);
    if (hit) return true;
  }
  return false;
}

namespace detail {

bool arn_may_match_reference(std::string_view resource, std::string_view arn_format) {
  thread_local TokBuf p;
  bool answer = false;
  if (!prepare_resource(resource, arn_format, p, &answer)) return answer;
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

}  // namespace detail

}  // namespace iamlint
