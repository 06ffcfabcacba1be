#!/usr/bin/env bash
# Benchmarks the AWS layer against botocore/boto3, side by side, in one run:
#   1. SigV4 signing throughput: `bench-aws sign` vs botocore's SigV4Auth/S3SigV4Auth on the same 3 requests.
#   2. DynamoDB PutItem/GetItem round trips against ONE moto server (started here on a free
#      loopback port), sequential and 8 in flight: `bench-aws dynamodb` vs boto3.
# Builds bench-aws in release mode, prints a Markdown table of medians with ratios.
#
#   scripts/bench-aws.sh            # PACKAGE_DIR (default: Benchmarks/ in the repo) holds the bench-aws product
#   OPS=300 ROUNDS=5 scripts/bench-aws.sh
#   REPEATS=3                       # interleaved ours/boto3 pairs (default 2)
#   SCRATCH_PATH=DIR                # build folder (default: <package>/.build)
#   BASELINE_BENCH=/path/bench-aws  # also run another bench-aws build (e.g. the URLSession one) in the same rounds
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
package="${PACKAGE_DIR:-$root/Benchmarks}"
python="${PYTHON:-python3}"
ops="${OPS:-200}"
rounds="${ROUNDS:-3}"
concurrency="${CONCURRENCY:-8}"
repeats="${REPEATS:-2}"
baseline="${BASELINE_BENCH:-}"
scratch="${SCRATCH_PATH:-$package/.build}"
# shellcheck source=lib/bench-common.sh
source "$root/scripts/lib/bench-common.sh"

build_bench bench-aws

"$python" -c 'import moto.server, boto3' 2>/dev/null || "$python" -m pip install --quiet 'moto[server]' boto3
start_plain_moto
"$python" - "$endpoint" <<'PY'
import sys, boto3
client = boto3.client("dynamodb", endpoint_url=sys.argv[1], region_name="us-east-1",
                      aws_access_key_id="AKIABENCH", aws_secret_access_key="bench-secret")
client.create_table(TableName="bench", AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                    KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST")
PY

echo "signing…" >&2
{
    "$bench" sign --seconds 1 --rounds 5
    "$python" "$root/scripts/bench_aws_boto.py" sign --seconds 1 --rounds 5
    echo "DynamoDB round trips (moto at $endpoint)…" >&2
    # Interleaved: ours, boto3, ours, boto3 — so drift in machine load hits both.
    for _ in $(seq 1 "$repeats"); do
        /usr/bin/time -f 'swift %U %S %e' -a -o "$work/cpu.txt" \
            "$bench" dynamodb --endpoint "$endpoint" --table bench --ops "$ops" --concurrency "$concurrency" --rounds "$rounds"
        if [[ -n "$baseline" ]]; then
            /usr/bin/time -f 'baseline %U %S %e' -a -o "$work/cpu.txt" \
                "$baseline" dynamodb --endpoint "$endpoint" --table bench --ops "$ops" --concurrency "$concurrency" \
                --rounds "$rounds" | sed 's/"impl" *: *"swift"/"impl":"baseline"/'
        fi
        "$python" "$root/scripts/bench_aws_boto.py" dynamodb --endpoint "$endpoint" --table bench --ops "$ops" \
            --concurrency "$concurrency" --rounds "$rounds"
    done
} >"$work/results.jsonl"
cp "$work/results.jsonl" "${RESULTS_COPY:-/dev/null}" 2>/dev/null || true

"$python" - "$work/results.jsonl" "$work/cpu.txt" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
sign = {r["impl"]: r["signatures_per_second"] for r in rows if r["bench"] == "sign"}
impls = {r["impl"] for r in rows if r["bench"] == "dynamodb"}
base = "baseline" in impls
print("| measurement | ours (Swift, AHC) | botocore/boto3 | ratio | target |" + (" URLSession build | its ratio |" if base else ""))
print("| --- | ---: | ---: | ---: | --- |" + (" ---: | ---: |" if base else ""))
ratio = sign["swift"] / sign["botocore"]
print(f"| SigV4 signing, signatures/s (median of 5 × 1 s) | {sign['swift']:,.0f} | {sign['botocore']:,.0f} | "
      f"{ratio:.1f}× faster | ≥ 10× {'✅' if ratio >= 10 else '❌'} |" + (" | |" if base else ""))
def med(op, mode, impl):
    return statistics.median([r["median_ms"] for r in rows if r.get("op") == op and r.get("mode") == mode and r["impl"] == impl])
keys = sorted({(r["op"], r["mode"]) for r in rows if r["bench"] == "dynamodb"}, key=lambda k: (k[1], k[0]))
for op, mode in keys:
    ours, theirs = med(op, mode, "swift"), med(op, mode, "boto3")
    label = "latency" if mode == "sequential" else "wall time per op"
    r = ours / theirs
    extra = ""
    if base:
        b = med(op, mode, "baseline")
        extra = f" {b:.3f} | {b / theirs:.2f} |"
    print(f"| DynamoDB {op}, {mode}, median {label} (ms) | {ours:.3f} | {theirs:.3f} | {r:.2f} (ours ÷ boto3) | ≤ 1.0 {'✅' if r <= 1.0 else '❌'} |" + extra)
# CPU seconds used by each whole `bench-aws dynamodb` run (sequential + concurrent, both ops).
cpu = {}
for line in open(sys.argv[2]):
    parts = line.split()
    if len(parts) == 4 and parts[0] in ("swift", "baseline"):
        cpu.setdefault(parts[0], []).append((float(parts[1]) + float(parts[2]), float(parts[3])))
for impl, runs in sorted(cpu.items()):
    print(f"\nCPU of one `bench-aws dynamodb` run ({impl}): median {statistics.median(c for c, _ in runs):.2f} s CPU "
          f"for {statistics.median(w for _, w in runs):.2f} s wall ({len(runs)} runs)")
PY
