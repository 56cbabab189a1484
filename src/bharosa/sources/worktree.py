"""Documents from the file system: a directory tree, or an explicit list of files.

Inside a git work tree the files are what git lists (tracked, plus untracked files that
are not ignored); outside one, every file, honouring `.gitignore` files on the way.
Symlinks are never followed, FIFOs and devices are never opened for a blocking read,
binary files are skipped, and files too large to read at once are streamed in chunks.
"""

from __future__ import annotations

import errno
import io
import os
import re
import stat
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from bharosa.notices import Notice, NoticeLevel
from bharosa.sources.decoding import (
    CHUNK_SIZE,
    SNIFF_BYTES,
    WHOLE_TEXT_LIMIT,
    chunk_documents,
    content_documents,
    iter_utf8_blocks,
    sniff_encoding,
)
from bharosa.sources.document import Document
from bharosa.sources.git_command import (
    GitError,
    UnsafeRepositoryError,
    error_from_stderr,
    run_git,
    run_git_completed,
)

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer
    from pathspec import GitIgnoreSpec

# Files up to this size are read in one go; larger ones are streamed chunk by chunk.
WHOLE_FILE_LIMIT = WHOLE_TEXT_LIMIT
_READ_BLOCK = 1024 * 1024
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
_OPEN_FLAGS |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
# What `git ls-files` says (LC_ALL=C) about a directory it cannot list.
_GIT_UNLISTED = re.compile(r"^warning: could not open directory '(.*)': (.*)$")


@dataclass(frozen=True, slots=True)
class FileEntry:
    """A file to scan: the path shown in reports and the path to open."""

    path: str
    fs_path: Path


@dataclass(slots=True)
class FileListing:
    """The files of a scan, in a stable order, and what could not be listed."""

    files: list[FileEntry] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)


def exclude_spec(patterns: Sequence[str]) -> GitIgnoreSpec | None:
    """A gitignore-syntax matcher for the config's exclude patterns (None when there are none)."""
    if not patterns:
        return None
    from pathspec import GitIgnoreSpec

    with warnings.catch_warnings():
        # `re` warns about patterns like `[[x]` on stderr; they are compiled all the same.
        warnings.simplefilter("ignore", FutureWarning)
        return GitIgnoreSpec.from_lines(patterns)


def list_directory(directory: Path, root: Path, exclude: GitIgnoreSpec | None) -> FileListing:
    """The files under `directory`, shown relative to `root`.

    Inside a git work tree, what git lists; outside one, a walk that honours `.gitignore`.
    """
    listing = FileListing()
    shown = _display_path(directory, root)
    prefix = "" if shown == "." else shown.rstrip("/") + "/"
    try:
        paths = _git_listed_files(directory, prefix, listing.notices)
    except UnsafeRepositoryError as exc:
        listing.notices.append(Notice(NoticeLevel.WARNING, "git-refused", str(exc)))
        paths = None
    except GitError as exc:  # a damaged repository: its index cannot be read
        message = f"git cannot list the files ({exc}): every file here is scanned instead"
        listing.notices.append(Notice(NoticeLevel.WARNING, "git-failed", message))
        paths = None
    if paths is None:
        paths = _walk(directory, prefix, listing.notices)
    elif not paths and any(directory.iterdir()):
        listing.notices.append(
            Notice(
                NoticeLevel.WARNING,
                "nothing-listed",
                "git lists no files here: everything in it is ignored (.gitignore)",
                prefix.rstrip("/") or ".",
            )
        )
    for path in sorted(set(paths)):
        if exclude is not None and exclude.match_file(prefix + path):
            continue
        listing.files.append(FileEntry(prefix + path, directory / path))
    return listing


def list_given_files(
    given: Sequence[Path], root: Path, exclude: GitIgnoreSpec | None
) -> FileListing:
    """Explicit files (as pre-commit passes them), shown relative to `root` when inside it."""
    listing = FileListing()
    for fs_path in given:
        path = _display_path(fs_path, root)
        if exclude is not None and exclude.match_file(path):
            continue
        listing.files.append(FileEntry(path, fs_path))
    return listing


def _display_path(fs_path: Path, root: Path) -> str:
    absolute = Path(os.path.abspath(fs_path))
    try:
        return absolute.relative_to(Path(os.path.abspath(root))).as_posix()
    except ValueError:
        return fs_path.as_posix()


def _git_listed_files(root: Path, shown_prefix: str, notices: list[Notice]) -> list[str] | None:
    """Tracked plus untracked-but-not-ignored files under `root`, or None outside git.

    git lists what it can and only warns about a directory it cannot open: each warning
    becomes a notice, so an unreadable directory is never skipped in silence.
    """
    try:
        inside = run_git(["rev-parse", "--is-inside-work-tree"], root).strip() == b"true"
    except GitError:
        return None
    if not inside:
        return None
    args = ["ls-files", "-z", "--cached", "--others", "--exclude-standard"]
    completed = run_git_completed(args, root)
    if completed.returncode != 0:
        raise error_from_stderr(completed.stderr, completed.returncode, root)
    notices.extend(_git_warnings(completed.stderr, shown_prefix))
    return [os.fsdecode(name) for name in completed.stdout.split(b"\0") if name]


def _git_warnings(stderr: bytes, shown_prefix: str) -> Iterator[Notice]:
    for line in stderr.decode("utf-8", "surrogateescape").splitlines():
        unlisted = _GIT_UNLISTED.match(line)
        if unlisted is not None:
            path, reason = shown_prefix + unlisted.group(1).rstrip("/"), unlisted.group(2)
            yield Notice(NoticeLevel.WARNING, "unreadable", f"cannot read: {reason}", path)
        elif line.strip():
            yield Notice(NoticeLevel.WARNING, "git-warning", f"git: {line.strip()}")


def _walk(root: Path, shown_prefix: str, notices: list[Notice]) -> list[str]:
    """Every file under `root` not ignored by a `.gitignore` on its way, symlinks not followed.

    Paths are relative to `root`; notices name them with `shown_prefix` in front.
    """
    found: list[str] = []
    walk_notices: list[Notice] = []
    _walk_directory(root, "", [], found, walk_notices)
    notices.extend(
        Notice(n.level, n.code, n.message, shown_prefix + (n.path or "")) for n in walk_notices
    )
    return found


def _walk_directory(
    directory: Path,
    prefix: str,
    ignores: list[tuple[str, GitIgnoreSpec]],
    found: list[str],
    notices: list[Notice],
) -> None:
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as exc:
        notices.append(_unreadable(prefix.rstrip("/") or ".", exc))
        return
    own = _gitignore_spec(directory, prefix, notices)
    scoped = [*ignores, (prefix, own)] if own is not None else ignores
    for entry in entries:
        if entry.name == ".git":
            continue
        path = prefix + entry.name
        is_dir = entry.is_dir(follow_symlinks=False)
        if _ignored(path + "/" if is_dir else path, scoped):
            continue
        if entry.is_symlink():
            notices.append(_symlink_notice(path))
        elif is_dir:
            _walk_directory(Path(entry.path), path + "/", scoped, found, notices)
        else:
            found.append(path)


def _gitignore_spec(directory: Path, prefix: str, notices: list[Notice]) -> GitIgnoreSpec | None:
    """The patterns of a directory's `.gitignore`; a line that is no valid pattern is left
    out with a notice, as git leaves it out."""
    ignore_file = directory / ".gitignore"
    try:
        if not ignore_file.is_file() or ignore_file.is_symlink():
            return None
        lines = ignore_file.read_text("utf-8", "replace").splitlines()
    except OSError:
        return None
    try:
        return exclude_spec(lines)
    except Exception:  # pathspec raises ValueError, re.error or re2's error, by its backend
        bad = [number for number, line in enumerate(lines, 1) if not is_valid_pattern(line)]
    notices.append(
        Notice(
            NoticeLevel.WARNING,
            "bad-pattern",
            f"not valid patterns, left out: line {', '.join(map(str, bad))}",
            prefix + ".gitignore",
        )
    )
    return exclude_spec([line for number, line in enumerate(lines, 1) if number not in bad])


def is_valid_pattern(line: str) -> bool:
    """Whether a gitignore line compiles (pathspec raises one of several errors if not)."""
    try:
        exclude_spec([line])
    except Exception:  # as in _gitignore_spec
        return False
    return True


def _ignored(path: str, scoped: Iterable[tuple[str, GitIgnoreSpec]]) -> bool:
    return any(
        path.startswith(base) and spec.match_file(path[len(base) :]) for base, spec in scoped
    )


class _OpenedFile(io.FileIO):
    """A regular file that reads no further than the size it had when it was opened: a file
    that keeps growing (a live log) cannot keep a scan reading, or fill its memory."""

    def __init__(self, fd: int, opened_size: int) -> None:
        super().__init__(fd, "rb", closefd=True)
        self.opened_size = opened_size

    def read(self, size: int | None = -1, /) -> bytes:
        left = max(0, self.opened_size - self.tell())
        if size is None or size < 0 or size > left:
            size = left
        return super().read(size) or b""

    def readall(self) -> bytes:
        return self.read()

    def readinto(self, buffer: WriteableBuffer, /) -> int:
        view = memoryview(buffer).cast("B")
        return super().readinto(view[: max(0, self.opened_size - self.tell())]) or 0

    def seek(self, pos: int, whence: int = os.SEEK_SET, /) -> int:
        if whence == os.SEEK_END:
            return super().seek(self.opened_size + pos)
        return super().seek(pos, whence)


def open_regular_file(entry: FileEntry) -> tuple[BinaryIO, int] | Notice:
    """The file opened for reading (unbuffered) with its size, or why it cannot be.

    Symlinks are not followed and FIFOs or devices never block: the file is opened
    non-blocking without following links, then checked to be a regular file. Reads stop
    at the size it has now, whatever is appended while it is scanned.
    """
    try:
        fd = os.open(entry.fs_path, _OPEN_FLAGS)
    except OSError as exc:
        return _open_failure(entry.path, exc)
    try:
        info = os.fstat(fd)
    except OSError as exc:
        os.close(fd)
        return _unreadable(entry.path, exc)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        return _special_file(entry.path, info.st_mode)
    return _OpenedFile(fd, info.st_size), info.st_size


def read_file_documents(entry: FileEntry) -> Iterator[Document | Notice]:
    """The documents of one file (one, or several chunks when it is large) or why there are none.

    Never raises for a problem with the file itself: unreadable, special, binary or vanished
    files become notices, and so does a file that grew or shrank while it was read.
    """
    opened = open_regular_file(entry)
    if isinstance(opened, Notice):
        yield opened
        return
    handle, size = opened
    with handle:
        try:
            yield from _read_regular(entry.path, handle, size)
            now = os.fstat(handle.fileno()).st_size
        except OSError as exc:
            yield _unreadable(entry.path, exc)
            return
    if now != size:
        change, unread = ("grew", "added") if now > size else ("shrank", "cut off")
        yield Notice(
            NoticeLevel.WARNING,
            "changed-while-read",
            f"{change} while it was read ({size:,} bytes when opened, {now:,} now): "
            f"what was {unread} was not scanned",
            entry.path,
        )


def _read_regular(path: str, handle: BinaryIO, size: int) -> Iterator[Document | Notice]:
    if size <= WHOLE_FILE_LIMIT:
        yield from content_documents(path, _read_all(handle, size))
        return
    first = handle.read(SNIFF_BYTES) or b""
    encoding = sniff_encoding(first)
    if encoding is None:
        yield Notice(NoticeLevel.INFO, "binary", "binary file skipped", path)
        return
    yield Notice(
        NoticeLevel.INFO,
        "chunked",
        f"large file ({size // (1024 * 1024)} MiB) scanned in chunks of {CHUNK_SIZE >> 20} MiB",
        path,
    )
    blocks = _iter_blocks(handle, first)
    yield from chunk_documents(path, iter_utf8_blocks(blocks, encoding))


def _read_all(handle: BinaryIO, size: int) -> bytes:
    """Read to the end (a file may have shrunk since it was opened)."""
    parts = []
    while True:
        part = handle.read(max(size, _READ_BLOCK))
        if not part:
            break
        parts.append(part)
    return b"".join(parts)


def _iter_blocks(handle: BinaryIO, first: bytes) -> Iterator[bytes]:
    yield first
    while True:
        block = handle.read(_READ_BLOCK)
        if not block:
            return
        yield block


def _open_failure(path: str, exc: OSError) -> Notice:
    if exc.errno == errno.ELOOP:
        return _symlink_notice(path)
    if exc.errno == errno.ENOENT:
        return Notice(NoticeLevel.INFO, "missing", "listed but no longer on disk", path)
    return _unreadable(path, exc)


def _symlink_notice(path: str) -> Notice:
    return Notice(NoticeLevel.INFO, "symlink", "symlink not followed", path)


def _special_file(path: str, mode: int) -> Notice:
    kind = (
        "directory (a submodule?)"
        if stat.S_ISDIR(mode)
        else "FIFO"
        if stat.S_ISFIFO(mode)
        else "socket"
        if stat.S_ISSOCK(mode)
        else "device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "special file"
    )
    return Notice(NoticeLevel.WARNING, "special-file", f"{kind} skipped: not a regular file", path)


def _unreadable(path: str, exc: OSError) -> Notice:
    reason = exc.strerror or type(exc).__name__
    return Notice(NoticeLevel.WARNING, "unreadable", f"cannot read: {reason}", path)
