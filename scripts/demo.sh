#!/usr/bin/env bash
# Runs the sample pipeline end to end, approving as the demo's approvers:
# validation -> plan -> dev (1 approver) -> sit (2 approvers, smoke test breaks, rolls back).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build >/dev/null
export PATH="$PWD/.build/debug:$PATH"
export PIPELINE_CACHE_DIR="$PWD/.pipeline/cache"
rm -rf .pipeline/demo

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
run_id() { pipeline runs --limit 1 | awk 'NR==2 {print $1}'; }
expect() { local want=$1; shift; set +e; "$@"; local got=$?; set -e
  [ "$got" = "$want" ] || { echo "expected exit $want, got $got" >&2; exit 1; }; }

step pipeline validate pipelines/demo.swift
pipeline validate pipelines/demo.swift

step pipeline run pipelines/demo.swift        "# pauses at the dev gate (exit 4)"
DEMO_BREAK=sit expect 4 pipeline run pipelines/demo.swift
run=$(run_id)

step pipeline approve "$run" --stage dev --role "Lead Developer" --as lead@bbws.example
pipeline approve "$run" --stage dev --role "Lead Developer" --as lead@bbws.example
step pipeline resume "$run"                    "# deploys dev, pauses at the sit gate"
DEMO_BREAK=sit expect 4 pipeline resume "$run"

step pipeline approve "$run" --stage sit ...   "# Tech Lead and QA Lead"
pipeline approve "$run" --stage sit --role "Tech Lead" --as lead@bbws.example
pipeline approve "$run" --stage sit --role "QA Lead" --as qa@bbws.example
step pipeline resume "$run"                    "# sit's smoke test fails: rolled back (exit 3)"
DEMO_BREAK=sit expect 3 pipeline resume "$run"

step pipeline status "$run"
pipeline status "$run"
step "events: .pipeline/runs/$run/events.jsonl, summary: .pipeline/runs/$run/summary.md"
cat ".pipeline/runs/$run/summary.md"
