#!/usr/bin/env bash
# The main job end to end on the embedded local default: pipelines/deploy.swift through
# validation -> plan -> dev (1 approver) -> sit (2) -> prod (3) -> post-deploy, approving as the
# demo's approvers; then a second run whose SIT smoke test fails and rolls back to the previous
# deployment. State goes to .pipeline/ (runs, approvals, events, summaries).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build >/dev/null
export PATH="$PWD/.build/debug:$PATH"
export PIPELINE_CACHE_DIR="$PWD/.pipeline/cache"
rm -rf .pipeline/demo
file=pipelines/deploy.swift
flags=(--allow-dirty)   # a developer's checkout may have edits; steps still read the commit

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
expect() { local want=$1; shift; set +e; "$@"; local got=$?; set -e
  [ "$got" = "$want" ] || { echo "expected exit $want, got $got from: $*" >&2; exit 1; }; }
approve() { local run=$1 stage=$2; shift 2
  while [ $# -gt 0 ]; do
    step pipeline approve "$run" --stage "$stage" --role "$1" --as "$2"
    pipeline approve "$run" --stage "$stage" --role "$1" --as "$2"; shift 2
  done; }

step pipeline validate $file
pipeline validate $file

step pipeline run $file "${flags[@]}"
expect 4 pipeline run $file "${flags[@]}"
run=$(pipeline runs --limit 1 | awk 'NR==2 {print $1}')
approve "$run" dev "Lead Developer" lead@bbws.example
step pipeline resume "$run"; expect 4 pipeline resume "$run"
approve "$run" sit "Tech Lead" lead@bbws.example "QA Lead" qa@bbws.example
step pipeline resume "$run"; expect 4 pipeline resume "$run"
approve "$run" prod "Tech Lead" lead@bbws.example "Product Owner" po@bbws.example "DevOps Lead" ops@bbws.example
step pipeline resume "$run"; expect 0 pipeline resume "$run"

printf '\n\033[1m# A second run: the SIT smoke test fails and SIT rolls back to the previous deployment\033[0m\n'
export DEMO_BREAK=sit
step pipeline run $file "${flags[@]}"
expect 4 pipeline run $file "${flags[@]}"
second=$(pipeline runs --limit 1 | awk 'NR==2 {print $1}')
approve "$second" dev "Lead Developer" lead@bbws.example
step pipeline resume "$second"; expect 4 pipeline resume "$second"
approve "$second" sit "Tech Lead" lead@bbws.example "QA Lead" qa@bbws.example
step pipeline resume "$second"; expect 3 pipeline resume "$second"

step pipeline runs; pipeline runs --limit 2
step pipeline status "$second"; pipeline status "$second"
step cat ".pipeline/runs/$run/summary.md"; cat ".pipeline/runs/$run/summary.md"
