#!/usr/bin/env bash
# Benchmarks the run store: one run of a small pipeline (5 stages × 3 shell steps, the last a
# deploy stage) through the real engine with its run lease, on SQLite (the embedded default) and
# on DynamoDB (a fresh table on ONE moto server started here on loopback), interleaved in the
# same script run. Counts the state calls per run (every RunStore call the engine makes) and
# times them; prints a Markdown table of medians with ratios (DynamoDB ÷ SQLite).
#
#   scripts/bench-state.sh
#   ROUNDS=5 STAGES=5 STEPS=3 scripts/bench-state.sh
#   PACKAGE_DIR=DIR        # the package holding the bench-state product (default: Benchmarks/ in the repo)
#   SCRATCH_PATH=DIR       # build folder (default: <repo>/.build-bench)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
package="${PACKAGE_DIR:-$root/Benchmarks}"
python="${PYTHON:-python3}"
rounds="${ROUNDS:-3}"
stages="${STAGES:-5}"
steps="${STEPS:-3}"
scratch="${SCRATCH_PATH:-$root/Benchmarks/.build}"
# shellcheck source=lib/bench-common.sh
source "$root/scripts/lib/bench-common.sh"

build_bench bench-state

"$python" -c 'import moto.server' 2>/dev/null || "$python" -m pip install --quiet 'moto[server]'
start_plain_moto

{
    # Interleaved: SQLite, DynamoDB, SQLite, … so drift in machine load hits both.
    for round in $(seq 1 "$rounds"); do
        echo "round $round of $rounds…" >&2
        "$bench" run --store sqlite --stages "$stages" --steps "$steps"
        "$bench" run --store dynamodb --endpoint "$endpoint" --stages "$stages" --steps "$steps"
    done
} >"$work/results.jsonl"
cp "$work/results.jsonl" "${RESULTS_COPY:-/dev/null}" 2>/dev/null || true

"$python" - "$work/results.jsonl" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
def median(store, key):
    return statistics.median([r[key] for r in rows if r["store"] == store])
first = rows[0]
print(f"One run of {first['stages']} stages × {first['steps']} shell steps, {len(rows) // 2} rounds, medians:\n")
print("| measurement | SQLite | DynamoDB (moto) | ratio (DynamoDB ÷ SQLite) |")
print("| --- | ---: | ---: | ---: |")
s, d = median("sqlite", "calls"), median("dynamodb", "calls")
print(f"| state calls per run | {s:.0f} | {d:.0f} | {d / s:.2f} |")
print(f"| HTTP requests per run | – | {median('dynamodb', 'http_requests'):.0f} | |")
s, d = median("sqlite", "store_ms"), median("dynamodb", "store_ms")
print(f"| time in state calls, ms | {s:.1f} | {d:.1f} | {d / s:.1f} |")
sc, dc = median("sqlite", "calls"), median("dynamodb", "calls")
print(f"| time per state call, ms | {s / sc:.3f} | {d / dc:.3f} | {(d / dc) / (s / sc):.1f} |")
s, d = median("sqlite", "wall_ms"), median("dynamodb", "wall_ms")
print(f"| run wall time, ms | {s:.0f} | {d:.0f} | {d / s:.2f} |")
calls = next(r for r in rows if r["store"] == "dynamodb")["by_call"]
print("\nState calls of one run: " + ", ".join(f"{name} {count}" for name, count in sorted(calls.items(), key=lambda kv: -kv[1])))
PY
