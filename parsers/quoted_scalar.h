// Where each character of a quoted or block YAML scalar's value was written. A single- or double-quoted
// scalar that spans lines is folded (YAML 1.2 section 7.3: a line break becomes a space, n empty
// lines become n line feeds, white space around breaks is dropped) and a double-quoted one also
// has escapes; yet every character of the value still has a source position (RULES.md
// Clarification 1), which findings inside JSON text written this way need.
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

namespace iamlint {

// `text[begin, end)` is the scalar as written, quotes included; `value` its value as the YAML
// parser gave it. Returns the source offset of every byte of `value` (an escape's bytes map to its
// backslash, a folded line break to the break), or an empty vector when decoding the source does
// not reproduce `value` exactly: a position is never guessed.
std::vector<uint32_t> quoted_scalar_offsets(std::string_view text, size_t begin, size_t end, std::string_view value);

// The same for a block scalar (`|` or `>`, YAML 1.2 section 8.1): `text[begin, end)` runs from its
// indicator to the end of its last content line. A folded (`>`) scalar joins lines with a space
// (except around more-indented lines and empty lines). Trailing line feeds the chomping keeps map
// to the end of the last line. An explicit indentation indicator is not supported (empty result).
std::vector<uint32_t> block_scalar_offsets(std::string_view text, size_t begin, size_t end, std::string_view value);

}  // namespace iamlint
