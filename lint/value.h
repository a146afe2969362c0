// Values of a template after intrinsic resolution: each is a small set of alternatives (one per
// Fn::If branch), each a sequence of literal text and *unknown* segments (deploy-time values).
// Rules ask questions of Values; they never look at intrinsics themselves.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "parsers/node.h"

namespace iamlint {

struct Segment {
  enum Kind : uint8_t { Text, Unknown };
  Kind kind = Text;
  // Text: the literal text. Unknown: what it stands for, e.g. "AWS::AccountId",
  // "parameter BucketName", "Fn::ImportValue", "MyBucket.Arn".
  std::string text;
};

struct Alternative {
  std::vector<Segment> segs;

  bool is_literal() const;           // no unknown segment
  std::string literal() const;       // concatenated text (unknowns as "")
  // Text with kUnknownChar for each unknown segment (input of arn_may_match and friends).
  std::string pattern() const;
  // Text with ${what} for each unknown segment, for messages.
  std::string display() const;
  bool wholly_unknown() const { return segs.size() == 1 && segs[0].kind == Segment::Unknown; }
  bool starts_with_literal(std::string_view prefix) const;
  void append_text(std::string_view t);
  void append_unknown(std::string_view what);
  void append(const Alternative& a);
};

// Upper bound on alternatives per value: n nested Fn::If inside one Fn::Join would be 2^n;
// beyond this, the value becomes one wholly unknown alternative (and a notice says so).
inline constexpr size_t kMaxAlternatives = 16;

struct Value {
  std::vector<Alternative> alts;

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

}  // namespace iamlint
