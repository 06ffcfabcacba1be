#!/usr/bin/env bash
# Benchmarks what a team step module costs a run, against the alternative a team has without
# one: a Shell step running the same kind of program. One stage of N steps each, run through the
# real `pipeline` binary, the arms interleaved in one run; per-step cost is (run − empty run) / N.
#
#   scripts/bench-steps.sh [--steps N] [--rounds R]     CONFIG=debug (default) or release
#
# Arms: Shell("python3 -c 'print(N)'") (a script step), a Python module (step protocol 2: one `describe`
# per executable, cached, then `apply` per step), a Swift module built with PipelineStepKit
# (examples/steps/notify), and `pipeline validate` of the same pipelines (the load-time handshake
# and parameter check).
set -euo pipefail
cd "$(dirname "$0")/.."
config=${CONFIG:-debug}
steps=20
rounds=5
while [ $# -gt 0 ]; do
  case "$1" in
    --steps) steps="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    *) echo "bench-steps.sh: unknown argument $1" >&2; exit 64 ;;
  esac
done
swift build -c "$config" --product pipeline >/dev/null
swift build -c "$config" --product PipelineDescription >/dev/null
swift build -c "$config" --product pipeline-step-notify >/dev/null
bin="$PWD/.build/$config"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export NO_COLOR=1 PIPELINE_CACHE_DIR="$work/cache"

mkdir -p "$work/modules"
cat > "$work/modules/pipeline-step-bench" <<'PY'
#!/usr/bin/env python3
import json, os, sys
request = json.load(sys.stdin)
if sys.argv[1] == "describe":
    os.write(3, json.dumps({"handshake": "pipeline-step", "protocol": 2, "name": "bench", "version": "1",
                            "parameters": {"type": "object", "properties": {"n": {"type": "integer"}}, "additionalProperties": False},
                            "supports": {"plan": False, "verify": False, "rollback": False}}).encode())
    sys.exit(0)
print("step", request["parameters"]["n"])
os.write(3, json.dumps({"protocol": 2}).encode())
PY
chmod +x "$work/modules/pipeline-step-bench"
ln -s "$bin/pipeline-step-notify" "$work/modules/pipeline-step-notify"
export PIPELINE_STEP_PATH="$work/modules"

pipeline_file() {  # $1 name, $2 step template with N for the index
  local folder="$work/$1"; mkdir -p "$folder/pipelines"
  { echo 'import PipelineDescription'
    echo "let pipeline = Pipeline(\"$1\") {"
    echo '    Stage("steps") {'
    if [ "$2" != none ]; then for i in $(seq 1 "$steps"); do echo "        ${2//N/$i}"; done; else echo '        Shell("true")'; fi
    echo '    }'
    echo '}'; } > "$folder/pipelines/p.swift"
  (cd "$folder" && "$bin/pipeline" validate pipelines/p.swift >/dev/null)  # compiles the pipeline file once
}
pipeline_file empty none
pipeline_file shell "Shell(\"python3 -c 'print(N)'\", name: \"s-N\")"
pipeline_file python 'Custom("bench", name: "m-N", with: ["n": N])'
pipeline_file swift 'Custom("notify", name: "m-N", with: ["channel": "#N"])'

seconds() { local start end; start=$(date +%s.%N); (cd "$work/$1" && "$bin/pipeline" "$2" pipelines/p.swift >/dev/null 2>&1) || true; end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", b - a }'; }
declare -A times
for round in $(seq 1 "$rounds"); do
  for arm in empty shell python swift; do
    times[$arm.run]+="$(seconds $arm run) "
    times[$arm.validate]+="$(seconds $arm validate) "
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
empty_run=$(echo "${times[empty.run]}" | median)
empty_validate=$(echo "${times[empty.validate]}" | median)
shell_step=$(awk -v r="$(echo "${times[shell.run]}" | median)" -v e="$empty_run" -v n="$steps" 'BEGIN { printf "%.1f", (r - e) * 1000 / n }')

echo "| $steps steps, median of $rounds ($config build) | pipeline run (s) | ms per step | × Shell step | pipeline validate (s) |"
echo "|---|---:|---:|---:|---:|"
for arm in shell python swift; do
  run=$(echo "${times[$arm.run]}" | median)
  validate=$(echo "${times[$arm.validate]}" | median)
  per=$(awk -v r="$run" -v e="$empty_run" -v n="$steps" 'BEGIN { printf "%.1f", (r - e) * 1000 / n }')
  ratio=$(awk -v p="$per" -v s="$shell_step" 'BEGIN { printf "%.2f", p / s }')
  case $arm in shell) label='Shell("python3 -c …")' ;; python) label='Python module (protocol 2)' ;; swift) label='Swift StepKit module' ;; esac
  echo "| $label | $run | $per | $ratio | $validate |"
done
echo "| (empty pipeline: one Shell(\"true\")) | $empty_run | | | $empty_validate |"
