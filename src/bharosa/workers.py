"""Worker processes for scans: tasks run in forked children, results come back in order.

Children are forked, so they inherit the configured Scanner (compiled patterns, loaded
rules) instead of receiving it pickled; only task results travel back. Progress is
counted in shared memory and reported by the parent while it waits.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import Any, Generic, TypeVar

Task = TypeVar("Task")
Result = TypeVar("Result")
# (done, total, bytes read) as the CLI's progress bar takes it.
Progress = Callable[[int, int, int], None]
_POLL_SECONDS = 0.2


class _Shared(Generic[Task, Result]):
    """What forked children inherit: the work function, the tasks, the progress counters."""

    def __init__(self, work: Callable[[Task, Progress], Result], tasks: Sequence[Task]) -> None:
        context = multiprocessing.get_context("fork")
        self.work = work
        self.tasks = tasks
        self.done: Any = context.Value("q", 0)
        self.read: Any = context.Value("q", 0)


_SHARED: _Shared[Any, Any] | None = None


def map_in_workers(
    work: Callable[[Task, Progress], Result],
    tasks: Sequence[Task],
    jobs: int,
    total: int,
    progress: Progress | None = None,
) -> list[Result]:
    """`work(task, count)` for every task in `jobs` forked processes, results in task order.

    `work` reports its own progress through `count(done, total, read)` (its own running
    figures); the parent adds up every worker's and calls `progress` with the sums.
    """
    global _SHARED
    if "fork" not in multiprocessing.get_all_start_methods():
        # No fork (Windows): the tasks run here, one after the other.
        return [work(task, progress or _ignore) for task in tasks]
    _SHARED = _Shared(work, tasks)
    shared = _SHARED
    context = multiprocessing.get_context("fork")
    try:
        with ProcessPoolExecutor(jobs, mp_context=context) as pool:
            pending = {pool.submit(_run, index) for index in range(len(tasks))}
            results: dict[int, Result] = {}
            while pending:
                finished, pending = wait(pending, _POLL_SECONDS, return_when=FIRST_COMPLETED)
                for future in finished:
                    index, result = future.result()
                    results[index] = result
                if progress is not None:
                    progress(shared.done.value, total, shared.read.value)
        return [results[index] for index in range(len(tasks))]
    finally:
        _SHARED = None


def _ignore(done: int, total: int, read: int) -> None:
    """Progress nobody asked for."""


def _run(index: int) -> tuple[int, Any]:
    shared = _SHARED
    assert shared is not None, "tasks run in children forked by map_in_workers"
    last = [0, 0]

    def count(done: int, total: int, read: int) -> None:
        with shared.done.get_lock():
            shared.done.value += done - last[0]
        with shared.read.get_lock():
            shared.read.value += read - last[1]
        last[0], last[1] = done, read

    return index, shared.work(shared.tasks[index], count)
