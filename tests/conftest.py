"""Shared test helpers: real git repositories in a temp dir and the CLI run in-process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from bharosa.cli import main

_TEST_CACHE = Path(tempfile.mkdtemp(prefix="bharosa-test-cache-"))


def pytest_configure(config: pytest.Config) -> None:
    """Every test run, and every bharosa it starts, keeps its start-up cache (parsed rule
    packs, secrets gates) in a directory of its own, not in the user's."""
    os.environ["XDG_CACHE_HOME"] = str(_TEST_CACHE)


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_TEST_CACHE, ignore_errors=True)


REPO_ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_REPO = REPO_ROOT / "examples" / "leaky-repo"

# Invented customer addresses at realistic, invented domains (reserved domains are negatives).
CUSTOMER_EMAILS = (
    "priya.sharma@kavyatextiles.in",
    "rahul.verma84@sunridgelogistics.co.in",
    "m.okafor@brightwaterfoods.com",
)


@dataclass(frozen=True)
class CliResult:
    """What a run of `bharosa` printed and how it exited."""

    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_cli(args: Sequence[str], env: dict[str, str] | None = None) -> CliResult:
    """Run `bharosa ARGS` in-process through the real entry point (exit-code mapping included)."""
    runner = CliRunner()
    with runner.isolation(env=env) as (stdout, stderr, _):
        try:
            main(list(args))
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else 1
    return CliResult(code, stdout.getvalue().decode("utf-8", "replace"), stderr.getvalue().decode())


def run_bharosa(
    args: Sequence[str],
    cwd: Path,
    timeout: float = 60,
    preexec_fn: Callable[[], object] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run bharosa as a real subprocess (as a hook or CI would); `preexec_fn` runs in the
    child before bharosa starts."""
    return subprocess.run(
        [sys.executable, "-m", "bharosa", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        preexec_fn=preexec_fn,
    )


def git(cwd: Path, *args: str) -> str:
    """Run the real git in `cwd` with a fixed identity and dates, return stdout."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test Author",
        "GIT_AUTHOR_EMAIL": "author@example.com",
        "GIT_COMMITTER_NAME": "Test Author",
        "GIT_COMMITTER_EMAIL": "author@example.com",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    completed = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return completed.stdout


def make_repo(path: Path, files: dict[str, str | bytes] | None = None, commit: bool = True) -> Path:
    """A real git repository at `path` holding `files`, committed unless `commit` is False."""
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    for name, content in (files or {}).items():
        target = path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    if files and commit:
        git(path, "add", "-A")
        git(path, "commit", "-q", "-m", "initial")
    return path


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """An empty directory outside any git repository."""
    root = tmp_path / "tree"
    root.mkdir()
    return root
