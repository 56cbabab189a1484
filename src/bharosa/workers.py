"""Worker processes for scans: tasks run in forked children, results come back in order.

Children are forked, so they inherit the configured Scanner (compiled patterns, loaded
rules) instead of receiving it pickled; only task results travel back. Progress is
counted in shared memory and reported by the parent while it waits.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from types import FrameType
from typing import Any, Generic, TypeVar

from bharosa.limits import INTERRUPTED

Task = TypeVar("Task")
Result = TypeVar("Result")
# (done, total, bytes read) as the CLI's progress bar takes it.
Progress = Callable[[int, int, int], None]
# Given the bytes read so far, why the run must stop now (None: go on).
StopCheck = Callable[[int], str | None]
_POLL_SECONDS = 0.2
# After Ctrl-C, how long running tasks have to return what they found so far.
_GRACE_SECONDS = 5.0


@dataclass(slots=True)
class Mapped(Generic[Result]):
    """The results of the tasks that finished, in task order, and why the rest did not run
    (`stopped`: a run cap's reason, or INTERRUPTED for Ctrl-C)."""

    results: list[Result] = field(default_factory=list)
    stopped: str | None = None


class _Shared(Generic[Task, Result]):
    """What forked children inherit: the work function, the tasks, the progress counters."""

    def __init__(self, work: Callable[[Task, Progress], Result], tasks: Sequence[Task]) -> None:
        context = multiprocessing.get_context("fork")
        self.work = work
        self.tasks = tasks
        self.done: Any = context.Value("q", 0)
        self.read: Any = context.Value("q", 0)
        # Set by the parent when the run stops early: tasks not yet begun do not begin.
        self.stop: Any = context.Value("b", 0)


_SHARED: _Shared[Any, Any] | None = None


def map_in_workers(
    work: Callable[[Task, Progress], Result],
    tasks: Sequence[Task],
    jobs: int,
    total: int,
    progress: Progress | None = None,
    should_stop: StopCheck | None = None,
) -> Mapped[Result]:
    """`work(task, count)` for every task in `jobs` forked processes, results in task order.

    `work` reports its own progress through `count(done, total, read)` (its own running
    figures); the parent adds up every worker's and calls `progress` with the sums. When
    `should_stop` gives a reason, or on Ctrl-C, the workers are stopped and the finished
    tasks' results returned with the reason.
    """
    global _SHARED
    if "fork" not in multiprocessing.get_all_start_methods():
        # No fork (Windows): the tasks run here, one after the other.
        return Mapped([work(task, progress or _ignore) for task in tasks])
    _SHARED = _Shared(work, tasks)
    shared = _SHARED
    context = multiprocessing.get_context("fork")
    results: dict[int, Result] = {}
    mapped: Mapped[Result] = Mapped()
    try:
        with ProcessPoolExecutor(
            jobs, mp_context=context, initializer=_idle_ignores_ctrl_c
        ) as pool:
            futures = [pool.submit(_run, index) for index in range(len(tasks))]
            try:
                mapped.stopped = _collect(
                    set(futures), results, shared, total, progress, should_stop
                )
            except KeyboardInterrupt:
                mapped.stopped = INTERRUPTED
            if mapped.stopped is not None:
                shared.stop.value = 1
                _interrupt(pool, futures, results)
                _stop_workers(pool)
        mapped.results = [results[index] for index in sorted(results)]
        return mapped
    finally:
        _SHARED = None


def _collect(
    pending: set[Future[tuple[int, Any]]],
    results: dict[int, Any],
    shared: _Shared[Any, Any],
    total: int,
    progress: Progress | None,
    should_stop: StopCheck | None,
) -> str | None:
    """Wait for every task, keeping results as they come; stop early if told to."""
    while pending:
        finished, pending = wait(pending, _POLL_SECONDS, return_when=FIRST_COMPLETED)
        for future in finished:
            index, result = future.result()
            results[index] = result
        if progress is not None:
            progress(shared.done.value, total, shared.read.value)
        reason = should_stop(shared.read.value) if should_stop is not None else None
        if reason is not None and pending:
            return reason
    return None


def _interrupt(
    pool: ProcessPoolExecutor, futures: list[Future[tuple[int, Any]]], results: dict[int, Any]
) -> None:
    """Ctrl-C or a run cap: tasks not started are dropped; running ones are told to stop
    (SIGINT: Ctrl-C may have reached only this process) and what they found so far is kept,
    if they return in a moment."""
    for future in futures:
        future.cancel()
    for process in _processes(pool):
        with contextlib.suppress(OSError):
            os.kill(process.pid, signal.SIGINT)
    finished, _ = wait([f for f in futures if not f.cancelled()], _GRACE_SECONDS)
    for future in finished:
        if not future.cancelled() and future.exception() is None:
            index, result = future.result()
            results.setdefault(index, result)


def _processes(pool: ProcessPoolExecutor) -> list[Any]:
    # The executor has no public list of its processes before Python 3.14.
    return list((getattr(pool, "_processes", None) or {}).values())


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and end the workers now (their tasks are abandoned)."""
    # Shutdown forgets the processes, so they are taken first.
    processes = _processes(pool)
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()


class _NotStartedError(Exception):
    """A task that was queued when the run stopped: it has no result."""


def _idle_ignores_ctrl_c() -> None:
    """A worker between tasks ignores Ctrl-C: the parent stops the run, and a worker's
    KeyboardInterrupt outside a task would only print a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _interrupt_once(signum: int, frame: FrameType | None) -> None:
    _idle_ignores_ctrl_c()
    raise KeyboardInterrupt


def _ignore(done: int, total: int, read: int) -> None:
    """Progress nobody asked for."""


def _run(index: int) -> tuple[int, Any]:
    shared = _SHARED
    assert shared is not None, "tasks run in children forked by map_in_workers"
    if shared.stop.value:
        raise _NotStartedError
    counter = _Counter(shared)
    # Ctrl-C ends the task early, once: `work` returns what it found so far (partial).
    signal.signal(signal.SIGINT, _interrupt_once)
    try:
        return index, shared.work(shared.tasks[index], counter.count)
    finally:
        counter.publish()
        _idle_ignores_ctrl_c()


# A task's progress is added to the shared sums once it has grown by this many items or
# bytes (and when the task ends): each addition takes two locks, too dear for every blob.
_PUBLISH_ITEMS = 64
_PUBLISH_BYTES = 1 << 20


class _Counter:
    """A task's running figures, added to the workers' shared sums now and then."""

    def __init__(self, shared: _Shared[Any, Any]) -> None:
        self._shared = shared
        self._done = self._read = 0
        self._published_done = self._published_read = 0

    def count(self, done: int, total: int, read: int) -> None:
        self._done, self._read = done, read
        if (
            done - self._published_done >= _PUBLISH_ITEMS
            or read - self._published_read >= _PUBLISH_BYTES
        ):
            self.publish()

    def publish(self) -> None:
        shared = self._shared
        with shared.done.get_lock():
            shared.done.value += self._done - self._published_done
        with shared.read.get_lock():
            shared.read.value += self._read - self._published_read
        self._published_done, self._published_read = self._done, self._read
