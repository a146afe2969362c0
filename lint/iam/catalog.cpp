// IamCatalog over the generated tables in lint/iam/iam_data.inc (see tools/iamdata/generate.py).
// All data is constant-initialised read-only memory; the catalog object itself is empty, so
// instance() costs nothing. Lookups are binary searches over tables sorted at generation time.
#include "lint/iam/catalog.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <unordered_map>

#include "lint/iam/overrides.h"

namespace iamlint {
namespace {

#include "lint/iam/iam_data.inc"

constexpr uint32_t kLenMask = (1u << kRefLenBits) - 1;
constexpr uint32_t kCountMask = (1u << kListCountBits) - 1;

std::string_view str(uint32_t ref) {
  return std::string_view(kBlob + (ref >> kRefLenBits), ref & kLenMask);
}

inline unsigned char lower(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return (u >= 'A' && u <= 'Z') ? static_cast<unsigned char>(u + 32) : u;
}

// Case-insensitive three-way comparison (ASCII), consistent with the generator's sort of
// lower-cased names.
int icompare(std::string_view a, std::string_view b) {
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    unsigned char x = lower(a[i]), y = lower(b[i]);
    if (x != y) return x < y ? -1 : 1;
  }
  if (a.size() == b.size()) return 0;
  return a.size() < b.size() ? -1 : 1;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && icompare(a, b) == 0;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && icompare(s.substr(0, prefix.size()), prefix) == 0;
}

bool has_wildcard(std::string_view s) {  // find_first_of("*?"), without a memchr per character
  for (char c : s)
    if (c == '*' || c == '?') return true;
  return false;
}

bool only_stars(std::string_view s) {
  return !s.empty() && s.find_first_not_of('*') == std::string_view::npos;
}

// Case-insensitive glob with '*' and '?' over the concatenation a + b (b may be empty), iterative
// with single-star backtracking: O(|pattern| * |text|) worst case, no recursion.
bool glob2(std::string_view pat, std::string_view a, std::string_view b) {
  const size_t n = a.size() + b.size();
  auto at = [&](size_t i) { return i < a.size() ? a[i] : b[i - a.size()]; };
  size_t p = 0, t = 0, star_p = std::string_view::npos, star_t = 0;
  while (t < n) {
    if (p < pat.size() && (pat[p] == '?' || (pat[p] != '*' && lower(pat[p]) == lower(at(t))))) {
      ++p;
      ++t;
    } else if (p < pat.size() && pat[p] == '*') {
      star_p = p++;
      star_t = t;
    } else if (star_p != std::string_view::npos) {
      p = star_p + 1;
      t = ++star_t;
    } else {
      return false;
    }
  }
  while (p < pat.size() && pat[p] == '*') ++p;
  return p == pat.size();
}

bool glob(std::string_view pat, std::string_view text) { return glob2(pat, text, {}); }

// ---- services ----------------------------------------------------------------------------------

std::string_view svc_prefix(uint32_t s) { return str(kSvcPrefix[s]); }

std::optional<uint32_t> find_service(std::string_view prefix) {
  uint32_t lo = 0, hi = kServiceCount;
  while (lo < hi) {
    uint32_t mid = (lo + hi) / 2;
    int c = icompare(svc_prefix(mid), prefix);
    if (c == 0) return mid;
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return std::nullopt;
}

std::string_view act_name(ActionId a) { return str(kActName[a]); }

// First action of service s whose lower-cased name is >= key (case-insensitive).
uint32_t lower_bound_action(uint32_t s, std::string_view key) {
  uint32_t lo = kSvcActBegin[s], hi = kSvcActBegin[s + 1];
  while (lo < hi) {
    uint32_t mid = (lo + hi) / 2;
    if (icompare(act_name(mid), key) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

std::optional<ActionId> find_in_service(uint32_t s, std::string_view name) {
  uint32_t i = lower_bound_action(s, name);
  if (i < kSvcActBegin[s + 1] && iequals(act_name(i), name)) return i;
  return std::nullopt;
}

// Appends every action of service s whose name matches the name glob.
void expand_in_service(uint32_t s, std::string_view name_pat, std::vector<ActionId>& out) {
  if (!has_wildcard(name_pat)) {
    if (auto a = find_in_service(s, name_pat)) out.push_back(*a);
    return;
  }
  std::string_view lit = name_pat.substr(0, name_pat.find_first_of("*?"));
  const uint32_t end = kSvcActBegin[s + 1];
  const bool tail_star = only_stars(name_pat.substr(lit.size()));
  for (uint32_t i = lit.empty() ? kSvcActBegin[s] : lower_bound_action(s, lit); i < end; ++i) {
    std::string_view nm = act_name(i);
    if (!istarts_with(nm, lit)) break;
    if (tail_star || glob(name_pat, nm)) out.push_back(i);
  }
}

// Services whose prefix matches the service part of a pattern (exact or glob).
template <typename F>
void for_each_service(std::string_view svc_pat, F&& f) {
  if (!has_wildcard(svc_pat)) {
    if (auto s = find_service(svc_pat)) f(*s);
    return;
  }
  for (uint32_t s = 0; s < kServiceCount; ++s)
    if (glob(svc_pat, svc_prefix(s))) f(s);
}

bool all_actions_match(uint32_t s, std::string_view name_pat) {
  const uint32_t b = kSvcActBegin[s], e = kSvcActBegin[s + 1];
  if (b == e) return false;
  if (only_stars(name_pat)) return true;
  for (uint32_t i = b; i < e; ++i)
    if (!glob(name_pat, act_name(i))) return false;
  return true;
}

// ---- overrides ---------------------------------------------------------------------------------

const detail::StarOverride* find_override(ActionId a) {
  if (a >= kActionCount) return nullptr;
  std::string_view svc = svc_prefix(kActSvc[a]);
  std::string_view nm = act_name(a);
  for (const auto& o : detail::star_overrides())
    if (o.service == svc && iequals(o.action, nm)) return &o;
  return nullptr;
}

// ---- suggestions -------------------------------------------------------------------------------

// Bounded optimal-string-alignment (Damerau-Levenshtein) distance, case-insensitive. Returns a
// value > bound as soon as the distance is known to exceed it.
size_t edit_distance(std::string_view a, std::string_view b, size_t bound) {
  constexpr size_t kMax = 128;
  if (a.size() > kMax || b.size() > kMax) return bound + 1;
  size_t diff = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
  if (diff > bound) return bound + 1;
  std::array<size_t, kMax + 1> prev2{}, prev{}, cur{};
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    size_t row_min = cur[0];
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      size_t v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1]))
        v = std::min(v, prev2[j - 2] + 1);
      cur[j] = v;
      row_min = std::min(row_min, v);
    }
    if (row_min > bound) return bound + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.size()];
}

size_t name_bound(size_t len) { return len <= 4 ? 1 : len <= 12 ? 2 : 3; }

// Closest action name within service s; returns the best id and distance (dist > bound: none).
std::optional<ActionId> closest_in_service(uint32_t s, std::string_view name, size_t* dist) {
  size_t bound = name_bound(name.size());
  std::optional<ActionId> best;
  size_t best_d = bound + 1;
  for (uint32_t i = kSvcActBegin[s]; i < kSvcActBegin[s + 1]; ++i) {
    size_t d = edit_distance(name, act_name(i), std::min(bound, best_d));
    if (d < best_d) {
      best_d = d;
      best = i;
    }
  }
  if (dist) *dist = best_d;
  return best;
}

// How far a misspelt service prefix may be from a real one: one edit for the usual short prefixes
// (s4 -> s3, dynamdb -> dynamodb), two for long ones; "docdb" -> "odb" is a guess, not a typo.
size_t prefix_bound(size_t len) { return len <= 8 ? 1 : 2; }

// The shortest action of service s that extends `name` at a word boundary (the next character of
// the real name is upper case: GetModelInvocationLogging -> GetModelInvocationLoggingConfiguration),
// for names long enough that the extension is not a guess. Ties: none.
std::optional<ActionId> extension_in_service(uint32_t s, std::string_view name) {
  if (name.size() < 8) return std::nullopt;
  std::optional<ActionId> best;
  bool tie = false;
  const uint32_t end = kSvcActBegin[s + 1];
  for (uint32_t i = lower_bound_action(s, name); i < end; ++i) {
    std::string_view nm = act_name(i);
    if (!istarts_with(nm, name)) break;
    if (nm.size() == name.size() || nm[name.size()] < 'A' || nm[name.size()] > 'Z') continue;
    if (!best || nm.size() < act_name(*best).size()) {
      best = i;
      tie = false;
    } else if (nm.size() == act_name(*best).size()) {
      tie = true;
    }
  }
  if (tie) return std::nullopt;
  return best;
}

// Closest action of service `sp` among those known beyond the reference (managed-policy names and
// the legacy list), within name_bound; "" when none.
std::string closest_known_beyond_reference(std::string_view sp, std::string_view name, size_t* dist) {
  const size_t bound = name_bound(name.size());
  std::string_view best;
  size_t best_d = bound + 1;
  auto consider = [&](std::string_view full) {
    size_t colon = full.find(':');
    if (colon == std::string_view::npos || !iequals(full.substr(0, colon), sp)) return;
    size_t d = edit_distance(name, full.substr(colon + 1), std::min(bound, best_d));
    if (d < best_d) {
      best_d = d;
      best = full;
    }
  };
  for (uint32_t i = 0; i < kMpActionCount; ++i) consider(str(kMpActions[i]));
  for (const auto& l : detail::legacy_actions()) consider(l.action);
  if (dist) *dist = best_d;
  return best.empty() ? std::string() : std::string(best);
}

// Do two service prefixes share a word of three or more letters ("bedrock-runtime", "bedrock")?
bool shares_word(std::string_view a, std::string_view b) {
  auto words = [](std::string_view s) {
    std::vector<std::string_view> out;
    size_t start = 0;
    for (size_t i = 0; i <= s.size(); ++i)
      if (i == s.size() || s[i] == '-') {
        if (i - start >= 3) out.push_back(s.substr(start, i - start));
        start = i + 1;
      }
    return out;
  };
  for (std::string_view x : words(a))
    for (std::string_view y : words(b))
      if (iequals(x, y)) return true;
  return false;
}

// Services people mean most often, for choosing among several with the same action name.
constexpr std::string_view kPreferredServices[] = {
    "s3",      "ec2",    "iam",        "lambda",         "dynamodb", "sqs",  "sns",
    "kms",     "logs",   "cloudwatch", "sts",            "ecr",      "ecs",  "secretsmanager",
    "ssm",     "events", "states",     "cloudformation", "kinesis",  "rds",  "apigateway",
    "execute-api", "elasticloadbalancing", "autoscaling", "route53", "cloudfront", "xray",
    "glue",    "athena", "eks",        "codebuild",      "codepipeline", "firehose",
};

// The service to suggest among those that have an action called `name` (exact, any case):
// the only one, or the most common one, or nothing when ambiguous.
std::optional<ActionId> pick_service_for(std::string_view name) {
  std::vector<ActionId> found;
  for (uint32_t s = 0; s < kServiceCount; ++s)
    if (auto a = find_in_service(s, name)) found.push_back(*a);
  if (found.empty()) return std::nullopt;
  if (found.size() == 1) return found[0];
  for (auto pref : kPreferredServices)
    for (ActionId a : found)
      if (svc_prefix(kActSvc[a]) == pref) return a;
  return std::nullopt;
}

// API operation names that are not IAM actions, and the action that authorizes them (only those
// with a single obvious answer; tests check the targets exist and the sources do not).
struct ApiAlias {
  std::string_view api, action;
};
constexpr ApiAlias kApiAliases[] = {
    {"s3:HeadBucket", "s3:ListBucket"},
    {"s3:HeadObject", "s3:GetObject"},
    {"s3:ListObjects", "s3:ListBucket"},
    {"s3:ListObjectsV2", "s3:ListBucket"},
    {"s3:ListObjectVersions", "s3:ListBucketVersions"},
    {"s3:DeleteObjects", "s3:DeleteObject"},
    {"s3:CreateMultipartUpload", "s3:PutObject"},
    {"s3:UploadPart", "s3:PutObject"},
    {"s3:CompleteMultipartUpload", "s3:PutObject"},
    {"lambda:Invoke", "lambda:InvokeFunction"},
    {"sqs:SendMessageBatch", "sqs:SendMessage"},
    {"sqs:DeleteMessageBatch", "sqs:DeleteMessage"},
};

std::string full_name(ActionId a) {
  std::string s(svc_prefix(kActSvc[a]));
  s += ':';
  s += act_name(a);
  return s;
}

}  // namespace

// ---- IamCatalog --------------------------------------------------------------------------------

const IamCatalog& IamCatalog::instance() {
  static constexpr IamCatalog kCatalog{};
  return kCatalog;
}

std::string_view IamCatalog::data_version() const { return kIamDataVersion; }
std::string_view IamCatalog::managed_policies_version() const { return kManagedPoliciesVersion; }
size_t IamCatalog::action_count() const { return kActionCount; }
size_t IamCatalog::service_count() const { return kServiceCount; }

bool IamCatalog::service_exists(std::string_view prefix) const {
  return find_service(prefix).has_value();
}

namespace {

std::optional<ActionId> find_action_uncached(std::string_view full_name) {
  size_t colon = full_name.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  auto s = find_service(full_name.substr(0, colon));
  if (!s) return std::nullopt;
  return find_in_service(*s, full_name.substr(colon + 1));
}

struct TextHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

}  // namespace

std::optional<ActionId> IamCatalog::find_action(std::string_view full_name) const {
  // Rules look up the same few action names many times (every statement, several rules each), and
  // the two case-insensitive binary searches cost ~1,200 instructions: remember the answers, per
  // thread so --jobs needs no lock. Bounded, for templates full of arbitrary text: 4,096 entries,
  // none longer than 128 characters (the longest action name is 71).
  thread_local std::unordered_map<std::string, std::optional<ActionId>, TextHash, std::equal_to<>> memo;
  if (full_name.size() > 128) return find_action_uncached(full_name);
  if (auto it = memo.find(full_name); it != memo.end()) return it->second;
  if (memo.size() >= 4096) memo.clear();
  auto id = find_action_uncached(full_name);
  memo.emplace(std::string(full_name), id);
  return id;
}

std::vector<ActionId> IamCatalog::expand(std::string_view pattern) const {
  std::vector<ActionId> out;
  if (pattern.empty()) return out;
  if (only_stars(pattern)) {
    out.resize(kActionCount);
    for (uint32_t i = 0; i < kActionCount; ++i) out[i] = i;
    return out;
  }
  size_t colon = pattern.find(':');
  if (colon != std::string_view::npos) {
    std::string_view sp = pattern.substr(0, colon), np = pattern.substr(colon + 1);
    // Services are visited in prefix order and their actions are contiguous and ascending, so
    // `out` comes out sorted and unique.
    for_each_service(sp, [&](uint32_t s) { expand_in_service(s, np, out); });
    return out;
  }
  // No ':' -- the glob runs over the whole "svc:Name" (IAM's own matching), e.g. "*Object".
  for (uint32_t s = 0; s < kServiceCount; ++s) {
    std::string prefix(svc_prefix(s));
    prefix += ':';
    for (uint32_t i = kSvcActBegin[s]; i < kSvcActBegin[s + 1]; ++i)
      if (glob2(pattern, prefix, act_name(i))) out.push_back(i);
  }
  return out;
}

bool IamCatalog::covers_whole_service(std::string_view pattern, std::string* service) const {
  if (only_stars(pattern)) {
    if (service) *service = "*";
    return true;
  }
  size_t colon = pattern.find(':');
  if (colon != std::string_view::npos) {
    std::string_view sp = pattern.substr(0, colon), np = pattern.substr(colon + 1);
    if (only_stars(sp) && only_stars(np)) {  // "*:*"
      if (service) *service = "*";
      return true;
    }
    bool found = false;
    for_each_service(sp, [&](uint32_t s) {
      if (found || !all_actions_match(s, np)) return;
      found = true;
      if (service) *service = std::string(svc_prefix(s));
    });
    return found;
  }
  for (uint32_t s = 0; s < kServiceCount; ++s) {
    std::string prefix(svc_prefix(s));
    prefix += ':';
    bool all = kSvcActBegin[s] < kSvcActBegin[s + 1];
    for (uint32_t i = kSvcActBegin[s]; all && i < kSvcActBegin[s + 1]; ++i)
      all = glob2(pattern, prefix, act_name(i));
    if (all) {
      if (service) *service = std::string(svc_prefix(s));
      return true;
    }
  }
  return false;
}

std::string IamCatalog::action_name(ActionId a) const {
  if (a >= kActionCount) return {};
  return full_name(a);
}

std::string_view IamCatalog::action_local_name(ActionId a) const {
  if (a >= kActionCount) return {};
  return act_name(a);
}

std::string_view IamCatalog::action_service(ActionId a) const {
  if (a >= kActionCount) return {};
  return svc_prefix(kActSvc[a]);
}

AccessLevel IamCatalog::access_level(ActionId a) const {
  if (a >= kActionCount || kActLevel[a] > static_cast<uint8_t>(AccessLevel::Unknown))
    return AccessLevel::Unknown;
  return static_cast<AccessLevel>(kActLevel[a]);
}

std::span<const ActionResource> IamCatalog::action_resources(ActionId a) const {
  if (a >= kActionCount) return {};
  uint32_t r = kActRes[a];
  return std::span<const ActionResource>(kResPool + (r >> kListCountBits), r & kCountMask);
}

std::vector<std::string_view> IamCatalog::action_condition_keys(ActionId a) const {
  std::vector<std::string_view> out;
  if (a >= kActionCount) return out;
  uint32_t r = kActCond[a];
  out.reserve(r & kCountMask);
  for (uint32_t i = 0; i < (r & kCountMask); ++i) out.push_back(str(kKeyPool[(r >> kListCountBits) + i]));
  return out;
}

std::vector<std::string_view> IamCatalog::action_resource_condition_keys(ActionId a) const {
  std::vector<std::string_view> out;
  if (a >= kActionCount) return out;
  uint32_t r = kActResCond[a];
  out.reserve(r & kCountMask);
  for (uint32_t i = 0; i < (r & kCountMask); ++i) out.push_back(str(kKeyPool[(r >> kListCountBits) + i]));
  return out;
}

bool IamCatalog::is_legacy_action(std::string_view full_name) const {
  for (const auto& l : detail::legacy_actions())
    if (iequals(l.action, full_name)) return true;
  return false;
}

std::string_view IamCatalog::service_prefix(size_t service) const {
  return service < kServiceCount ? svc_prefix(static_cast<uint32_t>(service)) : std::string_view();
}

namespace {
std::vector<std::string_view> key_list(uint32_t ref) {
  std::vector<std::string_view> out;
  out.reserve(ref & kCountMask);
  for (uint32_t i = 0; i < (ref & kCountMask); ++i) out.push_back(str(kKeyPool[(ref >> kListCountBits) + i]));
  return out;
}
}  // namespace

std::vector<std::string_view> IamCatalog::service_condition_keys(size_t service) const {
  if (service >= kServiceCount) return {};
  return key_list(kSvcCond[service]);
}

std::vector<std::string_view> IamCatalog::global_condition_keys() const { return key_list(kGlobalCond); }

std::string_view IamCatalog::resource_type_service(ResourceTypeId r) const {
  if (r >= kResourceTypeCount) return {};
  return svc_prefix(kRtSvc[r]);
}

std::string_view IamCatalog::resource_type_name(ResourceTypeId r) const {
  if (r >= kResourceTypeCount) return {};
  return str(kRtKey[r]);
}

std::string_view IamCatalog::resource_type_arn(ResourceTypeId r) const {
  if (r >= kResourceTypeCount) return {};
  return str(kRtArn[r]);
}

std::vector<std::string_view> IamCatalog::resource_type_condition_keys(ResourceTypeId r) const {
  std::vector<std::string_view> out;
  if (r >= kResourceTypeCount) return out;
  uint32_t l = kRtCond[r];
  out.reserve(l & kCountMask);
  for (uint32_t i = 0; i < (l & kCountMask); ++i) out.push_back(str(kKeyPool[(l >> kListCountBits) + i]));
  return out;
}

bool IamCatalog::star_resource_is_normal(ActionId a) const {
  if (a >= kActionCount) return false;
  if ((kActRes[a] & kCountMask) == 0) return true;
  return find_override(a) != nullptr;
}

std::string_view IamCatalog::star_override_reason(ActionId a) const {
  const auto* o = find_override(a);
  return o ? o->reason : std::string_view{};
}

bool IamCatalog::override_scoping_key(ActionId a, std::string_view key) const {
  const auto* o = find_override(a);
  if (!o || key.empty()) return false;
  std::string_view keys = o->scoping_keys;
  while (!keys.empty()) {
    size_t sp = keys.find(' ');
    std::string_view k = keys.substr(0, sp);
    if (iequals(k, key)) return true;
    if (sp == std::string_view::npos) break;
    keys.remove_prefix(sp + 1);
  }
  return false;
}

bool IamCatalog::container_scoping_key(ActionId a, std::string_view key) const {
  for (const auto& c : detail::container_scoping_keys()) {
    if (!iequals(c.key, key)) continue;
    auto listed = action_condition_keys(a);
    if (std::none_of(listed.begin(), listed.end(), [&](std::string_view k) { return iequals(k, c.key); }))
      return false;
    auto types = action_resources(a);
    if (types.empty()) return false;
    return std::all_of(types.begin(), types.end(), [&](const ActionResource& r) {
      return resource_type_arn(r.type).find(c.placeholder) != std::string_view::npos;
    });
  }
  return false;
}

std::string IamCatalog::suggest(std::string_view bad) const {
  while (!bad.empty() && (bad.front() == ' ' || bad.front() == '\t')) bad.remove_prefix(1);
  while (!bad.empty() && (bad.back() == ' ' || bad.back() == '\t')) bad.remove_suffix(1);
  if (bad.empty() || bad.size() > 200) return {};
  if (auto a = find_action(bad)) return full_name(*a);  // not misspelt: its canonical spelling
  size_t colon = bad.find(':');

  if (colon == std::string_view::npos) {
    if (has_wildcard(bad)) return {};
    // "GetObject": the service that has it (the only one, or the usual one).
    if (auto a = pick_service_for(bad)) return full_name(*a);
    // "s3GetObject": a known prefix glued to a known action.
    for (uint32_t s = 0; s < kServiceCount; ++s) {
      std::string_view p = svc_prefix(s);
      if (bad.size() > p.size() && istarts_with(bad, p))
        if (auto a = find_in_service(s, bad.substr(p.size()))) return full_name(*a);
    }
    return {};
  }

  std::string_view sp = bad.substr(0, colon), np = bad.substr(colon + 1);
  if (np.empty()) return {};
  auto svc = find_service(sp);

  if (has_wildcard(bad)) {
    // Only a misspelt service is fixable here ("s4:Get*" -> "s3:Get*").
    if (svc || has_wildcard(sp)) return {};
    size_t bound = prefix_bound(sp.size());
    for (size_t d = 1; d <= bound; ++d)
      for (uint32_t s = 0; s < kServiceCount; ++s) {
        if (edit_distance(sp, svc_prefix(s), d) != d) continue;
        std::vector<ActionId> tmp;
        expand_in_service(s, np, tmp);
        if (!tmp.empty()) return std::string(svc_prefix(s)) + ":" + std::string(np);
      }
    return {};
  }

  if (svc) {
    for (const auto& al : kApiAliases)
      if (iequals(al.api, bad)) return std::string(al.action);
    size_t d = SIZE_MAX;
    auto a = closest_in_service(*svc, np, &d);
    // Actions of this service known beyond the reference (Clarification 22) are candidates too
    // (SNS:Recieve -> sns:Receive, budgets:CreateBudgets -> budgets:CreateBudget).
    size_t de = SIZE_MAX;
    std::string extra = closest_known_beyond_reference(sp, np, &de);
    if (!extra.empty() && (!a || de < d)) return extra;
    if (a) return full_name(*a);
    // A known action that extends the written one at a word boundary
    // (bedrock:GetModelInvocationLogging -> GetModelInvocationLoggingConfiguration).
    if (auto a = extension_in_service(*svc, np)) return full_name(*a);
    // The prefix is a real service: an action of another service would be a guess
    // (SNS:Receive is not iot:Receive). No suggestion rather than a far-fetched one.
    return {};
  }

  // Unknown service prefix: the closest prefix that has this action, else the service that has
  // it, else the closest prefix with the closest action name.
  size_t bound = prefix_bound(sp.size());
  for (size_t d = 1; d <= bound; ++d)
    for (uint32_t s = 0; s < kServiceCount; ++s)
      if (edit_distance(sp, svc_prefix(s), d) == d)
        if (auto a = find_in_service(s, np)) return full_name(*a);
  // The service that has this action, when its prefix shares a word with the written one
  // (bedrock-runtime:InvokeModel -> bedrock:InvokeModel); gamesparks:GetExtension is not
  // appconfig:GetExtension.
  if (auto a = pick_service_for(np); a && shares_word(sp, svc_prefix(kActSvc[*a]))) return full_name(*a);
  for (size_t d = 1; d <= bound; ++d) {
    std::optional<ActionId> best;
    size_t best_d = SIZE_MAX;
    for (uint32_t s = 0; s < kServiceCount; ++s) {
      if (edit_distance(sp, svc_prefix(s), d) != d) continue;
      size_t nd = 0;
      if (auto a = closest_in_service(s, np, &nd); a && nd < best_d) {
        best = a;
        best_d = nd;
      }
    }
    if (best) return full_name(*best);
  }
  return {};
}

std::string_view IamCatalog::known_beyond_reference(std::string_view action) const {
  constexpr std::string_view kManaged = "named in AWS managed policies";
  size_t colon = action.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == action.size()) return {};
  if (!has_wildcard(action)) {
    const uint32_t* b = kMpActions;
    const uint32_t* e = kMpActions + kMpActionCount;
    const uint32_t* it =
        std::lower_bound(b, e, action, [](uint32_t ref, std::string_view x) { return icompare(str(ref), x) < 0; });
    if (it != e && iequals(str(*it), action)) return kManaged;
    for (uint32_t i = 0; i < kMpPatternCount; ++i)
      if (glob(str(kMpPatterns[i]), action)) return kManaged;
    for (const auto& l : detail::legacy_actions())
      if (iequals(l.action, action)) return l.evidence;
    return {};
  }
  // A wildcard: it names something AWS accepts when it matches such an action, or when AWS's own
  // policies grant wildcards of a service the reference does not know ("deepracer:*").
  std::string_view sp = action.substr(0, colon);
  for (uint32_t i = 0; i < kMpActionCount; ++i)
    if (glob(action, str(kMpActions[i]))) return kManaged;
  if (!has_wildcard(sp))
    for (uint32_t i = 0; i < kMpPatternCount; ++i) {
      std::string_view p = str(kMpPatterns[i]);
      if (iequals(p.substr(0, p.find(':')), sp)) return kManaged;
    }
  for (const auto& l : detail::legacy_actions())
    if (glob(action, l.action)) return l.evidence;
  return {};
}

const ManagedPolicy* IamCatalog::find_managed_policy(std::string_view name_or_arn) const {
  std::string_view name = name_or_arn;
  std::string_view path;  // "/service-role/AWSLambdaRole" when an ARN was given
  if (name_or_arn.substr(0, 4) == "arn:") {
    std::string_view rest = name_or_arn.substr(4);
    size_t c = rest.find(':');  // partition: any text without ':'
    if (c == std::string_view::npos) return nullptr;
    rest = rest.substr(c + 1);
    constexpr std::string_view kMid = "iam::aws:policy/";
    if (rest.substr(0, kMid.size()) != kMid) return nullptr;
    path = rest.substr(kMid.size() - 1);
    name = path.substr(path.rfind('/') + 1);
  }
  if (name.empty()) return nullptr;
  const ManagedPolicy* b = kManagedPolicies;
  const ManagedPolicy* e = kManagedPolicies + kManagedPolicyCount;
  const ManagedPolicy* it =
      std::lower_bound(b, e, name, [](const ManagedPolicy& p, std::string_view n) { return p.name < n; });
  if (it == e || it->name != name) return nullptr;
  if (!path.empty()) {
    constexpr std::string_view kArnHead = "arn:aws:iam::aws:policy";
    if (it->arn.substr(kArnHead.size()) != path) return nullptr;  // wrong path: not that policy
  }
  return it;
}

size_t IamCatalog::managed_policy_count() const { return kManagedPolicyCount; }

namespace {

// The name part of a managed policy name or ARN ("arn:aws:iam::aws:policy/service-role/X" -> "X").
std::string_view managed_policy_name(std::string_view name_or_arn) {
  if (name_or_arn.substr(0, 4) != "arn:") return name_or_arn;
  size_t slash = name_or_arn.rfind('/');
  return slash == std::string_view::npos ? std::string_view{} : name_or_arn.substr(slash + 1);
}

}  // namespace

const DeprecatedManagedPolicy* IamCatalog::find_deprecated_managed_policy(std::string_view name_or_arn) const {
  std::string_view name = managed_policy_name(name_or_arn);
  for (const auto& d : detail::deprecated_managed_policies())
    if (d.name == name) return &d;
  return nullptr;
}

const ManagedPolicy* IamCatalog::closest_managed_policy(std::string_view name_or_arn) const {
  std::string_view name = managed_policy_name(name_or_arn);
  if (name.empty() || name.size() > 128) return nullptr;
  const ManagedPolicy* b = kManagedPolicies;
  const ManagedPolicy* e = kManagedPolicies + kManagedPolicyCount;
  // The same name under another path ("service-role/" missing or extra).
  const ManagedPolicy* it =
      std::lower_bound(b, e, name, [](const ManagedPolicy& p, std::string_view n) { return p.name < n; });
  if (it != e && it->name == name) return it;
  // Only the case differs (IAM names are case-sensitive: AmazonS3FullAccess, not AmazonS3Fullaccess).
  for (const ManagedPolicy* p = b; p != e; ++p)
    if (iequals(p->name, name)) return p;
  // The nearest name within a few edits (AdministratorAcess -> AdministratorAccess).
  const size_t bound = name.size() <= 12 ? 2 : 3;
  const ManagedPolicy* best = nullptr;
  size_t best_d = bound + 1;
  for (const ManagedPolicy* p = b; p != e; ++p) {
    size_t d = edit_distance(name, p->name, std::min(bound, best_d));
    if (d < best_d) {
      best_d = d;
      best = p;
    }
  }
  return best;
}

}  // namespace iamlint
