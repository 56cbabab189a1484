"""Reading git history: submodules and LFS pointers, blobs git cannot read or that are too
large, and what a new version of a file changed."""

from __future__ import annotations

import io
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bharosa.sources import git_history
from bharosa.sources.decoding import region_document
from bharosa.sources.git_command import git_environment
from bharosa.sources.git_history import BlobReader, read_blobs
from bharosa.sources.novel_lines import changed_region, novel_spans
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


def _git_pid(reader: BlobReader) -> int:
    process = reader._process
    assert process is not None
    return process.pid


def test_a_blob_reader_serves_call_after_call_with_one_git(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", {"a.txt": "one\n", "b.txt": "two\n", "c.txt": "three\n"})
    a, b, c = (git(repo, "rev-parse", f"HEAD:{n}").strip() for n in ("a.txt", "b.txt", "c.txt"))
    with BlobReader(repo, 1 << 20) as reader:
        assert [blob.data for blob in reader.read([a, b])] == [b"one\n", b"two\n"]
        first = _git_pid(reader)
        assert [blob.data for blob in reader.read([c, a])] == [b"three\n", b"one\n"]
        assert _git_pid(reader) == first
        assert [blob.data for blob in reader.read([])] == []
    assert reader._process is None


def test_a_read_left_early_does_not_hand_its_rest_to_the_next(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", {"a.txt": "one\n", "b.txt": "two\n", "c.txt": "three\n"})
    a, b, c = (git(repo, "rev-parse", f"HEAD:{n}").strip() for n in ("a.txt", "b.txt", "c.txt"))
    with BlobReader(repo, 1 << 20) as reader:
        blobs = reader.read([a, b, c])
        assert next(blobs).data == b"one\n"
        blobs.close()
        # git still held b and c's answers: the next read must not get them.
        assert [blob.data for blob in reader.read([c])] == [b"three\n"]


def test_a_blob_reader_carries_on_after_a_corrupt_object(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", {"a.txt": "one\n", "b.txt": "two\n", "c.txt": "three\n"})
    a, b, c = (git(repo, "rev-parse", f"HEAD:{n}").strip() for n in ("a.txt", "b.txt", "c.txt"))
    target = _loose_object(repo, b)
    target.chmod(0o644)
    target.write_bytes(b"garbage")
    with BlobReader(repo, 1 << 20) as reader:
        assert [blob.data for blob in reader.read([a, b])] == [b"one\n", None]
        assert [blob.data for blob in reader.read([c, b, a])] == [b"three\n", None, b"one\n"]


def test_a_history_log_left_unread_stops_its_git(tmp_path: Path) -> None:
    # A history command that fails after starting the log (a malformed config) leaves no
    # git running or unreaped.
    repo = make_repo(tmp_path / "r", {"a.txt": "one\n"})
    with git_history.HistoryLog(repo, ["--all"]) as log:
        process = log._process
    assert process.returncode is not None  # waited for, not left a zombie
    with git_history.HistoryLog(repo, ["--all"]) as log:
        assert log.read().commits == 1


def test_oversized_blobs_are_skipped_with_a_reason(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", {"big.txt": "a" * 5000, "small.txt": "b"})
    shas = [git(repo, "rev-parse", f"HEAD:{n}").strip() for n in ("big.txt", "small.txt")]
    big, small = read_blobs(repo, shas, 1000)
    assert big.data is None and "larger than" in (big.problem or "")
    assert small.data == b"b"


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


class _Pipe(io.BytesIO):
    """A pipe's reader: read1 returns up to `n` bytes at a time."""

    def read1(self, size: int = -1) -> bytes:
        return self.read(size)


@given(
    st.lists(st.binary(max_size=40).map(lambda b: b.replace(b"\x01", b"")), max_size=8),
    st.sampled_from([1, 2, 3, 7, 64, 1 << 20]),
)
def test_log_records_come_whole_whatever_the_block_size(records: list[bytes], block: int) -> None:
    output = b"".join(b"\x01" + record for record in records)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(git_history, "_READ_BLOCK", block)
        assert list(git_history._records(_Pipe(output))) == output.split(b"\x01")


def test_blob_sizes_are_answered_in_the_order_asked_while_a_listing_streams(
    tmp_path: Path,
) -> None:
    repo = make_repo(tmp_path / "repo", {"a.txt": "a" * 10, "b.txt": "b" * 2000})
    git(repo, "rm", "-q", "a.txt")
    (repo / "c.txt").write_text("c" * 70_000)
    _commit(repo, "more")
    with git_history.BlobSizes(repo) as sizer, git_history.HistoryLog(repo, ["--all"]) as log:
        listing = log.read(sizer.ask)
        sizes = sizer.sizes()
    assert [(b.path, size) for b, size in zip(listing.blobs, sizes, strict=True)] == [
        ("a.txt", 10),
        ("b.txt", 2000),
        ("c.txt", 70_000),
    ]
    with git_history.BlobSizes(repo) as sizer:
        for sha in [listing.blobs[2].sha, "f" * 40, listing.blobs[0].sha]:
            sizer.ask(sha)
        assert sizer.sizes() == [70_000, 0, 10]  # a blob git cannot find is size 0
    with git_history.BlobSizes(repo) as sizer:
        # Several batches' worth (ids go to git a batch at a time), the last one partial.
        asked = [listing.blobs[n % 3].sha for n in range(2 * 1024 + 5)]
        for sha in asked:
            sizer.ask(sha)
        assert sizer.sizes() == [[10, 2000, 70_000][n % 3] for n in range(len(asked))]
    with git_history.BlobSizes(repo) as sizer:
        assert sizer.sizes() == []  # nothing asked: git never started
    with git_history.BlobSizes(tmp_path / "not-a-repo") as sizer:
        sizer.ask(listing.blobs[0].sha)
        assert sizer.sizes() == [0]  # git could not answer: all zeros


def test_a_line_moved_past_a_long_shared_block_is_novel_again() -> None:
    # The two versions share a long block of lines; the stretches either side of it are
    # compared on their own, so a line moved from one side to the other is scanned again
    # (its findings keep their first commit: fingerprints do not hold lines).
    body = _lines(2000)
    moved = b"contact: the line that moves"
    old = moved + b"\n" + body
    new = body + moved + b"\n"
    region = changed_region(old, new)
    assert region is not None
    assert [new[a:b] for a, b in novel_spans(old, new, region)] == [moved]


def test_blob_reading_git_keeps_inflated_blobs_on_its_heap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(tmp_path / "repo", {"a.txt": "a\n"})
    sha = git(repo, "rev-parse", "HEAD:a.txt").strip()
    started: list[dict[str, str]] = []
    popen = subprocess.Popen

    def recording_popen(*args: Any, **kwargs: Any) -> Any:
        started.append(kwargs["env"])
        return popen(*args, **kwargs)

    monkeypatch.setattr(git_history.subprocess, "Popen", recording_popen)
    assert [blob.data for blob in read_blobs(repo, [sha], 1 << 20)] == [b"a\n"]
    assert "glibc.malloc.trim_threshold=" in started[-1]["GLIBC_TUNABLES"]
    # Other git calls are left as they were; a user's own tunables are theirs to keep.
    assert git_environment().get("GLIBC_TUNABLES") == os.environ.get("GLIBC_TUNABLES")
    user = {**git_environment(), "GLIBC_TUNABLES": "glibc.malloc.arena_max=2"}
    monkeypatch.setattr(git_history, "git_environment", lambda: user)
    assert [blob.data for blob in read_blobs(repo, [sha], 1 << 20)] == [b"a\n"]
    assert started[-1]["GLIBC_TUNABLES"] == "glibc.malloc.arena_max=2"
