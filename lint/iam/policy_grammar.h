// The IAM policy language itself: its document and statement elements and its condition operators
// (IAM009). This is the grammar of AWS's "IAM JSON policy elements reference", not service data:
// a short reviewed list with its source in policy_grammar.cpp, not generated from the IAM data.
#pragma once
#include <string>
#include <string_view>

namespace iamlint::grammar {

// The canonical spelling of a document element ("Version", "Id", "Statement") or statement element
// ("Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource",
// "Condition") that `key` names case-insensitively, or "" when it names none.
std::string_view document_element(std::string_view key);
std::string_view statement_element(std::string_view key);
// The statement element a misspelt key most likely meant (`Actions`, `Resources`, `dAction`,
// `Conditions`, `Prinicpal`), or "" when none is close.
std::string_view closest_statement_element(std::string_view key);
std::string_view closest_document_element(std::string_view key);

// The value type a condition operator compares (its base: without ForAllValues:/ForAnyValue: and
// IfExists).
enum class OperatorType : unsigned char { String, Numeric, Date, Bool, Binary, Ip, Arn, Null };

struct ConditionOperator {
  bool valid = false;  // a real operator, qualifiers and all
  OperatorType type = OperatorType::String;
  std::string_view base;    // canonical base name ("StringEquals")
  std::string_view reason;  // why it is not valid ("Null takes no IfExists"), when it is not
};
// Parses an operator as written ("ForAnyValue:StringLikeIfExists"); case-insensitive.
ConditionOperator parse_condition_operator(std::string_view op);
// The closest real operator to an invalid one ("StringEqual" -> "StringEquals"), or "".
std::string closest_condition_operator(std::string_view op);

// Value checks of the typed operators: ISO 8601 date-time text or epoch seconds; an IPv4 or IPv6
// address or CIDR block; "true"/"false"; a decimal number; an ARN pattern ("arn:..." or wildcards
// only).
bool is_date_value(std::string_view v);
bool is_ip_value(std::string_view v);
bool is_bool_value(std::string_view v);
bool is_numeric_value(std::string_view v);
bool is_arn_value(std::string_view v);

// Levenshtein distance of the ASCII-lower-cased strings, or `limit + 1` once it exceeds `limit`.
size_t edit_distance_ci(std::string_view a, std::string_view b, size_t limit);

}  // namespace iamlint::grammar
