"""A test rig: an origin git repository made with the git CLI and an in-process server."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import textwrap
import time
import urllib.error
import urllib.request
from typing import Any, Dict, Optional, Tuple

from local_actions.model import Settings
from local_actions.server import LocalActionsServer


def git(cwd: str, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env=dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
                                   GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com")).stdout.decode().strip()


class Rig:
    def __init__(self, files: Dict[str, str], machine_env: Optional[Dict[str, str]] = None, **options: Any) -> None:
        self.folder = tempfile.mkdtemp(prefix="local-actions-test-")
        self.origin = os.path.join(self.folder, "origin")
        os.makedirs(self.origin)
        git(self.origin, "init", "-q", "-b", "main")
        self.sha = self.commit(files)
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        env.update(machine_env or {})
        settings = Settings(origin=self.origin, repository="acme/app", work=os.path.join(self.folder, "work"),
                            machine_env=env, **options)
        self.server = LocalActionsServer(settings, quiet=True)
        self.server.start_background()
        self.url = settings.url
        self.settings = settings

    def close(self) -> None:
        self.server.shutdown()
        self.server.manager.wait(10)
        shutil.rmtree(self.folder, ignore_errors=True)

    def commit(self, files: Dict[str, str], message: str = "commit") -> str:
        for path, text in files.items():
            full = os.path.join(self.origin, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w") as handle:
                handle.write(textwrap.dedent(text))
        git(self.origin, "add", "-A")
        git(self.origin, "commit", "-q", "--allow-empty", "-m", message)
        return git(self.origin, "rev-parse", "HEAD")

    def call(self, method: str, path: str, body: Any = None, token: Optional[str] = None) -> Tuple[int, Any]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method)
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                raw = response.read()
                return response.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as error:
            raw = error.read()
            return error.code, json.loads(raw) if raw else None

    def push(self, sha: Optional[str] = None, ref: str = "refs/heads/main", actor: str = "alice") -> list:
        status, body = self.call("POST", "/_local/push", {"ref": ref, "sha": sha or self.sha, "actor": actor})
        assert status == 200, body
        return body["runs"]

    def dispatch(self, workflow: str, inputs: Optional[dict] = None, actor: str = "bob") -> int:
        status, body = self.call("POST", "/_local/dispatch", {"workflow": workflow, "ref": "refs/heads/main",
                                                              "inputs": inputs or {}, "actor": actor})
        assert status == 200, body
        return body["run_id"]

    def wait(self, timeout: float = 20) -> None:
        status, body = self.call("POST", "/_local/wait", {"timeout": timeout})
        assert status == 200 and body["idle"], self.call("GET", "/_local/runs")

    def run(self, run_id: int) -> Dict[str, Any]:
        return self.call("GET", f"/_local/runs/{run_id}")[1]

    def job(self, run_id: int, job_id: str) -> Dict[str, Any]:
        return next(job for job in self.run(run_id)["jobs"] if job["id"] == job_id)

    def log(self, run_id: int, job_id: str) -> str:
        path = self.job(run_id, job_id)["log"]
        if not path or not os.path.exists(path):
            return ""
        with open(path) as handle:
            return handle.read()

    def wait_for_log(self, run_id: int, job_id: str, text: str, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.log(run_id, job_id):
                return
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never appeared in the log of {job_id}: {self.log(run_id, job_id)}")

    def wait_for_status(self, run_id: int, job_id: str, status: str, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.job(run_id, job_id)["status"] == status:
                return
            time.sleep(0.05)
        raise AssertionError(f"{job_id} never became {status}: {self.run(run_id)}")
