# Shared by the benchmark scripts (source it after setting `package`, `python` and `scratch`):
# a work folder removed on exit, the moto server a script starts stopped on exit (with its
# process group), the release build of one benchmark product, and a plain moto on loopback.

work="$(mktemp -d)"
moto_pid=""
cleanup() {
    if [[ -n "$moto_pid" ]]; then kill -TERM -- "-$moto_pid" 2>/dev/null || kill "$moto_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# build_bench PRODUCT: builds PRODUCT in release and sets `bench` to its path.
build_bench() {
    echo "building $1 (release)…" >&2
    swift build --package-path "$package" --scratch-path "$scratch" -c release --product "$1" >&2
    bench="$(swift build --package-path "$package" --scratch-path "$scratch" -c release --show-bin-path)/$1"
}

# start_plain_moto: moto over HTTP on a free loopback port (its own process group); sets
# `port`, `endpoint` and `moto_pid`, and waits (bounded) until it answers.
start_plain_moto() {
    port="$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
    setsid "$python" -m moto.server -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 < /dev/null &
    moto_pid=$!
    endpoint="http://127.0.0.1:$port"
    for _ in $(seq 1 300); do curl -fsS -o /dev/null "$endpoint/moto-api/" 2>/dev/null && break; sleep 0.1; done
}
