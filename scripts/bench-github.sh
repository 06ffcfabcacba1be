#!/usr/bin/env bash
# Benchmarks what running the pipeline through GitHub Actions costs over running it on one machine:
#   1. the price of many machines: the seed pipeline (pipelines/deploy.swift over examples/:
#      validation → plan → dev → sit → prod → post-deploy, three gates, six approvals) end to end
#      through the workflows `pipeline ci github` generates, run by the local GitHub Actions
#      executor (scripts/local-actions: every job on its own machine — fresh clone, cold HOME, no
#      AWS keys, only the executor's OIDC tokens; the runner restored from the cache and handed to
#      the other jobs as an artifact), approvals dispatched through approve.yml as soon as the
#      executor is idle, until the run's post_deploy job succeeded — against the same pipeline on
#      one machine (`pipeline run`, then `pipeline approve --key` per approver and `pipeline resume`
#      per gate). Prints wall seconds each, the ratio, jobs and workflow runs, and the mean
#      overhead per job ((executor − one machine) ÷ jobs run);
#   2. a stage job's start-up: the runner from the artifact (copy, `tar -xzf`, `pipeline --version`,
#      then the cold `pipeline validate` every job pays) against building it in the job (`git
#      clone` + `swift build -c release` of pipeline and PipelineDescription, fresh scratch path).
#
# How: scripts/bench_github.py mirrors Tests/PipelineCommandsTests/GitHubActionsRig.swift: an
# origin holding this repository's HEAD plus the seed pipeline with fresh accounts, suffixed
# buckets, a DynamoDB state table (created by `pipeline state init`) and the executor's OIDC issuer
# as an identity provider; fresh ssh-keygen keys for the approvers; the runner packed by
# scripts/dist.sh from the debug build and seeded into the executor's cache. The one-machine side
# gets its own fresh repository, accounts, suffix and state table, moto keys in its environment,
# and compiles the pipeline file once with `pipeline validate` before the clock; the executor's
# jobs start cold, as real machines do. One moto for both, started as scripts/bench-deploy.sh does
# (TLS on loopback). Every wait is bounded; moto and the executors are stopped on exit.
#
#   scripts/bench-github.sh
#   ROUNDS=3 scripts/bench-github.sh   # measurement 1 (and the artifact start-up) ROUNDS times, medians (default 1)
#   COLD_BUILD=1                       # also build the runner in a job's way (about 10 minutes on 2 cores);
#                                      # without it the build side is reported as not measured
#   MAX_PARALLEL_JOBS=2                # the executor's limit of jobs at once (default 2, as the tests use)
#   WAIT_TIMEOUT=1800                  # bound of each wait for the executor to be idle, in seconds
#   SKIP_BUILD=1                       # use .build/debug as it is (default: `swift build` first, a no-op when current,
#                                      # after waiting for any other swift build or test run to end)
#   KEEP_WORK=1                        # keep the work folder (logs of every job) and print its path
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${PYTHON:-python3}"
rounds="${ROUNDS:-1}"
max_parallel="${MAX_PARALLEL_JOBS:-2}"
wait_timeout="${WAIT_TIMEOUT:-1800}"
work="$(mktemp -d)"
moto_pid="" driver_pid=""
kill_group() {  # kill_group PID: TERM to its process group (or itself), KILL after 10 s
    local pid="$1"
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || return 0
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
    if [[ -n "$driver_pid" ]] && kill -0 "$driver_pid" 2>/dev/null; then
        kill -TERM "$driver_pid" 2>/dev/null || true
        for _ in $(seq 1 200); do kill -0 "$driver_pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$driver_pid" 2>/dev/null || true
    fi
    if [[ -f "$work/executors.pid" ]]; then
        while read -r pid; do [[ -n "$pid" ]] && kill_group "$pid"; done <"$work/executors.pid"
    fi
    [[ -z "$moto_pid" ]] || kill_group "$moto_pid"
    if [[ -n "${KEEP_WORK:-}" ]]; then echo "work folder kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for package in libgit2-dev libsqlite3-dev pkg-config git curl openssl; do
    dpkg -s "$package" >/dev/null 2>&1 || { echo "missing $package: apt-get install -y $package" >&2; exit 1; }
done
command -v ssh-keygen >/dev/null || { echo "ssh-keygen is not on PATH (openssh-client)" >&2; exit 1; }
"$python" -c 'import moto.server, flask, flask_cors, boto3' 2>/dev/null || "$python" -m pip install --quiet 'moto[server]' boto3
"$python" -c 'import yaml, cryptography' 2>/dev/null || { echo "the local executor needs PyYAML and cryptography: $python -m pip install pyyaml cryptography" >&2; exit 1; }

if [[ -z "${SKIP_BUILD:-}" ]]; then
    # Never build under another build or test run (they share .build and its binaries).
    for attempt in $(seq 1 360); do
        pgrep -f "swift-build|pipelinePackageTests" >/dev/null || break
        [[ "$attempt" -gt 1 ]] || echo "waiting (at most 1 hour) for another swift build or test run to end…" >&2
        sleep 10
    done
    ! pgrep -f "swift-build|pipelinePackageTests" >/dev/null || { echo "another swift build or test run is still going after 1 hour" >&2; exit 1; }
    echo "building pipeline, PipelineDescription and the step modules (debug)…" >&2
    for product in pipeline PipelineDescription pipeline-step-cost-estimate pipeline-step-notify; do
        swift build --package-path "$root" --product "$product" >&2
    done
fi
bin="$root/.build/debug"
for needed in pipeline libPipelineDescription.so pipeline-step-cost-estimate; do
    [[ -e "$bin/$needed" ]] || { echo "$bin/$needed is missing: swift build first" >&2; exit 1; }
done

source "$root/scripts/lib/tls-moto.sh"
start_tls_moto
echo "moto (TLS) on $endpoint; $rounds round(s)…" >&2

extra=()
[[ -z "${COLD_BUILD:-}" ]] || extra+=(--cold-build)
"$python" "$root/scripts/bench_github.py" --pipeline "$bin/pipeline" --build-dir "$bin" --root "$root" --work "$work" \
    --endpoint "$endpoint" --ca "$ca" --rounds "$rounds" --max-parallel-jobs "$max_parallel" --wait-timeout "$wait_timeout" \
    --pid-file "$work/executors.pid" "${extra[@]}" &
driver_pid=$!
status=0
wait "$driver_pid" || status=$?
driver_pid=""
[[ "$status" -eq 0 ]] || { echo "bench-github: the benchmark failed (exit $status); see above" >&2; exit "$status"; }
