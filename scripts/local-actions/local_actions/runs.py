"""Workflow runs: events (push, dispatch), scheduling jobs by ``needs``, concurrency groups,
cancellation, re-runs, tokens, and the cache seeding the tests use."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from typing import Any, Dict, List, Optional, Tuple

from . import expressions
from .actions import BuiltinActions
from .concurrency import ConcurrencyGroups
from .expressions import ExpressionError, ExpressionEvaluator
from .jobs import JobRunner
from .model import JobRecord, Run, Settings, timestamp
from .oidc import OIDCIssuer, stable_id
from .storage import ArtifactStore, CacheStore
from .workflow import Job, Workflow, WorkflowError, load_yaml, parse_triggers, push_matches

ZERO_SHA = "0" * 40


class ApiError(Exception):
    """An error answered to an HTTP client with ``status``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class RunManager:
    """Owns every workflow run of the server."""

    def __init__(self, settings: Settings, oidc: OIDCIssuer) -> None:
        self.settings = settings
        self.oidc = oidc
        self.cache = CacheStore(os.path.join(settings.work, "cache"))
        self.artifacts = ArtifactStore(os.path.join(settings.work, "artifacts"))
        self.groups = ConcurrencyGroups()
        self.slots = threading.BoundedSemaphore(max(1, settings.max_parallel_jobs))
        self.condition = threading.Condition()
        self.runs: Dict[int, Run] = {}
        self.numbers: Dict[str, int] = {}
        self.github_tokens: Dict[str, JobRunner] = {}
        self.id_token_requests: Dict[str, JobRunner] = {}
        runs_folder = os.path.join(settings.work, "runs")
        os.makedirs(runs_folder, exist_ok=True)
        existing = [int(name) for name in os.listdir(runs_folder) if name.isdigit()]
        self.next_id = max(existing, default=0) + 1

    # MARK: Git

    def git(self, *args: str, check: bool = True) -> Optional[str]:
        done = subprocess.run(["git", *args], cwd=self.settings.origin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
        if done.returncode != 0:
            if check:
                raise ApiError(500, f"git {' '.join(args)}: {done.stderr.decode(errors='replace').strip()}")
            return None
        return done.stdout.decode("utf-8", "replace")

    def workflow_text(self, sha: str, file: str) -> Optional[str]:
        return self.git("show", f"{sha}:.github/workflows/{file}", check=False)

    def workflow_files(self, sha: str) -> List[str]:
        listing = self.git("ls-tree", "--name-only", f"{sha}:.github/workflows", check=False) or ""
        return sorted(name for name in listing.splitlines() if name.endswith((".yml", ".yaml")))

    def resolve_ref(self, ref: str) -> Tuple[str, str]:
        candidates = [ref] if ref.startswith("refs/") else [f"refs/heads/{ref}", f"refs/tags/{ref}"]
        for candidate in candidates:
            sha = self.git("rev-parse", "--verify", "-q", candidate + "^{commit}", check=False)
            if sha:
                return candidate, sha.strip()
        raise ApiError(422, f"No ref found for: {ref}")

    # MARK: Contexts

    def github_context(self, run: Run) -> Dict[str, Any]:
        settings = self.settings
        workflow_ref = f"{settings.repository}/.github/workflows/{run.workflow_file}@{run.ref}"
        return {
            "run_id": str(run.id), "run_number": str(run.number), "run_attempt": str(run.attempt),
            "sha": run.sha, "ref": run.ref, "ref_name": run.ref_name, "ref_type": run.ref_type, "ref_protected": False,
            "repository": settings.repository, "repository_owner": settings.owner,
            "repository_id": str(stable_id("repository", settings.repository)),
            "repository_owner_id": str(stable_id("owner", settings.owner)),
            "repositoryUrl": f"{settings.url}/{settings.repository}.git",
            "actor": run.actor, "actor_id": str(stable_id("actor", run.actor)),
            "triggering_actor": run.triggering_actor or run.actor,
            "event_name": run.event, "event": run.payload, "workflow": run.workflow_name, "workflow_ref": workflow_ref,
            "workflow_sha": run.sha, "server_url": settings.url, "api_url": settings.api_url,
            "graphql_url": settings.api_url + "/graphql", "retention_days": "90", "base_ref": "", "head_ref": "",
        }

    def _repository_payload(self) -> Dict[str, Any]:
        return {"id": stable_id("repository", self.settings.repository), "full_name": self.settings.repository,
                "name": self.settings.name, "default_branch": self.settings.default_branch,
                "owner": {"login": self.settings.owner, "id": stable_id("owner", self.settings.owner)}}

    def repository_json(self) -> Dict[str, Any]:
        return self._repository_payload()

    # MARK: Events

    def _new_run(self, file: str, event: str, sha: str, ref: str, actor: str, workflow: Optional[Workflow],
                 error: Optional[str], inputs: Dict[str, Any], payload: Dict[str, Any]) -> Run:
        with self.condition:
            run_id = self.next_id
            self.next_id += 1
            self.numbers[file] = self.numbers.get(file, 0) + 1
            run = Run(id=run_id, workflow_file=file, event=event, sha=sha, ref=ref, actor=actor, number=self.numbers[file],
                      workflow=workflow, error=error, triggering_actor=actor, inputs=inputs, payload=payload)
            if workflow is not None:
                for job in workflow.jobs.values():
                    run.jobs[job.id] = JobRecord(id=job.id, name=str(job.raw_name) if job.raw_name is not None else job.id)
            self.runs[run_id] = run
            if error is not None:
                run.status, run.conclusion = "completed", "failure"
                self._save(run)
            else:
                self._start_driver(run)
            self.condition.notify_all()
        return run

    def push(self, ref: str, sha: str, actor: str, before: Optional[str]) -> List[int]:
        if not ref.startswith("refs/"):
            raise ApiError(422, f"ref must be a full ref (refs/heads/…), not {ref!r}")
        resolved = self.git("rev-parse", "--verify", "-q", f"{sha}^{{commit}}", check=False)
        if not resolved:
            raise ApiError(422, f"the origin has no commit {sha}")
        sha = resolved.strip()
        payload = {"ref": ref, "before": before or ZERO_SHA, "after": sha, "created": before is None, "deleted": False,
                   "forced": False, "head_commit": {"id": sha}, "repository": self._repository_payload(),
                   "pusher": {"name": actor}, "sender": {"login": actor, "id": stable_id("actor", actor)}}
        started = []
        for file in self.workflow_files(sha):
            text = self.workflow_text(sha, file) or ""
            path = f".github/workflows/{file}"
            workflow, error = None, None
            try:
                workflow = Workflow(file, text)
                fires = "push" in workflow.triggers and push_matches(workflow.triggers["push"], ref, path)
            except WorkflowError as problem:
                error = str(problem)
                try:
                    triggers = parse_triggers(load_yaml(text, path), path)
                    fires = "push" in triggers and push_matches(triggers["push"], ref, path)
                except (WorkflowError, AttributeError, TypeError):
                    fires = True  # GitHub reports a run for a file it cannot read
            if fires:
                started.append(self._new_run(file, "push", sha, ref, actor, workflow, error, {}, payload).id)
        return started

    def dispatch(self, file: str, ref: str, inputs: Dict[str, Any], actor: str) -> int:
        ref, sha = self.resolve_ref(ref or self.settings.default_branch)
        text = self.workflow_text(sha, file)
        path = f".github/workflows/{file}"
        if text is None:
            raise ApiError(404, f"Not Found: no workflow {path} at {ref}")
        workflow, error = None, None
        try:
            workflow = Workflow(file, text)
            triggers = workflow.triggers
        except WorkflowError as problem:
            error = str(problem)
            try:
                triggers = parse_triggers(load_yaml(text, path), path)
            except (WorkflowError, AttributeError, TypeError):
                raise ApiError(422, f"Workflow {path} is invalid: {error}") from None
        if "workflow_dispatch" not in triggers:
            raise ApiError(422, "Workflow does not have 'workflow_dispatch' trigger")
        typed: Dict[str, Any] = {}
        if workflow is not None:
            typed = self.validate_inputs(workflow, inputs or {})
        payload = {"inputs": {key: expressions.to_string(value) for key, value in typed.items()}, "ref": ref,
                   "repository": self._repository_payload(), "sender": {"login": actor, "id": stable_id("actor", actor)},
                   "workflow": path}
        return self._new_run(file, "workflow_dispatch", sha, ref, actor, workflow, error, typed, payload).id

    @staticmethod
    def validate_inputs(workflow: Workflow, given: Dict[str, Any]) -> Dict[str, Any]:
        if not isinstance(given, dict):
            raise ApiError(422, "inputs must be an object")
        unexpected = sorted(set(given) - set(workflow.dispatch_inputs))
        if unexpected:
            raise ApiError(422, f"Unexpected inputs provided: {unexpected}")
        typed: Dict[str, Any] = {}
        for name, spec in workflow.dispatch_inputs.items():
            kind = spec.get("type", "string")
            if name in given and given[name] is not None:
                value = given[name]
            elif "default" in spec:
                value = spec["default"]
            elif spec.get("required"):
                raise ApiError(422, f"Required input '{name}' not provided")
            else:
                value = False if kind == "boolean" else ""
            if kind == "boolean":
                text = expressions.to_string(value).lower()
                if text not in ("true", "false"):
                    raise ApiError(422, f"Provided value '{value}' for input '{name}' is not a boolean")
                typed[name] = text == "true"
            elif kind == "choice":
                text = expressions.to_string(value)
                options = [expressions.to_string(option) for option in spec.get("options") or []]
                if text not in options:
                    raise ApiError(422, f"Provided value '{text}' for input '{name}' not in the list of allowed values")
                typed[name] = text
            elif kind == "number":
                number = expressions.to_number(value)
                if value == "" or number != number:
                    raise ApiError(422, f"Provided value '{value}' for input '{name}' is not a number")
                typed[name] = number
            else:
                if spec.get("required") and expressions.to_string(value) == "":
                    raise ApiError(422, f"Required input '{name}' not provided")
                typed[name] = expressions.to_string(value)
        return typed

    # MARK: Driving a run

    def _start_driver(self, run: Run) -> None:
        run.thread = threading.Thread(target=self._drive, args=(run,), name=f"run-{run.id}", daemon=True)
        run.thread.start()

    def _concurrency(self, spec: Any, evaluator: ExpressionEvaluator) -> Optional[Tuple[str, bool]]:
        if spec is None:
            return None
        if isinstance(spec, str):
            return evaluator.interpolate(spec), False
        group = evaluator.evaluate_string(spec.get("group"))
        cancel = expressions.truthy(evaluator.evaluate_value(spec.get("cancel-in-progress", False)))
        return group, cancel

    def _run_evaluator(self, run: Run, needs: Optional[Dict[str, Any]] = None, functions=None) -> ExpressionEvaluator:
        return ExpressionEvaluator({"github": self.github_context(run), "inputs": dict(run.inputs),
                                    "vars": dict(self.settings.variables), "needs": needs or {},
                                    "strategy": {}, "matrix": None}, functions)

    def _drive(self, run: Run) -> None:
        workflow = run.workflow
        group = None
        try:
            try:
                group = self._concurrency(workflow.concurrency, self._run_evaluator(run))
            except ExpressionError as error:
                run.error = f"{workflow.path}: concurrency: {error}"
            if group and not run.error:
                acquired = self.groups.acquire(group[0], run, group[1], self._cancel_holder, lambda: run.cancelled)
                if not acquired:
                    group = None
                    self._cancel_run(run)
            with self.condition:
                run.status = "in_progress" if not run.error else "completed"
                run.updated = timestamp()
                self.condition.notify_all()
            launched: set = set()
            while not run.error:
                with self.condition:
                    todo = [record for record in run.jobs.values() if record.status != "completed"]
                    if not todo:
                        break
                    for record in todo:
                        if record.id in launched:
                            continue
                        job = workflow.jobs[record.id]
                        needs = [run.jobs[need] for need in job.needs]
                        if any(need.status != "completed" for need in needs):
                            continue
                        launched.add(record.id)
                        self._decide(run, job, record)
                    self.condition.wait(timeout=0.5)
        except Exception as error:  # noqa: BLE001 - never let a run hang the server
            run.error = f"internal error of the local executor: {type(error).__name__}: {error}"
        finally:
            if group:
                self.groups.release(group[0], run)
            with self.condition:
                for record in run.jobs.values():
                    if record.status == "queued" and record.runner is None and run.error:
                        record.status, record.conclusion = "completed", "cancelled"
                conclusions = [(record.conclusion, record.continued_on_error) for record in run.jobs.values()]
                if run.error or any(conclusion == "failure" and not continued for conclusion, continued in conclusions):
                    run.conclusion = "failure"
                elif run.cancelled or any(conclusion == "cancelled" for conclusion, _ in conclusions):
                    run.conclusion = "cancelled"
                else:
                    run.conclusion = "success"
                run.status = "completed"
                run.updated = timestamp()
                self._save(run)
                self.condition.notify_all()

    def _needs_context(self, run: Run, job: Job) -> Dict[str, Any]:
        return {need: {"result": run.jobs[need].result, "outputs": dict(run.jobs[need].outputs)} for need in job.needs}

    def _ancestors(self, run: Run, job: Job) -> List[JobRecord]:
        seen, stack = {}, list(job.needs)
        while stack:
            job_id = stack.pop()
            if job_id not in seen:
                seen[job_id] = run.jobs[job_id]
                stack.extend(run.workflow.jobs[job_id].needs)
        return list(seen.values())

    def _decide(self, run: Run, job: Job, record: JobRecord) -> None:
        """Starts a job whose needs are done, or concludes it skipped/cancelled (lock held)."""
        needs = self._needs_context(run, job)
        ancestors = self._ancestors(run, job)
        functions = {
            "success": lambda: not run.cancelled and all(run.jobs[need].result == "success" for need in job.needs),
            "failure": lambda: not run.cancelled and any(a.result in ("failure", "cancelled") for a in ancestors),
            "cancelled": lambda: run.cancelled,
            "always": lambda: True,
        }
        evaluator = self._run_evaluator(run, needs, functions)
        try:
            condition = job.condition if job.condition is not None else "success()"
            passed = evaluator.evaluate_condition(condition)
            if not expressions.condition_uses_status_function(condition):
                passed = passed and functions["success"]()
        except ExpressionError as error:
            self._conclude_unstarted(run, record, "failure", f"jobs.{job.id}.if: {error}")
            return
        if not passed:
            self._conclude_unstarted(run, record, "cancelled" if run.cancelled else "skipped", None)
            return
        thread = threading.Thread(target=self._job_thread, args=(run, job, record, needs), name=f"job-{run.id}-{job.id}",
                                  daemon=True)
        thread.start()

    def _conclude_unstarted(self, run: Run, record: JobRecord, conclusion: str, error: Optional[str]) -> None:
        record.attempt = run.attempt
        record.steps, record.outputs = [], {}
        if error:
            folder = os.path.join(self.settings.work, "runs", str(run.id), str(run.attempt), record.id)
            os.makedirs(folder, exist_ok=True)
            record.log = os.path.join(folder, "log.txt")
            with open(record.log, "w") as handle:
                handle.write(f"##[error]{error}\n")
        record.status, record.conclusion, record.finished = "completed", conclusion, timestamp()
        self.condition.notify_all()

    def _job_thread(self, run: Run, job: Job, record: JobRecord, needs: Dict[str, Any]) -> None:
        group = None
        slot = False
        try:
            evaluator = self._run_evaluator(run, needs)
            try:
                if job.raw_name is not None:
                    record.name = evaluator.evaluate_string(job.raw_name)
                group = self._concurrency(job.concurrency, evaluator)
                environment = evaluator.evaluate_string(job.environment) if job.environment is not None else None
            except ExpressionError as error:
                with self.condition:
                    self._conclude_unstarted(run, record, "failure", f"jobs.{job.id}: {error}")
                return
            stop = lambda: record.cancel_reason is not None  # noqa: E731
            if group and not self.groups.acquire(group[0], record, group[1], self._cancel_holder, stop):
                group = None
            while not stop() and not slot:
                slot = self.slots.acquire(timeout=0.2)
            if stop():
                with self.condition:
                    reason = record.cancel_reason
                    self._conclude_unstarted(run, record, "failure" if reason == "kill" else "cancelled",
                                             f"the job was {'killed' if reason == 'kill' else 'cancelled'} before it started")
                return
            runner = JobRunner(self, run, record, job, needs)
            runner.environment = environment or None
            with self.condition:
                record.attempt = run.attempt
                record.runner = runner
            runner.execute()
        except Exception as error:  # noqa: BLE001
            with self.condition:
                self._conclude_unstarted(run, record, "failure", f"internal error of the local executor: {error}")
        finally:
            if slot:
                self.slots.release()
            if group:
                self.groups.release(group[0], record)
            with self.condition:
                record.runner = None
                self.condition.notify_all()

    # MARK: Cancelling, killing, re-running

    def _cancel_holder(self, holder: Any) -> None:
        if isinstance(holder, Run):
            self._cancel_run(holder)
        elif isinstance(holder, JobRecord):
            self._stop_job(holder, "cancel")

    def _stop_job(self, record: JobRecord, reason: str) -> bool:
        runner = record.runner
        if runner is not None:
            runner.abort(reason)
            return True
        if record.status != "completed":
            record.cancel_reason = reason
            return True
        return False

    def _cancel_run(self, run: Run) -> None:
        run.cancelled = True
        for record in run.jobs.values():
            if record.status != "completed":
                self._stop_job(record, "cancel")
        with self.condition:
            self.condition.notify_all()

    def cancel_all(self) -> None:
        """Cancels every run that has not completed (the server is stopping)."""
        with self.condition:
            runs = [run for run in self.runs.values() if run.status != "completed"]
        for run in runs:
            self._cancel_run(run)

    def kill(self, run_id: int, job_id: str) -> None:
        run = self.get(run_id)
        record = run.jobs.get(job_id)
        if record is None:
            raise ApiError(404, f"run {run_id} has no job {job_id!r}")
        if record.status == "completed" or not self._stop_job(record, "kill"):
            raise ApiError(409, f"job {job_id!r} of run {run_id} is not running")

    def rerun_failed(self, run_id: int, actor: Optional[str]) -> Run:
        with self.condition:
            run = self.get(run_id)
            if run.status != "completed":
                raise ApiError(409, f"run {run_id} is still {run.status}")
            if run.workflow is None:
                raise ApiError(409, f"run {run_id} has no jobs to re-run: {run.error}")
            failed = {job_id for job_id, record in run.jobs.items() if record.conclusion in ("failure", "cancelled")}
            if not failed:
                raise ApiError(409, f"run {run_id} has no failed or cancelled jobs")
            redo = run.workflow.dependents(failed)
            run.attempt += 1
            run.triggering_actor = actor or run.actor
            run.cancelled = False
            run.status, run.conclusion, run.error = "queued", None, None
            run.updated = timestamp()
            for job_id in redo:
                old = run.jobs[job_id]
                run.jobs[job_id] = JobRecord(id=job_id, name=old.name, attempt=run.attempt)
            self._start_driver(run)
            self.condition.notify_all()
            return run

    # MARK: Queries

    def get(self, run_id: int) -> Run:
        run = self.runs.get(run_id)
        if run is None:
            raise ApiError(404, f"no run {run_id}")
        return run

    def runs_json(self) -> List[Dict[str, Any]]:
        with self.condition:
            return [run.to_json() for run in sorted(self.runs.values(), key=lambda run: run.id)]

    def run_json(self, run_id: int) -> Dict[str, Any]:
        with self.condition:
            return self.get(run_id).to_json()

    def wait(self, timeout: float) -> bool:
        deadline = time.monotonic() + max(0.0, timeout)
        with self.condition:
            while True:
                if all(run.status == "completed" for run in self.runs.values()):
                    return True
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self.condition.wait(timeout=min(remaining, 0.5))

    def _save(self, run: Run) -> None:
        folder = os.path.join(self.settings.work, "runs", str(run.id))
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "run.json"), "w") as handle:
            json.dump(run.to_json(), handle, indent=2)

    # MARK: Tokens

    def register_job_tokens(self, runner: JobRunner) -> None:
        with self.condition:
            self.github_tokens[runner.token] = runner
            if runner.id_token_request:
                self.id_token_requests[runner.id_token_request] = runner

    def unregister_job_tokens(self, runner: JobRunner) -> None:
        with self.condition:
            self.github_tokens.pop(runner.token, None)
            if runner.id_token_request:
                self.id_token_requests.pop(runner.id_token_request, None)

    def job_for_github_token(self, token: str) -> Optional[JobRunner]:
        with self.condition:
            runner = self.github_tokens.get(token)
        return runner if runner is not None and not runner.finished else None

    def id_token(self, request_token: str, audience: Optional[str]) -> str:
        with self.condition:
            runner = self.id_token_requests.get(request_token)
        if runner is None or runner.finished:
            raise ApiError(401, "Bad credentials: unknown or expired ID token request token")
        run, settings = runner.run, self.settings
        workflow_ref = f"{settings.repository}/.github/workflows/{run.workflow_file}@{run.ref}"
        claims = {
            "sub": f"repo:{settings.repository}:environment:{runner.environment}" if runner.environment
            else f"repo:{settings.repository}:ref:{run.ref}",
            "ref": run.ref, "ref_type": run.ref_type, "ref_protected": "false", "sha": run.sha,
            "repository": settings.repository, "repository_id": str(stable_id("repository", settings.repository)),
            "repository_owner": settings.owner, "repository_owner_id": str(stable_id("owner", settings.owner)),
            "repository_visibility": "private", "run_id": str(run.id), "run_number": str(run.number),
            "run_attempt": str(run.attempt), "actor": run.actor, "actor_id": str(stable_id("actor", run.actor)),
            "workflow": run.workflow_name, "workflow_ref": workflow_ref, "workflow_sha": run.sha,
            "job_workflow_ref": workflow_ref, "job_workflow_sha": run.sha, "event_name": run.event,
            "runner_environment": "self-hosted", "head_ref": "", "base_ref": "",
        }
        if runner.environment:
            claims["environment"] = runner.environment
        return self.oidc.issue(claims, audience or f"https://github.com/{settings.owner}")

    # MARK: Cache seeding

    def seed_cache(self, file: str, job_id: str, step_id: str, sha: str, ref: str, source: str) -> str:
        """Stores ``source`` under the key the cache step ``step_id`` of ``job_id`` computes for
        a push of ``sha`` to ``ref``, as if an earlier run had saved it."""
        if not os.path.isdir(source):
            raise ApiError(422, f"'from' must be a folder: {source}")
        resolved = self.git("rev-parse", "--verify", "-q", f"{sha}^{{commit}}", check=False)
        if not resolved:
            raise ApiError(422, f"the origin has no commit {sha}")
        sha = resolved.strip()
        text = self.workflow_text(sha, file)
        if text is None:
            raise ApiError(404, f"no workflow .github/workflows/{file} at {sha}")
        try:
            workflow = Workflow(file, text)
        except WorkflowError as error:
            raise ApiError(422, str(error)) from None
        job = workflow.jobs.get(job_id)
        if job is None:
            raise ApiError(404, f"{workflow.path} has no job {job_id!r}")
        step = next((step for step in job.steps if step.id == step_id), None)
        if step is None or not step.uses or BuiltinActions.split(step.uses)[0] not in ("actions/cache", "actions/cache/save"):
            raise ApiError(422, f"job {job_id!r} has no actions/cache step with id {step_id!r}")
        run = Run(id=0, workflow_file=file, event="push", sha=sha, ref=ref, actor="seed", number=0, workflow=workflow,
                  payload={"ref": ref, "after": sha, "before": ZERO_SHA, "head_commit": {"id": sha}})
        record = JobRecord(id=job_id, name=job_id)
        with tempfile.TemporaryDirectory(prefix="seed-", dir=self.settings.work) as scratch:
            runner = JobRunner(self, run, record, job, {})
            checkout = os.path.join(scratch, "checkout")
            os.makedirs(checkout)
            archive = subprocess.run(f"git archive --format=tar {sha} | tar -xf - -C {_quote(checkout)}", shell=True,
                                     cwd=self.settings.origin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
            if archive.returncode != 0:
                raise ApiError(500, f"git archive {sha}: {archive.stderr.decode(errors='replace')}")
            runner.workspace = checkout
            runner.home = os.path.join(scratch, "home")
            runner.temp = os.path.join(scratch, "temp")
            try:
                runner.workflow_env = runner._evaluate_env(workflow.env, {}, "env")
                runner.job_env = runner._evaluate_env(job.env, runner.workflow_env, f"jobs.{job.id}.env")
                env = dict(runner.workflow_env, **runner.job_env)
                step_env = runner._evaluate_env(step.env, env, "env")
                evaluator = runner.evaluator(dict(env, **step_env))
                key = evaluator.evaluate_string(step.with_.get("key", "")).strip()
                paths = [line.strip() for line in evaluator.evaluate_string(step.with_.get("path", "")).splitlines() if line.strip()]
            except ExpressionError as error:
                raise ApiError(422, f"the cache step's inputs: {error}") from None
            runner.workspace = os.path.abspath(source)
            runner.home = os.path.join(os.path.abspath(source), "home")
            files = BuiltinActions(runner).cache_files(paths)
            if not files:
                raise ApiError(422, f"{source} holds nothing that path {paths} names")
            self.cache.save(key, CacheStore.version(paths), files)
        return key


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"
