// Access-evaluation throughput: identity-only decisions per second on one core over the committed
// benchmark set bench/access/identity-set.json (3 policies x 10 statements with wildcards and
// conditions, 64 requests).
//
//   build/access_bench bench/access/identity-set.json [seconds]
#include <chrono>
#include <ctime>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "lint/access/eval.h"
#include "lint/access/load.h"
#include "lint/access/world.h"

using namespace iamlint;
using namespace iamlint::access;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: access_bench SET.json [seconds]\n");
    return 2;
  }
  double seconds = argc > 2 ? std::atof(argv[2]) : 2.0;
  std::ifstream in(argv[1]);
  std::stringstream ss;
  ss << in.rdbuf();
  rapidjson::Document d;
  d.Parse(ss.str().c_str());
  if (d.HasParseError()) {
    std::fprintf(stderr, "access_bench: %s does not parse\n", argv[1]);
    return 2;
  }
  World w;
  std::vector<std::unique_ptr<LoadedFiles>> keep;
  PolicySet ps;
  for (auto& p : d["policies"].GetArray()) {
    rapidjson::StringBuffer sb;
    rapidjson::Writer<rapidjson::StringBuffer> wr(sb);
    p.Accept(wr);
    auto lf = std::make_unique<LoadedFiles>();
    load_text("policy.json", sb.GetString(), *lf, nullptr);
    const Model& m = *lf->files.at(0)->models.at(0);
    ps.identity.push_back(w.add_policy(m, m.policies.at(0), PolicyClass::Identity, "p"));
    keep.push_back(std::move(lf));
  }
  std::vector<Request> reqs;
  for (auto& r : d["requests"].GetArray()) {
    Request q;
    q.principal.kind = RequestPrincipal::User;
    q.principal.arn = "arn:aws:iam::111111111111:user/alice";
    q.principal.account = "111111111111";
    q.action = r["action"].GetString();
    q.resource = r["resource"].GetString();
    q.resource_account = "111111111111";
    q.context.closed = true;
    for (auto& m : r["context"].GetObject()) {
      std::vector<std::string> vals;
      for (auto& v : m.value.GetArray()) vals.emplace_back(v.GetString());
      q.context.set(m.name.GetString(), std::move(vals));
    }
    reqs.push_back(std::move(q));
  }
  Evaluator ev(&w.symbols());
  size_t counts[4] = {0, 0, 0, 0};
  for (bool explain : {false, true}) {
    EvalOptions opt;
    opt.explain = explain;
    size_t n = 0;
    auto t0 = std::chrono::steady_clock::now();
    std::clock_t c0 = std::clock();
    double elapsed = 0;
    while (elapsed < seconds) {
      for (const auto& q : reqs) {
        Result r = ev.evaluate(q, ps, opt);
        ++counts[static_cast<int>(r.decision)];
        ++n;
      }
      elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }
    // CPU time of this (single-threaded) process: decisions per second of one core, also on a
    // machine that other work shares.
    double cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    std::printf("%s: %zu decisions, %.2f s CPU (%.2f s wall) = %.0f decisions per CPU second\n",
                explain ? "with explanations" : "decision only", n, cpu, elapsed, n / cpu);
  }
  std::printf("mix: allowed %zu, explicit-deny %zu, implicit-deny %zu, conditional %zu\n", counts[0], counts[1],
              counts[2], counts[3]);
  return 0;
}
