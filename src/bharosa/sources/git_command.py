"""Running `git` so that the repository being scanned can never execute anything.

A scanned repository is untrusted: its config may name an fsmonitor, hooks, a pager,
diff or textconv drivers, or clean/smudge filters. Every git call goes through here
with those switched off, no terminal prompts, no lazy fetches, and no optional locks.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from bharosa.errors import BharosaError

# `-c` settings override whatever the repository's own config says.
_HARDENING = (
    "-c",
    "core.fsmonitor=false",
    "-c",
    f"core.hooksPath={os.devnull}",
    "-c",
    "core.pager=cat",
    "-c",
    "core.untrackedCache=false",
    "-c",
    "diff.external=",
    "-c",
    "protocol.allow=never",
    "--no-pager",
)
_DUBIOUS_OWNERSHIP = "dubious ownership"


class GitError(BharosaError):
    """A git command failed; `message` is git's own first line of complaint."""

    def __init__(self, message: str, returncode: int) -> None:
        super().__init__(message)
        self.message = message
        self.returncode = returncode


class UnsafeRepositoryError(BharosaError):
    """git refuses a repository owned by another user (common in CI containers)."""


@cache
def git_environment() -> dict[str, str]:
    """The environment for git: no prompts, pagers, lazy fetches, locks or local overrides."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("GIT_") or key in ("GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM")
    }
    env.update(
        GIT_TERMINAL_PROMPT="0",
        GIT_PAGER="cat",
        PAGER="cat",
        GIT_NO_LAZY_FETCH="1",
        GIT_OPTIONAL_LOCKS="0",
        # Replace refs could show the scanner other contents than the objects hold.
        GIT_NO_REPLACE_OBJECTS="1",
        GIT_ASKPASS="",
        SSH_ASKPASS="",
        LC_ALL="C",
    )
    return env


def git_command(args: Sequence[str]) -> list[str]:
    """The full argument list for a hardened git call."""
    return ["git", *_HARDENING, *args]


def run_git(args: Sequence[str], cwd: Path, *, check: bool = True) -> bytes:
    """Run a hardened git command in `cwd` and return its standard output."""
    completed = run_git_completed(args, cwd)
    if check and completed.returncode != 0:
        raise error_from_stderr(completed.stderr, completed.returncode, cwd)
    return completed.stdout


def run_git_completed(args: Sequence[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """Run a hardened git command and return all of it, for callers that keep the output
    of a command that failed part-way."""
    try:
        return subprocess.run(
            git_command(args),
            cwd=cwd,
            env=git_environment(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            check=False,
        )
    except FileNotFoundError:
        if not Path(cwd).is_dir():
            raise GitError("no such directory", 2) from None
        raise GitError("git is not installed or not on PATH", 127) from None


def error_from_stderr(stderr: bytes, returncode: int, cwd: Path) -> Exception:
    """The error for a failed git call: a clear one for `safe.directory`, else git's own line."""
    text = stderr.decode("utf-8", "replace")
    if _DUBIOUS_OWNERSHIP in text:
        return UnsafeRepositoryError(
            f"{cwd}: git refuses this repository because another user owns it; "
            f"if you trust it, run: git config --global --add safe.directory {cwd}"
        )
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    first = next((line for line in lines if line.startswith(("fatal:", "error:"))), None)
    return GitError(first or (lines[0] if lines else f"git exited with {returncode}"), returncode)


def git_toplevel(path: Path) -> Path | None:
    """The top directory of the work tree that contains `path`, or None outside any."""
    try:
        out = run_git(["rev-parse", "--show-toplevel"], path)
    except GitError:
        return None
    return Path(os.fsdecode(out.rstrip(b"\n")))
