// The intrinsic resolver, one intrinsic at a time: what each evaluates to, and that an unknown
// value stays an unknown segment (never "*").
#include <doctest/doctest.h>

#include <string>

#include "lint/iam/catalog.h"
#include "lint/model.h"
#include "lint/resolve.h"
#include "parsers/parse.h"

using namespace iamlint;

namespace {

const char* kTemplate = R"(AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Env: {Type: String, Default: prod}
  Subnets: {Type: CommaDelimitedList}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Mappings:
  Buckets:
    us-east-1: {Name: east-bucket}
    eu-west-1: {Name: west-bucket}
Resources:
  Data:
    Type: AWS::S3::Bucket
    Properties: {BucketName: app-data}
  Anon:
    Type: AWS::S3::Bucket
  Queue:
    Type: AWS::SQS::Queue
    Properties: {QueueName: jobs}
  Role:
    Type: AWS::IAM::Role
    Properties: {RoleName: worker, Path: /app/, AssumeRolePolicyDocument: {}}
  Table:
    Type: AWS::DynamoDB::Table
  Oidc:
    Type: AWS::IAM::OIDCProvider
    Properties: {Url: 'https://token.actions.githubusercontent.com', ClientIdList: [sts.amazonaws.com]}
Outputs:
  V0: {Value: !Ref Env}
  V1: {Value: !Ref AWS::Region}
  V2: {Value: !Ref Data}
  V3: {Value: !GetAtt Data.Arn}
  V4: {Value: !GetAtt Anon.Arn}
  V5: {Value: !Sub 'arn:${AWS::Partition}:s3:::${Data}/*'}
  V6: {Value: !Sub ['arn:aws:s3:::${B}/${!Literal}/${aws:username}', {B: !Ref Env}]}
  V7: {Value: !Join ['', ['arn:aws:sqs:', !Ref 'AWS::Region', ':', '123456789012', ':jobs']]}
  V8: {Value: !Select [1, [a, b, c]]}
  V9: {Value: !Select [0, !Split [',', 'x,y']]}
  V10: {Value: !FindInMap [Buckets, us-east-1, Name]}
  V11: {Value: !FindInMap [Buckets, !Ref 'AWS::Region', Name]}
  V12: {Value: !If [IsProd, prod-bucket, dev-bucket]}
  V13: {Value: !ImportValue shared-bucket}
  V14: {Value: !GetAtt Role.Arn}
  V15: {Value: !Ref Queue}
  V16: {Value: !GetAtt Queue.Arn}
  V17: {Value: !GetAtt Table.Arn}
  V18: {Value: !Join ['-', [!If [IsProd, a, b], !If [IsProd, c, d], !If [IsProd, e, f], !If [IsProd, g, h], !If [IsProd, i, j]]]}
  V19: {Value: !GetAtt Data.NoSuchAttribute}
  V20: {Value: !Ref Oidc}
  V21: {Value: !GetAtt Oidc.Arn}
  V22: {Value: !Sub '${Anon}/*'}
  V23: {Value: !If [IsProd, same, same]}
  V24: {Value: !Sub 'arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:image/*'}
  L0: {Value: [a, !If [IsProd, b, !Ref 'AWS::NoValue'], !Ref 'AWS::NoValue']}
  L1: {Value: !Split [',', 'x,y,z']}
  L2: {Value: !Ref Subnets}
  L3: {Value: !If [IsProd, [a, b], [c]]}
  L4: {Value: [!If [IsProd, x, x], !If [IsProd, y, z]]}
  L5: {Value: !If [IsProd, [a, b], [a, b]]}
)";

struct Fixture {
  ParseResult pr = parse_yaml(kTemplate);
  std::unique_ptr<Model> m;
  Fixture() {
    REQUIRE(!pr.error);
    m = build_model({"t.yaml", kTemplate, pr.documents[0]});
    REQUIRE(m->kind == DocKind::Template);
  }
  const Node* out(const char* name) const { return m->tmpl.outputs->get(name)->get("Value"); }
  Value value(const char* name) const { return m->resolve(out(name)); }
  // All alternatives, each shown with ${what} for unknown segments, joined by " | ".
  std::string show(const char* name) const {
    Value v = value(name);
    std::string s;
    for (const auto& a : v.alts) s += (s.empty() ? "" : " | ") + a.display();
    return s;
  }
};

}  // namespace

TEST_CASE("resolver: Ref") {
  Fixture f;
  CHECK(f.show("V0") == "${parameter Env}");  // a parameter is unknown whatever its Default
  CHECK(f.value("V0").all_unknown());
  CHECK(!f.value("V0").is_star());
  CHECK(f.show("V1") == "${AWS::Region}");
  CHECK(f.show("V2") == "app-data");  // Ref of a bucket is its name
  CHECK(f.show("V15") == "https://sqs.${AWS::Region}.${AWS::URLSuffix}/${AWS::AccountId}/jobs");
}

TEST_CASE("resolver: Fn::GetAtt") {
  Fixture f;
  CHECK(f.show("V3") == "arn:${AWS::Partition}:s3:::app-data");
  CHECK(f.value("V4").alts[0].starts_with_literal("arn:"));
  CHECK(f.show("V4").find("generated name") != std::string::npos);
  CHECK(f.show("V14") == "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/app/worker");
  CHECK(f.show("V16") == "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:jobs");
  CHECK(f.show("V17").find(":dynamodb:${AWS::Region}:${AWS::AccountId}:table/") != std::string::npos);
  CHECK(f.show("V19") == "${Data.NoSuchAttribute}");
}

TEST_CASE("resolver: Fn::Sub, both forms") {
  Fixture f;
  CHECK(f.show("V5") == "arn:${AWS::Partition}:s3:::app-data/*");
  // ${!Literal} is literal text; ${aws:username} is a policy variable IAM substitutes.
  CHECK(f.show("V6") == "arn:aws:s3:::${parameter Env}/${Literal}/${aws:username}");
  CHECK(f.value("V6").alts[0].segs.size() == 3);
}

TEST_CASE("resolver: Fn::Join, Fn::Select, Fn::Split") {
  Fixture f;
  CHECK(f.show("V7") == "arn:aws:sqs:${AWS::Region}:123456789012:jobs");
  CHECK(f.show("V8") == "b");
  CHECK(f.show("V9") == "x");
}

TEST_CASE("resolver: Fn::FindInMap") {
  Fixture f;
  CHECK(f.show("V10") == "east-bucket");
  // An unknown key ranges over every entry.
  CHECK(f.show("V11") == "east-bucket | west-bucket");
}

TEST_CASE("resolver: Fn::If keeps both branches; Fn::ImportValue is unknown") {
  Fixture f;
  CHECK(f.show("V12") == "prod-bucket | dev-bucket");
  CHECK(f.show("V13") == "${Fn::ImportValue}");
}

TEST_CASE("resolver: alternatives are bounded") {
  Fixture f;
  // 5 Fn::If in one Fn::Join would be 32 strings: over the cap, the value becomes unknown.
  Value v = f.value("V18");
  CHECK(v.alts.size() == 1);
  CHECK(v.all_unknown());
}

TEST_CASE("resolver: lists") {
  Fixture f;
  auto l0 = f.m->resolve_list(f.out("L0"));  // AWS::NoValue removes the element
  REQUIRE(l0.size() == 2);
  CHECK(l0[0].value.is("a"));
  CHECK(l0[1].value.is("b"));
  auto l1 = f.m->resolve_list(f.out("L1"));
  REQUIRE(l1.size() == 3);
  CHECK(l1[2].value.is("z"));
  auto l2 = f.m->resolve_list(f.out("L2"));  // a list parameter: one unknown element
  REQUIRE(l2.size() == 1);
  CHECK(l2[0].value.all_unknown());
  auto l3 = f.m->resolve_list(f.out("L3"));  // both branches' elements
  CHECK(l3.size() == 3);
}

TEST_CASE("resolver: every spelling is the same value (RULES.md Clarification 18)") {
  Fixture f;
  // An OIDC provider of the template is named by its Url, without the scheme.
  CHECK(f.show("V20") == "arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com");
  CHECK(f.show("V21") == f.show("V20"));
  // Ref values known not to be ARNs, also when part of them is generated; an ARN format is not.
  CHECK(f.value("V15").alts[0].known_not_arn());                 // a queue's URL
  CHECK(f.value("V22").alts[0].known_not_arn());                 // ${bucket}/*, name generated
  CHECK(!f.value("V2").alts[0].known_not_arn());                 // literal: judged by its text
  CHECK(!f.value("V4").alts[0].known_not_arn());                 // !GetAtt Anon.Arn
  CHECK(!f.value("V0").alts[0].known_not_arn());                 // a parameter may be an ARN
  CHECK(!f.value("V5").alts[0].known_not_arn());                 // arn:...:${Data}/*
  // Fn::If with equal branches is the value itself.
  CHECK(f.show("V23") == "same");
  auto l4 = f.m->resolve_list(f.out("L4"));
  CHECK(l4.size() == 3);
  auto l5 = f.m->resolve_list(f.out("L5"));
  CHECK(l5.size() == 2);
  // Pseudo parameters match by their shape: an account is never empty.
  std::string p = f.value("V24").alts[0].match_pattern();
  CHECK(p == "arn:aws:ec2:us-east-1:123456789012:image/*");
  CHECK(!arn_may_match(p, "arn:${Partition}:ec2:${Region}::image/${ImageId}"));
}

TEST_CASE("resolver: unknown segments in ARN matching") {
  Fixture f;
  // !GetAtt Data.Arn is a bucket ARN: it fits the bucket type and not the object type.
  std::string p = f.value("V3").alts[0].pattern();
  CHECK(arn_may_match(p, "arn:${Partition}:s3:::${BucketName}"));
  CHECK(!arn_may_match(p, "arn:${Partition}:s3:::${BucketName}/${ObjectName}"));
  // A value that does not start with a literal "arn:" (a whole ARN from a parameter) matches anything.
  CHECK(arn_may_match(f.value("V0").alts[0].pattern(), "arn:${Partition}:s3:::${BucketName}"));
}
