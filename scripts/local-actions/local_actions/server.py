"""The HTTP server: the control API (``/_local``), the GitHub API subset (``/api``) and the
OIDC issuer (``/oidc``), on 127.0.0.1."""

from __future__ import annotations

import json
import os
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, Optional, Tuple
from urllib.parse import parse_qs, unquote, urlparse

from .model import Settings
from .oidc import OIDCIssuer
from .runs import ApiError, RunManager

MAX_BODY = 10 * 1024 * 1024


class LocalActionsServer:
    """Binds the port, then serves until ``shutdown``."""

    def __init__(self, settings: Settings, port: int = 0, quiet: bool = False) -> None:
        self.settings = settings
        self.quiet = quiet
        handler = type("Handler", (_Handler,), {"app": self})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        settings.url = f"http://127.0.0.1:{self.port}"
        self.oidc = OIDCIssuer(settings.issuer)
        self.manager = RunManager(settings, self.oidc)

    def ready_json(self) -> Dict[str, Any]:
        return {"url": self.settings.url, "issuer": self.settings.issuer, "api": self.settings.api_url, "pid": os.getpid()}

    def write_ready_file(self, path: str) -> None:
        temporary = f"{path}.tmp-{os.getpid()}"
        with open(temporary, "w") as handle:
            json.dump(self.ready_json(), handle)
        os.replace(temporary, path)

    def serve_forever(self) -> None:
        self.httpd.serve_forever(poll_interval=0.2)
        self.httpd.server_close()

    def start_background(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, name="http", daemon=True)
        thread.start()
        return thread

    def shutdown(self) -> None:
        """Stops serving; running jobs are cancelled (their process groups killed)."""
        self.manager.cancel_all()
        threading.Thread(target=self.httpd.shutdown, daemon=True).start()


class _Handler(BaseHTTPRequestHandler):
    app: LocalActionsServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        if self.app.quiet:
            return
        print(f"[local-actions] {self.address_string()} {format % args}", flush=True)

    # MARK: Plumbing

    def _send(self, status: int, body: Any = None) -> None:
        data = b"" if body is None else json.dumps(body, indent=2).encode()
        self.send_response(status)
        if body is not None:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if data:
            self.wfile.write(data)

    def _body(self) -> Dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise ApiError(413, "request body too large")
        raw = self.rfile.read(length) if length else b""
        if not raw.strip():
            return {}
        try:
            body = json.loads(raw)
        except json.JSONDecodeError as error:
            raise ApiError(400, f"Problems parsing JSON: {error}") from None
        if not isinstance(body, dict):
            raise ApiError(400, "the body must be a JSON object")
        return body

    def _token(self) -> Optional[str]:
        header = self.headers.get("Authorization") or ""
        match = re.match(r"^(?:Bearer|token)\s+(\S+)\s*$", header, re.IGNORECASE)
        return match.group(1) if match else None

    def _handle(self, method: str) -> None:
        url = urlparse(self.path)
        path = unquote(url.path).rstrip("/") or "/"
        query = {key: values[-1] for key, values in parse_qs(url.query).items()}
        try:
            status, body = self._route(method, path, query)
            self._send(status, body)
        except ApiError as error:
            self._send(error.status, {"message": error.message})
        except Exception as error:  # noqa: BLE001 - answer, never crash the server
            self._send(500, {"message": f"internal error: {type(error).__name__}: {error}"})

    def do_GET(self) -> None:  # noqa: N802
        self._handle("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._handle("POST")

    # MARK: Routes

    def _route(self, method: str, path: str, query: Dict[str, str]) -> Tuple[int, Any]:
        if path.startswith("/_local/"):
            return self._control(method, path[len("/_local"):])
        if path.startswith("/api/") or path == "/api":
            return self._api(method, path[len("/api"):])
        if path.startswith("/oidc/"):
            return self._oidc(method, path[len("/oidc"):], query)
        raise ApiError(404, "Not Found")

    def _control(self, method: str, path: str) -> Tuple[int, Any]:
        manager = self.app.manager
        if method == "GET" and path == "/runs":
            return 200, {"runs": manager.runs_json()}
        match = re.fullmatch(r"/runs/(\d+)", path)
        if method == "GET" and match:
            return 200, manager.run_json(int(match.group(1)))
        if method != "POST":
            raise ApiError(404, "Not Found")
        body = self._body()
        if path == "/push":
            sha, ref = body.get("sha"), body.get("ref", f"refs/heads/{self.app.settings.default_branch}")
            if not isinstance(sha, str) or not re.fullmatch(r"[0-9a-fA-F]{4,40}", sha):
                raise ApiError(422, "'sha' must be a commit id")
            return 200, {"runs": manager.push(ref, sha, str(body.get("actor") or "local"), body.get("before"))}
        if path == "/dispatch":
            workflow = body.get("workflow")
            if not isinstance(workflow, str) or not workflow:
                raise ApiError(422, "'workflow' (a file name) is required")
            run_id = manager.dispatch(workflow, str(body.get("ref") or ""), body.get("inputs") or {},
                                      str(body.get("actor") or "local"))
            return 200, {"run_id": run_id}
        match = re.fullmatch(r"/runs/(\d+)/rerun-failed", path)
        if match:
            run = manager.rerun_failed(int(match.group(1)), body.get("actor"))
            return 200, {"run_id": run.id, "attempt": run.attempt}
        match = re.fullmatch(r"/runs/(\d+)/jobs/([^/]+)/kill", path)
        if match:
            manager.kill(int(match.group(1)), match.group(2))
            return 200, {"killed": True}
        if path == "/wait":
            timeout = body.get("timeout", 900)
            if not isinstance(timeout, (int, float)) or timeout < 0:
                raise ApiError(422, "'timeout' must be a number of seconds")
            return 200, {"idle": manager.wait(float(timeout))}
        if path == "/cache/seed":
            missing = [key for key in ("workflow", "job", "step", "sha", "from") if not body.get(key)]
            if missing:
                raise ApiError(422, f"missing {', '.join(missing)}")
            key = manager.seed_cache(body["workflow"], body["job"], body["step"], body["sha"],
                                     body.get("ref") or f"refs/heads/{self.app.settings.default_branch}", body["from"])
            return 200, {"key": key}
        if path == "/shutdown":
            self.app.shutdown()
            return 200, {"shutdown": True}
        raise ApiError(404, "Not Found")

    def _api(self, method: str, path: str) -> Tuple[int, Any]:
        settings, manager = self.app.settings, self.app.manager
        match = re.fullmatch(r"/repos/([^/]+)/([^/]+)(/.*)?", path)
        if not match:
            raise ApiError(404, "Not Found")
        if f"{match.group(1)}/{match.group(2)}".lower() != settings.repository.lower():
            raise ApiError(404, "Not Found")
        rest = match.group(3) or ""
        token = self._token()
        actor, permissions = None, {}
        if token is not None:
            actor, permissions = self._authenticate(token)
        if method == "GET" and rest == "":
            return 200, manager.repository_json()
        dispatch = re.fullmatch(r"/actions/workflows/([^/]+)/dispatches", rest)
        if method == "POST" and dispatch:
            if token is None:
                raise ApiError(401, "Requires authentication")
            if permissions.get("actions") != "write":
                raise ApiError(403, "Resource not accessible by integration")
            body = self._body()
            ref = body.get("ref")
            if not isinstance(ref, str) or not ref:
                raise ApiError(422, "Invalid request: 'ref' is required")
            manager.dispatch(dispatch.group(1), ref, body.get("inputs") or {}, actor)
            return 204, None
        raise ApiError(404, "Not Found")

    def _authenticate(self, token: str) -> Tuple[str, Dict[str, str]]:
        """The actor and permissions of a token: a running job's GITHUB_TOKEN (the actor of its
        run) or a personal token from ``--user-token`` (every permission)."""
        for login, known in self.app.settings.user_tokens.items():
            if token == known:
                return login, {"actions": "write", "contents": "write"}
        runner = self.app.manager.job_for_github_token(token)
        if runner is None:
            raise ApiError(401, "Bad credentials")
        return runner.run.actor, dict(runner.job.permissions)

    def _oidc(self, method: str, path: str, query: Dict[str, str]) -> Tuple[int, Any]:
        oidc = self.app.oidc
        if method != "GET":
            raise ApiError(404, "Not Found")
        if path == "/.well-known/openid-configuration":
            return 200, oidc.configuration()
        if path == "/.well-known/jwks":
            return 200, oidc.jwks()
        if path == "/token":
            token = self._token()
            if token is None:
                raise ApiError(401, "Bad credentials: a bearer token is required")
            return 200, {"value": self.app.manager.id_token(token, query.get("audience"))}
        raise ApiError(404, "Not Found")
