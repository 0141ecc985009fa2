"""Grading several films in one run of the model: the worker's threads hand their films to a
batcher shared by the process.

The first film handed in opens a batch and its thread waits up to ``wait_s`` for films of other
threads (not longer: a single upload is delayed by at most the wait), or until the batch holds
``max_size`` films, then runs the batch and hands every thread its own answer. Meanwhile the
next film opens the next batch. No thread of its own: the thread that opened a batch runs it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

Item = TypeVar("Item")
Answer = TypeVar("Answer")


@dataclass
class _Entry(Generic[Item, Answer]):
    item: Item
    done: threading.Event = field(default_factory=threading.Event)
    answer: Answer | None = None
    error: BaseException | None = None


@dataclass
class _Batch(Generic[Item, Answer]):
    entries: list[_Entry[Item, Answer]] = field(default_factory=list)
    full: threading.Event = field(default_factory=threading.Event)


class Batcher(Generic[Item, Answer]):
    """``run`` takes a batch's items and returns, in the same order, each item's answer or the
    exception that item failed with; an exception raised by ``run`` itself fails every item of
    that batch (and no other)."""

    def __init__(
        self,
        run: Callable[[list[Item]], Sequence[Answer | BaseException]],
        wait_s: float,
        max_size: int,
    ):
        if wait_s < 0 or max_size < 1:
            raise ValueError(
                f"the batch wait must be 0 s or more and the batch size at least 1, not "
                f"{wait_s} s and {max_size}"
            )
        self._run = run
        self.wait_s = wait_s
        self.max_size = max_size
        self._lock = threading.Lock()
        self._open: _Batch[Item, Answer] | None = None

    def submit(self, item: Item) -> Answer:
        """The answer for ``item``, once its batch has run; raises the item's exception."""
        entry: _Entry[Item, Answer] = _Entry(item)
        with self._lock:
            batch = self._open
            leads = batch is None
            if batch is None:
                batch = self._open = _Batch()
            batch.entries.append(entry)
            if len(batch.entries) >= self.max_size:
                self._open = None  # the next film opens a new batch
                batch.full.set()
        if leads:
            self._lead(batch)
        entry.done.wait()
        if entry.error is not None:
            raise entry.error
        return entry.answer  # type: ignore[return-value]

    def _lead(self, batch: _Batch[Item, Answer]) -> None:
        deadline = time.monotonic() + self.wait_s
        batch.full.wait(max(0.0, deadline - time.monotonic()))
        with self._lock:
            if self._open is batch:
                self._open = None
            entries = list(batch.entries)
        try:
            answers = list(self._run([e.item for e in entries]))
            if len(answers) != len(entries):
                raise RuntimeError(f"the batch of {len(entries)} films got {len(answers)} answers")
        except BaseException as exc:  # every film of the batch learns why
            answers = [exc] * len(entries)
        for entry, answer in zip(entries, answers, strict=True):
            if isinstance(answer, BaseException):
                entry.error = answer
            else:
                entry.answer = answer
            entry.done.set()
