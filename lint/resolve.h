// Intrinsic function resolution: Node -> Value, as far as the template allows. An unknown value
// never becomes "*": it stays an Unknown segment naming what it stands for.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "lint/model.h"
#include "lint/value.h"

namespace iamlint {

class Resolver {
 public:
  // `tmpl` may be nullptr (raw policy files: no intrinsics to resolve).
  explicit Resolver(const Template* tmpl) : tmpl_(tmpl) {}

  // Resolves a scalar-valued node. Returns an empty Value (no alternatives) only for
  // AWS::NoValue in every branch.
  Value resolve(const Node* n);
  // Resolves a list-valued node (Action, Resource, Principal.AWS, ...): a sequence, a single
  // scalar, or an intrinsic producing a list. Fn::If branches contribute their elements (both
  // branches), AWS::NoValue removes an element.
  std::vector<Item> resolve_list(const Node* n);

  // Plain strings are treated as Fn::Sub templates with these variables (a policy written as
  // JSON text inside !Sub). Variables map to nodes of the Fn::Sub's variable map.
  void set_sub_context(const std::map<std::string, const Node*, std::less<>>* vars) {
    sub_vars_ = vars;
    sub_mode_ = true;
  }
  // Values substituted for SAM policy-template parameters (Ref/Sub of a template parameter).
  void set_template_parameters(const std::map<std::string, const Node*, std::less<>>* params) {
    sam_params_ = params;
  }

  // If `n` is a one-key mapping whose key is an intrinsic function name (Ref, Fn::*, Condition),
  // returns that name.
  static std::string_view intrinsic_name(const Node* n);

 private:
  Value resolve_ref(std::string_view name, const Node* at);
  Value resolve_user_value(const Node* n);
  Value resolve_getatt(std::string_view res, std::string_view attr, const Node* at);
  Value resolve_sub(std::string_view tmpl, const std::map<std::string, const Node*, std::less<>>* vars,
                    const Node* at);
  Value resolve_join(const Node* args, const Node* at);
  Value resolve_select(const Node* args, const Node* at);
  Value resolve_find_in_map(const Node* args, const Node* at);
  Value unknown(std::string_view what, std::string_view source);
  void split_literal(const Node* at, const Value& v, std::string_view delim, std::vector<Item>* out);

  const Template* tmpl_;
  const std::map<std::string, const Node*, std::less<>>* sub_vars_ = nullptr;
  const std::map<std::string, const Node*, std::less<>>* sam_params_ = nullptr;
  bool sub_mode_ = false;
  int depth_ = 0;
};

// Is `v` the marker AWS::NoValue?
bool is_no_value(const Node* n);

}  // namespace iamlint
