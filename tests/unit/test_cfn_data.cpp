// Unit tests for lint/cfn/cfn_data.h: Ref/GetAtt formats, role consumers, policy properties and
// the SAM policy templates.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>

#include "lint/cfn/cfn_data.h"

using namespace iamlint::cfn;

namespace {

const Attribute& attr(std::string_view type, std::string_view name) {
  const TypeInfo* t = find_type(type);
  REQUIRE_MESSAGE(t != nullptr, type);
  const Attribute* a = t->find_attribute(name);
  REQUIRE_MESSAGE(a != nullptr, type, ".", name);
  return *a;
}

std::string expand(std::string_view format, std::string_view name = "", std::string_view path = "") {
  FormatValues v;
  v.name = name;
  v.path = path;
  return substitute(format, v);
}

const RoleConsumer* consumer(std::string_view type, std::string_view path) {
  for (const auto& c : role_consumers_of(type))
    if (c.property_path == path) return &c;
  return nullptr;
}

const PolicyProperty* policy(std::string_view type, std::string_view path) {
  for (const auto& p : policy_properties_of(type))
    if (p.property_path == path) return &p;
  return nullptr;
}

}  // namespace

TEST_SUITE("cfn_data") {

TEST_CASE("S3 bucket: Ref is the name, Arn has no region or account") {
  const TypeInfo* t = find_type("AWS::S3::Bucket");
  REQUIRE(t != nullptr);
  CHECK(t->ref_kind == RefKind::Name);
  CHECK(t->ref_format == "${Name}");
  CHECK(t->name_property == "BucketName");
  CHECK(attr("AWS::S3::Bucket", "Arn").format == "arn:${AWS::Partition}:s3:::${Name}");
  CHECK(expand(attr("AWS::S3::Bucket", "Arn").format, "my-bucket") == "arn:aws:s3:::my-bucket");
  CHECK(expand(attr("AWS::S3::Bucket", "Arn").format) == "arn:aws:s3:::*");
  CHECK(expand(attr("AWS::S3::Bucket", "RegionalDomainName").format, "b") == "b.s3.us-east-1.amazonaws.com");
  CHECK(t->find_attribute("arn") == nullptr);  // GetAtt names are case-sensitive
  CHECK(t->find_attribute("NoSuchAttribute") == nullptr);
}

TEST_CASE("SQS queue: Ref is the URL") {
  const TypeInfo* t = find_type("AWS::SQS::Queue");
  REQUIRE(t != nullptr);
  CHECK(t->ref_kind == RefKind::Url);
  CHECK(t->ref_format == "https://sqs.${AWS::Region}.${AWS::URLSuffix}/${AWS::AccountId}/${Name}");
  CHECK(t->name_property == "QueueName");
  CHECK(attr("AWS::SQS::Queue", "Arn").format == "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${Name}");
  CHECK(attr("AWS::SQS::Queue", "QueueUrl").format == t->ref_format);
  CHECK(attr("AWS::SQS::Queue", "QueueName").format == "${Name}");
  CHECK(expand(t->ref_format, "jobs") == "https://sqs.us-east-1.amazonaws.com/123456789012/jobs");
}

TEST_CASE("SNS topic: Ref is the ARN") {
  const TypeInfo* t = find_type("AWS::SNS::Topic");
  REQUIRE(t != nullptr);
  CHECK(t->ref_kind == RefKind::Arn);
  CHECK(t->ref_format == "arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${Name}");
  CHECK(t->name_property == "TopicName");
  CHECK(attr("AWS::SNS::Topic", "TopicArn").format == t->ref_format);
  CHECK(attr("AWS::SNS::Topic", "TopicName").format == "${Name}");
}

TEST_CASE("DynamoDB table: Arn and StreamArn") {
  const TypeInfo* t = find_type("AWS::DynamoDB::Table");
  REQUIRE(t != nullptr);
  CHECK(t->ref_kind == RefKind::Name);
  CHECK(t->name_property == "TableName");
  CHECK(attr("AWS::DynamoDB::Table", "Arn").format ==
        "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Name}");
  CHECK(attr("AWS::DynamoDB::Table", "StreamArn").format ==
        "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Name}/stream/${Id}");
  CHECK(find_type("AWS::DynamoDB::GlobalTable") != nullptr);
  CHECK(attr("AWS::Serverless::SimpleTable", "Arn").format == attr("AWS::DynamoDB::Table", "Arn").format);
}

TEST_CASE("IAM role: Ref is the name, Arn carries the path") {
  const TypeInfo* t = find_type("AWS::IAM::Role");
  REQUIRE(t != nullptr);
  CHECK(t->ref_kind == RefKind::Name);
  CHECK(t->name_property == "RoleName");
  const auto& arn = attr("AWS::IAM::Role", "Arn").format;
  CHECK(arn == "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${Path}${Name}");
  CHECK(expand(arn, "app-role") == "arn:aws:iam::123456789012:role/app-role");
  CHECK(expand(arn, "app-role", "/") == "arn:aws:iam::123456789012:role/app-role");
  CHECK(expand(arn, "app-role", "/team/x/") == "arn:aws:iam::123456789012:role/team/x/app-role");
  CHECK(t->find_attribute("RoleId") == nullptr);  // opaque: not in the table, so unknown

  const TypeInfo* mp = find_type("AWS::IAM::ManagedPolicy");
  REQUIRE(mp != nullptr);
  CHECK(mp->ref_kind == RefKind::Arn);
  CHECK(mp->name_property == "ManagedPolicyName");
  CHECK(mp->ref_format == "arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/${Path}${Name}");
  CHECK(find_type("AWS::IAM::Policy")->ref_kind == RefKind::Id);
  CHECK(attr("AWS::IAM::InstanceProfile", "Arn").format ==
        "arn:${AWS::Partition}:iam::${AWS::AccountId}:instance-profile/${Path}${Name}");
}

TEST_CASE("Lambda function, alias, version; SAM function") {
  const TypeInfo* t = find_type("AWS::Lambda::Function");
  REQUIRE(t != nullptr);
  CHECK(t->ref_kind == RefKind::Name);
  CHECK(t->name_property == "FunctionName");
  CHECK(attr("AWS::Lambda::Function", "Arn").format ==
        "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${Name}");
  const TypeInfo* sam = find_type("AWS::Serverless::Function");
  REQUIRE(sam != nullptr);
  CHECK(sam->ref_kind == RefKind::Name);
  CHECK(attr("AWS::Serverless::Function", "Arn").format == attr("AWS::Lambda::Function", "Arn").format);
  CHECK(find_type("AWS::Lambda::Alias")->ref_kind == RefKind::Arn);
  CHECK(find_type("AWS::Lambda::Version")->ref_format ==
        "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${Id}:${Id}");
}

TEST_CASE("more types the resolver needs") {
  CHECK(attr("AWS::Logs::LogGroup", "Arn").format ==
        "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${Name}:*");
  CHECK(find_type("AWS::SecretsManager::Secret")->ref_kind == RefKind::Arn);
  CHECK(find_type("AWS::KMS::Key")->ref_kind == RefKind::Id);
  CHECK(attr("AWS::KMS::Key", "Arn").format == "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/${Id}");
  CHECK(find_type("AWS::StepFunctions::StateMachine")->ref_kind == RefKind::Arn);
  CHECK(find_type("AWS::StepFunctions::StateMachine")->name_property == "StateMachineName");
  CHECK(attr("AWS::Kinesis::Stream", "Arn").format ==
        "arn:${AWS::Partition}:kinesis:${AWS::Region}:${AWS::AccountId}:stream/${Name}");
  CHECK(attr("AWS::ECR::Repository", "Arn").format ==
        "arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/${Name}");
  CHECK(find_type("AWS::ECS::Service")->ref_kind == RefKind::Arn);
  CHECK(find_type("AWS::Events::Rule")->ref_format.empty());  // depends on EventBusName
  CHECK(find_type("AWS::CodeBuild::Project")->ref_kind == RefKind::Name);
  CHECK(find_type("AWS::EC2::Instance")->ref_kind == RefKind::Id);
  CHECK(find_type("AWS::RDS::DBInstance")->name_property == "DBInstanceIdentifier");
  CHECK(find_type("AWS::No::Such") == nullptr);
  CHECK(find_type("aws::s3::bucket") == nullptr);  // type names are case-sensitive
}

TEST_CASE("every table format uses only the documented placeholders") {
  size_t n = 0;
  for (const auto& t : types()) {
    std::vector<std::string_view> formats{t.ref_format};
    for (const auto& a : t.attributes) {
      CHECK_FALSE(a.format.empty());
      formats.push_back(a.format);
    }
    for (auto f : formats) {
      std::string rebuilt;
      for (const auto& p : parse_format(f)) rebuilt += p.text;
      CHECK(rebuilt == f);
      for (const auto& p : parse_format(f)) CHECK((p.is_placeholder || p.text.find("${") == std::string_view::npos));
      if (f.find("${Name}") != std::string_view::npos) CHECK_MESSAGE(!t.name_property.empty(), t.type);
    }
    ++n;
  }
  CHECK(n > 1000);
  CHECK(std::is_sorted(types().begin(), types().end(),
                       [](const TypeInfo& a, const TypeInfo& b) { return a.type < b.type; }));
}

TEST_CASE("parse_format splits literals and placeholders") {
  auto pieces = parse_format("arn:${AWS::Partition}:s3:::${Name}/x${Unknown}");
  REQUIRE(pieces.size() == 5);
  CHECK_FALSE(pieces[0].is_placeholder);
  CHECK(pieces[0].text == "arn:");
  CHECK(pieces[1].placeholder == Placeholder::Partition);
  CHECK(pieces[2].text == ":s3:::");
  CHECK(pieces[3].placeholder == Placeholder::Name);
  CHECK_FALSE(pieces[4].is_placeholder);
  CHECK(pieces[4].text == "/x${Unknown}");
  CHECK(parse_format("").empty());
}

TEST_CASE("role consumers: the core services of IAM007") {
  struct Want {
    std::string_view type, path, principal;
  };
  const Want wants[] = {
      {"AWS::Lambda::Function", "Role", "lambda.amazonaws.com"},
      {"AWS::Serverless::Function", "Role", "lambda.amazonaws.com"},
      {"AWS::ECS::TaskDefinition", "TaskRoleArn", "ecs-tasks.amazonaws.com"},
      {"AWS::ECS::TaskDefinition", "ExecutionRoleArn", "ecs-tasks.amazonaws.com"},
      {"AWS::IAM::InstanceProfile", "Roles", "ec2.amazonaws.com"},
      {"AWS::StepFunctions::StateMachine", "RoleArn", "states.amazonaws.com"},
      {"AWS::Serverless::StateMachine", "Role", "states.amazonaws.com"},
      {"AWS::CodeBuild::Project", "ServiceRole", "codebuild.amazonaws.com"},
      {"AWS::CodePipeline::Pipeline", "RoleArn", "codepipeline.amazonaws.com"},
      {"AWS::Events::Rule", "Targets[].RoleArn", "events.amazonaws.com"},
      {"AWS::Glue::Job", "Role", "glue.amazonaws.com"},
      {"AWS::Glue::Crawler", "Role", "glue.amazonaws.com"},
      {"AWS::Batch::ComputeEnvironment", "ServiceRole", "batch.amazonaws.com"},
      {"AWS::ApiGateway::Account", "CloudWatchRoleArn", "apigateway.amazonaws.com"},
      {"AWS::AppSync::DataSource", "ServiceRoleArn", "appsync.amazonaws.com"},
      {"AWS::KinesisFirehose::DeliveryStream", "ExtendedS3DestinationConfiguration.RoleARN", "firehose.amazonaws.com"},
      {"AWS::DataSync::LocationS3", "S3Config.BucketAccessRoleArn", "datasync.amazonaws.com"},
      {"AWS::SageMaker::NotebookInstance", "RoleArn", "sagemaker.amazonaws.com"},
      {"AWS::ECS::Service", "Role", "ecs.amazonaws.com"},
      {"AWS::Scheduler::Schedule", "Target.RoleArn", "scheduler.amazonaws.com"},
      {"AWS::Logs::SubscriptionFilter", "RoleArn", "logs.amazonaws.com"},
      {"AWS::RDS::DBInstance", "MonitoringRoleArn", "monitoring.rds.amazonaws.com"},
      {"AWS::Pipes::Pipe", "RoleArn", "pipes.amazonaws.com"},
  };
  for (const auto& w : wants) {
    const RoleConsumer* c = consumer(w.type, w.path);
    REQUIRE_MESSAGE(c != nullptr, w.type, " ", w.path);
    CHECK(c->service_principal == w.principal);
    CHECK_FALSE(c->service_label.empty());
  }
  CHECK(consumer("AWS::IAM::InstanceProfile", "Roles")->carries == Carries::RoleNameList);
  CHECK(consumer("AWS::Lambda::Function", "Role")->carries == Carries::RoleArn);
  CHECK(consumer("AWS::Events::Rule", "Targets[].RoleArn")->service_label == "EventBridge rule target");
}

TEST_CASE("role consumers: principal matching") {
  const RoleConsumer* lambda = consumer("AWS::Lambda::Function", "Role");
  REQUIRE(lambda != nullptr);
  CHECK(lambda->accepts("lambda.amazonaws.com"));
  CHECK(lambda->accepts("Lambda.AmazonAWS.com"));
  CHECK(lambda->accepts("lambda.amazonaws.com.cn"));
  CHECK_FALSE(lambda->accepts("ecs-tasks.amazonaws.com"));
  CHECK_FALSE(lambda->accepts("lambda"));
  CHECK_FALSE(lambda->accepts(""));
  const RoleConsumer* states = consumer("AWS::StepFunctions::StateMachine", "RoleArn");
  REQUIRE(states != nullptr);
  CHECK(states->accepts("states.us-east-1.amazonaws.com"));
  CHECK(states->accepts("states.cn-north-1.amazonaws.com.cn"));
  CHECK_FALSE(states->accepts("lambda.us-east-1.amazonaws.com"));
  const RoleConsumer* rds = consumer("AWS::RDS::DBCluster", "MonitoringRoleArn");
  REQUIRE(rds != nullptr);
  CHECK(rds->accepts("monitoring.rds.amazonaws.com"));
  CHECK_FALSE(rds->accepts("rds.amazonaws.com"));
  const RoleConsumer* mwaa = consumer("AWS::MWAA::Environment", "ExecutionRoleArn");
  REQUIRE(mwaa != nullptr);
  CHECK(mwaa->accepts("airflow-env.amazonaws.com"));
  CHECK(mwaa->accepts("airflow.amazonaws.com"));
}

TEST_CASE("role consumers: instance profiles (IAM006 b)") {
  const RoleConsumer* ec2 = consumer("AWS::EC2::Instance", "IamInstanceProfile");
  REQUIRE(ec2 != nullptr);
  CHECK(ec2->carries == Carries::InstanceProfileName);
  CHECK(is_instance_profile(ec2->carries));
  CHECK(consumer("AWS::EC2::LaunchTemplate", "LaunchTemplateData.IamInstanceProfile.Arn")->carries ==
        Carries::InstanceProfileArn);
  CHECK(consumer("AWS::EC2::LaunchTemplate", "LaunchTemplateData.IamInstanceProfile.Name")->carries ==
        Carries::InstanceProfileName);
  CHECK(is_instance_profile(consumer("AWS::AutoScaling::LaunchConfiguration", "IamInstanceProfile")->carries));
  CHECK(is_instance_profile(consumer("AWS::Batch::ComputeEnvironment", "ComputeResources.InstanceRole")->carries));
  CHECK(is_instance_profile(consumer("AWS::EMR::Cluster", "JobFlowRole")->carries));
  CHECK_FALSE(is_instance_profile(consumer("AWS::EMR::Cluster", "ServiceRole")->carries));
  CHECK(is_list(Carries::RoleNameList));
}

TEST_CASE("role consumers: table shape") {
  auto all = role_consumers();
  std::set<std::string_view> types;
  for (const auto& c : all) {
    types.insert(c.type);
    CHECK_FALSE(c.property_path.empty());
    CHECK(c.service_principal.size() > std::string_view(".amazonaws.com").size());
    CHECK(c.service_principal.ends_with(".amazonaws.com"));
    CHECK(c.accepts(c.service_principal));
  }
  CHECK(types.size() >= 30);
  CHECK(std::is_sorted(all.begin(), all.end(), [](const RoleConsumer& a, const RoleConsumer& b) {
    return a.type < b.type || (a.type == b.type && a.property_path < b.property_path);
  }));
  CHECK(role_consumers_of("AWS::Events::Rule").size() == 2);
  CHECK(role_consumers_of("AWS::S3::BucketPolicy").empty());
  CHECK(role_consumers_of("").empty());
}

TEST_CASE("policy properties") {
  const PolicyProperty* bp = policy("AWS::S3::BucketPolicy", "PolicyDocument");
  REQUIRE(bp != nullptr);
  CHECK(bp->kind == PolicyKind::Resource);
  CHECK(bp->shape == PolicyShape::Document);
  CHECK(bp->target_property == "Bucket");
  const PolicyProperty* trust = policy("AWS::IAM::Role", "AssumeRolePolicyDocument");
  REQUIRE(trust != nullptr);
  CHECK(trust->kind == PolicyKind::Trust);
  CHECK(trust->json_string_allowed);
  CHECK(policy("AWS::IAM::Role", "Policies[].PolicyDocument")->kind == PolicyKind::Identity);
  CHECK(policy("AWS::IAM::ManagedPolicy", "PolicyDocument")->kind == PolicyKind::Identity);
  CHECK(policy("AWS::SQS::QueuePolicy", "PolicyDocument")->target_property == "Queues");
  CHECK(policy("AWS::SNS::TopicPolicy", "PolicyDocument")->target_property == "Topics");
  CHECK(policy("AWS::KMS::Key", "KeyPolicy")->target_property.empty());
  CHECK(policy("AWS::ECR::Repository", "RepositoryPolicyText")->kind == PolicyKind::Resource);
  CHECK(policy("AWS::SecretsManager::ResourcePolicy", "ResourcePolicy")->target_property == "SecretId");
  CHECK(policy("AWS::Logs::ResourcePolicy", "PolicyDocument")->json_string_allowed);
  CHECK(policy("AWS::OpenSearchService::Domain", "AccessPolicies") != nullptr);
  CHECK(policy("AWS::Glacier::Vault", "AccessPolicy") != nullptr);
  CHECK(policy("AWS::ApiGateway::RestApi", "Policy") != nullptr);
  CHECK(policy("AWS::Events::EventBusPolicy", "Statement")->shape == PolicyShape::Statement);
  const PolicyProperty* perm = policy("AWS::Lambda::Permission", "");
  REQUIRE(perm != nullptr);
  CHECK(perm->shape == PolicyShape::FromProperties);
  CHECK(perm->target_property == "FunctionName");
  CHECK(policy("AWS::Serverless::Function", "Policies")->shape == PolicyShape::SamPolicies);
  CHECK(policy("AWS::CodeArtifact::Domain", "PermissionsPolicyDocument")->json_string_allowed == false);
  CHECK(policy_properties_of("AWS::IAM::Role").size() == 2);
  CHECK(policy_properties_of("AWS::Lambda::Function").empty());
  CHECK(policy_properties().size() >= 60);
}

TEST_CASE("SAM policy templates") {
  for (std::string_view name : {"DynamoDBCrudPolicy", "S3ReadPolicy", "SQSPollerPolicy", "LambdaInvokePolicy"}) {
    const SamPolicyTemplate* t = find_sam_policy_template(name);
    REQUIRE_MESSAGE(t != nullptr, name);
    CHECK(t->name == name);
    CHECK(t->json.starts_with("{"));
    CHECK(t->json.ends_with("}"));
    CHECK(t->json.find("\"Parameters\":") != std::string_view::npos);
    CHECK(t->json.find("\"Definition\":") != std::string_view::npos);
    CHECK(t->json.find("\"Statement\":") != std::string_view::npos);
  }
  const SamPolicyTemplate* crud = find_sam_policy_template("DynamoDBCrudPolicy");
  CHECK(crud->json.find("\"TableName\"") != std::string_view::npos);
  CHECK(crud->json.find("dynamodb:PutItem") != std::string_view::npos);
  CHECK(crud->json.find("Fn::Sub") != std::string_view::npos);
  CHECK(find_sam_policy_template("dynamodbcrudpolicy") == nullptr);
  CHECK(find_sam_policy_template("NoSuchPolicy") == nullptr);
  CHECK(sam_policy_templates().size() >= 80);
}

TEST_CASE("data versions") {
  CHECK(cfn_lint_version() == "1.51.0");
  CHECK(sam_translator_version() == "1.110.0");
  CHECK_FALSE(iam_data_version().empty());
}

}  // TEST_SUITE
