#!/bin/sh
# Smoke test for the demo: the environment must have a deployed version. Set DEMO_BREAK=<env> to
# make it fail there and watch the stage roll back.
set -eu
env=$1
live=".pipeline/demo/$env/live"
test -s "$live" || { echo "nothing deployed in $env" >&2; exit 1; }
if [ "${DEMO_BREAK:-}" = "$env" ]; then
  echo "smoke test of $env failed: health check returned 503 (DEMO_BREAK=$env)" >&2
  exit 1
fi
echo "$env answers with version $(cat "$live")"
