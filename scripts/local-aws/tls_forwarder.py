#!/usr/bin/env python3
"""A loopback TCP forwarder that originates TLS: plain bytes in, TLS to the local AWS endpoint out.

    python3 scripts/local-aws/tls_forwarder.py --listen-port 0 --upstream-port 5443 --ca ca.pem \
        [--host 127.0.0.1] [--server-name 127.0.0.1] [--idle-timeout 60] [--connect-timeout 10] \
        [--max-connections 64] [--lifetime 3600] [--watch-parent] [--new-session]

For tests that must read (and fault) every request in plain HTTP while the endpoint still sees
TLS: client --HTTP--> fault-injecting proxy --HTTP--> this forwarder --TLS--> moto_tls.py. Each
accepted connection gets its own TLS connection upstream, verified against --ca (the local CA;
verification is never turned off); bytes are copied both ways unchanged, so the Host header and
SigV4 signatures are the client's own.

Bounded everywhere: a TLS connect and handshake within --connect-timeout, no bytes either way for
--idle-timeout closes the pair, at most --max-connections pairs at once (others wait), the whole
process exits after --lifetime seconds, on SIGTERM/SIGINT, and (with --watch-parent) when the
process that started it goes away. Listens on 127.0.0.1 only. Prints one line when ready:
`tls-forwarder listening on 127.0.0.1:<port> -> 127.0.0.1:<upstream port> (TLS)`.
"""
import argparse
import asyncio
import os
import signal
import ssl
import sys
import threading
import time

CHUNK = 64 * 1024


def watch_parent():
    """Exits when the process that started us goes away (no forwarder outlives a crashed test run)."""
    parent = os.getppid()

    def watch():
        while True:
            if os.getppid() != parent:
                os._exit(0)
            time.sleep(0.5)

    threading.Thread(target=watch, daemon=True).start()


async def pump(reader, writer, idle_timeout):
    """Copies bytes until EOF, an error, or `idle_timeout` seconds without any."""
    try:
        while True:
            data = await asyncio.wait_for(reader.read(CHUNK), timeout=idle_timeout)
            if not data:
                return
            writer.write(data)
            await asyncio.wait_for(writer.drain(), timeout=idle_timeout)
    except (asyncio.TimeoutError, ConnectionError, ssl.SSLError, OSError):
        return


def close(writer):
    try:
        writer.close()
    except (ConnectionError, ssl.SSLError, OSError, RuntimeError):
        pass


class Forwarder:
    def __init__(self, args):
        self.args = args
        self.context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=args.ca)
        self.context.minimum_version = ssl.TLSVersion.TLSv1_2
        self.slots = asyncio.Semaphore(args.max_connections)
        self.served = 0
        self.failed = 0

    async def handle(self, client_reader, client_writer):
        async with self.slots:
            try:
                upstream_reader, upstream_writer = await asyncio.wait_for(
                    asyncio.open_connection(self.args.upstream_host, self.args.upstream_port, ssl=self.context,
                                            server_hostname=self.args.server_name),
                    timeout=self.args.connect_timeout)
            except (asyncio.TimeoutError, ConnectionError, ssl.SSLError, OSError) as error:
                self.failed += 1
                print(f"tls-forwarder: cannot reach https://{self.args.upstream_host}:{self.args.upstream_port}: {error}",
                      file=sys.stderr, flush=True)
                close(client_writer)
                return
            self.served += 1
            upward = asyncio.ensure_future(pump(client_reader, upstream_writer, self.args.idle_timeout))
            downward = asyncio.ensure_future(pump(upstream_reader, client_writer, self.args.idle_timeout))
            # HTTP framing needs no half-close: when either side ends, the pair ends.
            await asyncio.wait([upward, downward], return_when=asyncio.FIRST_COMPLETED)
            for task in (upward, downward):
                task.cancel()
            await asyncio.gather(upward, downward, return_exceptions=True)
            close(upstream_writer)
            close(client_writer)


async def serve(args):
    forwarder = Forwarder(args)
    server = await asyncio.start_server(forwarder.handle, host=args.host, port=args.listen_port, backlog=128)
    port = server.sockets[0].getsockname()[1]
    print(f"tls-forwarder listening on {args.host}:{port} -> {args.upstream_host}:{args.upstream_port} (TLS)", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(number, stop.set)
    try:
        await asyncio.wait_for(stop.wait(), timeout=args.lifetime)
    except asyncio.TimeoutError:
        print(f"tls-forwarder: lifetime of {args.lifetime:.0f} s reached, exiting", file=sys.stderr, flush=True)
    server.close()
    await asyncio.wait_for(server.wait_closed(), timeout=5)
    print(f"tls-forwarder: {forwarder.served} connections forwarded, {forwarder.failed} failed", file=sys.stderr, flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1", help="listen address (loopback only)")
    parser.add_argument("--listen-port", type=int, default=0, help="0: a free port (printed when ready)")
    parser.add_argument("--upstream-host", default="127.0.0.1")
    parser.add_argument("--upstream-port", type=int, required=True, help="the TLS port of the endpoint")
    parser.add_argument("--server-name", default="127.0.0.1", help="the name (or IP) the certificate must carry")
    parser.add_argument("--ca", required=True, help="the CA bundle (PEM) to trust for the upstream certificate")
    parser.add_argument("--connect-timeout", type=float, default=10)
    parser.add_argument("--idle-timeout", type=float, default=60)
    parser.add_argument("--max-connections", type=int, default=64)
    parser.add_argument("--lifetime", type=float, default=3600, help="exit after this many seconds")
    parser.add_argument("--watch-parent", action="store_true", help="exit when the parent process exits")
    parser.add_argument("--new-session", action="store_true", help="run in a new session (own process group)")
    args = parser.parse_args(argv)
    if args.host not in ("127.0.0.1", "::1", "localhost"):
        parser.error("--host must be a loopback address")
    if args.upstream_host not in ("127.0.0.1", "::1", "localhost"):
        parser.error("--upstream-host must be a loopback address")

    # Threads of a spawning process may block these signals, and a child inherits the mask.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
    if args.new_session:
        try:
            os.setsid()
        except OSError:
            pass  # already a session leader
    if args.watch_parent:
        watch_parent()
    asyncio.run(serve(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
