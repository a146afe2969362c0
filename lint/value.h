// Values of a template after intrinsic resolution: each is a small set of alternatives (one per
// Fn::If branch), each a sequence of literal text and *unknown* segments (deploy-time values).
// Rules ask questions of Values; they never look at intrinsics themselves.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "lint/small_vec.h"
#include "parsers/node.h"

namespace iamlint {

struct Segment {
  enum Kind : uint8_t { Text, Unknown };
  Kind kind = Text;
  // Text: the literal text. Unknown: what it stands for, e.g. "AWS::AccountId",
  // "parameter BucketName", "Fn::ImportValue", "MyBucket.Arn".
  std::string text;
  // Set on the first segment of a value known not to be an ARN whatever its unknown parts are:
  // a Ref / Fn::GetAtt of a template resource whose generated format does not start with "arn:"
  // (a bucket's or table's name, a queue's URL). Only meaningful on an alternative's first
  // segment (Alternative::known_not_arn); appending the value after other text drops its meaning.
  bool not_arn = false;
};

// Most alternatives are one segment and most values one alternative: both live inline
// (lint/small_vec.h), so a plain literal value allocates nothing beyond a long text.
using Segments = SmallVec<Segment, 1>;

struct Alternative {
  Segments segs;

  bool is_literal() const;           // no unknown segment
  std::string literal() const;       // concatenated text (unknowns as "")
  // Text with kUnknownChar for each unknown segment (input of arn_may_match and friends).
  std::string pattern() const;
  // pattern() for matching against ARN formats: a pseudo parameter every value of which has the same
  // shape there (AWS::Partition, AWS::Region, AWS::AccountId, AWS::URLSuffix) is written as one
  // such value, so a verdict is the one every value gets (RULES.md Clarification 18: the account
  // field of ${AWS::AccountId} is never empty, a region is never an account).
  std::string match_pattern() const;
  // Text with ${what} for each unknown segment, for messages.
  std::string display() const;
  // literal() / pattern() without a copy when the alternative is one Text segment (most values):
  // the view points into the segment; otherwise the text is built in `buf` and the view points there.
  std::string_view literal_view(std::string& buf) const;
  std::string_view pattern_view(std::string& buf) const;
  // The text of a literal alternative of exactly one segment, else nullptr (no allocation).
  const std::string* single_text() const {
    return segs.size() == 1 && segs[0].kind == Segment::Text ? &segs[0].text : nullptr;
  }
  bool wholly_unknown() const { return segs.size() == 1 && segs[0].kind == Segment::Unknown; }
  bool starts_with_literal(std::string_view prefix) const;
  // True when no value the alternative can take is an ARN although part of it is unknown (RULES.md
  // Clarification 18): it starts with a segment marked not_arn (a queue's URL, a bucket's name
  // whose name is generated). A literal alternative answers by its text, so this is false for it.
  bool known_not_arn() const;
  void append_text(std::string_view t);
  void append_unknown(std::string_view what);
  void append(const Alternative& a);
};

// Upper bound on alternatives per value: n nested Fn::If inside one Fn::Join would be 2^n;
// beyond this, the value becomes one wholly unknown alternative (and a notice says so).
inline constexpr size_t kMaxAlternatives = 16;

using Alternatives = SmallVec<Alternative, 1>;

struct Value {
  Alternatives alts;

  static Value literal(std::string_view t);
  static Value unknown(std::string_view what);
  bool empty() const { return alts.empty(); }
  // True when every alternative is literal and equal to `s` (exact, case-sensitive).
  bool is(std::string_view s) const;
  bool any_is(std::string_view s) const;
  bool is_star() const { return any_is("*"); }
  bool any_unknown() const;
  bool all_unknown() const;
};

// Same segments (kind and text) in the same order.
bool same_alternative(const Alternative& a, const Alternative& b);
// Same alternatives in the same order: Fn::If with equal branches is the value itself (RULES.md
// Clarification 18), so the resolver keeps one of them.
bool same_value(const Value& a, const Value& b);

// Appends `part` to every alternative of `acc` (the Cartesian product when `part` has several);
// false when the result would exceed kMaxAlternatives (the caller then makes the value unknown).
bool concat_into(Alternatives& acc, const Value& part);

}  // namespace iamlint
