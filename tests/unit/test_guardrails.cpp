// Guardrail document kinds (RULES.md Clarification 17): which documents the model marks as SCPs,
// RCPs, permissions boundaries, VPC endpoint and session policies, how raw files get their kind,
// and the .iamlint.yaml policy-kinds setting.
#include <doctest/doctest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lint/config.h"
#include "lint/model.h"
#include "parsers/parse.h"

using namespace iamlint;

namespace {

// Parses and models `text`; keeps the tree alive as long as the model.
struct Built {
  std::string text;
  ParseResult pr;
  std::unique_ptr<Model> m;
  explicit Built(std::string t, std::optional<PolicyKind> raw_kind = std::nullopt, bool json = false)
      : text(std::move(t)), pr(json ? parse_json(text) : parse_yaml(text)) {
    REQUIRE(!pr.error);
    BuildInput in{"t", text, pr.documents[0]};
    in.raw_kind = raw_kind;
    m = build_model(in);
  }
  // The kinds of the documents owned by `id`, in order.
  std::vector<PolicyKind> kinds(std::string_view id) const {
    std::vector<PolicyKind> out;
    for (const auto& d : m->policies)
      if (d.owner && d.owner->id == id) out.push_back(d.kind);
    return out;
  }
};

constexpr const char* kTemplate = R"(
Parameters:
  PolicyType: {Type: String}
Resources:
  Scp:
    Type: AWS::Organizations::Policy
    Properties:
      Type: SERVICE_CONTROL_POLICY
      Content: {Version: '2012-10-17', Statement: [{Effect: Deny, Action: 's3:*', Resource: '*'}]}
  Rcp:
    Type: AWS::Organizations::Policy
    Properties:
      Type: RESOURCE_CONTROL_POLICY
      Content: '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}'
  TagPolicy:
    Type: AWS::Organizations::Policy
    Properties:
      Type: TAG_POLICY
      Content: {tags: {costcenter: {tag_key: {'@@assign': CostCenter}}}}
  UnknownType:
    Type: AWS::Organizations::Policy
    Properties:
      Type: !Ref PolicyType
      Content: {Statement: [{Effect: Deny, Action: 's3:*', Resource: '*'}]}
  Endpoint:
    Type: AWS::EC2::VPCEndpoint
    Properties:
      PolicyDocument: {Statement: [{Effect: Allow, Principal: '*', Action: '*', Resource: '*'}]}
  TransferUser:
    Type: AWS::Transfer::User
    Properties:
      Policy: {Statement: [{Effect: Allow, Action: 's3:*', Resource: '*'}]}
  Boundary:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: {Statement: [{Effect: Allow, Action: '*', Resource: '*'}]}
  BoundaryAndAttached:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: {Statement: [{Effect: Allow, Action: 's3:GetObject', Resource: '*'}]}
  Role:
    Type: AWS::IAM::Role
    Properties:
      PermissionsBoundary: !Ref Boundary
      ManagedPolicyArns: [!Ref BoundaryAndAttached]
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: 'sts:AssumeRole'}]}
  OtherRole:
    Type: AWS::IAM::Role
    Properties:
      PermissionsBoundary: !Ref BoundaryAndAttached
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: 'sts:AssumeRole'}]}
)";

}  // namespace

TEST_CASE("guardrails: kind names") {
  for (PolicyKind k : {PolicyKind::Identity, PolicyKind::Trust, PolicyKind::Resource, PolicyKind::Scp, PolicyKind::Rcp,
                       PolicyKind::Boundary, PolicyKind::VpcEndpoint, PolicyKind::Session}) {
    CHECK(policy_kind_from_name(policy_kind_name(k)) == k);
    CHECK(std::string(kPolicyKindNames).find(policy_kind_name(k)) != std::string::npos);
    CHECK(is_guardrail(k) == (k != PolicyKind::Identity && k != PolicyKind::Trust && k != PolicyKind::Resource));
    CHECK(grants(k) == !is_guardrail(k));
  }
  CHECK(policy_kind_from_name("SCP") == PolicyKind::Scp);
  CHECK(policy_kind_from_name("vpc_endpoint") == PolicyKind::VpcEndpoint);
  CHECK_FALSE(policy_kind_from_name("service-control-policy"));
  CHECK_FALSE(policy_kind_from_name(""));
}

TEST_CASE("guardrails: template documents get their kinds") {
  Built b(kTemplate);
  REQUIRE(b.m->kind == DocKind::Template);
  CHECK(b.kinds("Scp") == std::vector{PolicyKind::Scp});
  CHECK(b.kinds("Rcp") == std::vector{PolicyKind::Rcp});
  CHECK(b.kinds("TagPolicy").empty());    // not an IAM policy
  CHECK(b.kinds("UnknownType").empty());  // Type only known at deploy time: not guessed
  CHECK(b.kinds("Endpoint") == std::vector{PolicyKind::VpcEndpoint});
  CHECK(b.kinds("TransferUser") == std::vector{PolicyKind::Session});
  CHECK(b.kinds("Boundary") == std::vector{PolicyKind::Boundary});
  // Used as a boundary by one role and attached to another: it grants.
  CHECK(b.kinds("BoundaryAndAttached") == std::vector{PolicyKind::Identity});
  CHECK(b.kinds("Role") == std::vector{PolicyKind::Trust});
  for (const auto& d : b.m->policies) CHECK(d.grants() == !d.guardrail());
  // The RCP was JSON text: kept as written for IAM008.
  for (const auto& d : b.m->policies)
    if (d.owner && d.owner->id == "Rcp") CHECK(d.json_text.substr(0, 25) == R"({"Version": "2012-10-17",)");
}

TEST_CASE("guardrails: an unresolved Organizations policy Type is said under --verbose") {
  Built b(kTemplate);
  bool said = false;
  for (const auto& n : b.m->notices) said |= n.message.find("Organizations policy Type not resolved") != std::string::npos;
  CHECK(said);
}

TEST_CASE("guardrails: describe-policy wrapper") {
  const std::string scp = R"({"Policy": {"PolicySummary": {"Id": "p-1", "Type": "SERVICE_CONTROL_POLICY"},
    "Content": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"}})";
  Built a(scp, std::nullopt, true);
  REQUIRE(a.m->kind == DocKind::Policy);
  REQUIRE(a.m->policies.size() == 1);
  CHECK(a.m->policies[0].kind == PolicyKind::Scp);
  CHECK(a.m->policies[0].where == "Policy.Content");
  CHECK(a.m->policies[0].json_text.size() == 87);  // the decoded Content, as Organizations stores it
  CHECK(a.m->policies[0].statements.size() == 1);

  std::string rcp = scp;
  rcp.replace(rcp.find("SERVICE_CONTROL_POLICY"), 22, "RESOURCE_CONTROL_POLICY");
  Built r(rcp, std::nullopt, true);
  REQUIRE(r.m->policies.size() == 1);
  CHECK(r.m->policies[0].kind == PolicyKind::Rcp);

  std::string tag = scp;
  tag.replace(tag.find("SERVICE_CONTROL_POLICY"), 22, "TAG_POLICY");
  Built t(tag, std::nullopt, true);
  CHECK(t.m->kind == DocKind::NotOurs);
}

TEST_CASE("guardrails: a raw file's kind comes from the caller, never from its name") {
  const std::string doc = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}]\n}\n";
  Built plain(doc, std::nullopt, true);
  REQUIRE(plain.m->policies.size() == 1);
  CHECK(plain.m->policies[0].kind == PolicyKind::Identity);
  CHECK(plain.m->policies[0].json_text == doc.substr(0, doc.size() - 1));  // as written, less the final newline
  Built boundary(doc, PolicyKind::Boundary, true);
  CHECK(boundary.m->policies[0].kind == PolicyKind::Boundary);
  CHECK_FALSE(boundary.m->policies[0].grants());
  // The caller's kind also wins over what the statements suggest.
  const std::string trust = R"({"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]})";
  CHECK(Built(trust, std::nullopt, true).m->policies[0].kind == PolicyKind::Trust);
  CHECK(Built(trust, PolicyKind::Session, true).m->policies[0].kind == PolicyKind::Session);
  // Templates ignore it.
  Built tmpl(kTemplate, PolicyKind::Scp);
  CHECK(tmpl.kinds("Role") == std::vector{PolicyKind::Trust});
}

TEST_CASE("config: policy-kinds") {
  FileConfig c;
  auto err = parse_config("policy-kinds:\n  \"scps/**\": scp\n  \"boundaries/*.json\": boundary\n  \"**/*.json\": resource\n",
                          "/proj/.iamlint.yaml", c);
  REQUIRE_FALSE(err);
  REQUIRE(c.policy_kinds.size() == 3);
  CHECK(c.policy_kind_for("/proj/scps/deny-regions.json") == PolicyKind::Scp);
  CHECK(c.policy_kind_for("/proj/scps/ou/a/deny.json") == PolicyKind::Scp);
  CHECK(c.policy_kind_for("/proj/boundaries/dev.json") == PolicyKind::Boundary);
  CHECK(c.policy_kind_for("/proj/boundaries/x/dev.json") == PolicyKind::Resource);  // first match wins
  CHECK_FALSE(c.policy_kind_for("/proj/boundaries/dev.yaml"));

  FileConfig bad;
  err = parse_config("policy-kinds:\n  \"scps/**\": service-control\n", "/proj/.iamlint.yaml", bad);
  REQUIRE(err);
  CHECK(err->pos == Pos{2, 14});
  CHECK(err->message.find("'policy-kinds' values must be one of identity, trust, resource, scp") != std::string::npos);
  FileConfig list;
  err = parse_config("policy-kinds: [scp]\n", "/proj/.iamlint.yaml", list);
  REQUIRE(err);
  CHECK(err->pos == Pos{1, 15});
}
