// IAM005 action-resource-mismatch: no Resource of the statement can match any resource type the
// action accepts (the grant never applies). IAM016 unknown-action.
#include <algorithm>
#include <cctype>
#include <unordered_map>
#include <optional>
#include <unordered_set>
#include <utility>
#include <vector>

#include "lint/fix.h"
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

// An ARN pattern's service field, and whether its resource part is only '*' (RULES.md
// Clarification 20a: an action that takes no resource types fits an account-level pattern of its
// own service, `arn:aws:logs:R:A:*`, `arn:aws:s3:::*`).
struct ArnShape {
  std::string_view service;  // the service field as written ("" when the pattern has no 5 fields)
  bool service_any = false;  // the service field is only wildcards or unknown segments
  bool account_wide = false;
};

ArnShape arn_shape(std::string_view p) {
  ArnShape out;
  size_t at[5];
  size_t pos = 0;
  for (int k = 0; k < 5; ++k) {
    pos = p.find(':', pos);
    if (pos == std::string_view::npos) return out;
    at[k] = pos++;
  }
  out.service = p.substr(at[1] + 1, at[2] - at[1] - 1);
  auto only_wild = [](std::string_view t) {
    for (char c : t)
      if (c != '*' && c != kUnknownChar && c != kUnknownFieldChar) return false;
    return !t.empty();
  };
  out.service_any = only_wild(out.service);
  // The resource part must be written as '*': a resource's generated name or a parameter naming
  // one resource is not an account-level pattern (as before Clarification 20, such a grant stays
  // IAM005).
  std::string_view res = p.substr(at[4] + 1);
  out.account_wide = !res.empty() && res.find_first_not_of('*') == std::string_view::npos;
  return out;
}

struct ResourceAlt {
  const Item* item;
  const Alternative* alt;
  std::string owned;  // alt->match_pattern(), unless the alternative is a single text segment
  bool anything;  // "*", or not a literal "arn:" start (a whole ARN from a parameter/import)
  ArnShape shape;  // views into pattern()
  // The matcher's text, without a copy for the usual one-segment alternative.
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
    for (const auto& a : it.value.alts) {
      out.push_back({&it, &a, a.single_text() ? std::string() : a.match_pattern(), false, {}});
      out.back().shape = arn_shape(out.back().pattern());  // after the move into the vector
    }
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
    auto types = cat_.action_resources(a);
    if (types.empty()) return account_wide_fits(cat_.action_service(a));  // works only with "*"
    for (const auto& t : types)
      if (any_resource_fits(t.type)) return true;
    return false;
  }

 private:
  // An action that takes no resource types fits only an account-level pattern of its own service.
  bool account_wide_fits(std::string_view service) {
    for (const auto& [k, v] : known_services_)
      if (k == service) return v;
    bool ok = false;
    for (const auto& r : rs_)
      if (r.anything || (r.shape.account_wide && (r.shape.service_any || r.shape.service == service))) {
        ok = true;
        break;
      }
    known_services_.emplace_back(service, ok);
    return ok;
  }

  bool any_resource_fits(ResourceTypeId t) {
    for (const auto& [k, v] : known_)
      if (k == t) return v;
    bool ok = false;
    for (const auto& r : rs_)
      if (r.anything || (!r.alt->known_not_arn() && arn_may_match(r.pattern(), arn_formats_for_matching(t)))) {
        ok = true;
        break;
      }
    known_.emplace_back(t, ok);
    return ok;
  }

  const IamCatalog& cat_;
  const std::vector<ResourceAlt>& rs_;
  std::vector<std::pair<ResourceTypeId, bool>> known_;
  std::vector<std::pair<std::string_view, bool>> known_services_;
};

// Resource types by service, for naming what an ARN is (messages only).
const std::vector<std::pair<std::string_view, std::vector<ResourceTypeId>>>& types_by_service(const IamCatalog& cat) {
  static const auto index = [&cat] {
    std::vector<std::pair<std::string_view, std::vector<ResourceTypeId>>> out;
    for (ResourceTypeId t = 0; !cat.resource_type_arn(t).empty(); ++t) {
      std::string_view svc = cat.resource_type_service(t);
      if (out.empty() || out.back().first != svc) out.emplace_back(svc, std::vector<ResourceTypeId>{});
      out.back().second.push_back(t);
    }
    return out;
  }();
  return index;
}

// What the resource is, for the message ("this s3 object ARN (arn:aws:s3:::b/*)"): a resource type of
// the ARN's own service (its service field, when written literally) that it matches; the plain
// text when none does or the service is not known.
// A written account field that is no account: not 12 digits, "aws" or empty, and without wildcards
// or unknown segments (an unfilled placeholder such as <<ACCOUNT>>). "" when there is none. The
// resource part may be right; the message must say the account is what fails (Clarification 6).
std::string_view bad_account_field(std::string_view p) {
  size_t from = 0;
  for (int k = 0; k < 4; ++k) {
    from = p.find(':', from);
    if (from == std::string_view::npos) return {};
    ++from;
  }
  size_t to = p.find(':', from);
  if (to == std::string_view::npos) return {};
  std::string_view acct = p.substr(from, to - from);
  if (acct.empty() || acct == "aws") return {};
  if (acct.size() == 12 && std::all_of(acct.begin(), acct.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return {};
  for (char c : acct)
    if (c == '*' || c == '?' || c == kUnknownChar || c == kUnknownFieldChar || c == '$') return {};
  return acct;
}

std::string what_it_is(const IamCatalog& cat, const ResourceAlt& r) {
  if (r.alt->known_not_arn()) return r.display() + ", which is not an ARN";
  if (std::string_view acct = bad_account_field(r.pattern()); !acct.empty())
    return r.display() + " (its account field '" + std::string(acct) + "' is not an account ID)";
  std::string_view svc = r.shape.service;
  bool literal = !svc.empty() && std::all_of(svc.begin(), svc.end(), [](char c) {
    return c != '*' && c != '?' && c != kUnknownChar && c != kUnknownFieldChar && c != '$';
  });
  if (literal && r.shape.account_wide) return "this account-level " + std::string(svc) + " pattern (" + r.display() + ")";
  if (literal)
    for (const auto& [s, types] : types_by_service(cat)) {
      if (s != svc) continue;
      for (ResourceTypeId t : types)
        if (arn_may_match(r.pattern(), arn_formats_for_matching(t))) {
          return "this " + std::string(svc) + " " + std::string(cat.resource_type_name(t)) + " ARN (" + r.display() + ")";
        }
    }
  return r.display();
}

// IAM005's fix for S3's bucket/object mix-up: add the ARN shape the action needs to the Resource
// list — the bucket ARN for a bucket action written on `bucket/*`, `bucket/*` for an object action
// written on the bucket. Unsafe: it grants the action on more than was written.
std::shared_ptr<const Fix> s3_shape_fix(const Model& m, const IamCatalog& cat, const Statement& s, ActionId a) {
  if (cat.action_service(a) != "s3" || !s.resource_key || !s.node || !s.node->is_map()) return nullptr;
  bool bucket = false, object = false;
  for (const auto& t : cat.action_resources(a)) {
    std::string_view n = cat.resource_type_name(t.type);
    bucket |= n == "bucket";
    object |= n == "object";
  }
  if (bucket == object) return nullptr;
  const Node* rv = nullptr;
  for (uint32_t i = 0; i < s.node->count; ++i)
    if (s.node->key(i) == s.resource_key) rv = s.node->value(i);
  if (!rv) return nullptr;
  // The ARN text with the shape the action needs, or "" when `t` is not an S3 ARN of the other shape.
  auto reshape = [&](std::string_view t) -> std::string {
    size_t at = t.find(":s3:::");
    if (t.rfind("arn:", 0) != 0 || at == std::string_view::npos) return {};
    std::string_view rest = t.substr(at + 6);
    size_t slash = rest.find('/');
    if (rest.empty()) return {};
    if (bucket) return slash == std::string_view::npos || slash == 0 ? std::string() : std::string(t.substr(0, at + 6 + slash));
    return slash == std::string_view::npos ? std::string(t) + "/*" : std::string();
  };
  for (const auto& it : s.resources) {
    const Node* n = it.node;
    if (!n) continue;
    fix::Spelling add;
    if (n->is_scalar() && fix::written_as_is(m, n)) {
      std::string t = reshape(n->text());
      if (t.empty()) continue;
      add = fix::scalar(t);
    } else if (n->is_map() && n->count == 1 && n->key(0)->text() == "Fn::Sub" && n->value(0)->is_scalar()) {
      std::string t = reshape(n->value(0)->text());
      if (t.empty()) continue;
      add = {"!Sub " + fix::yaml_scalar(t), "{\"Fn::Sub\": " + fix::json_string(t) + "}"};
    } else if (object && n->is_map() && n->count == 1 && n->key(0)->text() == "Fn::GetAtt") {
      const Node* g = n->value(0);
      std::string id;
      if (g->is_scalar() && g->text().size() > 4 && g->text().substr(g->text().size() - 4) == ".Arn")
        id = std::string(g->text().substr(0, g->text().size() - 4));
      else if (g->is_seq() && g->count == 2 && g->item(1)->text() == "Arn")
        id = std::string(g->item(0)->text());
      const Resource* b = m.tmpl.find(id);
      if (!b || b->type != "AWS::S3::Bucket") continue;
      std::string t = "${" + id + ".Arn}/*";
      add = {"!Sub " + fix::yaml_scalar(t), "{\"Fn::Sub\": " + fix::json_string(t) + "}"};
    } else {
      continue;
    }
    return fix::make(std::string("Add the ") + (bucket ? "bucket" : "object") + " ARN " + add.yaml + " to Resource",
                     false, fix::add_to_list(m, s.node, rv, add));
  }
  return nullptr;
}

}  // namespace

void action_resource_mismatch(const Model& m, const IamCatalog& cat, FindingSink& sink) {
  // Wildcard actions repeat across statements (CDK writes "s3:GetObject*", "s3:List*" in every
  // grant): each is expanded once per run.
  std::unordered_map<std::string, std::vector<ActionId>> expansions;
  std::vector<ActionId> one;
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
      // A Deny, and any statement of a guardrail, grants nothing (RULES.md Clarification 17).
      const char* what = d.grants() && s.allow() ? "grant" : "statement";
      std::string buf, text;  // reused for every action value
      const Item* first = nullptr;
      std::optional<ActionId> first_action;  // when `first` names one action (no wildcard)
      std::string first_msg, first_key;
      std::vector<std::string> others;
      std::unordered_set<std::string> named;  // first's and others' names
      for (const auto& it : s.actions) {
        for (const auto& alt : it.value.alts) {
          if (!alt.is_literal()) continue;
          facts::lower_into(alt.literal_view(buf), text);
          if (facts::is_star_action(text)) continue;
          bool wildcard = facts::has_wildcard(text);
          const std::vector<ActionId>* found = &one;
          one.clear();
          if (wildcard) {
            auto e = expansions.find(text);
            if (e == expansions.end()) e = expansions.emplace(text, cat.expand(text)).first;
            found = &e->second;
          } else if (auto id = cat.find_action(text)) {
            one.push_back(*id);
          }
          const std::vector<ActionId>& acts = *found;
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
          // "works only with *" only when it holds for every expansion of a wildcard (cloudwatch:*
          // includes PutMetricAlarm, which takes alarm ARNs), else the wildcard message below.
          bool star_only = wildcard ? std::all_of(acts.begin(), acts.end(),
                                                  [&](ActionId x) { return cat.action_resources(x).empty(); })
                                    : types.empty();
          if (star_only) {
            first_msg = name + " works only with Resource \"*\" or an account-level " +
                        std::string(cat.action_service(a)) + " ARN ending in :* (it takes no resource ARN), so this " + what +
                        " on " + what_it_is(cat, rs.front()) + " never applies";
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
            first_msg = name + " needs " + expected + ", not " + what_it_is(cat, rs.front()) + ": this " + what +
                        " never applies";
          }
          first = &it;
          if (!wildcard) first_action = a;
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
      if (first_action) f.fix = s3_shape_fix(m, cat, s, *first_action);
    }
  }
}

void unknown_action(const Model& m, const IamCatalog& cat, FindingSink& sink) {
  std::string buf, text;  // reused for every action value
  std::unordered_map<std::string, bool> wildcard_matches;  // wildcard -> matches some action
  for (const auto& d : m.policies) {
    for (const auto& s : d.statements) {
      if (s.provider) continue;
      // Both Action and NotAction written (IAM009): the names of both are still checked.
      for (const auto* list : {&s.actions, &s.conflict_actions})
      for (const auto& it : *list) {  // (not re-indented: keeps this diff small)
        for (const auto& alt : it.value.alts) {
          if (!alt.is_literal()) continue;
          // The common case, a known action, needs no message: decide it before building strings
          // (find_action is case-insensitive, and "*" / "*:*" have no letters to lower-case).
          std::string_view view = alt.literal_view(buf);
          if (facts::is_star_action(view) || view.find("${") != std::string_view::npos) continue;  // ${…}: IAM009
          if (view.find(':') != std::string_view::npos && !facts::has_wildcard(view) && cat.find_action(view))
            continue;
          facts::lower_into(view, text);
          std::string written(view);
          std::string msg;
          auto colon = text.find(':');
          if (colon == std::string::npos) {
            msg = "'" + written + "' is not an IAM action: an action is service:Action";
          } else if (facts::has_wildcard(text)) {
            // CDK repeats the same wildcards ("s3:GetObject*") in every grant: decide each once.
            auto [known, fresh] = wildcard_matches.try_emplace(text, false);
            if (fresh) known->second = !cat.expand(text).empty() || !cat.known_beyond_reference(text).empty();
            if (known->second) continue;
            std::string svc = text.substr(0, colon);
            msg = !facts::has_wildcard(svc) && !cat.service_exists(svc)
                      ? "unknown service prefix '" + written.substr(0, colon) + "' in " + written
                      : "'" + written + "' matches no IAM action";
          } else {
            if (cat.find_action(text)) continue;
            // Named in an AWS managed policy, or a reviewed legacy action (Clarification 22).
            if (!cat.known_beyond_reference(text).empty()) continue;
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
          Finding& f = sink.report(it.node, msg, d.owner, text);
          // The suggestion replaces the written name when it is of the same service (a typo, not a
          // guess across services); unsafe: the statement then grants or denies a real action.
          // Only a value written directly in the list: inside an intrinsic (an Fn::If branch) the
          // other spellings of the value would stay.
          auto direct = [&](const Node* n) {
            const Node* list = s.action_key ? s.node->get(s.action_key->text()) : nullptr;
            if (!list) return false;
            if (list == n) return true;
            if (!list->is_seq()) return false;
            for (uint32_t i = 0; i < list->count; ++i)
              if (list->item(i) == n) return true;
            return false;
          };
          if (!hint.empty() && facts::lower(hint) != text && it.node && it.node->is_scalar() && direct(it.node) &&
              it.node->text() == written && colon != std::string::npos &&
              facts::lower(hint).compare(0, colon + 1, text, 0, colon + 1) == 0)
            f.fix = fix::make("Replace " + written + " with " + hint, false, fix::replace_scalar(m, it.node, hint));
          break;
        }
      }
    }
  }
}

}  // namespace iamlint::rules
