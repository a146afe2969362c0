#include "lint/access/world.h"

#include <algorithm>
#include <map>

#include "lint/access/managed_docs.h"
#include "lint/ascii.h"
#include "lint/cfn/cfn_data.h"
#include "lint/cfn_values.h"
#include "lint/graph.h"
#include "lint/iam/catalog.h"
#include "lint/resolve.h"
#include "parsers/parse.h"

namespace iamlint::access {
namespace {

char lc(char c) { return ascii_lower(c); }
std::string lower(std::string_view s) { return ascii_lower(s); }

SourceLoc loc_of(const Model& m, const Node* n) {
  SourceLoc l;
  l.path = m.path;
  if (n) {
    l.line = n->span.begin.line;
    l.column = n->span.begin.col;
  }
  return l;
}

bool is_identity_holder(std::string_view type) {
  return type == "AWS::IAM::Role" || type == "AWS::IAM::User" || type == "AWS::IAM::Group";
}
bool stands_for_role(std::string_view type) {
  return type == "AWS::Serverless::Function" || type == "AWS::Serverless::StateMachine";
}

// Resource policies that live on the resource they govern.
bool self_governing(std::string_view type) {
  static constexpr std::string_view kTypes[] = {
      "AWS::KMS::Key", "AWS::KMS::ReplicaKey", "AWS::ECR::Repository", "AWS::OpenSearchService::Domain",
      "AWS::Elasticsearch::Domain", "AWS::Glacier::Vault", "AWS::Events::EventBus", "AWS::ApiGateway::RestApi",
      "AWS::Backup::BackupVault", "AWS::EFS::FileSystem", "AWS::CodeArtifact::Repository",
      "AWS::CodeArtifact::Domain", "AWS::MediaStore::Container", "AWS::S3::AccessPoint"};
  return std::find(std::begin(kTypes), std::end(kTypes), type) != std::end(kTypes);
}
// Policy resources and the property naming what they govern.
std::string_view governed_property(std::string_view type) {
  if (type == "AWS::S3::BucketPolicy") return "Bucket";
  if (type == "AWS::SQS::QueuePolicy") return "Queues";
  if (type == "AWS::SNS::TopicPolicy") return "Topics";
  if (type == "AWS::SecretsManager::ResourcePolicy") return "SecretId";
  if (type == "AWS::Events::EventBusPolicy") return "EventBusName";
  return {};
}

// THE place where a model document becomes a policy class for evaluation (RULES.md
// Clarification 17: guardrail kinds map to Boundary / Scp / Rcp / Session here once the model
// carries them).
std::optional<PolicyClass> classify(const PolicyDocument& d) {
  switch (d.kind) {
    case PolicyKind::Identity: return PolicyClass::Identity;
    case PolicyKind::Trust: return PolicyClass::Trust;
    case PolicyKind::Resource: return PolicyClass::Resource;
    case PolicyKind::Boundary: return PolicyClass::Boundary;
    case PolicyKind::Scp: return PolicyClass::Scp;
    case PolicyKind::Rcp: return PolicyClass::Rcp;
    case PolicyKind::Session: return PolicyClass::Session;
    case PolicyKind::VpcEndpoint: return std::nullopt;  // requests through an endpoint: not modelled
  }
  return std::nullopt;
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> d(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) d[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t prev = d[0];
    d[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cur = d[j];
      d[j] = std::min({d[j] + 1, d[j - 1] + 1, prev + (lc(a[i - 1]) == lc(b[j - 1]) ? 0 : 1)});
      prev = cur;
    }
  }
  return d[b.size()];
}

}  // namespace

std::string World::encode(const Alternative& a, bool pattern) {
  std::string out;
  for (const auto& s : a.segs) {
    if (s.kind == Segment::Text) {
      out += literal_text(s.text);
      continue;
    }
    const std::string& w = s.text;
    if (w == "AWS::Partition") {
      out += pattern ? std::string(1, kFieldAny) : std::string("aws");
    } else if (w == "AWS::Region" || w == "AWS::URLSuffix") {
      out += pattern ? std::string(1, w == "AWS::Region" ? kFieldAnyRegion : kFieldAnySuffix) : syms_.symbol(w, false);
    } else if (w == "AWS::AccountId") {
      out += own_account_;
    } else if (w.find("(generated") != std::string::npos) {
      out += syms_.symbol(w, true);
    } else {
      out += syms_.symbol(w, opt_.deploy_values_distinct);
    }
  }
  return out;
}

void World::build(const std::vector<const Model*>& models, const WorldOptions& opt) {
  opt_ = opt;
  own_account_ = opt.account.empty() ? syms_.symbol("this account", true) : opt.account;
  models_ = models;
  for (const Model* m : models) build_model(*m);
}

void World::add_scp_level(const Model& m) {
  std::vector<const CPolicy*> level;
  for (const auto& d : m.policies) {
    CPolicy* p = compile(m, d, PolicyClass::Scp, m.path);
    p->loc = loc_of(m, d.node);
    level.push_back(p);
  }
  scp_levels_.push_back(std::move(level));
}

std::string World::value_text(const Model& m, const Node* n) {
  Value v = m.resolve(n);
  if (v.alts.empty()) return {};
  return encode(v.alts[0], false);
}

void World::compile_statement(const Model& m, const PolicyDocument& d, const Statement& s, CStatement& out,
                              uint32_t index) {
  out.deny = s.deny();
  out.index = index;
  out.sid = s.sid;
  out.loc = loc_of(m, s.node);
  out.not_action = s.not_action;
  for (const auto& it : s.actions)
    for (const auto& alt : it.value.alts) {
      Alternative low;
      for (const auto& seg : alt.segs)
        if (seg.kind == Segment::Text) low.append_text(lower(seg.text));
        else low.append_unknown(seg.text);
      out.actions.push_back(encode(low, true));
    }
  out.has_resource = s.resource_key != nullptr;
  out.not_resource = s.not_resource;
  for (const auto& it : s.resources)
    for (const auto& alt : it.value.alts) {
      std::string r = encode(alt, true);
      // API Gateway's shorthand for the API's own ARN in its resource policy: "execute-api:/stage/GET/x"
      // stands for arn:${Partition}:execute-api:${Region}:${AWS::AccountId}:${ApiId}/stage/GET/x (the
      // policy governs one API of the account, so any API ID within it is that API).
      static constexpr std::string_view kApiShorthand = "execute-api:/";
      if (r.compare(0, kApiShorthand.size(), kApiShorthand) == 0)
        r = std::string("arn:") + kFieldAny + ":execute-api:" + kFieldAnyRegion + ":" + own_account_ + ":*" +
            r.substr(kApiShorthand.size() - 1);
      out.resources.push_back(std::move(r));
    }
  out.has_principal = s.principal_key != nullptr;
  out.not_principal = s.not_principal;
  for (const auto& p : s.principals)
    for (const auto& alt : p.item.value.alts) {
      CPrincipal cp;
      std::string v = encode(alt, true);
      if (p.type == "*" || (v == "*" && p.type == "AWS")) {
        cp.type = CPrincipal::Any;
        cp.value = "*";
      } else if (p.type == "AWS") {
        cp.type = CPrincipal::AWS;
        cp.value = v;
      } else if (p.type == "Service") {
        cp.type = CPrincipal::Service;
        cp.value = lower(v);
      } else if (p.type == "Federated") {
        cp.type = CPrincipal::Federated;
        cp.value = v;
      } else if (p.type == "CanonicalUser") {
        cp.type = CPrincipal::CanonicalUser;
        cp.value = v;
      } else {
        cp.type = CPrincipal::Other;
        cp.value = v;
      }
      out.principals.push_back(std::move(cp));
    }
  if (const Node* c = s.condition; c && c->is_map()) {
    for (uint32_t i = 0; i < c->count; ++i) {
      const Node* opk = c->key(i);
      const Node* block = c->value(i);
      if (!opk->is_scalar() || !block || !block->is_map()) continue;
      for (uint32_t j = 0; j < block->count; ++j) {
        CCondition cc;
        cc.operator_text = std::string(opk->text());
        cc.op = parse_operator(cc.operator_text);
        cc.key_text = std::string(block->key(j)->text());
        cc.key = lower(cc.key_text);
        cc.loc = loc_of(m, block->key(j));
        for (const auto& item : m.resolve_list_in(d, block->value(j)))
          for (const auto& alt : item.value.alts) cc.values.push_back(encode(alt, true));
        out.conditions.push_back(std::move(cc));
      }
    }
  }
  out.index_actions();
}

CPolicy* World::compile(const Model& m, const PolicyDocument& d, PolicyClass cls, std::string name) {
  policies_.emplace_back();
  CPolicy& p = policies_.back();
  p.cls = cls;
  p.name = std::move(name);
  p.loc = loc_of(m, d.node);
  uint32_t i = 0;
  for (const auto& s : d.statements) {
    CStatement cs;
    compile_statement(m, d, s, cs, ++i);
    p.statements.push_back(std::move(cs));
  }
  return &p;
}

// An AWS managed policy attached by ARN or name: its embedded document, or (when the data has
// none) a stand-in whose grants depend on the unknown document.
const CPolicy* World::managed_policy(const Model& m, const ManagedPolicyRef& ref) {
  if (ref.value.alts.empty()) return nullptr;
  const Alternative& alt = ref.value.alts[0];
  std::string display = alt.display();
  std::string text = alt.literal();
  // ${AWS::Partition} in an ARN: the policy name decides.
  std::string name = text;
  if (auto slash = name.rfind('/'); slash != std::string::npos) name = name.substr(slash + 1);
  const ManagedPolicy* mp = IamCatalog::instance().find_managed_policy(ref.sam_name && text.find(':') == std::string::npos
                                                                           ? text : "arn:aws:iam::aws:policy/" + name);
  if (!mp) mp = IamCatalog::instance().find_managed_policy(name);
  policies_.emplace_back();
  CPolicy& p = policies_.back();
  p.cls = ref.boundary ? PolicyClass::Boundary : PolicyClass::Identity;
  p.loc = loc_of(m, ref.node);
  p.attached_by_reference = true;
  std::string_view json = mp ? managed_policy_document(mp->name) : std::string_view();
  if (mp && !json.empty()) {
    p.name = std::string(mp->arn);
    ParseResult pr = parse_json(json);
    if (!pr.error && pr.documents.size() == 1) {
      auto dm = iamlint::build_model({mp->name, json, pr.documents[0], false, std::nullopt});
      uint32_t i = 0;
      for (const auto& d : dm->policies)
        for (const auto& s : d.statements) {
          CStatement cs;
          compile_statement(*dm, d, s, cs, ++i);
          cs.loc = p.loc;
          p.statements.push_back(std::move(cs));
        }
      return &p;
    }
  }
  // Unknown document: everything it might grant depends on it.
  p.name = mp ? std::string(mp->arn) : display;
  CStatement st;
  st.actions.push_back("*");
  st.has_resource = true;
  st.resources.push_back("*");
  CCondition cc;
  cc.operator_text = "document";
  cc.op.op = CondOp::StringEquals;
  cc.key_text = "managed policy " + p.name + " (document not known)";
  cc.key = "iamlint:unknown-managed-policy";
  cc.values.push_back("known");
  cc.loc = p.loc;
  st.conditions.push_back(std::move(cc));
  st.loc = p.loc;
  st.index = 1;
  p.statements.push_back(std::move(st));
  return &p;
}

void World::build_model(const Model& m) {
  if (m.kind == DocKind::Policy) {
    // A raw policy file: its identity policies have no principal; resource policies name their
    // resources in their statements. Each becomes a target-less policy kept for --who-can.
    for (const auto& d : m.policies) {
      auto cls = classify(d);
      if (!cls) continue;
      CPolicy* p = compile(m, d, *cls, m.path);
      // Guardrail files (policy-kinds): an SCP or RCP file is one organisation level; a boundary
      // or session policy file applies to no principal of the files.
      if (*cls == PolicyClass::Scp) {
        scp_levels_.push_back({p});
        continue;
      }
      if (*cls == PolicyClass::Rcp) {
        rcp_levels_.push_back({p});
        continue;
      }
      if (*cls == PolicyClass::Boundary || *cls == PolicyClass::Session) continue;
      if (*cls == PolicyClass::Identity) {
        Entity e;
        e.kind = Entity::Role;
        e.id = m.path;
        e.file = m.path;
        e.type = "policy file";
        e.arn = syms_.symbol("principal of " + m.path, true);
        e.identity.push_back(p);
        e.model = &m;
        entities_.push_back(std::move(e));
      } else {
        Target t;
        t.id = m.path;
        t.file = m.path;
        t.type = "policy file";
        t.policies.push_back(p);
        t.model = &m;
        targets_.push_back(std::move(t));
      }
    }
    return;
  }
  if (m.kind != DocKind::Template) return;
  const Template& tm = m.tmpl;
  Resolver res(&tm);
  size_t first_entity = entities_.size(), first_target = targets_.size();
  std::map<const Resource*, size_t> entity_of, target_of;

  // Principals and targets.
  for (const auto& r : tm.resources) {
    std::optional<Value> arnv = resource_value(tm, r, "Arn", res);
    if (!arnv) {
      const cfn::TypeInfo* ti = r.type_info();
      if (ti && ti->ref_kind == cfn::RefKind::Arn) arnv = resource_value(tm, r, "", res);
    }
    std::string api_arn;
    if (!arnv && r.type == "AWS::ApiGateway::RestApi") {
      // A REST API has no Arn attribute; its resource policy governs the execute-api ARN
      // arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}, and what lies
      // below it (stage/METHOD/path).
      api_arn = "arn:aws:execute-api:" + syms_.symbol("AWS::Region", false) + ":" + own_account_ + ":" +
                syms_.symbol(std::string(r.id) + " (generated ID)", true);
    }
    if (is_identity_holder(r.type) || stands_for_role(r.type)) {
      Entity e;
      e.kind = r.type == "AWS::IAM::User" ? Entity::User : r.type == "AWS::IAM::Group" ? Entity::Group : Entity::Role;
      e.id = std::string(r.id);
      e.file = m.path;
      e.type = std::string(r.type);
      e.model = &m;
      e.resource = &r;
      e.role_resource = &r;
      if (stands_for_role(r.type)) {
        // SAM's generated execution role.
        e.arn = "arn:aws:iam::" + own_account_ + ":role/" + syms_.symbol(std::string(r.id) + "Role (generated name)", true);
      } else if (arnv && !arnv->alts.empty()) {
        e.arn = encode(arnv->alts[0], false);
      }
      entity_of[&r] = entities_.size();
      entities_.push_back(std::move(e));
    }
    if ((arnv && !arnv->alts.empty() && r.type != "AWS::IAM::ManagedPolicy" && r.type != "AWS::IAM::Policy") ||
        !api_arn.empty()) {
      Target t;
      t.id = std::string(r.id);
      t.file = m.path;
      t.type = std::string(r.type);
      t.arn = api_arn.empty() ? encode(arnv->alts[0], false) : api_arn;
      t.kms = r.type == "AWS::KMS::Key" || r.type == "AWS::KMS::ReplicaKey";
      t.role = r.type == "AWS::IAM::Role";
      t.model = &m;
      t.resource = &r;
      target_of[&r] = targets_.size();
      targets_.push_back(std::move(t));
    }
  }
  // A SAM function with `Role:` stands for that role.
  std::vector<std::pair<const Resource*, std::string_view>> refs;
  for (auto& [r, idx] : entity_of) {
    if (!stands_for_role(r->type)) continue;
    if (const Node* role = r->prop("Role")) {
      refs.clear();
      referenced_resources(tm, role, refs);
      for (const auto& [rr, attr] : refs)
        if (auto it = entity_of.find(rr); it != entity_of.end() && rr->type == "AWS::IAM::Role") {
          entities_[idx].arn = entities_[it->second].arn;
          entities_[idx].role_resource = rr;
        }
      if (refs.empty()) {  // a literal or parameter role ARN
        entities_[idx].arn = value_text(m, role);
      }
    }
  }
  auto entities_named = [&](const Node* n) {
    std::vector<size_t> out;
    if (!n) return out;
    refs.clear();
    referenced_resources(tm, n, refs);
    for (const auto& [rr, attr] : refs)
      if (auto it = entity_of.find(rr); it != entity_of.end()) out.push_back(it->second);
    return out;
  };
  auto policy_name = [&](const PolicyDocument& d) -> std::string {
    const Resource* o = d.owner;
    std::string name(o->id);
    if (const Node* pn = o->prop("PolicyName"); pn && pn->is_scalar()) return name + " " + std::string(pn->text());
    if (const Node* pn = o->prop("ManagedPolicyName"); pn && pn->is_scalar()) return name + " " + std::string(pn->text());
    // Policies[i].PolicyName of a role / user / group.
    if (d.where.rfind("Policies[", 0) == 0) {
      size_t close = d.where.find(']');
      uint32_t idx = static_cast<uint32_t>(std::atoi(d.where.c_str() + 9));
      const Node* pols = o->prop("Policies");
      if (close != std::string::npos && pols && pols->is_seq() && idx < pols->count && pols->item(idx)->is_map())
        if (const Node* pn = pols->item(idx)->get("PolicyName"); pn && pn->is_scalar())
          return name + " " + std::string(pn->text());
      if (!d.sam_template.empty()) return name + " " + d.sam_template;
      return name + " " + d.where;
    }
    return name;
  };
  // Documents.
  std::map<const Resource*, std::vector<CPolicy*>> boundary_docs;  // ManagedPolicy resource -> compiled
  std::map<const Resource*, std::vector<CPolicy*>> managed_docs;
  for (const auto& d : m.policies) {
    auto cls = classify(d);
    if (!cls || !d.owner) continue;
    const Resource* o = d.owner;
    CPolicy* p = compile(m, d, *cls, policy_name(d));
    if (*cls == PolicyClass::Trust) {
      if (auto it = target_of.find(o); it != target_of.end()) targets_[it->second].policies.push_back(p);
      continue;
    }
    if (*cls == PolicyClass::Resource) {
      std::vector<size_t> governed;
      if (self_governing(o->type)) {
        if (auto it = target_of.find(o); it != target_of.end()) governed.push_back(it->second);
      } else if (auto prop = governed_property(o->type); !prop.empty()) {
        const Node* n = o->prop(prop);
        refs.clear();
        if (n) referenced_resources(tm, n, refs);
        for (const auto& [rr, attr] : refs)
          if (auto it = target_of.find(rr); it != target_of.end()) governed.push_back(it->second);
        if (refs.empty() && n && o->type == "AWS::S3::BucketPolicy") {
          // A bucket by literal name (or parameter): a target of its own.
          Target t;
          t.id = std::string(o->id);
          t.file = m.path;
          t.type = "AWS::S3::Bucket";
          t.arn = "arn:aws:s3:::" + value_text(m, n);
          t.model = &m;
          t.resource = o;
          governed.push_back(targets_.size());
          targets_.push_back(std::move(t));
        }
      }
      for (size_t g : governed) targets_[g].policies.push_back(p);
      continue;
    }
    if (*cls == PolicyClass::Boundary) {
      boundary_docs[o].push_back(p);
      continue;
    }
    // Identity: inline on the holder, or attached by a policy resource.
    if (auto it = entity_of.find(o); it != entity_of.end()) {
      entities_[it->second].identity.push_back(p);
      continue;
    }
    if (o->type == "AWS::IAM::ManagedPolicy") managed_docs[o].push_back(p);
    for (std::string_view prop : {"Roles", "Users", "Groups", "RoleName", "UserName", "GroupName"})
      for (size_t e : entities_named(o->prop(prop))) entities_[e].identity.push_back(p);
  }
  // Managed policy references (ManagedPolicyArns, SAM Policies names, PermissionsBoundary).
  for (const auto& ref : m.managed_policies) {
    auto it = entity_of.find(ref.owner);
    if (it == entity_of.end()) continue;
    Entity& e = entities_[it->second];
    refs.clear();
    referenced_resources(tm, ref.node, refs);
    bool templ = false;
    for (const auto& [rr, attr] : refs) {
      if (rr->type != "AWS::IAM::ManagedPolicy") continue;
      templ = true;
      if (ref.boundary) {
        for (CPolicy* p : boundary_docs[rr]) e.boundaries.push_back(p);
        for (CPolicy* p : managed_docs[rr]) {  // attached elsewhere too: it limits here as well
          policies_.push_back(*p);
          policies_.back().cls = PolicyClass::Boundary;
          e.boundaries.push_back(&policies_.back());
        }
      } else {
        for (CPolicy* p : managed_docs[rr]) e.identity.push_back(p);
      }
    }
    if (templ) continue;
    const CPolicy* p = managed_policy(m, ref);
    if (!p) continue;
    (ref.boundary ? e.boundaries : e.identity).push_back(p);
  }
  // SAM adds AWSLambdaBasicExecutionRole to a function's generated role.
  for (auto& [r, idx] : entity_of) {
    if (r->type != "AWS::Serverless::Function" || r->prop("Role")) continue;
    ManagedPolicyRef ref;
    ref.owner = r;
    ref.node = r->key;
    ref.value = Value::literal("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");
    if (const CPolicy* p = managed_policy(m, ref)) entities_[idx].identity.push_back(p);
  }
  // AWS::Lambda::Permission: a one-statement resource policy of the function it names (RULES.md
  // "Documents and where rules look"): Principal, Action, and SourceArn / SourceAccount /
  // PrincipalOrgID as the conditions Lambda writes for them.
  for (const auto& r : tm.resources) {
    if (r.type != "AWS::Lambda::Permission" || !r.properties) continue;
    const Node* fn = r.prop("FunctionName");
    const Node* principal = r.prop("Principal");
    const Node* action = r.prop("Action");
    if (!fn || !principal || !action) continue;
    refs.clear();
    referenced_resources(tm, fn, refs);
    std::vector<size_t> governed;
    for (const auto& [rr, attr] : refs)
      if (auto it = target_of.find(rr); it != target_of.end()) governed.push_back(it->second);
    if (governed.empty()) continue;
    policies_.emplace_back();
    CPolicy& p = policies_.back();
    p.cls = PolicyClass::Resource;
    p.name = std::string(r.id);
    p.loc = loc_of(m, r.key);
    CStatement st;
    st.index = 1;
    st.loc = loc_of(m, r.key);
    Value av = m.resolve(action);
    for (const auto& alt : av.alts) {
      Alternative low;
      for (const auto& seg : alt.segs)
        if (seg.kind == Segment::Text) low.append_text(lower(seg.text));
        else low.append_unknown(seg.text);
      st.actions.push_back(encode(low, true));
    }
    st.has_principal = true;
    Value pv = m.resolve(principal);
    for (const auto& alt : pv.alts) {
      CPrincipal cp;
      std::string v = encode(alt, true);
      if (v == "*") {
        cp.type = CPrincipal::Any;
      } else if (alt.is_literal() && v.find('.') != std::string::npos && v.rfind("arn:", 0) != 0) {
        cp.type = CPrincipal::Service;
        v = lower(v);
      } else {
        cp.type = CPrincipal::AWS;
      }
      cp.value = v;
      st.principals.push_back(std::move(cp));
    }
    auto cond = [&](const char* prop, const char* op, const char* key) {
      const Node* n = r.prop(prop);
      if (!n) return;
      CCondition cc;
      cc.operator_text = op;
      cc.op = parse_operator(op);
      cc.key_text = key;
      cc.key = lower(key);
      cc.loc = loc_of(m, n);
      for (const auto& alt : m.resolve(n).alts) cc.values.push_back(encode(alt, true));
      st.conditions.push_back(std::move(cc));
    };
    cond("SourceArn", "ArnLike", "aws:SourceArn");
    cond("SourceAccount", "StringEquals", "aws:SourceAccount");
    cond("PrincipalOrgID", "StringEquals", "aws:PrincipalOrgID");
    st.index_actions();
    p.statements.push_back(std::move(st));
    for (size_t g : governed) targets_[g].policies.push_back(&p);
  }
  // Group membership: a user gets its groups' policies.
  for (auto& [r, idx] : entity_of) {
    if (r->type != "AWS::IAM::User") continue;
    for (size_t g : entities_named(r->prop("Groups")))
      for (const CPolicy* p : entities_[g].identity) entities_[idx].identity.push_back(p);
  }
  for (const auto& r : tm.resources) {
    if (r.type != "AWS::IAM::UserToGroupAddition") continue;
    for (size_t g : entities_named(r.prop("GroupName")))
      for (size_t u : entities_named(r.prop("Users")))
        for (const CPolicy* p : entities_[g].identity) entities_[u].identity.push_back(p);
  }
  // A function that uses a template role shares that role's policies.
  for (size_t i = first_entity; i < entities_.size(); ++i) {
    Entity& e = entities_[i];
    if (e.role_resource && e.role_resource != e.resource)
      if (auto it = entity_of.find(e.role_resource); it != entity_of.end()) {
        const Entity& role = entities_[it->second];
        e.identity.insert(e.identity.end(), role.identity.begin(), role.identity.end());
        e.boundaries.insert(e.boundaries.end(), role.boundaries.begin(), role.boundaries.end());
      }
  }
  (void)first_target;
}

void mark_inapplicable_keys(Context& ctx, std::string_view action) {
  const IamCatalog& cat = IamCatalog::instance();
  auto id = cat.find_action(action);
  if (!id) return;
  bool tag_keys = false, request_tag = false;
  for (std::string_view k : cat.action_condition_keys(*id)) {
    std::string l = lower(k);
    if (l == "aws:tagkeys") tag_keys = true;
    if (l.rfind("aws:requesttag/", 0) == 0) request_tag = true;
  }
  if (!tag_keys) ctx.absent.push_back("aws:tagkeys");
  if (!request_tag) ctx.absent.push_back("aws:requesttag/");
}

const Target* World::find_target(std::string_view name) const {
  std::string_view file, id = name;
  if (auto h = name.rfind('#'); h != std::string_view::npos) {
    file = name.substr(0, h);
    id = name.substr(h + 1);
  }
  const Target* found = nullptr;
  for (const auto& t : targets_)
    if (t.id == id && (file.empty() || t.file == file)) {
      if (!found || found->file != t.file) found = found ? found : &t;
      if (found != &t && found->file != t.file && file.empty()) return nullptr;  // ambiguous
    }
  return found;
}

std::optional<QueryPrincipal> World::find_principal(std::string_view raw, std::string* error) const {
  QueryPrincipal q;
  q.display = std::string(raw);
  std::string safe = literal_text(raw);
  std::string_view name = safe;
  if (name == "*") {
    q.external.kind = RequestPrincipal::Other;
    q.external.arn = const_cast<SymbolTable&>(syms_).symbol("anyone", true);
    q.external.account = const_cast<SymbolTable&>(syms_).symbol("another account", true);
    return q;
  }
  if (name.rfind("service:", 0) == 0) {
    q.external.kind = RequestPrincipal::Service;
    q.external.service = lower(name.substr(8));
    return q;
  }
  if (name.rfind("arn:", 0) == 0) {
    std::string_view f[6];
    size_t b = 0;
    int k = 0;
    for (; k < 5; ++k) {
      size_t e = name.find(':', b);
      if (e == std::string_view::npos) break;
      f[k] = name.substr(b, e - b);
      b = e + 1;
    }
    if (k < 5) {
      if (error) *error = "principal '" + std::string(name) + "' is not an ARN";
      return std::nullopt;
    }
    f[5] = name.substr(b);
    q.external.account = std::string(f[4]) == opt_.account && !opt_.account.empty() ? own_account_ : std::string(f[4]);
    q.external.arn = std::string(name);
    std::string_view resource = f[5];
    if (resource == "root") q.external.kind = RequestPrincipal::Account;
    else if (resource.rfind("user/", 0) == 0) q.external.kind = RequestPrincipal::User;
    else if (resource.rfind("role/", 0) == 0) q.external.kind = RequestPrincipal::Role;
    else if (resource.rfind("assumed-role/", 0) == 0) {
      q.external.kind = RequestPrincipal::Role;
      q.external.session_arn = std::string(name);
    } else {
      q.external.kind = RequestPrincipal::Other;
    }
    // A principal of the files named by its ARN.
    for (const auto& e : entities_)
      if (e.arn == name) {
        q.entity = &e;
        return q;
      }
    return q;
  }
  std::string_view file, id = name;
  if (auto h = name.rfind('#'); h != std::string_view::npos) {
    file = name.substr(0, h);
    id = name.substr(h + 1);
  }
  const Entity* found = nullptr;
  for (const auto& e : entities_)
    if (e.id == id && (file.empty() || e.file == file)) {
      if (found && found->file != e.file) {
        if (error) *error = "principal '" + std::string(name) + "' is in " + found->file + " and " + e.file +
                            ": name it FILE#ID";
        return std::nullopt;
      }
      found = &e;
    }
  if (found) {
    q.entity = found;
    return q;
  }
  if (error) {
    std::string best;
    size_t bd = 4;
    for (const auto& e : entities_) {
      size_t d = edit_distance(id, e.id);
      if (d < bd) {
        bd = d;
        best = e.id;
      }
    }
    *error = "unknown principal '" + std::string(name) + "'";
    if (!best.empty()) *error += " (did you mean " + best + "?)";
  }
  return std::nullopt;
}

std::optional<std::string> World::resolve_resource(std::string_view raw, const Target** target, std::string* error) const {
  if (target) *target = nullptr;
  std::string safe = literal_text(raw);
  std::string_view spec = safe;
  if (spec == "*" || spec.rfind("arn:", 0) == 0) {
    // An ARN naming a target of the files by its literal ARN is that target.
    if (target)
      for (const auto& t : targets_)
        if (!t.arn.empty() && t.arn == spec) *target = &t;
    return std::string(spec);
  }
  if (spec.find("${") == std::string_view::npos) {
    const Target* t = find_target(spec);
    if (!t || t->arn.empty()) {
      if (error) {
        std::string best;
        size_t bd = 4;
        for (const auto& x : targets_) {
          size_t d = edit_distance(spec, x.id);
          if (d < bd) {
            bd = d;
            best = x.id;
          }
        }
        *error = "unknown resource '" + std::string(spec) + "'";
        if (!best.empty()) *error += " (did you mean " + best + "?)";
      }
      return std::nullopt;
    }
    if (target) *target = t;
    return t->arn;
  }
  // ${Res.Arn}/suffix, ${Res}: substituted with the targets' ARNs.
  std::string out;
  size_t i = 0;
  while (i < spec.size()) {
    size_t p = spec.find("${", i);
    if (p == std::string_view::npos) {
      out.append(spec.substr(i));
      break;
    }
    out.append(spec.substr(i, p - i));
    size_t e = spec.find('}', p);
    if (e == std::string_view::npos) {
      if (error) *error = "unterminated ${ in resource '" + std::string(spec) + "'";
      return std::nullopt;
    }
    std::string_view name = spec.substr(p + 2, e - p - 2);
    std::string_view id = name;
    if (auto dot = name.find('.'); dot != std::string_view::npos) id = name.substr(0, dot);
    if (name == "AWS::AccountId") {
      out += own_account_;
    } else if (name == "AWS::Partition") {
      out += "aws";
    } else {
      const Target* t = find_target(id);
      if (!t || t->arn.empty()) {
        if (error) *error = "unknown resource '" + std::string(id) + "' in '" + std::string(spec) + "'";
        return std::nullopt;
      }
      if (target && !*target) *target = t;
      out += t->arn;
    }
    i = e + 1;
  }
  return out;
}

PolicySet World::policy_set(const QueryPrincipal& qp, std::string_view action, std::string_view resource,
                            Request& req) const {
  PolicySet ps;
  // The principal.
  if (qp.entity) {
    const Entity& e = *qp.entity;
    req.principal.kind = e.kind == Entity::User || e.kind == Entity::Group ? RequestPrincipal::User : RequestPrincipal::Role;
    req.principal.arn = e.arn;
    req.principal.account = own_account_;
    ps.identity = e.identity;
    ps.boundaries = e.boundaries;
  } else {
    req.principal = qp.external;
    ps.identity_assumed = req.principal.kind != RequestPrincipal::Service &&
                          req.principal.kind != RequestPrincipal::Anonymous;
  }
  bool principal_own = qp.entity || (!req.principal.account.empty() && req.principal.account == own_account_);
  if (principal_own && req.principal.kind != RequestPrincipal::Service) ps.scp_levels = scp_levels_;
  ps.rcp_levels = rcp_levels_;
  // The resource: a target of the files whose ARN is it, or of which it is a sub-resource (a
  // bucket's objects, an API's stage/METHOD/path).
  // (Remembered per resource: --who-can and assertions ask about one resource many times.)
  const Target* tgt = nullptr;
  if (auto hit = target_cache_.find(std::string(resource)); hit != target_cache_.end()) {
    tgt = hit->second;
  } else {
    for (const auto& t : targets_) {
      if (t.arn.empty()) continue;
      if (arn_match3(t.arn, resource, &syms_, nullptr) == Tri::True ||
          ((t.type == "AWS::S3::Bucket" || t.type == "AWS::ApiGateway::RestApi") && arn_match3(t.arn + "/*", resource, &syms_, nullptr) == Tri::True)) {
        tgt = &t;
        break;
      }
    }
    target_cache_.emplace(std::string(resource), tgt);
  }
  std::string act = lower(action);
  if (tgt) {
    bool assume = act.rfind("sts:assumerole", 0) == 0 || act == "sts:tagsession" || act == "sts:setsourceidentity";
    if (tgt->role) {
      if (assume) {
        ps.resource = tgt->policies;
        ps.resource_policy_required = true;
      }
    } else {
      ps.resource = tgt->policies;
      ps.resource_policy_required = tgt->kms;
    }
    req.resource_account = own_account_;
  } else {
    // Not in the files: its account from the ARN (none for S3: then the principal's).
    std::string_view f[6];
    std::string_view r = resource;
    size_t b = 0;
    int k = 0;
    for (; k < 5 && r.substr(0, 4) == "arn:"; ++k) {
      size_t e = r.find(':', b);
      if (e == std::string_view::npos) break;
      f[k] = r.substr(b, e - b);
      b = e + 1;
    }
    if (k == 5 && !f[4].empty()) {
      req.resource_account = std::string(f[4]) == opt_.account && !opt_.account.empty() ? own_account_ : std::string(f[4]);
    }
    ps.resource_policy_assumed = true;
  }
  // Raw resource-policy files govern whatever their statements name.
  for (const auto& t : targets_)
    if (t.type == "policy file")
      for (const CPolicy* p : t.policies) ps.resource.push_back(p);
  if (!req.context.find("aws:principalaccount") && !req.principal.account.empty())
    req.context.set("aws:PrincipalAccount", {req.principal.account});
  if (!req.context.find("aws:principalarn") && !req.principal.arn.empty())
    req.context.set("aws:PrincipalArn", {req.principal.arn});
  if (!req.context.find("aws:resourceaccount") && !req.resource_account.empty())
    req.context.set("aws:ResourceAccount", {req.resource_account});
  if (!req.context.find("aws:principalisawsservice") && req.principal.kind != RequestPrincipal::Anonymous)
    req.context.set("aws:PrincipalIsAWSService", {req.principal.kind == RequestPrincipal::Service ? "true" : "false"});
  if (req.principal.kind == RequestPrincipal::Service && !req.context.find("aws:principalservicename"))
    req.context.set("aws:PrincipalServiceName", {req.principal.service});
  return ps;
}

Result World::evaluate(const QueryPrincipal& p, std::string_view action, std::string_view resource, const Context& ctx,
                       const EvalOptions& opt) const {
  Request req;
  req.action = std::string(action);
  req.resource = std::string(resource);
  req.context = ctx;
  mark_inapplicable_keys(req.context, action);
  PolicySet ps = policy_set(p, action, resource, req);
  Evaluator ev(&syms_);
  return ev.evaluate(req, ps, opt);
}

std::string World::concretise(std::string_view p) {
  std::string s;
  for (char c : p) {
    if (c == '*') s += "iamlint-any";
    else if (c == '?') s += 'x';
    else if (is_field_any(c)) s += c == kFieldAny ? "aws" : c == kFieldAnyRegion ? "us-east-1" : "amazonaws.com";
    else s += c;
  }
  return s;
}

std::vector<std::string> World::witnesses(std::string_view pattern, std::string_view action) const {
  (void)action;
  std::vector<std::string> out;
  if (pattern.find('*') == std::string_view::npos && pattern.find('?') == std::string_view::npos) {
    out.emplace_back(pattern);
    return out;
  }
  out.push_back(concretise(pattern));
  if (pattern != "*") return out;
  // "*": every resource the policies name, and every target.
  auto add = [&](const std::string& s) {
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  };
  for (const auto& t : targets_)
    if (!t.arn.empty()) add(t.arn);
  for (const auto& p : policies_)
    for (const auto& st : p.statements)
      if (!st.deny && !st.not_resource)
        for (const auto& r : st.resources) add(concretise(r));
  return out;
}

std::string World::describe(const DecidingStatement& d) {
  std::string s = "policy " + (d.policy ? d.policy->name : std::string("?"));
  if (d.statement && d.policy && !d.policy->attached_by_reference) s += ", statement " + std::to_string(d.statement->index);
  return s;
}

}  // namespace iamlint::access
