"""File globs as GitHub's actions use them (``*``, ``**``, ``?``, ``[…]``, ``!`` to exclude).

A pattern that names a directory (literally or by a glob) stands for every file below it.
"""

from __future__ import annotations

import os
import re
from typing import List, Tuple

_GLOB_CHARS = set("*?[")


def _segment_regex(segment: str) -> str:
    out = []
    index = 0
    while index < len(segment):
        char = segment[index]
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            end = segment.find("]", index + 1)
            if end < 0:
                out.append(re.escape(char))
            else:
                body = segment[index + 1:end]
                out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
                index = end + 1
                continue
        else:
            out.append(re.escape(char))
        index += 1
    return "".join(out)


def _pattern_regex(segments: List[str]) -> "re.Pattern[str]":
    parts = []
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == "**":
            parts.append("(?:.*)" if last else "(?:[^/]+/)*")
        else:
            parts.append(_segment_regex(segment) + ("" if last else "/"))
    regex = "".join(parts)
    if regex.endswith("(?:[^/]+/)*"):
        regex = regex[:-len("(?:[^/]+/)*")] + ".*"
    return re.compile(regex + r"\Z")


def split_pattern(pattern: str, base: str) -> Tuple[str, List[str]]:
    """The absolute literal directory a pattern starts from, and its glob segments (empty
    when the pattern has no wildcard)."""
    path = os.path.normpath(os.path.join(os.path.abspath(base), os.path.expanduser(pattern)))
    segments = path.split("/")
    for index, segment in enumerate(segments):
        if any(char in _GLOB_CHARS for char in segment):
            root = "/".join(segments[:index]) or "/"
            return root, segments[index:]
    return path, []


def _files_below(path: str, include_hidden: bool = True) -> List[str]:
    if os.path.isfile(path) or os.path.islink(path) and not os.path.isdir(path):
        return [path]
    found = []
    for directory, dirs, files in os.walk(path):
        if not include_hidden:
            dirs[:] = [name for name in dirs if not name.startswith(".")]
            files = [name for name in files if not name.startswith(".")]
        dirs.sort()
        for name in sorted(files):
            found.append(os.path.join(directory, name))
    return found


def expand(patterns: List[str], base: str, include_hidden: bool = True) -> List[Tuple[str, str]]:
    """The files the patterns match as (absolute path, search root) pairs, sorted by path; the
    search root is the pattern's literal directory (a literal file's parent). Later ``!``
    patterns remove files."""
    selected = {}
    for raw in patterns:
        pattern = raw.strip()
        if not pattern or pattern.startswith("#"):
            continue
        negative = pattern.startswith("!")
        if negative:
            pattern = pattern[1:]
        root, segments = split_pattern(pattern, base)
        if not segments:
            if not os.path.lexists(root):
                continue
            search_root = root if os.path.isdir(root) else os.path.dirname(root)
            matched = _files_below(root, include_hidden)
        else:
            search_root = root
            regex = _pattern_regex(segments)
            matched = []
            if os.path.isdir(root):
                for path in _files_below(root, include_hidden):
                    relative = os.path.relpath(path, root)
                    pieces = relative.split("/")
                    # The file or one of its folders matches.
                    if any(regex.match("/".join(pieces[:count])) for count in range(1, len(pieces) + 1)):
                        matched.append(path)
        for path in matched:
            if negative:
                selected.pop(path, None)
            else:
                selected.setdefault(path, search_root)
    return sorted(selected.items())
