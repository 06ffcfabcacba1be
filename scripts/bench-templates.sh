#!/usr/bin/env bash
# Benchmarks template publishing against the AWS CLI and boto3, side by side, in one run,
# against ONE moto server over TLS (scripts/local-aws/moto_tls.py on a free loopback port, its CA
# trusted through AWS_CA_BUNDLE by all three; the template bucket's deny-without-TLS policy is on):
#   1. Publishing a tree of 2,000 templates with one changed: `bench-templates publish` (reads the
#      tree, one listing, one upload) vs `aws s3 sync` of the same tree into a second bucket.
#      Both are timed as whole processes (start-up included), interleaved, one changed file per round.
#   2. The no-change plan of the 12 example templates (+ manifest): the bucket's settings reads
#      and one listing, `bench-templates plan` vs a boto3 script making the same calls (both warm,
#      in-process).
# Builds bench-templates in release mode and prints a Markdown table of medians with ratios.
#
#   scripts/bench-templates.sh      # PACKAGE_DIR (default: Benchmarks/ in the repo) holds the bench-templates product
#   FILES=2000 ROUNDS=5 scripts/bench-templates.sh
#   SCRATCH_PATH=DIR                # build folder (default: <package>/.build)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
package="${PACKAGE_DIR:-$root/Benchmarks}"
python="${PYTHON:-python3}"
files="${FILES:-2000}"
rounds="${ROUNDS:-5}"
plan_rounds="${PLAN_ROUNDS:-20}"
scratch="${SCRATCH_PATH:-$package/.build}"
# shellcheck source=lib/bench-common.sh
source "$root/scripts/lib/bench-common.sh"

build_bench bench-templates

"$python" -c 'import moto.server, boto3' 2>/dev/null || "$python" -m pip install --quiet 'moto[server]' boto3 awscli
command -v aws >/dev/null || "$python" -m pip install --quiet awscli
free_port() { "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port="$(free_port)"
plain_port="$(free_port)"
ca="$(bash "$root/scripts/local-aws/make-certs.sh" "$work/certs")"
setsid "$python" "$root/scripts/local-aws/moto_tls.py" --host 127.0.0.1 --port "$port" --plain-port "$plain_port" \
    --cert "$work/certs/server.pem" --key "$work/certs/server-key.pem" >"$work/moto.log" 2>&1 < /dev/null &
moto_pid=$!
endpoint="https://127.0.0.1:$port"
for _ in $(seq 1 300); do curl -fsS -o /dev/null --cacert "$ca" "$endpoint/moto-api/" 2>/dev/null && break; sleep 0.1; done
export AWS_ACCESS_KEY_ID=AKIABENCH AWS_SECRET_ACCESS_KEY=bench-secret AWS_DEFAULT_REGION=af-south-1 AWS_REGION=af-south-1
export AWS_ENDPOINT_URL="$endpoint" AWS_CA_BUNDLE="$ca" AWS_EC2_METADATA_DISABLED=true

# The 2,000-template tree: the 12 examples repeated, each copy with its own marker.
tree="$work/tree"
"$python" - "$root/examples/templates" "$tree" "$files" <<'PY'
import os, sys
source, target, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
templates = []
for folder, _, names in sorted(os.walk(source)):
    for name in sorted(names):
        if name.endswith(".html"):
            templates.append(os.path.relpath(os.path.join(folder, name), source))
for index in range(count):
    relative = templates[index % len(templates)]
    path = os.path.join(target, f"batch-{index // len(templates):03d}", relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(os.path.join(source, relative), "rb") as handle:
        body = handle.read()
    with open(path, "wb") as handle:
        handle.write(body.replace(b"</body>", f"<!-- copy {index} --></body>".encode()))
PY
echo "tree: $(find "$tree" -type f | wc -l) files, $(du -sh "$tree" | cut -f1)" >&2

{
    "$bench" setup --endpoint "$endpoint" --bucket bench-ours --tree "$tree"
    aws s3 mb s3://bench-theirs >/dev/null
    aws s3api put-bucket-versioning --bucket bench-theirs --versioning-configuration Status=Enabled
    aws s3 sync --only-show-errors "$tree" s3://bench-theirs/
    sleep 1.1 # aws s3 sync compares modification times at second granularity
    echo "publishing $files templates, one changed per round, $rounds rounds…" >&2
    for round in $(seq 1 "$rounds"); do
        changed="$(find "$tree" -type f -name '*.html' | sort | sed -n "$((round * 97))p")"
        printf '<!-- round %s -->' "$round" >>"$changed"
        start=$(date +%s.%N)
        "$bench" publish --endpoint "$endpoint" --bucket bench-ours --tree "$tree" --commit "round-$round" >"$work/ours.json"
        end=$(date +%s.%N)
        "$python" -c 'import json,sys; r=json.load(open(sys.argv[1])); r["wall_ms"]=(float(sys.argv[3])-float(sys.argv[2]))*1000; print(json.dumps(r))' \
            "$work/ours.json" "$start" "$end"
        start=$(date +%s.%N)
        uploads="$(aws s3 sync --no-progress "$tree" s3://bench-theirs/ | grep -c '^upload:' || true)"
        end=$(date +%s.%N)
        "$python" -c 'import json,sys; print(json.dumps({"bench":"publish","impl":"aws-cli","writes":int(sys.argv[1]),"wall_ms":(float(sys.argv[3])-float(sys.argv[2]))*1000}))' \
            "$uploads" "$start" "$end"
    done
    echo "no-change plan of the example templates…" >&2
    "$bench" setup --endpoint "$endpoint" --bucket bench-plan --tree "$root/examples/templates" >/dev/null
    "$bench" plan --endpoint "$endpoint" --bucket bench-plan --tree "$root/examples/templates" --rounds "$plan_rounds"
    "$python" "$root/scripts/bench_templates_boto.py" plan --endpoint "$endpoint" --bucket bench-plan --rounds "$plan_rounds"
} >"$work/results.jsonl"
cp "$work/results.jsonl" "${RESULTS_COPY:-/dev/null}" 2>/dev/null || true

"$python" - "$work/results.jsonl" "$files" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
count = int(sys.argv[2])
ours = [r for r in rows if r["bench"] == "publish" and r["impl"] == "swift"]
theirs = [r for r in rows if r["bench"] == "publish" and r["impl"] == "aws-cli"]
plan = {r["impl"]: r for r in rows if r["bench"] == "plan"}
print("| measurement | ours (TemplatePublisher) | alternative | ratio (ours ÷ alternative) |")
print("| --- | ---: | ---: | ---: |")
o, t = statistics.median(r["wall_ms"] for r in ours), statistics.median(r["wall_ms"] for r in theirs)
print(f"| publish {count} templates, 1 changed: median wall time of the process (ms), {len(ours)} rounds "
      f"| {o:,.0f} | {t:,.0f} (`aws s3 sync`) | {o / t:.2f} |")
print(f"| … write calls per round (median) | {statistics.median(r['writes'] for r in ours):.0f} "
      f"| {statistics.median(r['writes'] for r in theirs):.0f} | |")
print(f"| … of which reading the {count} files (ms, median) | {statistics.median(r['read_ms'] for r in ours):,.0f} | | |")
s, b = plan["swift"]["median_ms"], plan["boto3"]["median_ms"]
print(f"| no-change plan, {plan['swift']['files']} files: 9 bucket reads + 1 listing, median (ms), warm "
      f"| {s:.1f} | {b:.1f} (boto3, sequential) | {s / b:.2f} |")
PY
