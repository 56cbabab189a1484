"""Listing and reading the working tree: git's view inside a repo, .gitignore outside one."""

from __future__ import annotations

import os
import socket
import threading
from pathlib import Path

import pytest

from bharosa.notices import Notice
from bharosa.sources.document import Document
from bharosa.sources.worktree import (
    WHOLE_FILE_LIMIT,
    FileEntry,
    exclude_spec,
    list_directory,
    list_given_files,
    read_file_documents,
)
from tests.conftest import git, make_repo


def read(path: Path) -> list[Document | Notice]:
    return list(read_file_documents(FileEntry(path.name, path)))


def test_git_repo_lists_tracked_and_untracked_but_not_ignored(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path / "repo",
        {"a.txt": "a", "src/b.py": "b", ".gitignore": "*.log\nbuild/\n"},
    )
    (repo / "new.txt").write_text("untracked")
    (repo / "debug.log").write_text("ignored")
    (repo / "build").mkdir()
    (repo / "build" / "out.txt").write_text("ignored")
    listing = list_directory(repo, repo, None)
    assert [f.path for f in listing.files] == [".gitignore", "a.txt", "new.txt", "src/b.py"]


def test_a_subdirectory_of_a_repo_is_shown_relative_to_the_root(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"pkg/a.txt": "a", "other/b.txt": "b"})
    listing = list_directory(repo / "pkg", repo, None)
    assert [f.path for f in listing.files] == ["pkg/a.txt"]


def test_outside_git_gitignore_files_are_honoured(tree: Path) -> None:
    (tree / ".gitignore").write_text("*.log\n/secret-dir/\n")
    (tree / "keep.txt").write_text("k")
    (tree / "drop.log").write_text("d")
    (tree / "secret-dir").mkdir()
    (tree / "secret-dir" / "x.txt").write_text("x")
    (tree / "sub").mkdir()
    (tree / "sub" / ".gitignore").write_text("local.txt\n!keep.log\n")
    (tree / "sub" / "local.txt").write_text("l")
    (tree / "sub" / "other.txt").write_text("o")
    (tree / ".git").mkdir()
    (tree / ".git" / "config").write_text("not a repo, never listed")
    listing = list_directory(tree, tree, None)
    assert [f.path for f in listing.files] == [
        ".gitignore",
        "keep.txt",
        "sub/.gitignore",
        "sub/other.txt",
    ]


def test_exclude_patterns_use_gitignore_syntax(tree: Path) -> None:
    for name in ("a.txt", "vendor/lib.js", "app/x.min.js", "app/x.js"):
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        (tree / name).write_text("x")
    listing = list_directory(tree, tree, exclude_spec(["vendor/", "*.min.js"]))
    assert [f.path for f in listing.files] == ["a.txt", "app/x.js"]
    given = list_given_files(
        [tree / "vendor/lib.js", tree / "a.txt"], tree, exclude_spec(["vendor/"])
    )
    assert [f.path for f in given.files] == ["a.txt"]


def test_symlinks_are_never_followed(tmp_path: Path, tree: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("priya.sharma@kavyatextiles.in\n")
    (tree / "link-out.txt").symlink_to(outside)
    (tree / "loop").symlink_to(tree / "loop")
    (tree / "dir-loop").mkdir()
    (tree / "dir-loop" / "up").symlink_to(tree)
    listing = list_directory(tree, tree, None)
    assert listing.files == []
    assert {n.code for n in listing.notices} == {"symlink"}
    (notice,) = read(tree / "link-out.txt")
    assert isinstance(notice, Notice) and notice.code == "symlink"


def test_a_fifo_is_skipped_without_blocking(tree: Path) -> None:
    fifo = tree / "pipe"
    os.mkfifo(fifo)
    done: list[list[Document | Notice]] = []
    reader = threading.Thread(target=lambda: done.append(read(fifo)), daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert done, "reading a FIFO blocked"
    (notice,) = done[0]
    assert isinstance(notice, Notice)
    assert notice.code == "special-file" and "FIFO" in notice.message


def test_a_socket_and_a_device_are_skipped(tree: Path) -> None:
    sock_path = tree / "s.sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock_path))
    try:
        (notice,) = read(sock_path)
        assert isinstance(notice, Notice) and notice.code in {"special-file", "unreadable"}
    finally:
        server.close()
    (notice,) = list(read_file_documents(FileEntry("null", Path(os.devnull))))
    assert isinstance(notice, Notice) and "device" in notice.message


def test_binary_files_are_skipped_with_a_notice(tree: Path) -> None:
    (tree / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + os.urandom(64))
    (notice,) = read(tree / "logo.png")
    assert isinstance(notice, Notice) and notice.code == "binary"


def test_invalid_utf8_is_read_as_bytes(tree: Path) -> None:
    data = b"caf\xe9 \xff\xfe\xfd anu@kavyatextiles.in\n"
    (tree / "latin.txt").write_bytes(data)
    (document,) = read(tree / "latin.txt")
    assert isinstance(document, Document) and document.data == data


def test_utf16_files_are_transcoded(tree: Path) -> None:
    (tree / "u16.txt").write_bytes("\ufeffhello anu@kavyatextiles.in\n".encode("utf-16-le"))
    (document,) = read(tree / "u16.txt")
    assert isinstance(document, Document)
    assert document.data == b"hello anu@kavyatextiles.in\n"


def test_empty_files_yield_nothing(tree: Path) -> None:
    (tree / "empty").write_bytes(b"")
    assert read(tree / "empty") == []


def test_a_vanished_file_is_a_notice(tree: Path) -> None:
    (notice,) = list(read_file_documents(FileEntry("gone.txt", tree / "gone.txt")))
    assert isinstance(notice, Notice) and notice.code == "missing"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files without permission")
def test_an_unreadable_file_is_a_notice(tree: Path) -> None:
    path = tree / "locked.txt"
    path.write_text("x")
    path.chmod(0)
    (notice,) = read(path)
    assert isinstance(notice, Notice) and notice.code == "unreadable"


def test_a_large_file_is_streamed_in_chunks_not_skipped(tree: Path) -> None:
    line = b"row,value,filler-" + b"x" * 100 + b"\n"
    path = tree / "big.csv"
    with path.open("wb") as handle:
        for _ in range(WHOLE_FILE_LIMIT // len(line) + 1000):
            handle.write(line)
        handle.write(b"last,anu@kavyatextiles.in\n")
    items = read(path)
    notices = [i for i in items if isinstance(i, Notice)]
    documents = [i for i in items if isinstance(i, Document)]
    assert [n.code for n in notices] == ["chunked"]
    assert len(documents) > 1
    assert sum(d.window_span[1] - d.window_span[0] for d in documents) == path.stat().st_size


def test_gitlink_submodule_directory_is_a_notice(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"a.txt": "a"})
    sub = make_repo(tmp_path / "sub", {"s.txt": "s"})
    git(repo, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(sub), "vendored")
    listing = list_directory(repo, repo, None)
    entry = next(f for f in listing.files if f.path == "vendored")
    (notice,) = list(read_file_documents(entry))
    assert isinstance(notice, Notice) and "submodule" in notice.message


def test_an_ignored_directory_says_so(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"a.txt": "a", ".gitignore": "venv/\n"})
    (repo / "venv").mkdir()
    (repo / "venv" / "lib.py").write_text("x")
    listing = list_directory(repo / "venv", repo, None)
    assert listing.files == []
    assert [n.code for n in listing.notices] == ["nothing-listed"]
