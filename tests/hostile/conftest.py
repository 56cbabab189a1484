"""The hostile-input harness: the real CLI in a subprocess, bounded by a timeout, and the
checks every case makes of what it printed.

Every case runs `bharosa` as a user would. Whatever the input, the run must end within the
hang guard, exit with a documented code (0 clean, 1 findings, 2 one clear line on stderr;
never 3), print no traceback, and never print a planted value unmasked.
"""

from __future__ import annotations

import ctypes
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CUSTOMER_EMAILS, run_bharosa

# No case may take longer than this: a run still going is a hang, and fails the case.
HANG_GUARD = 60.0
PRIYA, RAHUL, OKAFOR = CUSTOMER_EMAILS
# prctl(2): drop a capability from the bounding set, so an exec'd root process lacks it.
_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2


@dataclass(frozen=True)
class Outcome:
    """How a run of `bharosa` ended and what it printed (already checked by `checked`)."""

    code: int
    stdout: str
    stderr: str

    @property
    def report(self) -> dict[str, Any]:
        """The JSON report (for runs with `--format json`)."""
        report: dict[str, Any] = json.loads(self.stdout)
        return report

    def found(self) -> set[tuple[str, int]]:
        """(path, line) of every finding in the JSON report."""
        return {(f["path"], f["line"]) for f in self.report["findings"]}

    def lines(self, path: str) -> list[int]:
        """The lines of the findings in `path`, one per finding (a value found twice counts
        twice)."""
        return sorted(f["line"] for f in self.report["findings"] if f["path"] == path)

    def notices(self) -> set[tuple[str | None, str]]:
        """(path, code) of every notice in the JSON report."""
        return {(n["path"], n["code"]) for n in self.report["notices"]}


def checked(code: int, stdout: str, stderr: str) -> Outcome:
    """The outcome of a run, after the checks every hostile case makes."""
    output = stdout + stderr
    assert "Traceback" not in output, output[-2000:]
    assert code in (0, 1, 2), f"exit {code}: {stderr[-2000:]}"
    if code == 2:
        lines = stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("bharosa: error: "), stderr
    for value in CUSTOMER_EMAILS:
        assert value not in output and value.split("@")[0] not in output, "raw value printed"
    return Outcome(code, stdout, stderr)


def bharosa(
    *args: str,
    cwd: Path,
    timeout: float = HANG_GUARD,
    preexec_fn: Callable[[], object] | None = None,
) -> Outcome:
    """Run `bharosa ARGS` in `cwd` as a subprocess, bounded by `timeout`, and check it."""
    completed = run_bharosa(args, cwd, timeout, preexec_fn)
    return checked(completed.returncode, completed.stdout, completed.stderr)


def start_bharosa(*args: str, cwd: Path) -> subprocess.Popen[str]:
    """Start `bharosa ARGS` without waiting, for cases that act while it runs."""
    return subprocess.Popen(
        [sys.executable, "-m", "bharosa", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str]) -> Outcome:
    """Wait for a started run within the hang guard (killing it past that) and check it."""
    try:
        stdout, stderr = process.communicate(timeout=HANG_GUARD)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise
    return checked(process.returncode, stdout, stderr)


def drop_permission_override() -> None:
    """Run in a child before exec: root loses its power to read any file whatever its mode
    (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so mode 000 stops it as it stops any user."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


@pytest.fixture
def without_permission_override(tmp_path: Path) -> Callable[[], None]:
    """`drop_permission_override`, once it is shown to work here: a child run with it cannot
    read a file of mode 000 (else the case is skipped, saying why)."""
    probe = tmp_path / "probe.txt"
    probe.write_text("x")
    probe.chmod(0)
    try:
        opened = subprocess.run(
            [sys.executable, "-c", f"open({str(probe)!r}).read()"],
            capture_output=True,
            preexec_fn=drop_permission_override,
            check=False,
        )
    except subprocess.SubprocessError:
        opened = None
    finally:
        probe.chmod(0o644)
    if opened is None or opened.returncode == 0:
        pytest.skip("cannot make a file unreadable here (root without CAP_SETPCAP)")
    return drop_permission_override
