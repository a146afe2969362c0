// Front ends: bytes -> Node tree. A parse error is a value, never an exception that escapes.
#pragma once
#include <string_view>

#include "parsers/node.h"

namespace iamlint {

// `text` must stay alive as long as the result (scalars may point into it).
// Both accept CRLF line endings; JSON accepts a leading UTF-8 BOM (YAML does too).
ParseResult parse_yaml(std::string_view text, const ParseLimits& limits = {});
ParseResult parse_json(std::string_view text, const ParseLimits& limits = {});

// Checks that `text` is UTF-8 without NUL bytes. Returns an error with the position of the first
// offending byte, or nullopt when the text is fine.
std::optional<ParseError> check_text(std::string_view text);

}  // namespace iamlint
