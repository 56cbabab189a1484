"""Running git: a failed call carries git's own complaint; the top of a work tree is found."""

from __future__ import annotations

from pathlib import Path

import pytest

from bharosa.sources.git_command import GitError, git_toplevel, run_git
from tests.conftest import make_repo


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
