#!/usr/bin/env python3
"""The boto3 and awscli sides of scripts/bench-provisioning.sh: the same calls as
`bench-provisioning plan` (a no-change plan of the 3 example tables in 3 environments).

  bench_provisioning_boto.py boto3  --endpoint URL [--rounds R]   one process, same concurrency as ours
  bench_provisioning_boto.py awscli --endpoint URL [--rounds R]   one `aws` process per call, sequential

Per environment: STS AssumeRole; per table: DescribeTable, then DescribeContinuousBackups,
DescribeTimeToLive and ListTagsOfResource. Prints one JSON object per measurement.
"""
import argparse
import json
import os
import statistics
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

ENVIRONMENTS = [("dev", "536580886816", "bbws-deploy-dev"), ("sit", "815856636111", "bbws-deploy-sit"),
                ("prod", "093646564004", "bbws-deploy-prod")]
TABLES = ["tenants", "products", "campaigns"]
BASE = {"aws_access_key_id": "AKIABENCH0000000001", "aws_secret_access_key": "bench-secret"}


def boto3_side(args):
    import boto3
    from botocore.config import Config

    config = Config(max_pool_connections=16, retries={"max_attempts": 3})
    session = boto3.session.Session()
    sts = session.client("sts", endpoint_url=args.endpoint, region_name="us-east-1", config=config, **BASE)
    clients = []
    for _, account, role in ENVIRONMENTS:
        creds = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/{role}", RoleSessionName="bench")["Credentials"]
        clients.append((account, role, session.client(
            "dynamodb", endpoint_url=args.endpoint, region_name="us-east-1", config=config,
            aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
            aws_session_token=creds["SessionToken"])))
    pool = ThreadPoolExecutor(max_workers=48)

    def read_table(client, name):
        table = client.describe_table(TableName=name)["Table"]
        futures = [pool.submit(client.describe_continuous_backups, TableName=name),
                   pool.submit(client.describe_time_to_live, TableName=name),
                   pool.submit(client.list_tags_of_resource, ResourceArn=table["TableArn"])]
        return table, [f.result() for f in futures]

    def read_environment(account, role, client):
        sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/{role}", RoleSessionName="bench")
        futures = [pool.submit(read_table, client, name) for name in TABLES]
        return [f.result() for f in futures]

    times = []
    for round_number in range(args.rounds + 1):
        start = time.perf_counter()
        futures = [pool.submit(read_environment, *spec) for spec in clients]
        for future in futures:
            future.result()
        if round_number > 0:  # the first round warms connections up, as on our side
            times.append(time.perf_counter() - start)
    print(json.dumps({"bench": "plan", "impl": "boto3", "median_ms": statistics.median(times) * 1000,
                      "rounds": [t * 1000 for t in times]}))


def awscli_side(args):
    base_env = dict(os.environ, AWS_ACCESS_KEY_ID=BASE["aws_access_key_id"], AWS_SECRET_ACCESS_KEY=BASE["aws_secret_access_key"],
                    AWS_DEFAULT_REGION="us-east-1", AWS_PAGER="", AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null")
    base_env.pop("AWS_SESSION_TOKEN", None)

    def aws(env, *arguments):
        output = subprocess.run(["aws", "--endpoint-url", args.endpoint, "--output", "json", *arguments],
                                env=env, check=True, capture_output=True, text=True).stdout
        return json.loads(output) if output.strip() else {}

    times = []
    calls = 0
    for _ in range(args.rounds):
        start = time.perf_counter()
        calls = 0
        for _, account, role in ENVIRONMENTS:
            creds = aws(base_env, "sts", "assume-role", "--role-arn", f"arn:aws:iam::{account}:role/{role}",
                        "--role-session-name", "bench")["Credentials"]
            calls += 1
            env = dict(base_env, AWS_ACCESS_KEY_ID=creds["AccessKeyId"], AWS_SECRET_ACCESS_KEY=creds["SecretAccessKey"],
                       AWS_SESSION_TOKEN=creds["SessionToken"])
            for name in TABLES:
                table = aws(env, "dynamodb", "describe-table", "--table-name", name)["Table"]
                aws(env, "dynamodb", "describe-continuous-backups", "--table-name", name)
                aws(env, "dynamodb", "describe-time-to-live", "--table-name", name)
                aws(env, "dynamodb", "list-tags-of-resource", "--resource-arn", table["TableArn"])
                calls += 4
        times.append(time.perf_counter() - start)
    print(json.dumps({"bench": "plan", "impl": "awscli", "median_ms": statistics.median(times) * 1000,
                      "rounds": [t * 1000 for t in times], "calls": calls}))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("side", choices=["boto3", "awscli"])
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    boto3_side(args) if args.side == "boto3" else awscli_side(args)


if __name__ == "__main__":
    main()
