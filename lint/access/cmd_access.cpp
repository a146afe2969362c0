// `iamlint access`: the access-evaluation subcommand (docs/access.md is its contract).
//
//   iamlint access PATH... --principal P --action A[,A...] [--resource R] [--context K=V]... [--scp FILE]...
//   iamlint access PATH... --who-can --action A[,A...] --resource R
//   iamlint access PATH... --principal P                      (effective permissions)
#include "lint/access/cmd.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "lint/access/load.h"
#include "lint/json_quote.h"
#include "lint/access/world.h"
#include "lint/config.h"
#include "lint/iam/catalog.h"

namespace iamlint::access {
namespace {

namespace fs = std::filesystem;

constexpr const char* kAccessUsage = R"(usage: iamlint access PATH... --principal P --action A[,A...] [--resource R] [options]
       iamlint access PATH... --who-can --action A[,A...] --resource R [options]
       iamlint access PATH... --principal P [options]          (what P can do)

Answers "can P do A on R?" from the files alone, with AWS's policy evaluation logic.
P: a logical ID (Role, User, Group, SAM Function/StateMachine; FILE#ID when in two files), an ARN
   of a principal outside the files, * (anyone), or service:NAME (service:lambda.amazonaws.com).
R: an ARN, a logical ID, or ${Res.Arn}/suffix text (default *: any resource).

options:
  --context KEY=VALUE     request context (repeat; a multi-valued key repeats KEY)
  --scp FILE              an SCP policy file; each one is one organisation level (repeat)
  --account ACCOUNT       the files' own account (default: .iamlint.yaml account:, else "this account")
  --format text|json      output format (default text)
  --config FILE           read account: from this config file; --no-config: none
  -h, --help              this help

Exit status: 0 evaluated, 2 usage error (unknown principal, action or resource; a file that does not parse).
)";

std::string json_escape(std::string_view s) { return json_quote(s); }

std::vector<std::string> split_commas(std::string_view s) {
  std::vector<std::string> out;
  size_t b = 0;
  while (b <= s.size()) {
    size_t e = s.find(',', b);
    if (e == std::string_view::npos) e = s.size();
    std::string_view part = s.substr(b, e - b);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (!part.empty()) out.emplace_back(part);
    b = e + 1;
  }
  return out;
}

}  // namespace

// ---- shared with IAM030 -------------------------------------------------------------------------
std::optional<std::vector<std::string>> expand_actions(const std::vector<std::string>& given, std::string* error) {
  const IamCatalog& cat = IamCatalog::instance();
  std::vector<std::string> out;
  for (const auto& a : given) {
    if (a.find('*') != std::string::npos || a.find('?') != std::string::npos) {
      auto ids = cat.expand(a);
      if (ids.empty()) {
        if (error) *error = "action pattern '" + a + "' matches no action";
        return std::nullopt;
      }
      for (auto id : ids) out.push_back(cat.action_name(id));
      continue;
    }
    auto id = cat.find_action(a);
    if (!id) {
      if (error) {
        *error = "unknown action '" + a + "'";
        std::string s = cat.suggest(a);
        if (!s.empty()) *error += " (did you mean " + s + "?)";
      }
      return std::nullopt;
    }
    out.push_back(cat.action_name(*id));
  }
  return out;
}

bool action_applies_to(std::string_view action, std::string_view r) {
  const IamCatalog& cat = IamCatalog::instance();
  auto id = cat.find_action(action);
  if (!id || r.substr(0, 4) != "arn:") return true;
  auto types = cat.action_resources(*id);
  if (types.empty()) return true;
  std::string pat;
  for (size_t i = 0; i < r.size(); ++i) {
    if ((r[i] == kSymOpaque || r[i] == kSymUnique) && i + kSymLen <= r.size()) {
      pat += kUnknownChar;
      i += kSymLen - 1;
    } else {
      pat += r[i];
    }
  }
  for (const auto& t : types)
    if (arn_may_match(pat, cat.resource_type_arn(t.type))) return true;
  return false;
}

Result evaluate_over(const World& w, const QueryPrincipal& p, std::string_view action,
                     const std::vector<std::string>& witnesses, const Context& ctx) {
  // "Can P do A on any resource the pattern denotes": the best answer over the stand-ins.
  Result best;
  bool have = false;
  auto rank = [](Decision d) {
    switch (d) {
      case Decision::Allowed: return 3;
      case Decision::Conditional: return 2;
      case Decision::ExplicitDeny: return 1;
      case Decision::ImplicitDeny: return 0;
    }
    return 0;
  };
  // Several stand-ins ("*"): only those the action can apply to (its resource types' ARN formats,
  // per the IAM data), so "s3:DeleteBucket on some resource" is never answered with an object ARN.
  auto fits = [&](const std::string& r) { return witnesses.size() < 2 || action_applies_to(action, r); };
  for (const auto& r : witnesses) {
    if (!fits(r)) continue;
    Result res = w.evaluate(p, action, r, ctx);
    if (!have || rank(res.decision) > rank(best.decision)) {
      best = std::move(res);
      have = true;
    }
    if (best.decision == Decision::Allowed) break;
  }
  return best;
}

namespace {

struct Row {
  std::string principal, action, resource;
  Result result;
};

std::string where(const SourceLoc& l) { return l.path + ":" + std::to_string(l.line); }

void print_json_rows(const World& w, const std::vector<Row>& rows, std::ostream& os) {
  os << "[";
  bool first = true;
  for (const auto& r : rows) {
    os << (first ? "\n" : ",\n");
    first = false;
    os << "  {\"principal\": " << json_escape(r.principal) << ", \"action\": " << json_escape(r.action)
       << ", \"resource\": " << json_escape(r.resource) << ", \"decision\": "
       << json_escape(decision_name(r.result.decision)) << ",\n   \"conditions\": [";
    bool f2 = true;
    for (const auto& c : r.result.conditions) {
      os << (f2 ? "" : ", ");
      f2 = false;
      os << "{\"key\": " << json_escape(c.key) << ", \"operator\": " << json_escape(c.operator_text) << ", \"values\": [";
      for (size_t i = 0; i < c.values.size(); ++i) os << (i ? ", " : "") << json_escape(c.values[i]);
      os << "], \"effect\": " << json_escape(c.deny ? "Deny" : "Allow") << ", \"path\": " << json_escape(c.loc.path)
         << ", \"line\": " << c.loc.line << "}";
    }
    os << "],\n   \"decided_by\": [";
    f2 = true;
    for (const auto& d : r.result.decided_by) {
      os << (f2 ? "" : ", ");
      f2 = false;
      const SourceLoc& l = d.statement->loc;
      os << "{\"path\": " << json_escape(l.path) << ", \"line\": " << l.line << ", \"column\": " << l.column
         << ", \"effect\": " << json_escape(d.statement->deny ? "Deny" : "Allow") << ", \"policy\": "
         << json_escape(d.policy->name) << ", \"statement\": " << d.statement->index << "}";
    }
    os << "]}";
  }
  os << (rows.empty() ? "]\n" : "\n]\n");
  (void)w;
}

std::string text_row(const Row& r) {
  std::string s = r.principal;
  const Result& res = r.result;
  auto stmts = [&](bool deny_only) {
    std::string o;
    int n = 0;
    for (const auto& d : res.decided_by) {
      if (deny_only && !d.statement->deny) continue;
      o += n++ ? "; " : "";
      o += World::describe(d) + " (" + where(d.statement->loc) + ")";
    }
    return o;
  };
  switch (res.decision) {
    case Decision::Allowed:
      s += " CAN " + r.action + " on " + r.resource + " \xE2\x80\x94 allowed by " + stmts(false);
      break;
    case Decision::ExplicitDeny:
      s += " CANNOT " + r.action + " on " + r.resource + " \xE2\x80\x94 explicitly denied by " + stmts(true);
      break;
    case Decision::ImplicitDeny:
      s += " CANNOT " + r.action + " on " + r.resource + " \xE2\x80\x94 no policy allows it (implicit deny)";
      break;
    case Decision::Conditional: {
      s += " MAY " + r.action + " on " + r.resource + " \xE2\x80\x94 conditional: depends on ";
      int n = 0;
      for (const auto& c : res.conditions) {
        s += n++ ? "; " : "";
        if (c.operator_text == "value") {
          s += c.key + " (" + where(c.loc) + ")";
          continue;
        }
        s += c.key + " " + c.operator_text;
        if (!c.values.empty()) {
          s += " [";
          for (size_t i = 0; i < c.values.size(); ++i) s += (i ? ", " : "") + c.values[i];
          s += "]";
        }
        s += std::string(c.deny ? " in a Deny" : "") + " (" + where(c.loc) + ")";
      }
      if (!res.decided_by.empty()) s += "; statements: " + stmts(false);
      break;
    }
  }
  return s;
}

struct Options {
  std::vector<std::string> paths;
  std::string principal;
  bool have_principal = false;
  std::vector<std::string> actions;
  std::string resource = "*";
  bool have_resource = false;
  bool who_can = false;
  Context context;
  std::vector<std::string> scps;
  std::string account;
  bool have_account = false;
  std::string format = "text";
  std::string config;
  bool no_config = false;
};

int usage_error(const std::string& msg) {
  std::cerr << "iamlint access: error: " << msg << "\n";
  return 2;
}

bool valid_account(std::string_view a) {
  return a.size() == 12 && std::all_of(a.begin(), a.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::vector<Permission> effective_permissions(const World& w, const QueryPrincipal& qp, const Context& ctx) {
  const IamCatalog& cat = IamCatalog::instance();
  // Candidate (action, resource pattern) pairs: every Allow the principal's policies hold, and
  // every resource-policy Allow that may name it.
  std::set<std::pair<std::string, std::string>> cands;
  auto add_stmt = [&](const CStatement& st, const std::string* self_arn) {
    if (st.deny) return;
    std::vector<std::string> acts;
    if (st.not_action) {
      for (ActionId id = 0; id < cat.action_count(); ++id) acts.push_back(cat.action_name(id));
    } else {
      for (const auto& a : st.actions)
        if (!has_symbols(a))
          for (ActionId id : cat.expand(a)) acts.push_back(cat.action_name(id));
    }
    std::vector<std::string> res;
    if (!st.has_resource && self_arn) res.push_back(*self_arn);
    else if (st.not_resource) res.push_back("*");
    else res = st.resources;
    for (const auto& a : acts)
      for (const auto& r : res) cands.insert({a, r});
  };
  if (qp.entity)
    for (const CPolicy* p : qp.entity->identity)
      for (const auto& st : p->statements) add_stmt(st, nullptr);
  for (const auto& t : w.targets())
    for (const CPolicy* p : t.policies)
      for (const auto& st : p->statements) add_stmt(st, t.arn.empty() ? nullptr : &t.arn);
  struct Group {
    std::string service, resource;
    std::vector<std::string> actions;
    std::vector<ConditionDependency> conditions;
  };
  std::map<std::string, Group> groups;
  for (const auto& [a, r] : cands) {
    std::string wit = r;
    for (auto& c : wit)
      if (c == '?') c = 'x';
    std::string concrete;
    for (char c : wit) {
      if (c == '*') concrete += "iamlint-any";
      else if (is_field_any(c)) concrete += c == kFieldAny ? "aws" : c == kFieldAnyRegion ? "us-east-1" : "amazonaws.com";
      else concrete += c;
    }
    Result res = w.evaluate(qp, a, concrete, ctx);
    if (res.decision != Decision::Allowed && res.decision != Decision::Conditional) continue;
    std::string svc = a.substr(0, a.find(':'));
    std::string conds;
    for (const auto& c : res.conditions) conds += c.key + c.operator_text + ";";
    std::string key = svc + "\n" + w.display(r) + "\n" + conds;
    Group& g = groups[key];
    g.service = svc;
    g.resource = w.display(r);
    if (std::find(g.actions.begin(), g.actions.end(), a) == g.actions.end()) g.actions.push_back(a);
    if (g.conditions.empty()) g.conditions = res.conditions;
  }
  // Merge groups that differ only by resource into one entry per (service, actions, conditions).
  std::map<std::string, Permission> perms;
  for (auto& [k, g] : groups) {
    std::sort(g.actions.begin(), g.actions.end());
    std::string acts;
    for (const auto& a : g.actions) acts += a + ",";
    std::string conds;
    for (const auto& c : g.conditions) conds += c.key + c.operator_text + ";";
    Permission& p = perms[g.service + "\n" + acts + "\n" + conds];
    p.service = g.service;
    p.actions = g.actions;
    p.conditions = g.conditions;
    p.resources.push_back(g.resource);
  }
  std::vector<Permission> out;
  for (auto& [k, p] : perms) out.push_back(std::move(p));
  return out;
}

namespace {

void print_effective_permissions(const World& w, const QueryPrincipal& qp, const Context& ctx, bool json,
                                 std::ostream& os) {
  std::vector<Permission> perms = effective_permissions(w, qp, ctx);
  if (json) {
    os << "{\"principal\": " << json_escape(qp.display) << ", \"permissions\": [";
    bool first = true;
    for (const auto& p : perms) {
      os << (first ? "\n" : ",\n");
      first = false;
      os << "  {\"service\": " << json_escape(p.service) << ", \"actions\": [";
      for (size_t i = 0; i < p.actions.size(); ++i) os << (i ? ", " : "") << json_escape(p.actions[i]);
      os << "], \"resources\": [";
      for (size_t i = 0; i < p.resources.size(); ++i) os << (i ? ", " : "") << json_escape(p.resources[i]);
      os << "], \"conditions\": [";
      for (size_t i = 0; i < p.conditions.size(); ++i) {
        const auto& c = p.conditions[i];
        os << (i ? ", " : "") << "{\"key\": " << json_escape(c.key) << ", \"operator\": " << json_escape(c.operator_text)
           << ", \"values\": [";
        for (size_t j = 0; j < c.values.size(); ++j) os << (j ? ", " : "") << json_escape(c.values[j]);
        os << "], \"effect\": " << json_escape(c.deny ? "Deny" : "Allow") << ", \"path\": " << json_escape(c.loc.path)
           << ", \"line\": " << c.loc.line << "}";
      }
      os << "]}";
    }
    os << (perms.empty() ? "]}\n" : "\n]}\n");
    return;
  }
  os << qp.display << " can:\n";
  if (perms.empty()) os << "  nothing\n";
  std::string last_service;
  for (const auto& p : perms) {
    if (p.service != last_service) os << "  " << p.service << ":\n";
    last_service = p.service;
    os << "    ";
    size_t shown = std::min<size_t>(p.actions.size(), 8);
    for (size_t i = 0; i < shown; ++i) os << (i ? ", " : "") << p.actions[i];
    if (shown < p.actions.size()) os << " and " << p.actions.size() - shown << " more";
    os << " on ";
    for (size_t i = 0; i < p.resources.size(); ++i) os << (i ? ", " : "") << p.resources[i];
    if (!p.conditions.empty()) {
      os << " if ";
      for (size_t i = 0; i < p.conditions.size(); ++i) os << (i ? "; " : "") << p.conditions[i].key << " " << p.conditions[i].operator_text;
    }
    os << "\n";
  }
}

}  // namespace

int run_access(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](const char* name) -> std::optional<std::string> {
      if (i + 1 >= argc) return std::nullopt;
      (void)name;
      return std::string(argv[++i]);
    };
    auto eq = a.find('=');
    std::string opt = a.rfind("--", 0) == 0 && eq != std::string::npos ? a.substr(0, eq) : a;
    std::optional<std::string> inline_val;
    if (opt != a) inline_val = a.substr(eq + 1);
    auto arg = [&](const char* name) -> std::optional<std::string> { return inline_val ? inline_val : value(name); };
    if (a == "-h" || a == "--help") {
      std::cout << kAccessUsage;
      return 0;
    }
    if (opt == "--principal") {
      auto v = arg("--principal");
      if (!v) return usage_error("--principal needs a value");
      o.principal = *v;
      o.have_principal = true;
    } else if (opt == "--action") {
      auto v = arg("--action");
      if (!v) return usage_error("--action needs a value");
      for (auto& x : split_commas(*v)) o.actions.push_back(x);
    } else if (opt == "--resource") {
      auto v = arg("--resource");
      if (!v || v->empty()) return usage_error("--resource needs a value");
      o.resource = *v;
      o.have_resource = true;
    } else if (opt == "--who-can") {
      o.who_can = true;
    } else if (opt == "--context") {
      auto v = arg("--context");
      if (!v || v->find('=') == std::string::npos || v->front() == '=')
        return usage_error("--context needs KEY=VALUE");
      size_t e = v->find('=');
      o.context.add(v->substr(0, e), literal_text(v->substr(e + 1)));
    } else if (opt == "--scp") {
      auto v = arg("--scp");
      if (!v) return usage_error("--scp needs a file");
      o.scps.push_back(*v);
    } else if (opt == "--account") {
      auto v = arg("--account");
      if (!v || !valid_account(*v)) return usage_error("--account needs a 12-digit account ID");
      o.account = *v;
      o.have_account = true;
    } else if (opt == "--format") {
      auto v = arg("--format");
      if (!v || (*v != "text" && *v != "json")) return usage_error("--format must be text or json");
      o.format = *v;
    } else if (opt == "--config") {
      auto v = arg("--config");
      if (!v) return usage_error("--config needs a file");
      o.config = *v;
    } else if (opt == "--no-config") {
      o.no_config = true;
    } else if (a.size() > 1 && a[0] == '-') {
      return usage_error("unknown option '" + a + "' (see iamlint access --help)");
    } else {
      o.paths.push_back(a);
    }
  }
  if (o.paths.empty()) return usage_error("no PATH given (see iamlint access --help)");
  if (o.who_can && (o.actions.empty() || !o.have_resource))
    return usage_error("--who-can needs --action and --resource");
  if (!o.who_can && !o.have_principal) return usage_error("give --principal P (or --who-can)");

  // The own account: --account, else the config's account:.
  if (!o.have_account && !o.no_config) {
    std::optional<ConfigError> err;
    const FileConfig* cfg = nullptr;
    ConfigFinder finder;
    if (!o.config.empty()) {
      if (auto e = finder.use_file(o.config)) {
        std::cerr << e->format() << "\n";
        return 2;
      }
    }
    std::error_code ec;
    fs::path first = fs::absolute(o.paths[0], ec).lexically_normal();
    fs::path dir = fs::is_directory(first, ec) ? first : first.parent_path();
    cfg = finder.for_directory(dir, err);
    if (err) {
      std::cerr << err->format() << "\n";
      return 2;
    }
    if (cfg && !cfg->account.empty()) o.account = cfg->account;
  }

  LoadedFiles files;
  std::vector<std::string> errors;
  load_paths(o.paths, files, &errors);
  LoadedFiles scp_files;
  load_paths(o.scps, scp_files, &errors);
  if (!errors.empty()) {
    for (const auto& e : errors) std::cerr << e << "\n";
    return 2;
  }
  World w;
  WorldOptions wo;
  wo.account = o.account;
  w.build(files.models(), wo);
  for (const auto& f : scp_files.files)
    for (const auto& m : f->models) w.add_scp_level(*m);

  std::string err;
  if (o.have_principal && !w.find_principal(o.principal, &err)) return usage_error(err);
  std::vector<std::string> actions;
  if (!o.actions.empty()) {
    auto ex = expand_actions(o.actions, &err);
    if (!ex) return usage_error(err);
    actions = std::move(*ex);
  }
  const Target* tgt = nullptr;
  auto res = w.resolve_resource(o.resource, &tgt, &err);
  if (!res) return usage_error(err);
  std::vector<std::string> wits = w.witnesses(*res, "");
  bool json = o.format == "json";
  std::ostringstream os;

  if (!o.who_can && actions.empty()) {
    auto qp = w.find_principal(o.principal, &err);
    if (!qp) return usage_error(err);
    print_effective_permissions(w, *qp, o.context, json, os);
    std::cout << os.str();
    return 0;
  }

  std::vector<QueryPrincipal> principals;
  if (o.who_can) {
    for (const auto& e : w.entities()) {
      if (e.type == "policy file") continue;
      QueryPrincipal q;
      q.entity = &e;
      bool dup = false;
      for (const auto& x : w.entities())
        if (&x != &e && x.id == e.id && x.file != e.file) dup = true;
      q.display = dup ? e.file + "#" + e.id : e.id;
      principals.push_back(std::move(q));
    }
    std::set<std::string> named{"*"};
    if (tgt)
      for (const CPolicy* p : tgt->policies)
        for (const auto& st : p->statements)
          for (const auto& pr : st.principals) {
            if (pr.type == CPrincipal::AWS && pr.value != "*" && !has_symbols(pr.value)) {
              std::string v = pr.value;
              if (v.size() == 12 && std::all_of(v.begin(), v.end(), ::isdigit)) v = "arn:aws:iam::" + v + ":root";
              named.insert(v);
            } else if (pr.type == CPrincipal::Service) {
              named.insert("service:" + pr.value);
            }
          }
    for (const auto& n : named)
      if (auto q = w.find_principal(n, nullptr)) principals.push_back(std::move(*q));
  } else {
    auto qp = w.find_principal(o.principal, &err);
    if (!qp) return usage_error(err);
    principals.push_back(std::move(*qp));
  }
  std::vector<Row> rows;
  for (const auto& p : principals)
    for (const auto& a : actions) {
      Row r;
      r.principal = p.display;
      r.action = a;
      r.resource = o.resource;
      r.result = evaluate_over(w, p, a, wits, o.context);
      rows.push_back(std::move(r));
    }
  if (json) {
    print_json_rows(w, rows, os);
  } else {
    for (const auto& r : rows) os << text_row(r) << "\n";
  }
  std::cout << os.str();
  return 0;
}

}  // namespace iamlint::access
