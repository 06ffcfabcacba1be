#!/usr/bin/env bash
# Benchmarks loading a pipeline file (see bench-loading.py). CONFIG=debug to skip the release build.
set -euo pipefail
cd "$(dirname "$0")/.."
config=${CONFIG:-release}
file=${1:-pipelines/deploy.swift}
swift build -c "$config" --product pipeline >/dev/null
swift build -c "$config" --product PipelineDescription >/dev/null
python3 scripts/bench-loading.py ".build/$config" "$file" "${RUNS:-30}"
