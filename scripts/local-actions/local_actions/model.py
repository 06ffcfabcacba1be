"""The server's settings and the state of workflow runs and jobs, as the control API shows it."""

from __future__ import annotations

import datetime
import threading
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from .workflow import Workflow


def timestamp() -> str:
    """Now, ISO 8601 with fractional seconds, UTC."""
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="microseconds").replace("+00:00", "Z")


@dataclass
class Settings:
    """What ``serve`` was started with."""

    origin: str
    repository: str
    work: str
    machine_env: Dict[str, str] = field(default_factory=dict)
    default_branch: str = "main"
    max_parallel_jobs: int = 4
    secrets: Dict[str, str] = field(default_factory=dict)
    variables: Dict[str, str] = field(default_factory=dict)
    user_tokens: Dict[str, str] = field(default_factory=dict)
    other_repositories: Dict[str, str] = field(default_factory=dict)
    url: str = ""

    @property
    def owner(self) -> str:
        return self.repository.split("/", 1)[0]

    @property
    def name(self) -> str:
        return self.repository.split("/", 1)[1]

    @property
    def api_url(self) -> str:
        return self.url + "/api"

    @property
    def issuer(self) -> str:
        return self.url + "/oidc"


@dataclass
class StepRecord:
    name: str
    conclusion: Optional[str] = None
    outcome: Optional[str] = None

    def to_json(self) -> Dict[str, Any]:
        return {"name": self.name, "conclusion": self.conclusion, "outcome": self.outcome}


@dataclass
class JobRecord:
    """One job of a run, as of its latest attempt."""

    id: str
    name: str
    attempt: int = 1
    status: str = "queued"
    conclusion: Optional[str] = None
    outputs: Dict[str, str] = field(default_factory=dict)
    log: str = ""
    summary: str = ""
    started: Optional[str] = None
    finished: Optional[str] = None
    steps: List[StepRecord] = field(default_factory=list)
    # Whether the job failed with continue-on-error (its dependents then see success).
    continued_on_error: bool = False
    runner: Any = None  # the JobRunner while it runs
    cancel_reason: Optional[str] = None  # set while queued: why it must not start

    @property
    def result(self) -> Optional[str]:
        """The result dependents see (``needs.<id>.result``)."""
        return "success" if self.continued_on_error else self.conclusion

    def to_json(self) -> Dict[str, Any]:
        return {"id": self.id, "name": self.name, "attempt": self.attempt, "status": self.status,
                "conclusion": self.conclusion, "outputs": dict(self.outputs), "log": self.log, "summary": self.summary,
                "started": self.started, "finished": self.finished, "steps": [step.to_json() for step in self.steps]}


@dataclass
class Run:
    """A workflow run."""

    id: int
    workflow_file: str
    event: str
    sha: str
    ref: str
    actor: str
    number: int
    workflow: Optional[Workflow] = None
    error: Optional[str] = None
    triggering_actor: str = ""
    attempt: int = 1
    status: str = "queued"
    conclusion: Optional[str] = None
    inputs: Dict[str, Any] = field(default_factory=dict)
    payload: Dict[str, Any] = field(default_factory=dict)
    jobs: Dict[str, JobRecord] = field(default_factory=dict)
    created: str = field(default_factory=timestamp)
    updated: str = field(default_factory=timestamp)
    cancelled: bool = False
    thread: Optional[threading.Thread] = None

    @property
    def workflow_name(self) -> str:
        return self.workflow.name if self.workflow else f".github/workflows/{self.workflow_file}"

    @property
    def ref_name(self) -> str:
        for prefix in ("refs/heads/", "refs/tags/"):
            if self.ref.startswith(prefix):
                return self.ref[len(prefix):]
        return self.ref

    @property
    def ref_type(self) -> str:
        return "tag" if self.ref.startswith("refs/tags/") else "branch"

    def to_json(self) -> Dict[str, Any]:
        return {"id": self.id, "workflow": self.workflow_file, "name": self.workflow_name, "number": self.number,
                "event": self.event, "sha": self.sha, "ref": self.ref, "actor": self.actor,
                "triggering_actor": self.triggering_actor, "attempt": self.attempt, "status": self.status,
                "conclusion": self.conclusion, "error": self.error, "inputs": self.inputs, "created": self.created,
                "updated": self.updated, "jobs": [job.to_json() for job in self.jobs.values()]}
