#!/usr/bin/env python3
"""Signs requests with botocore's SigV4 signers, for the differential signing test.

Reads one JSON object per line on stdin and writes one per line on stdout, in order:

  in:  {"service": "lambda", "region": "us-east-1", "method": "GET",
        "url": "https://host/wire/path?a=b", "headers": [["Name", "value"], ...],
        "body_base64": "...", "access_key": "...", "secret_key": "...",
        "session_token": null, "amz_date": "20150830T123600Z"}
  out: {"authorization": "AWS4-HMAC-SHA256 ...", "canonical_request": "..."}

The URL carries the path and query exactly as they would be sent (already percent-encoded).
Service "s3" uses botocore's S3 signer (no normalisation, path as sent, payload hash header);
any other name uses its generic SigV4 signer (path normalised and encoded once more).
Exits when stdin closes.
"""
import base64
import datetime
import json
import sys

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def sign(case):
    fixed = datetime.datetime.strptime(case["amz_date"], "%Y%m%dT%H%M%SZ")
    botocore.auth.get_current_datetime = lambda *args, **kwargs: fixed
    credentials = Credentials(case["access_key"], case["secret_key"], case.get("session_token"))
    body = base64.b64decode(case.get("body_base64") or "")
    request = AWSRequest(method=case["method"], url=case["url"], data=body)
    for name, value in case["headers"]:
        request.headers[name] = value  # appends: repeated names are kept in order
    if case["service"] == "s3":
        signer = botocore.auth.S3SigV4Auth(credentials, "s3", case["region"])
    else:
        signer = botocore.auth.SigV4Auth(credentials, case["service"], case["region"])
    signer.add_auth(request)
    authorization = request.headers["Authorization"]
    del request.headers["Authorization"]  # the canonical request of what was signed
    return {"authorization": authorization, "canonical_request": signer.canonical_request(request)}


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            result = sign(json.loads(line))
        except Exception as error:  # reported per case; the test shows it
            result = {"error": f"{type(error).__name__}: {error}"}
        sys.stdout.write(json.dumps(result) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
