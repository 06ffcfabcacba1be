"""What jobs share: the artifacts of a workflow run and the (global) cache.

Both live under the server's ``--work`` folder: ``artifacts/<run_id>/<name>/`` and
``cache/<entry>/``; an entry is written to a temporary folder and renamed into place, so a
reader never sees half of one.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import shutil
import threading
import time
import uuid
from typing import Dict, List, Optional, Tuple


class StorageError(Exception):
    """An artifact or cache operation that fails the step."""


def _copy(source: str, destination: str) -> None:
    os.makedirs(os.path.dirname(destination), exist_ok=True)
    if os.path.islink(source):
        if os.path.lexists(destination):
            os.remove(destination)
        os.symlink(os.readlink(source), destination)
    else:
        shutil.copy2(source, destination)


def _copy_tree(source: str, destination: str) -> int:
    """Copies the files below ``source`` into ``destination`` (merging); the number of files."""
    count = 0
    for directory, dirs, files in os.walk(source):
        relative = os.path.relpath(directory, source)
        target = os.path.normpath(os.path.join(destination, relative))
        os.makedirs(target, exist_ok=True)
        for name in dirs:
            path = os.path.join(directory, name)
            if os.path.islink(path):
                _copy(path, os.path.join(target, name))
        for name in files:
            _copy(os.path.join(directory, name), os.path.join(target, name))
            count += 1
    return count


class ArtifactStore:
    """Artifacts per workflow run (shared by its attempts), like ``actions/upload-artifact@v4``."""

    def __init__(self, root: str) -> None:
        self.root = root
        self._lock = threading.Lock()
        os.makedirs(root, exist_ok=True)

    def _folder(self, run_id: int, name: str) -> str:
        if not name or "/" in name or name in (".", "..") or any(char in name for char in '\\":<>|*?\r\n'):
            raise StorageError(f"invalid artifact name {name!r}")
        return os.path.join(self.root, str(run_id), name)

    def upload(self, run_id: int, name: str, files: List[Tuple[str, str]], job_id: str, attempt: int, overwrite: bool) -> int:
        """Stores ``files`` as (absolute path, path in the artifact); the number stored. An
        artifact of the same name fails unless ``overwrite`` or it was uploaded by an earlier
        attempt of the same job (a re-run)."""
        folder = self._folder(run_id, name)
        with self._lock:
            meta_path = os.path.join(folder, "meta.json")
            if os.path.exists(meta_path):
                with open(meta_path) as handle:
                    meta = json.load(handle)
                rerun = meta.get("job") == job_id and meta.get("attempt", 0) < attempt
                if not overwrite and not rerun:
                    raise StorageError(f"Failed to CreateArtifact: an artifact with the name {name!r} already exists in this "
                                       f"workflow run (uploaded by job {meta.get('job')!r}); use overwrite: true to replace it")
            staging = folder + ".tmp-" + uuid.uuid4().hex
            for source, relative in files:
                _copy(source, os.path.join(staging, "files", relative))
            os.makedirs(os.path.join(staging, "files"), exist_ok=True)
            with open(os.path.join(staging, "meta.json"), "w") as handle:
                json.dump({"name": name, "job": job_id, "attempt": attempt, "files": len(files), "created": time.time()}, handle)
            if os.path.exists(folder):
                shutil.rmtree(folder)
            os.rename(staging, folder)
        return len(files)

    def names(self, run_id: int) -> List[str]:
        folder = os.path.join(self.root, str(run_id))
        if not os.path.isdir(folder):
            return []
        return sorted(name for name in os.listdir(folder) if os.path.exists(os.path.join(folder, name, "meta.json")))

    def download(self, run_id: int, name: str, destination: str) -> int:
        folder = self._folder(run_id, name)
        if not os.path.exists(os.path.join(folder, "meta.json")):
            raise StorageError(f"Unable to download artifact(s): Artifact not found for name: {name}")
        return _copy_tree(os.path.join(folder, "files"), destination)


class CacheStore:
    """The cache, shared by every run: entries by key and version (the ``path`` list), like
    ``actions/cache``; entries are immutable once saved."""

    def __init__(self, root: str) -> None:
        self.root = root
        self._lock = threading.Lock()
        self._sequence = itertools.count(1)
        os.makedirs(root, exist_ok=True)

    @staticmethod
    def version(paths: List[str]) -> str:
        return hashlib.sha256("\n".join(paths + ["local-actions-copy"]).encode()).hexdigest()

    def _folder(self, key: str, version: str) -> str:
        return os.path.join(self.root, hashlib.sha256(f"{version}\n{key}".encode()).hexdigest()[:40])

    def _entries(self, version: str) -> List[Dict]:
        entries = []
        for name in os.listdir(self.root):
            meta_path = os.path.join(self.root, name, "meta.json")
            if os.path.exists(meta_path):
                with open(meta_path) as handle:
                    meta = json.load(handle)
                if meta.get("version") == version:
                    meta["folder"] = os.path.join(self.root, name)
                    entries.append(meta)
        return entries

    def lookup(self, key: str, restore_keys: List[str], version: str) -> Optional[Dict]:
        """The entry for ``key``, else the newest entry whose key starts with the first restore
        key that has one (an exact restore key first)."""
        with self._lock:
            entries = self._entries(version)
        for entry in entries:
            if entry["key"] == key:
                return entry
        for prefix in restore_keys:
            exact = [entry for entry in entries if entry["key"] == prefix]
            if exact:
                return exact[0]
            matching = [entry for entry in entries if entry["key"].startswith(prefix)]
            if matching:
                return max(matching, key=lambda entry: (entry["created"], entry["sequence"]))
        return None

    def save(self, key: str, version: str, files: List[Tuple[str, str]]) -> bool:
        """Stores ``files`` as (absolute path, stored path) under ``key``; False when an entry
        with that key already exists (it is never replaced)."""
        if not key or len(key) > 512 or "," in key:
            raise StorageError(f"Key Validation Error: {key!r} is empty, longer than 512 characters or contains a comma")
        folder = self._folder(key, version)
        with self._lock:
            if os.path.exists(folder):
                return False
            staging = folder + ".tmp-" + uuid.uuid4().hex
            os.makedirs(os.path.join(staging, "files"))
            for source, stored in files:
                _copy(source, os.path.join(staging, "files", stored))
            with open(os.path.join(staging, "meta.json"), "w") as handle:
                json.dump({"key": key, "version": version, "created": time.time(), "sequence": next(self._sequence),
                           "files": len(files)}, handle)
            os.rename(staging, folder)
        return True

    @staticmethod
    def restore(entry: Dict, destination_of) -> int:
        """Copies an entry's files back; ``destination_of(stored path)`` gives each file's path."""
        files_root = os.path.join(entry["folder"], "files")
        count = 0
        for directory, _, files in os.walk(files_root):
            for name in files:
                stored = os.path.relpath(os.path.join(directory, name), files_root)
                _copy(os.path.join(directory, name), destination_of(stored))
                count += 1
        return count
