#!/usr/bin/env python3
"""moto's server on 127.0.0.1 over TLS, with bucket policies that understand aws:SecureTransport.

    python3 scripts/local-aws/moto_tls.py --port 5443 --cert server.pem --key server-key.pem \
        [--plain-port 5080] [--host 127.0.0.1] [--watch-parent] [--new-session]

One process, one moto state, two listeners: HTTPS on --port (the endpoint clients use, trusting
the CA through AWS_CA_BUNDLE) and, with --plain-port, plain HTTP on the same state (set-up calls,
and the proof that a bucket policy denying requests without TLS denies them).

moto 5.2.1 evaluates bucket policies without their conditions: a statement's `Condition` with an
operator it does not know (`Bool`) counts as matched, so a "deny unless TLS" policy denies every
object call, over HTTP or HTTPS. This launcher patches that evaluation at start-up, in this
process only (nothing in site-packages changes):

- every request records whether it came in over TLS (a WSGI middleware reads `wsgi.url_scheme`);
- a bucket's policy is evaluated statement by statement; a statement applies only when all its
  conditions hold; `Bool` (and `BoolIfExists`) is evaluated against the request context key
  `aws:SecureTransport` ("true" over TLS, else "false"); any other operator or key is left to
  moto's own rules (which ignore what they do not know, as before).
"""
import argparse
import contextvars
import json
import os
import signal
import ssl
import sys
import threading
import time

_secure_transport = contextvars.ContextVar("secure_transport", default=False)


def request_context() -> dict:
    """The condition keys this launcher knows, for the request being served."""
    return {"aws:securetransport": "true" if _secure_transport.get() else "false"}


def _values(expected):
    return [str(v).lower() for v in (expected if isinstance(expected, list) else [expected])]


def condition_holds(operator: str, block: dict, context: dict):
    """True/False for the operators evaluated here; None when moto's own rules decide."""
    base = operator[:-len("IfExists")] if operator.endswith("IfExists") else operator
    if base != "Bool":
        return None
    for key, expected in block.items():
        actual = context.get(key.lower())
        if actual is None:
            if operator.endswith("IfExists"):
                continue
            return False
        if actual not in _values(expected):
            return False
    return True


def statement_applies(statement: dict, context: dict) -> bool:
    conditions = statement.get("Condition") or {}
    for operator, block in conditions.items():
        if not isinstance(block, dict):
            continue
        holds = condition_holds(operator, block, context)
        if holds is False:
            return False
    return True


def install_patch():
    """Teaches moto's bucket-policy evaluation the aws:SecureTransport condition key."""
    from moto.iam.access_control import IAMPolicyStatement, PermissionResult
    from moto.s3.models import FakeBucket

    def get_permission(self, action, resource):
        if self.policy is None:
            return PermissionResult.NEUTRAL
        document = json.loads(self.policy.decode() if isinstance(self.policy, bytes) else self.policy)
        statements = document.get("Statement", [])
        if isinstance(statements, dict):
            statements = [statements]
        context = request_context()
        permitted = False
        for statement in statements:
            if not statement_applies(statement, context):
                continue  # a statement whose conditions do not hold neither allows nor denies
            # Conditions evaluated here are settled; the rest stay for moto's own evaluation.
            conditions = statement.get("Condition") or {}
            rest = {operator: block for operator, block in conditions.items()
                    if not isinstance(block, dict) or condition_holds(operator, block, context) is None}
            reduced = dict(statement)
            if rest:
                reduced["Condition"] = rest
            else:
                reduced.pop("Condition", None)
            result = IAMPolicyStatement(reduced).is_action_permitted(action, resource)
            if result == PermissionResult.DENIED:
                return result
            if result == PermissionResult.PERMITTED:
                permitted = True
        return PermissionResult.PERMITTED if permitted else PermissionResult.NEUTRAL

    FakeBucket.get_permission = get_permission


class TransportMarker:
    """WSGI middleware: records whether this request arrived over TLS."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        token = _secure_transport.set(environ.get("wsgi.url_scheme") == "https")
        try:
            return self.app(environ, start_response)
        finally:
            _secure_transport.reset(token)


def watch_parent():
    """Exits when the process that started us goes away (no server outlives a crashed test run)."""
    parent = os.getppid()

    def watch():
        while True:
            if os.getppid() != parent:
                os._exit(0)
            time.sleep(0.5)

    threading.Thread(target=watch, daemon=True).start()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True, help="HTTPS port")
    parser.add_argument("--plain-port", type=int, default=None, help="also serve plain HTTP on this port")
    parser.add_argument("--cert", required=True, help="server certificate (PEM)")
    parser.add_argument("--key", required=True, help="server private key (PEM)")
    parser.add_argument("--watch-parent", action="store_true", help="exit when the parent process exits")
    parser.add_argument("--new-session", action="store_true", help="run in a new session (own process group)")
    args = parser.parse_args(argv)

    # Threads of a spawning process may block these signals, and a child inherits the mask.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
    if args.new_session:
        try:
            os.setsid()
        except OSError:
            pass  # already a session leader
    if args.watch_parent:
        watch_parent()
    os.environ.setdefault("MOTO_PORT", str(args.port))

    install_patch()
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import moto_atomic
    moto_atomic.install()
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
    from werkzeug.serving import make_server

    app = TransportMarker(DomainDispatcherApplication(create_backend_app))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(args.cert, args.key)

    servers = [make_server(args.host, args.port, app, threaded=True, ssl_context=context)]
    if args.plain_port:
        servers.append(make_server(args.host, args.plain_port, app, threaded=True))
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    listening = f"https://{args.host}:{args.port}"
    if args.plain_port:
        listening += f" and http://{args.host}:{args.plain_port}"
    print(f"moto (TLS, aws:SecureTransport) listening on {listening}", flush=True)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    while not stop.wait(0.5):
        pass
    for server in servers:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
