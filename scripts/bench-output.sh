#!/usr/bin/env bash
# Benchmarks what huge step output costs a run: 50 MB of 100-byte lines, and one 10 MB and one
# 20 MB line without a newline (twice the bytes should take about twice the time: linear), run
# through the real `pipeline` binary. Prints a table: wall time, the run's events file, the run
# store and the step's full log file.
#
#   scripts/bench-output.sh [--baseline PATH]   CONFIG=debug (default) or release
#
# --baseline runs the same cases with another `pipeline` binary (e.g. one built from an older
# commit) in the same run, for a before/after table.
set -euo pipefail
cd "$(dirname "$0")/.."
config=${CONFIG:-debug}
baseline=""
while [ $# -gt 0 ]; do
  case "$1" in
    --baseline) [ $# -ge 2 ] || { echo "bench-output.sh: --baseline needs a path" >&2; exit 64; }; baseline="$2"; shift 2 ;;
    *) echo "bench-output.sh: unknown argument $1" >&2; exit 64 ;;
  esac
done
swift build -c "$config" --product pipeline >/dev/null
swift build -c "$config" --product PipelineDescription >/dev/null
current="$PWD/.build/$config/pipeline"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cases=(
  "50 MB, 100-byte lines|head -c 52428800 /dev/zero | tr '\\\\0' x | fold -w 99"
  "10 MB, one line|head -c 10485760 /dev/zero | tr '\\\\0' y"
  "20 MB, one line|head -c 20971520 /dev/zero | tr '\\\\0' y"
)

size() { stat -c %s "$1" 2>/dev/null || echo 0; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }

printf '%-24s %-9s %9s %12s %11s %12s\n' "case" "binary" "seconds" "events (MB)" "store (MB)" "full log (MB)"
for binary in "$current" ${baseline:+"$baseline"}; do
  label=$([ "$binary" = "$current" ] && echo "this" || echo "baseline")
  for entry in "${cases[@]}"; do
    name="${entry%%|*}"; command="${entry#*|}"
    folder="$work/$label-$RANDOM"
    mkdir -p "$folder/pipelines"
    cat > "$folder/pipelines/bench.swift" <<SWIFT
import PipelineDescription
let pipeline = Pipeline("bench-output") {
    Stage("loud") { Shell("$command").named("loud") }
}
SWIFT
    # Compile (and cache) the pipeline file first, so that the timing is the run's alone.
    (cd "$folder" && "$binary" validate pipelines/bench.swift >/dev/null)
    start=$(date +%s.%N)
    (cd "$folder" && "$binary" run pipelines/bench.swift >/dev/null 2>&1) || { echo "bench-output.sh: the run failed with $binary" >&2; exit 1; }
    end=$(date +%s.%N)
    run_dir=$(ls -d "$folder"/.pipeline/runs/*/ | head -1)
    store=0
    for file in "$folder"/.pipeline/*.sqlite*; do store=$((store + $(size "$file"))); done
    log=$(size "$run_dir/logs/loud.loud.apply.log")
    printf '%-24s %-9s %9.1f %12s %11s %12s\n' "$name" "$label" "$(echo "$end - $start" | bc)" \
      "$(mb "$(size "$run_dir/events.jsonl")")" "$(mb "$store")" "$(mb "$log")"
    rm -rf "$folder"
  done
done
