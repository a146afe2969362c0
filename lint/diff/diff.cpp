#include "lint/diff/diff.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <cctype>
#include <cstdio>
#include <cstdlib>

#include "lint/iam/catalog.h"
#include "lint/json_quote.h"
#include "rules/rules.h"

namespace iamlint::diff {

using access::CPolicy;
using access::CPrincipal;
using access::CStatement;
using access::Decision;
using access::Entity;
using access::PolicyClass;
using access::QueryPrincipal;
using access::Target;
using access::World;

bool PrincipalDiff::sensitive() const {
  for (const auto& a : added)
    if (a.sensitive) return true;
  return false;
}

bool DiffResult::any_added() const {
  for (const auto& p : principals)
    if (!p.added.empty()) return true;
  for (const auto& r : resources)
    if (!r.exposure_added.empty()) return true;
  return false;
}

bool ResourceDiff::sensitive() const {
  // Public or cross-account exposure is sensitive; a new service or same-account principal is not.
  for (const auto& e : exposure_added)
    if (e.rfind("public", 0) == 0 || e.rfind("account ", 0) == 0 || e.rfind("federated ", 0) == 0) return true;
  return false;
}

bool DiffResult::sensitive_added() const {
  for (const auto& p : principals)
    if (p.sensitive()) return true;
  for (const auto& r : resources)
    if (r.sensitive()) return true;
  return false;
}

std::string translate(std::string_view s, const access::SymbolTable& from, access::SymbolTable& to) {
  if (!access::has_symbols(s)) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if ((c == access::kSymOpaque || c == access::kSymUnique) && i + access::kSymLen <= s.size()) {
      out += to.symbol(from.name_at(s.substr(i)), c == access::kSymUnique);
      i += access::kSymLen - 1;
    } else {
      out += c;
    }
  }
  return out;
}

namespace {

int rank(Decision d) {
  switch (d) {
    case Decision::Allowed: return 2;
    case Decision::Conditional: return 1;
    default: return 0;
  }
}

std::string key_of(std::string_view file, std::string_view id) { return std::string(file) + "#" + std::string(id); }

// A resource pattern made concrete: every `*` a name no literal pattern is likely to hold, so a
// witness of a wider pattern falls outside the narrower patterns it replaced.
std::string concretise(std::string_view p, std::string_view own_account = "111111111111") {
  std::string s;
  int field = 0;  // ARN field (0 "arn", 1 partition, 2 service, 3 region, 4 account, 5 resource)
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    // A policy variable (${aws:username}): the witness request's context gives it this value.
    if (c == '$' && i + 1 < p.size() && p[i + 1] == '{') {
      size_t e = p.find('}', i);
      if (e != std::string_view::npos && p.substr(i + 2, e - i - 2).find(':') != std::string_view::npos) {
        s += "iamlint-witness";
        i = e;
        continue;
      }
    }
    if (c == '*') {
      // A wildcard ARN field gets a value that field can hold.
      bool arn = p.rfind("arn:", 0) == 0;
      s += !arn || field >= 5 ? std::string("iamlint-witness")
           : field == 4        ? std::string(own_account)
           : field == 3        ? std::string("us-east-1")
           : field == 1        ? std::string("aws")
                               : std::string("iamlint-witness");
    } else if (c == '?') s += 'x';
    else if (access::is_field_any(c)) s += c == access::kFieldAnyRegion ? "us-east-1" : c == access::kFieldAnySuffix ? "amazonaws.com" : "aws";
    else s += c;
    if (c == ':' && field < 5) ++field;
  }
  return s;
}

// Policies as text, by symbol names (the two worlds' tables differ), without the policies' names
// (a renamed resource keeps its content).
void serialise(const World& w, const CPolicy& p, std::string& out) {
  out += access::policy_class_name(p.cls);
  out += p.attached_by_reference ? p.name : std::string();
  out += '{';
  for (const auto& st : p.statements) {
    out += st.deny ? "D" : "A";
    out += st.not_action ? "!a[" : "a[";
    for (const auto& a : st.actions) out += a + ",";
    out += st.has_resource ? (st.not_resource ? "]!r[" : "]r[") : "]-[";
    for (const auto& r : st.resources) out += w.display(r) + ",";
    out += st.not_principal ? "]!p[" : "]p[";
    for (const auto& pr : st.principals) out += std::to_string(pr.type) + w.display(pr.value) + ",";
    out += "]c[";
    for (const auto& c : st.conditions) {
      out += c.operator_text + " " + c.key + "=";
      for (const auto& v : c.values) out += w.display(v) + ",";
      out += ";";
    }
    out += "]";
  }
  out += '}';
}

std::string entity_fingerprint(const World& w, const Entity& e) {
  std::string s = e.type + "|" + w.display(e.arn) + "|";
  for (const CPolicy* p : e.identity) serialise(w, *p, s);
  s += "|b|";
  for (const CPolicy* p : e.boundaries) serialise(w, *p, s);
  return s;
}

// Everything outside an entity that can change its access: resource policies of every target,
// and the raw policy files.
std::string world_fingerprint(const World& w) {
  std::string s;
  for (const auto& t : w.targets()) {
    s += t.file + "#" + t.id + "=" + w.display(t.arn) + ":";
    for (const CPolicy* p : t.policies) serialise(w, *p, s);
    s += "\n";
  }
  return s;
}

std::string sensitivity(const IamCatalog& cat, std::string_view action, std::string_view resource_pattern) {
  auto id = cat.find_action(action);
  if (!id) return {};
  std::string name = cat.action_name(*id);
  if (name == "iam:PassRole") return "iam:PassRole";
  if (rules::is_escalation_action(name)) return "privilege escalation (IAM014)";
  AccessLevel lvl = cat.access_level(*id);
  if (lvl == AccessLevel::Permissions) return "permissions management";
  if (lvl == AccessLevel::Write && resource_pattern == "*") return "write on *";
  return {};
}

struct Candidate {
  const CPolicy* policy;
  const CStatement* st;
  std::vector<std::string> resources;  // patterns (encoded in the grantor world)
};

// The statements of `w` that can grant something to entity `e`: Allow statements of its identity
// policies, and of resource policies whose Principal can name it (an AWS principal that is not
// "*": a policy open to everyone is an exposure, reported per resource).
std::vector<Candidate> candidates(const World& w, const Entity& e) {
  std::vector<Candidate> out;
  for (const CPolicy* p : e.identity)
    for (const auto& st : p->statements) {
      if (st.deny) continue;
      Candidate c{p, &st, {}};
      if (!st.has_resource || st.not_resource) c.resources.push_back("*");
      else c.resources = st.resources;
      out.push_back(std::move(c));
    }
  access::RequestPrincipal rp;
  rp.kind = e.kind == Entity::User ? access::RequestPrincipal::User : access::RequestPrincipal::Role;
  rp.arn = e.arn;
  rp.account = w.own_account();
  for (const auto& t : w.targets()) {
    if (t.role) continue;  // a trust policy grants sts:AssumeRole on the role: an exposure
    for (const CPolicy* p : t.policies)
      for (const auto& st : p->statements) {
        if (st.deny || st.not_principal) continue;
        bool names_it = false;
        for (const auto& pr : st.principals) {
          if (pr.type != CPrincipal::AWS || pr.value == "*") continue;
          bool root = false;
          if (access::principal_matches(pr, rp, &w.symbols(), &root) != access::Tri::False) names_it = true;
        }
        if (!names_it) continue;
        Candidate c{p, &st, {}};
        if (st.has_resource && !st.not_resource) c.resources = st.resources;
        else if (!t.arn.empty()) c.resources.push_back(t.arn);
        else c.resources.push_back("*");
        out.push_back(std::move(c));
      }
  }
  return out;
}

// A concrete resource for (pattern, action). For "*", an ARN of a resource type the action takes
// (placeholders filled with fresh names, the account with the world's own), so the witness reads
// like a real resource; an action without resource types gets a fresh name only "*" matches.
// Concrete resources for (pattern, action), most telling first. For "*", an ARN of a resource type
// the action takes (placeholders filled with fresh names), in the world's own account and then in
// another one, so a widening to other accounts shows too; an action without resource types is
// authorized against "*" itself. Empty: the grant never applies (another resource type: IAM005).
std::vector<std::string> witnesses_for(const World& w, std::string_view pattern, const std::string& action) {
  const IamCatalog& cat = IamCatalog::instance();
  auto id = cat.find_action(action);
  if (!id) return {concretise(pattern, w.own_account())};
  auto types = cat.action_resources(*id);
  if (types.empty()) {
    if (pattern == "*" || pattern.find(':') == std::string_view::npos) return {"*"};
    return {};
  }
  if (pattern != "*") {
    std::string c = concretise(pattern, w.own_account());
    if (c.rfind("arn:", 0) != 0) return {c};
    // The type check on a symbol-free spelling (a 12-digit account, a name for each symbol).
    std::string plain = concretise(pattern, "111111111111");
    for (size_t i = 0; i < plain.size(); ++i)
      if (plain[i] == access::kSymOpaque || plain[i] == access::kSymUnique) {
        plain.replace(i, std::min(access::kSymLen, plain.size() - i), "symbol");
      }
    for (const auto& t : types)
      if (arn_may_match(plain, cat.resource_type_arn(t.type))) return {c};
    return {};
  }
  std::string_view fmt = cat.resource_type_arn(types[0].type);
  std::vector<std::string> out;
  for (int foreign = 0; foreign < 2; ++foreign) {
    std::string o;
    bool has_account = false;
    for (size_t i = 0; i < fmt.size(); ++i) {
      if (fmt[i] == '$' && i + 1 < fmt.size() && fmt[i + 1] == '{') {
        size_t e = fmt.find('}', i);
        if (e == std::string_view::npos) break;
        std::string_view name = fmt.substr(i + 2, e - i - 2);
        if (name == "Partition") o += "aws";
        else if (name == "Region") o += "us-east-1";
        else if (name == "Account") {
          o += foreign ? std::string("999999999999") : w.own_account();
          has_account = true;
        } else o += "iamlint-witness";
        i = e;
      } else {
        o += fmt[i];
      }
    }
    out.push_back(std::move(o));
    if (!has_account) break;
  }
  return out;
}

// Context keys a pair of conditional answers depends on, with values worth trying: the values the
// conditions name, a fresh one, true/false, and absence (a closed context).
std::vector<std::pair<std::string, std::vector<std::string>>> context_candidates(const access::Result& a,
                                                                               const access::Result& b) {
  std::map<std::string, std::vector<std::string>> keys;
  auto add = [](std::vector<std::string>& v, const std::string& x) {
    if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
  };
  for (const access::Result* r : {&a, &b})
    for (const auto& d : r->conditions) {
      if (d.key.rfind("parameter ", 0) == 0 || d.key.rfind("value ", 0) == 0 || d.key.empty()) continue;
      std::string k = d.key;
      for (auto& ch : k) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      auto& vs = keys[k];
      if (vs.empty()) vs.push_back(std::string());  // "" = absent
      for (const auto& v : d.values)
        if (v.find("${") == std::string::npos) add(vs, v);
    }
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  for (auto& [k, vs] : keys) {
    // The values the conditions name first, then the two booleans, then a fresh name.
    add(vs, "true");
    add(vs, "false");
    add(vs, "iamlint-witness");
    out.push_back({k, vs});
  }
  return out;
}

// Text for people, and for `iamlint access --resource`: a value that starts with a resource's ARN
// as ${Id.Arn}, the partition field as ${AWS::Partition}, generated names as ${LogicalId}.
std::string pretty(const World& w, std::string_view s_in, bool pattern) {
  std::string norm(s_in);
  if (pattern && norm.size() > 4 && norm.rfind("arn:", 0) == 0 && norm[4] == access::kFieldAny) norm.replace(4, 1, "aws");
  std::string_view s = norm;
  // Longest target ARN that prefixes the value (a bucket's objects: ${Bucket.Arn}/key).
  const Target* best = nullptr;
  for (const auto& t : w.targets()) {
    if (t.arn.empty() || t.arn.size() > s.size() || t.type == "policy file") continue;
    std::string_view arn = t.arn;
    bool match = s.substr(0, arn.size()) == arn;
    if (match && (s.size() == arn.size() || s[arn.size()] == '/' || s[arn.size()] == ':') &&
        (!best || best->arn.size() < arn.size()) && access::has_symbols(arn))
      best = &t;
  }
  if (best) return "${" + best->id + ".Arn}" + w.display(s.substr(best->arn.size()));
  std::string d = w.display(s_in);
  for (size_t p; (p = d.find(" (generated name)}")) != std::string::npos;) d.erase(p, 17);
  return d;
}

std::vector<std::string> statement_actions(const IamCatalog& cat, const CStatement& st, size_t cap,
                                           std::vector<std::pair<std::string, std::vector<std::string>>>* by_pattern) {
  std::vector<std::string> out;
  if (st.not_action) {
    for (ActionId a : cat.expand("*")) {
      std::string n = cat.action_name(a);
      bool excluded = false;
      for (const auto& pat : st.actions)
        if (access::glob_match3(pat, n, true, nullptr, nullptr) == access::Tri::True) excluded = true;
      if (!excluded) out.push_back(std::move(n));
      if (out.size() >= cap) break;
    }
    return out;
  }
  std::set<std::string> seen;
  for (const auto& pat : st.actions) {
    std::vector<std::string> exp;
    if (pat.find('*') == std::string::npos && pat.find('?') == std::string::npos) {
      auto id = cat.find_action(pat);
      exp.push_back(id ? cat.action_name(*id) : pat);
    } else {
      for (ActionId a : cat.expand(pat)) exp.push_back(cat.action_name(a));
    }
    if (by_pattern) by_pattern->push_back({pat, exp});
    for (auto& n : exp)
      if (seen.insert(n).second && out.size() < cap) out.push_back(n);
  }
  return out;
}

std::string condition_text(const access::ConditionDependency& c) {
  std::string s = c.operator_text + " " + c.key;
  if (!c.values.empty()) {
    s += " =";
    for (size_t i = 0; i < c.values.size(); ++i) s += (i ? ", " : " ") + c.values[i];
  }
  if (c.deny) s += " (deny)";
  return s;
}

// ---- oracle cases (test hook) ----------------------------------------------------------------
std::string jstr(std::string_view v) { return json_quote(v); }

// Symbols as concrete text: "this account" a 12-digit account, every other symbol a fresh name.
std::string concrete(const World& w, std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if ((c == access::kSymOpaque || c == access::kSymUnique) && i + access::kSymLen <= s.size()) {
      std::string_view name = w.symbols().name_at(s.substr(i));
      if (name == "this account") {
        out += "111111111111";
      } else {
        out += "sym";
        for (char ch : name)
          if (std::isalnum(static_cast<unsigned char>(ch))) out += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      }
      i += access::kSymLen - 1;
    } else if (access::is_field_any(c)) {
      out += '*';
    } else {
      out += c;
    }
  }
  return out;
}

std::string jlist(const World& w, const std::vector<std::string>& v) {
  std::string o = "[";
  for (size_t i = 0; i < v.size(); ++i) o += (i ? "," : "") + jstr(concrete(w, v[i]));
  return o + "]";
}

std::string policy_json(const World& w, const std::vector<const CPolicy*>& ps) {
  std::string o = "{\"Version\":\"2012-10-17\",\"Statement\":[";
  bool first = true;
  for (const CPolicy* p : ps)
    for (const auto& st : p->statements) {
      o += first ? "{" : ",{";
      first = false;
      o += std::string("\"Effect\":") + (st.deny ? "\"Deny\"" : "\"Allow\"");
      o += std::string(",\"") + (st.not_action ? "NotAction" : "Action") + "\":" + jlist(w, st.actions);
      if (st.has_resource) o += std::string(",\"") + (st.not_resource ? "NotResource" : "Resource") + "\":" + jlist(w, st.resources);
      if (st.has_principal) {
        o += std::string(",\"") + (st.not_principal ? "NotPrincipal" : "Principal") + "\":";
        bool any = false;
        for (const auto& pr : st.principals) any = any || pr.type == CPrincipal::Any;
        if (any) {
          o += "\"*\"";
        } else {
          std::map<std::string, std::vector<std::string>> by;
          for (const auto& pr : st.principals) {
            const char* t = pr.type == CPrincipal::AWS ? "AWS" : pr.type == CPrincipal::Service ? "Service"
                            : pr.type == CPrincipal::Federated ? "Federated" : "CanonicalUser";
            by[t].push_back(pr.value);
          }
          o += "{";
          bool f2 = true;
          for (const auto& [t, v] : by) {
            o += (f2 ? "\"" : ",\"") + t + "\":" + jlist(w, v);
            f2 = false;
          }
          o += "}";
        }
      }
      if (!st.conditions.empty()) {
        std::map<std::string, std::vector<const access::CCondition*>> by_op;
        for (const auto& c : st.conditions) by_op[c.operator_text].push_back(&c);
        o += ",\"Condition\":{";
        bool f2 = true;
        for (const auto& [op, cs] : by_op) {
          o += (f2 ? "" : ",") + jstr(op) + ":{";
          f2 = false;
          for (size_t i = 0; i < cs.size(); ++i) o += (i ? "," : "") + jstr(cs[i]->key_text) + ":" + jlist(w, cs[i]->values);
          o += "}";
        }
        o += "}";
      }
      o += "}";
    }
  return o + "]}";
}

// One request of `w` as an iam-simulate case; "" when the simulator cannot be given the same
// world (a resource or principal iamlint only assumes things about).
std::string oracle_case(const World& w, const QueryPrincipal& q, const std::string& action, const std::string& resource,
                        Decision expected, const access::Context& given) {
  access::Request req;
  req.action = action;
  req.resource = resource;
  req.context = given;
  access::PolicySet ps = w.policy_set(q, action, resource, req);
  if (ps.identity_assumed || (ps.resource_policy_assumed && !req.resource_account.empty() &&
                              req.resource_account != req.principal.account))
    return {};
  // A KMS key outside the files: iamlint assumes its key policy delegates to the account; the
  // simulator would need that policy.
  if (ps.resource_policy_assumed && (action.rfind("kms:", 0) == 0 || action.rfind("KMS:", 0) == 0)) return {};
  for (const CPolicy* p : ps.identity)
    if (p->statements.empty()) return {};
  std::string o = "{\"kind\":\"" + std::string(req.principal.kind == access::RequestPrincipal::User ? "user" : "role") + "\"";
  std::string principal = concrete(w, req.principal.arn);
  o += ",\"principal\":" + jstr(principal) + ",\"action\":" + jstr(action) + ",\"resource\":" + jstr(concrete(w, resource));
  std::string racct = req.resource_account.empty() ? req.principal.account : req.resource_account;
  o += ",\"resource_account\":" + jstr(concrete(w, racct));
  o += ",\"context\":{";
  bool first = true;
  for (const auto& [k, vs] : req.context.entries) {
    o += (first ? "" : ",") + jstr(k) + ":";
    first = false;
    o += vs.size() == 1 ? jstr(concrete(w, vs[0])) : jlist(w, vs);
  }
  o += "}";
  o += ",\"identity\":[" + (ps.identity.empty() ? std::string() : policy_json(w, ps.identity)) + "]";
  if (!ps.boundaries.empty()) {
    o += ",\"boundary\":[";
    for (size_t i = 0; i < ps.boundaries.size(); ++i) o += (i ? "," : "") + policy_json(w, {ps.boundaries[i]});
    o += "]";
  }
  if (!ps.resource.empty()) o += ",\"resource_policy\":" + policy_json(w, ps.resource);
  o += std::string(",\"closed\":") + (expected == Decision::Conditional && !given.closed ? "false" : "true");
  o += ",\"expect\":" + jstr(access::decision_name(expected)) + "}";
  return o;
}

// Access that `grantor` gives and `baseline` does not, for one principal.
std::vector<AccessItem> one_way(World& grantor, const Entity& e, World& baseline, const Entity* be,
                                const DiffOptions& opt) {
  const IamCatalog& cat = IamCatalog::instance();
  std::vector<AccessItem> items;
  QueryPrincipal gq;
  gq.entity = &e;
  gq.display = e.id;
  QueryPrincipal bq;
  bq.entity = be;
  bq.display = be ? be->id : e.id;
  access::Context ctx;
  access::EvalOptions quick;
  quick.explain = false;
  for (const Candidate& c : candidates(grantor, e)) {
    std::vector<std::pair<std::string, std::vector<std::string>>> by_pattern;
    std::vector<std::string> actions = statement_actions(cat, *c.st, opt.max_actions_per_statement, &by_pattern);
    AccessItem item;
    std::set<std::string> changed_actions;
    std::vector<std::string> changed_resources;
    bool have_witness = false;
    std::string witness_encoded;
    access::Context witness_ctx;
    for (const auto& rp : c.resources) {
      bool any = false;
      for (const auto& a : actions) {
        for (const std::string& w : witnesses_for(grantor, rp, a)) {
          std::string bw = translate(w, grantor.symbols(), baseline.symbols());
          access::Result rg = grantor.evaluate(gq, a, w, ctx, quick);
          int g = rank(rg.decision);
          if (g == 0) continue;
          int b = 0;
          access::Result rb;
          if (be) {
            rb = baseline.evaluate(bq, a, bw, ctx, quick);
            b = rank(rb.decision);
          }
          access::Context found_ctx;
          bool found = g == 2 && b == 0;
          if (!found && g >= 1) {
            // Both depend on the request: look for a context NEW allows and OLD does not (a
            // dropped condition, a removed Deny guard, a variable's value).
            access::Result eg = grantor.evaluate(gq, a, w, ctx), eb = baseline.evaluate(bq, a, bw, ctx);
            auto cands = context_candidates(eg, eb);
            size_t combos = 1;
            for (const auto& [k, vs] : cands) combos = std::min<size_t>(combos * vs.size(), 100000);
            if (!cands.empty() && combos <= 512) {
              std::vector<size_t> idx(cands.size(), 0);
              for (size_t n = 0; n < combos && !found; ++n) {
                access::Context c2;
                c2.closed = true;
                for (size_t k = 0; k < cands.size(); ++k)
                  if (!cands[k].second[idx[k]].empty()) c2.add(cands[k].first, cands[k].second[idx[k]]);
                access::Result r1 = grantor.evaluate(gq, a, w, c2, quick);
                if (r1.decision == Decision::Allowed) {
                  access::Result r2 = baseline.evaluate(bq, a, bw, c2, quick);
                  if (r2.decision != Decision::Allowed) {
                    found = true;
                    found_ctx = c2;
                    rg = r1;
                    rb = r2;
                  }
                }
                for (size_t k = 0; k < idx.size(); ++k) {  // next combination
                  if (++idx[k] < cands[k].second.size()) break;
                  idx[k] = 0;
                }
              }
            }
            // No context separates them: still an addition when NEW ranks higher in the open
            // world (allowed against conditional, conditional against denied), with the
            // conditions it depends on.
            if (!found && g > b) found = true;
          }
          if (!found) continue;
          any = true;
          changed_actions.insert(a);
          bool better = !have_witness || (rg.decision == Decision::Allowed && item.witness.new_decision != "allowed");
          if (better) {
            have_witness = true;
            witness_encoded = w;
            witness_ctx = found_ctx;
            item.witness.action = a;
            item.witness.resource = pretty(grantor, w, false);
            item.witness.new_decision = std::string(access::decision_name(rg.decision));
            item.witness.old_decision = be ? std::string(access::decision_name(rb.decision)) : "implicit-deny";
            item.witness.context.clear();
            item.witness.context_given = found_ctx.closed;
            for (const auto& [k, vs] : found_ctx.entries)
              for (const auto& v : vs) item.witness.context.push_back({k, grantor.display(v)});
          }
          std::string why = sensitivity(cat, a, rp);
          if (!why.empty() && !item.sensitive) {
            item.sensitive = true;
            item.why = why;
          }
          break;  // one witness per (action, pattern)
        }
      }
      if (any) changed_resources.push_back(pretty(grantor, rp, true));
    }
    if (changed_actions.empty()) continue;
    // Actions: a written pattern whose every expansion changed stands for them.
    std::set<std::string> covered;
    for (const auto& [pat, exp] : by_pattern) {
      if (exp.size() < 2) continue;
      bool all = std::all_of(exp.begin(), exp.end(), [&](const std::string& x) { return changed_actions.count(x) > 0; });
      if (all) {
        item.actions.push_back(pat);
        covered.insert(exp.begin(), exp.end());
      }
    }
    if (c.st->not_action && changed_actions.size() == actions.size()) {
      std::string s = "all actions except ";
      for (size_t i = 0; i < c.st->actions.size(); ++i) s += (i ? ", " : "") + c.st->actions[i];
      item.actions = {s};
      covered = changed_actions;
    }
    for (const auto& a : changed_actions)
      if (!covered.count(a)) item.actions.push_back(a);
    item.resources = changed_resources;
    // The witness, explained: the conditions it depends on, and where it is granted.
    access::Result full = grantor.evaluate(gq, item.witness.action, witness_encoded, witness_ctx.closed ? witness_ctx : ctx);
    if (opt.oracle_cases) {
      const access::Context& wc = witness_ctx.closed ? witness_ctx : ctx;
      std::string g = oracle_case(grantor, gq, item.witness.action, witness_encoded, full.decision, wc);
      std::string bw = translate(witness_encoded, grantor.symbols(), baseline.symbols());
      std::string b = be ? oracle_case(baseline, bq, item.witness.action, bw,
                                       baseline.evaluate(bq, item.witness.action, bw, wc).decision, wc)
                         : std::string();
      if (!g.empty() && (!be || !b.empty())) {
        opt.oracle_cases->push_back(g);
        if (!b.empty()) opt.oracle_cases->push_back(b);
      }
    }
    for (const auto& d : full.conditions) {
      std::string t = condition_text(d);
      if (std::find(item.conditions.begin(), item.conditions.end(), t) == item.conditions.end()) item.conditions.push_back(t);
    }
    item.path = c.st->loc.path;
    item.line = c.st->loc.line;
    item.column = c.st->loc.column;
    access::DecidingStatement ds{c.policy, c.st};
    item.policy = World::describe(ds);
    items.push_back(std::move(item));
  }
  return items;
}

// Who a resource's policy lets in, as comparable labels.
std::set<std::string> exposure(const World& w, const Target& t) {
  std::set<std::string> out;
  auto anyone = w.find_principal("*", nullptr);
  access::Context ctx;
  for (const CPolicy* p : t.policies) {
    for (const auto& st : p->statements) {
      if (st.deny) continue;
      if (st.not_principal) {
        out.insert("public (everyone but the NotPrincipal)");
        continue;
      }
      for (const auto& pr : st.principals) {
        std::string v = w.display(pr.value);
        switch (pr.type) {
          case CPrincipal::Any:
          case CPrincipal::AWS: {
            if (pr.type == CPrincipal::Any || v == "*") {
              // Public unless the statement (or a Deny) pins the caller: ask the evaluator.
              if (!anyone) break;
              std::string res = st.has_resource && !st.not_resource && !st.resources.empty() ? concretise(st.resources[0])
                                                                                             : (t.arn.empty() ? "*" : t.arn);
              std::string act = st.actions.empty() || st.not_action ? "*" : st.actions[0];
              std::string a = act;
              if (act.find('*') != std::string::npos || act.find('?') != std::string::npos) {
                auto ids = IamCatalog::instance().expand(act);
                if (!ids.empty()) a = IamCatalog::instance().action_name(ids[0]);
              }
              access::Result r = w.evaluate(*anyone, a, res, ctx);
              if (r.decision == Decision::Allowed) out.insert("public");
              else if (r.decision == Decision::Conditional) {
                std::string s = "public if";
                std::set<std::string> keys;
                for (const auto& c : r.conditions) keys.insert(c.key);
                for (const auto& k : keys) s += " " + k;
                out.insert(s);
              }
              break;
            }
            // Another account: a 12-digit account in the ARN or alone.
            std::string acct;
            if (v.size() == 12 && std::all_of(v.begin(), v.end(), ::isdigit)) acct = v;
            else if (v.rfind("arn:", 0) == 0) {
              size_t f = 0, pos = 0;
              while (f < 4 && pos != std::string::npos) {
                pos = v.find(':', pos);
                if (pos != std::string::npos) ++pos;
                ++f;
              }
              if (pos != std::string::npos) {
                size_t e = v.find(':', pos);
                acct = v.substr(pos, e == std::string::npos ? std::string::npos : e - pos);
              }
            }
            std::string own = w.display(w.own_account());
            if (!acct.empty() && acct != own && std::all_of(acct.begin(), acct.end(), ::isdigit))
              out.insert("account " + acct);
            else if (acct.empty() || acct == own)
              out.insert("principal " + v);
            break;
          }
          case CPrincipal::Service: out.insert("service " + v); break;
          case CPrincipal::Federated: out.insert("federated " + v); break;
          default: out.insert("principal " + v); break;
        }
      }
    }
  }
  return out;
}

// The statements of resource policies that differ between the worlds: a statement of a target
// whose twin (same file and ID) in the other world has no identical statement; every statement of
// a target found in one world only.
struct ChangedStatement {
  const World* world;
  const Target* target;
  const CStatement* st;
};

std::vector<ChangedStatement> changed_statements(const World& a, const World& b) {
  auto st_text = [](const World& w, const CStatement& st) {
    CPolicy one;
    one.statements.push_back(st);
    std::string s;
    serialise(w, one, s);
    return s;
  };
  auto collect = [&](const World& w) {
    std::unordered_map<std::string, std::multiset<std::string>> m;
    for (const auto& t : w.targets())
      for (const CPolicy* p : t.policies)
        for (const auto& st : p->statements) m[key_of(t.file, t.id)].insert(st_text(w, st));
    return m;
  };
  auto ma = collect(a), mb = collect(b);
  std::vector<ChangedStatement> out;
  auto diff_into = [&](const World& w, auto& mine, auto& other) {
    for (const auto& t : w.targets()) {
      auto it = other.find(key_of(t.file, t.id));
      for (const CPolicy* p : t.policies)
        for (const auto& st : p->statements)
          if (it == other.end() || !it->second.count(st_text(w, st))) out.push_back({&w, &t, &st});
    }
    (void)mine;
  };
  diff_into(a, ma, mb);
  diff_into(b, mb, ma);
  return out;
}

// Can a changed resource-policy statement change what entity `e` (of world `w`) may do? One whose
// principals may be the entity (a Deny to "*" included; an Allow to "*" is an exposure, reported
// per resource), or any statement of a raw policy file (it governs whatever its statements name).
bool affected_by(const World& w, const Entity& e, const std::vector<ChangedStatement>& changed) {
  access::RequestPrincipal rp;
  rp.kind = e.kind == Entity::User ? access::RequestPrincipal::User : access::RequestPrincipal::Role;
  rp.arn = e.arn;
  rp.account = w.own_account();
  for (const auto& c : changed) {
    if (c.target->type == "policy file" || c.st->not_principal) return true;
    access::RequestPrincipal trp = rp;
    if (c.world != &w) {  // the entity in the other world's symbols
      auto& syms = const_cast<access::SymbolTable&>(c.world->symbols());
      trp.arn = translate(rp.arn, w.symbols(), syms);
      trp.account = c.world->own_account();
    }
    for (const auto& pr : c.st->principals) {
      if (pr.type == CPrincipal::Any || (pr.type == CPrincipal::AWS && pr.value == "*")) {
        if (c.st->deny) return true;
        continue;
      }
      if (pr.type != CPrincipal::AWS) continue;
      bool root = false;
      if (access::principal_matches(pr, trp, &c.world->symbols(), &root) != access::Tri::False) return true;
    }
  }
  return false;
}

}  // namespace

DiffResult compute(World& old_world, World& new_world, const DiffOptions& opt) {
  DiffResult out;
  std::string old_fp = world_fingerprint(old_world), new_fp = world_fingerprint(new_world);
  bool world_same = old_fp == new_fp;
  const auto changed = world_same ? std::vector<ChangedStatement>{} : changed_statements(old_world, new_world);

  std::unordered_map<std::string, const Entity*> old_by_key, new_by_key;
  for (const auto& e : old_world.entities())
    if (e.kind != Entity::External) old_by_key[key_of(e.file, e.id)] = &e;
  for (const auto& e : new_world.entities())
    if (e.kind != Entity::External) new_by_key[key_of(e.file, e.id)] = &e;

  // Renames: a principal only in OLD and one only in NEW, in the same file, of the same type and
  // with identical policies.
  std::map<const Entity*, const Entity*> rename_of_new;  // new -> old
  std::set<const Entity*> renamed_old;
  {
    std::multimap<std::string, const Entity*> old_only;
    for (const auto& e : old_world.entities())
      if (e.kind != Entity::External && !new_by_key.count(key_of(e.file, e.id)))
        old_only.insert({e.file + "|" + entity_fingerprint(old_world, e), &e});
    for (const auto& e : new_world.entities()) {
      if (e.kind == Entity::External || old_by_key.count(key_of(e.file, e.id))) continue;
      std::string fp = entity_fingerprint(new_world, e);
      // The ARN holds the logical ID for generated names: compare without it.
      auto range = old_only.equal_range(e.file + "|" + fp);
      for (auto it = range.first; it != range.second; ++it)
        if (!renamed_old.count(it->second)) {
          rename_of_new[&e] = it->second;
          renamed_old.insert(it->second);
          break;
        }
      if (!rename_of_new.count(&e)) {
        // Generated role names carry the logical ID: retry with the ARN left out.
        std::string fp2 = fp.substr(fp.find('|', fp.find('|') + 1));
        for (auto it = old_only.begin(); it != old_only.end(); ++it) {
          const Entity* oe = it->second;
          if (renamed_old.count(oe) || oe->file != e.file || oe->type != e.type) continue;
          std::string ofp = entity_fingerprint(old_world, *oe);
          if (ofp.substr(ofp.find('|', ofp.find('|') + 1)) == fp2 && !e.identity.empty()) {
            rename_of_new[&e] = oe;
            renamed_old.insert(oe);
            break;
          }
        }
      }
    }
  }

  for (const auto& e : new_world.entities()) {
    if (e.kind == Entity::External) continue;
    const Entity* oe = nullptr;
    PrincipalDiff pd;
    pd.principal = e.id;
    pd.file = e.file;
    pd.type = e.type;
    if (auto it = old_by_key.find(key_of(e.file, e.id)); it != old_by_key.end()) {
      oe = it->second;
      pd.status = "changed";
    } else if (auto r = rename_of_new.find(&e); r != rename_of_new.end()) {
      oe = r->second;
      pd.renamed_from = oe->id;
      pd.status = "renamed";
    } else {
      pd.status = "added";
    }
    if (oe && pd.renamed_from.empty() && entity_fingerprint(old_world, *oe) == entity_fingerprint(new_world, e) &&
        (world_same || !affected_by(new_world, e, changed)))
      continue;
    pd.added = one_way(new_world, e, old_world, oe, opt);
    if (oe) pd.removed = one_way(old_world, *oe, new_world, &e, opt);
    if (pd.added.empty() && pd.removed.empty()) continue;
    out.principals.push_back(std::move(pd));
  }
  for (const auto& e : old_world.entities()) {
    if (e.kind == Entity::External || new_by_key.count(key_of(e.file, e.id)) || renamed_old.count(&e)) continue;
    PrincipalDiff pd;
    pd.principal = e.id;
    pd.file = e.file;
    pd.type = e.type;
    pd.status = "removed";
    pd.removed = one_way(old_world, e, new_world, nullptr, opt);
    if (!pd.removed.empty()) out.principals.push_back(std::move(pd));
  }
  // Sensitive principals first, then by file and ID.
  std::stable_sort(out.principals.begin(), out.principals.end(), [](const PrincipalDiff& a, const PrincipalDiff& b) {
    if (a.sensitive() != b.sensitive()) return a.sensitive();
    if (a.file != b.file) return a.file < b.file;
    return a.principal < b.principal;
  });
  for (auto& p : out.principals)
    std::stable_sort(p.added.begin(), p.added.end(), [](const AccessItem& a, const AccessItem& b) { return a.sensitive > b.sensitive; });

  // Resources: who their policies let in.
  if (!world_same) {
    std::unordered_map<std::string, const Target*> old_t;
    for (const auto& t : old_world.targets())
      if (!t.policies.empty()) old_t[key_of(t.file, t.id)] = &t;
    std::set<std::string> seen;
    // A renamed principal's trust policy is the same resource under its new ID.
    std::unordered_map<std::string, std::string> old_key_of;
    for (const auto& [ne, oe] : rename_of_new) old_key_of[key_of(ne->file, ne->id)] = key_of(oe->file, oe->id);
    for (const auto& t : new_world.targets()) {
      if (t.policies.empty()) continue;
      std::string k = key_of(t.file, t.id);
      if (auto r = old_key_of.find(k); r != old_key_of.end() && !old_t.count(k)) k = r->second;
      seen.insert(k);
      std::set<std::string> now = exposure(new_world, t), before;
      auto it = old_t.find(k);
      if (it != old_t.end()) before = exposure(old_world, *it->second);
      ResourceDiff rd;
      rd.resource = t.id;
      rd.file = t.file;
      rd.type = t.type;
      std::set_difference(now.begin(), now.end(), before.begin(), before.end(), std::back_inserter(rd.exposure_added));
      std::set_difference(before.begin(), before.end(), now.begin(), now.end(), std::back_inserter(rd.exposure_removed));
      if (!t.policies.empty()) {
        rd.path = t.policies[0]->loc.path;
        rd.line = t.policies[0]->loc.line;
        rd.column = t.policies[0]->loc.column;
      }
      if (!rd.exposure_added.empty() || !rd.exposure_removed.empty()) out.resources.push_back(std::move(rd));
    }
    for (const auto& [k, t] : old_t) {
      if (seen.count(k)) continue;
      ResourceDiff rd;
      rd.resource = t->id;
      rd.file = t->file;
      rd.type = t->type;
      auto before = exposure(old_world, *t);
      rd.exposure_removed.assign(before.begin(), before.end());
      if (!rd.exposure_removed.empty()) out.resources.push_back(std::move(rd));
    }
    std::stable_sort(out.resources.begin(), out.resources.end(), [](const ResourceDiff& a, const ResourceDiff& b) {
      if (a.exposure_added.empty() != b.exposure_added.empty()) return !a.exposure_added.empty();
      if (a.file != b.file) return a.file < b.file;
      return a.resource < b.resource;
    });
  }
  return out;
}

}  // namespace iamlint::diff
