"""Workflow files: loading, validation and the model the executor runs.

Everything the executor does not implement is refused with a :class:`WorkflowError` naming the
file, the line when known, the job and the key, rather than ignored.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional

import yaml

from .expressions import ExpressionError, condition_expression, parse, split_template

# MARK: YAML


class _Map(dict):
    """A mapping that remembers the line (1-based) of each key."""

    lines: Dict[str, int]
    line: int


class _Loader(yaml.SafeLoader):
    """YAML 1.2-ish booleans (only true/false: ``on`` stays a string) and line numbers."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> _Map:
    loader.flatten_mapping(node)
    result = _Map()
    result.lines = {}
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) or key is None:
            raise WorkflowError(f"line {key_node.start_mark.line + 1}: a mapping key must be a string")
        key = str(key) if not isinstance(key, bool) else ("true" if key else "false")
        if key in result:
            raise WorkflowError(f"line {key_node.start_mark.line + 1}: '{key}' is already defined")
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
    return result


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)


class WorkflowError(Exception):
    """An invalid or unsupported workflow."""


def load_yaml(text: str, file: str) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)
    except WorkflowError as error:
        raise WorkflowError(f"{file}: {error}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise WorkflowError(f"{file}: invalid YAML: {where}{problem}") from None


# MARK: Filters


def filter_pattern(pattern: str) -> "re.Pattern[str]":
    """A GitHub branch/tag filter pattern (``*``, ``**``, ``?``, ``+``, ``[…]``) as a regex."""
    out = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**", index):
            out.append(".*")
            index += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char in "?+":
            out.append(char)
        elif char == "[":
            end = pattern.find("]", index)
            if end < 0:
                out.append(re.escape(char))
            else:
                out.append(pattern[index:end + 1])
                index = end + 1
                continue
        else:
            out.append(re.escape(char))
        index += 1
    return re.compile("".join(out) + r"\Z")


def matches_filters(name: str, patterns: List[str]) -> bool:
    """Whether ``name`` passes ``patterns`` (a ``!pattern`` excludes; the last match wins)."""
    included = False
    for pattern in patterns:
        negative = pattern.startswith("!")
        if filter_pattern(pattern[1:] if negative else pattern).match(name):
            included = not negative
    return included


# MARK: Model

PERMISSION_SCOPES = (
    "actions", "attestations", "checks", "contents", "deployments", "discussions", "id-token", "issues", "models",
    "packages", "pages", "pull-requests", "repository-projects", "security-events", "statuses",
)
# No `permissions:` anywhere: GitHub's "restricted" default for the GITHUB_TOKEN.
DEFAULT_PERMISSIONS = {"contents": "read", "metadata": "read", "packages": "read"}

WORKFLOW_KEYS = {"name", "run-name", "on", "permissions", "env", "defaults", "concurrency", "jobs"}
JOB_KEYS = {"name", "needs", "if", "runs-on", "timeout-minutes", "permissions", "env", "outputs", "concurrency",
            "environment", "continue-on-error", "defaults", "steps"}
UNSUPPORTED_JOB_KEYS = {"strategy": "matrix and strategy", "services": "service containers", "container": "job containers",
                        "uses": "reusable workflows", "with": "reusable workflows", "secrets": "reusable workflows"}
STEP_KEYS = {"id", "name", "if", "run", "shell", "working-directory", "env", "continue-on-error", "timeout-minutes", "uses", "with"}
INPUT_TYPES = {"string", "choice", "boolean", "number", "environment"}
JOB_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


class Step:
    """One step of a job."""

    def __init__(self, index: int, spec: Dict[str, Any]) -> None:
        self.index = index
        self.id: Optional[str] = spec.get("id")
        self.uses: Optional[str] = spec.get("uses")
        self.run: Optional[str] = spec.get("run")
        self.raw_name = spec.get("name")
        self.condition = spec.get("if")
        self.with_: Dict[str, Any] = dict(spec.get("with") or {})
        self.env: Dict[str, Any] = dict(spec.get("env") or {})
        self.shell: Optional[str] = spec.get("shell")
        self.working_directory: Optional[str] = spec.get("working-directory")
        self.continue_on_error = spec.get("continue-on-error", False)
        self.timeout_minutes = spec.get("timeout-minutes")

    @property
    def default_name(self) -> str:
        if self.raw_name is not None:
            return str(self.raw_name)
        if self.uses:
            return f"Run {self.uses}"
        first = (self.run or "").strip().splitlines()
        return f"Run {first[0]}" if first else f"Step {self.index + 1}"


class Job:
    """One job of a workflow."""

    def __init__(self, job_id: str, spec: Dict[str, Any], steps: List[Step], permissions: Dict[str, str]) -> None:
        self.id = job_id
        self.raw_name = spec.get("name")
        needs = spec.get("needs") or []
        self.needs: List[str] = [needs] if isinstance(needs, str) else list(needs)
        self.condition = spec.get("if")
        self.timeout_minutes = spec.get("timeout-minutes", 360)
        self.permissions = permissions
        self.env: Dict[str, Any] = dict(spec.get("env") or {})
        self.outputs: Dict[str, Any] = dict(spec.get("outputs") or {})
        self.concurrency = spec.get("concurrency")
        environment = spec.get("environment")
        self.environment = environment.get("name") if isinstance(environment, dict) else environment
        self.continue_on_error = spec.get("continue-on-error", False)
        self.defaults: Dict[str, Any] = dict((spec.get("defaults") or {}).get("run") or {})
        self.steps = steps


class Workflow:
    """A parsed, validated workflow file (``file`` is its name under ``.github/workflows``)."""

    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self.path = f".github/workflows/{file}"
        document = load_yaml(text, self.path)
        if not isinstance(document, dict):
            raise WorkflowError(f"{self.path}: a workflow must be a mapping")
        self.document = document
        self.triggers = parse_triggers(document, self.path)
        self._check_keys(document, WORKFLOW_KEYS, "", document)
        self.name = str(document.get("name") or self.path)
        self.env = self._mapping(document, "env", "env")
        self.defaults = dict((self._mapping(document, "defaults", "defaults")).get("run") or {})
        self._check_defaults(document.get("defaults"), "defaults", document)
        self.concurrency = document.get("concurrency")
        self._check_concurrency(self.concurrency, "concurrency", document)
        workflow_permissions = self._permissions(document, "permissions", DEFAULT_PERMISSIONS)
        self.dispatch_inputs = self._dispatch_inputs()
        jobs = document.get("jobs")
        if not isinstance(jobs, dict) or not jobs:
            raise WorkflowError(f"{self.path}: 'jobs' must be a mapping of at least one job")
        self.jobs: Dict[str, Job] = {}
        for job_id, spec in jobs.items():
            self.jobs[job_id] = self._job(job_id, spec, jobs, workflow_permissions)
        self._check_graph()

    # Validation helpers

    def _where(self, key: str, container: Any) -> str:
        line = getattr(container, "lines", {}).get(key.split(".")[-1]) if isinstance(container, dict) else None
        return f"{self.path}: line {line}: " if line else f"{self.path}: "

    def _fail(self, key: str, container: Any, message: str) -> WorkflowError:
        return WorkflowError(f"{self._where(key, container)}{key}: {message}")

    def _check_keys(self, spec: Dict[str, Any], allowed: set, prefix: str, container: Any) -> None:
        for key in spec:
            if key not in allowed:
                raise WorkflowError(f"{self._where(key, spec)}{prefix}{key}: not supported by the local executor")

    def _mapping(self, container: Dict[str, Any], key: str, label: str) -> Dict[str, Any]:
        value = container.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self._fail(label, container, "must be a mapping")
        return dict(value)

    def _check_defaults(self, defaults: Any, label: str, container: Any) -> None:
        if defaults is None:
            return
        if not isinstance(defaults, dict) or set(defaults) - {"run"}:
            raise self._fail(label, container, "only 'defaults.run' (shell, working-directory) is supported")
        run = defaults.get("run") or {}
        if not isinstance(run, dict) or set(run) - {"shell", "working-directory"}:
            raise self._fail(label + ".run", defaults, "only 'shell' and 'working-directory' are supported")

    def _check_concurrency(self, value: Any, label: str, container: Any) -> None:
        if value is None or isinstance(value, str):
            return
        if not isinstance(value, dict) or "group" not in value or set(value) - {"group", "cancel-in-progress"}:
            raise self._fail(label, container, "must be a string or a mapping with 'group' and optional 'cancel-in-progress'")

    def _permissions(self, container: Dict[str, Any], label: str, fallback: Dict[str, str]) -> Dict[str, str]:
        key = "permissions"
        if key not in container:
            return dict(fallback)
        value = container[key]
        if value in ("read-all", "write-all"):
            level = value.split("-")[0]
            granted = {scope: level for scope in PERMISSION_SCOPES if scope != "id-token"}
            if level == "write":
                granted["id-token"] = "write"
            granted["metadata"] = "read"
            return granted
        if value is None or value == {}:
            return {"metadata": "read"}
        if not isinstance(value, dict):
            raise self._fail(label, container, f"must be read-all, write-all or a mapping, not {value!r}")
        granted = {"metadata": "read"}
        for scope, level in value.items():
            if scope not in PERMISSION_SCOPES:
                raise self._fail(f"{label}.{scope}", value, "unknown permission scope")
            allowed = ("write", "none") if scope == "id-token" else ("read", "write", "none")
            if level not in allowed:
                raise self._fail(f"{label}.{scope}", value, f"must be one of {', '.join(allowed)}")
            if level != "none":
                granted[scope] = level
        return granted

    def _dispatch_inputs(self) -> Dict[str, Dict[str, Any]]:
        config = self.triggers.get("workflow_dispatch")
        if not config:
            return {}
        if not isinstance(config, dict) or set(config) - {"inputs"}:
            raise WorkflowError(f"{self.path}: on.workflow_dispatch: only 'inputs' is supported")
        inputs = config.get("inputs") or {}
        if not isinstance(inputs, dict):
            raise WorkflowError(f"{self.path}: on.workflow_dispatch.inputs must be a mapping")
        result = {}
        for name, spec in inputs.items():
            spec = dict(spec or {})
            label = f"on.workflow_dispatch.inputs.{name}"
            if set(spec) - {"description", "required", "default", "type", "options", "deprecationMessage"}:
                raise self._fail(label, inputs, f"unsupported keys {sorted(set(spec) - {'description', 'required', 'default', 'type', 'options'})}")
            kind = spec.get("type", "string")
            if kind not in INPUT_TYPES:
                raise self._fail(label + ".type", spec, f"unknown input type {kind!r}")
            if kind == "choice" and not isinstance(spec.get("options"), list):
                raise self._fail(label + ".options", spec, "a choice input needs a list of options")
            result[name] = spec
        return result

    def _job(self, job_id: str, spec: Any, jobs: Dict[str, Any], workflow_permissions: Dict[str, str]) -> Job:
        label = f"jobs.{job_id}"
        if not JOB_ID.match(job_id):
            raise self._fail(label, jobs, "a job id must start with a letter or '_' and contain only letters, digits, '-' and '_'")
        if not isinstance(spec, dict):
            raise self._fail(label, jobs, "must be a mapping")
        for key in spec:
            if key in UNSUPPORTED_JOB_KEYS:
                raise WorkflowError(f"{self._where(key, spec)}{label}.{key}: {UNSUPPORTED_JOB_KEYS[key]} are not supported by the local executor")
            if key not in JOB_KEYS:
                raise WorkflowError(f"{self._where(key, spec)}{label}.{key}: not supported by the local executor")
        if "runs-on" not in spec:
            raise self._fail(label, jobs, "'runs-on' is required")
        for key in ("env", "outputs"):
            if spec.get(key) is not None and not isinstance(spec.get(key), dict):
                raise self._fail(f"{label}.{key}", spec, "must be a mapping")
        needs = spec.get("needs")
        if needs is not None and not (isinstance(needs, str) or (isinstance(needs, list) and all(isinstance(n, str) for n in needs))):
            raise self._fail(f"{label}.needs", spec, "must be a job id or a list of job ids")
        environment = spec.get("environment")
        if environment is not None and not isinstance(environment, str) and not (isinstance(environment, dict) and "name" in environment):
            raise self._fail(f"{label}.environment", spec, "must be a name or a mapping with 'name' (and 'url')")
        self._check_defaults(spec.get("defaults"), f"{label}.defaults", spec)
        self._check_concurrency(spec.get("concurrency"), f"{label}.concurrency", spec)
        self._check_expressions(spec.get("if"), f"{label}.if", spec, condition=True)
        steps_spec = spec.get("steps")
        if not isinstance(steps_spec, list) or not steps_spec:
            raise self._fail(f"{label}.steps", spec, "a job needs a list of at least one step")
        steps = []
        ids = set()
        for index, step_spec in enumerate(steps_spec):
            step_label = f"{label}.steps[{index}]"
            if not isinstance(step_spec, dict):
                raise self._fail(f"{label}.steps", spec, f"step {index + 1} must be a mapping")
            for key in step_spec:
                if key not in STEP_KEYS:
                    raise WorkflowError(f"{self._where(key, step_spec)}{step_label}.{key}: not supported by the local executor")
            if ("run" in step_spec) == ("uses" in step_spec):
                raise self._fail(step_label, spec, "a step needs exactly one of 'run' and 'uses'")
            if "run" in step_spec and "with" in step_spec:
                raise self._fail(f"{step_label}.with", step_spec, "'with' belongs to 'uses' steps")
            if "uses" in step_spec and ("shell" in step_spec or "working-directory" in step_spec):
                raise self._fail(step_label, step_spec, "'shell' and 'working-directory' belong to 'run' steps")
            for key in ("with", "env"):
                if step_spec.get(key) is not None and not isinstance(step_spec.get(key), dict):
                    raise self._fail(f"{step_label}.{key}", step_spec, "must be a mapping")
            step_id = step_spec.get("id")
            if step_id is not None:
                if not isinstance(step_id, str) or not JOB_ID.match(step_id):
                    raise self._fail(f"{step_label}.id", step_spec, f"invalid step id {step_id!r}")
                if step_id in ids:
                    raise self._fail(f"{step_label}.id", step_spec, f"the step id {step_id!r} is already used in this job")
                ids.add(step_id)
            self._check_expressions(step_spec.get("if"), f"{step_label}.if", step_spec, condition=True)
            for key in ("run", "name", "with", "env"):
                self._check_expressions(step_spec.get(key), f"{step_label}.{key}", step_spec)
            steps.append(Step(index, step_spec))
        for key in ("name", "env", "outputs", "timeout-minutes", "concurrency"):
            self._check_expressions(spec.get(key), f"{label}.{key}", spec)
        permissions = self._permissions(spec, f"{label}.permissions", workflow_permissions)
        return Job(job_id, spec, steps, permissions)

    def _check_expressions(self, value: Any, label: str, container: Any, condition: bool = False) -> None:
        """Expression syntax errors are found when the file loads, like GitHub does."""
        try:
            if condition and value is not None and not isinstance(value, (bool, int, float)):
                expression = condition_expression(value)
                if expression is not None:
                    parse(expression)
                    return
            if isinstance(value, str):
                for literal, part in split_template(value):
                    if not literal:
                        parse(part)
            elif isinstance(value, dict):
                for key, item in value.items():
                    self._check_expressions(item, f"{label}.{key}", value)
            elif isinstance(value, list):
                for item in value:
                    self._check_expressions(item, label, container)
        except ExpressionError as error:
            raise self._fail(label, container, f"invalid expression: {error}") from None

    def _check_graph(self) -> None:
        for job in self.jobs.values():
            for need in job.needs:
                if need not in self.jobs:
                    raise WorkflowError(f"{self.path}: jobs.{job.id}.needs: job '{job.id}' depends on unknown job '{need}'")
        state: Dict[str, int] = {}

        def visit(job_id: str, trail: List[str]) -> None:
            if state.get(job_id) == 2:
                return
            if state.get(job_id) == 1:
                cycle = trail[trail.index(job_id):] + [job_id]
                raise WorkflowError(f"{self.path}: jobs.{job_id}.needs: the needs form a cycle: {' -> '.join(cycle)}")
            state[job_id] = 1
            for need in self.jobs[job_id].needs:
                visit(need, trail + [job_id])
            state[job_id] = 2

        for job_id in self.jobs:
            visit(job_id, [])

    # Queries

    def dependents(self, job_ids: set) -> set:
        """``job_ids`` and every job that (transitively) needs one of them."""
        result = set(job_ids)
        changed = True
        while changed:
            changed = False
            for job in self.jobs.values():
                if job.id not in result and any(need in result for need in job.needs):
                    result.add(job.id)
                    changed = True
        return result


def parse_triggers(document: Dict[str, Any], path: str) -> Dict[str, Any]:
    """The ``on`` section as event name → configuration (None when bare)."""
    if "on" not in document:
        raise WorkflowError(f"{path}: 'on' is required")
    on = document["on"]
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list) and all(isinstance(item, str) for item in on):
        return {item: None for item in on}
    if isinstance(on, dict):
        return dict(on)
    raise WorkflowError(f"{path}: 'on' must be an event name, a list of event names or a mapping")


def push_matches(config: Any, ref: str, path: str) -> bool:
    """Whether a push to ``ref`` fires an ``on.push`` configured as ``config``."""
    if config is None:
        return True
    if not isinstance(config, dict):
        raise WorkflowError(f"{path}: on.push must be a mapping of filters")
    unknown = set(config) - {"branches", "branches-ignore", "tags", "tags-ignore"}
    if unknown:
        raise WorkflowError(f"{path}: on.push.{sorted(unknown)[0]}: not supported by the local executor")
    if ref.startswith("refs/heads/"):
        name, include, ignore, other = ref[len("refs/heads/"):], "branches", "branches-ignore", ("tags", "tags-ignore")
    elif ref.startswith("refs/tags/"):
        name, include, ignore, other = ref[len("refs/tags/"):], "tags", "tags-ignore", ("branches", "branches-ignore")
    else:
        return False

    def patterns(key: str) -> List[str]:
        value = config.get(key)
        if value is None:
            return []
        return [value] if isinstance(value, str) else [str(item) for item in value]

    if include in config:
        return matches_filters(name, patterns(include))
    if ignore in config:
        return not matches_filters(name, patterns(ignore))
    # Only the other kind of filter: this kind of ref does not fire.
    return not any(key in config for key in other)
