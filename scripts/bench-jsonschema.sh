#!/usr/bin/env bash
# Benchmark of the JSONSchema module against Python's jsonschema and jsonschema-rs.
#
# Generates two corpora of 1,000 files each (table definitions validated against
# schemas/table-definition.schema.json; generated JSON Schemas validated against the draft
# 2020-12 meta-schema, ~10% of each with one defect), builds `bench-jsonschema` in release,
# then times every tool on the same files in the same run: parse + validate + collect all
# errors, median over BENCH_REPETITIONS (default 5) repetitions. Prints a Markdown table with
# wall-clock and process-CPU medians (the CPU column is the fairer one on a shared machine).
# "ratio vs us" is the tool's time divided by ours: 5.00× means we are five times faster.
#
#   scripts/bench-jsonschema.sh                 # from the repository root or anywhere
#   PACKAGE_PATH=/other/pkg scripts/bench-jsonschema.sh   # build the driver from another package
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
package="${PACKAGE_PATH:-$root/Benchmarks}"
repetitions="${BENCH_REPETITIONS:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 -c "import jsonschema" 2>/dev/null || pip install --quiet jsonschema
python3 -c "import jsonschema_rs" 2>/dev/null || pip install --quiet jsonschema-rs

echo "building bench-jsonschema (release)..." >&2
swift build -c release --product bench-jsonschema --package-path "$package" >&2
bin="$(swift build -c release --show-bin-path --package-path "$package")/bench-jsonschema"

python3 "$root/scripts/bench_jsonschema.py" generate "$work"

corpora=(
  "table definitions|$root/schemas/table-definition.schema.json|$work/tables"
  "schemas vs 2020-12 meta-schema|$work/metaschema-ref.json|$work/schemas"
)

# Repetitions are interleaved (one of each tool in turn, each process warmed up first except
# the slow pure-Python one), so load from other processes on a shared machine hits all tools alike.
results="$work/results.jsonl"
for entry in "${corpora[@]}"; do
  IFS='|' read -r name schema dir <<<"$entry"
  echo "timing: $name" >&2
  for ((rep = 0; rep < repetitions; rep++)); do
    "$bin" --schema "$schema" --corpus "$dir" --repetitions 1 --warmup 1 | sed "s/^{/{\"corpus\": \"$name\", /" >>"$results"
    python3 "$root/scripts/bench_jsonschema.py" run jsonschema-rs "$schema" "$dir" 1 1 | sed "s/^{/{\"corpus\": \"$name\", /" >>"$results"
    python3 "$root/scripts/bench_jsonschema.py" run python-jsonschema "$schema" "$dir" 1 0 | sed "s/^{/{\"corpus\": \"$name\", /" >>"$results"
  done
done

python3 - "$results" <<'PY'
import json, statistics, sys
from collections import defaultdict
runs = defaultdict(lambda: {"times_ms": [], "cpu_ms": []})
order = []
for line in open(sys.argv[1]):
    r = json.loads(line)
    key = (r["tool"], r["corpus"])
    if key not in runs:
        order.append(key)
    runs[key].update({k: r[k] for k in ("files", "invalid", "issues")})
    runs[key]["times_ms"] += r["times_ms"]
    runs[key]["cpu_ms"] += r["cpu_ms"]
names = {"swift": "JSONSchema (Swift, ours)", "jsonschema-rs": "jsonschema-rs (Rust, via Python)", "python-jsonschema": "jsonschema (Python)"}
med = {k: (statistics.median(v["times_ms"]), statistics.median(v["cpu_ms"])) for k, v in runs.items()}
print("| tool | corpus | files | invalid | issues | median ms (wall) | ratio vs us | median ms (CPU) | CPU ratio vs us |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for tool, corpus in order:
    r = runs[(tool, corpus)]
    wall, cpu = med[(tool, corpus)]
    base_wall, base_cpu = med[("swift", corpus)]
    print(f"| {names[tool]} | {corpus} | {r['files']} | {r['invalid']} | {r['issues']} | {wall:.1f} | {wall / base_wall:.2f}× | {cpu:.1f} | {cpu / base_cpu:.2f}× |")
PY
