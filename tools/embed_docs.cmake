# Writes a C++ source holding every docs/rules/IAMnnn.md as a raw string, for --explain.
file(GLOB docs ${DOCS_DIR}/IAM*.md)
list(SORT docs)
set(body "// Generated from docs/rules/*.md by tools/embed_docs.cmake. Do not edit.\n#include <string_view>\n#include <utility>\n#include <span>\nnamespace iamlint {\nnamespace {\nconst std::pair<std::string_view, std::string_view> kDocs[] = {\n")
foreach(doc ${docs})
  get_filename_component(id ${doc} NAME_WE)
  file(READ ${doc} text)
  # Markers for tests/cli/test_docs.py are not part of the page.
  string(REGEX REPLACE "<!-- docs-test: [a-z]+ -->\n" "" text "${text}")
  set(body "${body}  {\"${id}\", R\"iamlintdoc(${text})iamlintdoc\"},\n")
endforeach()
set(body "${body}  {\"\", \"\"}};\n}  // namespace\nstd::string_view rule_doc(std::string_view id) {\n  for (const auto& [k, v] : kDocs) if (!k.empty() && k == id) return v;\n  return {};\n}\n}  // namespace iamlint\n")
file(WRITE ${OUT}.tmp "${body}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different ${OUT}.tmp ${OUT})
