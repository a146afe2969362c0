#include "lint/resolve.h"

#include <algorithm>

#include "lint/cfn_values.h"

namespace iamlint {
namespace {

constexpr int kMaxDepth = 24;  // Ref -> property -> Ref ... chains, and nesting of intrinsics

bool is_pseudo(std::string_view n) { return n.substr(0, 5) == "AWS::"; }


void add_alts(Value& into, const Value& from) {
  for (const auto& a : from.alts) into.alts.push_back(a);
}

// Fn::If's second branch adds only alternatives the first does not have: equal branches are the
// value itself (RULES.md Clarification 18).
void add_new_alts(Value& into, const Value& from) {
  for (const auto& a : from.alts) {
    bool seen = false;
    for (const auto& b : into.alts)
      if (same_alternative(a, b)) seen = true;
    if (!seen) into.alts.push_back(a);
  }
}

}  // namespace

bool is_no_value(const Node* n) {
  if (!n || !n->is_map() || n->count != 1) return false;
  const Node* k = n->key(0);
  const Node* v = n->value(0);
  return k->text() == "Ref" && v->is_scalar() && v->text() == "AWS::NoValue";
}

std::string_view Resolver::intrinsic_name(const Node* n) {
  if (!n || !n->is_map() || n->count != 1) return {};
  std::string_view k = n->key(0)->text();
  if (k == "Ref" || k == "Condition" || k.substr(0, 4) == "Fn::") return k;
  return {};
}

// `source` names the intrinsic or construct that produced the unknown; the call sites keep it as
// documentation (nothing counts them any more).
Value Resolver::unknown(std::string_view what, std::string_view source) {
  (void)source;
  return Value::unknown(what);
}

Value Resolver::resolve(const Node* n) {
  if (!n) return unknown("missing value", "missing");
  if (depth_ > kMaxDepth) return unknown("deeply nested value", "depth");
  struct Guard {
    int& d;
    explicit Guard(int& x) : d(x) { ++d; }
    ~Guard() { --d; }
  } guard(depth_);

  switch (n->kind) {
    case NodeKind::Null:
      return Value::literal("");
    case NodeKind::Scalar:
      if (!n->tag().empty()) return unknown(std::string(n->tag()) + " value", std::string(n->tag()));
      if (sub_mode_ && n->text().find("${") != std::string_view::npos)
        return resolve_sub(n->text(), sub_vars_, n);
      return Value::literal(n->text());
    case NodeKind::Sequence:
      return unknown("list", "list in scalar position");
    case NodeKind::Mapping:
      break;
  }
  if (!n->tag().empty()) return unknown(std::string(n->tag()) + " value", std::string(n->tag()));
  std::string_view fn = intrinsic_name(n);
  if (fn.empty()) return unknown("mapping", "mapping in scalar position");
  const Node* arg = n->value(0);

  if (fn == "Ref") {
    if (!arg->is_scalar()) return unknown("malformed Ref", "malformed intrinsic");
    return resolve_ref(arg->text(), n);
  }
  if (fn == "Fn::GetAtt") {
    if (arg->is_scalar()) {
      auto dot = arg->text().find('.');
      if (dot == std::string_view::npos) return unknown("malformed Fn::GetAtt", "malformed intrinsic");
      return resolve_getatt(arg->text().substr(0, dot), arg->text().substr(dot + 1), n);
    }
    if (arg->is_seq() && arg->count == 2 && arg->item(0)->is_scalar()) {
      Value attr = resolve(arg->item(1));
      if (attr.alts.size() == 1 && attr.alts[0].is_literal())
        return resolve_getatt(arg->item(0)->text(), attr.alts[0].literal(), n);
      return unknown(std::string(arg->item(0)->text()) + ".<attribute>", "Fn::GetAtt");
    }
    return unknown("malformed Fn::GetAtt", "malformed intrinsic");
  }
  if (fn == "Fn::Sub") {
    if (arg->is_scalar()) return resolve_sub(arg->text(), nullptr, n);
    if (arg->is_seq() && arg->count >= 1 && arg->item(0)->is_scalar()) {
      std::map<std::string, const Node*, std::less<>> vars;
      if (arg->count >= 2 && arg->item(1)->is_map()) {
        const Node* m = arg->item(1);
        for (uint32_t i = 0; i < m->count; ++i) vars[std::string(m->key(i)->text())] = m->value(i);
      }
      return resolve_sub(arg->item(0)->text(), &vars, n);
    }
    return unknown("malformed Fn::Sub", "malformed intrinsic");
  }
  if (fn == "Fn::Join") return resolve_join(arg, n);
  if (fn == "Fn::Select") return resolve_select(arg, n);
  if (fn == "Fn::FindInMap") return resolve_find_in_map(arg, n);
  if (fn == "Fn::If") {
    if (!arg->is_seq() || arg->count != 3) return unknown("malformed Fn::If", "malformed intrinsic");
    Value out;
    for (uint32_t i = 1; i < 3; ++i) {
      if (is_no_value(arg->item(i))) continue;
      add_new_alts(out, resolve(arg->item(i)));
    }
    if (out.alts.size() > kMaxAlternatives) return unknown("too many Fn::If combinations", "Fn::If");
    return out;
  }
  if (fn == "Fn::ImportValue") return unknown("Fn::ImportValue", "Fn::ImportValue");
  return unknown(fn, fn);
}

// A value the user wrote (a SAM policy-template parameter, an Fn::Sub variable) is evaluated in the
// template's own context: not as provider text, not as a Sub template. (SAM's EventBridgePutEvents
// policy takes EventBusName; `EventBusName: !Ref EventBusName` names the user's parameter.)
Value Resolver::resolve_user_value(const Node* n) {
  auto saved_params = sam_params_;
  bool saved_sub = sub_mode_;
  sam_params_ = nullptr;
  sub_mode_ = false;
  Value v = resolve(n);
  sam_params_ = saved_params;
  sub_mode_ = saved_sub;
  return v;
}

Value Resolver::resolve_ref(std::string_view name, const Node* at) {
  (void)at;
  if (sam_params_) {
    auto it = sam_params_->find(name);
    if (it != sam_params_->end()) return resolve_user_value(it->second);
  }
  if (is_pseudo(name)) {
    if (name == "AWS::NoValue") return Value{};
    return unknown(name, "pseudo parameter");
  }
  if (tmpl_) {
    if (tmpl_->is_parameter(name)) return unknown("parameter " + std::string(name), "Ref parameter");
    if (const Resource* r = tmpl_->find(name)) {
      if (auto v = resource_value(*tmpl_, *r, "", *this)) return std::move(*v);
      return unknown(std::string(name), "Ref resource");
    }
  }
  return unknown(std::string(name), "Ref unknown name");
}

Value Resolver::resolve_getatt(std::string_view res, std::string_view attr, const Node* at) {
  (void)at;
  if (tmpl_) {
    if (const Resource* r = tmpl_->find(res)) {
      if (auto v = resource_value(*tmpl_, *r, attr, *this)) return std::move(*v);
    }
  }
  return unknown(std::string(res) + "." + std::string(attr), "Fn::GetAtt");
}

Value Resolver::resolve_sub(std::string_view s, const std::map<std::string, const Node*, std::less<>>* vars,
                            const Node* at) {
  Alternatives acc(1);
  size_t i = 0;
  // Literal text goes straight onto every alternative (append_text merges adjacent text).
  auto lit = [&](std::string_view t) {
    for (auto& a : acc) a.append_text(t);
  };
  while (i < s.size()) {
    // Copy the text up to the next "${" in one piece.
    if (size_t next = s.find("${", i); next != i) {
      size_t end = next == std::string_view::npos ? s.size() : next;
      lit(s.substr(i, end - i));
      i = end;
      continue;
    }
    // "${" at i.
    size_t close = s.find('}', i + 2);
    if (close == std::string_view::npos) {
      lit(s.substr(i));
      break;
    }
    std::string_view name = s.substr(i + 2, close - i - 2);
    i = close + 1;
    if (!name.empty() && name[0] == '!') {  // ${!Literal} is the text ${Literal}
      lit("${");
      lit(name.substr(1));
      lit("}");
      continue;
    }
    // Trim spaces CloudFormation tolerates: ${ Name }.
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    Value part;
    const Node* var = nullptr;
    if (vars) {
      auto it = vars->find(name);
      if (it != vars->end()) var = it->second;
    }
    if (var) {
      // Variables of a JSON-text policy's !Sub are the user's values; those of an Fn::Sub inside
      // provider text (a SAM policy template) are provider text themselves.
      part = vars == sub_vars_ ? resolve_user_value(var) : resolve(var);
    } else if (name.find(':') != std::string_view::npos && !is_pseudo(name)) {
      // An IAM policy variable such as ${aws:username}: text IAM itself substitutes.
      lit("${");
      lit(name);
      lit("}");
      continue;
    } else {
      auto dot = name.find('.');
      if (dot != std::string_view::npos && !is_pseudo(name))
        part = resolve_getatt(name.substr(0, dot), name.substr(dot + 1), at);
      else
        part = resolve_ref(name, at);
    }
    if (!concat_into(acc, part)) return unknown("too many Fn::Sub combinations", "Fn::Sub");
  }
  Value v;
  v.alts = std::move(acc);
  for (auto& a : v.alts)
    if (a.segs.empty()) a.segs.push_back({Segment::Text, ""});
  return v;
}

Value Resolver::resolve_join(const Node* args, const Node* at) {
  (void)at;
  if (!args->is_seq() || args->count != 2) return unknown("malformed Fn::Join", "malformed intrinsic");
  Value delimv = resolve(args->item(0));
  if (delimv.alts.size() != 1 || !delimv.alts[0].is_literal()) return unknown("Fn::Join", "Fn::Join");
  std::string delim = delimv.alts[0].literal();
  const Node* list = args->item(1);
  std::vector<Item> items;
  if (list->is_seq()) {
    // Each element is one value (an Fn::If element gives alternatives, not two elements).
    for (uint32_t i = 0; i < list->count; ++i) {
      const Node* e = list->item(i);
      if (is_no_value(e)) continue;
      Value v = resolve(e);
      if (v.alts.empty()) continue;  // Fn::If whose both branches are AWS::NoValue
      items.push_back({e, std::move(v)});
    }
  } else {
    items = resolve_list(list);
  }
  if (!list->is_seq()) {
    // A list from an intrinsic (Fn::Split, a list parameter): only a fully literal one joins.
    for (const auto& it : items)
      if (it.value.any_unknown()) return unknown("Fn::Join of a list only known at deploy time", "Fn::Join");
  }
  Alternatives acc(1);
  bool first = true;
  for (const auto& it : items) {
    if (!first)
      for (auto& a : acc) a.append_text(delim);
    first = false;
    if (!concat_into(acc, it.value)) return unknown("too many Fn::Join combinations", "Fn::Join");
  }
  Value v;
  v.alts = std::move(acc);
  for (auto& a : v.alts)
    if (a.segs.empty()) a.segs.push_back({Segment::Text, ""});
  return v;
}

Value Resolver::resolve_select(const Node* args, const Node* at) {
  (void)at;
  if (!args->is_seq() || args->count != 2) return unknown("malformed Fn::Select", "malformed intrinsic");
  Value idxv = resolve(args->item(0));
  if (idxv.alts.size() != 1 || !idxv.alts[0].is_literal()) return unknown("Fn::Select", "Fn::Select");
  std::string idxs = idxv.alts[0].literal();
  size_t idx = 0;
  if (idxs.empty() || idxs.size() > 6 || !std::all_of(idxs.begin(), idxs.end(), ::isdigit))
    return unknown("Fn::Select", "Fn::Select");
  idx = std::stoul(idxs);
  std::vector<Item> items;
  if (args->item(1)->is_seq()) {
    for (uint32_t i = 0; i < args->item(1)->count; ++i) items.push_back({args->item(1)->item(i), resolve(args->item(1)->item(i))});
  } else {
    items = resolve_list(args->item(1));
  }
  if (!args->item(1)->is_seq()) {
    for (const auto& it : items)
      if (it.value.any_unknown()) return unknown("Fn::Select from a list only known at deploy time", "Fn::Select");
  }
  if (idx >= items.size()) return unknown("Fn::Select", "Fn::Select");
  return items[idx].value;
}

Value Resolver::resolve_find_in_map(const Node* args, const Node* at) {
  (void)at;
  if (!args->is_seq() || args->count < 3) return unknown("malformed Fn::FindInMap", "malformed intrinsic");
  if (!tmpl_ || !tmpl_->mappings || !tmpl_->mappings->is_map()) return unknown("Fn::FindInMap", "Fn::FindInMap");
  // Each key may be known or not; unknown keys range over every entry (bounded).
  std::vector<const Node*> level{tmpl_->mappings};
  for (uint32_t k = 0; k < 3; ++k) {
    Value key = resolve(args->item(k));
    std::vector<const Node*> next;
    for (const Node* m : level) {
      if (!m->is_map()) continue;
      if (key.alts.size() == 1 && key.alts[0].is_literal()) {
        if (const Node* v = m->get(key.alts[0].literal())) next.push_back(v);
      } else {
        for (uint32_t i = 0; i < m->count; ++i) next.push_back(m->value(i));
      }
    }
    if (next.empty() || next.size() > kMaxAlternatives) return unknown("Fn::FindInMap", "Fn::FindInMap");
    level = std::move(next);
  }
  Value out;
  for (const Node* v : level) add_alts(out, resolve(v));
  if (out.alts.empty() || out.alts.size() > kMaxAlternatives) return unknown("Fn::FindInMap", "Fn::FindInMap");
  return out;
}

void Resolver::split_literal(const Node* at, const Value& v, std::string_view delim, std::vector<Item>* out) {
  std::string s = v.alts[0].literal();
  size_t start = 0;
  while (true) {
    size_t p = delim.empty() ? std::string::npos : s.find(delim, start);
    out->push_back({at, Value::literal(s.substr(start, p == std::string::npos ? std::string::npos : p - start))});
    if (p == std::string::npos) break;
    start = p + delim.size();
  }
}

std::vector<Item> Resolver::resolve_list(const Node* n) {
  std::vector<Item> out;
  if (!n) return out;
  if (depth_ > kMaxDepth) {
    out.push_back({n, unknown("deeply nested value", "depth")});
    return out;
  }
  if (n->is_seq()) {
    out.reserve(n->count);
    for (uint32_t i = 0; i < n->count; ++i) {
      const Node* e = n->item(i);
      if (is_no_value(e)) continue;
      if (intrinsic_name(e) == "Fn::If") {
        const Node* a = e->value(0);
        if (a->is_seq() && a->count == 3) {
          size_t first = out.size();
          for (uint32_t b = 1; b < 3; ++b) {
            const Node* br = a->item(b);
            if (is_no_value(br)) continue;
            if (br->is_seq()) {  // a branch that is itself a list (rare, but legal in a Join)
              auto sub = resolve_list(br);
              out.insert(out.end(), sub.begin(), sub.end());
            } else {
              Value v = resolve(br);
              // Equal branches are the value itself (RULES.md Clarification 18): one item.
              if (b == 2 && out.size() == first + 1 && same_value(out.back().value, v)) continue;
              out.push_back({br, std::move(v)});
            }
          }
          continue;
        }
      }
      out.push_back({e, resolve(e)});
    }
    return out;
  }
  std::string_view fn = intrinsic_name(n);
  if (fn == "Fn::If") {
    const Node* a = n->value(0);
    if (a->is_seq() && a->count == 3) {
      ++depth_;
      size_t first_end = 0;
      for (uint32_t b = 1; b < 3; ++b) {
        if (is_no_value(a->item(b))) continue;
        auto sub = resolve_list(a->item(b));
        // Equal branches are the value itself (RULES.md Clarification 18): one list.
        if (b == 2 && first_end == out.size() && sub.size() == out.size() &&
            std::equal(sub.begin(), sub.end(), out.begin(),
                       [](const Item& x, const Item& y) { return same_value(x.value, y.value); }))
          continue;
        out.insert(out.end(), sub.begin(), sub.end());
        first_end = out.size();
      }
      --depth_;
      return out;
    }
  }
  if (fn == "Fn::Split") {
    const Node* a = n->value(0);
    if (a->is_seq() && a->count == 2) {
      Value d = resolve(a->item(0));
      Value s = resolve(a->item(1));
      if (d.alts.size() == 1 && d.alts[0].is_literal() && s.alts.size() == 1 && s.alts[0].is_literal()) {
        split_literal(n, s, d.alts[0].literal(), &out);
        return out;
      }
    }
    out.push_back({n, unknown("list from Fn::Split", "Fn::Split")});
    return out;
  }
  if (fn == "Ref" && tmpl_ && n->value(0)->is_scalar() && tmpl_->is_parameter(n->value(0)->text())) {
    out.push_back({n, unknown("parameter " + std::string(n->value(0)->text()), "Ref parameter")});
    return out;
  }
  if (fn == "Fn::GetAZs" || fn == "Fn::Cidr") {
    out.push_back({n, unknown(fn, fn)});
    return out;
  }
  if (is_no_value(n)) return out;
  out.push_back({n, resolve(n)});
  return out;
}

}  // namespace iamlint
