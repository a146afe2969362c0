// IAM026 unknown-condition-key: a Condition key that is neither one of AWS's global keys nor a key of
// a service whose action the statement names (RULES.md IAM026, Clarification 16). The request never
// carries such a key, so the condition does not test what it says: on an Allow the grant never
// applies (warning), on a Deny the guard silently never fires (error).
#include <algorithm>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "lint/iam/policy_grammar.h"
#include "lint/resolve.h"
#include "rules/policy_facts.h"
#include "rules/rules.h"

namespace iamlint::rules {
namespace {

constexpr uint16_t kGlobal = 0xFFFF;  // "service" id of AWS's global keys

// Every condition key of the IAM data, indexed once per process: exact keys by their lower-case
// text, keys with a variable part as (prefix, suffix) patterns; each with the services (or
// kGlobal) that document it.
class KeyIndex {
 public:
  struct Pattern {
    std::string prefix, suffix;  // lower-case; the variable part is between them (non-empty)
    std::string written;         // as the data writes it
    std::vector<uint16_t> owners;
    bool tag = false;  // a tag key: the variable part follows "tag/"
  };
  struct Exact {
    std::string written;
    std::vector<uint16_t> owners;
  };

  static const KeyIndex& get(const IamCatalog& cat) {
    static const KeyIndex index(cat);  // thread-safe initialisation
    return index;
  }

  std::unordered_map<std::string, Exact> exact;
  std::vector<Pattern> patterns;
  std::unordered_map<std::string, uint16_t> service_ids;  // lower-case prefix -> index
  size_t services = 0;

 private:
  explicit KeyIndex(const IamCatalog& cat) {
    services = cat.service_count();
    for (size_t s = 0; s < services; ++s) {
      service_ids.emplace(facts::lower(cat.service_prefix(s)), static_cast<uint16_t>(s));
      for (auto k : cat.service_condition_keys(s)) add(k, static_cast<uint16_t>(s));
    }
    for (auto k : cat.global_condition_keys()) add(k, kGlobal);
  }

  // Where the data marks a variable part: ${TagKey}, <key>, a trailing "/" (glacier:ResourceTag/),
  // or the global keys' "/tag-key".
  void add(std::string_view written, uint16_t owner) {
    std::string l = facts::lower(written);
    size_t var = l.find("${");
    size_t var_end = var == std::string::npos ? std::string::npos : l.find('}', var);
    if (var == std::string::npos) {
      var = l.find('<');
      var_end = var == std::string::npos ? std::string::npos : l.find('>', var);
    }
    if (var == std::string::npos && l.size() > 8 && l.compare(l.size() - 8, 8, "/tag-key") == 0) {
      var = l.size() - 7;
      var_end = l.size() - 1;
    }
    if (var == std::string::npos && !l.empty() && l.back() == '/') var = var_end = l.size();
    if (var == std::string::npos || var_end == std::string::npos) {
      auto& e = exact[l];
      if (e.written.empty()) e.written = std::string(written);
      e.owners.push_back(owner);
      return;
    }
    std::string prefix = l.substr(0, var), suffix = var_end < l.size() ? l.substr(var_end + 1) : std::string();
    for (auto& p : patterns)
      if (p.prefix == prefix && p.suffix == suffix) {
        p.owners.push_back(owner);
        return;
      }
    bool tag = prefix.size() > 4 && prefix.compare(prefix.size() - 4, 4, "tag/") == 0 && suffix.empty();
    patterns.push_back({prefix, suffix, std::string(written), {owner}, tag});
  }
};

// The services a statement names: by each action's prefix (a wildcard prefix names every service it
// matches); everything for NotAction, "*" or an action only known at deploy time.
struct Services {
  bool all = false;
  std::vector<bool> named;
  bool has(uint16_t s) const { return all || s == kGlobal || (s < named.size() && named[s]); }
};

Services services_of(const Statement& s, const IamCatalog& cat, const KeyIndex& idx) {
  Services out;
  out.named.assign(idx.services, false);
  if (s.not_action) {
    out.all = true;
    return out;
  }
  std::string buf;
  for (const auto* list : {&s.actions, &s.conflict_actions})
    for (const auto& it : *list)
      for (const auto& alt : it.value.alts) {
        if (!alt.is_literal()) {
          out.all = true;
          return out;
        }
        std::string text = facts::lower(alt.literal_view(buf));
        size_t colon = text.find(':');
        std::string svc = text.substr(0, colon);
        if (colon == std::string::npos) {
          if (facts::is_star_action(text)) out.all = true;
          continue;
        }
        if (!facts::has_wildcard(svc)) {
          if (auto f = idx.service_ids.find(svc); f != idx.service_ids.end()) out.named[f->second] = true;
          continue;
        }
        // A wildcard service prefix ("s3*:Get*"): every service it matches.
        for (ActionId a : cat.expand(svc + ":*"))
          if (auto f = idx.service_ids.find(facts::lower(cat.action_service(a))); f != idx.service_ids.end())
            out.named[f->second] = true;
      }
  return out;
}

bool matches(const KeyIndex::Pattern& p, std::string_view key) {
  return key.size() > p.prefix.size() + p.suffix.size() && key.compare(0, p.prefix.size(), p.prefix) == 0 &&
         key.compare(key.size() - p.suffix.size(), p.suffix.size(), p.suffix) == 0;
}

// Known for this statement: a global key (aws:… anywhere in the data counts as global), or a key of
// a named service.
bool known(const KeyIndex& idx, const Services& svcs, std::string_view key) {
  auto owned = [&](const std::vector<uint16_t>& owners) {
    return std::any_of(owners.begin(), owners.end(), [&](uint16_t o) { return svcs.has(o); });
  };
  bool aws = key.substr(0, 4) == "aws:";
  if (auto e = idx.exact.find(std::string(key)); e != idx.exact.end() && (aws || owned(e->second.owners))) return true;
  // Tag-style keys (<svc>:ResourceTag/…, RequestTag/…, PrincipalTag/…) match by their prefix
  // whichever service the statement names (RULES.md IAM026).
  for (const auto& p : idx.patterns)
    if (matches(p, key) && (aws || p.tag || owned(p.owners))) return true;
  return false;
}

// The closest key the statement could have meant, or "".
std::string suggest(const KeyIndex& idx, const Services& svcs, std::string_view key) {
  std::string best;
  size_t limit = key.size() >= 12 ? 3 : 2, best_d = limit + 1;
  auto consider = [&](std::string_view cand_lower, std::string_view written, const std::vector<uint16_t>& owners) {
    bool aws = cand_lower.substr(0, 4) == "aws:";
    if (!aws && !std::any_of(owners.begin(), owners.end(), [&](uint16_t o) { return svcs.has(o); })) return;
    size_t d = grammar::edit_distance_ci(key, cand_lower, limit);
    // A key that extends a real one (aws:SourceIpAddress -> aws:SourceIp) is a last resort.
    if (d > limit && cand_lower.size() >= 8 && key.size() > cand_lower.size() &&
        key.compare(0, cand_lower.size(), cand_lower) == 0)
      d = limit;
    // Ties go to the alphabetically first key, so the message does not depend on hash order.
    if (d < best_d || (d == best_d && d <= limit && written < best)) {
      best_d = d;
      best = std::string(written);
    }
  };
  for (const auto& [l, e] : idx.exact) consider(l, e.written, e.owners);
  for (const auto& p : idx.patterns) consider(p.prefix + "x" + p.suffix, p.written, p.owners);
  return best;
}

}  // namespace

void unknown_condition_key(const Model& m, const IamCatalog& cat, FindingSink& sink) {
  const KeyIndex* idx = nullptr;
  for (const auto& d : m.policies) {
    if (d.origin != PolicyOrigin::User) continue;  // provider-written text (RULES.md Clarification 10)
    for (const auto& s : d.statements) {
      if (s.provider || !s.condition || !s.condition->is_map() || !Resolver::intrinsic_name(s.condition).empty())
        continue;
      if (!s.action_key) continue;  // no Action at all is IAM009's
      if (!idx) idx = &KeyIndex::get(cat);
      std::unique_ptr<Services> svcs;  // computed on the first key the data does not know as such
      for (const auto& e : facts::conditions(s)) {
        std::string key = facts::lower(e.key);
        if (key.find("${") != std::string::npos || key.rfind("fn::", 0) == 0 || key == "ref") continue;  // unresolved
        size_t colon = key.find(':');
        // A key without a service prefix ("bad") is not in this rule's scope: the peer suites label
        // it quiet (parliament condition_unknown_key).
        if (colon == std::string::npos) continue;
        std::string prefix = key.substr(0, colon);
        // Identity providers' claims in a trust policy (token.actions.githubusercontent.com:sub,
        // accounts.google.com:aud, oidc.eks.<region>.amazonaws.com/id/<id>:sub, <issuer>:aud).
        if (d.kind == PolicyKind::Trust && prefix.find_first_of("./") != std::string::npos) continue;
        // Services newer than the data (.iamlint.yaml extra-actions) are unknown to it: never reported.
        if (!prefix.empty() && std::any_of(m.extra_actions.begin(), m.extra_actions.end(), [&](const std::string& a) {
              return facts::lower(a).rfind(prefix + ":", 0) == 0;
            }))
          continue;
        if (known(*idx, Services{}, key)) continue;  // a global key: no need to know the statement's services
        if (!svcs) svcs = std::make_unique<Services>(services_of(s, cat, *idx));
        if (known(*idx, *svcs, key)) continue;
        std::string msg = "unknown condition key '" + e.key + "'";
        std::string hint = suggest(*idx, *svcs, key);
        if (!hint.empty() && facts::lower(hint) != key) msg += " (did you mean " + hint + "?)";
        auto svc = idx->service_ids.find(prefix);
        if (svc != idx->service_ids.end() && svcs->has(svc->second)) {
          msg += ": " + prefix + " has no such key";
        } else if (svc != idx->service_ids.end()) {
          Services only;  // is it a key of that service, which the statement does not name?
          only.named.assign(idx->services, false);
          only.named[svc->second] = true;
          msg += known(*idx, only, key)
                     ? ": it is a key of " + prefix + ", and no action of this statement is " + prefix + "'s"
                     : ": it is neither a global key nor a key of the services this statement names";
        } else {
          msg += ": it is neither a global key nor a key of the services this statement names";
        }
        msg += s.effect == Effect::Deny ? ". The request never carries it, so this Deny silently never fires"
                                        : ". The request never carries it, so the condition does not test what it says";
        Finding& f = sink.report(e.key_node, msg, d.owner, "condition-key:" + key);
        f.level = s.effect == Effect::Deny ? Level::Error : Level::Warning;
      }
    }
  }
}

}  // namespace iamlint::rules
