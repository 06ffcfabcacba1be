#!/usr/bin/env python3
"""The boto3 side of scripts/bench-templates.sh: the reads of a no-change template plan.

  bench_templates_boto.py plan --endpoint URL --bucket NAME [--rounds R]

The same calls `bench-templates plan` makes: HeadBucket, GetBucketLocation, the seven
GetBucket* settings reads, and one ListObjectVersions, in one process (warm client), sequential
as a boto3 script would write them. Prints one JSON object.
"""
import argparse
import json
import statistics
import time

import boto3
import botocore.exceptions
from botocore.config import Config


def absent(call, **kwargs):
    try:
        return call(**kwargs)
    except botocore.exceptions.ClientError:
        return None


def plan(args):
    s3 = boto3.client("s3", endpoint_url=args.endpoint, region_name="af-south-1",
                      aws_access_key_id="AKIABENCH", aws_secret_access_key="bench-secret",
                      config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 3}))
    bucket = args.bucket
    times = []
    for round_index in range(args.rounds + 2):
        start = time.perf_counter()
        s3.head_bucket(Bucket=bucket)
        s3.get_bucket_location(Bucket=bucket)
        absent(s3.get_public_access_block, Bucket=bucket)
        absent(s3.get_bucket_encryption, Bucket=bucket)
        s3.get_bucket_versioning(Bucket=bucket)
        policy = absent(s3.get_bucket_policy, Bucket=bucket)
        if policy:
            json.loads(policy["Policy"])
        absent(s3.get_bucket_lifecycle_configuration, Bucket=bucket)
        absent(s3.get_bucket_replication, Bucket=bucket)
        absent(s3.get_bucket_tagging, Bucket=bucket)
        latest = {}
        for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket):
            for version in page.get("Versions", []) + page.get("DeleteMarkers", []):
                if version["IsLatest"]:
                    latest[version["Key"]] = (version["VersionId"], version.get("ETag"))
        elapsed = time.perf_counter() - start
        if round_index >= 2:
            times.append(elapsed * 1000)
    print(json.dumps({"bench": "plan", "impl": "boto3", "objects": len(latest), "median_ms": statistics.median(times),
                      "rounds": times}))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["plan"])
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--bucket", required=True)
    parser.add_argument("--rounds", type=int, default=20)
    plan(parser.parse_args())
