// Fix producers: turn "what should change" at a node into text edits on the original bytes.
//
// Every edit is anchored at node positions the parsers recorded, and every anchor is checked
// against the source before an edit is made (the key's text is really written there, a flow
// collection really starts with its bracket). Where a check fails — a JSON-text policy written as
// a quoted string, whose nodes all carry the string's span — no fix is offered rather than a wrong
// one. Inserted text follows the surrounding syntax: block YAML gets YAML (`!Ref X`), flow YAML and
// JSON (also JSON text inside a YAML literal block) get JSON-style text, which is valid in both.
// The line ending (LF or CRLF) and the indentation are copied from the anchor's line.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "lint/finding.h"
#include "lint/model.h"

namespace iamlint::fix {

// A value to insert, in the two spellings: block YAML, and JSON (used in flow collections and
// JSON files). Scalars are spelled by json_string() / yaml_scalar().
struct Spelling {
  std::string yaml;
  std::string json;
};

// Byte offset of a 1-based position in m.text (nullopt if it is not inside the text).
std::optional<uint32_t> offset(const Model& m, Pos p);
// [begin, end) offsets of a node's span, when both are valid.
std::optional<std::pair<uint32_t, uint32_t>> range(const Model& m, const Node* n);

// A scalar as JSON text: "s" with escapes.
std::string json_string(std::string_view s);
// A scalar for block or flow YAML: plain when that reads back as the same string, else
// single-quoted.
std::string yaml_scalar(std::string_view s);
Spelling scalar(std::string_view s);  // {yaml_scalar(s), json_string(s)}
// `!Ref X` / {"Ref": "X"}; `!GetAtt X.Arn` / {"Fn::GetAtt": ["X", "Arn"]}.
Spelling ref(std::string_view logical_id);

// True when the collection is written in flow style ({...} / [...]; every JSON collection).
bool is_flow(const Model& m, const Node* collection);
// True when the scalar's written text (inside its quotes, if any) is exactly its value: a plain,
// single- or double-quoted scalar on one line without escapes. Anchors for replacements.
bool written_as_is(const Model& m, const Node* scalar);

// Replace a scalar's value by `value`, keeping its quote style (plain stays plain when possible).
std::optional<TextEdit> replace_scalar(const Model& m, const Node* scalar, std::string_view value);
// Rename a mapping key (IAM009 `Actions` -> `Action`): replace_scalar on the key node.
std::optional<TextEdit> rename_key(const Model& m, const Node* key, std::string_view name);
// Replace the one occurrence of `from` in the node's written text by `to` (IAM024: the policy name
// inside an ARN, also inside `!Sub arn:${AWS::Partition}:iam::aws:policy/...`). No edit when `from`
// occurs more or less than once, or the node spans several lines.
std::optional<TextEdit> replace_in_written(const Model& m, const Node* n, std::string_view from, std::string_view to);
// Insert `key: value` as the first entry of a mapping (before its first key). In block YAML a
// value.yaml that starts with "\n" is a block under the key: each "\n" starts a line at the key's
// indentation (write the extra indentation after it).
std::optional<TextEdit> insert_first_entry(const Model& m, const Node* map, std::string_view key,
                                           const Spelling& value);
// Add an item to a list value: a sequence gets it appended; any other single-line value becomes a
// flow list [old, new]. `container` is the mapping that holds `value` (for the flow check).
std::optional<TextEdit> add_to_list(const Model& m, const Node* container, const Node* value, const Spelling& item);
// The node's text exactly as written in the file ("" when it spans several lines or is unknown).
std::string_view written(const Model& m, const Node* n);

// Ready-made fixes for the rules other branches add (wire them where the rule reports):
// IAM009, a misspelled element or condition operator (`Actions` -> `Action`, `Statment` ->
// `Statement`, `StringEqual` -> `StringEquals`): rename `key` of `map` to `correct`. Safe. No fix
// when `map` already has `correct` (any case): the rename would make a duplicate key.
std::shared_ptr<const Fix> rename_element(const Model& m, const Node* map, const Node* key, std::string_view correct);
// IAM009, `Effect: allow` -> `Effect: Allow` (IAM's values are case-sensitive). Safe. No fix
// unless the value is allow/deny in another case.
std::shared_ptr<const Fix> effect_case(const Model& m, const Node* effect_value);
// IAM024, the one suggestion for an unknown AWS managed policy: replace `written_name` (the policy
// name as it appears in the item, e.g. "AdministratorAcess" or "service-role/AWSLambdaRole") by
// `suggested_name` inside the item's text — a literal ARN, a `!Sub`/`Fn::Sub` ARN, or a SAM
// policy name. Unsafe (another policy's permissions are attached).
std::shared_ptr<const Fix> managed_policy_name(const Model& m, const Node* item, std::string_view written_name,
                                               std::string_view suggested_name);

// A fix of one edit (or none when the edit could not be made).
std::shared_ptr<const Fix> make(std::string title, bool safe, std::optional<TextEdit> e);
std::shared_ptr<const Fix> make(std::string title, bool safe, std::vector<TextEdit> edits);

// Applies edits (sorted, not overlapping) to `text`.
std::string apply(std::string_view text, const std::vector<TextEdit>& edits);

// Which rules can offer fixes: "safe", "unsafe", "safe, unsafe" or "" (for --list-rules, --explain).
std::string_view rule_fixes(std::string_view id);
// The line --explain and SARIF's help.markdown end a rule's page with: "Autofix: safe (iamlint --fix applies it)."
std::string autofix_text(std::string_view id);

}  // namespace iamlint::fix
