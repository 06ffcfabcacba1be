#!/usr/bin/env python3
"""The boto3 and awscli sides of scripts/bench-deploy.sh: the runner's calls, made one after another.

    bench_deploy_replay.py boto3  --calls CALLS.json --repo DIR --endpoint URL --ca CA --accounts A,B,C --tag T [--mode deploy|reads]
    bench_deploy_replay.py awscli ... [--environments dev]   one `aws` process per call

"The same calls": CALLS.json holds the operation counts of the runner's `awsCalls` event for the
same work (`pipeline run` of the example to three environments, or its no-change re-run). This
script makes exactly that many calls of each operation, spread over the three environments (and
prod's DR bucket) the way the runner spreads them, with valid arguments built from the same
repository files (table definitions, templates): first the writes in dependency order (roles,
tables, buckets, bucket settings, table settings, objects), then the reads and the smoke test's
probe items. It does no planning or diffing of its own: it is the floor of making these calls
from Python in one process (boto3) or from a shell (awscli). Prints one JSON line: seconds and
the calls made per operation (counted by botocore's `after-call` event or per `aws` process).
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
import time

ENVIRONMENTS = ["dev", "sit", "prod"]
REGION, DR_REGION = "af-south-1", "eu-west-1"
SETTINGS = {"dev": 30, "sit": 60, "prod": 90}  # templateVersionRetentionDays
WRITE_ORDER = [
    "STS.AssumeRole", "DynamoDB.CreateTable", "S3.CreateBucket", "S3.PutPublicAccessBlock", "S3.PutBucketEncryption",
    "S3.PutBucketVersioning", "S3.PutBucketLifecycleConfiguration", "S3.PutBucketTagging", "S3.PutBucketPolicy",
    "S3.PutBucketReplication", "DynamoDB.UpdateContinuousBackups", "DynamoDB.UpdateTimeToLive", "S3.PutObject",
]


def tags(environment):
    return {"Environment": environment, "Project": "bbws-customer-portal-public", "Owner": "platform-team@bbws.com",
            "CostCenter": "engineering", "ManagedBy": "pipeline", "BackupPolicy": "hourly" if environment == "prod" else "daily",
            "Component": "infrastructure"}


def load_tables(repo):
    tables = []
    for path in sorted(glob.glob(os.path.join(repo, "examples/schemas/dynamodb/*.json"))):
        with open(path, encoding="utf-8") as handle:
            tables.append(json.load(handle))
    return tables


def load_templates(repo):
    root = os.path.join(repo, "examples/templates")
    files = []
    for path in sorted(glob.glob(os.path.join(root, "**/*"), recursive=True)):
        if os.path.isfile(path):
            files.append((os.path.relpath(path, root), path))
    return files


def create_table_input(table, environment):
    def key(partition, sort=None):
        schema = [{"AttributeName": partition, "KeyType": "HASH"}]
        if sort:
            schema.append({"AttributeName": sort, "KeyType": "RANGE"})
        return schema

    def projection(spec):
        result = {"ProjectionType": spec.get("type", "ALL")}
        if spec.get("nonKeyAttributes"):
            result["NonKeyAttributes"] = spec["nonKeyAttributes"]
        return result

    table_tags = dict(tags(environment), Component="dynamodb")
    return {
        "TableName": table["tableName"],
        "AttributeDefinitions": [{"AttributeName": a["name"], "AttributeType": a["type"]} for a in table["attributeDefinitions"]],
        "KeySchema": key(table["keySchema"]["partitionKey"], table["keySchema"].get("sortKey")),
        "GlobalSecondaryIndexes": [{"IndexName": i["indexName"], "KeySchema": key(i["partitionKey"], i.get("sortKey")),
                                    "Projection": projection(i.get("projection", {}))}
                                   for i in table.get("globalSecondaryIndexes", [])],
        "BillingMode": "PAY_PER_REQUEST",
        "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        "DeletionProtectionEnabled": environment == "prod",
        "Tags": [{"Key": k, "Value": v} for k, v in sorted(table_tags.items())],
    }


class Plan:
    """The calls to make: (environment, service, operation, parameters, region), in order."""

    def __init__(self, counts, repo, accounts, tag):
        self.tables = load_tables(repo)
        self.templates = load_templates(repo)
        self.accounts = dict(zip(ENVIRONMENTS, accounts))
        self.tag = tag
        self.calls = []
        order = [op for op in WRITE_ORDER if op in counts] + sorted(op for op in counts if op not in WRITE_ORDER)
        for operation in order:
            for index in range(counts[operation]):
                self.calls.append(self.call(operation, index, counts[operation]))

    def bucket(self, environment):
        return f"bbws-templates-{self.tag}-{environment}"

    def buckets(self):
        """(environment, bucket, region): the three template buckets and prod's DR copy."""
        listed = [(e, self.bucket(e), REGION) for e in ENVIRONMENTS]
        listed.append(("prod", self.bucket("prod") + "-" + DR_REGION, DR_REGION))
        return listed

    def call(self, operation, index, total):
        service, action = operation.split(".", 1)
        environment = ENVIRONMENTS[index * 3 // total] if total >= 3 else ENVIRONMENTS[index % 3]
        table = self.tables[index % len(self.tables)]
        name = table["tableName"]
        env_b, bucket, region = self.buckets()[index % 4]
        key, path = self.templates[index % len(self.templates)]
        if service == "STS":
            return ("base", "sts", action, {"RoleArn": f"arn:aws:iam::{self.accounts[environment]}:role/bbws-deploy-{environment}",
                                            "RoleSessionName": "bench"}, "us-east-1")
        if service == "DynamoDB":
            params = {"TableName": name}
            if action == "CreateTable":
                environment = ENVIRONMENTS[index // len(self.tables)]
                params = create_table_input(table, environment)
            elif action == "ListTagsOfResource":
                params = {"ResourceArn": f"arn:aws:dynamodb:{REGION}:{self.accounts[environment]}:table/{name}"}
            elif action == "UpdateContinuousBackups":
                params["PointInTimeRecoverySpecification"] = {"PointInTimeRecoveryEnabled": True}
            elif action == "UpdateTimeToLive":
                with_ttl = [t for t in self.tables if t.get("timeToLive")] or self.tables
                table = with_ttl[index % len(with_ttl)]
                attribute = (table.get("timeToLive") or {}).get("attributeName", "expiresAt")
                params = {"TableName": table["tableName"], "TimeToLiveSpecification": {"Enabled": True, "AttributeName": attribute}}
            elif action in ("PutItem", "GetItem", "DeleteItem"):
                keys = {table["keySchema"]["partitionKey"]: {"S": "smoke-test#bench"}}
                if table["keySchema"].get("sortKey"):
                    keys[table["keySchema"]["sortKey"]] = {"S": "probe"}
                if action == "PutItem":
                    params["Item"] = dict(keys, smokeTest={"S": "bench"})
                else:
                    params["Key"] = keys
                    if action == "GetItem":
                        params["ConsistentRead"] = True
            return (environment, "dynamodb", action, params, REGION)
        # S3: bucket-level calls cycle over the four buckets; object calls over the three environments' objects.
        if action in ("PutObject", "GetObject", "HeadObject"):
            environment = ENVIRONMENTS[(index // len(self.templates)) % 3]
            params = {"Bucket": self.bucket(environment), "Key": key}
            if action == "PutObject":
                params.update(Body=path, ContentType="application/json" if key.endswith(".json") else "text/html; charset=utf-8",
                              Metadata={"commit": "bench"})
            return (environment, "s3", action, params, REGION)
        if action == "ListBuckets":
            return (environment, "s3", action, {}, REGION)
        params = {"Bucket": bucket}
        if action == "CreateBucket":
            params["CreateBucketConfiguration"] = {"LocationConstraint": region}
        elif action == "PutPublicAccessBlock":
            params["PublicAccessBlockConfiguration"] = {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
                                                        "RestrictPublicBuckets": True}
        elif action == "PutBucketEncryption":
            params["ServerSideEncryptionConfiguration"] = {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]}
        elif action == "PutBucketVersioning":
            params["VersioningConfiguration"] = {"Status": "Enabled"}
        elif action == "PutBucketLifecycleConfiguration":
            params["LifecycleConfiguration"] = {"Rules": [{"ID": "expire-noncurrent-template-versions", "Filter": {"Prefix": ""},
                                                           "Status": "Enabled",
                                                           "NoncurrentVersionExpiration": {"NoncurrentDays": SETTINGS[env_b]}}]}
        elif action == "PutBucketTagging":
            params["Tagging"] = {"TagSet": [{"Key": k, "Value": v} for k, v in sorted(tags(env_b).items())]}
        elif action == "PutBucketPolicy":
            arn = f"arn:aws:s3:::{bucket}"
            params["Policy"] = json.dumps({"Version": "2012-10-17", "Statement": [{
                "Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": [arn, arn + "/*"],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]})
        elif action in ("PutBucketReplication", "GetBucketReplication"):
            params["Bucket"] = self.bucket("prod")
            if action == "PutBucketReplication":
                params["ReplicationConfiguration"] = {
                    "Role": f"arn:aws:iam::{self.accounts['prod']}:role/{self.bucket('prod')}-replication",
                    "Rules": [{"ID": "disaster-recovery", "Priority": 1, "Filter": {"Prefix": ""}, "Status": "Enabled",
                               "DeleteMarkerReplication": {"Status": "Disabled"},
                               "Destination": {"Bucket": f"arn:aws:s3:::{self.bucket('prod')}-{DR_REGION}"}}]}
            env_b, region = "prod", REGION
        elif action in ("ListObjectVersions", "ListObjectsV2"):
            env_b, region = ENVIRONMENTS[index % 3], REGION
            params["Bucket"] = self.bucket(env_b)
        return (env_b, "s3", action, params, region)


def snake(action):
    import botocore
    return botocore.xform_name(action)


def run_boto3(plan, args):
    import boto3
    from botocore.config import Config

    counts = {}

    def count(**kwargs):
        model = kwargs["model"]
        name = f"{ {'sts': 'STS', 'dynamodb': 'DynamoDB', 's3': 'S3'}[model.service_model.service_name] }.{model.name}"
        counts[name] = counts.get(name, 0) + 1

    start = time.perf_counter()
    session = boto3.session.Session()
    session.events.register("after-call", count)
    config = Config(retries={"max_attempts": 3}, s3={"addressing_style": "path"})
    base = dict(endpoint_url=args.endpoint, verify=args.ca, config=config, aws_access_key_id="testing", aws_secret_access_key="testing")
    sts = session.client("sts", region_name="us-east-1", **base)
    credentials, clients = {}, {}

    def client(environment, service, region):
        if environment not in credentials:
            role = f"arn:aws:iam::{plan.accounts[environment]}:role/bbws-deploy-{environment}"
            credentials[environment] = sts.assume_role(RoleArn=role, RoleSessionName="bench")["Credentials"]
        key = (environment, service, region)
        if key not in clients:
            c = credentials[environment]
            clients[key] = session.client(service, region_name=region, endpoint_url=args.endpoint, verify=args.ca, config=config,
                                          aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"],
                                          aws_session_token=c["SessionToken"])
        return clients[key]

    for environment, service, action, params, region in plan.calls:
        if service == "sts":
            credentials[params["RoleArn"].split("/")[-1].split("-")[-1]] = sts.assume_role(**params)["Credentials"]
            continue
        if action == "PutObject":
            with open(params["Body"], "rb") as handle:
                params = dict(params, Body=handle.read())
        answer = getattr(client(environment, service, region), snake(action))(**params)
        if action == "GetObject":
            answer["Body"].read()  # the runner reads every object it gets
    return time.perf_counter() - start, counts


def run_awscli(plan, args):
    counts = {}
    chosen = set(args.environments.split(",")) if args.environments else set(ENVIRONMENTS)
    base_env = dict(os.environ, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_CA_BUNDLE=args.ca,
                    AWS_ENDPOINT_URL=args.endpoint)
    base_env.pop("AWS_SESSION_TOKEN", None)
    credentials = {}
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        for environment, service, action, params, region in plan.calls:
            target = params["RoleArn"].split("/")[-1].split("-")[-1] if service == "sts" else environment
            if target not in chosen:
                continue
            command = ["aws", "s3api" if service == "s3" else service, snake(action).replace("_", "-"),
                       "--region", region, "--output", "json"]
            params = dict(params)
            if action in ("PutObject", "GetObject", "HeadObject"):
                # awscli v1 wants these operations' required arguments as flags, not in --cli-input-json.
                command += ["--bucket", params.pop("Bucket"), "--key", params.pop("Key")]
                if action == "PutObject":
                    command += ["--body", params.pop("Body"), "--content-type", params.pop("ContentType"),
                                "--metadata", json.dumps(params.pop("Metadata"))]
                if action == "GetObject":
                    command.append(os.path.join(scratch, "object"))
            if params:
                command += ["--cli-input-json", json.dumps(params)]
            environment_variables = dict(base_env)
            if service != "sts":
                if environment not in credentials:
                    raise SystemExit(f"awscli side: no AssumeRole for {environment} before {action}")
                environment_variables.update(credentials[environment])
            result = subprocess.run(command, env=environment_variables, capture_output=True, text=True, timeout=120)
            if result.returncode != 0:
                raise SystemExit(f"aws {' '.join(command[1:3])} failed: {result.stderr.strip()[:400]}")
            if service == "sts":
                c = json.loads(result.stdout)["Credentials"]
                credentials[target] = {"AWS_ACCESS_KEY_ID": c["AccessKeyId"], "AWS_SECRET_ACCESS_KEY": c["SecretAccessKey"],
                                       "AWS_SESSION_TOKEN": c["SessionToken"]}
            name = f"{ {'sts': 'STS', 'dynamodb': 'DynamoDB', 's3': 'S3'}[service] }.{action}"
            counts[name] = counts.get(name, 0) + 1
    return time.perf_counter() - start, counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("side", choices=["boto3", "awscli"])
    parser.add_argument("--calls", required=True, help="JSON: operation → count (the runner's awsCalls details)")
    parser.add_argument("--repo", required=True)
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--ca", required=True)
    parser.add_argument("--accounts", required=True, help="dev,sit,prod account ids")
    parser.add_argument("--tag", required=True, help="bucket name tag")
    parser.add_argument("--mode", default="deploy", help="a label for the output")
    parser.add_argument("--environments", default="", help="awscli: only these environments' calls (comma-separated)")
    args = parser.parse_args()
    with open(args.calls, encoding="utf-8") as handle:
        details = json.load(handle)
    counts = {k: int(v) for k, v in details.items() if "." in k and not k.startswith("kind.")}
    plan = Plan(counts, args.repo, args.accounts.split(","), args.tag)
    seconds, made = (run_boto3 if args.side == "boto3" else run_awscli)(plan, args)
    print(json.dumps({"impl": args.side, "mode": args.mode, "seconds": seconds, "calls": sum(made.values()), "by_operation": made}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
