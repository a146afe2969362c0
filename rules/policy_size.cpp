// IAM008 policy-too-large: a policy document over IAM's size quota fails the deployment
// ("LimitExceeded: Cannot exceed quota for PolicySize"). IAM counts the characters of the JSON
// document without white space: 6,144 for a managed policy; for inline policies the sum over one
// identity: 10,240 for a role, 5,120 for a group, 2,048 for a user (IAM quotas,
// docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
// Values only known at deploy time count as empty, so the size is a lower bound: a finding is
// certain, and a document near the limit with unresolved parts is not reported.
#include <algorithm>
#include <cctype>
#include <unordered_map>
#include <vector>

#include "lint/graph.h"

#include "rules/policy_facts.h"
#include "rules/rules.h"

namespace iamlint::rules {
namespace {

std::string thousands(size_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
  return s;
}

size_t non_space(std::string_view s) {
  size_t n = 0;
  for (char c : s)  // std::isspace of the "C" locale, inline (this runs over every scalar)
    if (!(c == ' ' || (c >= '\t' && c <= '\r'))) ++n;
  return n;
}

// The values the model builder resolved already for the intrinsics of statements' Action and
// Resource lists (Ref, Fn::GetAtt, Fn::Sub, Fn::Join items, each the only item of its node): sizing
// a document reuses them instead of resolving every intrinsic again (CDK writes one per Resource).
// Only the user's template text: JSON-text and SAM policy-template statements have nodes of their
// own, which a template document never reaches.
class ResolvedItems {
 public:
  explicit ResolvedItems(const Model& m) {
    auto add = [&](const Item& it) {
      const Node* n = it.node;
      if (!n || !n->is_map() || n->count != 1) return;
      std::string_view fn = n->key(0)->text();
      if (fn != "Ref" && fn != "Fn::GetAtt" && fn != "Fn::Sub" && fn != "Fn::Join") return;
      auto [at, fresh] = values_.try_emplace(n, &it.value);
      if (!fresh) at->second = nullptr;  // one node, several items (a list-valued intrinsic): resolve it again
    };
    for (const auto& d : m.policies) {
      if (d.origin != PolicyOrigin::User) continue;
      for (const auto& st : d.statements) {
        if (st.provider) continue;
        for (const auto& it : st.actions) add(it);
        for (const auto& it : st.resources) add(it);
      }
    }
  }
  const Value* find(const Node* n) const {  // nullptr: not known, resolve it
    auto it = values_.find(n);
    return it == values_.end() ? nullptr : it->second;
  }

 private:
  std::unordered_map<const Node*, const Value*> values_;
};

// Lower bound of the document's size as IAM sees it (JSON without white space).
size_t json_size(const Model& m, const ResolvedItems& known, const Node* n, int depth = 0) {
  if (!n || depth > 64) return 0;
  switch (n->kind) {
    case NodeKind::Null:
      return 4;
    case NodeKind::Scalar:
      return non_space(n->text()) + 2;
    case NodeKind::Sequence: {
      size_t s = 2 + (n->count ? n->count - 1 : 0);
      for (uint32_t i = 0; i < n->count; ++i) s += json_size(m, known, n->item(i), depth + 1);
      return s;
    }
    case NodeKind::Mapping:
      break;
  }
  if (n->count == 1 && (n->key(0)->text() == "Ref" || n->key(0)->text().rfind("Fn::", 0) == 0)) {
    // An intrinsic: the shortest literal alternative of its value.
    Value resolved;
    const Value* vp = known.find(n);
    if (!vp) {
      resolved = m.resolve(n);
      vp = &resolved;
    }
    const Value& v = *vp;
    size_t best = 0;
    bool first = true;
    std::string buf;
    for (const auto& a : v.alts) {
      size_t len = non_space(a.literal_view(buf)) + 2;
      if (first || len < best) best = len;
      first = false;
    }
    return best;
  }
  size_t s = 2 + (n->count ? n->count - 1 : 0);
  for (uint32_t i = 0; i < n->count; ++i) s += non_space(n->key(i)->text()) + 3 + json_size(m, known, n->value(i), depth + 1);
  return s;
}

struct Quota {
  std::string_view type;
  size_t limit;
  std::string_view what;
};
constexpr Quota kInlineQuotas[] = {
    {"AWS::IAM::Role", 10240, "role"}, {"AWS::IAM::Group", 5120, "group"}, {"AWS::IAM::User", 2048, "user"}};

// Resources that put an inline policy on an identity they name by Ref: their policies count
// toward the identity's quota like its own `Policies`.
struct SeparatePolicy {
  std::string_view type;      // the policy resource
  std::string_view property;  // where it names the identity
  bool list;
  std::string_view identity;  // the identity's type
};
constexpr SeparatePolicy kSeparatePolicies[] = {
    {"AWS::IAM::Policy", "Roles", true, "AWS::IAM::Role"},
    {"AWS::IAM::Policy", "Groups", true, "AWS::IAM::Group"},
    {"AWS::IAM::Policy", "Users", true, "AWS::IAM::User"},
    {"AWS::IAM::RolePolicy", "RoleName", false, "AWS::IAM::Role"},
    {"AWS::IAM::GroupPolicy", "GroupName", false, "AWS::IAM::Group"},
    {"AWS::IAM::UserPolicy", "UserName", false, "AWS::IAM::User"},
};

// The separate policy resources certain to put an inline policy on `identity`: a plain `Ref` to it
// as an item of the list (or as the value), and no `Condition` on the policy resource (a
// conditional one may not exist; an `Fn::If` in the list may not name the identity): the total
// stays a lower bound.
std::vector<const Resource*> separate_policies_of(const Model& m, const Resource& identity) {
  std::vector<const Resource*> out;
  if (!m.graph) return out;
  for (const Reference& ref : m.graph->references_to(identity)) {
    const Resource* from = ref.from;
    if (!from || !ref.attribute.empty() || !from->properties) continue;
    if (from->node && from->node->is_map() && from->node->get("Condition")) continue;
    for (const auto& sp : kSeparatePolicies) {
      if (sp.type != from->type || sp.property != ref.top_property || sp.identity != identity.type) continue;
      const Node* v = from->properties->get(sp.property);
      bool direct = false;
      if (sp.list && v && v->is_seq()) {
        for (uint32_t i = 0; i < v->count && !direct; ++i) direct = v->item(i) == ref.node;
      } else if (!sp.list) {
        direct = v == ref.node;
      }
      if (direct && std::find(out.begin(), out.end(), from) == out.end()) out.push_back(from);
    }
  }
  return out;
}

// Organizations stores an SCP or RCP as the text it is given and counts its bytes, white space
// included (5,120; docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html:
// only the console strips white space). JSON text counts as written, less the ${...} an Fn::Sub
// replaces (a lower bound); a YAML/JSON object as the compact JSON CloudFormation sends.
size_t organizations_size(const Model& m, const ResolvedItems& known, const PolicyDocument& d) {
  if (d.json_text.empty()) return json_size(m, known, d.node);
  if (!d.json_text_sub) return d.json_text.size();
  size_t n = 0;
  std::string_view t = d.json_text;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '$' && i + 1 < t.size() && t[i + 1] == '{') {
      size_t close = t.find('}', i);
      if (close == std::string_view::npos) return n + (t.size() - i);
      if (i + 2 < t.size() && t[i + 2] == '!') n += close - i;  // ${!Literal} is written as ${Literal}
      i = close;
      continue;
    }
    ++n;
  }
  return n;
}

constexpr size_t kOrganizationsPolicyLimit = 5120;
constexpr size_t kManagedPolicyLimit = 6144;

}  // namespace

void policy_too_large(const Model& m, const IamCatalog&, FindingSink& sink) {
  const ResolvedItems known(m);
  for (const auto& d : m.policies) {
    if (d.origin != PolicyOrigin::User || !d.node) continue;
    if (d.kind == PolicyKind::Scp || d.kind == PolicyKind::Rcp) {
      size_t size = organizations_size(m, known, d);
      if (size <= kOrganizationsPolicyLimit) continue;
      std::string what = d.kind == PolicyKind::Scp ? "SCP" : "RCP";
      // Written with white space that a minified upload would drop: say whether that would fit.
      std::string fix = "Split it into several policies or remove repeated statements";
      if (!d.json_text.empty()) {
        size_t compact = json_size(m, known, d.node);
        fix = compact <= kOrganizationsPolicyLimit
                  ? "Without white space it is " + thousands(compact) + " bytes: minify it before it is sent"
                  : "Even without white space it is " + thousands(compact) + " bytes: split it into several policies";
      }
      sink.report(d.node->span,
                  (d.owner ? d.owner->describe() + " is a " : std::string("this is a ")) +
                      std::string(policy_kind_description(d.kind)) + " of at least " + thousands(size) +
                      " bytes as written, over the 5,120 AWS Organizations allows for an " + what +
                      " (white space counts unless the console saves it): creating it fails. " + fix,
                  d.owner, "organizations-size");
      continue;
    }
    // Managed policies, and permissions boundaries (which are managed policies).
    bool managed = d.owner ? d.owner->type == "AWS::IAM::ManagedPolicy" : d.kind == PolicyKind::Boundary;
    if (!managed) continue;
    size_t size = json_size(m, known, d.node);
    if (size <= kManagedPolicyLimit) continue;
    if (d.kind == PolicyKind::Boundary) {
      sink.report(d.node->span,
                  (d.owner ? d.owner->describe() + ", a permissions boundary, is" : std::string("this permissions boundary is")) +
                      " at least " + thousands(size) +
                      " characters (without white space), over IAM's 6,144 for a managed policy: the deployment "
                      "fails with LimitExceeded. A boundary is a single policy: shorten it (merge statements that "
                      "repeat the same resources, use wildcards with care)",
                  d.owner, "managed-size");
      continue;
    }
    sink.report(d.node->span,
                d.owner->describe() + " has a policy document of at least " + thousands(size) +
                    " characters (without white space), over IAM's 6,144 for a managed policy: the deployment "
                    "fails with LimitExceeded. Split it into several managed policies or use wildcards with care",
                d.owner, "managed-size");
  }
  if (m.kind != DocKind::Template) return;
  for (const auto& r : m.resources()) {
    for (const auto& q : kInlineQuotas) {
      if (r.type != q.type || !r.properties) continue;
      // The quota counts every inline policy of the identity: names and documents.
      size_t total = 0;
      const Node* key = nullptr;
      const Node* pols = r.properties->get_ci("Policies", &key);
      if (pols && pols->is_seq()) {
        for (uint32_t i = 0; i < pols->count; ++i) {
          const Node* p = pols->item(i);
          if (!p->is_map()) continue;
          if (const Node* name = p->get("PolicyName")) total += json_size(m, known, name);
          if (const Node* doc = p->get("PolicyDocument")) total += json_size(m, known, doc);
        }
      }
      size_t own = total;
      std::vector<const Resource*> separate = separate_policies_of(m, r);
      for (const Resource* sp : separate) {
        if (const Node* name = sp->prop("PolicyName")) total += json_size(m, known, name);
        if (const Node* doc = sp->prop("PolicyDocument")) total += json_size(m, known, doc);
      }
      if (total <= q.limit) continue;
      std::string from_separate;
      if (!separate.empty()) {
        from_separate = " (" + thousands(total - own) + " of them from " + std::to_string(separate.size()) +
                        (separate.size() == 1 ? " policy resource" : " policy resources") + " attached to it: ";
        for (size_t i = 0; i < separate.size(); ++i) from_separate += (i ? ", " : "") + std::string(separate[i]->id);
        from_separate += ")";
      }
      Finding& f = sink.report(key ? key : r.key,
                  r.describe() + " has inline policies of at least " + thousands(total) +
                      " characters in total (without white space)" + from_separate + ", over IAM's " +
                      thousands(q.limit) + " for a " + std::string(q.what) +
                      ": the deployment fails with LimitExceeded. Move statements into managed policies",
                  &r, "inline-size");
      for (const Resource* sp : separate)
        sink.add_related(f, sp->key, "an inline policy of " + r.describe() + ", counted in the total");
    }
  }
}

}  // namespace iamlint::rules
