"""One job attempt on its own "machine": a fresh folder (HOME, RUNNER_TEMP, the tool cache, the
workspace), an environment built from the machine's and GitHub's variables, and its steps run
one after the other as process groups."""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shlex
import signal
import subprocess
import threading
import time
import uuid
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Tuple

from . import expressions
from .actions import ActionError, BuiltinActions
from .expressions import ExpressionError, ExpressionEvaluator
from .globbing import expand
from .model import JobRecord, Run, StepRecord, timestamp
from .oidc import stable_id
from .workflow import Job, Step

if TYPE_CHECKING:  # pragma: no cover
    from .runs import RunManager

SHELLS = {
    None: "bash -e {0}",
    "bash": "bash --noprofile --norc -eo pipefail {0}",
    "sh": "sh -e {0}",
    "python": "python3 {0}",
}
PASSED_THROUGH = ("LANG", "LC_ALL")


class StepFileError(Exception):
    """A malformed GITHUB_OUTPUT / GITHUB_ENV file."""


def parse_key_values(text: str, what: str) -> List[Tuple[str, str]]:
    """The ``name=value`` and ``name<<DELIMITER`` … ``DELIMITER`` entries of a step file."""
    entries: List[Tuple[str, str]] = []
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index].rstrip("\r")
        index += 1
        if line.strip() == "":
            continue
        equals, heredoc = line.find("="), line.find("<<")
        if heredoc > 0 and (equals < 0 or heredoc < equals):
            name, delimiter = line[:heredoc], line[heredoc + 2:]
            if not name or not delimiter:
                raise StepFileError(f"Invalid format '{line}' in {what}")
            body: List[str] = []
            while True:
                if index >= len(lines):
                    raise StepFileError(f"Invalid value. Matching delimiter not found '{delimiter}' in {what}")
                current = lines[index].rstrip("\r")
                index += 1
                if current == delimiter:
                    break
                body.append(current)
            entries.append((name, "\n".join(body)))
        elif equals > 0:
            entries.append((line[:equals], line[equals + 1:]))
        else:
            raise StepFileError(f"Invalid format '{line}' in {what}")
    return entries


class JobRunner:
    """Runs one attempt of ``job`` of ``run`` and records its result in ``record``."""

    def __init__(self, manager: "RunManager", run: Run, record: JobRecord, job: Job, needs: Dict[str, Any]) -> None:
        self.manager = manager
        self.settings = manager.settings
        self.cache = manager.cache
        self.artifacts = manager.artifacts
        self.run = run
        self.record = record
        self.job = job
        self.needs = needs
        self.folder = os.path.join(self.settings.work, "runs", str(run.id), str(record.attempt), job.id)
        self.home = os.path.join(self.folder, "home")
        self.temp = os.path.join(self.folder, "temp")
        self.tool = os.path.join(self.folder, "tool")
        self.workspace = os.path.join(self.folder, "workspace", self.settings.name)
        self.files = os.path.join(self.folder, "files")
        self.log_path = os.path.join(self.folder, "log.txt")
        self.summary_path = os.path.join(self.folder, "summary.md")
        self.token = "ghs_" + secrets.token_hex(18)
        self.id_token_request = secrets.token_urlsafe(32) if job.permissions.get("id-token") == "write" else None
        self.masks = {self.token} | {value for value in self.settings.secrets.values() if value}
        if self.id_token_request:
            self.masks.add(self.id_token_request)
        self.finished = False
        self.failed = False
        self.cancelled = False
        self.timed_out = False
        self.abort_reason: Optional[str] = None
        self._lock = threading.Lock()
        self._log_lock = threading.Lock()
        self._log = None
        self._process: Optional[subprocess.Popen] = None
        self._groups: List[int] = []
        self.env_file: Dict[str, str] = {}
        self.path_additions: List[str] = []
        self.steps_context: Dict[str, Any] = {}
        self.post_steps: List[Tuple[str, Callable[[], None], bool]] = []
        self.deadline = float("inf")
        self.timeout_minutes = 360.0
        self.environment: Optional[str] = None
        self.current_step_name = ""
        self.workflow_env: Dict[str, str] = {}
        self.job_env: Dict[str, str] = {}
        self.base_env: Dict[str, str] = {}

    # MARK: Logging

    def mask(self, text: str) -> str:
        for value in sorted(self.masks, key=len, reverse=True):
            if value:
                text = text.replace(value, "***")
        return text

    def log(self, line: str) -> None:
        """Appends a line (masked) to log.txt and flushes it."""
        with self._log_lock:
            if self._log is None:
                return
            self._log.write(self.mask(line) + "\n")
            self._log.flush()

    # MARK: Contexts

    def github_context(self) -> Dict[str, Any]:
        context = self.manager.github_context(self.run)
        context.update({"job": self.job.id, "workspace": self.workspace, "token": self.token,
                        "event_path": os.path.join(self.folder, "event.json"), "action": "", "action_path": ""})
        return context

    def evaluator(self, env: Optional[Dict[str, str]] = None, steps: bool = True) -> ExpressionEvaluator:
        status = "cancelled" if self.cancelled else ("failure" if self.failed else "success")
        contexts = {
            "github": self.github_context(),
            "env": dict(env or {}),
            "vars": dict(self.settings.variables),
            "secrets": dict(self.settings.secrets, GITHUB_TOKEN=self.token),
            "inputs": dict(self.run.inputs),
            "needs": self.needs,
            "steps": self.steps_context if steps else {},
            "job": {"status": status, "container": {}, "services": {}},
            "runner": {"os": "Linux", "arch": "X64", "name": self.runner_name, "temp": self.temp, "tool_cache": self.tool,
                       "environment": "self-hosted", "debug": ""},
            "strategy": {}, "matrix": None,
        }
        functions = {
            "success": lambda: not self.failed and not self.cancelled,
            "failure": lambda: self.failed and not self.cancelled,
            "cancelled": lambda: self.cancelled,
            "always": lambda: True,
            "hashfiles": self.hash_files,
        }
        return ExpressionEvaluator(contexts, functions)

    @property
    def runner_name(self) -> str:
        return f"local-{self.run.id}-{self.record.attempt}-{self.job.id}"

    def hash_files(self, *patterns: Any) -> str:
        """SHA-256 over the SHA-256 of each matched file (sorted by path) under the workspace."""
        resolved = []
        for pattern in patterns:
            text = expressions.to_string(pattern)
            negative = text.startswith("!")
            body = text[1:] if negative else text
            resolved.append(("!" if negative else "") + os.path.join(self.workspace, body))
        files = [path for path, _ in expand(resolved, self.workspace)
                 if path.startswith(self.workspace + os.sep) and os.path.isfile(path)]
        if not files:
            return ""
        outer = hashlib.sha256()
        for path in files:
            inner = hashlib.sha256()
            with open(path, "rb") as handle:
                for chunk in iter(lambda: handle.read(1 << 20), b""):
                    inner.update(chunk)
            outer.update(inner.digest())
        return outer.hexdigest()

    # MARK: Environment

    def path_env(self) -> str:
        base = self.base_env.get("PATH", "")
        merged = dict(self.workflow_env, **self.job_env, **self.env_file)
        base = merged.get("PATH", base)
        return ":".join(list(reversed(self.path_additions)) + ([base] if base else []))

    def _base_environment(self) -> Dict[str, str]:
        settings, run = self.settings, self.run
        env: Dict[str, str] = {}
        for key in PASSED_THROUGH:
            if key in os.environ:
                env[key] = os.environ[key]
        if "PATH" not in settings.machine_env:
            env["PATH"] = os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin")
        env.update(settings.machine_env)
        github = self.github_context()
        env.update({
            "CI": "true", "GITHUB_ACTIONS": "true",
            "GITHUB_RUN_ID": str(run.id), "GITHUB_RUN_NUMBER": str(run.number), "GITHUB_RUN_ATTEMPT": str(run.attempt),
            "GITHUB_SHA": run.sha, "GITHUB_REF": run.ref, "GITHUB_REF_NAME": run.ref_name, "GITHUB_REF_TYPE": run.ref_type,
            "GITHUB_REPOSITORY": settings.repository, "GITHUB_REPOSITORY_OWNER": settings.owner,
            "GITHUB_REPOSITORY_ID": str(stable_id("repository", settings.repository)),
            "GITHUB_REPOSITORY_OWNER_ID": str(stable_id("owner", settings.owner)),
            "GITHUB_ACTOR": run.actor, "GITHUB_ACTOR_ID": str(stable_id("actor", run.actor)),
            "GITHUB_TRIGGERING_ACTOR": run.triggering_actor or run.actor,
            "GITHUB_EVENT_NAME": run.event, "GITHUB_EVENT_PATH": github["event_path"],
            "GITHUB_WORKFLOW": run.workflow_name, "GITHUB_WORKFLOW_REF": github["workflow_ref"],
            "GITHUB_WORKFLOW_SHA": run.sha, "GITHUB_JOB": self.job.id, "GITHUB_WORKSPACE": self.workspace,
            "GITHUB_SERVER_URL": settings.url, "GITHUB_API_URL": settings.api_url,
            "GITHUB_GRAPHQL_URL": settings.api_url + "/graphql", "GITHUB_RETENTION_DAYS": "90",
            "GITHUB_BASE_REF": "", "GITHUB_HEAD_REF": "",
            "RUNNER_TEMP": self.temp, "RUNNER_TOOL_CACHE": self.tool, "RUNNER_OS": "Linux", "RUNNER_ARCH": "X64",
            "RUNNER_NAME": self.runner_name, "RUNNER_ENVIRONMENT": "self-hosted", "HOME": self.home,
        })
        if self.id_token_request:
            env["ACTIONS_ID_TOKEN_REQUEST_URL"] = f"{settings.issuer}/token?api-version=2.0"
            env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = self.id_token_request
        return env

    def _evaluate_env(self, spec: Dict[str, Any], env: Dict[str, str], label: str) -> Dict[str, str]:
        evaluator = self.evaluator(env)
        result = {}
        for key, value in spec.items():
            try:
                result[str(key)] = evaluator.evaluate_string(value)
            except ExpressionError as error:
                raise ExpressionError(f"{label}.{key}: {error}") from None
        return result

    # MARK: Control

    def abort(self, reason: str) -> None:
        """Stops the job: ``kill`` (the job fails), ``cancel`` or ``timeout`` (it is cancelled).
        The running step's whole process group gets SIGKILL."""
        with self._lock:
            if self.finished:
                return
            if self.abort_reason is None or reason == "kill":
                self.abort_reason = reason
            if reason == "kill":
                self.failed = True
            else:
                self.cancelled = True
                self.timed_out = self.timed_out or reason == "timeout"
            process = self._process
        if process is not None:
            self._kill_group(process.pid)

    @staticmethod
    def _kill_group(pid: int) -> None:
        """SIGKILL for the step's process group and every process descended from it, also those
        that moved to a group or session of their own: a lost machine takes all its processes."""
        found = set()
        for _ in range(3):  # stop what is found, then look again for what it started meanwhile
            fresh = _descendants(pid) - found
            if not fresh:
                break
            for child in fresh:
                _signal(child, signal.SIGSTOP)
            found |= fresh
        try:
            os.killpg(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        for child in found:
            _signal(child, signal.SIGKILL)

    def add_post_step(self, action: Callable[[], None], only_on_success: bool) -> None:
        self.post_steps.append((self.current_step_name, action, only_on_success))

    # MARK: Running

    def execute(self) -> None:
        record = self.record
        for folder in (self.home, self.temp, self.tool, self.workspace, self.files):
            os.makedirs(folder, exist_ok=True)
        with open(os.path.join(self.folder, "event.json"), "w") as handle:
            json.dump(self.run.payload, handle, indent=2)
        open(self.summary_path, "a").close()
        self._log = open(self.log_path, "a", encoding="utf-8")
        record.log, record.summary = self.log_path, self.summary_path
        record.status, record.started, record.steps = "in_progress", timestamp(), []
        self.current_step_name = ""
        self.manager.register_job_tokens(self)
        try:
            self._execute()
        except Exception as error:  # noqa: BLE001 - a bug must fail the job, never the server
            self.failed = True
            self.log(f"##[error]internal error of the local executor: {type(error).__name__}: {error}")
        finally:
            with self._lock:
                self.finished = True
            self.manager.unregister_job_tokens(self)
            for group in self._groups:
                self._kill_group(group)  # orphan processes, as the runner cleans up at job end
            conclusion = "cancelled" if self.cancelled else ("failure" if self.failed else "success")
            if conclusion == "failure":
                try:
                    coe = self.evaluator(self.job_env).evaluate_value(self.job.continue_on_error)
                    record.continued_on_error = expressions.truthy(coe)
                except ExpressionError:
                    record.continued_on_error = False
            self.log(f"##[job] {self.job.id} concluded {conclusion}")
            with self._log_lock:
                self._log.close()
                self._log = None
            record.conclusion, record.status, record.finished = conclusion, "completed", timestamp()

    def _execute(self) -> None:
        self.log(f"##[job] {self.job.id} (run {self.run.id}, attempt {self.record.attempt}) on {self.runner_name}")
        self.base_env = self._base_environment()
        try:
            minutes = self.evaluator({}, steps=False).evaluate_value(self.job.timeout_minutes)
            minutes = expressions.to_number(minutes)
            if minutes != minutes or minutes <= 0:
                raise ExpressionError(f"timeout-minutes must be a positive number, not {self.job.timeout_minutes!r}")
            self.timeout_minutes = minutes
            self.deadline = time.monotonic() + minutes * 60
            self.workflow_env = self._evaluate_env(self.run.workflow.env, {}, "env")
            self.job_env = self._evaluate_env(self.job.env, self.workflow_env, f"jobs.{self.job.id}.env")
        except ExpressionError as error:
            self.failed = True
            self.log(f"##[error]{error}")
            return
        for step in self.job.steps:
            if time.monotonic() >= self.deadline and not self.timed_out:
                self.log(f"##[error]The job has exceeded the maximum execution time of {self._minutes(self.timeout_minutes)} minutes.")
                self.abort("timeout")
            if self.timed_out:
                self.record.steps.append(StepRecord(self._step_name(step), "skipped", "skipped"))
                continue
            self._step(step)
        if not self.timed_out:
            for name, action, only_on_success in reversed(self.post_steps):
                if only_on_success and (self.failed or self.cancelled):
                    continue
                step_record = StepRecord("Post " + name)
                self.record.steps.append(step_record)
                self.log(f"##[step] Post {name}")
                try:
                    action()
                    step_record.outcome = step_record.conclusion = "success"
                except (ActionError, OSError) as error:
                    self.log(f"##[warning]{error}")
                    step_record.outcome = step_record.conclusion = "failure"
        self._job_outputs()

    def _job_outputs(self) -> None:
        evaluator = self.evaluator(dict(self.workflow_env, **self.job_env))
        for name, value in self.job.outputs.items():
            try:
                self.record.outputs[name] = evaluator.evaluate_string(value)
            except ExpressionError as error:
                self.log(f"##[warning]jobs.{self.job.id}.outputs.{name}: {error}")
                self.record.outputs[name] = ""

    def _step_name(self, step: Step) -> str:
        if step.raw_name is None:
            return step.default_name
        try:
            return self.evaluator(dict(self.workflow_env, **self.job_env, **self.env_file)).evaluate_string(step.raw_name)
        except ExpressionError:
            return str(step.raw_name)

    def _step(self, step: Step) -> None:
        name = self._step_name(step)
        self.current_step_name = name
        record = StepRecord(name)
        self.record.steps.append(record)
        context_env = dict(self.workflow_env, **self.job_env, **self.env_file)
        # The condition: implicit success() unless a status function is used.
        try:
            condition = step.condition
            evaluator = self.evaluator(context_env)
            passed = evaluator.evaluate_condition(condition)
            if condition is not None and not expressions.condition_uses_status_function(condition):
                passed = passed and not self.failed and not self.cancelled
        except ExpressionError as error:
            self.log(f"##[step] {name}")
            self.log(f"##[error]The step's 'if' could not be evaluated: {error}")
            record.outcome = record.conclusion = "failure"
            self.failed = True
            return
        if not passed:
            record.outcome = record.conclusion = "skipped"
            if step.id:
                self.steps_context[step.id] = {"outputs": {}, "outcome": "skipped", "conclusion": "skipped"}
            return
        self.log(f"##[step] {name}")
        outputs: Dict[str, str] = {}
        outcome = "success"
        try:
            step_env = self._evaluate_env(step.env, context_env, f"steps[{step.index}].env")
            env_context = dict(context_env, **step_env)
            evaluator = self.evaluator(env_context)
            continue_on_error = expressions.truthy(evaluator.evaluate_value(step.continue_on_error))
            step_timeout = None
            if step.timeout_minutes is not None:
                step_timeout = expressions.to_number(evaluator.evaluate_value(step.timeout_minutes)) * 60
            if step.run is not None:
                outcome, outputs = self._run_script(step, evaluator, env_context, step_timeout)
            else:
                inputs = {str(key): evaluator.evaluate_string(value) for key, value in step.with_.items()}
                if self.abort_reason is not None and self.abort_reason != "kill" and not self.cancelled:
                    raise ActionError("the job was stopped")
                outputs = BuiltinActions(self).run(step.uses, inputs)
        except (ExpressionError, ActionError, StepFileError, OSError) as error:
            self.log(f"##[error]{error}")
            outcome = "failure"
            continue_on_error = expressions.truthy(step.continue_on_error) if isinstance(step.continue_on_error, bool) else False
        if outcome == "failure" and self.cancelled:
            outcome = "cancelled"
        conclusion = "success" if outcome == "failure" and continue_on_error else outcome
        if conclusion == "failure":
            self.failed = True
        record.outcome, record.conclusion = outcome, conclusion
        if step.id:
            self.steps_context[step.id] = {"outputs": outputs, "outcome": outcome, "conclusion": conclusion}

    def _run_script(self, step: Step, evaluator: ExpressionEvaluator, env_context: Dict[str, str],
                    step_timeout: Optional[float]) -> Tuple[str, Dict[str, str]]:
        script = evaluator.interpolate(step.run)
        defaults = dict(self.run.workflow.defaults, **self.job.defaults)
        shell = step.shell or defaults.get("shell")
        template = SHELLS.get(shell, shell)
        if "{0}" not in template:
            template = template + " {0}"
        working = step.working_directory or defaults.get("working-directory")
        cwd = os.path.normpath(os.path.join(self.workspace, evaluator.interpolate(working))) if working else self.workspace
        if not os.path.isdir(cwd):
            raise ActionError(f"The working directory '{cwd}' does not exist")
        ident = uuid.uuid4().hex[:12]
        script_path = os.path.join(self.temp, f"{ident}.sh" if "python" not in template else f"{ident}.py")
        with open(script_path, "w") as handle:
            handle.write(script)
        files = {kind: os.path.join(self.files, f"{kind}_{ident}") for kind in ("output", "env", "path", "state", "summary")}
        for path in files.values():
            open(path, "w").close()
        env = dict(self.base_env)
        env.update(env_context)
        env.update({"GITHUB_OUTPUT": files["output"], "GITHUB_ENV": files["env"], "GITHUB_PATH": files["path"],
                    "GITHUB_STATE": files["state"], "GITHUB_STEP_SUMMARY": files["summary"]})
        if step.id:
            env["GITHUB_ACTION"] = step.id
        env["PATH"] = self.path_env() if "PATH" not in env_context else ":".join(
            list(reversed(self.path_additions)) + [env_context["PATH"]])
        argv = [part.replace("{0}", script_path) for part in shlex.split(template)]
        exit_code = self._run_process(argv, cwd, env, step_timeout)
        outcome = "success" if exit_code == 0 else "failure"
        if exit_code != 0 and exit_code is not None:
            self.log(f"##[error]Process completed with exit code {exit_code}.")
        # What the step wrote for the following steps.
        outputs: Dict[str, str] = {}
        for key, value in parse_key_values(self._read(files["output"]), "GITHUB_OUTPUT"):
            outputs[key] = value
        for key, value in parse_key_values(self._read(files["env"]), "GITHUB_ENV"):
            self.env_file[key] = value
        for line in self._read(files["path"]).splitlines():
            if line.strip():
                self.path_additions.append(line.strip())
        summary = self._read(files["summary"])
        if summary:
            with open(self.summary_path, "a", encoding="utf-8") as handle:
                handle.write(summary if summary.endswith("\n") else summary + "\n")
        return outcome, outputs

    @staticmethod
    def _read(path: str) -> str:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read()

    def _run_process(self, argv: List[str], cwd: str, env: Dict[str, str], step_timeout: Optional[float]) -> Optional[int]:
        with self._lock:
            if self.abort_reason is not None and self.abort_reason != "kill":
                self.log("##[error]The job was stopped before this step")
                return None
            process = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                       stderr=subprocess.STDOUT, start_new_session=True)
            self._process = process
            self._groups.append(process.pid)
        reader = threading.Thread(target=self._pump, args=(process.stdout,), daemon=True)
        reader.start()
        step_deadline = time.monotonic() + step_timeout if step_timeout else float("inf")
        while True:
            try:
                process.wait(timeout=0.1)
                break
            except subprocess.TimeoutExpired:
                pass
            now = time.monotonic()
            if now >= self.deadline and not self.timed_out:
                self.log(f"##[error]The job has exceeded the maximum execution time of {self._minutes(self.timeout_minutes)} minutes.")
                self.abort("timeout")
            if now >= step_deadline:
                self.log(f"##[error]The action has timed out ({self._minutes(step_timeout / 60)} minutes).")
                self._kill_group(process.pid)
                step_deadline = float("inf")
        reader.join(timeout=5)
        with self._lock:
            self._process = None
        return process.returncode

    @staticmethod
    def _minutes(value: float) -> str:
        return expressions.to_string(float(value))

    def _pump(self, stream) -> None:
        """Copies a step's output to the log line by line, honouring ``::add-mask::``."""
        try:
            for raw in iter(stream.readline, b""):
                line = raw.decode("utf-8", "replace").rstrip("\n").rstrip("\r")
                if line.startswith("::add-mask::"):
                    value = line[len("::add-mask::"):].strip()
                    if value:
                        self.masks.add(value)
                    self.log("::add-mask::***")
                    continue
                self.log(line)
        except (OSError, ValueError):
            pass
        finally:
            try:
                stream.close()
            except OSError:
                pass


def _signal(pid: int, number: int) -> None:
    try:
        os.kill(pid, number)
    except (ProcessLookupError, PermissionError):
        pass


def _descendants(root: int) -> set:
    """The processes below ``root`` (from /proc's parent links), ``root`` itself not included."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        if len(fields) > 1 and fields[1].isdigit():
            children.setdefault(int(fields[1]), []).append(int(entry))
    found, pending = set(), [root]
    while pending:
        for child in children.get(pending.pop(), []):
            if child not in found:
                found.add(child)
                pending.append(child)
    return found
