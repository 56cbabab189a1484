"""Listing and reading the working tree: git's view inside a repo, .gitignore outside one."""

from __future__ import annotations

from pathlib import Path

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


def test_empty_files_yield_nothing(tree: Path) -> None:
    (tree / "empty").write_bytes(b"")
    assert read(tree / "empty") == []


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
