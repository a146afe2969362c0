#include "lint/value.h"

#include "lint/iam/catalog.h"

namespace iamlint {

bool Alternative::is_literal() const {
  for (const auto& s : segs)
    if (s.kind == Segment::Unknown) return false;
  return true;
}

std::string Alternative::literal() const {
  std::string out;
  for (const auto& s : segs)
    if (s.kind == Segment::Text) out += s.text;
  return out;
}

std::string Alternative::pattern() const {
  std::string out;
  for (const auto& s : segs) {
    if (s.kind == Segment::Text)
      out += s.text;
    else
      out += kUnknownChar;
  }
  return out;
}

std::string Alternative::match_pattern() const {
  std::string out;
  for (const auto& s : segs) {
    if (s.kind == Segment::Text) out += s.text;
    else if (s.text == "AWS::Partition") out += "aws";
    else if (s.text == "AWS::Region") out += "us-east-1";
    else if (s.text == "AWS::AccountId") out += "123456789012";
    else if (s.text == "AWS::URLSuffix") out += "amazonaws.com";
    else out += kUnknownChar;
  }
  return out;
}

std::string_view Alternative::literal_view(std::string& buf) const {
  if (segs.size() == 1 && segs[0].kind == Segment::Text) return segs[0].text;
  buf = literal();
  return buf;
}

std::string_view Alternative::pattern_view(std::string& buf) const {
  if (const std::string* t = single_text()) return *t;
  buf = pattern();
  return buf;
}

std::string Alternative::display() const {
  std::string out;
  for (const auto& s : segs) {
    if (s.kind == Segment::Text) {
      out += s.text;
    } else {
      out += "${";
      out += s.text;
      out += "}";
    }
  }
  return out;
}

bool Alternative::starts_with_literal(std::string_view prefix) const {
  std::string acc;
  for (const auto& s : segs) {
    if (s.kind != Segment::Text) break;
    acc += s.text;
    if (acc.size() >= prefix.size()) break;
  }
  return std::string_view(acc).substr(0, prefix.size()) == prefix;
}

bool Alternative::known_not_arn() const { return !segs.empty() && segs[0].not_arn && !is_literal(); }

void Alternative::append_text(std::string_view t) {
  if (t.empty()) return;
  if (!segs.empty() && segs.back().kind == Segment::Text)
    segs.back().text += t;
  else
    segs.push_back({Segment::Text, std::string(t)});
}

void Alternative::append_unknown(std::string_view what) {
  segs.push_back({Segment::Unknown, std::string(what)});
}

void Alternative::append(const Alternative& a) {
  if (segs.empty() && !a.segs.empty() && !(a.segs[0].kind == Segment::Text && a.segs[0].text.empty())) {
    // The value itself, with its not_arn mark.
    segs = a.segs;
    return;
  }
  for (const auto& s : a.segs) {
    if (s.kind == Segment::Text)
      append_text(s.text);
    else
      segs.push_back(s);
  }
}

Value Value::literal(std::string_view t) {
  Value v;
  v.alts.emplace_back();
  v.alts.back().append_text(t);
  if (t.empty()) v.alts.back().segs.push_back({Segment::Text, ""});
  return v;
}

Value Value::unknown(std::string_view what) {
  Value v;
  v.alts.emplace_back();
  v.alts.back().append_unknown(what);
  return v;
}

bool Value::is(std::string_view s) const {
  if (alts.empty()) return false;
  std::string buf;
  for (const auto& a : alts)
    if (!a.is_literal() || a.literal_view(buf) != s) return false;
  return true;
}

bool Value::any_is(std::string_view s) const {
  std::string buf;
  for (const auto& a : alts)
    if (a.is_literal() && a.literal_view(buf) == s) return true;
  return false;
}

bool Value::any_unknown() const {
  for (const auto& a : alts)
    if (!a.is_literal()) return true;
  return false;
}

bool Value::all_unknown() const {
  if (alts.empty()) return true;
  for (const auto& a : alts)
    if (a.is_literal()) return false;
  return true;
}

bool same_alternative(const Alternative& a, const Alternative& b) {
  if (a.segs.size() != b.segs.size()) return false;
  for (size_t i = 0; i < a.segs.size(); ++i)
    if (a.segs[i].kind != b.segs[i].kind || a.segs[i].text != b.segs[i].text) return false;
  return true;
}

bool same_value(const Value& a, const Value& b) {
  if (a.alts.size() != b.alts.size()) return false;
  for (size_t i = 0; i < a.alts.size(); ++i)
    if (!same_alternative(a.alts[i], b.alts[i])) return false;
  return true;
}

bool concat_into(Alternatives& acc, const Value& part) {
  if (part.alts.empty()) return true;
  if (acc.size() * part.alts.size() > kMaxAlternatives) return false;
  if (part.alts.size() == 1) {  // the common case: append in place, no copies
    for (auto& a : acc) a.append(part.alts[0]);
    return true;
  }
  Alternatives next;
  next.reserve(acc.size() * part.alts.size());
  for (const auto& a : acc)
    for (const auto& b : part.alts) {
      Alternative c = a;
      c.append(b);
      next.push_back(std::move(c));
    }
  acc = std::move(next);
  return true;
}

}  // namespace iamlint
