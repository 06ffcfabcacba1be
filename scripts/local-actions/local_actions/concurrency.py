"""Concurrency groups (``concurrency:`` of workflows and jobs).

A group has at most one running holder; the others wait in FIFO order. A holder arriving with
``cancel-in-progress: true`` cancels every holder already in the group (running or waiting).
Unlike GitHub, a waiting holder is never replaced by a newer one: all of them run in turn.
"""

from __future__ import annotations

import threading
from typing import Any, Callable, Dict, List


class ConcurrencyGroups:
    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._holders: Dict[str, List[Any]] = {}

    def acquire(self, group: str, holder: Any, cancel_in_progress: bool, cancel: Callable[[Any], None],
                should_stop: Callable[[], bool]) -> bool:
        """Waits until ``holder`` is first in ``group``; False (and out of the queue) when
        ``should_stop()`` turns true first. ``cancel(other)`` cancels an earlier holder."""
        with self._condition:
            queue = self._holders.setdefault(group, [])
            earlier = list(queue)
            queue.append(holder)
        if cancel_in_progress:
            for other in earlier:
                cancel(other)
        with self._condition:
            while True:
                queue = self._holders[group]
                if queue[0] is holder:
                    return True
                if should_stop():
                    queue[:] = [item for item in queue if item is not holder]
                    self._condition.notify_all()
                    return False
                self._condition.wait(timeout=0.2)

    def release(self, group: str, holder: Any) -> None:
        with self._condition:
            queue = self._holders.get(group, [])
            queue[:] = [item for item in queue if item is not holder]
            if not queue:
                self._holders.pop(group, None)
            self._condition.notify_all()

    def snapshot(self) -> Dict[str, int]:
        with self._condition:
            return {group: len(queue) for group, queue in self._holders.items()}
