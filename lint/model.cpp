#include "lint/model.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <functional>
#include <unordered_map>

#include "lint/ascii.h"
#include "lint/cfn/cfn_data.h"
#include "lint/graph.h"
#include "lint/resolve.h"
#include "parsers/parse.h"
#include "parsers/quoted_scalar.h"

namespace iamlint {
namespace {

bool iequals(std::string_view a, std::string_view b) { return ascii_iequals(a, b); }
std::string lower(std::string_view s) { return ascii_lower(s); }

// Where a resource keeps its policy documents. Resource policies per RULES.md
// "Documents and where rules look".
struct DocProperty {
  std::string_view type;
  std::string_view property;
  PolicyKind kind;
  bool single_statement;
};

constexpr DocProperty kDocProperties[] = {
    {"AWS::IAM::Role", "AssumeRolePolicyDocument", PolicyKind::Trust, false},
    {"AWS::IAM::Policy", "PolicyDocument", PolicyKind::Identity, false},
    {"AWS::IAM::ManagedPolicy", "PolicyDocument", PolicyKind::Identity, false},
    {"AWS::IAM::RolePolicy", "PolicyDocument", PolicyKind::Identity, false},
    {"AWS::IAM::UserPolicy", "PolicyDocument", PolicyKind::Identity, false},
    {"AWS::IAM::GroupPolicy", "PolicyDocument", PolicyKind::Identity, false},
    {"AWS::SSO::PermissionSet", "InlinePolicy", PolicyKind::Identity, false},
    {"AWS::S3::BucketPolicy", "PolicyDocument", PolicyKind::Resource, false},
    {"AWS::S3::AccessPoint", "Policy", PolicyKind::Resource, false},
    {"AWS::SQS::QueuePolicy", "PolicyDocument", PolicyKind::Resource, false},
    {"AWS::SNS::TopicPolicy", "PolicyDocument", PolicyKind::Resource, false},
    {"AWS::KMS::Key", "KeyPolicy", PolicyKind::Resource, false},
    {"AWS::KMS::ReplicaKey", "KeyPolicy", PolicyKind::Resource, false},
    {"AWS::ECR::Repository", "RepositoryPolicyText", PolicyKind::Resource, false},
    {"AWS::SecretsManager::ResourcePolicy", "ResourcePolicy", PolicyKind::Resource, false},
    {"AWS::Logs::ResourcePolicy", "PolicyDocument", PolicyKind::Resource, false},
    {"AWS::OpenSearchService::Domain", "AccessPolicies", PolicyKind::Resource, false},
    {"AWS::Elasticsearch::Domain", "AccessPolicies", PolicyKind::Resource, false},
    {"AWS::Glacier::Vault", "AccessPolicy", PolicyKind::Resource, false},
    {"AWS::Events::EventBusPolicy", "Statement", PolicyKind::Resource, true},
    {"AWS::Events::EventBus", "Policy", PolicyKind::Resource, false},
    {"AWS::ApiGateway::RestApi", "Policy", PolicyKind::Resource, false},
    {"AWS::Backup::BackupVault", "AccessPolicy", PolicyKind::Resource, false},
    {"AWS::EFS::FileSystem", "FileSystemPolicy", PolicyKind::Resource, false},
    {"AWS::CodeArtifact::Repository", "PermissionsPolicyDocument", PolicyKind::Resource, false},
    {"AWS::CodeArtifact::Domain", "PermissionsPolicyDocument", PolicyKind::Resource, false},
    {"AWS::MediaStore::Container", "Policy", PolicyKind::Resource, false},
    {"AWS::Lambda::LayerVersionPermission", "", PolicyKind::Resource, false},
    // Guardrails (RULES.md Clarification 17). AWS::Organizations::Policy is handled apart: its
    // `Type` says whether `Content` is an SCP, an RCP or no IAM policy at all.
    {"AWS::EC2::VPCEndpoint", "PolicyDocument", PolicyKind::VpcEndpoint, false},
    // Session policies: they narrow what the session's role grants (AWS Transfer Family's
    // per-user policy, IAM Roles Anywhere's profile SessionPolicy, EKS Pod Identity's Policy).
    {"AWS::Transfer::User", "Policy", PolicyKind::Session, false},
    {"AWS::RolesAnywhere::Profile", "SessionPolicy", PolicyKind::Session, false},
    {"AWS::EKS::PodIdentityAssociation", "Policy", PolicyKind::Session, false},
};

// AWS::Organizations::Policy `Type` values whose `Content` is an IAM policy document; the other
// types (TAG_POLICY, BACKUP_POLICY, AISERVICES_OPT_OUT_POLICY, ...) have grammars of their own.
std::optional<PolicyKind> organizations_policy_kind(std::string_view type) {
  if (type == "SERVICE_CONTROL_POLICY") return PolicyKind::Scp;
  if (type == "RESOURCE_CONTROL_POLICY") return PolicyKind::Rcp;
  return std::nullopt;
}

// The kind an `aws organizations describe-policy` output names in Policy.PolicySummary.Type:
// Scp or Rcp; nullopt when the Type is absent or names another policy type (a tag policy...).
std::optional<PolicyKind> organizations_wrapper_kind(const Node* root) {
  const Node* p = root->get("Policy");
  const Node* sum = p && p->is_map() ? p->get("PolicySummary") : nullptr;
  const Node* type = sum && sum->is_map() ? sum->get("Type") : nullptr;
  if (!type || !type->is_scalar()) return std::nullopt;
  return organizations_policy_kind(type->text());
}

// Identity principals with inline `Policies` and `ManagedPolicyArns`.
bool is_identity_holder(std::string_view type) {
  return type == "AWS::IAM::Role" || type == "AWS::IAM::User" || type == "AWS::IAM::Group";
}

class Builder {
 public:
  Builder(Model& m, std::string_view text, bool notices, Graph& graph)
      : m_(m), text_(text), notices_(notices), graph_(graph) {}

  void build_template(const Node* root);
  void build_raw(const Node* root, std::optional<PolicyKind> raw_kind);

 private:
  void add_resource(const Node* key, const Node* node);
  void extract_resource(const Resource& r, Resolver& res);
  void extract_sam_policies(const Resource& r, const Node* policies, Resolver& res);
  void add_document(const Node* doc, PolicyKind kind, const Resource* owner, std::string where, Resolver& res,
                    bool single_statement = false);
  void fill_document(PolicyDocument& d, const Node* doc, Resolver& res);
  void add_statement(PolicyDocument& d, const Node* st, Resolver& res);
  void add_managed_refs(const Resource& r, const Node* list, bool boundary, Resolver& res);
  void extract_organizations_policy(const Resource& r, Resolver& res);
  const Node* parse_embedded_json(const Node* scalar, std::string_view json);
  void expand_sam_template(const Resource& r, const Node* item, uint32_t idx, Resolver& res);
  // Where each line of the file starts (the first after a UTF-8 BOM, as the parsers count
  // columns), computed on first use.
  const std::vector<uint32_t>& file_line_starts() {
    if (line_starts_.empty()) {
      line_starts_.push_back(text_.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0);
      for (size_t i = 0; i < text_.size(); ++i)
        if (text_[i] == '\n') line_starts_.push_back(static_cast<uint32_t>(i + 1));
    }
    return line_starts_;
  }
  void notice(const Node* at, std::string msg) {
    if (!notices_) return;
    m_.notices.push_back({m_.path, at ? at->span.begin : Pos{}, std::move(msg)});
  }

  Model& m_;
  std::string_view text_;
  bool notices_ = true;  // BuildInput::notices
  Graph& graph_;         // of a template: references are collected resource by resource
  std::vector<std::unique_ptr<std::map<std::string, const Node*, std::less<>>>> sam_params_;
  std::vector<uint32_t> line_starts_;  // file_line_starts()
};

void Builder::add_resource(const Node* key, const Node* node) {
  Resource r;
  r.id = key->text();
  r.key = key;
  r.node = node;
  if (node && node->is_map()) {
    // node->get() of the three keys in one pass over the resource's keys (first match of each).
    const Node *type = nullptr, *props = nullptr, *meta = nullptr;
    for (uint32_t i = 0; i < node->count; ++i) {
      const Node* k = node->key(i);
      if (!k->is_scalar()) continue;
      if (!type && k->text() == "Type") type = node->value(i);
      else if (!props && k->text() == "Properties") props = node->value(i);
      else if (!meta && k->text() == "Metadata") meta = node->value(i);
    }
    if (type && type->is_scalar()) r.type = type->text();
    if (props && props->is_map()) r.properties = props;
    r.metadata = meta;
    if (r.metadata && r.metadata->is_map()) {
      if (const Node* cdk = r.metadata->get("aws:cdk:path"); cdk && cdk->is_scalar()) r.cdk_path = cdk->text();
      if (const Node* il = r.metadata->get("iamlint"); il && il->is_map()) {
        if (const Node* ig = il->get_ci("ignore")) {
          r.ignore_node = ig;
          if (ig->is_scalar()) r.ignore.emplace_back(ig->text());
          if (ig->is_seq())
            for (uint32_t i = 0; i < ig->count; ++i)
              if (ig->item(i)->is_scalar()) r.ignore.emplace_back(ig->item(i)->text());
        }
      }
    }
  }
  m_.tmpl.index.emplace(r.id, m_.tmpl.resources.size());
  m_.tmpl.resources.push_back(std::move(r));
}

void Builder::build_template(const Node* root) {
  Template& t = m_.tmpl;
  t.root = root;
  t.parameters = root->get("Parameters");
  if (t.parameters && !t.parameters->is_map()) t.parameters = nullptr;
  t.mappings = root->get("Mappings");
  t.conditions = root->get("Conditions");
  t.outputs = root->get("Outputs");
  t.globals = root->get("Globals");
  if (const Node* tr = root->get("Transform")) {
    auto names_sam = [](const Node* n) { return n->is_scalar() && n->text().find("AWS::Serverless") == 0; };
    if (names_sam(tr)) t.sam = true;
    if (tr->is_seq())
      for (uint32_t i = 0; i < tr->count; ++i)
        if (names_sam(tr->item(i))) t.sam = true;
  }
  const Node* resources = root->get("Resources");
  if (resources && resources->is_map()) {
    t.resources.reserve(resources->count);
    t.index.reserve(resources->count);
    for (uint32_t i = 0; i < resources->count; ++i) add_resource(resources->key(i), resources->value(i));
  }
  // Every resource of one type points at the same text of its type: the rules compare types of
  // every resource, and one copy stays in the cache where 15,000 copies across the file do not.
  std::unordered_map<std::string_view, std::string_view> types;
  for (auto& r : t.resources) {
    if (r.type.substr(0, 16) == "AWS::Serverless:") t.sam = true;
    r.type = types.try_emplace(r.type, r.type).first->second;
  }

  Resolver res(&t);
  for (const auto& r : t.resources) {
    extract_resource(r, res);
    // While the resource's nodes are in the cache (Graph::add_references_from).
    graph_.add_references_from(t, r);
  }
}

void Builder::extract_resource(const Resource& r, Resolver& res) {
  if (!r.properties) return;
  for (const auto& dp : kDocProperties) {
    if (dp.type != r.type || dp.property.empty()) continue;
    if (const Node* doc = r.properties->get(dp.property))
      add_document(doc, dp.kind, &r, std::string(dp.property), res, dp.single_statement);
  }
  if (r.type == "AWS::Organizations::Policy") extract_organizations_policy(r, res);
  if (is_identity_holder(r.type)) {
    if (const Node* pols = r.properties->get("Policies")) {
      auto items = pols->is_seq() ? pols->count : 0;
      for (uint32_t i = 0; i < items; ++i) {
        const Node* p = pols->item(i);
        std::vector<const Node*> branches;
        if (Resolver::intrinsic_name(p) == "Fn::If" && p->value(0)->is_seq() && p->value(0)->count == 3) {
          branches = {p->value(0)->item(1), p->value(0)->item(2)};
        } else {
          branches = {p};
        }
        for (const Node* b : branches) {
          if (!b || !b->is_map()) continue;
          if (const Node* doc = b->get("PolicyDocument"))
            add_document(doc, PolicyKind::Identity, &r, "Policies[" + std::to_string(i) + "].PolicyDocument", res);
        }
      }
    }
    if (const Node* arns = r.properties->get("ManagedPolicyArns")) add_managed_refs(r, arns, false, res);
    if (const Node* pb = r.properties->get("PermissionsBoundary")) add_managed_refs(r, pb, true, res);
  }
  if (r.type == "AWS::SSO::PermissionSet") {
    if (const Node* mp = r.properties->get("ManagedPolicies")) add_managed_refs(r, mp, false, res);
  }
  if (r.type == "AWS::Serverless::Function" || r.type == "AWS::Serverless::StateMachine") {
    // SAM Globals.Function provides defaults for functions (PermissionsBoundary and
    // AssumeRolePolicyDocument are the IAM ones; Policies and Role are not global).
    const Node* globals = nullptr;
    if (r.type == "AWS::Serverless::Function" && m_.tmpl.globals && m_.tmpl.globals->is_map())
      if (const Node* g = m_.tmpl.globals->get("Function"); g && g->is_map()) globals = g;
    auto prop = [&](std::string_view name) {
      const Node* v = r.properties->get(name);
      return v ? v : (globals ? globals->get(name) : nullptr);
    };
    if (const Node* pols = r.properties->get("Policies")) extract_sam_policies(r, pols, res);
    if (const Node* pb = prop("PermissionsBoundary")) add_managed_refs(r, pb, true, res);
    // The implicit execution role's trust (SAM creates it unless Role is given).
    if (!r.properties->get("Role"))
      if (const Node* trust = prop("AssumeRolePolicyDocument"))
        add_document(trust, PolicyKind::Trust, &r, "AssumeRolePolicyDocument", res);
  }
}

// An SCP or RCP: its kind comes from `Type` (both branches of an Fn::If must agree; a Type only
// known at deploy time leaves the document unchecked, with a notice).
void Builder::extract_organizations_policy(const Resource& r, Resolver& res) {
  const Node* content = r.prop("Content");
  const Node* type = r.prop("Type");
  if (!content || !type) return;
  Value v = res.resolve(type);
  std::optional<PolicyKind> kind;
  bool agree = !v.alts.empty();
  for (const auto& a : v.alts) {
    const std::string* t = a.single_text();
    std::optional<PolicyKind> k = t ? organizations_policy_kind(*t) : std::nullopt;
    if (!t) {
      notice(type, "Organizations policy Type not resolved: its Content is not checked");
      return;
    }
    if (&a != &v.alts[0] && k != kind) agree = false;
    kind = k;
  }
  if (!agree) {
    notice(type, "Organizations policy Type differs between Fn::If branches: its Content is not checked");
    return;
  }
  if (kind) add_document(content, *kind, &r, "Content", res);
}

void Builder::add_managed_refs(const Resource& r, const Node* list, bool boundary, Resolver& res) {
  for (auto& it : res.resolve_list(list)) {
    ManagedPolicyRef ref;
    ref.owner = &r;
    ref.node = it.node;
    ref.value = std::move(it.value);
    ref.boundary = boundary;
    m_.managed_policies.push_back(std::move(ref));
  }
}

void Builder::extract_sam_policies(const Resource& r, const Node* policies, Resolver& res) {
  // Policies: a managed policy name or ARN, an inline document, or a list of those and of SAM
  // policy templates ({DynamoDBCrudPolicy: {TableName: ...}}).
  auto one = [&](const Node* p, uint32_t idx) {
    if (!p) return;
    if (p->is_scalar() || Resolver::intrinsic_name(p) == "Fn::Sub" || Resolver::intrinsic_name(p) == "Ref" ||
        Resolver::intrinsic_name(p) == "Fn::GetAtt" || Resolver::intrinsic_name(p) == "Fn::Join" ||
        Resolver::intrinsic_name(p) == "Fn::ImportValue") {
      ManagedPolicyRef ref;
      ref.owner = &r;
      ref.node = p;
      ref.value = res.resolve(p);
      ref.sam_name = true;
      m_.managed_policies.push_back(std::move(ref));
      return;
    }
    if (!p->is_map()) return;
    if (p->get_ci("Statement")) {
      add_document(p, PolicyKind::Identity, &r, "Policies[" + std::to_string(idx) + "]", res);
      return;
    }
    if (p->count == 1) expand_sam_template(r, p, idx, res);
  };
  if (policies->is_seq()) {
    for (uint32_t i = 0; i < policies->count; ++i) {
      const Node* p = policies->item(i);
      if (Resolver::intrinsic_name(p) == "Fn::If" && p->value(0)->is_seq() && p->value(0)->count == 3) {
        for (uint32_t b = 1; b < 3; ++b)
          if (!is_no_value(p->value(0)->item(b))) one(p->value(0)->item(b), i);
        continue;
      }
      one(p, i);
    }
  } else {
    one(policies, 0);
  }
}

// A SAM policy template ({DynamoDBCrudPolicy: {TableName: !Ref Table}}) expanded from SAM's own
// policy_templates.json: its statements are provider text (RULES.md Clarification 10) located at
// the user's list item; the user's parameter values are substituted where the template refers to
// its parameters.
void Builder::expand_sam_template(const Resource& r, const Node* item, uint32_t idx, Resolver& res) {
  std::string_view name = item->key(0)->text();
  const cfn::SamPolicyTemplate* t = cfn::find_sam_policy_template(name);
  if (!t) {
    notice(item, "unknown SAM policy template '" + std::string(name) + "': not checked");
    return;
  }
  const Node* root = parse_embedded_json(item->key(0), t->json);
  if (!root || !root->is_map()) return;
  const Node* def = root->get("Definition");
  if (!def) return;
  auto params = std::make_unique<std::map<std::string, const Node*, std::less<>>>();
  const Node* given = item->value(0);
  if (given && given->is_map())
    for (uint32_t i = 0; i < given->count; ++i) (*params)[std::string(given->key(i)->text())] = given->value(i);
  Resolver sub(res);
  sub.set_template_parameters(params.get());
  PolicyDocument d;
  d.kind = PolicyKind::Identity;
  d.origin = PolicyOrigin::SamTemplate;
  d.owner = &r;
  d.where = "Policies[" + std::to_string(idx) + "] (SAM policy template " + std::string(name) + ")";
  d.sam_template = std::string(name);
  fill_document(d, def, sub);
  // Parameters given as "*" that a statement's Resource uses.
  std::vector<std::pair<std::string, const Node*>> stars;
  for (const auto& [k, v] : *params) {
    Value pv = sub.resolve(v);
    if (pv.is("*")) stars.push_back({k, v});
  }
  if (!stars.empty()) {
    for (auto& st : d.statements) {
      const Node* rn = st.node ? st.node->get_ci("Resource") : nullptr;
      if (!rn) continue;
      std::vector<const Node*> stack{rn};
      while (!stack.empty()) {
        const Node* n = stack.back();
        stack.pop_back();
        if (n->is_map() && n->count == 1 && n->key(0)->text() == "Ref" && n->value(0)->is_scalar())
          for (const auto& [k, v] : stars)
            if (k == n->value(0)->text()) st.star_parameters.push_back(v);
        uint32_t kids = n->is_map() ? 2 * n->count : (n->is_seq() ? n->count : 0);
        for (uint32_t i = 0; i < kids; ++i) stack.push_back(n->children[i]);
      }
    }
  }
  sam_params_.push_back(std::move(params));
  m_.policies.push_back(std::move(d));
}

// Parses JSON text written as a string value and maps its positions back to the file: inside a
// YAML literal block scalar each line is a file line; inside a folded one or a quoted string over
// several lines each character has its file position; anywhere else (a one-line string), every
// position becomes the string's own span (RULES.md Clarification 1).
const Node* Builder::parse_embedded_json(const Node* scalar, std::string_view json) {
  auto pr = std::make_unique<ParseResult>(parse_json(json));
  if (pr->error || pr->documents.size() != 1) {
    notice(scalar, "policy written as JSON text could not be parsed" +
                       (pr->error ? ": " + pr->error->message : std::string()) + "; not checked");
    return nullptr;
  }
  uint32_t base_line = 0, indent = 0;
  bool per_line = scalar->style == ScalarStyle::Literal && scalar->span.begin.valid();
  if (per_line) {
    // Find the first non-blank content line after the indicator line to learn the indentation.
    size_t off = 0;
    uint32_t line = 1;
    while (line < scalar->span.begin.line && off < text_.size()) {
      size_t nl = text_.find('\n', off);
      if (nl == std::string_view::npos) break;
      off = nl + 1;
      ++line;
    }
    size_t nl = text_.find('\n', off);
    per_line = nl != std::string_view::npos;
    if (per_line) {
      off = nl + 1;
      while (off < text_.size()) {
        size_t e = text_.find('\n', off);
        std::string_view l = text_.substr(off, e == std::string_view::npos ? std::string_view::npos : e - off);
        size_t sp = l.find_first_not_of(' ');
        if (sp != std::string_view::npos && l[sp] != '\r') {
          indent = static_cast<uint32_t>(sp);
          break;
        }
        if (e == std::string_view::npos) break;
        off = e + 1;
      }
      base_line = scalar->span.begin.line;
    }
  }
  // A quoted or folded (`>`) scalar over several lines: every character has its own file position
  // (YAML folded its line breaks; parsers/quoted_scalar.h maps them back).
  std::vector<uint32_t> offsets;  // of each byte of `json` in the file, when known
  std::vector<uint32_t> json_lines;  // offsets in `json` where its lines start
  if (!per_line && scalar->quoted() && scalar->text().data() == json.data() && scalar->span.begin.valid() &&
      scalar->span.end.line > scalar->span.begin.line) {
    const std::vector<uint32_t>& starts = file_line_starts();
    auto off = [&](Pos p) -> size_t {
      return p.line <= starts.size() ? starts[p.line - 1] + p.col - 1 : text_.size() + 1;
    };
    size_t b = off(scalar->span.begin), e = off(scalar->span.end);
    if (b < e && e <= text_.size())
      offsets = scalar->style == ScalarStyle::Folded ? block_scalar_offsets(text_, b, e, json)
                                                     : quoted_scalar_offsets(text_, b, e, json);
    if (!offsets.empty()) {
      json_lines.push_back(0);
      for (size_t i = 0; i < json.size(); ++i)
        if (json[i] == '\n') json_lines.push_back(static_cast<uint32_t>(i + 1));
    }
  }
  // A position in `json` (1-based line and byte column) -> the file position of that byte; `end`
  // positions (one past a node) map one past the byte before them.
  auto map_pos = [&](Pos p, bool end) -> Pos {
    size_t i = p.line >= 1 && p.line <= json_lines.size() ? json_lines[p.line - 1] + p.col - 1 : json.size();
    i = std::min(i, json.size());
    size_t src = end ? (i == 0 ? offsets[0] : offsets[i - 1] + 1) : (i < json.size() ? offsets[i] : offsets.back() + 1);
    const std::vector<uint32_t>& starts = file_line_starts();
    size_t line = static_cast<size_t>(std::upper_bound(starts.begin(), starts.end(), src) - starts.begin());
    return Pos{static_cast<uint32_t>(line), static_cast<uint32_t>(src - starts[line - 1] + 1)};
  };
  // Nodes of our own arena were created mutable: rewriting their spans is well-defined.
  std::vector<const Node*> stack{pr->documents[0]};
  while (!stack.empty()) {
    Node* n = const_cast<Node*>(stack.back());
    stack.pop_back();
    if (!offsets.empty()) {
      n->span = Span{map_pos(n->span.begin, false), map_pos(n->span.end, true)};
    } else if (per_line) {
      n->span.begin = {base_line + n->span.begin.line, indent + n->span.begin.col};
      n->span.end = {base_line + n->span.end.line, indent + n->span.end.col};
    } else {
      n->span = scalar->span;
    }
    uint32_t kids = n->is_map() ? 2 * n->count : (n->is_seq() ? n->count : 0);
    for (uint32_t i = 0; i < kids; ++i) stack.push_back(n->children[i]);
  }
  const Node* root = pr->documents[0];
  m_.owned.push_back(std::move(pr));
  return root;
}

void Builder::add_document(const Node* doc, PolicyKind kind, const Resource* owner, std::string where,
                           Resolver& res, bool single_statement) {
  if (!doc) return;
  std::string_view fn = Resolver::intrinsic_name(doc);
  if (fn == "Fn::If") {
    const Node* a = doc->value(0);
    if (a->is_seq() && a->count == 3) {
      for (uint32_t b = 1; b < 3; ++b)
        if (!is_no_value(a->item(b))) add_document(a->item(b), kind, owner, where, res, single_statement);
    }
    return;
  }
  if (doc->is_scalar() && !doc->text().empty()) {
    // A JSON string holding JSON text is parsed again (a doubly encoded policy), but JSON text that
    // is a number or a word parses to itself: recurse only on a shorter text, so it terminates
    // (`AssumeRolePolicyDocument: 10` overflowed the stack; found by fuzz_resolver).
    if (const Node* parsed = parse_embedded_json(doc, doc->text());
        parsed && (!parsed->is_scalar() || parsed->text().size() < doc->text().size())) {
      size_t before = m_.policies.size();
      add_document(parsed, kind, owner, std::move(where), res, single_statement);
      // The text as written (of a doubly encoded policy: the innermost JSON text).
      if (m_.policies.size() == before + 1 && m_.policies.back().json_text.empty())
        m_.policies.back().json_text = doc->text();
    }
    return;
  }
  if (fn == "Fn::Sub") {
    const Node* a = doc->value(0);
    const Node* text = a->is_scalar() ? a : (a->is_seq() && a->count >= 1 ? a->item(0) : nullptr);
    if (!text || !text->is_scalar()) {
      notice(doc, "policy document built with Fn::Sub could not be analysed");
      return;
    }
    std::map<std::string, const Node*, std::less<>> vars;
    if (a->is_seq() && a->count >= 2 && a->item(1)->is_map())
      for (uint32_t i = 0; i < a->item(1)->count; ++i)
        vars[std::string(a->item(1)->key(i)->text())] = a->item(1)->value(i);
    const Node* parsed = parse_embedded_json(text, text->text());
    if (!parsed) return;
    Resolver sub(res);
    sub.set_sub_context(&vars);
    PolicyDocument d;
    d.kind = kind;
    d.owner = owner;
    d.where = std::move(where);
    d.single_statement = single_statement;
    d.json_text = text->text();
    d.json_text_sub = true;
    if (a->is_seq() && a->count >= 2 && a->item(1)->is_map()) d.sub_vars = a->item(1);
    fill_document(d, parsed, sub);
    m_.policies.push_back(std::move(d));
    return;
  }
  if (!fn.empty()) {
    notice(doc, "policy document built with " + std::string(fn) + " could not be analysed");
    return;
  }
  if (!doc->is_map()) return;
  PolicyDocument d;
  d.kind = kind;
  d.owner = owner;
  d.where = std::move(where);
  d.single_statement = single_statement;
  fill_document(d, doc, res);
  m_.policies.push_back(std::move(d));
}

void Builder::fill_document(PolicyDocument& d, const Node* doc, Resolver& res) {
  d.node = doc;
  if (d.single_statement) {
    add_statement(d, doc, res);
    return;
  }
  if (!doc->is_map()) return;
  d.version = doc->get_ci("Version", &d.version_key);
  const Node* st = doc->get_ci("Statement");
  if (!st) {
    notice(doc, "policy document has no Statement: not checked");
    return;
  }
  if (st->is_map() && Resolver::intrinsic_name(st).empty()) {
    add_statement(d, st, res);
  } else if (st->is_seq()) {
    d.statements.reserve(st->count);
    for (uint32_t i = 0; i < st->count; ++i) {
      const Node* s = st->item(i);
      if (Resolver::intrinsic_name(s) == "Fn::If" && s->value(0)->is_seq() && s->value(0)->count == 3) {
        for (uint32_t b = 1; b < 3; ++b) {
          const Node* br = s->value(0)->item(b);
          if (is_no_value(br)) continue;
          if (br->is_seq()) {
            for (uint32_t j = 0; j < br->count; ++j) add_statement(d, br->item(j), res);
          } else {
            add_statement(d, br, res);
          }
        }
        continue;
      }
      add_statement(d, s, res);
    }
  } else if (Resolver::intrinsic_name(st) == "Fn::If") {
    const Node* a = st->value(0);
    if (a->is_seq() && a->count == 3)
      for (uint32_t b = 1; b < 3; ++b) {
        const Node* br = a->item(b);
        if (br->is_seq())
          for (uint32_t j = 0; j < br->count; ++j) add_statement(d, br->item(j), res);
        else if (br->is_map() && !is_no_value(br))
          add_statement(d, br, res);
      }
  } else {
    notice(st, "Statement could not be analysed");
  }
}

// Statement::star_action / star_resource (see model.h).
void find_star_items(Statement& s) {
  for (size_t i = 0; i < s.actions.size() && s.star_action < 0; ++i)
    for (const auto& alt : s.actions[i].value.alts)
      if (std::string buf; alt.is_literal()) {
        std::string_view t = alt.literal_view(buf);
        if (t == "*" || t == "*:*") {
          s.star_action = static_cast<int32_t>(i);
          break;
        }
      }
  for (size_t i = 0; i < s.resources.size() && s.star_resource < 0; ++i)
    if (s.resources[i].value.any_is("*")) s.star_resource = static_cast<int32_t>(i);
}

void Builder::add_statement(PolicyDocument& d, const Node* st, Resolver& res) {
  if (!st || !st->is_map() || !Resolver::intrinsic_name(st).empty()) {
    if (st && !is_no_value(st)) notice(st, "statement could not be analysed");
    return;
  }
  Statement s;
  s.node = st;
  s.provider = d.origin == PolicyOrigin::SamTemplate;
  for (uint32_t i = 0; i < st->count; ++i) {
    const Node* k = st->key(i);
    const Node* v = st->value(i);
    // Keys are matched case-insensitively (no lower-cased copy: this runs for every key).
    auto key_is = [&](std::string_view want) { return iequals(k->text(), want); };
    if (key_is("sid")) {
      if (v->is_scalar()) s.sid = v->text();
    } else if (key_is("effect")) {
      s.effect_node = v;
      Value e = res.resolve(v);
      if (std::string buf; e.alts.size() == 1 && e.alts[0].is_literal()) {
        std::string_view t = e.alts[0].literal_view(buf);
        if (iequals(t, "Allow")) s.effect = Effect::Allow;
        else if (iequals(t, "Deny")) s.effect = Effect::Deny;
        // Effect is case-sensitive: IAM rejects "allow" (IAM009).
        if (t != "Allow" && t != "Deny") s.inert = true;
      }
    } else if (key_is("action") || key_is("notaction")) {
      if (s.action_key) {  // both Action and NotAction: the first stays, IAM016 checks both
        s.conflict_action_key = k;
        s.conflict_actions = res.resolve_list(v);
        s.inert = true;
        continue;
      }
      s.action_key = k;
      s.not_action = key_is("notaction");
      s.actions = res.resolve_list(v);
    } else if (key_is("resource") || key_is("notresource")) {
      if (s.resource_key) {
        s.conflict_resource_key = k;
        s.inert = true;
        continue;
      }
      s.resource_key = k;
      s.not_resource = key_is("notresource");
      s.resources = res.resolve_list(v);
    } else if (key_is("principal") || key_is("notprincipal")) {
      if (s.principal_key) {
        s.conflict_principal_key = k;
        s.inert = true;
        continue;
      }
      s.principal_key = k;
      s.not_principal = key_is("notprincipal");
      s.principal_node = v;
      if (v->is_scalar()) {
        s.principals.push_back({"*", {v, res.resolve(v)}});
        if (v->text() != "*") s.principals.back().type = "?";
      } else if (v->is_map() && Resolver::intrinsic_name(v).empty()) {
        for (uint32_t j = 0; j < v->count; ++j) {
          std::string type(v->key(j)->text());
          for (auto& item : res.resolve_list(v->value(j))) s.principals.push_back({type, std::move(item)});
        }
      } else {
        s.principals.push_back({"?", {v, res.resolve(v)}});
      }
    } else if (key_is("condition")) {
      s.condition = v;
    }
  }
  // Say what could not be resolved (--verbose): rules stay quiet on unknown values.
  // One notice per item, naming its most telling unknown segment (pseudo parameters such as
  // ${AWS::Partition} are unknown by design and only named when nothing else is).
  auto note_unknown = [&](const char* what, const std::vector<Item>& items) {
    for (const auto& it : items) {
      const Segment* pick = nullptr;
      for (const auto& alt : it.value.alts)
        for (const auto& seg : alt.segs)
          if (seg.kind == Segment::Unknown && (!pick || (pick->text.rfind("AWS::", 0) == 0 && seg.text.rfind("AWS::", 0) != 0)))
            pick = &seg;
      if (pick) notice(it.node, std::string(what) + " not fully resolved: ${" + pick->text + "} is only known at deploy time");
    }
  };
  find_star_items(s);
  // NotAction "*" or NotResource "*" matches nothing: the statement never applies (IAM009), so it
  // grants (or denies) nothing and the granting rules skip it (RULES.md IAM009, Clarification 14).
  if (s.not_action && s.actions.size() == 1 && s.actions[0].value.alts.size() == 1 && s.actions[0].value.is("*"))
    s.inert = true;
  if (s.not_resource && star_not_resource(s)) s.inert = true;
  if (notices_) {
    note_unknown("Action", s.actions);
    note_unknown("Resource", s.resources);
  }
  // A condition key that ends in an Fn::Sub variable (`${ClusterOidc}:sub` is fine, `${ClusterKey}`
  // is not a key any rule can judge): rules that read keys cannot decide it.
  if (notices_ && s.condition && s.condition->is_map())
    for (uint32_t i = 0; i < s.condition->count; ++i)
      if (const Node* body = s.condition->value(i); body->is_map())
        for (uint32_t j = 0; j < body->count; ++j) {
          std::string_view k = body->key(j)->text();
          size_t v = k.rfind("${"), c = k.rfind('}');
          if (v != std::string_view::npos && c != std::string_view::npos && c > v && k.find(':', v) > c &&
              k.find(':', c) == std::string_view::npos)
            notice(body->key(j), "Condition key '" + std::string(k) + "' is only known at deploy time: not judged");
        }
  for (const auto& p : s.principals)
    for (const auto& alt : p.item.value.alts)
      for (const auto& seg : alt.segs)
        if (seg.kind == Segment::Unknown && seg.text != "AWS::AccountId") {
          notice(p.item.node, "Principal not fully resolved: ${" + seg.text + "} is only known at deploy time");
          goto done;
        }
  done:
  d.statements.push_back(std::move(s));
}

bool all_actions_assume(const PolicyDocument& d) {
  bool any = false;
  for (const auto& s : d.statements) {
    for (const auto& a : s.actions) {
      for (const auto& alt : a.value.alts) {
        std::string t = lower(alt.literal());
        if (!alt.is_literal()) return false;
        any = true;
        bool ok = t.rfind("sts:assumerole", 0) == 0 || t == "sts:tagsession" || t == "sts:setsourceidentity";
        if (!ok) return false;
      }
    }
  }
  return any;
}

void Builder::build_raw(const Node* root, std::optional<PolicyKind> raw_kind) {
  const Node* doc = root;
  PolicyKind forced = PolicyKind::Identity;
  bool forced_kind = false;
  std::string where;
  if (!root->get_ci("Statement")) {
    if (const Node* pv = root->get("PolicyVersion"); pv && pv->is_map() && pv->get("Document")) {
      doc = pv->get("Document");
      where = "PolicyVersion.Document";
    } else if (const Node* role = root->get("Role"); role && role->is_map() && role->get("AssumeRolePolicyDocument")) {
      doc = role->get("AssumeRolePolicyDocument");
      where = "Role.AssumeRolePolicyDocument";
      forced = PolicyKind::Trust;
      forced_kind = true;
      if (const Node* arn = role->get("Arn"); arn && arn->is_scalar()) {
        // arn:aws:iam::123456789012:role/name
        std::string_view a = arn->text();
        size_t p = 0;
        for (int i = 0; i < 4 && p != std::string_view::npos; ++i) p = a.find(':', p + 1);
        if (p != std::string_view::npos) {
          size_t e = a.find(':', p + 1);
          if (e != std::string_view::npos) m_.owner_account = std::string(a.substr(p + 1, e - p - 1));
        }
      }
    } else if (const Node* pd = root->get("PolicyDocument")) {
      doc = pd;
      where = "PolicyDocument";
    } else if (const Node* op = root->get("Policy"); op && op->is_map() && op->get("Content")) {
      // `aws organizations describe-policy`: Policy.Content is the document as a JSON string, and
      // Policy.PolicySummary.Type says SCP or RCP (is_raw_policy admitted only those).
      doc = op->get("Content");
      where = "Policy.Content";
      forced = organizations_wrapper_kind(root).value_or(PolicyKind::Scp);
      forced_kind = true;
    }
  }
  std::string_view json_text;
  if (doc->is_scalar()) {
    json_text = doc->text();
    doc = parse_embedded_json(doc, doc->text());
  } else if (doc == root) {
    // A raw JSON file: the text as written (white space counts toward an SCP's size).
    size_t b = text_.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    if (b != std::string_view::npos && text_[b] == '{')
      json_text = text_.substr(b, text_.find_last_not_of(" \t\r\n") + 1 - b);
  }
  if (!doc || !doc->is_map()) return;
  Resolver res(nullptr);
  PolicyDocument d;
  d.where = std::move(where);
  d.json_text = json_text;
  fill_document(d, doc, res);
  if (raw_kind) {
    d.kind = *raw_kind;  // .iamlint.yaml policy-kinds or --policy-kind
  } else if (forced_kind) {
    d.kind = forced;
  } else {
    bool principals = false;
    for (const auto& s : d.statements)
      if (s.principal_key) principals = true;
    d.kind = principals ? (all_actions_assume(d) ? PolicyKind::Trust : PolicyKind::Resource) : PolicyKind::Identity;
  }
  m_.policies.push_back(std::move(d));
}

bool is_template(const Node* root) {
  if (!root || !root->is_map()) return false;
  if (root->get("AWSTemplateFormatVersion")) return true;
  const Node* res = root->get("Resources");
  if (!res || !res->is_map()) return false;
  for (uint32_t i = 0; i < res->count; ++i) {
    const Node* v = res->value(i);
    if (v->is_map() && v->get("Type")) return true;
  }
  return false;
}

// A describe-policy output whose Type is another policy type is not an IAM policy.
bool is_organizations_wrapper(const Node* root) {
  const Node* p = root->get("Policy");
  if (!p || !p->is_map()) return false;
  const Node* c = p->get("Content");
  if (!c || !(c->is_scalar() || c->is_map())) return false;
  const Node* sum = p->get("PolicySummary");
  const Node* type = sum && sum->is_map() ? sum->get("Type") : nullptr;
  return !type || organizations_wrapper_kind(root).has_value();
}

bool is_raw_policy(const Node* root) {
  if (root->get_ci("Statement")) return true;
  if (is_organizations_wrapper(root)) return true;
  if (const Node* pv = root->get("PolicyVersion"); pv && pv->is_map() && pv->get("Document")) return true;
  if (const Node* r = root->get("Role"); r && r->is_map() && r->get("AssumeRolePolicyDocument")) return true;
  if (const Node* pd = root->get("PolicyDocument"); pd && (pd->is_map() || pd->is_scalar()) &&
                                                   (root->get("PolicyName") || root->get("RoleName") ||
                                                    root->get("UserName") || root->get("GroupName")))
    return true;
  return false;
}

}  // namespace

namespace {
struct KindName {
  PolicyKind kind;
  std::string_view name;
  std::string_view description;
};
constexpr KindName kKindNames[] = {
    {PolicyKind::Identity, "identity", "identity policy"},
    {PolicyKind::Trust, "trust", "trust policy"},
    {PolicyKind::Resource, "resource", "resource policy"},
    {PolicyKind::Scp, "scp", "service control policy"},
    {PolicyKind::Rcp, "rcp", "resource control policy"},
    {PolicyKind::Boundary, "boundary", "permissions boundary"},
    {PolicyKind::VpcEndpoint, "vpc-endpoint", "VPC endpoint policy"},
    {PolicyKind::Session, "session", "session policy"},
};
}  // namespace

std::string_view policy_kind_name(PolicyKind k) {
  for (const auto& kn : kKindNames)
    if (kn.kind == k) return kn.name;
  return "?";
}

std::string_view policy_kind_description(PolicyKind k) {
  for (const auto& kn : kKindNames)
    if (kn.kind == k) return kn.description;
  return "policy";
}

std::optional<PolicyKind> policy_kind_from_name(std::string_view name) {
  std::string n = lower(name);
  for (auto& c : n)
    if (c == '_') c = '-';
  for (const auto& kn : kKindNames)
    if (kn.name == n) return kn.kind;
  return std::nullopt;
}

const cfn::TypeInfo* Resource::type_info() const {
  if (!type_info_known_) {
    // A template has few distinct types, and the lookup is a binary search by string over ~1,500:
    // remember the last few types looked up (per thread, so --jobs needs no lock; keyed by the
    // type's text, which outlives no file, so the key is a copy).
    struct Recent {
      std::string type;
      const cfn::TypeInfo* info = nullptr;
    };
    thread_local Recent recent[8];
    thread_local size_t next = 0;
    const Recent* hit = nullptr;
    for (const Recent& r : recent)
      if (r.info && r.type == type) hit = &r;
    if (hit) {
      type_info_ = hit->info;
    } else {
      type_info_ = cfn::find_type(type);
      if (type_info_) {
        recent[next] = {std::string(type), type_info_};
        next = (next + 1) % std::size(recent);
      }
    }
    type_info_known_ = true;
  }
  return type_info_;
}

std::string Resource::describe() const {
  std::string t(type);
  auto p = t.rfind("::");
  std::string shortType = p == std::string::npos ? t : t.substr(p + 2);
  std::string out = shortType + " '" + std::string(id) + "'";
  if (!cdk_path.empty()) {
    out += " (CDK path ";
    out += cdk_path;
    out += ")";
  }
  return out;
}

std::unique_ptr<Model> build_model(const BuildInput& in) {
  auto m = std::make_unique<Model>();
  m->path = std::string(in.path);
  m->text = in.text;
  m->root = in.root;
  if (!in.root || !in.root->is_map()) {
    m->graph = std::make_shared<Graph>();
    return m;
  }
  auto g = std::make_shared<Graph>();
  {
    Builder b(*m, in.text, in.notices, *g);
    if (is_template(in.root)) {
      m->kind = DocKind::Template;
      b.build_template(in.root);
    } else if (is_raw_policy(in.root)) {
      m->kind = DocKind::Policy;
      b.build_raw(in.root, in.raw_kind);
    }
  }
  // policies_of()'s index (a counting sort by owner; documents keep their order). Every owner is
  // an element of tmpl.resources: the builder only ever takes owners from there.
  {
    const auto& res = m->tmpl.resources;
    std::vector<uint32_t> count(res.size() + 1, 0);
    auto index_of = [&](const Resource* r) { return static_cast<size_t>(r - res.data()); };
    for (const auto& d : m->policies)
      if (d.owner) ++count[index_of(d.owner) + 1];
    m->docs_range.resize(res.size());
    for (size_t i = 0; i < res.size(); ++i) {
      count[i + 1] += count[i];
      m->docs_range[i] = {count[i], count[i]};
    }
    m->docs_by_owner.resize(res.empty() ? 0 : count[res.size()]);
    for (const auto& d : m->policies)
      if (d.owner) m->docs_by_owner[m->docs_range[index_of(d.owner)].second++] = &d;
  }
  g->finish(*m);  // Graph::build, finished (Builder::build_template did the resources)
  // NotPrincipal in a trust policy: IAM rejects it (IAM009 only; RULES.md Clarification 14). Raw
  // files learn their kind after their statements, so this is decided here for every document.
  for (auto& d : m->policies)
    if (d.kind == PolicyKind::Trust)
      for (auto& s : d.statements)
        if (s.not_principal) s.inert = true;
  // A ManagedPolicy attached to nothing and referenced only as a PermissionsBoundary.
  for (auto& d : m->policies) {
    if (!d.owner || d.owner->type != "AWS::IAM::ManagedPolicy") continue;
    const Resource& r = *d.owner;
    if (r.prop("Roles") || r.prop("Users") || r.prop("Groups")) continue;
    const auto& refs = g->references_to(r);
    if (refs.empty()) continue;
    bool only_boundary = std::all_of(refs.begin(), refs.end(),
                                     [](const Reference& x) { return x.top_property == "PermissionsBoundary"; });
    if (only_boundary && d.kind == PolicyKind::Identity) d.kind = PolicyKind::Boundary;
  }
  m->graph = std::move(g);
  return m;
}

std::span<const PolicyDocument* const> Model::policies_of(const Resource* owner) const {
  const auto& res = tmpl.resources;
  std::less<const Resource*> before;  // a total order, also for pointers outside `res`
  if (!owner || before(owner, res.data()) || !before(owner, res.data() + res.size())) return {};
  auto [b, e] = docs_range[static_cast<size_t>(owner - res.data())];
  return {docs_by_owner.data() + b, e - b};
}

Value Model::resolve(const Node* n) const {
  Resolver r(kind == DocKind::Template ? &tmpl : nullptr);
  return r.resolve(n);
}

std::vector<Item> Model::resolve_list(const Node* n) const {
  Resolver r(kind == DocKind::Template ? &tmpl : nullptr);
  return r.resolve_list(n);
}

std::vector<Item> Model::resolve_list_in(const PolicyDocument& d, const Node* n) const {
  Resolver r(kind == DocKind::Template ? &tmpl : nullptr);
  std::map<std::string, const Node*, std::less<>> vars;
  if (d.json_text_sub) {
    if (d.sub_vars)
      for (uint32_t i = 0; i < d.sub_vars->count; ++i) vars[std::string(d.sub_vars->key(i)->text())] = d.sub_vars->value(i);
    r.set_sub_context(&vars);
  }
  return r.resolve_list(n);
}

bool is_template_root(const Node* root) { return is_template(root); }

// RULES.md Clarification 9: `AWSTemplateFormatVersion`, a `Resources` key, `Type: AWS::...`, or a
// `Statement` key.
bool text_looks_ours(std::string_view text) {
  auto has_key = [&](std::string_view k) {
    size_t p = 0;
    while ((p = text.find(k, p)) != std::string_view::npos) {
      size_t e = p + k.size();
      if (e < text.size() && text[e] == '"') ++e;
      while (e < text.size() && (text[e] == ' ' || text[e] == '\t')) ++e;
      if (e < text.size() && text[e] == ':') return true;
      p += k.size();
    }
    return false;
  };
  if (text.find("AWSTemplateFormatVersion") != std::string_view::npos) return true;
  if (has_key("Resources") || has_key("Statement")) return true;
  size_t p = 0;
  while ((p = text.find("AWS::", p)) != std::string_view::npos) {
    size_t b = p;
    while (b > 0 && (text[b - 1] == ' ' || text[b - 1] == '"' || text[b - 1] == '\'')) --b;
    if (b > 0 && text[b - 1] == ':' && b >= 5 && text.substr(b - 5, 4) == "Type") return true;
    if (b > 1 && text[b - 1] == ':' && text[b - 2] == '"' && b >= 6 && text.substr(b - 6, 4) == "Type") return true;
    p += 5;
  }
  return false;
}

}  // namespace iamlint
