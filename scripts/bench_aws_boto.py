#!/usr/bin/env python3
"""The botocore/boto3 side of scripts/bench-aws.sh: the same measurements as `bench-aws`.

  bench_aws_boto.py sign [--seconds S] [--rounds R]
  bench_aws_boto.py dynamodb --endpoint URL --table NAME [--ops N] [--concurrency C] [--rounds R]

Prints one JSON object per measurement.
"""
import argparse
import json
import statistics
import time
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.auth import S3SigV4Auth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials


def sign(args):
    credentials = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                              "FwoGZXIvYXdzEBYaDbench-session-token")
    # The same three requests as Sources/bench-aws/main.swift.
    specs = [
        (SigV4Auth(credentials, "dynamodb", "af-south-1"), "POST", "https://dynamodb.af-south-1.amazonaws.com/",
         {"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "DynamoDB_20120810.GetItem", "User-Agent": "bench"},
         b'{"TableName":"bench","Key":{"id":{"S":"item-0001"}}}'),
        (S3SigV4Auth(credentials, "s3", "af-south-1"), "GET",
         "https://bbws-templates-dev.s3.af-south-1.amazonaws.com/receipts/order%20confirmation.html"
         "?versionId=3HL4kqtJlcpXroDTDmJ%2BrmSpXd3dIbrHY", {}, b""),
        (SigV4Auth(credentials, "sts", "af-south-1"), "POST", "https://sts.af-south-1.amazonaws.com/",
         {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}, b"Action=GetCallerIdentity&Version=2011-06-15"),
    ]
    rates = []
    for _ in range(args.rounds):
        count = 0
        start = time.perf_counter()
        elapsed = 0.0
        while elapsed < args.seconds:
            for _ in range(20):
                for auth, method, url, headers, body in specs:
                    request = AWSRequest(method=method, url=url, headers=dict(headers), data=body)
                    auth.add_auth(request)
                    count += 1
            elapsed = time.perf_counter() - start
        rates.append(count / elapsed)
    print(json.dumps({"bench": "sign", "impl": "botocore", "signatures_per_second": statistics.median(rates), "rounds": rates}))


def dynamodb(args):
    client = boto3.client("dynamodb", endpoint_url=args.endpoint, region_name="us-east-1",
                          aws_access_key_id="AKIABENCH", aws_secret_access_key="bench-secret",
                          config=Config(max_pool_connections=max(10, args.concurrency), retries={"max_attempts": 3}))

    def item(index):
        return {"id": {"S": f"boto-{index % 100}"}, "payload": {"S": "x" * 100}, "n": {"N": str(index)}}

    for index in range(20):
        client.put_item(TableName=args.table, Item=item(index))
        client.get_item(TableName=args.table, Key={"id": {"S": f"boto-{index % 100}"}})

    for operation in ["PutItem", "GetItem"]:
        def call(index):
            if operation == "PutItem":
                client.put_item(TableName=args.table, Item=item(index))
            else:
                client.get_item(TableName=args.table, Key={"id": {"S": f"boto-{index % 100}"}})

        latencies = []
        for index in range(args.ops):
            start = time.perf_counter()
            call(index)
            latencies.append(time.perf_counter() - start)
        print(json.dumps({"bench": "dynamodb", "impl": "boto3", "op": operation, "mode": "sequential",
                          "median_ms": statistics.median(latencies) * 1000}))
        per_op = []
        with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
            for _ in range(args.rounds):
                start = time.perf_counter()
                list(pool.map(call, range(args.ops)))
                per_op.append((time.perf_counter() - start) / args.ops)
        print(json.dumps({"bench": "dynamodb", "impl": "boto3", "op": operation, "mode": f"concurrent-{args.concurrency}",
                          "median_ms": statistics.median(per_op) * 1000, "ops_per_second": 1 / statistics.median(per_op)}))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["sign", "dynamodb"])
    parser.add_argument("--seconds", type=float, default=1.0)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--endpoint")
    parser.add_argument("--table")
    parser.add_argument("--ops", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    sign(args) if args.command == "sign" else dynamodb(args)


if __name__ == "__main__":
    main()
