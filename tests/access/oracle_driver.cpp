// Differential-oracle driver: reads requests (one JSON object per line, written by
// tests/access/oracle.py), evaluates each with lint/access/eval.h, prints one decision per line.
// The same requests go to @cloud-copilot/iam-simulate (tests/access/run_sim.js); oracle.py compares.
//
// Input line: {"principal": ARN, "kind": "role"|"user"|"anonymous", "account": "111111111111",
//   "action": "s3:GetObject", "resource": ARN, "resource_account": "...", "context": {key: [values]},
//   "closed": true, "identity": [doc...], "boundary": [doc...], "resource_policy": doc|null,
//   "scps": [[doc...]...], "rcps": [[doc...]...], "required": bool}
#include <iostream>
#include <string>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "lint/access/eval.h"
#include "lint/access/world.h"
#include "parsers/parse.h"

using namespace iamlint;
using namespace iamlint::access;

namespace {

std::string to_json(const rapidjson::Value& v) {
  rapidjson::StringBuffer sb;
  rapidjson::Writer<rapidjson::StringBuffer> w(sb);
  v.Accept(w);
  return sb.GetString();
}

struct Holder {
  std::string text;
  ParseResult pr;
  std::unique_ptr<Model> model;
};

const CPolicy* compile_doc(World& w, std::vector<std::unique_ptr<Holder>>& keep, const rapidjson::Value& doc,
                           PolicyClass cls, const std::string& name) {
  auto h = std::make_unique<Holder>();
  h->text = to_json(doc);
  h->pr = parse_json(h->text);
  if (h->pr.error || h->pr.documents.empty()) return nullptr;
  h->model = build_model({name, h->text, h->pr.documents[0], false, std::nullopt});
  if (h->model->policies.empty()) return nullptr;
  const CPolicy* p = w.add_policy(*h->model, h->model->policies[0], cls, name);
  keep.push_back(std::move(h));
  return p;
}

}  // namespace

int main() {
  std::string line;
  std::ios::sync_with_stdio(false);
  while (std::getline(std::cin, line)) {
    if (line.empty()) continue;
    rapidjson::Document d;
    d.Parse(line.c_str());
    if (d.HasParseError() || !d.IsObject()) {
      std::cout << "error\n";
      continue;
    }
    World w;  // one per request: compiled policies are owned by it
    std::vector<std::unique_ptr<Holder>> keep;
    PolicySet ps;
    auto list = [&](const char* key, PolicyClass cls, std::vector<const CPolicy*>& out) {
      if (!d.HasMember(key) || !d[key].IsArray()) return;
      for (auto& doc : d[key].GetArray())
        if (const CPolicy* p = compile_doc(w, keep, doc, cls, key)) out.push_back(p);
    };
    list("identity", PolicyClass::Identity, ps.identity);
    list("boundary", PolicyClass::Boundary, ps.boundaries);
    if (d.HasMember("resource_policy") && d["resource_policy"].IsObject())
      if (const CPolicy* p = compile_doc(w, keep, d["resource_policy"], PolicyClass::Resource, "resource"))
        ps.resource.push_back(p);
    auto levels = [&](const char* key, PolicyClass cls, std::vector<std::vector<const CPolicy*>>& out) {
      if (!d.HasMember(key) || !d[key].IsArray()) return;
      for (auto& lvl : d[key].GetArray()) {
        std::vector<const CPolicy*> l;
        for (auto& doc : lvl.GetArray())
          if (const CPolicy* p = compile_doc(w, keep, doc, cls, key)) l.push_back(p);
        out.push_back(std::move(l));
      }
    };
    levels("scps", PolicyClass::Scp, ps.scp_levels);
    levels("rcps", PolicyClass::Rcp, ps.rcp_levels);
    ps.resource_policy_required = d.HasMember("required") && d["required"].IsBool() && d["required"].GetBool();
    Request req;
    std::string kind = d.HasMember("kind") ? d["kind"].GetString() : "role";
    req.principal.kind = kind == "user" ? RequestPrincipal::User
                         : kind == "anonymous" ? RequestPrincipal::Anonymous
                         : kind == "session" ? RequestPrincipal::Role : RequestPrincipal::Role;
    req.principal.arn = d["principal"].GetString();
    if (kind == "session" && d.HasMember("role_arn")) {
      req.principal.session_arn = req.principal.arn;
      req.principal.arn = d["role_arn"].GetString();
    }
    if (d.HasMember("account")) req.principal.account = d["account"].GetString();
    req.action = d["action"].GetString();
    req.resource = d["resource"].GetString();
    if (d.HasMember("resource_account")) req.resource_account = d["resource_account"].GetString();
    if (d.HasMember("context") && d["context"].IsObject())
      for (auto& m : d["context"].GetObject()) {
        std::vector<std::string> vals;
        if (m.value.IsArray()) {
          for (auto& v : m.value.GetArray())
            if (v.IsString()) vals.emplace_back(v.GetString());
        } else if (m.value.IsString()) {
          vals.emplace_back(m.value.GetString());
        }
        req.context.set(m.name.GetString(), std::move(vals));
      }
    req.context.closed = !d.HasMember("closed") || d["closed"].GetBool();
    mark_inapplicable_keys(req.context, req.action);
    // "aws:username ... is always included in the request context for IAM users".
    if (req.principal.kind == RequestPrincipal::User && !req.context.find("aws:username"))
      req.context.set("aws:username", {req.principal.arn.substr(req.principal.arn.rfind('/') + 1)});
    Evaluator ev(&w.symbols());
    EvalOptions opt;
    opt.explain = false;
    Result r = ev.evaluate(req, ps, opt);
    std::cout << decision_name(r.decision) << "\n";
  }
  return 0;
}
