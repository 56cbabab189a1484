"""git is run so that the scanned repository can execute nothing."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from bharosa.sources.git_command import GitError, git_toplevel, run_git
from tests.conftest import git, make_repo, run_cli


def booby_trapped_repo(tmp_path: Path) -> tuple[Path, Path]:
    """A repository whose config runs a marker-writing script from fsmonitor and a hook."""
    repo = make_repo(tmp_path / "repo", {"a.txt": "anu@kavyatextiles.in\n"})
    marker = tmp_path / "MARKER"
    script = tmp_path / "trap.sh"
    script.write_text(f"#!/bin/sh\ntouch {marker}\necho\n")
    script.chmod(0o755)
    git(repo, "config", "core.fsmonitor", str(script))
    git(repo, "config", "core.pager", str(script))
    hooks = repo / ".git" / "hooks"
    for hook in ("post-checkout", "post-index-change", "reference-transaction"):
        (hooks / hook).write_text(f"#!/bin/sh\ntouch {marker}\n")
        (hooks / hook).chmod(0o755)
    return repo, marker


def test_plain_git_would_run_the_trap(tmp_path: Path) -> None:
    repo, marker = booby_trapped_repo(tmp_path)
    subprocess.run(
        ["git", "ls-files", "--others", "--cached"], cwd=repo, capture_output=True, check=True
    )
    assert marker.exists(), "the trap does not work, so the next test proves nothing"


def test_a_scan_runs_nothing_the_repository_configures(tmp_path: Path) -> None:
    repo, marker = booby_trapped_repo(tmp_path)
    result = run_cli(["scan", str(repo)])
    assert result.code == 1
    assert not marker.exists()


def test_errors_carry_gits_complaint(tmp_path: Path) -> None:
    with pytest.raises(GitError) as caught:
        run_git(["rev-parse", "--verify", "no-such-ref"], make_repo(tmp_path / "r"))
    assert caught.value.message.startswith("fatal:")
    assert caught.value.returncode != 0


def test_toplevel(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", {"sub/a.txt": "a"})
    assert git_toplevel(repo / "sub") == repo
    outside = tmp_path / "plain"
    outside.mkdir()
    assert git_toplevel(outside) is None
