// IAM005 action-resource-mismatch: no Resource of the statement can match any resource type the
// action accepts (the grant never applies). IAM016 unknown-action.
#include <algorithm>
#include <cctype>
#include <unordered_set>
#include <utility>
#include <vector>

#include "rules/policy_facts.h"
#include "rules/rules.h"

namespace iamlint::rules {
namespace {

// "arn:${Partition}:s3:::${BucketName}/${ObjectName}" -> "arn:aws:s3:::bucket-name/object-name"
std::string readable_format(std::string_view f) {
  std::string out;
  size_t i = 0;
  while (i < f.size()) {
    if (f.substr(i, 2) == "${") {
      size_t e = f.find('}', i);
      if (e == std::string_view::npos) break;
      std::string_view name = f.substr(i + 2, e - i - 2);
      if (name == "Partition") out += "aws";
      else if (name == "Region") out += "region";
      else if (name == "Account") out += "account";
      else {
        // CamelCase -> kebab-case
        for (size_t k = 0; k < name.size(); ++k) {
          char c = name[k];
          if (std::isupper(static_cast<unsigned char>(c))) {
            if (k) out += '-';
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          } else {
            out += c;
          }
        }
      }
      i = e + 1;
    } else {
      out += f[i++];
    }
  }
  return out;
}

struct ResourceAlt {
  const Item* item;
  const Alternative* alt;
  std::string owned;  // alt->pattern(), unless the alternative is a single text segment
  bool anything;  // "*", or not a literal "arn:" start (a whole ARN from a parameter/import)
  // alt->pattern(), without a copy for the usual one-segment alternative.
  std::string_view pattern() const {
    if (const std::string* t = alt->single_text()) return *t;
    return owned;
  }
  std::string display() const { return alt->display(); }  // for messages only: built on demand
};

// The statement's Resource alternatives. When one of them may be anything ("*", a whole ARN only
// known at deploy time) no action can be shown not to fit: *anything is set and nothing is built.
std::vector<ResourceAlt> resource_alts(const Statement& s, bool* anything) {
  std::vector<ResourceAlt> out;
  std::string buf;
  size_t n = 0;
  for (const auto& it : s.resources)
    for (const auto& a : it.value.alts) {
      if ((a.is_literal() && a.literal_view(buf) == "*") ||
          (!a.is_literal() && !a.starts_with_literal("arn:") && !a.known_not_arn())) {
        *anything = true;
        return out;
      }
      ++n;
    }
  out.reserve(n);
  for (const auto& it : s.resources)
    for (const auto& a : it.value.alts) out.push_back({&it, &a, a.single_text() ? std::string() : a.match_pattern(), false});
  return out;
}

// Whether any of the statement's resources fits a resource type, matched once per type: the
// actions of a statement share a few types (dynamodb:GetItem, Query, PutItem: table), so the work
// is (distinct types x resources) however many actions and resources the statement lists.
// (A cache per (resource, type) pair searched linearly took two minutes on 900 actions x 3,000
// resources.) Distinct types are few: a flat list beats a hash map.
class TypeFits {
 public:
  TypeFits(const IamCatalog& cat, const std::vector<ResourceAlt>& rs) : cat_(cat), rs_(rs) {}

  // Whether action `a` can apply to one of the resources.
  bool action_fits(ActionId a) {
    for (const auto& t : cat_.action_resources(a))  // none: works only with "*", never fits an ARN
      if (any_resource_fits(t.type)) return true;
    return false;
  }

 private:
  bool any_resource_fits(ResourceTypeId t) {
    for (const auto& [k, v] : known_)
      if (k == t) return v;
    bool ok = false;
    for (const auto& r : rs_)
      if (r.anything || (!r.alt->known_not_arn() && arn_may_match(r.pattern(), cat_.resource_type_arn(t)))) {
        ok = true;
        break;
      }
    known_.emplace_back(t, ok);
    return ok;
  }

  const IamCatalog& cat_;
  const std::vector<ResourceAlt>& rs_;
  std::vector<std::pair<ResourceTypeId, bool>> known_;
};

// What the resource is, in the action's service, for the message ("an object ARN").
std::string what_it_is(const IamCatalog& cat, ActionId a, const ResourceAlt& r) {
  std::string svc(cat.action_service(a));
  auto all = cat.expand(svc + ":*");
  std::vector<ResourceTypeId> seen;
  for (ActionId x : all)
    for (const auto& t : cat.action_resources(x))
      if (std::find(seen.begin(), seen.end(), t.type) == seen.end()) seen.push_back(t.type);
  if (r.alt->known_not_arn()) return r.display() + ", which is not an ARN";
  for (ResourceTypeId t : seen)
    if (arn_may_match(r.pattern(), cat.resource_type_arn(t)))
    {
      std::string_view n = cat.resource_type_name(t);
      bool vowel = !n.empty() && std::string_view("aeiou").find(n[0]) != std::string_view::npos;
      return std::string(vowel ? "an " : "a ") + std::string(n) + " ARN (" + r.display() + ")";
    }
  return r.display();
}

}  // namespace

void action_resource_mismatch(const Model& m, const IamCatalog& cat, FindingSink& sink) {
  for (const auto& d : m.policies) {
    if (d.kind == PolicyKind::Trust) continue;
    for (const auto& s : d.statements) {
      if (s.not_action || s.not_resource || s.provider || s.resources.empty()) continue;
      bool anything = false;
      auto rs = resource_alts(s, &anything);
      if (rs.empty() || anything) continue;
      // One problem is one finding: the statement's Resource does not fit; report it at the first
      // action value that cannot apply, naming the others.
      TypeFits fit(cat, rs);
      std::string buf, text;  // reused for every action value
      const Item* first = nullptr;
      std::string first_msg, first_key;
      std::vector<std::string> others;
      std::unordered_set<std::string> named;  // first's and others' names
      for (const auto& it : s.actions) {
        for (const auto& alt : it.value.alts) {
          if (!alt.is_literal()) continue;
          facts::lower_into(alt.literal_view(buf), text);
          if (facts::is_star_action(text)) continue;
          bool wildcard = facts::has_wildcard(text);
          std::vector<ActionId> acts;
          if (wildcard) acts = cat.expand(text);
          else if (auto id = cat.find_action(text)) acts.push_back(*id);
          if (acts.empty()) continue;  // IAM016's business
          if (std::any_of(acts.begin(), acts.end(), [&](ActionId a) { return fit.action_fits(a); })) continue;
          ActionId a = acts.front();
          std::string name = wildcard ? alt.literal() : cat.action_name(a);
          if (first) {
            if (named.insert(name).second) others.push_back(std::move(name));
            continue;
          }
          named.insert(name);
          auto types = cat.action_resources(a);
          if (types.empty()) {
            first_msg = name + " works only with Resource \"*\" (it takes no resource ARN), so this grant on " +
                        rs.front().display() + " never applies";
          } else if (wildcard) {
            first_msg = "no action matching " + name + " applies to " + rs.front().display() +
                        ": none of the resources fits the resource types these actions take";
          } else {
            std::string expected;
            size_t shown = 0;
            // The plainest shape first (the bucket before the access point).
            std::vector<ActionResource> sorted(types.begin(), types.end());
            std::stable_sort(sorted.begin(), sorted.end(), [&](const ActionResource& x, const ActionResource& y) {
              return cat.resource_type_arn(x.type).size() < cat.resource_type_arn(y.type).size();
            });
            for (const auto& t : sorted) {
              if (shown == 3) {
                expected += ", ...";
                break;
              }
              bool last = shown + 1 == sorted.size() || shown == 2;
              expected += (shown == 0 ? "" : (last ? " or " : ", ")) + std::string("the ") +
                          std::string(cat.resource_type_name(t.type)) + " ARN (" +
                          readable_format(cat.resource_type_arn(t.type)) + ")";
              ++shown;
            }
            first_msg = name + " needs " + expected + ", not " + what_it_is(cat, a, rs.front()) +
                        ": this grant never applies";
          }
          first = &it;
          first_key = text;
        }
      }
      if (!first) continue;
      if (!others.empty()) {
        first_msg += " (nor do ";
        for (size_t i = 0; i < others.size(); ++i) first_msg += (i ? ", " : "") + others[i];
        first_msg += ")";
      }
      Finding& f = sink.report(first->node, first_msg, d.owner, first_key);
      sink.add_related(f, rs.front().item->node, "Resource");
    }
  }
}

void unknown_action(const Model& m, const IamCatalog& cat, FindingSink& sink) {
  std::string buf, text;  // reused for every action value
  for (const auto& d : m.policies) {
    for (const auto& s : d.statements) {
      if (s.provider) continue;
      for (const auto& it : s.actions) {
        for (const auto& alt : it.value.alts) {
          if (!alt.is_literal()) continue;
          // The common case, a known action, needs no message: decide it before building strings
          // (find_action is case-insensitive, and "*" / "*:*" have no letters to lower-case).
          std::string_view view = alt.literal_view(buf);
          if (facts::is_star_action(view)) continue;
          if (view.find(':') != std::string_view::npos && !facts::has_wildcard(view) && cat.find_action(view))
            continue;
          facts::lower_into(view, text);
          std::string written(view);
          std::string msg;
          auto colon = text.find(':');
          if (colon == std::string::npos) {
            msg = "'" + written + "' is not an IAM action: an action is service:Action";
          } else if (facts::has_wildcard(text)) {
            if (!cat.expand(text).empty()) continue;
            std::string svc = text.substr(0, colon);
            msg = !facts::has_wildcard(svc) && !cat.service_exists(svc)
                      ? "unknown service prefix '" + written.substr(0, colon) + "' in " + written
                      : "'" + written + "' matches no IAM action";
          } else {
            if (cat.find_action(text)) continue;
            if (std::any_of(m.extra_actions.begin(), m.extra_actions.end(),
                            [&](const std::string& x) { return facts::lower(x) == text; }))
              continue;
            std::string svc = text.substr(0, colon);
            msg = cat.service_exists(svc) ? "unknown action " + written
                                          : "unknown service prefix '" + written.substr(0, colon) + "' in " + written;
          }
          std::string hint = cat.suggest(written);
          if (!hint.empty() && facts::lower(hint) != text) msg += ": did you mean " + hint + "?";
          else if (s.deny()) msg += " (a Deny of an unknown action denies nothing)";
          sink.report(it.node, msg, d.owner, text);
          break;
        }
      }
    }
  }
}

}  // namespace iamlint::rules
