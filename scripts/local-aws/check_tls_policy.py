#!/usr/bin/env python3
"""Checks the local TLS endpoint with boto3: a bucket policy denying requests without TLS lets
object calls through over HTTPS and denies them over plain HTTP, on the same moto state.

    AWS_CA_BUNDLE=.../ca.pem python3 scripts/local-aws/check_tls_policy.py \
        --endpoint https://127.0.0.1:PORT --plain-endpoint http://127.0.0.1:PLAIN

Prints one line per check and exits 0 when all pass, 1 otherwise. Certificates are verified
against AWS_CA_BUNDLE; the script also shows that a client without that bundle is refused.
"""
import argparse
import json
import os
import sys
import uuid

import boto3
import botocore.config
import botocore.exceptions

# The system trust store (without the local CA): a client using it must be refused.
SYSTEM_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"


def client(endpoint, verify=None):
    kwargs = {"endpoint_url": endpoint, "region_name": "us-east-1",
              "aws_access_key_id": "testing", "aws_secret_access_key": "testing",
              "config": botocore.config.Config(retries={"max_attempts": 1}, s3={"addressing_style": "path"})}
    if verify is not None:
        kwargs["verify"] = verify
    return boto3.client("s3", **kwargs)


def error_code(call):
    try:
        call()
    except botocore.exceptions.ClientError as error:
        return error.response.get("Error", {}).get("Code") or str(error.response["ResponseMetadata"]["HTTPStatusCode"])
    return None


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--plain-endpoint", required=True)
    args = parser.parse_args(argv)
    if not os.environ.get("AWS_CA_BUNDLE"):
        print("AWS_CA_BUNDLE is not set: the CA of the local endpoint must be trusted through it", file=sys.stderr)
        return 2

    secure, plain = client(args.endpoint), client(args.plain_endpoint)
    bucket = f"tls-policy-{uuid.uuid4().hex[:8]}"
    policy = {"Version": "2012-10-17", "Statement": [{
        "Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
        "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}
    failures = []

    def check(name, ok, detail=""):
        print(f"{'ok  ' if ok else 'FAIL'} {name}{': ' + detail if detail else ''}")
        if not ok:
            failures.append(name)

    secure.create_bucket(Bucket=bucket)
    secure.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))
    stored = json.loads(secure.get_bucket_policy(Bucket=bucket)["Policy"])
    check("policy stored unchanged", stored == policy)

    code = error_code(lambda: secure.put_object(Bucket=bucket, Key="a.html", Body=b"<p>tls</p>"))
    check("PUT over HTTPS allowed", code is None, code or "")
    body = None
    code = error_code(lambda: secure.get_object(Bucket=bucket, Key="a.html"))
    if code is None:
        body = secure.get_object(Bucket=bucket, Key="a.html")["Body"].read()
    check("GET over HTTPS returns the object", body == b"<p>tls</p>", code or "")

    code = error_code(lambda: plain.put_object(Bucket=bucket, Key="b.html", Body=b"<p>plain</p>"))
    check("PUT over HTTP denied", code in ("AccessDenied", "403"), code or "allowed")
    code = error_code(lambda: plain.get_object(Bucket=bucket, Key="a.html"))
    check("GET over HTTP denied", code in ("AccessDenied", "403"), code or "allowed")
    code = error_code(lambda: plain.head_object(Bucket=bucket, Key="b.html"))
    check("object PUT over HTTP left nothing", code in ("404", "NoSuchKey", "403", "AccessDenied"), code or "found")

    try:
        client(args.endpoint, verify=SYSTEM_BUNDLE).list_buckets()
        check("a client without the local CA is refused", False, "connected")
    except botocore.exceptions.SSLError:
        check("a client without the local CA is refused", True)
    except (botocore.exceptions.EndpointConnectionError, OSError) as error:
        check("a client without the local CA is refused", "CERTIFICATE_VERIFY_FAILED" in str(error), str(error)[:200])

    secure.delete_bucket_policy(Bucket=bucket)
    secure.delete_object(Bucket=bucket, Key="a.html")
    secure.delete_bucket(Bucket=bucket)
    print(f"{len(failures)} failed" if failures else "all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
