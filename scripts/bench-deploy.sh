#!/usr/bin/env bash
# Benchmarks the full deploy of the example (pipelines/deploy.swift over examples/: 3 DynamoDB
# tables, the template bucket with its settings and DR copy, 13 objects, smoke tests; dev → sit →
# prod → post-deploy in three accounts) by the `pipeline` runner against the same calls made by
#   (a) a boto3 script, one after another in one process (target: ours ≤ 1.0× its time),
#   (b) an awscli script, one `aws` process per call (target: ours ≥ 20× faster),
# and the runner's no-change re-run against a boto3 script of the reads it makes (target ≤ 1.2×).
# "The same calls" are the runner's own: its `awsCalls` event gives the calls per operation,
# scripts/bench_deploy_replay.py makes exactly those (the table prints both sides' counts).
#
# One moto, started here as the demo starts it: TLS on loopback (scripts/local-aws/moto_tls.py,
# certificates from scripts/local-aws/make-certs.sh, so the buckets' deny-without-TLS policy is in
# force). The pipeline variant has no approval gates (one `pipeline run` does the whole deploy);
# the file is compiled and cached by `pipeline validate` before the clock starts. Release build.
#
#   scripts/bench-deploy.sh
#   ROUNDS=5 scripts/bench-deploy.sh
#   AWSCLI_ENVIRONMENTS=dev   # the awscli side runs dev's share of the calls and extrapolates per call (default);
#                             # AWSCLI_ENVIRONMENTS= runs all of them (about 10 minutes here)
#   SCRATCH_PATH=DIR          # build folder (default: <repo>/.build-bench)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${PYTHON:-python3}"
rounds="${ROUNDS:-3}"
awscli_environments="${AWSCLI_ENVIRONMENTS-dev}"
scratch="${SCRATCH_PATH:-$root/.build-bench}"
work="$(mktemp -d)"
moto_pid=""
cleanup() {
    if [[ -n "$moto_pid" ]]; then
        kill -TERM -- "-$moto_pid" 2>/dev/null || kill -TERM "$moto_pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$moto_pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL -- "-$moto_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

for package in libgit2-dev libsqlite3-dev pkg-config git curl openssl; do
    dpkg -s "$package" >/dev/null 2>&1 || { echo "missing $package: apt-get install -y $package" >&2; exit 1; }
done
"$python" -c 'import moto.server, flask, flask_cors, boto3' 2>/dev/null || "$python" -m pip install --quiet 'moto[server]' boto3
command -v aws >/dev/null || { echo "awscli (aws) is not on PATH: python3 -m pip install awscli" >&2; exit 1; }

echo "building pipeline and PipelineDescription (release)…" >&2
swift build --package-path "$root" --scratch-path "$scratch" -c release --product pipeline >&2
swift build --package-path "$root" --scratch-path "$scratch" -c release --product PipelineDescription >&2
swift build --package-path "$root" --scratch-path "$scratch" -c release --product pipeline-step-cost-estimate >&2
bin="$(swift build --package-path "$root" --scratch-path "$scratch" -c release --show-bin-path)"

source "$root/scripts/lib/tls-moto.sh"
start_tls_moto
echo "moto (TLS) on $endpoint; $rounds rounds…" >&2

"$python" "$root/scripts/bench_deploy_run.py" --pipeline "$bin/pipeline" --root "$root" --work "$work" --endpoint "$endpoint" \
    --ca "$ca" --rounds "$rounds" --awscli-environments "$awscli_environments"
