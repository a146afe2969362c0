// The role-consumer table: which resource property hands an IAM role (or an instance profile)
// to which AWS service, and so which service principal the role's trust policy must name
// (RULES.md IAM006(b), IAM007, IAM022).
//
// Curated by hand: the service principals are domain knowledge and part of the rules'
// definition. tools/cfndata/generate.py validates every entry against cfn-lint's resource
// schemas (the type and property exist, the property is a string -- or a list of strings for
// the *List kinds -- and its name, format or pattern says IAM role / instance profile); run it
// after editing this file. `generate.py --report` lists schema properties that look like role
// properties and are not covered here, for review.
//
// Entry: {type, property path, what it carries, service principal, other accepted principals
// (space-separated), label for messages}. Keep the table sorted by type, then path (checked at
// compile time). One line per entry: the generator parses this file.
#include <algorithm>
#include <array>
#include <cctype>

#include "lint/cfn/cfn_data.h"

namespace iamlint::cfn {
namespace {

// clang-format off
constexpr RoleConsumer kConsumers[] = {
    {"AWS::Amplify::App", "ComputeRoleArn", Carries::RoleArn, "amplify.amazonaws.com", "", "Amplify SSR compute"},
    {"AWS::Amplify::App", "IAMServiceRole", Carries::RoleArn, "amplify.amazonaws.com", "", "Amplify app"},
    {"AWS::Amplify::Branch", "ComputeRoleArn", Carries::RoleArn, "amplify.amazonaws.com", "", "Amplify SSR compute"},
    {"AWS::ApiGateway::Account", "CloudWatchRoleArn", Carries::RoleArn, "apigateway.amazonaws.com", "", "API Gateway CloudWatch logging"},
    {"AWS::ApiGateway::Method", "Integration.Credentials", Carries::RoleArn, "apigateway.amazonaws.com", "", "API Gateway integration"},
    {"AWS::ApiGatewayV2::Api", "CredentialsArn", Carries::RoleArn, "apigateway.amazonaws.com", "", "API Gateway quick-create integration"},
    {"AWS::ApiGatewayV2::Integration", "CredentialsArn", Carries::RoleArn, "apigateway.amazonaws.com", "", "API Gateway integration"},
    {"AWS::AppConfig::ConfigurationProfile", "RetrievalRoleArn", Carries::RoleArn, "appconfig.amazonaws.com", "", "AppConfig configuration retrieval"},
    {"AWS::AppConfig::Environment", "Monitors[].AlarmRoleArn", Carries::RoleArn, "appconfig.amazonaws.com", "", "AppConfig environment monitor"},
    {"AWS::AppFlow::Flow", "MetadataCatalogConfig.GlueDataCatalog.RoleArn", Carries::RoleArn, "appflow.amazonaws.com", "", "AppFlow Glue Data Catalog"},
    {"AWS::AppRunner::Service", "InstanceConfiguration.InstanceRoleArn", Carries::RoleArn, "tasks.apprunner.amazonaws.com", "", "App Runner service instance"},
    {"AWS::AppRunner::Service", "SourceConfiguration.AuthenticationConfiguration.AccessRoleArn", Carries::RoleArn, "build.apprunner.amazonaws.com", "", "App Runner image access"},
    {"AWS::AppStream::Fleet", "IamRoleArn", Carries::RoleArn, "appstream.amazonaws.com", "", "AppStream fleet"},
    {"AWS::AppStream::ImageBuilder", "IamRoleArn", Carries::RoleArn, "appstream.amazonaws.com", "", "AppStream image builder"},
    {"AWS::AppSync::Api", "EventConfig.LogConfig.CloudWatchLogsRoleArn", Carries::RoleArn, "appsync.amazonaws.com", "", "AppSync Events API logging"},
    {"AWS::AppSync::DataSource", "ServiceRoleArn", Carries::RoleArn, "appsync.amazonaws.com", "", "AppSync data source"},
    {"AWS::AppSync::GraphQLApi", "LogConfig.CloudWatchLogsRoleArn", Carries::RoleArn, "appsync.amazonaws.com", "", "AppSync API logging"},
    {"AWS::AppSync::GraphQLApi", "MergedApiExecutionRoleArn", Carries::RoleArn, "appsync.amazonaws.com", "", "AppSync merged API"},
    {"AWS::Athena::WorkGroup", "WorkGroupConfiguration.ExecutionRole", Carries::RoleArn, "athena.amazonaws.com", "", "Athena Spark workgroup"},
    {"AWS::AutoScaling::AutoScalingGroup", "LifecycleHookSpecificationList[].RoleARN", Carries::RoleArn, "autoscaling.amazonaws.com", "", "Auto Scaling lifecycle hook"},
    {"AWS::AutoScaling::LaunchConfiguration", "IamInstanceProfile", Carries::InstanceProfileArnOrName, "ec2.amazonaws.com", "", "Auto Scaling launch configuration"},
    {"AWS::AutoScaling::LifecycleHook", "RoleARN", Carries::RoleArn, "autoscaling.amazonaws.com", "", "Auto Scaling lifecycle hook"},
    {"AWS::Backup::BackupSelection", "BackupSelection.IamRoleArn", Carries::RoleArn, "backup.amazonaws.com", "", "AWS Backup selection"},
    {"AWS::Backup::RestoreTestingSelection", "IamRoleArn", Carries::RoleArn, "backup.amazonaws.com", "", "AWS Backup restore testing"},
    {"AWS::Batch::ComputeEnvironment", "ComputeResources.InstanceRole", Carries::InstanceProfileArnOrName, "ec2.amazonaws.com", "", "Batch compute instances"},
    {"AWS::Batch::ComputeEnvironment", "ComputeResources.SpotIamFleetRole", Carries::RoleArn, "spotfleet.amazonaws.com", "", "Batch Spot Fleet"},
    {"AWS::Batch::ComputeEnvironment", "ServiceRole", Carries::RoleArnOrName, "batch.amazonaws.com", "", "Batch compute environment"},
    {"AWS::Batch::JobDefinition", "ContainerProperties.ExecutionRoleArn", Carries::RoleArn, "ecs-tasks.amazonaws.com", "", "Batch job execution"},
    {"AWS::Batch::JobDefinition", "ContainerProperties.JobRoleArn", Carries::RoleArn, "ecs-tasks.amazonaws.com", "", "Batch job"},
    {"AWS::Batch::JobDefinition", "EcsProperties.TaskProperties[].ExecutionRoleArn", Carries::RoleArn, "ecs-tasks.amazonaws.com", "", "Batch job execution"},
    {"AWS::Batch::JobDefinition", "EcsProperties.TaskProperties[].TaskRoleArn", Carries::RoleArn, "ecs-tasks.amazonaws.com", "", "Batch job"},
    {"AWS::Batch::JobDefinition", "NodeProperties.NodeRangeProperties[].Container.ExecutionRoleArn", Carries::RoleArn, "ecs-tasks.amazonaws.com", "", "Batch job execution"},
    {"AWS::Batch::JobDefinition", "NodeProperties.NodeRangeProperties[].Container.JobRoleArn", Carries::RoleArn, "ecs-tasks.amazonaws.com", "", "Batch job"},
    {"AWS::Batch::JobDefinition", "NodeProperties.NodeRangeProperties[].EcsProperties.TaskProperties[].ExecutionRoleArn", Carries::RoleArn, "ecs-tasks.amazonaws.com", "", "Batch job execution"},
    {"AWS::Batch::JobDefinition", "NodeProperties.NodeRangeProperties[].EcsProperties.TaskProperties[].TaskRoleArn", Carries::RoleArn, "ecs-tasks.amazonaws.com", "", "Batch job"},
    {"AWS::Bedrock::Agent", "AgentResourceRoleArn", Carries::RoleArn, "bedrock.amazonaws.com", "", "Bedrock agent"},
    {"AWS::Bedrock::Flow", "ExecutionRoleArn", Carries::RoleArn, "bedrock.amazonaws.com", "", "Bedrock flow"},
    {"AWS::Bedrock::KnowledgeBase", "RoleArn", Carries::RoleArn, "bedrock.amazonaws.com", "", "Bedrock knowledge base"},
    {"AWS::Budgets::BudgetsAction", "ExecutionRoleArn", Carries::RoleArn, "budgets.amazonaws.com", "", "Budgets action"},
    {"AWS::Chatbot::MicrosoftTeamsChannelConfiguration", "IamRoleArn", Carries::RoleArn, "chatbot.amazonaws.com", "", "Chatbot Teams channel"},
    {"AWS::Chatbot::SlackChannelConfiguration", "IamRoleArn", Carries::RoleArn, "chatbot.amazonaws.com", "", "Chatbot Slack channel"},
    {"AWS::CloudFormation::GuardHook", "ExecutionRole", Carries::RoleArn, "hooks.cloudformation.amazonaws.com", "", "CloudFormation Guard hook"},
    {"AWS::CloudFormation::LambdaHook", "ExecutionRole", Carries::RoleArn, "hooks.cloudformation.amazonaws.com", "", "CloudFormation Lambda hook"},
    {"AWS::CloudFormation::ResourceVersion", "ExecutionRoleArn", Carries::RoleArn, "resources.cloudformation.amazonaws.com", "", "CloudFormation resource type"},
    {"AWS::CloudFormation::StackSet", "AdministrationRoleARN", Carries::RoleArn, "cloudformation.amazonaws.com", "", "CloudFormation StackSet administration"},
    {"AWS::CloudFront::RealtimeLogConfig", "EndPoints[].KinesisStreamConfig.RoleArn", Carries::RoleArn, "cloudfront.amazonaws.com", "", "CloudFront real-time logs"},
    {"AWS::CloudTrail::Trail", "CloudWatchLogsRoleArn", Carries::RoleArn, "cloudtrail.amazonaws.com", "", "CloudTrail CloudWatch Logs delivery"},
    {"AWS::CloudWatch::MetricStream", "RoleArn", Carries::RoleArn, "streams.metrics.cloudwatch.amazonaws.com", "", "CloudWatch metric stream"},
    {"AWS::CodeBuild::Fleet", "FleetServiceRole", Carries::RoleArn, "codebuild.amazonaws.com", "", "CodeBuild fleet"},
    {"AWS::CodeBuild::Project", "BuildBatchConfig.ServiceRole", Carries::RoleArnOrName, "codebuild.amazonaws.com", "", "CodeBuild batch build"},
    {"AWS::CodeBuild::Project", "ServiceRole", Carries::RoleArnOrName, "codebuild.amazonaws.com", "", "CodeBuild project"},
    {"AWS::CodeDeploy::DeploymentGroup", "ServiceRoleArn", Carries::RoleArn, "codedeploy.amazonaws.com", "", "CodeDeploy deployment group"},
    {"AWS::CodePipeline::Pipeline", "RoleArn", Carries::RoleArn, "codepipeline.amazonaws.com", "", "CodePipeline pipeline"},
    {"AWS::Cognito::UserPool", "SmsConfiguration.SnsCallerArn", Carries::RoleArn, "cognito-idp.amazonaws.com", "", "Cognito user pool SMS"},
    {"AWS::Cognito::UserPoolClient", "AnalyticsConfiguration.RoleArn", Carries::RoleArn, "cognito-idp.amazonaws.com", "", "Cognito user pool analytics"},
    {"AWS::Comprehend::DocumentClassifier", "DataAccessRoleArn", Carries::RoleArn, "comprehend.amazonaws.com", "", "Comprehend document classifier"},
    {"AWS::Comprehend::Flywheel", "DataAccessRoleArn", Carries::RoleArn, "comprehend.amazonaws.com", "", "Comprehend flywheel"},
    {"AWS::Config::ConfigurationAggregator", "OrganizationAggregationSource.RoleArn", Carries::RoleArn, "config.amazonaws.com", "", "AWS Config aggregator"},
    {"AWS::Config::ConfigurationRecorder", "RoleARN", Carries::RoleArn, "config.amazonaws.com", "", "AWS Config recorder"},
    {"AWS::DAX::Cluster", "IAMRoleARN", Carries::RoleArn, "dax.amazonaws.com", "", "DAX cluster"},
    {"AWS::DLM::LifecyclePolicy", "ExecutionRoleArn", Carries::RoleArn, "dlm.amazonaws.com", "", "Data Lifecycle Manager policy"},
    {"AWS::DMS::Endpoint", "DynamoDbSettings.ServiceAccessRoleArn", Carries::RoleArn, "dms.amazonaws.com", "", "DMS endpoint"},
    {"AWS::DMS::Endpoint", "ElasticsearchSettings.ServiceAccessRoleArn", Carries::RoleArn, "dms.amazonaws.com", "", "DMS endpoint"},
    {"AWS::DMS::Endpoint", "KinesisSettings.ServiceAccessRoleArn", Carries::RoleArn, "dms.amazonaws.com", "", "DMS endpoint"},
    {"AWS::DMS::Endpoint", "NeptuneSettings.ServiceAccessRoleArn", Carries::RoleArn, "dms.amazonaws.com", "", "DMS endpoint"},
    {"AWS::DMS::Endpoint", "RedshiftSettings.ServiceAccessRoleArn", Carries::RoleArn, "dms.amazonaws.com", "", "DMS endpoint"},
    {"AWS::DMS::Endpoint", "S3Settings.ServiceAccessRoleArn", Carries::RoleArn, "dms.amazonaws.com", "", "DMS endpoint"},
    {"AWS::DataBrew::Job", "RoleArn", Carries::RoleArn, "databrew.amazonaws.com", "", "DataBrew job"},
    {"AWS::DataBrew::Project", "RoleArn", Carries::RoleArn, "databrew.amazonaws.com", "", "DataBrew project"},
    {"AWS::DataSync::LocationAzureBlob", "CustomSecretConfig.SecretAccessRoleArn", Carries::RoleArn, "datasync.amazonaws.com", "", "DataSync location secret"},
    {"AWS::DataSync::LocationEFS", "FileSystemAccessRoleArn", Carries::RoleArn, "datasync.amazonaws.com", "", "DataSync EFS location"},
    {"AWS::DataSync::LocationFSxWindows", "CustomSecretConfig.SecretAccessRoleArn", Carries::RoleArn, "datasync.amazonaws.com", "", "DataSync location secret"},
    {"AWS::DataSync::LocationHDFS", "CustomSecretConfig.SecretAccessRoleArn", Carries::RoleArn, "datasync.amazonaws.com", "", "DataSync location secret"},
    {"AWS::DataSync::LocationObjectStorage", "CustomSecretConfig.SecretAccessRoleArn", Carries::RoleArn, "datasync.amazonaws.com", "", "DataSync location secret"},
    {"AWS::DataSync::LocationS3", "S3Config.BucketAccessRoleArn", Carries::RoleArn, "datasync.amazonaws.com", "", "DataSync S3 location"},
    {"AWS::DataSync::LocationSMB", "CustomSecretConfig.SecretAccessRoleArn", Carries::RoleArn, "datasync.amazonaws.com", "", "DataSync location secret"},
    {"AWS::DataSync::Task", "ManifestConfig.Source.S3.BucketAccessRoleArn", Carries::RoleArn, "datasync.amazonaws.com", "", "DataSync task manifest"},
    {"AWS::DataSync::Task", "TaskReportConfig.Destination.S3.BucketAccessRoleArn", Carries::RoleArn, "datasync.amazonaws.com", "", "DataSync task report"},
    {"AWS::EC2::EC2Fleet", "LaunchTemplateConfigs[].Overrides[].IamInstanceProfile.Arn", Carries::InstanceProfileArn, "ec2.amazonaws.com", "", "EC2 Fleet instances"},
    {"AWS::EC2::EC2Fleet", "LaunchTemplateConfigs[].Overrides[].IamInstanceProfile.Name", Carries::InstanceProfileName, "ec2.amazonaws.com", "", "EC2 Fleet instances"},
    {"AWS::EC2::FlowLog", "DeliverLogsPermissionArn", Carries::RoleArn, "vpc-flow-logs.amazonaws.com", "", "VPC flow log"},
    {"AWS::EC2::Instance", "IamInstanceProfile", Carries::InstanceProfileName, "ec2.amazonaws.com", "", "EC2 instance"},
    {"AWS::EC2::LaunchTemplate", "LaunchTemplateData.IamInstanceProfile.Arn", Carries::InstanceProfileArn, "ec2.amazonaws.com", "", "EC2 launch template"},
    {"AWS::EC2::LaunchTemplate", "LaunchTemplateData.IamInstanceProfile.Name", Carries::InstanceProfileName, "ec2.amazonaws.com", "", "EC2 launch template"},
    {"AWS::EC2::SpotFleet", "SpotFleetRequestConfigData.IamFleetRole", Carries::RoleArn, "spotfleet.amazonaws.com", "", "EC2 Spot Fleet"},
    {"AWS::EC2::SpotFleet", "SpotFleetRequestConfigData.LaunchSpecifications[].IamInstanceProfile.Arn", Carries::InstanceProfileArn, "ec2.amazonaws.com", "", "EC2 Spot Fleet instances"},
    {"AWS::ECS::CapacityProvider", "ManagedInstancesProvider.InfrastructureRoleArn", Carries::RoleArn, "ecs.amazonaws.com", "", "ECS Managed Instances infrastructure"},
    {"AWS::ECS::CapacityProvider", "ManagedInstancesProvider.InstanceLaunchTemplate.Ec2InstanceProfileArn", Carries::InstanceProfileArn, "ec2.amazonaws.com", "", "ECS Managed Instances"},
    {"AWS::ECS::DaemonTaskDefinition", "ExecutionRoleArn", Carries::RoleArn, "ecs-tasks.amazonaws.com", "", "ECS daemon task execution"},
    {"AWS::ECS::DaemonTaskDefinition", "TaskRoleArn", Carries::RoleArnOrName, "ecs-tasks.amazonaws.com", "", "ECS daemon task"},
    {"AWS::ECS::ExpressGatewayService", "ExecutionRoleArn", Carries::RoleArn, "ecs-tasks.amazonaws.com", "", "ECS Express service task execution"},
    {"AWS::ECS::ExpressGatewayService", "InfrastructureRoleArn", Carries::RoleArn, "ecs.amazonaws.com", "", "ECS Express service infrastructure"},
    {"AWS::ECS::ExpressGatewayService", "TaskRoleArn", Carries::RoleArn, "ecs-tasks.amazonaws.com", "", "ECS Express service task"},
    {"AWS::ECS::Service", "DeploymentConfiguration.LifecycleHooks[].RoleArn", Carries::RoleArn, "ecs.amazonaws.com", "", "ECS deployment lifecycle hook"},
    {"AWS::ECS::Service", "LoadBalancers[].AdvancedConfiguration.RoleArn", Carries::RoleArn, "ecs.amazonaws.com", "", "ECS blue/green load balancing"},
    {"AWS::ECS::Service", "Role", Carries::RoleArnOrName, "ecs.amazonaws.com", "", "ECS service load balancing"},
    {"AWS::ECS::Service", "VolumeConfigurations[].ManagedEBSVolume.RoleArn", Carries::RoleArn, "ecs.amazonaws.com", "", "ECS managed EBS volumes"},
    {"AWS::ECS::Service", "VpcLatticeConfigurations[].RoleArn", Carries::RoleArn, "ecs.amazonaws.com", "", "ECS VPC Lattice infrastructure"},
    {"AWS::ECS::TaskDefinition", "ExecutionRoleArn", Carries::RoleArn, "ecs-tasks.amazonaws.com", "", "ECS task execution"},
    {"AWS::ECS::TaskDefinition", "TaskRoleArn", Carries::RoleArnOrName, "ecs-tasks.amazonaws.com", "", "ECS task"},
    {"AWS::EKS::Addon", "PodIdentityAssociations[].RoleArn", Carries::RoleArn, "pods.eks.amazonaws.com", "", "EKS add-on pod identity"},
    {"AWS::EKS::Cluster", "ComputeConfig.NodeRoleArn", Carries::RoleArn, "ec2.amazonaws.com", "", "EKS Auto Mode nodes"},
    {"AWS::EKS::Cluster", "RoleArn", Carries::RoleArn, "eks.amazonaws.com", "", "EKS cluster"},
    {"AWS::EKS::FargateProfile", "PodExecutionRoleArn", Carries::RoleArn, "eks-fargate-pods.amazonaws.com", "", "EKS Fargate profile"},
    {"AWS::EKS::Nodegroup", "NodeRole", Carries::RoleArn, "ec2.amazonaws.com", "", "EKS node group"},
    {"AWS::EKS::PodIdentityAssociation", "RoleArn", Carries::RoleArn, "pods.eks.amazonaws.com", "", "EKS pod identity"},
    {"AWS::EMR::Cluster", "AutoScalingRole", Carries::RoleArnOrName, "application-autoscaling.amazonaws.com", "elasticmapreduce.amazonaws.com", "EMR automatic scaling"},
    {"AWS::EMR::Cluster", "JobFlowRole", Carries::InstanceProfileName, "ec2.amazonaws.com", "", "EMR cluster instances"},
    {"AWS::EMR::Cluster", "ServiceRole", Carries::RoleArnOrName, "elasticmapreduce.amazonaws.com", "", "EMR cluster"},
    {"AWS::EMR::Studio", "ServiceRole", Carries::RoleArn, "elasticmapreduce.amazonaws.com", "", "EMR Studio"},
    {"AWS::Elasticsearch::Domain", "CognitoOptions.RoleArn", Carries::RoleArn, "es.amazonaws.com", "opensearchservice.amazonaws.com", "Elasticsearch Cognito authentication"},
    {"AWS::Events::Endpoint", "RoleArn", Carries::RoleArn, "events.amazonaws.com", "", "EventBridge global endpoint"},
    {"AWS::Events::Rule", "RoleArn", Carries::RoleArn, "events.amazonaws.com", "", "EventBridge rule"},
    {"AWS::Events::Rule", "Targets[].RoleArn", Carries::RoleArn, "events.amazonaws.com", "", "EventBridge rule target"},
    {"AWS::FIS::ExperimentTemplate", "RoleArn", Carries::RoleArn, "fis.amazonaws.com", "", "FIS experiment"},
    {"AWS::GameLift::Build", "StorageLocation.RoleArn", Carries::RoleArn, "gamelift.amazonaws.com", "", "GameLift build upload"},
    {"AWS::GameLift::ContainerFleet", "FleetRoleArn", Carries::RoleArn, "gamelift.amazonaws.com", "", "GameLift container fleet"},
    {"AWS::GameLift::Fleet", "InstanceRoleARN", Carries::RoleArn, "gamelift.amazonaws.com", "", "GameLift fleet"},
    {"AWS::GameLift::Script", "StorageLocation.RoleArn", Carries::RoleArn, "gamelift.amazonaws.com", "", "GameLift script upload"},
    {"AWS::Glue::Crawler", "Role", Carries::RoleArnOrName, "glue.amazonaws.com", "", "Glue crawler"},
    {"AWS::Glue::DevEndpoint", "RoleArn", Carries::RoleArn, "glue.amazonaws.com", "", "Glue development endpoint"},
    {"AWS::Glue::Job", "Role", Carries::RoleArnOrName, "glue.amazonaws.com", "", "Glue job"},
    {"AWS::Glue::MLTransform", "Role", Carries::RoleArnOrName, "glue.amazonaws.com", "", "Glue ML transform"},
    {"AWS::Glue::TableOptimizer", "TableOptimizerConfiguration.RoleArn", Carries::RoleArn, "glue.amazonaws.com", "", "Glue table optimizer"},
    {"AWS::Grafana::Workspace", "RoleArn", Carries::RoleArn, "grafana.amazonaws.com", "", "Managed Grafana workspace"},
    {"AWS::Greengrass::Group", "RoleArn", Carries::RoleArn, "greengrass.amazonaws.com", "", "Greengrass group"},
    {"AWS::GuardDuty::MalwareProtectionPlan", "Role", Carries::RoleArn, "malware-protection-plan.guardduty.amazonaws.com", "", "GuardDuty malware protection plan"},
    {"AWS::IAM::InstanceProfile", "Roles", Carries::RoleNameList, "ec2.amazonaws.com", "", "EC2 instance profile"},
    {"AWS::ImageBuilder::InfrastructureConfiguration", "InstanceProfileName", Carries::InstanceProfileName, "ec2.amazonaws.com", "", "Image Builder build instances"},
    {"AWS::IoT::AccountAuditConfiguration", "AuditNotificationTargetConfigurations.Sns.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT Device Defender audit notification"},
    {"AWS::IoT::AccountAuditConfiguration", "RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT Device Defender audit"},
    {"AWS::IoT::CACertificate", "RegistrationConfig.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT just-in-time registration"},
    {"AWS::IoT::JobTemplate", "PresignedUrlConfig.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT job presigned URLs"},
    {"AWS::IoT::Logging", "RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT logging"},
    {"AWS::IoT::MitigationAction", "RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT Device Defender mitigation action"},
    {"AWS::IoT::ProvisioningTemplate", "ProvisioningRoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT provisioning template"},
    {"AWS::IoT::RoleAlias", "RoleArn", Carries::RoleArn, "credentials.iot.amazonaws.com", "", "IoT credentials provider role alias"},
    {"AWS::IoT::TopicRule", "TopicRulePayload.Actions[].CloudwatchAlarm.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule action"},
    {"AWS::IoT::TopicRule", "TopicRulePayload.Actions[].CloudwatchLogs.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule action"},
    {"AWS::IoT::TopicRule", "TopicRulePayload.Actions[].CloudwatchMetric.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule action"},
    {"AWS::IoT::TopicRule", "TopicRulePayload.Actions[].DynamoDB.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule action"},
    {"AWS::IoT::TopicRule", "TopicRulePayload.Actions[].DynamoDBv2.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule action"},
    {"AWS::IoT::TopicRule", "TopicRulePayload.Actions[].Elasticsearch.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule action"},
    {"AWS::IoT::TopicRule", "TopicRulePayload.Actions[].Firehose.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule action"},
    {"AWS::IoT::TopicRule", "TopicRulePayload.Actions[].Http.Auth.Sigv4.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule action"},
    {"AWS::IoT::TopicRule", "TopicRulePayload.Actions[].IotAnalytics.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule action"},
    {"AWS::IoT::TopicRule", "TopicRulePayload.Actions[].IotEvents.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule action"},
    {"AWS::IoT::TopicRule", "TopicRulePayload.Actions[].IotSiteWise.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule action"},
    {"AWS::IoT::TopicRule", "TopicRulePayload.Actions[].Kinesis.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule action"},
    {"AWS::IoT::TopicRule", "TopicRulePayload.Actions[].Location.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule action"},
    {"AWS::IoT::TopicRule", "TopicRulePayload.Actions[].OpenSearch.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule action"},
    {"AWS::IoT::TopicRule", "TopicRulePayload.Actions[].Republish.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule action"},
    {"AWS::IoT::TopicRule", "TopicRulePayload.Actions[].S3.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule action"},
    {"AWS::IoT::TopicRule", "TopicRulePayload.Actions[].Sns.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule action"},
    {"AWS::IoT::TopicRule", "TopicRulePayload.Actions[].Sqs.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule action"},
    {"AWS::IoT::TopicRule", "TopicRulePayload.Actions[].StepFunctions.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule action"},
    {"AWS::IoT::TopicRule", "TopicRulePayload.Actions[].Timestream.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule action"},
    {"AWS::IoT::TopicRule", "TopicRulePayload.ErrorAction.CloudwatchAlarm.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule error action"},
    {"AWS::IoT::TopicRule", "TopicRulePayload.ErrorAction.CloudwatchLogs.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule error action"},
    {"AWS::IoT::TopicRule", "TopicRulePayload.ErrorAction.CloudwatchMetric.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule error action"},
    {"AWS::IoT::TopicRule", "TopicRulePayload.ErrorAction.DynamoDB.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule error action"},
    {"AWS::IoT::TopicRule", "TopicRulePayload.ErrorAction.DynamoDBv2.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule error action"},
    {"AWS::IoT::TopicRule", "TopicRulePayload.ErrorAction.Elasticsearch.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule error action"},
    {"AWS::IoT::TopicRule", "TopicRulePayload.ErrorAction.Firehose.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule error action"},
    {"AWS::IoT::TopicRule", "TopicRulePayload.ErrorAction.Http.Auth.Sigv4.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule error action"},
    {"AWS::IoT::TopicRule", "TopicRulePayload.ErrorAction.IotAnalytics.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule error action"},
    {"AWS::IoT::TopicRule", "TopicRulePayload.ErrorAction.IotEvents.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule error action"},
    {"AWS::IoT::TopicRule", "TopicRulePayload.ErrorAction.IotSiteWise.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule error action"},
    {"AWS::IoT::TopicRule", "TopicRulePayload.ErrorAction.Kinesis.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule error action"},
    {"AWS::IoT::TopicRule", "TopicRulePayload.ErrorAction.Location.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule error action"},
    {"AWS::IoT::TopicRule", "TopicRulePayload.ErrorAction.OpenSearch.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule error action"},
    {"AWS::IoT::TopicRule", "TopicRulePayload.ErrorAction.Republish.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule error action"},
    {"AWS::IoT::TopicRule", "TopicRulePayload.ErrorAction.S3.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule error action"},
    {"AWS::IoT::TopicRule", "TopicRulePayload.ErrorAction.Sns.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule error action"},
    {"AWS::IoT::TopicRule", "TopicRulePayload.ErrorAction.Sqs.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule error action"},
    {"AWS::IoT::TopicRule", "TopicRulePayload.ErrorAction.StepFunctions.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule error action"},
    {"AWS::IoT::TopicRule", "TopicRulePayload.ErrorAction.Timestream.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule error action"},
    {"AWS::IoT::TopicRuleDestination", "VpcProperties.RoleArn", Carries::RoleArn, "iot.amazonaws.com", "", "IoT topic rule destination"},
    {"AWS::IoTAnalytics::Channel", "ChannelStorage.CustomerManagedS3.RoleArn", Carries::RoleArn, "iotanalytics.amazonaws.com", "", "IoT Analytics channel storage"},
    {"AWS::IoTAnalytics::Datastore", "DatastoreStorage.CustomerManagedS3.RoleArn", Carries::RoleArn, "iotanalytics.amazonaws.com", "", "IoT Analytics datastore storage"},
    {"AWS::IoTEvents::AlarmModel", "RoleArn", Carries::RoleArn, "iotevents.amazonaws.com", "", "IoT Events alarm model"},
    {"AWS::Kendra::DataSource", "RoleArn", Carries::RoleArn, "kendra.amazonaws.com", "", "Kendra data source"},
    {"AWS::Kendra::Index", "RoleArn", Carries::RoleArn, "kendra.amazonaws.com", "", "Kendra index"},
    {"AWS::KinesisAnalytics::Application", "Inputs[].InputProcessingConfiguration.InputLambdaProcessor.RoleARN", Carries::RoleArn, "kinesisanalytics.amazonaws.com", "", "Kinesis Data Analytics application"},
    {"AWS::KinesisAnalytics::Application", "Inputs[].KinesisFirehoseInput.RoleARN", Carries::RoleArn, "kinesisanalytics.amazonaws.com", "", "Kinesis Data Analytics application"},
    {"AWS::KinesisAnalytics::Application", "Inputs[].KinesisStreamsInput.RoleARN", Carries::RoleArn, "kinesisanalytics.amazonaws.com", "", "Kinesis Data Analytics application"},
    {"AWS::KinesisAnalytics::ApplicationOutput", "Output.KinesisFirehoseOutput.RoleARN", Carries::RoleArn, "kinesisanalytics.amazonaws.com", "", "Kinesis Data Analytics output"},
    {"AWS::KinesisAnalytics::ApplicationOutput", "Output.KinesisStreamsOutput.RoleARN", Carries::RoleArn, "kinesisanalytics.amazonaws.com", "", "Kinesis Data Analytics output"},
    {"AWS::KinesisAnalytics::ApplicationOutput", "Output.LambdaOutput.RoleARN", Carries::RoleArn, "kinesisanalytics.amazonaws.com", "", "Kinesis Data Analytics output"},
    {"AWS::KinesisAnalytics::ApplicationReferenceDataSource", "ReferenceDataSource.S3ReferenceDataSource.ReferenceRoleARN", Carries::RoleArn, "kinesisanalytics.amazonaws.com", "", "Kinesis Data Analytics reference data"},
    {"AWS::KinesisAnalyticsV2::Application", "ServiceExecutionRole", Carries::RoleArn, "kinesisanalytics.amazonaws.com", "", "Managed Service for Apache Flink application"},
    {"AWS::KinesisFirehose::DeliveryStream", "AmazonOpenSearchServerlessDestinationConfiguration.RoleARN", Carries::RoleArn, "firehose.amazonaws.com", "", "Firehose delivery stream"},
    {"AWS::KinesisFirehose::DeliveryStream", "AmazonOpenSearchServerlessDestinationConfiguration.S3Configuration.RoleARN", Carries::RoleArn, "firehose.amazonaws.com", "", "Firehose delivery stream"},
    {"AWS::KinesisFirehose::DeliveryStream", "AmazonOpenSearchServerlessDestinationConfiguration.VpcConfiguration.RoleARN", Carries::RoleArn, "firehose.amazonaws.com", "", "Firehose delivery stream"},
    {"AWS::KinesisFirehose::DeliveryStream", "AmazonopensearchserviceDestinationConfiguration.RoleARN", Carries::RoleArn, "firehose.amazonaws.com", "", "Firehose delivery stream"},
    {"AWS::KinesisFirehose::DeliveryStream", "AmazonopensearchserviceDestinationConfiguration.S3Configuration.RoleARN", Carries::RoleArn, "firehose.amazonaws.com", "", "Firehose delivery stream"},
    {"AWS::KinesisFirehose::DeliveryStream", "AmazonopensearchserviceDestinationConfiguration.VpcConfiguration.RoleARN", Carries::RoleArn, "firehose.amazonaws.com", "", "Firehose delivery stream"},
    {"AWS::KinesisFirehose::DeliveryStream", "ElasticsearchDestinationConfiguration.RoleARN", Carries::RoleArn, "firehose.amazonaws.com", "", "Firehose delivery stream"},
    {"AWS::KinesisFirehose::DeliveryStream", "ElasticsearchDestinationConfiguration.S3Configuration.RoleARN", Carries::RoleArn, "firehose.amazonaws.com", "", "Firehose delivery stream"},
    {"AWS::KinesisFirehose::DeliveryStream", "ElasticsearchDestinationConfiguration.VpcConfiguration.RoleARN", Carries::RoleArn, "firehose.amazonaws.com", "", "Firehose delivery stream"},
    {"AWS::KinesisFirehose::DeliveryStream", "ExtendedS3DestinationConfiguration.DataFormatConversionConfiguration.SchemaConfiguration.RoleARN", Carries::RoleArn, "firehose.amazonaws.com", "", "Firehose delivery stream"},
    {"AWS::KinesisFirehose::DeliveryStream", "ExtendedS3DestinationConfiguration.RoleARN", Carries::RoleArn, "firehose.amazonaws.com", "", "Firehose delivery stream"},
    {"AWS::KinesisFirehose::DeliveryStream", "ExtendedS3DestinationConfiguration.S3BackupConfiguration.RoleARN", Carries::RoleArn, "firehose.amazonaws.com", "", "Firehose delivery stream"},
    {"AWS::KinesisFirehose::DeliveryStream", "HttpEndpointDestinationConfiguration.RoleARN", Carries::RoleArn, "firehose.amazonaws.com", "", "Firehose delivery stream"},
    {"AWS::KinesisFirehose::DeliveryStream", "HttpEndpointDestinationConfiguration.S3Configuration.RoleARN", Carries::RoleArn, "firehose.amazonaws.com", "", "Firehose delivery stream"},
    {"AWS::KinesisFirehose::DeliveryStream", "IcebergDestinationConfiguration.RoleARN", Carries::RoleArn, "firehose.amazonaws.com", "", "Firehose delivery stream"},
    {"AWS::KinesisFirehose::DeliveryStream", "IcebergDestinationConfiguration.S3Configuration.RoleARN", Carries::RoleArn, "firehose.amazonaws.com", "", "Firehose delivery stream"},
    {"AWS::KinesisFirehose::DeliveryStream", "KinesisStreamSourceConfiguration.RoleARN", Carries::RoleArn, "firehose.amazonaws.com", "", "Firehose delivery stream"},
    {"AWS::KinesisFirehose::DeliveryStream", "MSKSourceConfiguration.AuthenticationConfiguration.RoleARN", Carries::RoleArn, "firehose.amazonaws.com", "", "Firehose delivery stream"},
    {"AWS::KinesisFirehose::DeliveryStream", "RedshiftDestinationConfiguration.RoleARN", Carries::RoleArn, "firehose.amazonaws.com", "", "Firehose delivery stream"},
    {"AWS::KinesisFirehose::DeliveryStream", "RedshiftDestinationConfiguration.S3Configuration.RoleARN", Carries::RoleArn, "firehose.amazonaws.com", "", "Firehose delivery stream"},
    {"AWS::KinesisFirehose::DeliveryStream", "S3DestinationConfiguration.RoleARN", Carries::RoleArn, "firehose.amazonaws.com", "", "Firehose delivery stream"},
    {"AWS::KinesisFirehose::DeliveryStream", "SnowflakeDestinationConfiguration.RoleARN", Carries::RoleArn, "firehose.amazonaws.com", "", "Firehose delivery stream"},
    {"AWS::KinesisFirehose::DeliveryStream", "SnowflakeDestinationConfiguration.S3Configuration.RoleARN", Carries::RoleArn, "firehose.amazonaws.com", "", "Firehose delivery stream"},
    {"AWS::KinesisFirehose::DeliveryStream", "SplunkDestinationConfiguration.S3Configuration.RoleARN", Carries::RoleArn, "firehose.amazonaws.com", "", "Firehose delivery stream"},
    {"AWS::LakeFormation::Resource", "RoleArn", Carries::RoleArn, "lakeformation.amazonaws.com", "", "Lake Formation data location"},
    {"AWS::Lambda::Function", "Role", Carries::RoleArn, "lambda.amazonaws.com", "", "Lambda function"},
    {"AWS::Lex::Bot", "RoleArn", Carries::RoleArn, "lexv2.amazonaws.com", "", "Lex bot"},
    {"AWS::Logs::Destination", "RoleArn", Carries::RoleArn, "logs.amazonaws.com", "", "CloudWatch Logs destination"},
    {"AWS::Logs::SubscriptionFilter", "RoleArn", Carries::RoleArn, "logs.amazonaws.com", "", "CloudWatch Logs subscription filter"},
    {"AWS::MWAA::Environment", "ExecutionRoleArn", Carries::RoleArn, "airflow-env.amazonaws.com", "airflow.amazonaws.com", "MWAA environment"},
    {"AWS::MediaLive::Channel", "RoleArn", Carries::RoleArn, "medialive.amazonaws.com", "", "MediaLive channel"},
    {"AWS::OSIS::Pipeline", "PipelineRoleArn", Carries::RoleArn, "osis-pipelines.amazonaws.com", "", "OpenSearch Ingestion pipeline"},
    {"AWS::OpenSearchService::Domain", "CognitoOptions.RoleArn", Carries::RoleArn, "opensearchservice.amazonaws.com", "es.amazonaws.com", "OpenSearch Cognito authentication"},
    {"AWS::OpsWorks::Stack", "DefaultInstanceProfileArn", Carries::InstanceProfileArn, "ec2.amazonaws.com", "", "OpsWorks stack instances"},
    {"AWS::OpsWorks::Stack", "ServiceRoleArn", Carries::RoleArn, "opsworks.amazonaws.com", "", "OpsWorks stack"},
    {"AWS::Pipes::Pipe", "RoleArn", Carries::RoleArn, "pipes.amazonaws.com", "", "EventBridge pipe"},
    {"AWS::RDS::DBCluster", "AssociatedRoles[].RoleArn", Carries::RoleArn, "rds.amazonaws.com", "", "RDS DB cluster feature"},
    {"AWS::RDS::DBCluster", "MonitoringRoleArn", Carries::RoleArn, "monitoring.rds.amazonaws.com", "", "RDS enhanced monitoring"},
    {"AWS::RDS::DBInstance", "AssociatedRoles[].RoleArn", Carries::RoleArn, "rds.amazonaws.com", "", "RDS DB instance feature"},
    {"AWS::RDS::DBInstance", "CustomIAMInstanceProfile", Carries::InstanceProfileName, "ec2.amazonaws.com", "", "RDS Custom instance"},
    {"AWS::RDS::DBInstance", "MonitoringRoleArn", Carries::RoleArn, "monitoring.rds.amazonaws.com", "", "RDS enhanced monitoring"},
    {"AWS::RDS::DBProxy", "RoleArn", Carries::RoleArn, "rds.amazonaws.com", "", "RDS Proxy"},
    {"AWS::Redshift::Cluster", "IamRoles", Carries::RoleArnList, "redshift.amazonaws.com", "", "Redshift cluster"},
    {"AWS::S3::Bucket", "ReplicationConfiguration.Role", Carries::RoleArn, "s3.amazonaws.com", "", "S3 replication"},
    {"AWS::SES::ReceiptRule", "Rule.Actions[].S3Action.IamRoleArn", Carries::RoleArn, "ses.amazonaws.com", "", "SES receipt rule S3 action"},
    {"AWS::SNS::Subscription", "SubscriptionRoleArn", Carries::RoleArn, "sns.amazonaws.com", "", "SNS Firehose subscription"},
    {"AWS::SNS::Topic", "DeliveryStatusLogging[].FailureFeedbackRoleArn", Carries::RoleArn, "sns.amazonaws.com", "", "SNS delivery status logging"},
    {"AWS::SNS::Topic", "DeliveryStatusLogging[].SuccessFeedbackRoleArn", Carries::RoleArn, "sns.amazonaws.com", "", "SNS delivery status logging"},
    {"AWS::SSM::MaintenanceWindowTask", "ServiceRoleArn", Carries::RoleArn, "ssm.amazonaws.com", "", "SSM maintenance window task"},
    {"AWS::SageMaker::Cluster", "InstanceGroups[].ExecutionRole", Carries::RoleArn, "sagemaker.amazonaws.com", "", "SageMaker HyperPod cluster"},
    {"AWS::SageMaker::DataQualityJobDefinition", "RoleArn", Carries::RoleArn, "sagemaker.amazonaws.com", "", "SageMaker data quality job"},
    {"AWS::SageMaker::Domain", "DefaultSpaceSettings.ExecutionRole", Carries::RoleArn, "sagemaker.amazonaws.com", "", "SageMaker domain"},
    {"AWS::SageMaker::Domain", "DefaultUserSettings.ExecutionRole", Carries::RoleArn, "sagemaker.amazonaws.com", "", "SageMaker domain"},
    {"AWS::SageMaker::EndpointConfig", "ExecutionRoleArn", Carries::RoleArn, "sagemaker.amazonaws.com", "", "SageMaker endpoint configuration"},
    {"AWS::SageMaker::FeatureGroup", "RoleArn", Carries::RoleArn, "sagemaker.amazonaws.com", "", "SageMaker feature group"},
    {"AWS::SageMaker::Model", "ExecutionRoleArn", Carries::RoleArn, "sagemaker.amazonaws.com", "", "SageMaker model"},
    {"AWS::SageMaker::ModelBiasJobDefinition", "RoleArn", Carries::RoleArn, "sagemaker.amazonaws.com", "", "SageMaker model bias job"},
    {"AWS::SageMaker::ModelExplainabilityJobDefinition", "RoleArn", Carries::RoleArn, "sagemaker.amazonaws.com", "", "SageMaker model explainability job"},
    {"AWS::SageMaker::ModelQualityJobDefinition", "RoleArn", Carries::RoleArn, "sagemaker.amazonaws.com", "", "SageMaker model quality job"},
    {"AWS::SageMaker::MonitoringSchedule", "MonitoringScheduleConfig.MonitoringJobDefinition.RoleArn", Carries::RoleArn, "sagemaker.amazonaws.com", "", "SageMaker monitoring schedule"},
    {"AWS::SageMaker::NotebookInstance", "RoleArn", Carries::RoleArn, "sagemaker.amazonaws.com", "", "SageMaker notebook instance"},
    {"AWS::SageMaker::Pipeline", "RoleArn", Carries::RoleArn, "sagemaker.amazonaws.com", "", "SageMaker pipeline"},
    {"AWS::SageMaker::ProcessingJob", "RoleArn", Carries::RoleArn, "sagemaker.amazonaws.com", "", "SageMaker processing job"},
    {"AWS::SageMaker::UserProfile", "UserSettings.ExecutionRole", Carries::RoleArn, "sagemaker.amazonaws.com", "", "SageMaker user profile"},
    {"AWS::Scheduler::Schedule", "Target.RoleArn", Carries::RoleArn, "scheduler.amazonaws.com", "", "EventBridge Scheduler schedule"},
    {"AWS::Serverless::Function", "Role", Carries::RoleArn, "lambda.amazonaws.com", "", "SAM function"},
    {"AWS::Serverless::StateMachine", "Role", Carries::RoleArn, "states.amazonaws.com", "", "SAM state machine"},
    {"AWS::ServiceCatalog::LaunchRoleConstraint", "RoleArn", Carries::RoleArn, "servicecatalog.amazonaws.com", "", "Service Catalog launch constraint"},
    {"AWS::Shield::DRTAccess", "RoleArn", Carries::RoleArn, "drt.shield.amazonaws.com", "", "Shield Response Team access"},
    {"AWS::StepFunctions::StateMachine", "RoleArn", Carries::RoleArn, "states.amazonaws.com", "", "Step Functions state machine"},
    {"AWS::Synthetics::Canary", "ExecutionRoleArn", Carries::RoleArn, "lambda.amazonaws.com", "", "Synthetics canary"},
    {"AWS::Timestream::ScheduledQuery", "ScheduledQueryExecutionRoleArn", Carries::RoleArn, "timestream.amazonaws.com", "", "Timestream scheduled query"},
    {"AWS::Transfer::Agreement", "AccessRole", Carries::RoleArn, "transfer.amazonaws.com", "", "Transfer Family agreement"},
    {"AWS::Transfer::Connector", "AccessRole", Carries::RoleArn, "transfer.amazonaws.com", "", "Transfer Family connector"},
    {"AWS::Transfer::Connector", "LoggingRole", Carries::RoleArn, "transfer.amazonaws.com", "", "Transfer Family connector logging"},
    {"AWS::Transfer::Server", "IdentityProviderDetails.InvocationRole", Carries::RoleArn, "transfer.amazonaws.com", "", "Transfer Family identity provider"},
    {"AWS::Transfer::Server", "LoggingRole", Carries::RoleArn, "transfer.amazonaws.com", "", "Transfer Family server logging"},
    {"AWS::Transfer::User", "Role", Carries::RoleArn, "transfer.amazonaws.com", "", "Transfer Family user"},
};
// clang-format on

constexpr bool sorted_and_unique() {
  for (size_t i = 1; i < std::size(kConsumers); ++i) {
    const auto& a = kConsumers[i - 1];
    const auto& b = kConsumers[i];
    if (a.type > b.type || (a.type == b.type && a.property_path >= b.property_path)) return false;
  }
  return true;
}
static_assert(sorted_and_unique(), "kConsumers must be sorted by type, then path, without duplicates");

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

bool iends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && iequals(s.substr(s.size() - suffix.size()), suffix);
}

// "states.us-east-1.amazonaws.com" -> "states.amazonaws.com"; "x.amazonaws.com.cn" ->
// "x.amazonaws.com". Other text is returned unchanged.
std::string_view strip_suffix(std::string_view p, std::string& buf) {
  std::string_view base = p;
  if (iends_with(base, ".amazonaws.com.cn")) base = base.substr(0, base.size() - 3);
  if (!iends_with(base, ".amazonaws.com")) return p;
  std::string_view head = base.substr(0, base.size() - std::string_view(".amazonaws.com").size());
  // A region label looks like "us-east-1", "cn-north-1", "us-gov-west-1": letters-...-digit.
  size_t dot = head.rfind('.');
  if (dot != std::string_view::npos) {
    std::string_view last = head.substr(dot + 1);
    bool region = last.size() >= 6 && std::isdigit(static_cast<unsigned char>(last.back())) &&
                  last.find('-') != std::string_view::npos &&
                  std::isalpha(static_cast<unsigned char>(last.front()));
    if (region) head = head.substr(0, dot);
  }
  buf.assign(head);
  buf += ".amazonaws.com";
  return buf;
}

}  // namespace

bool RoleConsumer::accepts(std::string_view principal) const {
  std::string buf;
  std::string_view p = strip_suffix(principal, buf);
  if (iequals(p, service_principal) || iequals(principal, service_principal)) return true;
  std::string_view rest = also_accepted;
  while (!rest.empty()) {
    size_t sp = rest.find(' ');
    std::string_view one = rest.substr(0, sp);
    if (!one.empty() && (iequals(p, one) || iequals(principal, one))) return true;
    if (sp == std::string_view::npos) break;
    rest.remove_prefix(sp + 1);
  }
  return false;
}

std::span<const RoleConsumer> role_consumers() { return kConsumers; }

std::span<const RoleConsumer> role_consumers_of(std::string_view cfn_type) {
  struct ByType {
    bool operator()(const RoleConsumer& a, std::string_view b) const { return a.type < b; }
    bool operator()(std::string_view a, const RoleConsumer& b) const { return a < b.type; }
  };
  auto [lo, hi] = std::equal_range(std::begin(kConsumers), std::end(kConsumers), cfn_type, ByType{});
  return {lo, hi};
}

}  // namespace iamlint::cfn
