// arn_may_match: policy Resource pattern vs. IAM-data ARN format (lint/iam/arn_match.cpp).
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>

#include "lint/iam/catalog.h"
#include "lint/iam/overrides.h"

using iamlint::arn_may_match;
using iamlint::IamCatalog;

namespace {

// Formats as the IAM data spells them (test_catalog.cpp checks a few against the data itself).
constexpr std::string_view kS3Bucket = "arn:${Partition}:s3:::${BucketName}";
constexpr std::string_view kS3Object = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";
constexpr std::string_view kDdbTable = "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}";
constexpr std::string_view kDdbIndex =
    "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}/index/${IndexName}";
constexpr std::string_view kKmsKey = "arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}";
constexpr std::string_view kKmsAlias = "arn:${Partition}:kms:${Region}:${Account}:alias/${Alias}";
constexpr std::string_view kIamRole = "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}";
constexpr std::string_view kIamUser = "arn:${Partition}:iam::${Account}:user/${UserNameWithPath}";
constexpr std::string_view kIamPolicy = "arn:${Partition}:iam::${Account}:policy/${PolicyNameWithPath}";
constexpr std::string_view kLambdaFn = "arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}";
constexpr std::string_view kSqsQueue = "arn:${Partition}:sqs:${Region}:${Account}:${QueueName}";
constexpr std::string_view kSnsTopic = "arn:${Partition}:sns:${Region}:${Account}:${TopicName}";
constexpr std::string_view kLogGroup = "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}";
constexpr std::string_view kLogStream =
    "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}";
constexpr std::string_view kSecret = "arn:${Partition}:secretsmanager:${Region}:${Account}:secret:${SecretId}";
constexpr std::string_view kSsmParam =
    "arn:${Partition}:ssm:${Region}:${Account}:parameter/${ParameterNameWithoutLeadingSlash}";
constexpr std::string_view kApigwStage =
    "arn:${Partition}:apigateway:${Region}::/apis/${ApiId}/stages/${StageName}, "
    "arn:${Partition}:apigateway:${Region}::/restapis/${RestApiId}/stages/${StageName}";
constexpr std::string_view kDmsEndpoint = "arn:${Partition}:dms:${Region}:${Account}:endpoint:*";
constexpr std::string_view kKafkaTopic =
    "arn:${Partition}:kafka:${Region}:${Account}:topic/${ClusterName}/${ClusterUuid}/${TopicName}";
constexpr std::string_view kKafkaCluster = "arn:${Partition}:kafka:${Region}:${Account}:cluster/${ClusterName}/${ClusterUuid}";
constexpr std::string_view kStateMachine = "arn:${Partition}:states:${Region}:${Account}:stateMachine:${StateMachineName}";
constexpr std::string_view kDdbStream =
    "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}/stream/${StreamLabel}";
constexpr std::string_view kRdsSnapshot = "arn:${Partition}:rds:${Region}:${Account}:snapshot:${SnapshotName}";
constexpr std::string_view kEc2Image = "arn:${Partition}:ec2:${Region}::image/${ImageId}";
constexpr std::string_view kBackupRp =
    "arn:${Partition}:${Vendor}:${Region}:*:${ResourceType}:${RecoveryPointId}";

struct Case {
  std::string_view resource;
  std::string_view format;
  bool expected;
};

const Case kCases[] = {
    // S3 bucket vs object
    {"arn:aws:s3:::b/*", kS3Bucket, false},
    {"arn:aws:s3:::b/*", kS3Object, true},
    {"arn:aws:s3:::b", kS3Object, false},
    {"arn:aws:s3:::b", kS3Bucket, true},
    {"arn:aws:s3:::b*", kS3Bucket, true},
    {"arn:aws:s3:::b*", kS3Object, true},  // the wildcard may cover '/'
    {"arn:aws:s3:::b/dir/sub/file.txt", kS3Object, true},
    {"arn:aws:s3:::b/dir/sub/file.txt", kS3Bucket, false},
    {"arn:aws:s3:::*", kS3Bucket, true},
    {"arn:aws:s3:::*", kS3Object, true},
    {"arn:aws:s3:::b/", kS3Object, false},  // an object key is never empty
    {"arn:aws:s3:us-east-1:::b", kS3Bucket, false},  // S3 bucket ARNs have no region
    {"arn:aws:s3:us-east-1:::b", kS3Object, false},
    {"arn:aws:s3:::b?", kS3Bucket, true},
    // DynamoDB table vs index
    {"arn:aws:dynamodb:us-east-1:123456789012:table/t", kDdbTable, true},
    {"arn:aws:dynamodb:us-east-1:123456789012:table/t", kDdbIndex, false},
    {"arn:aws:dynamodb:us-east-1:123456789012:table/t/index/*", kDdbTable, false},
    {"arn:aws:dynamodb:us-east-1:123456789012:table/t/index/*", kDdbIndex, true},
    {"arn:aws:dynamodb:us-east-1:123456789012:table/t*", kDdbIndex, true},
    {"arn:aws:dynamodb:*:*:table/t", kDdbTable, true},
    {"arn:aws:s3:::b", kDdbTable, false},
    // KMS key vs alias
    {"arn:aws:kms:us-east-1:123456789012:key/abc", kKmsKey, true},
    {"arn:aws:kms:us-east-1:123456789012:key/abc", kKmsAlias, false},
    {"arn:aws:kms:us-east-1:123456789012:alias/x", kKmsAlias, true},
    {"arn:aws:kms:us-east-1:123456789012:alias/aws/s3", kKmsAlias, true},
    {"arn:aws:kms:us-east-1:123456789012:alias/x", kKmsKey, false},
    // IAM paths
    {"arn:aws:iam::123456789012:role/path/to/r", kIamRole, true},
    {"arn:aws:iam::123456789012:role/path/to/r", kIamUser, false},
    {"arn:aws:iam::123456789012:role/r", kIamRole, true},
    {"arn:aws:iam::123456789012:role/*", kIamRole, true},
    {"arn:aws:iam::aws:policy/service-role/AWSLambdaRole", kIamPolicy, true},
    {"arn:aws:iam::*:user/${aws:username}", kIamUser, true},
    {"arn:aws:iam::*:user/${aws:username}", kIamRole, false},
    // Lambda qualifiers
    {"arn:aws:lambda:us-east-1:1:function:f:alias", kLambdaFn, true},
    {"arn:aws:lambda:us-east-1:1:function:f", kLambdaFn, true},
    {"arn:aws:lambda:us-east-1:123456789012:function:f:*", kLambdaFn, true},
    // SQS vs SNS
    {"arn:aws:sqs:us-east-1:123456789012:q", kSqsQueue, true},
    {"arn:aws:sqs:us-east-1:123456789012:q", kSnsTopic, false},
    {"arn:aws:sns:us-east-1:123456789012:t", kSnsTopic, true},
    // Malformed fields: region in the account field
    {"arn:aws:sqs:123456789012:us-east-1:q", kSqsQueue, false},
    {"arn:aws:dynamodb:123456789012:us-east-1:table/t", kDdbTable, false},
    // Partition and region wildcards, other partitions
    {"arn:*:s3:::b", kS3Bucket, true},
    {"arn:aws-cn:s3:::b", kS3Bucket, true},
    {"arn:aws-us-gov:dynamodb:us-gov-west-1:123456789012:table/t", kDdbTable, true},
    {"arn:aws:*", kDdbTable, true},
    {"arn:aws:*", kS3Object, true},
    {"arn:*", kSqsQueue, true},
    {"arn::s3:::b", kS3Bucket, false},  // empty partition
    // Policy variables
    {"arn:aws:s3:::${aws:username}/*", kS3Object, true},
    {"arn:aws:s3:::${aws:username}/*", kS3Bucket, false},
    {"arn:aws:s3:::b/${aws:PrincipalTag/team}/*", kS3Object, true},
    {"arn:aws:s3:::b${*}", kS3Bucket, true},  // ${*} is a literal '*'
    // Unknown segments from unresolved intrinsics
    {"arn:aws:s3:::\x01", kS3Bucket, true},
    {"arn:aws:s3:::\x01", kS3Object, false},
    {"arn:aws:s3:::\x01/*", kS3Object, true},
    {"arn:aws:s3:::\x01/*", kS3Bucket, false},
    {"arn:\x01:s3:::b", kS3Bucket, true},
    {"arn:aws:dynamodb:\x01:\x01:table/\x01", kDdbTable, true},
    {"arn:aws:dynamodb:\x01:\x01:table/\x01", kDdbIndex, false},
    {"arn:aws:dynamodb:\x01:\x01:table/\x01/index/*", kDdbIndex, true},
    {"arn:aws:lambda:\x01:\x01:function:\x01", kLambdaFn, true},
    {"arn:aws:sqs:\x01:\x01:\x01", kSqsQueue, true},
    {"arn:aws:sqs:\x01:\x01:\x01", kSnsTopic, false},
    // Not an ARN literal
    {"\x01", kS3Bucket, true},
    {"*", kS3Bucket, true},
    {"${aws:username}", kS3Bucket, true},
    {"foo", kS3Bucket, false},
    {"myqueue.Arn", kSqsQueue, false},
    {"", kS3Bucket, false},
    // Names that may contain '/'
    {"arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f:*", kLogGroup, true},
    {"arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f:log-stream:*", kLogStream, true},
    {"arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f", kLogStream, false},
    {"arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db/password-AbCdEf", kSecret, true},
    {"arn:aws:ssm:us-east-1:123456789012:parameter/app/prod/*", kSsmParam, true},
    // Alternatives and odd formats
    {"arn:aws:apigateway:us-east-1::/restapis/abc/stages/prod", kApigwStage, true},
    {"arn:aws:apigateway:us-east-1::/apis/abc/stages/prod", kApigwStage, true},
    {"arn:aws:apigateway:us-east-1::/restapis/abc", kApigwStage, false},
    {"arn:aws:dms:us-east-1:123456789012:endpoint:ABC", kDmsEndpoint, true},
    {"arn:aws:dms:us-east-1:123456789012:task:ABC", kDmsEndpoint, false},
    {"arn:aws:ec2:us-east-1:123456789012:snapshot:x", kBackupRp, true},
    // Field by field up to the resource part (RULES.md Clarification 20b): a `*` in the region or
    // account field stands for that field and never spans a ':'.
    {"arn:aws:kafka:*:*:cluster/*", kKafkaTopic, false},
    {"arn:aws:kafka:*:*:cluster/*", kKafkaCluster, true},
    {"arn:aws:kafka:*:*:topic/*", kKafkaTopic, true},
    {"arn:aws:kafka:?*:*:cluster/*", kKafkaTopic, false},
    {"arn:aws:kafka:\x02:\x02:cluster/*", kKafkaTopic, false},  // ${AWS::Region}, ${AWS::AccountId}
    {"arn:aws:kafka:\x02:\x02:cluster/*", kKafkaCluster, true},
    {"arn:\x02:s3:::b", kS3Bucket, true},
    {"arn:\x02:s3:::b\x02", kS3Bucket, true},
    {"arn:\x02:s3:::b\x02", kS3Object, false},  // a pseudo parameter holds no '/'
    {"arn:aws:sqs:\x01:q", kSqsQueue, true},  // another unknown may span ':' (region:account)
    {"arn:aws:sqs:\x02:q", kSqsQueue, false},  // a pseudo parameter may not
    {"arn:aws:logs:*:*:/aws-glue/*", kLogGroup, false},  // no "log-group:" after the account
    {"arn:aws:secretsmanager:*:*:opsworks-cm!x-*", kSecret, false},
    {"arn:aws:*", kKafkaTopic, true},  // a `*` no ':' closes covers the rest
    {"arn:*:kms:*:::*", kKmsKey, false},  // empty account
    // In the resource part a placeholder is one name (no ':'), with the reviewed suffix forms.
    {"arn:aws:sqs:us-east-1:123456789012:q:x", kSqsQueue, false},
    {"arn:aws:dynamodb:us-east-1:123456789012:table/t:x", kDdbTable, false},
    {"arn:aws:lambda:us-east-1:123456789012:function:f:prod", kLambdaFn, true},
    {"arn:aws:states:us-east-1:123456789012:stateMachine:sm:1", kStateMachine, true},
    {"arn:aws:states:us-east-1:123456789012:stateMachine:sm:live", kStateMachine, true},
    {"arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s", kLogGroup, true},
    {"arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/2024-01-01T00:00:00.000", kDdbStream, true},
    {"arn:aws:rds:*:*:snapshot:awsbackup:*", kRdsSnapshot, true},
    // An AMI has no account (the data writes "::"): a filled one does not match.
    {"arn:aws:ec2:us-east-1::image/ami-1", kEc2Image, true},
    {"arn:aws:ec2:us-east-1:123456789012:image/ami-1", kEc2Image, false},
};

}  // namespace

TEST_CASE("arn_may_match: table") {
  for (const Case& c : kCases) {
    std::string shown(c.resource);
    for (auto& ch : shown)
      if (ch == iamlint::kUnknownChar) ch = '@';  // printable in failure messages
    INFO("resource = " << shown << "   format = " << std::string(c.format));
    CHECK(arn_may_match(c.resource, c.format) == c.expected);
  }
}

// RULES.md Clarification 20c/d: the reviewed format overrides (lint/iam/overrides.cpp).
TEST_CASE("arn_formats_for_matching: overrides") {
  const IamCatalog& cat = IamCatalog::instance();
  auto type = [&](std::string_view svc, std::string_view name) {
    for (iamlint::ResourceTypeId r = 0; !cat.resource_type_arn(r).empty(); ++r)
      if (cat.resource_type_service(r) == svc && cat.resource_type_name(r) == name) return r;
    FAIL("no resource type " << std::string(svc) << " " << std::string(name));
    return iamlint::ResourceTypeId{0};
  };
  // Every entry names a resource type of the data, and its format is an ARN format.
  for (const auto& o : iamlint::detail::arn_format_overrides()) {
    INFO(std::string(o.service) << " " << std::string(o.type));
    auto r = type(o.service, o.type);
    CHECK(iamlint::arn_formats_for_matching(r).find(o.format) != std::string_view::npos);
    CHECK(o.format.substr(0, 16) == "arn:${Partition}");
    CHECK(!o.evidence.empty());
  }
  struct Want {
    std::string_view svc, type, resource;
    bool data, with_overrides;
  };
  for (auto w : {
           Want{"ssm", "document", "arn:aws:ssm:us-east-1::document/AWS-RunShellScript", false, true},
           Want{"ssm", "document", "arn:aws:ssm:*::document/AWS-*", false, true},
           Want{"ssm", "document", "arn:aws:ssm:us-east-1:123456789012:document/mine", true, true},
           Want{"ssm", "parameter", "arn:aws:ssm:*::parameter/aws/service/ami-amazon-linux-latest/*", false, true},
           Want{"ssm", "parameter", "arn:aws:ssm:us-east-1::parameter/app/x", false, false},  // only AWS's public ones
           Want{"glue", "schema", "arn:aws:glue:us-east-1:123456789012:schema/registry1/*", false, true},
           Want{"glue", "schema", "arn:aws:glue:us-east-1:123456789012:schema/s", true, true},
           Want{"ssm", "task", "arn:aws:ecs:*:*:task/*/*", false, true},
           Want{"cloudformation", "stack", "arn:aws:cloudformation:*:aws:transform/Serverless-2016-10-31", false, true},
           Want{"apigateway", "Stage", "arn:aws:apigateway:eu-west-1::/restapis/a1b2/stages/prod/exports/*", false, true},
       }) {
    INFO(std::string(w.resource));
    auto r = type(w.svc, w.type);
    CHECK(arn_may_match(w.resource, cat.resource_type_arn(r)) == w.data);
    CHECK(arn_may_match(w.resource, iamlint::arn_formats_for_matching(r)) == w.with_overrides);
  }
}

TEST_CASE("arn_may_match: long inputs are not decided") {
  std::string longres = "arn:aws:s3:::" + std::string(3000, 'a') + "/x";
  CHECK(arn_may_match(longres, kS3Bucket));
  std::string manystars = "arn:aws:s3:::";
  for (int i = 0; i < 900; ++i) manystars += "*a";
  CHECK(arn_may_match(manystars, kS3Object));
  CHECK_FALSE(arn_may_match(manystars + "/", kS3Bucket));  // still a '/' no bucket name has
}

// Every format of the data matches an ARN built from itself, and only formats that can.
TEST_CASE("arn_may_match: every format matches its own instance") {
  const IamCatalog& cat = IamCatalog::instance();
  size_t checked = 0;
  for (iamlint::ResourceTypeId r = 0;; ++r) {
    std::string_view fmt = cat.resource_type_arn(r);
    if (fmt.empty()) break;
    std::string_view alt = fmt.substr(0, fmt.find(", arn:"));
    std::string inst;
    int field = 0;
    for (size_t i = 0; i < alt.size();) {
      if (alt.compare(i, 2, "${") == 0) {
        size_t close = alt.find('}', i);
        if (close == std::string_view::npos) break;
        inst += field == 1 ? "aws" : field == 3 ? "us-east-1" : field == 4 ? "123456789012" : "x1";
        i = close + 1;
        continue;
      }
      if (alt[i] == ':' && field < 5) ++field;
      inst += alt[i] == '*' ? 'z' : alt[i];
      ++i;
    }
    INFO(std::string(fmt) << "  <-  " << inst);
    CHECK(arn_may_match(inst, fmt));
    CHECK(arn_may_match(inst + "*", fmt));
    ++checked;
  }
  CHECK(checked > 2000);
}

// On demand only (no timed assertion):
//   ./cattest --no-skip -tc='arn_may_match: throughput'
TEST_CASE("arn_may_match: throughput" * doctest::skip()) {
  const std::string_view resources[] = {
      "arn:aws:s3:::my-bucket/*",
      "arn:aws:dynamodb:us-east-1:123456789012:table/orders/index/*",
      "arn:aws:iam::123456789012:role/service-role/my-role",
      "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/fn:*",
      "arn:aws:s3:::\x01/*",
      "arn:aws:sqs:*:*:queue-*",
  };
  const std::string_view formats[] = {kS3Bucket, kS3Object, kDdbTable, kDdbIndex, kIamRole,
                                      kIamUser,  kLogGroup, kLogStream, kSqsQueue, kSnsTopic};
  size_t n = 0, hits = 0;
  auto t0 = std::chrono::steady_clock::now();
  for (int rep = 0; rep < 20000; ++rep)
    for (auto r : resources)
      for (auto f : formats) {
        hits += arn_may_match(r, f);
        ++n;
      }
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  // Same-service pairs only (the service-field fast path does not apply).
  size_t n2 = 0;
  auto t1 = std::chrono::steady_clock::now();
  for (int rep = 0; rep < 200000; ++rep) {
    hits += arn_may_match(resources[0], kS3Object) + arn_may_match(resources[1], kDdbTable) +
            arn_may_match(resources[2], kIamRole) + arn_may_match(resources[3], kLogStream);
    n2 += 4;
  }
  double s2 = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
  std::printf("arn_may_match: %.2f M matches/s (mixed), %.2f M matches/s (same service) [%zu]\n",
              n / s / 1e6, n2 / s2 / 1e6, hits);
}
