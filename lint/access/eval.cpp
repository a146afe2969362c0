#include "lint/access/eval.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "lint/ascii.h"

namespace iamlint::access {
namespace {

char lc(char c) { return ascii_lower(c); }
std::string lower(std::string_view s) { return ascii_lower(s); }
bool iequals(std::string_view a, std::string_view b) { return ascii_iequals(a, b); }

bool is_marker(char c) { return c == kSymOpaque || c == kSymUnique; }

// Plain glob (`*`, `?`) without symbols: the hot path. Linear with one backtrack point.
bool glob_plain(std::string_view p, std::string_view t, bool ci) {
  size_t pi = 0, ti = 0, star = std::string_view::npos, mark = 0;
  while (ti < t.size()) {
    if (pi < p.size() && (p[pi] == '?' || (ci ? lc(p[pi]) == lc(t[ti]) : p[pi] == t[ti])) && p[pi] != '*') {
      ++pi;
      ++ti;
    } else if (pi < p.size() && p[pi] == '*') {
      star = pi++;
      mark = ti;
    } else if (star != std::string_view::npos) {
      pi = star + 1;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

struct Tok {
  enum Kind : uint8_t { Char, Star, Quest, FieldAny, SymO, SymU } kind = Char;
  char c = 0;
  uint32_t id = 0;
};

uint32_t decode_id(std::string_view s, size_t at) {
  if (at + kSymLen > s.size()) return 0;
  return (static_cast<uint32_t>(s[at + 1] - 0x40) << 12) | (static_cast<uint32_t>(s[at + 2] - 0x40) << 6) |
         static_cast<uint32_t>(s[at + 3] - 0x40);
}

void tokenize(std::string_view s, bool pattern, std::vector<Tok>& out) {
  out.clear();
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (is_marker(c) && i + kSymLen <= s.size()) {
      out.push_back({c == kSymOpaque ? Tok::SymO : Tok::SymU, 0, decode_id(s, i)});
      i += kSymLen - 1;
    } else if (pattern && c == '*') {
      out.push_back({Tok::Star, c, 0});
    } else if (pattern && c == '?') {
      out.push_back({Tok::Quest, c, 0});
    } else if (is_field_any(c)) {
      // In a request a pseudo parameter is as good as any text of its field.
      out.push_back({pattern ? Tok::FieldAny : Tok::SymO, c, 0xFFFFFF});
    } else {
      out.push_back({Tok::Char, c, 0});
    }
  }
}

class Glob3 {
 public:
  Glob3(const std::vector<Tok>& p, const std::vector<Tok>& t, bool ci) : p_(p), t_(t), ci_(ci) {
    memo_.assign((p.size() + 1) * (t.size() + 1), 3);
  }
  Tri run() { return m(0, 0); }

 private:
  Tri m(size_t i, size_t j) {
    uint8_t& slot = memo_[i * (t_.size() + 1) + j];
    if (slot != 3) return static_cast<Tri>(slot);
    Tri r = compute(i, j);
    slot = static_cast<uint8_t>(r);
    return r;
  }
  Tri compute(size_t i, size_t j) {
    if (i == p_.size()) {
      if (j == t_.size()) return Tri::True;
      return Tri::False;
    }
    const Tok& pt = p_[i];
    if (pt.kind == Tok::Star) {
      Tri best = Tri::False;
      for (size_t k = j; k <= t_.size() && best != Tri::True; ++k) best = tri_or(best, m(i + 1, k));
      return best;
    }
    if (pt.kind == Tok::FieldAny) {
      Tri best = Tri::False;
      for (size_t k = j; k <= t_.size() && best != Tri::True; ++k) {
        if (k > j && t_[k - 1].kind == Tok::Char && (t_[k - 1].c == ':' || t_[k - 1].c == '/')) break;
        best = tri_or(best, m(i + 1, k));
      }
      return best;
    }
    if (pt.kind == Tok::SymO) {
      Tri best = Tri::False;
      if (j < t_.size() && t_[j].kind == Tok::SymO && t_[j].id == pt.id) best = m(i + 1, j + 1);
      // The parameter's value may be any text: a match is possible, not certain.
      for (size_t k = j; k <= t_.size() && best < Tri::Unknown; ++k) best = tri_or(best, tri_and(Tri::Unknown, m(i + 1, k)));
      return best;
    }
    if (pt.kind == Tok::SymU) {
      if (j < t_.size() && t_[j].kind == Tok::SymU && t_[j].id == pt.id) return m(i + 1, j + 1);
      return Tri::False;
    }
    if (j == t_.size()) return Tri::False;
    const Tok& tt = t_[j];
    if (tt.kind == Tok::Char) {
      if (pt.kind == Tok::Quest) return m(i + 1, j + 1);
      bool eq = ci_ ? lc(pt.c) == lc(tt.c) : pt.c == tt.c;
      return eq ? m(i + 1, j + 1) : Tri::False;
    }
    if (tt.kind == Tok::SymU) return Tri::False;  // a generated name is no literal text
    // An opaque value in the request against literal pattern text: it may be that text.
    Tri best = Tri::False;
    for (size_t k = i; k <= p_.size() && best < Tri::Unknown; ++k) {
      best = tri_or(best, tri_and(Tri::Unknown, m(k, j + 1)));
      if (k < p_.size() && p_[k].kind != Tok::Char && p_[k].kind != Tok::Quest) break;
    }
    return best;
  }
  const std::vector<Tok>& p_;
  const std::vector<Tok>& t_;
  bool ci_;
  std::vector<uint8_t> memo_;
};

void add_deps(std::string_view s, const SymbolTable* syms, std::vector<std::string>* deps) {
  if (!deps) return;
  for (size_t i = 0; i < s.size(); ++i)
    if (s[i] == kSymOpaque && i + kSymLen <= s.size()) {
      std::string name = syms ? std::string(syms->name_at(s.substr(i))) : std::string("a value known at deploy time");
      if (std::find(deps->begin(), deps->end(), name) == deps->end()) deps->push_back(std::move(name));
      i += kSymLen - 1;
    }
}

// Splits an ARN into its first five fields and the resource part; false when it is not one.
bool split_arn(std::string_view s, std::string_view f[6]) {
  if (s.substr(0, 4) != "arn:") return false;
  size_t b = 0;
  for (int k = 0; k < 5; ++k) {
    size_t e = s.find(':', b);
    if (e == std::string_view::npos) return false;
    f[k] = s.substr(b, e - b);
    b = e + 1;
  }
  f[5] = s.substr(b);
  return true;
}

// ---- condition values ------------------------------------------------------------------------
bool parse_number(std::string_view s, double& out) {
  if (s.empty() || s.size() > 64) return false;
  char buf[65];
  std::memcpy(buf, s.data(), s.size());
  buf[s.size()] = 0;
  char* end = nullptr;
  out = std::strtod(buf, &end);
  return end && *end == 0 && std::isfinite(out);
}

// ISO 8601 (2026-01-01, 2026-01-01T12:00:00Z, with fractions and offsets) or epoch seconds.
bool parse_date(std::string_view s, double& out) {
  bool digits = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits && s.size() != 8) return parse_number(s, out);
  int Y = 0, M = 0, D = 0, h = 0, mi = 0;
  double sec = 0;
  auto num = [&](size_t& i, size_t n, int& v) {
    if (i + n > s.size()) return false;
    v = 0;
    for (size_t k = 0; k < n; ++k) {
      char c = s[i + k];
      if (c < '0' || c > '9') return false;
      v = v * 10 + (c - '0');
    }
    i += n;
    return true;
  };
  size_t i = 0;
  if (!num(i, 4, Y)) return false;
  if (i < s.size() && s[i] == '-') ++i;
  if (!num(i, 2, M)) return false;
  if (i < s.size() && s[i] == '-') ++i;
  if (!num(i, 2, D)) return false;
  double offset = 0;
  if (i < s.size() && (s[i] == 'T' || s[i] == 't' || s[i] == ' ')) {
    ++i;
    if (!num(i, 2, h)) return false;
    if (i < s.size() && s[i] == ':') ++i;
    if (!num(i, 2, mi)) return false;
    if (i < s.size() && s[i] == ':') {
      ++i;
      int si = 0;
      if (!num(i, 2, si)) return false;
      sec = si;
      if (i < s.size() && s[i] == '.') {
        ++i;
        double f = 0.1;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
          sec += (s[i] - '0') * f;
          f /= 10;
          ++i;
        }
      }
    }
    if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
      ++i;
    } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
      int sign = s[i] == '-' ? -1 : 1;
      ++i;
      int oh = 0, om = 0;
      if (!num(i, 2, oh)) return false;
      if (i < s.size() && s[i] == ':') ++i;
      if (i < s.size() && !num(i, 2, om)) return false;
      offset = sign * (oh * 3600 + om * 60);
    }
  }
  if (i != s.size() || M < 1 || M > 12 || D < 1 || D > 31 || h > 23 || mi > 59) return false;
  // Days from the civil date (Howard Hinnant's algorithm), no time zone involved.
  int y = Y - (M <= 2);
  int era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = static_cast<unsigned>(y - era * 400);
  unsigned doy = (153 * (M + (M > 2 ? -3 : 9)) + 2) / 5 + D - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  double days = era * 146097.0 + doe - 719468.0;
  out = days * 86400.0 + h * 3600 + mi * 60 + sec - offset;
  return true;
}

bool parse_ip(std::string_view s, uint8_t out[16], bool& v6) {
  std::string t(s);
  v6 = t.find(':') != std::string::npos;
  std::memset(out, 0, 16);
  if (!v6) {
    int parts = 0;
    size_t i = 0;
    while (parts < 4) {
      size_t e = i;
      int v = 0;
      while (e < t.size() && t[e] >= '0' && t[e] <= '9' && e - i < 3) v = v * 10 + (t[e++] - '0');
      if (e == i || v > 255) return false;
      out[parts++] = static_cast<uint8_t>(v);
      if (parts < 4) {
        if (e >= t.size() || t[e] != '.') return false;
        ++e;
      }
      i = e;
    }
    return i == t.size();
  }
  // IPv6: groups of hex, one "::".
  std::vector<uint16_t> head, tail;
  bool dbl = false;
  size_t i = 0;
  if (t.rfind("::", 0) == 0) {
    dbl = true;
    i = 2;
  }
  while (i < t.size()) {
    size_t e = i;
    unsigned v = 0;
    while (e < t.size() && std::isxdigit(static_cast<unsigned char>(t[e])) && e - i < 4) {
      char c = lc(t[e]);
      v = v * 16 + static_cast<unsigned>(c <= '9' ? c - '0' : c - 'a' + 10);
      ++e;
    }
    if (e == i) return false;
    (dbl ? tail : head).push_back(static_cast<uint16_t>(v));
    if (e == t.size()) {
      i = e;
      break;
    }
    if (t[e] != ':') return false;
    if (e + 1 < t.size() && t[e + 1] == ':') {
      if (dbl) return false;
      dbl = true;
      i = e + 2;
    } else {
      i = e + 1;
    }
  }
  size_t n = head.size() + tail.size();
  if (n > 8 || (!dbl && n != 8)) return false;
  std::vector<uint16_t> all = head;
  all.resize(8 - tail.size(), 0);
  all.insert(all.end(), tail.begin(), tail.end());
  for (int k = 0; k < 8; ++k) {
    out[2 * k] = static_cast<uint8_t>(all[k] >> 8);
    out[2 * k + 1] = static_cast<uint8_t>(all[k] & 0xFF);
  }
  return true;
}

bool ip_in_cidr(std::string_view ip, std::string_view cidr) {
  size_t slash = cidr.find('/');
  std::string_view net = cidr.substr(0, slash);
  uint8_t a[16], b[16];
  bool v6a = false, v6b = false;
  std::string_view ipa = ip.substr(0, ip.find('/'));
  if (!parse_ip(ipa, a, v6a) || !parse_ip(net, b, v6b) || v6a != v6b) return false;
  int bits = v6a ? 128 : 32;
  if (slash != std::string_view::npos) {
    double d = 0;
    if (!parse_number(cidr.substr(slash + 1), d) || d < 0 || d > bits) return false;
    bits = static_cast<int>(d);
  }
  for (int k = 0; k < bits; ++k) {
    int byte = k / 8, bit = 7 - k % 8;
    if (((a[byte] >> bit) & 1) != ((b[byte] >> bit) & 1)) return false;
  }
  return true;
}

CondOp positive_of(CondOp op) {
  switch (op) {
    case CondOp::StringNotEquals: return CondOp::StringEquals;
    case CondOp::StringNotEqualsIgnoreCase: return CondOp::StringEqualsIgnoreCase;
    case CondOp::StringNotLike: return CondOp::StringLike;
    case CondOp::NumericNotEquals: return CondOp::NumericEquals;
    case CondOp::DateNotEquals: return CondOp::DateEquals;
    case CondOp::NotIpAddress: return CondOp::IpAddress;
    case CondOp::ArnNotEquals: return CondOp::ArnEquals;
    case CondOp::ArnNotLike: return CondOp::ArnLike;
    default: return op;
  }
}

// One request value against one policy value under a positive operator.
Tri compare(CondOp op, std::string_view v, std::string_view p, const SymbolTable* syms, std::vector<std::string>* deps) {
  bool sym = has_symbols(v) || has_symbols(p);
  switch (op) {
    case CondOp::StringEquals:
    case CondOp::BinaryEquals:
      if (sym) {
        Tri r = glob_match3(p, v, false, syms, deps);  // wildcards are rare in StringEquals values
        return r;
      }
      return v == p ? Tri::True : Tri::False;
    case CondOp::StringEqualsIgnoreCase:
      if (sym) return glob_match3(p, v, true, syms, deps);
      return iequals(v, p) ? Tri::True : Tri::False;
    case CondOp::StringLike:
      if (sym) return glob_match3(p, v, false, syms, deps);
      return glob_plain(p, v, false) ? Tri::True : Tri::False;
    case CondOp::ArnEquals:
    case CondOp::ArnLike:
      return arn_match3(p, v, syms, deps);
    case CondOp::Bool:
      if (sym) return Tri::Unknown;
      return iequals(v, p) ? Tri::True : Tri::False;
    case CondOp::IpAddress:
      if (sym) return Tri::Unknown;
      return ip_in_cidr(v, p) ? Tri::True : Tri::False;
    default: break;
  }
  if (sym) {
    add_deps(v, syms, deps);
    add_deps(p, syms, deps);
    return Tri::Unknown;
  }
  double a = 0, b = 0;
  bool numeric = op >= CondOp::NumericEquals && op <= CondOp::NumericGreaterThanEquals;
  bool ok = numeric ? parse_number(v, a) && parse_number(p, b) : parse_date(v, a) && parse_date(p, b);
  if (!ok) return Tri::False;
  switch (op) {
    case CondOp::NumericEquals:
    case CondOp::DateEquals: return a == b ? Tri::True : Tri::False;
    case CondOp::NumericLessThan:
    case CondOp::DateLessThan: return a < b ? Tri::True : Tri::False;
    case CondOp::NumericLessThanEquals:
    case CondOp::DateLessThanEquals: return a <= b ? Tri::True : Tri::False;
    case CondOp::NumericGreaterThan:
    case CondOp::DateGreaterThan: return a > b ? Tri::True : Tri::False;
    case CondOp::NumericGreaterThanEquals:
    case CondOp::DateGreaterThanEquals: return a >= b ? Tri::True : Tri::False;
    default: return Tri::False;
  }
}

bool op_takes_variables(CondOp op) {
  return (op >= CondOp::StringEquals && op <= CondOp::StringNotLike) ||
         (op >= CondOp::ArnEquals && op <= CondOp::ArnNotLike);
}

}  // namespace

// ---- symbols ---------------------------------------------------------------------------------
std::string SymbolTable::symbol(std::string_view name, bool unique) {
  auto it = std::lower_bound(index_.begin(), index_.end(), name,
                             [](const auto& e, std::string_view n) { return e.first < n; });
  uint32_t id;
  if (it != index_.end() && it->first == name) {
    id = it->second;
  } else {
    id = static_cast<uint32_t>(names_.size());
    names_.emplace_back(name);
    index_.insert(it, {std::string(name), id});
  }
  std::string s(kSymLen, '\0');
  s[0] = unique ? kSymUnique : kSymOpaque;
  s[1] = static_cast<char>(0x40 + ((id >> 12) & 0x3F));
  s[2] = static_cast<char>(0x40 + ((id >> 6) & 0x3F));
  s[3] = static_cast<char>(0x40 + (id & 0x3F));
  return s;
}

std::string_view SymbolTable::name_at(std::string_view s) const {
  if (s.size() < kSymLen || !is_marker(s[0])) return {};
  uint32_t id = decode_id(s, 0);
  return id < names_.size() ? std::string_view(names_[id]) : std::string_view();
}

std::string SymbolTable::display(std::string_view s) const {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (is_marker(s[i]) && i + kSymLen <= s.size()) {
      out += "${";
      out += name_at(s.substr(i));
      out += "}";
      i += kSymLen - 1;
    } else if (is_field_any(s[i])) {
      out += s[i] == kFieldAny ? "${AWS::Partition}" : s[i] == kFieldAnyRegion ? "${AWS::Region}" : "${AWS::URLSuffix}";
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string literal_text(std::string_view s) {
  std::string o(s);
  for (auto& c : o)
    if (c >= '\x01' && c <= '\x06') c = '\x7f';
  return o;
}

bool has_symbols(std::string_view s) {
  for (char c : s)
    if (is_marker(c) || is_field_any(c)) return true;
  return false;
}

Tri glob_match3(std::string_view pattern, std::string_view text, bool ci, const SymbolTable* syms,
                std::vector<std::string>* deps) {
  if (!has_symbols(pattern) && !has_symbols(text)) return glob_plain(pattern, text, ci) ? Tri::True : Tri::False;
  if (pattern.size() + text.size() > 8192) {  // bounded work on absurd input
    add_deps(pattern, syms, deps);
    add_deps(text, syms, deps);
    return Tri::Unknown;
  }
  std::vector<Tok> p, t;
  tokenize(pattern, true, p);
  tokenize(text, false, t);
  Tri r = Glob3(p, t, ci).run();
  if (r == Tri::Unknown) {
    add_deps(pattern, syms, deps);
    add_deps(text, syms, deps);
  }
  return r;
}

Tri arn_match3(std::string_view pattern, std::string_view arn, const SymbolTable* syms, std::vector<std::string>* deps) {
  std::string_view pf[6], af[6];
  if (pattern == "*") return Tri::True;
  if (!split_arn(pattern, pf) || !split_arn(arn, af)) return glob_match3(pattern, arn, false, syms, deps);
  Tri r = Tri::True;
  for (int k = 1; k < 6; ++k) {
    if (k < 5 && !pf[k].empty() && pf[k].back() == '*') {
      // "If the * is the last character of a segment, it can expand to match beyond colon
      // boundaries": the rest of the pattern against the rest of the ARN.
      std::string_view prest = pattern.substr(static_cast<size_t>(pf[k].data() - pattern.data()));
      std::string_view arest = arn.substr(static_cast<size_t>(af[k].data() - arn.data()));
      Tri whole = glob_match3(prest, arest, false, syms, deps);
      Tri field = glob_match3(pf[k], af[k], false, syms, deps);
      if (field != Tri::False) {
        // Rebuild with the remaining fields in place so the field-wise rule applies to them.
        std::string_view rp[6], ra[6];
        for (int q = 0; q < 6; ++q) {
          rp[q] = q <= k ? std::string_view("x") : pf[q];
          ra[q] = q <= k ? std::string_view("x") : af[q];
        }
        std::string p2 = "arn", a2 = "arn";
        for (int q = 1; q < 6; ++q) {
          p2 += ':';
          p2 += rp[q];
          a2 += ':';
          a2 += ra[q];
        }
        field = tri_and(field, arn_match3(p2, a2, syms, deps));
      }
      return tri_and(r, tri_or(whole, field));
    }
    Tri f = glob_match3(pf[k], af[k], false, syms, deps);
    r = tri_and(r, f);
    if (r == Tri::False) return r;
  }
  return r;
}

std::string_view policy_class_name(PolicyClass c) {
  switch (c) {
    case PolicyClass::Identity: return "identity";
    case PolicyClass::Resource: return "resource";
    case PolicyClass::Trust: return "trust";
    case PolicyClass::Boundary: return "boundary";
    case PolicyClass::Scp: return "scp";
    case PolicyClass::Rcp: return "rcp";
    case PolicyClass::Session: return "session";
  }
  return "?";
}

std::string_view decision_name(Decision d) {
  switch (d) {
    case Decision::Allowed: return "allowed";
    case Decision::ExplicitDeny: return "explicit-deny";
    case Decision::ImplicitDeny: return "implicit-deny";
    case Decision::Conditional: return "conditional";
  }
  return "?";
}

ParsedOperator parse_operator(std::string_view name) {
  ParsedOperator r;
  auto strip_prefix = [&](std::string_view pre) {
    if (name.size() > pre.size() && iequals(name.substr(0, pre.size()), pre)) {
      name.remove_prefix(pre.size());
      return true;
    }
    return false;
  };
  if (strip_prefix("ForAllValues:")) r.set = SetOp::ForAllValues;
  else if (strip_prefix("ForAnyValue:")) r.set = SetOp::ForAnyValue;
  constexpr std::string_view kIfExists = "IfExists";
  if (name.size() > kIfExists.size() && name.substr(name.size() - kIfExists.size()) == kIfExists) {
    r.if_exists = true;
    name.remove_suffix(kIfExists.size());
  }
  static const std::pair<std::string_view, CondOp> kOps[] = {
      {"StringEquals", CondOp::StringEquals}, {"StringNotEquals", CondOp::StringNotEquals},
      {"StringEqualsIgnoreCase", CondOp::StringEqualsIgnoreCase},
      {"StringNotEqualsIgnoreCase", CondOp::StringNotEqualsIgnoreCase}, {"StringLike", CondOp::StringLike},
      {"StringNotLike", CondOp::StringNotLike}, {"NumericEquals", CondOp::NumericEquals},
      {"NumericNotEquals", CondOp::NumericNotEquals}, {"NumericLessThan", CondOp::NumericLessThan},
      {"NumericLessThanEquals", CondOp::NumericLessThanEquals}, {"NumericGreaterThan", CondOp::NumericGreaterThan},
      {"NumericGreaterThanEquals", CondOp::NumericGreaterThanEquals}, {"DateEquals", CondOp::DateEquals},
      {"DateNotEquals", CondOp::DateNotEquals}, {"DateLessThan", CondOp::DateLessThan},
      {"DateLessThanEquals", CondOp::DateLessThanEquals}, {"DateGreaterThan", CondOp::DateGreaterThan},
      {"DateGreaterThanEquals", CondOp::DateGreaterThanEquals}, {"Bool", CondOp::Bool},
      {"BinaryEquals", CondOp::BinaryEquals}, {"IpAddress", CondOp::IpAddress}, {"NotIpAddress", CondOp::NotIpAddress},
      {"ArnEquals", CondOp::ArnEquals}, {"ArnLike", CondOp::ArnLike}, {"ArnNotEquals", CondOp::ArnNotEquals},
      {"ArnNotLike", CondOp::ArnNotLike}, {"Null", CondOp::Null},
  };
  for (const auto& [n, op] : kOps)
    if (n == name) r.op = op;
  if (r.op == CondOp::Null && r.if_exists) r.op = CondOp::Invalid;  // NullIfExists does not exist
  return r;
}

bool op_negated(CondOp op) { return positive_of(op) != op; }

// ---- context -----------------------------------------------------------------------------------
void Context::add(std::string_view key, std::string value) {
  std::string k = lower(key);
  auto it = std::lower_bound(entries.begin(), entries.end(), k, [](const auto& e, const std::string& x) { return e.first < x; });
  if (it == entries.end() || it->first != k) it = entries.insert(it, {k, {}});
  it->second.push_back(std::move(value));
}

void Context::set(std::string_view key, std::vector<std::string> values) {
  std::string k = lower(key);
  auto it = std::lower_bound(entries.begin(), entries.end(), k, [](const auto& e, const std::string& x) { return e.first < x; });
  if (it == entries.end() || it->first != k) it = entries.insert(it, {k, {}});
  it->second = std::move(values);
}

const std::vector<std::string>* Context::find(std::string_view k) const {
  auto it = std::lower_bound(entries.begin(), entries.end(), k, [](const auto& e, std::string_view x) { return e.first < x; });
  return it != entries.end() && it->first == k ? &it->second : nullptr;
}

bool Context::known_absent(std::string_view lower_key) const {
  for (const auto& a : absent)
    if (a.back() == '/' ? lower_key.substr(0, a.size()) == a : lower_key == a) return true;
  return false;
}

const std::vector<std::string>* Context::find_ci(std::string_view key) const {
  for (char c : key)
    if (c >= 'A' && c <= 'Z') return find(lower(key));
  return find(key);
}

// ---- policy variables --------------------------------------------------------------------------
Tri substitute_variables(std::string_view in, const Request& req, std::string& out, std::vector<std::string>* deps) {
  out.clear();
  Tri r = Tri::True;
  size_t i = 0;
  while (i < in.size()) {
    size_t p = in.find("${", i);
    if (p == std::string_view::npos) {
      out.append(in.substr(i));
      break;
    }
    out.append(in.substr(i, p - i));
    size_t e = in.find('}', p + 2);
    if (e == std::string_view::npos) {
      out.append(in.substr(p));
      break;
    }
    std::string_view body = in.substr(p + 2, e - p - 2);
    i = e + 1;
    if (body == "*" || body == "?" || body == "$") {
      out += body;  // the escapes (a literal * ? $)
      continue;
    }
    std::string_view key = body, dflt;
    bool has_default = false;
    if (size_t comma = body.find(','); comma != std::string_view::npos) {
      key = body.substr(0, comma);
      std::string_view d = body.substr(comma + 1);
      while (!d.empty() && d.front() == ' ') d.remove_prefix(1);
      while (!d.empty() && d.back() == ' ') d.remove_suffix(1);
      if (d.size() >= 2 && d.front() == '\'' && d.back() == '\'') {
        dflt = d.substr(1, d.size() - 2);
        has_default = true;
      }
      while (!key.empty() && key.back() == ' ') key.remove_suffix(1);
    }
    if (key.find(':') == std::string_view::npos) {  // not a context key (a CloudFormation ${X} left as text)
      out.append(in.substr(p, e + 1 - p));
      continue;
    }
    const auto* v = req.context.find_ci(key);
    // aws:username exists only for IAM users: for anyone else it is absent, given or not.
    bool never = !v && req.principal.kind != RequestPrincipal::User && iequals(key, "aws:username");
    if (v && !v->empty()) {
      out += (*v)[0];
    } else if (has_default) {
      out += dflt;
    } else if (req.context.closed || never || req.context.known_absent(lower(key))) {
      return Tri::False;  // the key is absent: the element matches nothing
    } else {
      r = Tri::Unknown;
      if (deps) deps->push_back(std::string(key));
      out += '*';
    }
  }
  return r;
}

// ---- principals --------------------------------------------------------------------------------
namespace {
// "arn:aws:iam::123456789012:root" or "123456789012" -> the account, else "".
std::string_view account_of_root(std::string_view v) {
  std::string_view f[6];
  if (split_arn(v, f)) {
    if (f[2] == "iam" && f[5] == "root") return f[4];
    return {};
  }
  if (v.size() == 12 && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) return v;
  if (has_symbols(v) && v.find(':') == std::string_view::npos && v.find('/') == std::string_view::npos) return v;
  return {};
}

Tri equal3(std::string_view a, std::string_view b, const SymbolTable* syms, std::vector<std::string>* deps) {
  if (!has_symbols(a) && !has_symbols(b)) return a == b ? Tri::True : Tri::False;
  // Escape nothing: principals carry no wildcards (other than "*", handled by the caller).
  return glob_match3(a, b, false, syms, deps);
}
}  // namespace

Tri principal_matches(const CPrincipal& p, const RequestPrincipal& rp, const SymbolTable* syms, bool* root_delegation) {
  if (root_delegation) *root_delegation = false;
  switch (p.type) {
    case CPrincipal::Any: return Tri::True;
    case CPrincipal::Service:
      return rp.kind == RequestPrincipal::Service && iequals(p.value, rp.service) ? Tri::True : Tri::False;
    case CPrincipal::AWS: {
      if (p.value == "*") return rp.kind == RequestPrincipal::Anonymous ? Tri::True : Tri::True;
      if (rp.kind == RequestPrincipal::Service || rp.kind == RequestPrincipal::Anonymous) return Tri::False;
      std::string_view acct = account_of_root(p.value);
      if (!acct.empty()) {
        Tri t = equal3(acct, rp.account, syms, nullptr);
        if (t != Tri::False && root_delegation) *root_delegation = rp.kind != RequestPrincipal::Account;
        return t;
      }
      Tri t = equal3(p.value, rp.arn, syms, nullptr);
      if (t == Tri::True) return t;
      if (!rp.session_arn.empty()) t = tri_or(t, equal3(p.value, rp.session_arn, syms, nullptr));
      return t;
    }
    default: return Tri::False;
  }
}

// ---- statements ----------------------------------------------------------------------------------
namespace {

struct Scratch {
  std::string buf;
};

Tri action_matches(const CStatement& st, std::string_view action_lc) {
  const auto& ix = st.action_index;
  if (ix.built) {
    auto e = std::lower_bound(ix.exact.begin(), ix.exact.end(), action_lc,
                              [&](uint32_t i, std::string_view x) { return std::string_view(st.actions[i]) < x; });
    bool hit = e != ix.exact.end() && st.actions[*e] == action_lc;
    Tri unknown = Tri::False;
    std::string_view svc = action_lc.substr(0, action_lc.find(':'));
    if (!hit) {
      auto it = std::lower_bound(ix.by_service.begin(), ix.by_service.end(), svc,
                                 [](const auto& e, std::string_view x) { return e.first < x; });
      if (it != ix.by_service.end() && it->first == svc)
        for (uint32_t i : it->second)
          if (glob_plain(st.actions[i], action_lc, true)) {
            hit = true;
            break;
          }
    }
    if (!hit)
      for (uint32_t i : ix.general) {
        const std::string& a = st.actions[i];
        Tri t = has_symbols(a) ? glob_match3(a, action_lc, true, nullptr, nullptr)
                               : (glob_plain(a, action_lc, true) ? Tri::True : Tri::False);
        if (t == Tri::True) {
          hit = true;
          break;
        }
        unknown = tri_or(unknown, t);
      }
    Tri m = hit ? Tri::True : unknown;
    return st.not_action ? tri_not(m) : m;
  }
  bool any = false;
  Tri unknown = Tri::False;
  for (const auto& a : st.actions) {
    if (has_symbols(a)) {
      Tri t = glob_match3(a, action_lc, true, nullptr, nullptr);
      if (t == Tri::True) {
        any = true;
        break;
      }
      unknown = tri_or(unknown, t);
    } else if (glob_plain(a, action_lc, true)) {
      any = true;
      break;
    }
  }
  Tri m = any ? Tri::True : unknown;
  return st.not_action ? tri_not(m) : m;
}

Tri resource_matches(const CStatement& st, const Request& req, const SymbolTable* syms, std::vector<std::string>* deps,
                     Scratch& sc) {
  if (!st.has_resource) return Tri::True;  // a resource policy's statement without Resource: the resource itself
  Tri m = Tri::False;
  bool maybe_absent = false;  // a NotResource variable whose key may be absent (then: no match)
  for (const auto& r : st.resources) {
    std::string_view pat = r;
    Tri var = Tri::True;
    if (r.find("${") != std::string::npos) {
      var = substitute_variables(r, req, sc.buf, deps);
      // A variable whose key the request lacks: that entry matches nothing; a NotResource
      // element with such an entry cannot be evaluated, and its statement does not apply.
      if (var == Tri::False) {
        if (st.not_resource) return Tri::False;
        continue;
      }
      if (var == Tri::Unknown) maybe_absent = true;
      pat = sc.buf;
    }
    Tri t = tri_and(var, arn_match3(pat, req.resource, syms, deps));
    m = tri_or(m, t);
    if (m == Tri::True) break;
  }
  if (!st.not_resource) return m;
  return maybe_absent ? tri_and(tri_not(m), Tri::Unknown) : tri_not(m);
}

}  // namespace

namespace {

// The Principal / NotPrincipal element of a resource-side statement against the request.
// `root`: it matched only as the principal's account (delegation to identity policies);
// `unlimited`: it matched a user, a role session, or everyone ("*") — a grant the role's
// permissions boundary does not limit — rather than the role by its role ARN.
Tri principal_element(const CStatement& st, const Request& req, bool has_boundary, const SymbolTable* syms,
                      bool* root, bool* unlimited) {
  if (root) *root = false;
  if (unlimited) *unlimited = false;
  const RequestPrincipal& rp = req.principal;
  if (st.not_principal) {
    // AWS: "When you use NotPrincipal, you must also specify the account ARN of the not-denied
    // principal ... AWS might verify the account first and then the user ... the account, then
    // the role, and then the assumed-role user": a principal is excluded only when its account
    // and the principal itself are listed. And "The NotPrincipal element with a Deny effect will
    // always deny any IAM principal that has a permissions boundary policy attached".
    bool iam = rp.kind == RequestPrincipal::Role || rp.kind == RequestPrincipal::User;
    if (has_boundary && iam) return Tri::True;
    Tri acct = Tri::False, specific = Tri::False;
    for (const auto& pr : st.principals) {
      bool rd = false;
      Tri m = principal_matches(pr, rp, syms, &rd);
      if (pr.type == CPrincipal::Any || (pr.type == CPrincipal::AWS && pr.value == "*")) {
        acct = specific = Tri::True;
      } else if (rd || (rp.kind == RequestPrincipal::Account && m != Tri::False)) {
        acct = tri_or(acct, m);
      } else {
        specific = tri_or(specific, m);
      }
    }
    Tri excluded = rp.kind == RequestPrincipal::Account ? acct
                   : (iam ? tri_and(acct, specific) : tri_or(acct, specific));
    return tri_not(excluded);
  }
  Tri p = Tri::False;
  for (const auto& pr : st.principals) {
    bool rd = false;
    Tri m = principal_matches(pr, rp, syms, &rd);
    if (m != Tri::False) {
      if (rd && root) *root = true;
      if (!rd && unlimited) {
        bool by_role_arn = rp.kind == RequestPrincipal::Role && pr.type == CPrincipal::AWS && pr.value != "*" &&
                           equal3(pr.value, rp.arn, syms, nullptr) != Tri::False;
        *unlimited = *unlimited || !by_role_arn;
      }
    }
    p = tri_or(p, m);
  }
  return p;
}

}  // namespace

Tri Evaluator::condition_holds(const CCondition& c, const Request& req) const {
  if (c.op.op == CondOp::Invalid) return Tri::False;  // IAM rejects it; as written it never matches
  const std::vector<std::string>* vals = req.context.find(c.key);
  bool present = vals && !vals->empty();
  if (!present && !req.context.closed && !req.context.known_absent(c.key)) return Tri::Unknown;
  if (c.op.op == CondOp::Null) {
    Tri r = Tri::False;
    for (const auto& p : c.values) {
      if (iequals(p, "true")) r = tri_or(r, present ? Tri::False : Tri::True);
      else if (iequals(p, "false")) r = tri_or(r, present ? Tri::True : Tri::False);
    }
    return r;
  }
  bool neg = op_negated(c.op.op);
  if (!present) {
    if (c.op.if_exists) return Tri::True;
    if (c.op.set == SetOp::ForAllValues) return Tri::True;
    if (c.op.set == SetOp::ForAnyValue) return Tri::False;
    return neg ? Tri::True : Tri::False;
  }
  CondOp pos = positive_of(c.op.op);
  bool vars = op_takes_variables(pos);
  std::string buf;
  // Does request value v match any policy value (positive operator)?
  auto any_policy = [&](std::string_view v) {
    Tri r = Tri::False;
    for (const auto& p : c.values) {
      std::string_view pv = p;
      Tri var = Tri::True;
      if (vars && p.find("${") != std::string::npos) {
        var = substitute_variables(p, req, buf, nullptr);
        if (var == Tri::False) continue;
        if (var == Tri::Unknown) {  // the value is not known: it may or may not match
          r = tri_or(r, Tri::Unknown);
          continue;
        }
        pv = buf;
      }
      r = tri_or(r, tri_and(var, compare(pos, v, pv, syms_, nullptr)));
      if (r == Tri::True) break;
    }
    return r;
  };
  auto single = [&](std::string_view v) { return neg ? tri_not(any_policy(v)) : any_policy(v); };
  Tri r;
  switch (c.op.set) {
    case SetOp::ForAnyValue:
      r = Tri::False;
      for (const auto& v : *vals) r = tri_or(r, single(v));
      return r;
    case SetOp::ForAllValues:
      r = Tri::True;
      for (const auto& v : *vals) r = tri_and(r, single(v));
      return r;
    case SetOp::None:
      break;
  }
  r = Tri::False;
  for (const auto& v : *vals) r = tri_or(r, any_policy(v));
  return neg ? tri_not(r) : r;
}

void CStatement::index_actions() {
  action_index = ActionIndex{};
  if (actions.size() < 16) return;  // a scan of a few patterns is faster than the index
  ActionIndex& ix = action_index;
  for (uint32_t i = 0; i < actions.size(); ++i) {
    std::string_view a = actions[i];
    size_t colon = a.find(':');
    std::string_view svc = colon == std::string_view::npos ? std::string_view() : a.substr(0, colon);
    bool sym = has_symbols(a);
    bool svc_literal = colon != std::string_view::npos && svc.find_first_of("*?") == std::string_view::npos;
    if (!sym && a.find_first_of("*?") == std::string_view::npos) {
      ix.exact.push_back(i);  // lower-cased when compiled
    } else if (!sym && svc_literal) {
      auto it = std::find_if(ix.by_service.begin(), ix.by_service.end(), [&](const auto& e) { return e.first == svc; });
      if (it == ix.by_service.end()) {
        ix.by_service.push_back({std::string(svc), {}});
        it = ix.by_service.end() - 1;
      }
      it->second.push_back(i);
    } else {
      ix.general.push_back(i);
    }
  }
  std::sort(ix.exact.begin(), ix.exact.end(), [&](uint32_t x, uint32_t y) { return actions[x] < actions[y]; });
  std::sort(ix.by_service.begin(), ix.by_service.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  ix.built = true;
}

Tri Evaluator::statement_applies(const CStatement& st, const Request& req, bool principal_checked) const {
  std::string a = lower(req.action);
  Tri t = action_matches(st, a);
  if (t == Tri::False) return t;
  Scratch sc;
  t = tri_and(t, resource_matches(st, req, syms_, nullptr, sc));
  if (t == Tri::False) return t;
  if (principal_checked && st.has_principal) {
    t = tri_and(t, principal_element(st, req, false, syms_, nullptr, nullptr));
    if (t == Tri::False) return t;
  }
  for (const auto& c : st.conditions) {
    t = tri_and(t, condition_holds(c, req));
    if (t == Tri::False) return t;
  }
  return t;
}

namespace {

// How a resource-policy Allow reached the principal.
struct ResourceAllow {
  Tri unlimited = Tri::False;  // an IAM user, a role session, a service, anonymous
  Tri limited = Tri::False;    // a role by its role ARN (or "*"): the role's boundary still applies
  Tri root = Tri::False;       // the principal's account: its identity policies must allow too
};

}  // namespace

Result Evaluator::evaluate(const Request& req, const PolicySet& ps, const EvalOptions& opt) const {
  Result out;
  std::string action_lc = lower(req.action);
  Scratch sc;
  auto applies = [&](const CStatement& st, bool check_principal, bool* root, bool* unlimited) -> Tri {
    Tri t = action_matches(st, action_lc);
    if (t == Tri::False) return t;
    t = tri_and(t, resource_matches(st, req, syms_, nullptr, sc));
    if (t == Tri::False) return t;
    if (check_principal && st.has_principal) {
      t = tri_and(t, principal_element(st, req, !ps.boundaries.empty(), syms_, root, unlimited));
      if (t == Tri::False) return t;
    }
    for (const auto& c : st.conditions) {
      t = tri_and(t, condition_holds(c, req));
      if (t == Tri::False) return t;
    }
    return t;
  };

  Tri deny = Tri::False;
  auto scan_denies = [&](const std::vector<const CPolicy*>& pols, bool check_principal) {
    for (const CPolicy* p : pols)
      for (const auto& st : p->statements)
        if (st.deny && deny != Tri::True) deny = tri_or(deny, applies(st, check_principal, nullptr, nullptr));
  };
  auto any_allow = [&](const std::vector<const CPolicy*>& pols, bool check_principal) {
    Tri a = Tri::False;
    for (const CPolicy* p : pols)
      for (const auto& st : p->statements) {
        if (st.deny || a == Tri::True) continue;
        a = tri_or(a, applies(st, check_principal, nullptr, nullptr));
      }
    return a;
  };
  auto every_allows = [&](const std::vector<const CPolicy*>& pols, bool check_principal) {
    Tri a = Tri::True;
    for (const CPolicy* p : pols) a = tri_and(a, any_allow({p}, check_principal));
    return a;
  };

  scan_denies(ps.identity, false);
  scan_denies(ps.boundaries, false);
  scan_denies(ps.session, false);
  scan_denies(ps.resource, true);
  for (const auto& lvl : ps.scp_levels) scan_denies(lvl, false);
  for (const auto& lvl : ps.rcp_levels) scan_denies(lvl, true);

  Tri allow = Tri::False;
  if (deny != Tri::True) {
    Tri scp = Tri::True;
    for (const auto& lvl : ps.scp_levels) scp = tri_and(scp, any_allow(lvl, false));
    Tri rcp = Tri::True;
    for (const auto& lvl : ps.rcp_levels) rcp = tri_and(rcp, any_allow(lvl, true));
    Tri guard = tri_and(scp, rcp);
    if (guard != Tri::False) {
      Tri identity = ps.identity_assumed ? Tri::True : any_allow(ps.identity, false);
      Tri boundary = every_allows(ps.boundaries, false);
      Tri session = every_allows(ps.session, false);
      Tri identity_eff = tri_and(identity, tri_and(boundary, session));
      ResourceAllow ra;
      for (const CPolicy* p : ps.resource)
        for (const auto& st : p->statements) {
          if (st.deny) continue;
          bool root = false, unlimited = false;
          Tri t = applies(st, true, &root, &unlimited);
          if (t == Tri::False) continue;
          if (root) ra.root = tri_or(ra.root, t);
          else if (unlimited) ra.unlimited = tri_or(ra.unlimited, t);
          else ra.limited = tri_or(ra.limited, t);
        }
      Tri res_direct = tri_or(ra.unlimited, tri_and(ra.limited, tri_and(boundary, session)));
      Tri res_any = tri_or(tri_or(ra.unlimited, ra.limited), ra.root);
      if (ps.resource.empty() && ps.resource_policy_assumed) res_any = Tri::True;
      // Same account or not.
      Tri same = Tri::True;
      if (!req.resource_account.empty() && !req.principal.account.empty())
        same = equal3(req.principal.account, req.resource_account, syms_, nullptr);
      bool no_identity = req.principal.kind == RequestPrincipal::Service ||
                         req.principal.kind == RequestPrincipal::Anonymous;
      Tri grant_same, grant_cross;
      if (no_identity) {
        grant_same = grant_cross = tri_or(ra.unlimited, ra.limited);
      } else if (ps.resource_policy_required) {
        grant_same = tri_or(res_direct, tri_and(ra.root, identity_eff));
        grant_cross = tri_and(res_any, identity_eff);
      } else {
        grant_same = tri_or(identity_eff, res_direct);
        grant_cross = tri_and(identity_eff, res_any);
      }
      Tri grant = same == Tri::True ? grant_same : same == Tri::False ? grant_cross
                  : (grant_same == grant_cross ? grant_same : Tri::Unknown);
      allow = tri_and(grant, guard);
    }
  }
  if (deny == Tri::True) out.decision = Decision::ExplicitDeny;
  else if (allow == Tri::False) out.decision = Decision::ImplicitDeny;
  else if (deny == Tri::Unknown || allow == Tri::Unknown) out.decision = Decision::Conditional;
  else out.decision = Decision::Allowed;
  if (!opt.explain || out.decision == Decision::ImplicitDeny) return out;

  // Explanation: the statements that decided, and for a conditional answer what it depends on.
  auto visit = [&](const std::vector<const CPolicy*>& pols, bool check_principal) {
    for (const CPolicy* p : pols)
      for (const auto& st : p->statements) {
        Tri t = applies(st, check_principal, nullptr, nullptr);
        bool want = false;
        switch (out.decision) {
          case Decision::ExplicitDeny: want = st.deny && t == Tri::True; break;
          case Decision::Allowed: want = !st.deny && t == Tri::True && p->cls != PolicyClass::Scp &&
                                         p->cls != PolicyClass::Rcp && p->cls != PolicyClass::Boundary; break;
          case Decision::Conditional:
            // Only what the answer hangs on: unknown Denies when the Deny is in doubt, unknown
            // Allows when the grant is; plus the Allows that do hold.
            want = (t == Tri::Unknown && (st.deny ? deny == Tri::Unknown : allow == Tri::Unknown)) ||
                   (!st.deny && t == Tri::True && (p->cls == PolicyClass::Identity || p->cls == PolicyClass::Resource ||
                                                   p->cls == PolicyClass::Trust));
            break;
          case Decision::ImplicitDeny: break;
        }
        if (!want) continue;
        out.decided_by.push_back({p, &st});
        if (t == Tri::Unknown) explain_statement(*p, st, req, out);
      }
  };
  visit(ps.identity, false);
  visit(ps.resource, true);
  visit(ps.boundaries, false);
  visit(ps.session, false);
  for (const auto& lvl : ps.scp_levels) visit(lvl, false);
  for (const auto& lvl : ps.rcp_levels) visit(lvl, true);
  return out;
}

void Evaluator::explain_statement(const CPolicy&, const CStatement& st, const Request& req, Result& out) const {
  std::vector<std::string> deps;
  Scratch sc;
  std::string a = lower(req.action);
  (void)action_matches(st, a);
  if (resource_matches(st, req, syms_, &deps, sc) == Tri::Unknown || !deps.empty()) {
    for (auto& d : deps) {
      ConditionDependency cd;
      cd.key = d;
      cd.operator_text = "value";
      cd.deny = st.deny;
      cd.loc = st.loc;
      bool dup = false;
      for (const auto& e : out.conditions)
        if (e.key == cd.key && e.operator_text == cd.operator_text && e.loc.line == cd.loc.line) dup = true;
      if (!dup) out.conditions.push_back(std::move(cd));
    }
  }
  for (const auto& pr : st.principals)
    if (principal_matches(pr, req.principal, syms_, nullptr) == Tri::Unknown) {
      ConditionDependency cd;
      cd.key = "principal";
      cd.operator_text = "value";
      cd.values.push_back(syms_ ? syms_->display(pr.value) : pr.value);
      cd.deny = st.deny;
      cd.loc = st.loc;
      out.conditions.push_back(std::move(cd));
    }
  for (const auto& c : st.conditions) {
    if (condition_holds(c, req) != Tri::Unknown) continue;
    ConditionDependency cd;
    cd.key = c.key_text;
    cd.operator_text = c.operator_text;
    for (const auto& v : c.values) cd.values.push_back(syms_ ? syms_->display(v) : v);
    cd.deny = st.deny;
    cd.loc = c.loc;
    out.conditions.push_back(std::move(cd));
  }
}

}  // namespace iamlint::access
