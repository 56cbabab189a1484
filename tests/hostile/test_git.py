"""Hostile and damaged repositories: config that would run programs, missing and corrupt
objects, a damaged index, a shallow clone. Each is a real repository built with real git."""

from __future__ import annotations

import os
import pty
import subprocess
from pathlib import Path

import pytest

from tests.conftest import git, make_repo
from tests.hostile.conftest import OKAFOR, PRIYA, RAHUL, bharosa

# Every place a repository's config or attributes can name a program git would run, and a
# plain git command that runs it.
TRAPS = {
    "fsmonitor": ["status"],
    "hook": ["checkout", "-q", "-b", "feature"],
    "textconv": ["log", "-p", "-1"],
    "external-diff": ["diff", "HEAD~1"],
    "filter": ["checkout", "-q", "HEAD~1", "--", "a.txt"],
    "pager": ["log", "-1"],
    "ssh": ["ls-remote", "ssh://git.kavyatextiles.in/shop.git"],
}


def trapped_repository(tmp_path: Path, staged: str | None = None) -> tuple[Path, Path]:
    """A repository whose config, attributes and hooks name a marker-writing program
    everywhere git could run one (one program per trap, each writing `MARKER-<trap>`).
    Returns the repository and the directory the markers would appear in."""
    markers = tmp_path / "markers"
    markers.mkdir()

    def program(trap: str) -> str:
        script = tmp_path / f"{trap}.sh"
        script.write_text(f'#!/bin/sh\ntouch {markers}/MARKER-{trap}\nexec cat "$@"\n')
        script.chmod(0o755)
        return str(script)

    repo = make_repo(tmp_path / "repo", {"a.txt": f"{PRIYA}\n", "b.txt": "x\n"})
    (repo / "a.txt").write_text(f"{PRIYA}\n{RAHUL}\n")
    (repo / ".gitattributes").write_text("* diff=trap filter=trap\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "second")
    if staged is not None:
        (repo / "c.txt").write_text(staged)
        git(repo, "add", "c.txt")
    for key, trap in (
        ("core.fsmonitor", "fsmonitor"),
        ("core.pager", "pager"),
        ("diff.external", "external-diff"),
        ("diff.trap.textconv", "textconv"),
        ("filter.trap.clean", "filter"),
        ("filter.trap.smudge", "filter"),
        ("core.sshCommand", "ssh"),
    ):
        git(repo, "config", key, program(trap))
    git(repo, "config", "filter.trap.required", "true")
    hook = program("hook")
    for name in ("post-checkout", "post-index-change", "reference-transaction", "pre-commit"):
        (repo / ".git" / "hooks" / name).symlink_to(hook)
    return repo, markers


def _plain_git(repo: Path, args: list[str]) -> None:
    """Run git as a user would, on a terminal (so a pager runs), without pager overrides."""
    env = {k: v for k, v in os.environ.items() if k not in ("GIT_PAGER", "PAGER")}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    leader, follower = pty.openpty()
    try:
        subprocess.run(
            ["git", *args],
            cwd=repo,
            env=env,
            stdin=follower,
            stdout=follower,
            stderr=follower,
            timeout=30,
            check=False,
        )
    finally:
        os.close(follower)
        os.close(leader)


@pytest.mark.parametrize("trap", list(TRAPS))
def test_plain_git_springs_each_trap(tmp_path: Path, trap: str) -> None:
    """The control: plain git runs each trap (so the next test can fail)."""
    repo, markers = trapped_repository(tmp_path)
    _plain_git(repo, TRAPS[trap])
    assert (markers / f"MARKER-{trap}").exists()


def test_no_scan_runs_anything_the_repository_configures(tmp_path: Path) -> None:
    """`scan`, `scan --staged`, `history` and `history --range` on the trapped repository
    find its values and run none of its fsmonitor, hooks, pager, textconv, external diff,
    filters or ssh command: no marker appears."""
    repo, markers = trapped_repository(tmp_path, staged=f"{OKAFOR}\n")
    base = git(repo, "rev-parse", "HEAD~1").strip()
    for args in (
        ["scan", str(repo)],
        ["scan", "--staged", str(repo)],
        ["history", str(repo)],
        ["history", str(repo), "--range", f"{base}..HEAD"],
    ):
        assert bharosa(*args, cwd=repo).code == 1, args
    assert sorted(markers.iterdir()) == []


def _loose_object(repo: Path, sha: str) -> Path:
    return repo / ".git" / "objects" / sha[:2] / sha[2:]


def test_missing_and_corrupt_loose_objects_are_noticed_and_the_rest_is_scanned(
    tmp_path: Path,
) -> None:
    """A blob deleted from the object store and one overwritten with garbage: each is named
    in a notice, and every other blob of the history is still scanned."""
    repo = make_repo(
        tmp_path / "r",
        {"gone.txt": f"{PRIYA} 1\n", "broken.txt": f"{PRIYA} 2\n", "fine.txt": f"{RAHUL}\n"},
    )
    gone = git(repo, "rev-parse", "HEAD:gone.txt").strip()
    broken = git(repo, "rev-parse", "HEAD:broken.txt").strip()
    _loose_object(repo, gone).unlink()
    target = _loose_object(repo, broken)
    target.chmod(0o644)
    target.write_bytes(b"x\x9c this is not a zlib stream")
    outcome = bharosa("history", str(repo), "--format", "json", cwd=repo)
    assert outcome.code == 1
    assert outcome.found() == {("fine.txt", 1)}
    messages = " ".join(n["message"] for n in outcome.report["notices"])
    assert "gone.txt" in messages and "broken.txt" in messages


def test_a_corrupt_object_in_a_pack_is_noticed_and_the_rest_is_scanned(tmp_path: Path) -> None:
    """An object whose compressed bytes inside a pack file are damaged: git dies reading it,
    bharosa names it in a notice and reads every other blob with a new git process."""
    repo = make_repo(tmp_path / "r", {"a.txt": f"{PRIYA}\n", "b.txt": f"{RAHUL}\n"})
    (repo / "c.txt").write_text(f"{OKAFOR}\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "more")
    git(repo, "gc", "-q")
    broken = git(repo, "rev-parse", "HEAD:b.txt").strip()
    (index,) = (repo / ".git" / "objects" / "pack").glob("*.idx")
    with index.open("rb") as handle:
        listed = subprocess.run(
            ["git", "show-index"], stdin=handle, capture_output=True, text=True, check=True
        ).stdout
    offset = next(int(line.split()[0]) for line in listed.splitlines() if broken in line)
    pack = index.with_suffix(".pack")
    pack.chmod(0o644)
    data = bytearray(pack.read_bytes())
    data[offset + 4 : offset + 12] = b"\xff" * 8
    pack.write_bytes(bytes(data))
    outcome = bharosa("history", str(repo), "--format", "json", cwd=repo)
    assert outcome.code == 1
    assert outcome.found() == {("a.txt", 1), ("c.txt", 1)}
    assert any("b.txt" in n["message"] for n in outcome.report["notices"])


def test_a_missing_tree_stops_history_with_one_line_naming_it(tmp_path: Path) -> None:
    """A tree object missing from the repository (a damaged or partial clone): git cannot
    walk the history, so the run stops with exit 2 and one line naming the tree and the
    way to find what else is missing. (A missing blob is only a notice: see above.)"""
    repo = make_repo(tmp_path / "r", {"a.txt": f"{PRIYA}\n", "sub/b.txt": "x\n"})
    tree = git(repo, "rev-parse", "HEAD:sub").strip()
    _loose_object(repo, tree).unlink()
    outcome = bharosa("history", str(repo), "--format", "json", cwd=repo)
    assert outcome.code == 2
    assert tree in outcome.stderr
    assert "git fsck" in outcome.stderr


def test_a_damaged_index_still_lets_the_work_tree_be_scanned(tmp_path: Path) -> None:
    """An index git cannot read: a scan of the work tree walks the files on disk instead
    (with a notice saying so) and finds the values; `scan --staged`, which reads only the
    index, stops with one line naming the problem."""
    repo = make_repo(tmp_path / "r", {"a.txt": f"{PRIYA}\n"})
    index = repo / ".git" / "index"
    index.write_bytes(index.read_bytes()[:20])
    outcome = bharosa("scan", str(repo), "--format", "json", cwd=repo)
    assert outcome.code == 1
    assert outcome.found() == {("a.txt", 1)}
    assert (None, "git-failed") in outcome.notices()
    staged = bharosa("scan", "--staged", str(repo), cwd=repo)
    assert staged.code == 2
    assert "index" in staged.stderr


def test_a_shallow_clone_is_scanned_as_far_as_it_goes_with_a_notice(tmp_path: Path) -> None:
    """A clone of depth 1 is scanned as far as its history goes, with a `shallow` notice
    saying the earlier commits are not there."""
    source = make_repo(tmp_path / "source", {"a.txt": f"{PRIYA}\n"})
    (source / "b.txt").write_text(f"{RAHUL}\n")
    git(source, "add", "-A")
    git(source, "commit", "-q", "-m", "second")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{source}", str(clone))
    outcome = bharosa("history", str(clone), "--format", "json", cwd=clone)
    assert outcome.code == 1
    assert (None, "shallow") in outcome.notices()
    assert outcome.found() == {("a.txt", 1), ("b.txt", 1)}
