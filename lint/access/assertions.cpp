#include "lint/access/assertions.h"

#include <algorithm>

#include "lint/access/cmd.h"
#include "lint/access/load.h"
#include "lint/access/world.h"
#include "lint/iam/catalog.h"

namespace iamlint::access {
namespace {

// Condition keys that pin who the caller is (RULES.md IAM021 / Clarification 19): a request from
// outside the account that is only `conditional` on these is not public.
bool pinning_key(std::string_view key) {
  static constexpr std::string_view kKeys[] = {
      "aws:sourceaccount", "aws:sourcearn", "aws:sourcevpce", "aws:sourcevpc", "aws:principalorgid",
      "aws:principalaccount", "aws:principalarn", "kms:calleraccount", "aws:sourceorgid", "aws:principalorgpaths",
      "aws:sourceowner", "aws:sourceip"};
  std::string k(key);
  for (auto& c : k) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return std::find(std::begin(kKeys), std::end(kKeys), k) != std::end(kKeys);
}

struct Failure {
  std::string text;
  Result result;
};

std::string where(const SourceLoc& l) { return l.path + ":" + std::to_string(l.line); }

std::string concretise(std::string_view p) { return World::concretise(p); }

}  // namespace

std::vector<Finding> check_assertions(const FileConfig& cfg, const std::string& config_path,
                                      const std::vector<AssertionFile>& files, std::vector<Notice>* notices) {
  std::vector<Finding> out;
  if (cfg.access.empty()) return out;
  LoadedFiles loaded;
  for (const auto& f : files) load_text(f.path, std::string(f.text), loaded, nullptr);
  World w;
  WorldOptions wo;
  wo.account = cfg.account;
  w.build(loaded.models(), wo);
  const IamCatalog& cat = IamCatalog::instance();

  for (const auto& a : cfg.access) {
    auto skip = [&](const std::string& why) {
      if (notices) notices->push_back({config_path, a.pos, "access assertion skipped: " + why});
    };
    Context ctx;
    for (const auto& [k, vs] : a.context)
      for (const auto& v : vs) ctx.add(k, literal_text(v));
    std::string err;
    std::vector<Failure> failures;
    std::string subject;

    const Target* tgt = nullptr;
    std::string resource = "*";
    if (!a.resource.empty()) {
      auto r = w.resolve_resource(a.resource, &tgt, &err);
      if (!r) {
        skip("resource '" + a.resource + "' is in none of the files of this run");
        continue;
      }
      resource = *r;
    }

    if (a.is_public) {  // public: false
      if (!tgt) {
        skip("resource '" + a.resource + "' is in none of the files of this run");
        continue;
      }
      subject = a.resource;
      // Everyone outside the account: "anyone" with identity policies that allow everything, and
      // each account or principal the resource's policies name.
      std::vector<QueryPrincipal> outsiders;
      std::vector<std::string> names{"*"};
      for (const CPolicy* p : tgt->policies)
        for (const auto& st : p->statements)
          for (const auto& pr : st.principals)
            if (pr.type == CPrincipal::AWS && pr.value != "*" && !has_symbols(pr.value)) {
              std::string v = pr.value;
              if (v.size() == 12 && std::all_of(v.begin(), v.end(), ::isdigit)) v = "arn:aws:iam::" + v + ":root";
              if (v.find(":" + w.own_account() + ":") == std::string::npos) names.push_back(v);
            }
      for (const auto& n : names)
        if (auto q = w.find_principal(n, nullptr); q && !q->entity && q->external.account != w.own_account())
          outsiders.push_back(*q);
      // Every action of the resource's service, on the resource and its sub-resources.
      std::string_view arn = tgt->arn;
      std::string svc;
      if (arn.substr(0, 4) == "arn:") {
        size_t a1 = arn.find(':', 4);
        size_t a2 = a1 == std::string_view::npos ? a1 : arn.find(':', a1 + 1);
        if (a2 != std::string_view::npos) svc = std::string(arn.substr(a1 + 1, a2 - a1 - 1));
      }
      if (svc.empty() || has_symbols(svc)) {
        skip("resource '" + a.resource + "' has no known service");
        continue;
      }
      std::vector<std::string> wits{tgt->arn};
      if (tgt->type == "AWS::S3::Bucket") wits.push_back(tgt->arn + "/iamlint-any");  // its objects
      // And every resource its policies name (a bucket policy's "${Bucket.Arn}/public/*").
      for (const CPolicy* p : tgt->policies)
        for (const auto& st : p->statements)
          if (!st.deny)
            for (const auto& r : st.resources) {
              std::string c = concretise(r);
              if (c != "iamlint-any" && std::find(wits.begin(), wits.end(), c) == wits.end()) wits.push_back(c);
            }
      for (const auto& q : outsiders) {
        for (ActionId id : cat.expand(svc + ":*")) {
          std::string action = cat.action_name(id);
          Result r = evaluate_over(w, q, action, wits, ctx);
          bool bad = r.decision == Decision::Allowed;
          if (r.decision == Decision::Conditional)
            bad = !std::all_of(r.conditions.begin(), r.conditions.end(),
                               [](const ConditionDependency& c) { return pinning_key(c.key); });
          if (bad) {
            failures.push_back({q.display + " " + (r.decision == Decision::Allowed ? "can " : "may ") + action, r});
            break;  // one action per outsider is enough to say so
          }
        }
        if (failures.size() >= 3) break;
      }
    } else {
      auto qp = w.find_principal(a.principal, &err);
      if (!qp) {
        skip("principal '" + a.principal + "' is in none of the files of this run");
        continue;
      }
      subject = a.principal;
      auto allow = expand_actions(a.allow, &err);
      auto deny = allow ? expand_actions(a.deny, &err) : std::nullopt;
      if (!allow || !deny) {
        // An unknown action is a mistake in the assertion itself: report it, not skip it.
        Finding f;
        f.rule_id = "IAM030";
        f.level = Level::Error;
        f.path = config_path;
        f.span.begin = f.span.end = a.pos;
        f.message = "access assertion for " + a.principal + " cannot be checked: " + err;
        out.push_back(std::move(f));
        continue;
      }
      // A logical ID denotes the resource and its sub-resources (a bucket's objects).
      std::vector<std::string> members{concretise(resource)};
      bool logical_id = tgt && !a.resource.empty() && a.resource.find("${") == std::string::npos &&
                        a.resource.rfind("arn:", 0) != 0;
      if (logical_id && tgt->type == "AWS::S3::Bucket") members.push_back(tgt->arn + "/iamlint-any");
      // allow: every action allowed on every resource the pattern denotes (a generic member of
      // it; of a logical ID, the resource and a sub-resource, those the action applies to).
      for (const auto& act : *allow) {
        for (const auto& m : members) {
          if (members.size() > 1 && !action_applies_to(act, m)) continue;
          Result r = evaluate_over(w, *qp, act, {m}, ctx);
          if (r.decision != Decision::Allowed) {
            failures.push_back({a.principal + " cannot " + act + " on " + (a.resource.empty() ? "*" : a.resource) +
                                    " (" + std::string(decision_name(r.decision)) + ")",
                                r});
            break;
          }
        }
      }
      // deny: no action allowed or conditional on any resource the pattern denotes.
      std::vector<std::string> wits = w.witnesses(resource, "");
      if (logical_id) {  // and every sub-resource the policies name (a bucket's "orders/*")
        if (tgt->type == "AWS::S3::Bucket") wits.push_back(tgt->arn + "/iamlint-any");
        for (const auto& x : w.witnesses("*", ""))
          if (x.size() > tgt->arn.size() + 1 && x.compare(0, tgt->arn.size(), tgt->arn) == 0 && x[tgt->arn.size()] == '/' &&
              std::find(wits.begin(), wits.end(), x) == wits.end())
            wits.push_back(x);
      }
      for (const auto& act : *deny) {
        Result r = evaluate_over(w, *qp, act, wits, ctx);
        if (r.decision == Decision::Allowed || r.decision == Decision::Conditional)
          failures.push_back({a.principal + (r.decision == Decision::Allowed ? " can " : " may ") + act + " on " +
                                  (a.resource.empty() ? "some resource" : a.resource),
                              r});
        if (failures.size() >= 20) break;
      }
    }
    if (failures.empty()) continue;
    Finding f;
    f.rule_id = "IAM030";
    f.level = Level::Error;
    f.path = config_path;
    f.span.begin = f.span.end = a.pos;
    std::string what = a.is_public ? ": " + subject + " is reachable from outside the account" : " for " + subject;
    f.message = "access assertion does not hold" + what + ": " + failures[0].text;
    if (failures.size() > 1) f.message += " (and " + std::to_string(failures.size() - 1) + " more)";
    const Result& first = failures[0].result;
    if (!first.decided_by.empty()) {
      f.message += "; decided by " + World::describe(first.decided_by[0]) + " (" + where(first.decided_by[0].statement->loc) + ")";
    } else if (first.decision == Decision::ImplicitDeny) {
      f.message += "; no policy allows it";
    }
    for (const auto& fl : failures)
      for (const auto& d : fl.result.decided_by) {
        RelatedLocation rl;
        rl.path = d.statement->loc.path;
        rl.span.begin = rl.span.end = {d.statement->loc.line, d.statement->loc.column};
        rl.message = World::describe(d);
        bool dup = false;
        for (const auto& x : f.related)
          if (x.path == rl.path && x.span.begin == rl.span.begin) dup = true;
        if (!dup && f.related.size() < 10) f.related.push_back(std::move(rl));
      }
    // Stable across runs and platforms (FNV-1a of the rule, file, subject and first failure).
    uint64_t h = 1469598103934665603ull;
    for (char c : "IAM030|" + config_path + "|" + subject + "|" + failures[0].text) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ull;
    }
    static const char* hexd = "0123456789abcdef";
    for (int i = 15; i >= 0; --i) f.fingerprint += hexd[(h >> (i * 4)) & 0xF];
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace iamlint::access
