// The IAM policy grammar, as AWS documents it:
//   elements:  https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
//              (policy = Version, Id, Statement; statement = Sid, Effect, Principal | NotPrincipal,
//              Action | NotAction, Resource | NotResource, Condition)
//   operators: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
//              (the String, Numeric, Date, Bool, Binary, IP address and ARN operators, Null; an
//              IfExists suffix on any of them but Null; ForAllValues:/ForAnyValue: set qualifiers)
// Reviewed against awsdocs/iam-user-guide doc_source/reference_policies_elements_condition_operators.md
// (commit 651083f). A language list, not service data: it changes only when AWS adds an operator.
#include "lint/iam/policy_grammar.h"

#include <algorithm>
#include <vector>

#include "lint/ascii.h"

namespace iamlint::grammar {
namespace {

char lower(char c) { return ascii_lower(c); }
bool iequals(std::string_view a, std::string_view b) { return ascii_iequals(a, b); }

bool istarts_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && iequals(s.substr(0, p.size()), p);
}
bool iends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && iequals(s.substr(s.size() - p.size()), p);
}

constexpr std::string_view kDocumentElements[] = {"Version", "Id", "Statement"};
constexpr std::string_view kStatementElements[] = {"Sid",       "Effect",   "Principal",   "NotPrincipal", "Action",
                                                   "NotAction", "Resource", "NotResource", "Condition"};

struct OperatorDef {
  std::string_view name;
  OperatorType type;
};
constexpr OperatorDef kOperators[] = {
    {"StringEquals", OperatorType::String},
    {"StringNotEquals", OperatorType::String},
    {"StringEqualsIgnoreCase", OperatorType::String},
    {"StringNotEqualsIgnoreCase", OperatorType::String},
    {"StringLike", OperatorType::String},
    {"StringNotLike", OperatorType::String},
    {"NumericEquals", OperatorType::Numeric},
    {"NumericNotEquals", OperatorType::Numeric},
    {"NumericLessThan", OperatorType::Numeric},
    {"NumericLessThanEquals", OperatorType::Numeric},
    {"NumericGreaterThan", OperatorType::Numeric},
    {"NumericGreaterThanEquals", OperatorType::Numeric},
    {"DateEquals", OperatorType::Date},
    {"DateNotEquals", OperatorType::Date},
    {"DateLessThan", OperatorType::Date},
    {"DateLessThanEquals", OperatorType::Date},
    {"DateGreaterThan", OperatorType::Date},
    {"DateGreaterThanEquals", OperatorType::Date},
    {"Bool", OperatorType::Bool},
    {"BinaryEquals", OperatorType::Binary},
    {"IpAddress", OperatorType::Ip},
    {"NotIpAddress", OperatorType::Ip},
    {"ArnEquals", OperatorType::Arn},
    {"ArnLike", OperatorType::Arn},
    {"ArnNotEquals", OperatorType::Arn},
    {"ArnNotLike", OperatorType::Arn},
    {"Null", OperatorType::Null},
};

template <size_t N>
std::string_view find_ci(const std::string_view (&list)[N], std::string_view key) {
  for (auto e : list)
    if (iequals(e, key)) return e;
  return {};
}

// The closest element within a small edit distance, or one the key contains or extends
// ("dAction", "Actions").
template <size_t N>
std::string_view closest_of(const std::string_view (&list)[N], std::string_view key) {
  std::string_view best;
  size_t best_d = 3;
  for (auto e : list) {
    size_t d = edit_distance_ci(key, e, best_d);
    if (d < best_d) {
      best = e;
      best_d = d;
    }
  }
  return best;
}

bool digits(std::string_view s, size_t n) {
  if (s.size() < n) return false;
  for (size_t i = 0; i < n; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

bool ipv4(std::string_view s) {
  int parts = 0;
  size_t i = 0;
  while (true) {
    size_t b = i;
    unsigned v = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - b < 3) v = v * 10 + static_cast<unsigned>(s[i++] - '0');
    if (i == b || v > 255) return false;
    ++parts;
    if (i == s.size()) break;
    if (s[i] != '.' || parts == 4) return false;
    ++i;
  }
  return parts == 4;
}

bool ipv6(std::string_view s) {
  if (s.find(':') == std::string_view::npos || s.size() > 45) return false;
  int groups = 0;
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = lower(s[i]);
    if (c == ':') {
      run = 0;
      continue;
    }
    if (c == '.') return ipv4(s.substr(s.rfind(':') + 1));  // ::ffff:10.0.0.1
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) || ++run > 4) return false;
    if (run == 1) ++groups;
  }
  return groups <= 8;
}

}  // namespace

std::string_view document_element(std::string_view key) { return find_ci(kDocumentElements, key); }
std::string_view statement_element(std::string_view key) { return find_ci(kStatementElements, key); }
std::string_view closest_statement_element(std::string_view key) { return closest_of(kStatementElements, key); }
std::string_view closest_document_element(std::string_view key) { return closest_of(kDocumentElements, key); }

ConditionOperator parse_condition_operator(std::string_view op) {
  ConditionOperator out;
  std::string_view rest = op;
  if (istarts_with(rest, "ForAllValues:"))
    rest.remove_prefix(13);
  else if (istarts_with(rest, "ForAnyValue:"))
    rest.remove_prefix(12);
  bool if_exists = false;
  if (iends_with(rest, "IfExists") && rest.size() > 8) {
    if_exists = true;
    rest.remove_suffix(8);
  }
  for (const auto& o : kOperators)
    if (iequals(o.name, rest)) {
      out.base = o.name;
      out.type = o.type;
      out.valid = true;
    }
  if (out.valid && if_exists && out.type == OperatorType::Null) {
    out.valid = false;
    out.reason = "Null takes no IfExists (it already tests whether the key exists)";
  }
  return out;
}

std::string closest_condition_operator(std::string_view op) {
  std::string_view qualifier;
  std::string_view rest = op;
  if (istarts_with(rest, "ForAllValues:"))
    qualifier = rest.substr(0, 13);
  else if (istarts_with(rest, "ForAnyValue:"))
    qualifier = rest.substr(0, 12);
  rest.remove_prefix(qualifier.size());
  std::string_view suffix;
  if (iends_with(rest, "IfExists") && rest.size() > 8) {
    suffix = "IfExists";
    rest.remove_suffix(8);
  }
  std::string_view best;
  size_t best_d = std::max<size_t>(3, rest.size() / 4) + 1;
  for (const auto& o : kOperators) {
    size_t d = edit_distance_ci(rest, o.name, best_d);
    if (d < best_d) {
      best = o.name;
      best_d = d;
    }
  }
  if (best.empty()) return {};
  if (best == "Null") suffix = {};
  return std::string(qualifier) + std::string(best) + std::string(suffix);
}

bool is_date_value(std::string_view v) {
  // Epoch seconds (aws:EpochTime style): digits only.
  if (!v.empty() && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) return true;
  // ISO 8601: YYYY-MM-DD, optionally THH:MM[:SS[.fff]] and Z or +HH[:]MM.
  if (!digits(v, 4) || v.size() < 10 || v[4] != '-' || !digits(v.substr(5), 2) || v[7] != '-' ||
      !digits(v.substr(8), 2))
    return false;
  std::string_view t = v.substr(10);
  if (t.empty()) return true;
  if ((t[0] != 'T' && t[0] != 't' && t[0] != ' ') || !digits(t.substr(1), 2) || t.size() < 6 || t[3] != ':' ||
      !digits(t.substr(4), 2))
    return false;
  t.remove_prefix(6);
  if (!t.empty() && t[0] == ':') {
    if (!digits(t.substr(1), 2)) return false;
    t.remove_prefix(3);
    if (!t.empty() && (t[0] == '.' || t[0] == ',')) {
      size_t i = 1;
      while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
      if (i == 1) return false;
      t.remove_prefix(i);
    }
  }
  if (t.empty() || t == "Z" || t == "z") return true;
  if (t[0] != '+' && t[0] != '-') return false;
  t.remove_prefix(1);
  if (t.size() == 5 && digits(t, 2) && t[2] == ':' && digits(t.substr(3), 2)) return true;
  return (t.size() == 4 && digits(t, 4)) || (t.size() == 2 && digits(t, 2));
}

bool is_ip_value(std::string_view v) {
  size_t slash = v.find('/');
  std::string_view addr = v.substr(0, slash);
  bool v4 = ipv4(addr);
  if (!v4 && !ipv6(addr)) return false;
  if (slash == std::string_view::npos) return true;
  std::string_view bits = v.substr(slash + 1);
  if (bits.empty() || bits.size() > 3 || !digits(bits, bits.size())) return false;
  int n = 0;
  for (char c : bits) n = n * 10 + (c - '0');
  return n <= (v4 ? 32 : 128);
}

bool is_bool_value(std::string_view v) { return iequals(v, "true") || iequals(v, "false"); }

bool is_numeric_value(std::string_view v) {
  size_t i = 0;
  if (i < v.size() && (v[i] == '-' || v[i] == '+')) ++i;
  size_t int_digits = 0, frac_digits = 0;
  while (i < v.size() && v[i] >= '0' && v[i] <= '9') ++i, ++int_digits;
  if (i < v.size() && v[i] == '.') {
    ++i;
    while (i < v.size() && v[i] >= '0' && v[i] <= '9') ++i, ++frac_digits;
  }
  return i == v.size() && int_digits + frac_digits > 0;
}

bool is_arn_value(std::string_view v) {
  if (istarts_with(v, "arn:")) return true;
  return !v.empty() && v.find_first_not_of("*?") == std::string_view::npos;
}

size_t edit_distance_ci(std::string_view a, std::string_view b, size_t limit) {
  if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > limit) return limit + 1;
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    size_t row_min = cur[0];
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t sub = prev[j - 1] + (lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > limit) return limit + 1;
    std::swap(prev, cur);
  }
  return std::min(prev[b.size()], limit + 1);
}

}  // namespace iamlint::grammar
