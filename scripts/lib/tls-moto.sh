# start_tls_moto: moto over TLS on loopback as the demo runs it (scripts/local-aws/moto_tls.py, a
# local CA from scripts/local-aws/make-certs.sh, so a bucket policy denying requests without TLS
# is in force), in its own process group, stopping when its parent does. Needs `root`, `python`
# and `work`; sets `port`, `plain_port`, `ca`, `endpoint` and `moto_pid`, and waits (at most 30 s)
# until it answers.
start_tls_moto() {
    local free='import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
    port="$("$python" -c "$free")"
    plain_port="$("$python" -c "$free")"
    ca="$(bash "$root/scripts/local-aws/make-certs.sh" "$work/certs")"
    setsid "$python" "$root/scripts/local-aws/moto_tls.py" --host 127.0.0.1 --port "$port" --plain-port "$plain_port" \
        --cert "$work/certs/server.pem" --key "$work/certs/server-key.pem" --watch-parent >"$work/moto.log" 2>&1 </dev/null &
    moto_pid=$!
    endpoint="https://127.0.0.1:$port"
    for _ in $(seq 1 300); do
        curl -fsS -o /dev/null --cacert "$ca" "$endpoint/moto-api/" 2>/dev/null && break
        kill -0 "$moto_pid" 2>/dev/null || { echo "moto exited during start-up:" >&2; tail -n 20 "$work/moto.log" >&2; exit 1; }
        sleep 0.1
    done
    curl -fsS -o /dev/null --cacert "$ca" "$endpoint/moto-api/" || { echo "moto did not answer on $endpoint within 30 s" >&2; exit 1; }
}
