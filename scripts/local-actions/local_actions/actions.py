"""The ``uses:`` actions the executor implements itself (no action code is downloaded or run).

* ``actions/checkout``: a clone of the origin (or of a ``--repo`` given to ``serve``);
* ``actions/cache``, ``actions/cache/restore``, ``actions/cache/save``: the global cache;
* ``actions/upload-artifact``, ``actions/download-artifact``: the run's artifacts;
* ``swift-actions/setup-swift``, ``actions/setup-python``: not run; the tool must already be
  on the machine's PATH.

Any other action fails the step with a message naming it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from typing import TYPE_CHECKING, Callable, Dict, List, Optional, Tuple

from .globbing import expand
from .storage import CacheStore, StorageError

if TYPE_CHECKING:  # pragma: no cover
    from .jobs import JobRunner


class ActionError(Exception):
    """A failure of an action step (its message goes to the log)."""


_VERSION = re.compile(r"^(v\d+(\.\d+)*|[0-9a-f]{40})$")
_SETUP_TOOLS = {"swift-actions/setup-swift": ("swift", "Swift"), "actions/setup-python": ("python3", "Python")}
_KNOWN_INPUTS = {
    "actions/checkout": {"repository", "ref", "path", "fetch-depth", "clean", "token", "persist-credentials", "fetch-tags",
                         "show-progress", "set-safe-directory", "submodules", "lfs", "sparse-checkout", "filter",
                         "sparse-checkout-cone-mode", "ssh-key", "ssh-known-hosts", "ssh-strict", "ssh-user", "github-server-url"},
    "actions/cache": {"path", "key", "restore-keys", "enableCrossOsArchive", "fail-on-cache-miss", "lookup-only",
                      "upload-chunk-size", "save-always"},
    "actions/cache/restore": {"path", "key", "restore-keys", "enableCrossOsArchive", "fail-on-cache-miss", "lookup-only"},
    "actions/cache/save": {"path", "key", "enableCrossOsArchive", "upload-chunk-size"},
    "actions/upload-artifact": {"name", "path", "if-no-files-found", "retention-days", "compression-level", "overwrite",
                                "include-hidden-files"},
    "actions/download-artifact": {"name", "path", "pattern", "merge-multiple", "github-token", "repository", "run-id",
                                  "artifact-ids"},
}


def lines(value: str) -> List[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


def boolean(value: str, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() == "true"


class BuiltinActions:
    """Runs a ``uses:`` step for a job (a :class:`~local_actions.jobs.JobRunner`)."""

    def __init__(self, job: "JobRunner") -> None:
        self.job = job

    @staticmethod
    def split(uses: str) -> Tuple[str, str]:
        if "@" not in uses:
            raise ActionError(f"'{uses}': an action reference needs '@version'")
        name, version = uses.rsplit("@", 1)
        return name.lower(), version

    def run(self, uses: str, inputs: Dict[str, str]) -> Dict[str, str]:
        """Runs the action; its outputs. Raises :class:`ActionError` on failure."""
        if uses.startswith("./") or uses.startswith("docker://"):
            raise ActionError(f"'{uses}': local and Docker actions are not supported by the local executor")
        name, version = self.split(uses)
        handlers: Dict[str, Callable[[Dict[str, str]], Dict[str, str]]] = {
            "actions/checkout": self.checkout,
            "actions/cache": lambda given: self.cache(given, restore=True, save=True),
            "actions/cache/restore": lambda given: self.cache(given, restore=True, save=False),
            "actions/cache/save": lambda given: self.cache(given, restore=False, save=True),
            "actions/upload-artifact": self.upload_artifact,
            "actions/download-artifact": self.download_artifact,
        }
        if name in _SETUP_TOOLS:
            return self.setup_tool(uses, *_SETUP_TOOLS[name])
        if name not in handlers:
            raise ActionError(f"the action '{uses}' is not implemented by the local executor (it implements "
                              f"{', '.join(sorted(list(handlers) + list(_SETUP_TOOLS)))})")
        if not _VERSION.match(version):
            raise ActionError(f"'{uses}': the local executor implements versions v<N> (or a commit SHA), not '{version}'")
        unexpected = sorted(set(inputs) - _KNOWN_INPUTS[name])
        if unexpected:
            self.job.log(f"##[warning]Unexpected input(s) {', '.join(repr(key) for key in unexpected)}, valid inputs are "
                         f"{sorted(_KNOWN_INPUTS[name])}")
        return handlers[name](inputs)

    # MARK: Paths

    def _resolve(self, path: str) -> str:
        if path == "~" or path.startswith("~/"):
            path = os.path.join(self.job.home, path[2:])
        return os.path.normpath(os.path.join(self.job.workspace, path))

    # MARK: checkout

    def _git(self, args: List[str], cwd: Optional[str] = None, timeout: float = 600) -> str:
        command = ["git"] + args
        self.job.log("[command]" + " ".join(command))
        env = {"PATH": self.job.path_env(), "HOME": self.job.home, "GIT_TERMINAL_PROMPT": "0", "LANG": "C"}
        try:
            done = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout,
                                  stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise ActionError(f"git {' '.join(args)} did not finish in {timeout:.0f} s") from None
        output = done.stdout.decode("utf-8", "replace")
        for line in output.splitlines():
            self.job.log(line)
        if done.returncode != 0:
            raise ActionError(f"git {args[0]} failed with exit code {done.returncode}")
        return output

    def _resolve_ref(self, origin: str, ref: str) -> Tuple[str, str]:
        """(full ref or '', sha) of ``ref`` in ``origin``."""
        candidates = [ref] if ref.startswith("refs/") else [f"refs/heads/{ref}", f"refs/tags/{ref}"]
        for candidate in candidates:
            found = subprocess.run(["git", "rev-parse", "--verify", "-q", candidate + "^{commit}"], cwd=origin,
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=60)
            if found.returncode == 0:
                return candidate, found.stdout.decode().strip()
        if re.fullmatch(r"[0-9a-fA-F]{40}", ref):
            return "", ref.lower()
        raise ActionError(f"A branch or tag with the name '{ref}' could not be found")

    def checkout(self, inputs: Dict[str, str]) -> Dict[str, str]:
        job = self.job
        settings = job.settings
        repository = inputs.get("repository") or settings.repository
        if repository.lower() == settings.repository.lower():
            origin = settings.origin
            own = True
        elif repository.lower() in settings.other_repositories:
            origin = settings.other_repositories[repository.lower()]
            own = False
        else:
            raise ActionError(f"actions/checkout: the repository '{repository}' is not known to the local executor "
                              f"(serve knows {settings.repository} and the --repo options)")
        for key in ("submodules", "lfs"):
            if boolean(inputs.get(key), False):
                raise ActionError(f"actions/checkout: '{key}: true' is not supported by the local executor")
        for key in ("sparse-checkout", "filter"):
            if inputs.get(key):
                raise ActionError(f"actions/checkout: '{key}' is not supported by the local executor")
        if inputs.get("ref"):
            ref, sha = self._resolve_ref(origin, inputs["ref"])
        elif own:
            ref, sha = job.run.ref, job.run.sha
        else:
            ref = subprocess.run(["git", "symbolic-ref", "HEAD"], cwd=origin, stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, timeout=60).stdout.decode().strip() or "refs/heads/main"
            ref, sha = self._resolve_ref(origin, ref)
        depth_text = inputs.get("fetch-depth") or "1"
        try:
            depth = int(depth_text)
        except ValueError:
            raise ActionError(f"actions/checkout: fetch-depth must be a number, not {depth_text!r}") from None
        destination = self._resolve(inputs.get("path") or ".")
        if not (destination == job.workspace or destination.startswith(job.workspace + os.sep)):
            raise ActionError(f"Repository path '{destination}' is not under '{job.workspace}'")
        job.log(f"Syncing repository: {repository} at {sha} ({ref or 'a commit'})")
        if os.path.isdir(destination):
            for name in os.listdir(destination):
                path = os.path.join(destination, name)
                shutil.rmtree(path) if os.path.isdir(path) and not os.path.islink(path) else os.remove(path)
        os.makedirs(destination, exist_ok=True)
        self._git(["init", "-q", destination])
        self._git(["remote", "add", "origin", origin], cwd=destination)
        branch = ref[len("refs/heads/"):] if ref.startswith("refs/heads/") else None
        tag = ref[len("refs/tags/"):] if ref.startswith("refs/tags/") else None
        target = f"+{sha}:refs/remotes/origin/{branch}" if branch else (f"+{sha}:refs/tags/{tag}" if tag else sha)
        if depth > 0:
            self._git(["-c", "protocol.version=2", "fetch", "--no-tags", "--prune", f"--depth={depth}", "origin", target],
                      cwd=destination)
        else:
            self._git(["-c", "protocol.version=2", "fetch", "--prune", "--tags", "origin",
                       "+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"], cwd=destination)
            self._git(["-c", "protocol.version=2", "fetch", "--no-tags", "origin", target], cwd=destination)
        if branch:
            self._git(["checkout", "-q", "--force", "-B", branch, f"refs/remotes/origin/{branch}"], cwd=destination)
        else:
            self._git(["checkout", "-q", "--force", "--detach", sha], cwd=destination)
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=destination, stdout=subprocess.PIPE, timeout=60).stdout.decode().strip()
        if head != sha:
            raise ActionError(f"actions/checkout: checked out {head}, expected {sha}")
        return {"ref": ref, "commit": sha}

    # MARK: cache

    def _stored_name(self, path: str) -> str:
        """Where a file is kept in a cache entry: relative to the workspace, HOME, or absolute
        (jobs run on machines with different folders)."""
        job = self.job
        for prefix, root in (("ws", job.workspace), ("home", job.home)):
            if path.startswith(root + os.sep):
                return f"{prefix}/{os.path.relpath(path, root)}"
        return "abs/" + path.lstrip("/")

    def _restored_path(self, stored: str) -> str:
        prefix, rest = stored.split("/", 1)
        return os.path.join({"ws": self.job.workspace, "home": self.job.home}.get(prefix, "/"), rest)

    def cache_files(self, paths: List[str]) -> List[Tuple[str, str]]:
        resolved = []
        for pattern in paths:
            negative = pattern.startswith("!")
            body = pattern[1:] if negative else pattern
            resolved.append(("!" if negative else "") + self._resolve(body))
        return [(path, self._stored_name(path)) for path, _ in expand(resolved, self.job.workspace)]

    def cache(self, inputs: Dict[str, str], restore: bool, save: bool) -> Dict[str, str]:
        job = self.job
        paths = lines(inputs.get("path", ""))
        key = (inputs.get("key") or "").strip()
        if not paths:
            raise ActionError("Input required and not supplied: path")
        if not key:
            raise ActionError("Input required and not supplied: key")
        version = CacheStore.version(paths)
        if not restore:
            self.save_cache(key, paths)
            return {}
        restore_keys = lines(inputs.get("restore-keys", ""))
        entry = job.cache.lookup(key, restore_keys, version)
        exact = entry is not None and entry["key"] == key
        outputs = {"cache-hit": "true" if exact else "false"}
        if not save:
            outputs.update({"cache-primary-key": key, "cache-matched-key": entry["key"] if entry else ""})
        if entry is None:
            if boolean(inputs.get("fail-on-cache-miss"), False):
                raise ActionError(f"Failed to restore cache entry. Exiting as fail-on-cache-miss is set. Input key: {key}")
            job.log(f"Cache not found for input keys: {', '.join([key] + restore_keys)}")
        elif boolean(inputs.get("lookup-only"), False):
            job.log(f"Cache found and can be restored from key: {entry['key']}")
        else:
            count = CacheStore.restore(entry, self._restored_path)
            job.log(f"Cache restored from key: {entry['key']} ({count} files)")
        if save and not exact:
            job.add_post_step(lambda: self.save_cache(key, paths), only_on_success=True)
        return outputs

    def save_cache(self, key: str, paths: List[str]) -> None:
        files = self.cache_files(paths)
        if not files:
            self.job.log("##[warning]Path Validation Error: Path(s) specified in the action for caching do(es) not exist, "
                         "hence no cache is being saved.")
            return
        try:
            saved = self.job.cache.save(key, CacheStore.version(paths), files)
        except StorageError as error:
            raise ActionError(str(error)) from None
        if saved:
            self.job.log(f"Cache saved with key: {key} ({len(files)} files)")
        else:
            self.job.log(f"##[warning]Failed to save: Unable to reserve cache with key {key}, another job may be creating this cache.")

    # MARK: artifacts

    def upload_artifact(self, inputs: Dict[str, str]) -> Dict[str, str]:
        job = self.job
        name = inputs.get("name") or "artifact"
        patterns = lines(inputs.get("path", ""))
        if not patterns:
            raise ActionError("Input required and not supplied: path")
        mode = (inputs.get("if-no-files-found") or "warn").lower()
        if mode not in ("warn", "error", "ignore"):
            raise ActionError(f"Unrecognized if-no-files-found input. Provided: {mode}. Available options: warn, error, ignore")
        resolved = [("!" + self._resolve(p[1:])) if p.startswith("!") else self._resolve(p) for p in patterns]
        matched = expand(resolved, job.workspace, include_hidden=boolean(inputs.get("include-hidden-files"), False))
        if not matched:
            message = f"No files were found with the provided path: {chr(10).join(patterns)}. No artifacts will be uploaded."
            if mode == "error":
                raise ActionError(message)
            if mode == "warn":
                job.log("##[warning]" + message)
            else:
                job.log(message)
            return {}
        root = os.path.commonpath([search_root for _, search_root in matched])
        files = [(path, os.path.relpath(path, root)) for path, _ in matched]
        try:
            count = job.artifacts.upload(job.run.id, name, files, job.record.id, job.record.attempt,
                                         boolean(inputs.get("overwrite"), False))
        except StorageError as error:
            raise ActionError(str(error)) from None
        job.log(f"Artifact {name} uploaded: {count} file(s) from {root}")
        return {"artifact-id": str(abs(hash((job.run.id, name))) % 10 ** 9)}

    def download_artifact(self, inputs: Dict[str, str]) -> Dict[str, str]:
        job = self.job
        for key in ("run-id", "repository", "artifact-ids"):
            if inputs.get(key):
                raise ActionError(f"actions/download-artifact: '{key}' (artifacts of other runs) is not supported by the local executor")
        destination = self._resolve(inputs.get("path") or ".")
        name = inputs.get("name")
        try:
            if name:
                count = job.artifacts.download(job.run.id, name, destination)
                job.log(f"Artifact {name} downloaded to {destination} ({count} files)")
            else:
                pattern = inputs.get("pattern")
                names = [n for n in job.artifacts.names(job.run.id) if not pattern or re.fullmatch(
                    re.escape(pattern).replace(r"\*", ".*").replace(r"\?", "."), n)]
                merge = boolean(inputs.get("merge-multiple"), False)
                for each in names:
                    count = job.artifacts.download(job.run.id, each, destination if merge else os.path.join(destination, each))
                    job.log(f"Artifact {each} downloaded ({count} files)")
        except StorageError as error:
            raise ActionError(str(error)) from None
        return {"download-path": destination}

    # MARK: toolchains

    def setup_tool(self, uses: str, tool: str, label: str) -> Dict[str, str]:
        found = shutil.which(tool, path=self.job.path_env())
        if not found:
            raise ActionError(f"{uses}: this machine has no {tool} on its PATH ({self.job.path_env()}); the local executor "
                              f"does not install toolchains")
        try:
            done = subprocess.run([found, "--version"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120,
                                  stdin=subprocess.DEVNULL, env={"PATH": self.job.path_env(), "HOME": self.job.home})
        except subprocess.TimeoutExpired:
            raise ActionError(f"{uses}: '{tool} --version' did not answer in 120 s") from None
        first = next((line.strip() for line in done.stdout.decode("utf-8", "replace").splitlines() if line.strip()), "")
        if done.returncode != 0:
            raise ActionError(f"{uses}: '{tool} --version' failed with exit code {done.returncode}: {first}")
        self.job.log(f"skipped {uses}: this machine already has {label} ({first})")
        return {"version": first}
