#!/usr/bin/env bash
# The tests, on a fresh machine: installs what they need when it is missing (libgit2, SQLite,
# pkg-config, curl and openssl from Debian; moto[server] from PyPI), then builds and runs them.
# The tests start their own services (moto servers over HTTP and TLS on loopback, HTTP fakes).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
for package in libgit2-dev libsqlite3-dev pkg-config git curl openssl openssh-client; do
  dpkg -s "$package" >/dev/null 2>&1 || need_apt+=("$package")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
if ! command -v moto_server >/dev/null 2>&1 || ! python3 -c 'import moto.server, flask, flask_cors, boto3' 2>/dev/null; then
  echo "installing moto[server] and boto3"
  python3 -m pip install --quiet 'moto[server]' boto3
fi

swift --version
swift build && swift test --no-parallel
# The parsers under libFuzzer, 20 s each (scripts/fuzz.sh --seconds N for longer).
scripts/fuzz.sh --seconds "${FUZZ_SECONDS:-20}"
