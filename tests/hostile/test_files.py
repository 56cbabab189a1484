"""Hostile files on disk: binary content, special files, links, lost permissions, files that
change or vanish while they are read, a 200 MB single line, and names no one should use."""

from __future__ import annotations

import json
import os
import socket
import stat
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bharosa.sources import worktree
from tests.conftest import git, make_repo, run_cli
from tests.hostile.conftest import (
    HANG_GUARD,
    OKAFOR,
    PRIYA,
    RAHUL,
    Outcome,
    bharosa,
    finish,
    start_bharosa,
)

# The mask of the value planted outside the scanned root, as every report shows it.
OKAFOR_MASK = "m***@b***.com"


def with_sibling(tree: Path) -> None:
    """A plain file with a planted value beside the hostile input: it must still be found."""
    (tree / "notes.txt").write_text(f"escalation contact: {RAHUL}\n")


def test_binary_content_behind_a_text_extension_is_skipped_with_a_notice(tree: Path) -> None:
    """Binary files named like text (an image, an executable, control bytes, a zip) are skipped
    with a `binary` notice each, even with a value inside, and the text beside them is read."""
    value = PRIYA.encode()
    binaries = {
        "logo.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01" + value,
        "tool.js": b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) + value,
        "dump.md": bytes(range(32)) * 20 + value,
        "bundle.py": b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + value,
    }
    for name, data in binaries.items():
        (tree / name).write_bytes(data)
    with_sibling(tree)
    outcome = bharosa("scan", str(tree), "--format", "json", cwd=tree)
    assert outcome.code == 1
    assert outcome.found() == {("notes.txt", 1)}
    assert {(name, "binary") for name in binaries} <= outcome.notices()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifos_sockets_and_devices_are_skipped_without_blocking(tree: Path) -> None:
    """A FIFO with no writer (as text and as a data file), a socket, a link to /dev/zero and,
    where the system allows one, a device node in the tree: none is opened for a blocking or
    endless read; each gets a notice and the rest of the tree is scanned."""
    os.mkfifo(tree / "pipe.txt")
    os.mkfifo(tree / "export.csv")
    (tree / "zero.txt").symlink_to("/dev/zero")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(tree / "agent.sock"))
    try:
        os.mknod(tree / "disk.txt", stat.S_IFCHR | 0o600, os.makedev(1, 5))  # /dev/zero
        expected = {("disk.txt", "special-file")}
    except OSError:
        expected = set()
    with_sibling(tree)
    try:
        outcome = bharosa("scan", str(tree), "--format", "json", cwd=tree)
        given = bharosa("scan", "/dev/zero", str(tree / "pipe.txt"), "--format", "json", cwd=tree)
    finally:
        server.close()
    assert outcome.code == 1
    assert outcome.found() == {("notes.txt", 1)}
    assert {
        ("pipe.txt", "special-file"),
        ("export.csv", "special-file"),
        ("zero.txt", "symlink"),
    } | expected <= outcome.notices()
    # Opening a socket fails (ENXIO) or shows it is no regular file: a notice either way.
    assert {("agent.sock", "special-file"), ("agent.sock", "unreadable")} & outcome.notices()
    messages = {n["path"]: n["message"] for n in given.report["notices"]}
    assert given.code == 0
    assert "device" in messages["/dev/zero"] and "FIFO" in messages["pipe.txt"]


def symlink_tree(root: Path, outside: Path) -> None:
    """Links to outside the root, to themselves and up their own tree, beside a plain file."""
    (root / "customers.txt").symlink_to(outside)
    (root / "loop").symlink_to(root / "loop")
    (root / "dir-loop").mkdir()
    (root / "dir-loop" / "up").symlink_to(root)
    (root / "etc").symlink_to("/etc")
    with_sibling(root)


@pytest.mark.parametrize("layout", ["plain", "git"])
def test_symlinks_are_never_followed(tmp_path: Path, layout: str) -> None:
    """Links out of the root, link loops and links up the tree, walked in a plain directory or
    listed by git: none is followed (the value outside the root is never read), each gets a
    `symlink` notice, and the scan ends."""
    outside = tmp_path / "outside.txt"
    outside.write_text(f"{OKAFOR}\n")
    root = make_repo(tmp_path / "root") if layout == "git" else tmp_path / "root"
    root.mkdir(exist_ok=True)
    symlink_tree(root, outside)
    if layout == "git":
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "links")
    outcome = bharosa("scan", str(root), "--format", "json", cwd=root)
    assert outcome.code == 1
    assert outcome.found() == {("notes.txt", 1)}
    assert OKAFOR_MASK not in outcome.stdout
    links = {"customers.txt", "loop", "dir-loop/up", "etc"}
    assert {(link, "symlink") for link in links} <= outcome.notices()
    given = bharosa("scan", str(root / "customers.txt"), str(root / "loop"), cwd=root)
    assert given.code == 0


@pytest.mark.parametrize("layout", ["plain", "git"])
def test_unreadable_files_and_directories_are_notices(
    tmp_path: Path, layout: str, without_permission_override: Callable[[], None]
) -> None:
    """Files and a directory the scanner may not read (mode 000; run without root's override,
    as a user would be) each get an `unreadable` notice, never a silent skip, in a plain
    directory and in a git work tree (where git itself only warns), and the rest is scanned."""
    root = make_repo(tmp_path / "repo") if layout == "git" else tmp_path / "tree"
    root.mkdir(exist_ok=True)
    (root / "locked.txt").write_text(f"{PRIYA}\n")
    (root / "locked.csv").write_text(f"id,email\n1,{PRIYA}\n")
    (root / "locked-dir").mkdir()
    (root / "locked-dir" / "inside.txt").write_text(f"{PRIYA}\n")
    with_sibling(root)
    locked = [root / "locked.txt", root / "locked.csv", root / "locked-dir"]
    for path in locked:
        path.chmod(0)
    try:
        outcome = bharosa(
            "scan", str(root), "--format", "json", cwd=root, preexec_fn=without_permission_override
        )
    finally:
        for path in locked:
            path.chmod(0o755)
    assert outcome.code == 1
    assert outcome.found() == {("notes.txt", 1)}
    assert {(p.name, "unreadable") for p in locked} <= outcome.notices()


def test_a_listed_file_that_is_gone_is_a_notice(tmp_path: Path) -> None:
    """A file git still lists (tracked) but that vanished from disk before it was read gets a
    `missing` notice; the other files are scanned."""
    repo = make_repo(tmp_path / "repo", {"gone.txt": f"{PRIYA}\n", "notes.txt": f"{RAHUL}\n"})
    (repo / "gone.txt").unlink()
    outcome = bharosa("scan", str(repo), "--format", "json", cwd=repo)
    assert outcome.code == 1
    assert outcome.found() == {("notes.txt", 1)}
    assert ("gone.txt", "missing") in outcome.notices()


def _is_open_in(pid: int, path: Path) -> bool:
    try:
        return any(fd.readlink() == path for fd in Path(f"/proc/{pid}/fd").iterdir())
    except OSError:  # the process ended, or one of its descriptors closed meanwhile
        return False


def scan_while_changing(tree: Path, log: Path, change: Callable[[], None]) -> Outcome:
    """Scan `tree`, calling `change` every 10 ms from the moment `log` is open until the
    scan ends (as a process writing a live log would)."""
    process = start_bharosa("scan", str(tree), "--format", "json", "-j", "1", cwd=tree)
    path = log.resolve()
    started = time.monotonic()
    while process.poll() is None and not _is_open_in(process.pid, path):
        if time.monotonic() - started > HANG_GUARD:
            break
        time.sleep(0.001)

    def keep_changing() -> None:
        while process.poll() is None and time.monotonic() - started < HANG_GUARD:
            change()
            time.sleep(0.01)

    changer = threading.Thread(target=keep_changing, daemon=True)
    changer.start()
    try:
        return finish(process)
    finally:
        changer.join()


# Over the 16 MiB read in one go: the file is streamed while it changes.
_LOG_LINES = (17 << 20) // len(b"GET /health 200 0.4 ms\n")


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to see the file open")
def test_a_file_that_keeps_growing_is_read_as_it_was_when_opened(tree: Path) -> None:
    """A live log growing faster than any scan can read (64 MiB every 10 ms, sparse) is read
    only as far as it was when opened: the scan ends, reports the value in what was there,
    and says the file grew."""
    log = tree / "service.log"
    log.write_bytes(f"owner {PRIYA}\n".encode() + b"GET /health 200 0.4 ms\n" * _LOG_LINES)
    with_sibling(tree)

    def grow() -> None:
        os.truncate(log, log.stat().st_size + (64 << 20))

    try:
        outcome = scan_while_changing(tree, log, grow)
    finally:
        log.unlink()
    assert outcome.code == 1
    assert outcome.found() == {("notes.txt", 1), ("service.log", 1)}
    assert ("service.log", "changed-while-read") in outcome.notices()


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to see the file open")
def test_a_file_cut_short_while_it_is_read_ends_its_read(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file truncated while it is read ends its read early with a notice that it shrank;
    no error, and the other files are scanned. (Cut right after its first chunk is read,
    in-process: a scan of the whole file could otherwise finish before the cut.)"""
    log = tree / "service.log"
    log.write_bytes(f"owner {PRIYA}\n".encode() + b"GET /health 200 0.4 ms\n" * _LOG_LINES)
    with_sibling(tree)
    read_regular = worktree._read_regular

    def cut_after_the_first_chunk(path: str, handle: Any, size: int) -> Iterator[Any]:
        for number, item in enumerate(read_regular(path, handle, size)):
            yield item
            if number == 0 and path == "service.log":
                os.truncate(log, 4096)

    monkeypatch.setattr(worktree, "_read_regular", cut_after_the_first_chunk)
    result = run_cli(["scan", str(tree), "--format", "json", "-j", "1", "--no-progress"])
    assert result.code == 1, result.stderr
    assert "Traceback" not in result.output
    report = json.loads(result.stdout)
    found = {(f["path"], f["line"]) for f in report["findings"]}
    assert ("notes.txt", 1) in found
    assert ("service.log", 1) in found
    notices = {(n["path"], n["code"]) for n in report["notices"]}
    assert ("service.log", "changed-while-read") in notices


def test_a_200_mb_single_line_minified_file_is_scanned_to_its_end(tree: Path) -> None:
    """A 200 MB minified bundle on one line (no newline to cut at) is streamed in chunks in
    bounded memory and scanned to its end: the value planted near the end is found on line 1
    at its exact column."""
    chunk = (
        b"var a=function(t){return t.map(function(e){return{id:e.id,n:e.name,q:e.qty*2}})},"
        b'b={x:1,y:[1,2,3],z:"lorem ipsum dolor"};'
    )
    block = chunk * 8192
    bundle = tree / "app.min.js"
    try:
        with bundle.open("wb") as handle:
            for _ in range((200 << 20) // len(block)):
                handle.write(block)
            column = handle.tell() + len(b'var c={owner:"') + 1
            handle.write(f'var c={{owner:"{PRIYA}"}};'.encode() + chunk * 100)
        outcome = bharosa("scan", str(tree), "--format", "json", cwd=tree, timeout=2 * HANG_GUARD)
    finally:
        bundle.unlink()
    assert outcome.code == 1
    (finding,) = outcome.report["findings"]
    assert (finding["path"], finding["line"], finding["start_column"]) == (
        "app.min.js",
        1,
        column,
    )
    assert ("app.min.js", "chunked") in outcome.notices()


ODD_NAMES = [
    "with space.txt",
    "new\nline.txt",
    "tab\there.txt",
    "caf\u00e9.txt",
    os.fsdecode(b"raw\xffbyte.txt"),
    '-dash "quoted".txt',
    "back\\slash.txt",
    "\x1b[31mred.txt",
]


@pytest.mark.parametrize("command", ["scan", "staged", "history"])
def test_names_with_newlines_spaces_and_odd_bytes_survive(tmp_path: Path, command: str) -> None:
    """File names with a newline, a tab, spaces, quotes, a backslash, a terminal escape and a
    byte that is not UTF-8 are listed, read and reported under their own name, in the work
    tree, the index and history; the text report escapes them (no raw control characters)."""
    repo = make_repo(
        tmp_path / "repo", {name: f"{PRIYA} {n}\n" for n, name in enumerate(ODD_NAMES)}
    )
    if command == "staged":
        for name in ODD_NAMES:
            (repo / name).write_text(f"{PRIYA} again\n")
        git(repo, "add", "-A")
    args = ["scan", "--staged"] if command == "staged" else [command]
    outcome = bharosa(*args, str(repo), "--format", "json", cwd=repo)
    assert outcome.code == 1
    assert {path for path, _ in outcome.found()} == set(ODD_NAMES)
    text = bharosa(*args, str(repo), cwd=repo)
    assert text.code == 1
    assert "\x1b" not in text.stdout
    for shown in ("new\\nline.txt", "tab\\there.txt", "raw\\xffbyte.txt", "\\x1b[31mred.txt"):
        assert shown in text.stdout
