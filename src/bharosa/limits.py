"""Resource limits of a run: how long one file may take, how big it may be, and when the
whole run stops early (a time or size cap, or Ctrl-C) with what it found so far.

A limit never skips silently: a file over a cap gets a notice, and a run stopped early is
reported as partial (a notice, `"partial"` in the JSON summary, exit code 4, or 130 after
Ctrl-C).
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType

from bharosa.notices import Notice, NoticeLevel

# Defaults: a file that takes longer than this is cut short (detect-secrets' regexes can
# backtrack for minutes); files larger than this are not read at all.
DEFAULT_FILE_SECONDS = 120.0
DEFAULT_MAX_FILE_MB = 2048


# The reason a run stopped when the user pressed Ctrl-C (exit 130, not a run cap's 4).
INTERRUPTED = "interrupted (Ctrl-C)"


class FileTimeoutError(Exception):
    """Raised inside a file's scan when its time is up."""


@dataclass(frozen=True, slots=True)
class RunLimits:
    """Caps of one run. `deadline` is a time.monotonic() instant (shared by forked workers)."""

    file_seconds: float | None = DEFAULT_FILE_SECONDS
    max_file_bytes: int | None = DEFAULT_MAX_FILE_MB << 20
    deadline: float | None = None
    max_run_bytes: int | None = None

    def run_over(self, bytes_read: int) -> str | None:
        """Why the run must stop now (its time or size cap is reached), or None."""
        if self.deadline is not None and time.monotonic() >= self.deadline:
            return "the run's time limit (--max-time) was reached"
        if self.max_run_bytes is not None and bytes_read >= self.max_run_bytes:
            return "the run's size limit (--max-scan-mb) was reached"
        return None


@contextmanager
def file_time_limit(seconds: float | None) -> Iterator[None]:
    """Raise FileTimeoutError in the block once `seconds` have passed (a SIGALRM timer, so it
    interrupts a regex that backtracks). Off outside the main thread or without timers."""
    usable = (
        seconds is not None
        and seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise FileTimeoutError

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds or 0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def file_timeout_notice(path: str, seconds: float) -> Notice:
    return Notice(
        NoticeLevel.WARNING,
        "file-time-limit",
        f"scan stopped after {seconds:g} s (file-timeout); findings past that point in this "
        "file are not reported",
        path,
    )


def file_too_large_notice(path: str, size: int, limit: int) -> Notice:
    return Notice(
        NoticeLevel.WARNING,
        "file-too-large",
        f"not scanned: {size / (1 << 20):,.0f} MiB is over max-file-size-mb ({limit >> 20:,} MiB)",
        path,
    )


def partial_notice(reason: str, done: int, total: int, unit: str = "files") -> Notice:
    return Notice(
        NoticeLevel.WARNING,
        "partial",
        f"PARTIAL RESULTS: {reason} after {done:,} of {total:,} {unit}; the rest was not scanned",
    )


# The caps a run has when nobody sets any: the per-file defaults, no run caps.
DEFAULT_LIMITS = RunLimits()
