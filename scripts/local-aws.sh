#!/usr/bin/env bash
# Local AWS endpoint for development: moto_server on 127.0.0.1.
#
#   scripts/local-aws.sh start   # start (installs moto[server] from PyPI if missing); pid file .pipeline/moto.pid
#   scripts/local-aws.sh start --tls   # HTTPS (see below); or LOCAL_AWS_TLS=1
#   scripts/local-aws.sh env     # print export lines:  eval "$(scripts/local-aws.sh env)"
#   scripts/local-aws.sh stop    # stop it (and its process group)
#   scripts/local-aws.sh status
#
# MOTO_PORT picks the port (default 5000). Signatures are not checked (moto's default); set
# LOCAL_AWS_AUTH=1 to start with IAM/signature checks on (INITIAL_NO_AUTH_ACTION_COUNT=0).
#
# TLS: serves HTTPS on MOTO_PORT with a certificate signed by a local CA that
# scripts/local-aws/make-certs.sh makes under .pipeline/local-aws/ (never committed), plus plain
# HTTP on MOTO_PLAIN_PORT (default MOTO_PORT+1) on the same state. Bucket policies then evaluate
# aws:SecureTransport (scripts/local-aws/moto_tls.py), so a policy denying requests without TLS
# behaves as on AWS. `env` prints AWS_CA_BUNDLE, which the AWS SDKs and CLI trust.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state="$root/.pipeline"
pid_file="$state/moto.pid"
port_file="$state/moto.port"
log_file="$state/moto.log"
port="${MOTO_PORT:-5000}"
python="${PYTHON:-python3}"
tls_file="$state/moto.tls"
cert_dir="$state/local-aws"

running() {
    [[ -f "$pid_file" ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null
}

case "${1:-}" in
start)
    tls="${LOCAL_AWS_TLS:-0}"
    if [[ "${2:-}" == "--tls" ]]; then tls=1; fi
    mkdir -p "$state"
    if running; then
        echo "moto already running (pid $(cat "$pid_file"), port $(cat "$port_file"))" >&2
        exit 0
    fi
    if ! command -v moto_server >/dev/null 2>&1 || ! "$python" -c 'import moto.server, flask, flask_cors' 2>/dev/null; then
        echo "installing moto[server] from PyPI…" >&2
        "$python" -m pip install --quiet 'moto[server]'
    fi
    env_args=()
    if [[ "${LOCAL_AWS_AUTH:-0}" == "1" ]]; then env_args=(INITIAL_NO_AUTH_ACTION_COUNT=0); fi
    probe=(curl -fsS -o /dev/null "http://127.0.0.1:$port/moto-api/")
    url="http://127.0.0.1:$port"
    # setsid: moto gets its own process group, so stop can end it and its children together.
    if [[ "$tls" == "1" ]]; then
        ca="$(bash "$root/scripts/local-aws/make-certs.sh" "$cert_dir")"
        plain_port="${MOTO_PLAIN_PORT:-$((port + 1))}"
        env "${env_args[@]}" setsid "$python" "$root/scripts/local-aws/moto_tls.py" --host 127.0.0.1 --port "$port" \
            --plain-port "$plain_port" --cert "$cert_dir/server.pem" --key "$cert_dir/server-key.pem" \
            >"$log_file" 2>&1 < /dev/null &
        echo "$ca" >"$tls_file"
        probe=(curl -fsS -o /dev/null --cacert "$ca" "https://127.0.0.1:$port/moto-api/")
        url="https://127.0.0.1:$port (plain http://127.0.0.1:$plain_port, CA $ca)"
    else
        env "${env_args[@]}" setsid "$python" -m moto.server -H 127.0.0.1 -p "$port" >"$log_file" 2>&1 < /dev/null &
        rm -f "$tls_file"
    fi
    echo $! >"$pid_file"
    echo "$port" >"$port_file"
    for _ in $(seq 1 300); do
        if "${probe[@]}" 2>/dev/null; then
            echo "moto listening on $url (pid $(cat "$pid_file"), log $log_file)" >&2
            exit 0
        fi
        if ! running; then
            echo "moto exited during start-up; log:" >&2
            tail -n 20 "$log_file" >&2
            rm -f "$pid_file"
            exit 1
        fi
        sleep 0.1
    done
    echo "moto did not answer on port $port within 30 s; log: $log_file" >&2
    exit 1
    ;;
env)
    p="$(cat "$port_file" 2>/dev/null || echo "$port")"
    if [[ -s "$tls_file" ]]; then
        echo "export AWS_ENDPOINT_URL=https://127.0.0.1:$p"
        echo "export AWS_CA_BUNDLE=$(cat "$tls_file")"
    else
        echo "export AWS_ENDPOINT_URL=http://127.0.0.1:$p"
    fi
    echo "export AWS_REGION=\${AWS_REGION:-af-south-1}"
    echo "export AWS_DEFAULT_REGION=\${AWS_REGION}"
    echo "export AWS_ACCESS_KEY_ID=testing"
    echo "export AWS_SECRET_ACCESS_KEY=testing"
    ;;
stop)
    if running; then
        pid="$(cat "$pid_file")"
        kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL -- "-$pid" 2>/dev/null || true
        echo "moto stopped" >&2
    else
        echo "moto not running" >&2
    fi
    rm -f "$pid_file" "$port_file" "$tls_file"
    ;;
status)
    if running; then echo "running: pid $(cat "$pid_file"), port $(cat "$port_file")"; else echo "not running"; exit 1; fi
    ;;
*)
    echo "usage: $0 start|stop|env|status" >&2
    exit 2
    ;;
esac
