"""Reading git history from hostile, damaged and unusual repositories."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from bharosa.sources.decoding import changed_region, novel_spans, region_document
from bharosa.sources.git_history import list_introduced_blobs, read_blobs
from tests.conftest import git, make_repo, run_cli

EMAIL = "farah.khan@indigoweaves.in"
OTHER = "vikram.rao@tealpottery.co.in"


def _commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def _history(repo: Path, *args: str) -> tuple[int, dict[str, object], str]:
    result = run_cli(["history", str(repo), "--format", "json", *args])
    assert result.code in (0, 1), result.output
    return result.code, json.loads(result.stdout), result.stderr


def _notice_codes(report: dict[str, object]) -> set[str]:
    notices = report["notices"]
    assert isinstance(notices, list)
    return {n["code"] for n in notices}


def booby_trapped_history(tmp_path: Path, staged: str | None = None) -> tuple[Path, Path]:
    """A repository whose config and attributes name a marker-writing command everywhere
    git could run one: fsmonitor, hooks, pager, textconv, external diff, filters."""
    marker = tmp_path / "MARKER"
    script = tmp_path / "trap.sh"
    script.write_text(f"#!/bin/sh\ntouch {marker}\ncat\n")
    script.chmod(0o755)
    repo = make_repo(tmp_path / "repo", {"a.txt": f"{EMAIL}\n", "b.txt": "x\n"})
    (repo / "a.txt").write_text(f"{EMAIL}\n{OTHER}\n")
    _commit(repo, "second")
    (repo / ".gitattributes").write_text("* diff=trap filter=trap\n")
    _commit(repo, "attributes")
    if staged is not None:
        (repo / "c.txt").write_text(staged)
        git(repo, "add", "c.txt")
    for key in (
        "core.fsmonitor",
        "core.pager",
        "diff.external",
        "diff.trap.textconv",
        "diff.trap.command",
        "filter.trap.clean",
        "filter.trap.smudge",
        "filter.trap.process",
        "core.sshCommand",
    ):
        git(repo, "config", key, str(script))
    git(repo, "config", "filter.trap.required", "true")
    hooks = repo / ".git" / "hooks"
    for hook in ("post-checkout", "post-index-change", "reference-transaction", "pre-commit"):
        (hooks / hook).write_text(f"#!/bin/sh\ntouch {marker}\n")
        (hooks / hook).chmod(0o755)
    return repo, marker


def test_plain_git_would_spring_the_trap(tmp_path: Path) -> None:
    repo, marker = booby_trapped_history(tmp_path)
    subprocess.run(["git", "log", "-p", "--all"], cwd=repo, capture_output=True, check=False)
    assert marker.exists(), "the trap does not work, so the next tests prove nothing"


def test_history_runs_nothing_the_repository_configures(tmp_path: Path) -> None:
    repo, marker = booby_trapped_history(tmp_path)
    code, report, _ = _history(repo)
    assert code == 1
    assert len(report["findings"]) == 2  # type: ignore[arg-type]
    assert not marker.exists()


def test_staged_scan_runs_nothing_the_repository_configures(tmp_path: Path) -> None:
    repo, marker = booby_trapped_history(tmp_path, staged=f"{OTHER}\n")
    result = run_cli(["scan", "--staged", str(repo)])
    assert result.code == 1, result.output
    assert not marker.exists()


def test_shallow_clone_is_scanned_as_far_as_it_goes_with_a_notice(tmp_path: Path) -> None:
    source = make_repo(tmp_path / "source", {"a.txt": f"{EMAIL}\n"})
    (source / "b.txt").write_text(f"{OTHER}\n")
    _commit(source, "second")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{source}", str(clone))
    code, report, _ = _history(clone)
    assert code == 1
    assert "shallow" in _notice_codes(report)
    assert len(report["findings"]) == 2  # type: ignore[arg-type]


def test_submodules_are_noticed_not_followed(tmp_path: Path) -> None:
    inner = make_repo(tmp_path / "inner", {"secret.txt": f"{EMAIL}\n"})
    outer = make_repo(tmp_path / "outer", {"a.txt": "nothing\n"})
    git(outer, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(inner), "inner")
    _commit(outer, "add submodule")
    code, report, _ = _history(outer)
    assert code == 0
    assert "submodule" in _notice_codes(report)


def test_lfs_pointers_are_noticed(tmp_path: Path) -> None:
    pointer = (
        "version https://git-lfs.github.com/spec/v1\n"
        "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n"
        "size 12345\n"
    )
    repo = make_repo(tmp_path / "r", {"data/customers.csv": pointer})
    code, report, _ = _history(repo)
    assert code == 0
    assert "lfs-pointer" in _notice_codes(report)


def _loose_object(repo: Path, sha: str) -> Path:
    return repo / ".git" / "objects" / sha[:2] / sha[2:]


def test_missing_and_corrupt_blobs_are_noticed_and_the_rest_is_scanned(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path / "r",
        {"gone.txt": f"{EMAIL} 1\n", "broken.txt": f"{EMAIL} 2\n", "fine.txt": f"{OTHER}\n"},
    )
    gone = git(repo, "rev-parse", "HEAD:gone.txt").strip()
    broken = git(repo, "rev-parse", "HEAD:broken.txt").strip()
    _loose_object(repo, gone).unlink()
    target = _loose_object(repo, broken)
    target.chmod(0o644)
    target.write_bytes(b"x\x9c this is not a zlib stream")
    code, report, _ = _history(repo)
    assert code == 1
    (finding,) = report["findings"]  # type: ignore[misc]
    assert finding["path"] == "fine.txt"
    messages = " ".join(n["message"] for n in report["notices"])  # type: ignore[attr-defined]
    assert "gone.txt" in messages and "broken.txt" in messages


def test_read_blobs_carries_on_after_git_dies_on_a_corrupt_object(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", {"a.txt": "one\n", "b.txt": "two\n", "c.txt": "three\n"})
    shas = [git(repo, "rev-parse", f"HEAD:{n}").strip() for n in ("a.txt", "b.txt", "c.txt")]
    target = _loose_object(repo, shas[1])
    target.chmod(0o644)
    target.write_bytes(b"garbage")
    blobs = list(read_blobs(repo, shas, 1 << 20))
    assert [b.sha for b in blobs] == shas
    assert blobs[0].data == b"one\n" and blobs[2].data == b"three\n"
    assert blobs[1].data is None and blobs[1].problem


def test_oversized_blobs_are_skipped_with_a_reason(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", {"big.txt": "a" * 5000, "small.txt": "b"})
    shas = [git(repo, "rev-parse", f"HEAD:{n}").strip() for n in ("big.txt", "small.txt")]
    big, small = read_blobs(repo, shas, 1000)
    assert big.data is None and "larger than" in (big.problem or "")
    assert small.data == b"b"


def test_paths_with_newlines_spaces_and_odd_bytes_survive(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r")
    names = ["with space.txt", "new\nline.txt", "caf\u00e9.txt"]
    for number, name in enumerate(names):
        (repo / name).write_text(f"{EMAIL} {number}\n")
    (repo / os.fsdecode(b"raw\xffbyte.txt")).write_text(f"{OTHER}\n")
    _commit(repo, "odd names")
    listing = list_introduced_blobs(repo, ["--all"])
    paths = {b.path for b in listing.blobs}
    assert set(names) <= paths
    assert os.fsdecode(b"raw\xffbyte.txt") in paths
    result = run_cli(["history", str(repo)])
    assert result.code == 1
    assert "raw\\xffbyte.txt" in result.stdout


def test_changed_region_is_what_differs() -> None:
    old = b"line one\nline two\nline three\n"
    new = b"line one\nline 2\nline three\n"
    start, end = changed_region(old, new) or (0, 0)
    assert new[start:end] == b"2"
    assert changed_region(new, new) is None
    assert changed_region(b"a\nb\n", b"a\n") is None
    big_old = b"x" * 100_000 + b"\nsame tail\n"
    big_new = b"x" * 100_000 + b"\nnew line\nsame tail\n"
    start, end = changed_region(big_old, big_new) or (0, 0)
    assert b"new line" in big_new[start:end]
    assert end - start < 20


def test_region_document_reports_only_the_changed_lines_with_context() -> None:
    data = b"".join(f"line {i}\n".encode() for i in range(1, 21))
    start = data.index(b"line 10")
    document = region_document("f.txt", data, start + 5, start + 7)
    low, high = document.window_span
    assert document.data[low:high] == b"line 10"
    assert document.first_line == 8
    assert document.data.startswith(b"line 8\n")


def test_region_inside_a_key_block_widens_to_the_whole_block() -> None:
    body = "".join(f"QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo{i}\n" for i in range(10))
    data = f"a\n-----BEGIN RSA PRIVATE KEY-----\n{body}-----END RSA PRIVATE KEY-----\nz\n"
    raw = data.encode()
    inside = raw.index(b"WVo5")
    document = region_document("k.pem", raw, inside, inside + 2)
    low, high = document.window_span
    assert document.data[low:high].startswith(b"-----BEGIN")
    assert document.data[low:high].endswith(b"-----END RSA PRIVATE KEY-----")


def _lines(count: int, prefix: str = "line") -> bytes:
    return "".join(f"{prefix} number {i} of the file\n" for i in range(count)).encode()


def test_novel_spans_narrow_a_large_region_to_its_new_lines() -> None:
    old = b"head\n" + _lines(3000) + b"tail\n"
    body = _lines(3000).splitlines(keepends=True)
    new = b"HEAD\n" + b"".join(body[:1500]) + b"a brand new line here\n"
    new += b"".join(body[1600:]) + b"TAIL\n"
    region = changed_region(old, new)
    assert region is not None and region[1] - region[0] > 32 * 1024
    pieces = [new[a:b] for a, b in novel_spans(old, new, region)]
    assert b"a brand new line here" in b"".join(pieces)
    assert sum(map(len, pieces)) < 200
    assert all(b"number" not in p for p in pieces)


def test_novel_spans_with_many_new_lines_and_repeats() -> None:
    old = _lines(2000)
    new = b"x\n" + _lines(1000, "moved") + _lines(2000) + b"y\n" + _lines(3, "moved")
    region = changed_region(old, new)
    assert region is not None
    spans = novel_spans(old, new, region)
    text = b"|".join(new[a:b] for a, b in spans)
    assert text.count(b"moved number 0 of") == 2
    assert b"line number" not in text
    assert novel_spans(old, old + b"", (0, len(old))) == []
