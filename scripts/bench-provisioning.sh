#!/usr/bin/env bash
# Benchmarks TableProvisioning against boto3 and awscli, side by side, in one run, against ONE
# moto server (started here on a free loopback port):
#   (a) a no-change plan of the 3 example tables in 3 environments (3 assumed roles):
#       `bench-provisioning plan` vs a boto3 script making the same calls in one process (the
#       floor; target ≤ 1.2×) vs awscli making them one `aws` process per call (target ≥ 20× faster);
#   (b) plan + apply creating 20 and 200 tables with 3 GSIs each: time per table (target: linear).
# Builds bench-provisioning in release mode, prints a Markdown table of medians with ratios.
#
#   scripts/bench-provisioning.sh
#   ROUNDS=7 AWSCLI_ROUNDS=2 REPEATS=3 scripts/bench-provisioning.sh
#   PACKAGE_DIR=DIR        # the package holding the bench-provisioning product (default: Benchmarks/ in the repo)
#   SCRATCH_PATH=DIR       # build folder (default: <repo>/.build-bench)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
package="${PACKAGE_DIR:-$root/Benchmarks}"
python="${PYTHON:-python3}"
rounds="${ROUNDS:-5}"
awscli_rounds="${AWSCLI_ROUNDS:-1}"
repeats="${REPEATS:-2}"
scratch="${SCRATCH_PATH:-$root/Benchmarks/.build}"
# shellcheck source=lib/bench-common.sh
source "$root/scripts/lib/bench-common.sh"

build_bench bench-provisioning

"$python" -c 'import moto.server, boto3' 2>/dev/null || "$python" -m pip install --quiet 'moto[server]' boto3
command -v aws >/dev/null || { echo "awscli (aws) is not on PATH" >&2; exit 1; }
start_plain_moto

examples="$root/examples/schemas/dynamodb"
echo "creating the example tables in the 3 accounts (moto at $endpoint)…" >&2
"$bench" setup --endpoint "$endpoint" --examples "$examples"
{
    echo "no-change plans…" >&2
    # Interleaved: ours, boto3, ours, boto3 — so drift in machine load hits both.
    for _ in $(seq 1 "$repeats"); do
        "$bench" plan --endpoint "$endpoint" --examples "$examples" --rounds "$rounds"
        "$python" "$root/scripts/bench_provisioning_boto.py" boto3 --endpoint "$endpoint" --rounds "$rounds"
    done
    echo "awscli (one process per call)…" >&2
    "$python" "$root/scripts/bench_provisioning_boto.py" awscli --endpoint "$endpoint" --rounds "$awscli_rounds"
    echo "plan + apply of 20 and 200 new tables…" >&2
    "$bench" apply --endpoint "$endpoint" --tables 20 --indexes 3
    "$bench" apply --endpoint "$endpoint" --tables 200 --indexes 3
} >"$work/results.jsonl"
cp "$work/results.jsonl" "${RESULTS_COPY:-/dev/null}" 2>/dev/null || true

"$python" - "$work/results.jsonl" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
def plan(impl):
    return statistics.median([r["median_ms"] for r in rows if r["bench"] == "plan" and r["impl"] == impl])
ours, boto, cli = plan("swift"), plan("boto3"), plan("awscli")
calls = next(r["calls"] for r in rows if r["bench"] == "plan" and r["impl"] == "swift")
print("| measurement | ours (Swift) | alternative | ratio | target |")
print("| --- | ---: | ---: | ---: | --- |")
r = ours / boto
print(f"| no-change plan, 3 tables × 3 envs ({calls} calls), median ms | {ours:.1f} | boto3 {boto:.1f} | "
      f"{r:.2f} (ours ÷ boto3) | ≤ 1.2 {'✅' if r <= 1.2 else '❌'} |")
r = cli / ours
print(f"| same plan vs awscli (one process per call), median ms | {ours:.1f} | awscli {cli:,.0f} | "
      f"{r:.0f}× faster | ≥ 20× {'✅' if r >= 20 else '❌'} |")
applies = sorted((r for r in rows if r["bench"] == "apply"), key=lambda r: r["tables"])
for a in applies:
    print(f"| plan + apply, {a['tables']} new tables × {a['indexes']} GSIs: ms per table | {a['per_table_ms']:.1f} | | "
          f"plan {a['plan_ms']:.0f} ms, apply {a['apply_ms']:.0f} ms | |")
if len(applies) == 2:
    small, large = applies
    growth = large["per_table_ms"] / small["per_table_ms"]
    print(f"| per-table time at {large['tables']} ÷ at {small['tables']} | {growth:.2f} | | | ≈ 1 (linear) {'✅' if growth <= 1.5 else '❌'} |")
PY
