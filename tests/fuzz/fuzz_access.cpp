// libFuzzer target for the access evaluator (lint/access/eval.h). The input is a policy document
// (JSON or YAML), a line "----", then request lines "action resource [key=value...]". Properties:
//
//  1. No crash, hang or unbounded memory on any policy and request.
//  2. A closed context is never `conditional` unless the policy holds a value that could not be
//     read (a mapping where a string belongs becomes an unknown value, never a guess).
//  3. The decision does not depend on whether explanations are asked for, and is the same when
//     asked twice.
//  4. An open context is `conditional` only when the closed answer with no context differs from
//     some closed answer, i.e. never turns a definite answer into its opposite: if the open
//     answer is definite, the closed answer with an empty context is the same.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>

#include "lint/access/eval.h"
#include "lint/access/load.h"
#include "lint/access/world.h"
#include "tests/fuzz/fuzz_check.h"

using namespace iamlint;
using namespace iamlint::access;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 1 << 16) return 0;
  std::string in(reinterpret_cast<const char*>(data), size);
  size_t sep = in.find("\n----\n");
  std::string policy = in.substr(0, sep);
  std::string reqs = sep == std::string::npos ? "s3:GetObject arn:aws:s3:::b/k" : in.substr(sep + 6);
  LoadedFiles lf;
  load_text(policy.find('{') == 0 ? "p.json" : "p.yaml", policy, lf, nullptr);
  if (lf.files.empty()) return 0;
  World w;
  PolicySet ps;
  for (const auto& m : lf.files[0]->models)
    for (const auto& d : m->policies) {
      bool resource = d.kind != PolicyKind::Identity;
      const CPolicy* p = w.add_policy(*m, d, resource ? PolicyClass::Resource : PolicyClass::Identity, "p");
      (resource ? ps.resource : ps.identity).push_back(p);
    }
  bool unknowns = false;
  auto note = [&](const std::string& v) { unknowns = unknowns || has_symbols(v); };
  for (const auto* pols : {&ps.identity, &ps.resource})
    for (const CPolicy* p : *pols)
      for (const auto& st : p->statements) {
        for (const auto& a : st.actions) note(a);
        for (const auto& r : st.resources) note(r);
        for (const auto& pr : st.principals) note(pr.value);
        for (const auto& c : st.conditions)
          for (const auto& v : c.values) note(v);
      }
  std::istringstream ls(reqs);
  std::string line;
  int n = 0;
  while (std::getline(ls, line) && n++ < 16) {
    std::istringstream f(line);
    Request q;
    q.principal.kind = RequestPrincipal::Role;
    q.principal.arn = "arn:aws:iam::111111111111:role/app";
    q.principal.account = "111111111111";
    q.resource_account = "111111111111";
    if (!(f >> q.action >> q.resource)) continue;
    // As the CLI does: user text never carries the evaluator's reserved bytes.
    q.action = literal_text(q.action);
    q.resource = literal_text(q.resource);
    std::string kv;
    while (f >> kv) {
      size_t eq = kv.find('=');
      if (eq != std::string::npos && eq > 0) q.context.add(kv.substr(0, eq), literal_text(kv.substr(eq + 1)));
    }
    Evaluator ev(&w.symbols());
    q.context.closed = true;
    EvalOptions quick;
    quick.explain = false;
    Result a = ev.evaluate(q, ps);
    Result b = ev.evaluate(q, ps, quick);
    FUZZ_CHECK(a.decision == b.decision);
    FUZZ_CHECK(ev.evaluate(q, ps).decision == a.decision);
    FUZZ_CHECK(unknowns || a.decision != Decision::Conditional);
    Request open = q;
    open.context = Context{};
    open.context.closed = false;
    Result o = ev.evaluate(open, ps);
    if (o.decision != Decision::Conditional) {
      Request empty = q;
      empty.context = Context{};
      empty.context.closed = true;
      FUZZ_CHECK(ev.evaluate(empty, ps).decision == o.decision);
    }
  }
  return 0;
}
