#include "rules/conditions.h"

#include "rules/reach.h"

namespace iamlint::cond {

const std::initializer_list<std::string_view> kCallerKeys = {
    "aws:principalorgid", "aws:principalaccount", "aws:principalarn", "aws:sourceaccount", "aws:sourcearn",
    "aws:principalorgpaths", "aws:sourceorgid", "aws:sourceorgpaths"};
const std::initializer_list<std::string_view> kResourceAccessKeys = {
    "aws:sourceaccount", "aws:sourcearn",         "aws:sourcevpc",       "aws:sourcevpce",
    "aws:principalorgid", "aws:principalaccount", "aws:principalarn",    "kms:calleraccount",
    "aws:principalorgpaths", "aws:sourceorgid",   "aws:sourceorgpaths",  "aws:sourceowner"};

Operator parse_operator(std::string_view op) {
  Operator o;
  std::string l = facts::lower(op);
  if (l.rfind("forallvalues:", 0) == 0) {
    o.for_all = true;
    l.erase(0, 13);
  } else if (l.rfind("foranyvalue:", 0) == 0) {
    o.for_any = true;
    l.erase(0, 12);
  }
  if (l.size() > 8 && l.compare(l.size() - 8, 8, "ifexists") == 0) {
    o.if_exists = true;
    l.resize(l.size() - 8);
  }
  o.negated = l.find("not") != std::string::npos;  // StringNotEquals, ArnNotLike, NumericNotEquals
  o.base = l;
  return o;
}

Values values(const Model& m, const facts::ConditionEntry& e) {
  Values v;
  for (const auto& it : m.resolve_list(e.values))
    for (const auto& a : it.value.alts) {
      if (a.is_literal()) v.literal.push_back(a.literal());
      else v.unknown = true;
    }
  return v;
}

bool restricts(const Model& m, const facts::ConditionEntry& e) {
  Operator o = parse_operator(e.op);
  if (o.negated || o.if_exists || o.for_all || o.base == "null") return false;
  Values v = values(m, e);
  if (v.unknown) return true;
  if (v.literal.empty()) return false;
  for (const auto& x : v.literal)
    if (x.empty() || x.find_first_not_of("*?") == std::string::npos) return false;
  return true;
}

bool passes_when_absent(const Statement& s, const facts::ConditionEntry& e) {
  Operator o = parse_operator(e.op);
  if (!o.for_all) return false;
  std::string k = facts::lower(e.key);
  auto ends = [&](std::string_view suf) { return k.size() > suf.size() && k.compare(k.size() - suf.size(), suf.size(), suf) == 0; };
  if (k.rfind("aws:", 0) != 0 && (ends(":sub") || ends(":aud"))) return false;  // always in the token
  for (const auto& n : facts::conditions(s)) {
    if (facts::lower(n.op) != "null" || facts::lower(n.key) != k || !n.values) continue;
    if (n.values->is_scalar() && facts::lower(n.values->text()) == "false") return false;
    if (n.values->is_seq() && n.values->count == 1 && n.values->item(0)->is_scalar() &&
        facts::lower(n.values->item(0)->text()) == "false")
      return false;
  }
  return true;
}

bool has_restricting(const Model& m, const Statement& s, std::initializer_list<std::string_view> keys) {
  for (const auto& e : facts::conditions(s)) {
    std::string k = facts::lower(e.key);
    bool listed = false;
    for (auto want : keys)
      if (k == want) listed = true;
    if (!listed) continue;
    // ForAllValues: restricts only when the key cannot be absent (passes_when_absent).
    if (parse_operator(e.op).for_all && !passes_when_absent(s, e)) {
      facts::ConditionEntry plain = e;
      plain.op = plain.op.substr(plain.op.find(':') + 1);
      if (restricts(m, plain)) return true;
      continue;
    }
    if (restricts(m, e)) return true;
  }
  return false;
}

}  // namespace iamlint::cond

namespace iamlint::cond {

const Node* public_principal(const Statement& s) {
  if (!s.allow() || !s.principal_node) return nullptr;
  if (s.not_principal) return s.principal_node;
  for (const auto& p : s.principals) {
    if (p.type != "*" && p.type != "AWS") continue;
    for (const auto& a : p.item.value.alts)
      if (a.is_literal() && a.literal() == "*") return s.principal_node;
  }
  return nullptr;
}

bool public_resource_statement(const Model& m, const IamCatalog& cat, const PolicyDocument& d, const Statement& s) {
  return d.kind == PolicyKind::Resource && public_principal(s) &&
         !reach::outsiders_shut_out(m, cat, d, s, kResourceAccessKeys);
}

}  // namespace iamlint::cond
