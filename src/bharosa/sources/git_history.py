"""Documents from git history: the blobs each commit introduced, the index, and their bytes.

One `git log --raw` pass (ancestors first) names every blob with the commit that first
brought it in, the path it had there and the blob it replaced; one persistent
`git cat-file --batch` streams their contents. Every call is hardened (see git_command):
nothing the repository configures is ever run, and replace refs are ignored so a
repository cannot show the scanner other contents than it holds.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
import threading
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

from bharosa.errors import BharosaError, UsageError
from bharosa.notices import Notice, NoticeLevel
from bharosa.sources.git_command import (
    GitError,
    error_from_stderr,
    git_command,
    git_environment,
    run_git,
)

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
_NULL_SHA = "0" * 40
_GITLINK = "160000"
_SYMLINK = "120000"
LFS_POINTER_PREFIX = b"version https://git-lfs.github.com/spec/v1"
_READ_BLOCK = 1 << 20


class NotARepositoryError(BharosaError):
    """The path given to a history or staged scan is not inside a git repository."""


@dataclass(frozen=True, slots=True)
class Commit:
    """A commit as findings cite it: its id and author date (Unix seconds)."""

    sha: str
    author_time: int


@dataclass(frozen=True, slots=True)
class BlobIntroduction:
    """A blob, the commit that first brought it in, its path there and the blob it replaced
    (in a merge, the first parent's)."""

    sha: str
    path: str
    commit: Commit
    previous: str | None = None


@dataclass(slots=True)
class HistoryListing:
    """The blobs of a history scan in the order their commits were made (ancestors first)."""

    blobs: list[BlobIntroduction] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    commits: int = 0


@dataclass(frozen=True, slots=True)
class Blob:
    """One blob's content: `data` when it was read, else `problem` says why it could not be."""

    sha: str
    size: int
    data: bytes | None
    problem: str | None = None


def repository_root(path: Path) -> Path:
    """The git directory's work tree top (or the bare repository) that holds `path`."""
    try:
        top = run_git(["rev-parse", "--show-toplevel"], path).rstrip(b"\n")
        if top:
            return Path(os.fsdecode(top))
    except GitError:
        pass
    try:
        bare = run_git(["rev-parse", "--is-bare-repository"], path).strip() == b"true"
    except GitError as exc:
        raise NotARepositoryError(f"{path}: not a git repository ({exc.message})") from None
    if not bare:
        raise NotARepositoryError(f"{path}: not a git repository")
    return path


def resolve_commit(repo: Path, revision: str) -> str | None:
    """The commit id a revision names, or None when it names none (an unborn HEAD)."""
    try:
        out = run_git(
            ["rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"], repo
        )
    except GitError:
        return None
    return out.decode("ascii", "replace").strip() or None


def history_notices(repo: Path) -> list[Notice]:
    """What the repository's shape leaves out of a history scan: shallow history."""
    notices = []
    shallow = run_git(["rev-parse", "--is-shallow-repository"], repo, check=False).strip()
    if shallow == b"true":
        notices.append(
            Notice(
                NoticeLevel.WARNING,
                "shallow",
                "shallow clone: commits before its boundary are not scanned; "
                "run `git fetch --unshallow` (or check out with fetch-depth: 0) for all history",
            )
        )
    return notices


@dataclass(frozen=True, slots=True)
class HistoryScope:
    """Which history to scan: revisions as `git log` takes them, and what counts as new.

    `base` is set for a range (`BASE..HEAD`): values already at BASE, at the same path, are
    not new. `tip` is the commit whose tree decides whether a value is still present.
    """

    revisions: tuple[str, ...] = ("--all",)
    since: str | None = None
    base: str | None = None
    tip: str = "HEAD"


def scope_for(branch: str | None, commit_range: str | None, since: str | None) -> HistoryScope:
    """The scope the command line asks for: all refs, one branch, or a range."""
    if branch and commit_range:
        raise UsageError("--branch and --range cannot be used together")
    if commit_range:
        base, dots, head = commit_range.partition("..")
        if not dots or head.startswith(".") or not base:
            raise UsageError(f"--range {commit_range!r}: expected BASE..HEAD")
        head = head or "HEAD"
        return HistoryScope((f"{base}..{head}",), since, base, head)
    if branch:
        return HistoryScope((branch,), since, None, branch)
    return HistoryScope(("--all",), since)


class HistoryLog:
    """The `git log --raw` that lists a history's blobs, started when made and read later:
    a history scan starts it before it loads its detectors, so git walks the commits
    meanwhile. Use as a context manager: a log left unread stops git.

    Root commits introduce their whole tree; a merge introduces only what differs from
    every parent (a conflict's resolution), so a value made on a side branch is tied to
    the side branch's commit. Renames are not followed: a renamed, unchanged blob keeps
    its first commit and path.
    """

    def __init__(self, repo: Path, revisions: Sequence[str], since: str | None = None) -> None:
        args = [
            "log",
            "--raw",
            "--no-abbrev",
            "-c",
            "--root",
            "--no-renames",
            "--topo-order",
            "--reverse",
            "-z",
            "--format=%x01%H %at",
        ]
        if since:
            args.append(f"--since={since}")
        # `--all` is an option; whatever else names revisions comes after --end-of-options.
        options = [r for r in revisions if r == "--all"]
        names = [r for r in revisions if r != "--all"]
        args += [*options, "--end-of-options", *names, "--"]
        self.repo = repo
        # git's errors go to a file, not a pipe nobody reads while the log streams; close()
        # closes it.
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115
        try:
            self._process = subprocess.Popen(
                git_command(args),
                cwd=repo,
                env=git_environment(),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=self._errors,
            )
        except BaseException:
            self._errors.close()
            raise
        assert self._process.stdout is not None
        _widen_pipe(self._process.stdout)

    def __enter__(self) -> HistoryLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def read(self, on_blob: Callable[[str], None] | None = None) -> HistoryListing:
        """Every blob the log's commits introduced, once, with its first commit, in the
        order commits were made. `on_blob` is told each blob's id as it is listed."""
        process = self._process
        assert process.stdout is not None
        listing = HistoryListing()
        # Parsed as git writes it: the parsing overlaps git's own work.
        try:
            with process.stdout:
                _parse_raw_log(_records(process.stdout), listing, on_blob)
        except BaseException:
            self.close()
            raise
        returncode = process.wait()
        self._errors.seek(0)
        stderr = self._errors.read()
        if returncode != 0:
            error = error_from_stderr(stderr, returncode, self.repo)
            if not listing.commits:
                raise error
            message = error.message if isinstance(error, GitError) else str(error)
            listing.notices.append(
                Notice(
                    NoticeLevel.WARNING,
                    "git-log-incomplete",
                    f"git stopped listing history ({message}); the commits it listed are scanned",
                )
            )
        return listing

    def close(self) -> None:
        """Stop git if it still runs (a log left unread), and let its output go."""
        _stop(self._process)
        self._errors.close()


def _records(stdout: IO[bytes]) -> Iterator[bytes]:
    """The records (one per commit) of `git log` output that starts each with \\x01."""
    # A record longer than a block (a root commit of many files) is joined once, whole.
    pending: list[bytes] = []
    while block := stdout.read1(_READ_BLOCK):  # type: ignore[attr-defined]
        first, *rest = block.split(b"\x01")
        pending.append(first)
        if rest:
            yield b"".join(pending)
            yield from rest[:-1]
            pending = [rest[-1]]
    yield b"".join(pending)


def _parse_raw_log(
    records: Iterable[bytes],
    listing: HistoryListing,
    on_blob: Callable[[str], None] | None = None,
) -> None:
    seen: set[str] = set()
    submodules: set[str] = set()
    for record in records:
        if not record:
            continue
        header, _, body = record.partition(b"\0")
        sha, _, when = header.decode("ascii", "replace").partition(" ")
        commit = Commit(sha, int(when) if when.strip().isdigit() else 0)
        listing.commits += 1
        for meta, raw_path in _raw_entries(body):
            parts = meta.split(b" ")
            parents = (len(parts) - 3) // 2
            if parents < 1 or len(parts) != 2 * parents + 3:
                continue
            mode = parts[parents].decode("ascii", "replace")
            new = parts[2 * parents + 1].decode("ascii", "replace")
            path = os.fsdecode(raw_path)
            if mode == _GITLINK:
                submodules.add(path)
                continue
            if new == _NULL_SHA or mode == _SYMLINK or new in seen:
                continue
            seen.add(new)
            # A merge's blob is compared with its first parent's: what the other parent
            # brought was scanned there, and is kept with that parent's commit.
            old = parts[parents + 1].decode("ascii", "replace")
            previous = old if old != _NULL_SHA else None
            listing.blobs.append(BlobIntroduction(new, path, commit, previous))
            if on_blob is not None:
                on_blob(new)
    if submodules:
        listing.notices.append(
            Notice(
                NoticeLevel.WARNING,
                "submodule",
                f"{len(submodules)} submodule(s) not scanned (scan each on its own): "
                + ", ".join(sorted(submodules)[:5]),
            )
        )


def _raw_entries(body: bytes) -> Iterator[tuple[bytes, bytes]]:
    """(`:mode... sha... status`, path) pairs of one commit's `--raw -z` output."""
    fields = body.split(b"\0")
    index = 0
    while index < len(fields) - 1:
        meta = fields[index].lstrip(b"\n")
        if meta.startswith(b":"):
            yield meta.lstrip(b":"), fields[index + 1]
            index += 2
        else:
            index += 1


def list_tree_blobs(repo: Path, revision: str) -> dict[str, str]:
    """The blobs of a commit's tree: path -> blob id (gitlinks and symlinks left out)."""
    out = run_git(["ls-tree", "-r", "-z", "--full-tree", "--end-of-options", revision], repo)
    return _blobs_of_entries(out)


def list_staged_blobs(repo: Path) -> dict[str, str]:
    """What the next commit changes: path -> staged blob id, for files added or modified."""
    base = "HEAD" if resolve_commit(repo, "HEAD") else EMPTY_TREE
    out = run_git(
        ["diff", "--cached", "--raw", "-z", "--no-renames", "--no-abbrev",
         "--diff-filter=ACMT", "--no-ext-diff", "--no-textconv", base, "--"],
        repo,
    )  # fmt: skip
    staged: dict[str, str] = {}
    for meta, raw_path in _raw_entries(out):
        parts = meta.split(b" ")
        if len(parts) != 5 or parts[1].decode() in (_GITLINK, _SYMLINK):
            continue
        staged[os.fsdecode(raw_path)] = parts[3].decode("ascii", "replace")
    return staged


def _blobs_of_entries(out: bytes) -> dict[str, str]:
    blobs: dict[str, str] = {}
    for entry in out.split(b"\0"):
        meta, _, raw_path = entry.partition(b"\t")
        parts = meta.split(b" ")
        if len(parts) != 3 or parts[1] != b"blob" or parts[0].decode() == _SYMLINK:
            continue
        blobs[os.fsdecode(raw_path)] = parts[2].decode("ascii", "replace")
    return blobs


# Blob ids handed to `cat-file --batch-check` at a time while a listing streams.
_SIZES_FLUSH_EVERY = 1024


class BlobSizes:
    """The sizes of blobs asked for one by one (as a listing finds them), from their object
    headers alone: one `git cat-file --batch-check` answers while the listing goes on, a
    thread reading its answers, so they are all in soon after the last is asked. Ids are
    handed to git a thousand at a time: a write per blob cost the listing's parser more
    than git's answers.

    Use as a context manager; git starts with the first batch. `sizes()` gives them in the
    order asked (0 for a blob git cannot find, all zeros when git cannot be asked).
    """

    def __init__(self, repo: Path) -> None:
        self._repo = repo
        self._asked = 0
        self._pending: list[str] = []
        self._output: list[bytes] = []
        self._started = False
        self._process: subprocess.Popen[bytes] | None = None
        self._reader: threading.Thread | None = None

    def __enter__(self) -> BlobSizes:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._process is None:
            return
        _stop(self._process)
        if self._reader is not None:
            self._reader.join(timeout=5)

    def ask(self, sha: str) -> None:
        """Ask for one more blob's size (git is handed them a batch at a time, so they
        are answered as the listing goes, not at its end)."""
        self._asked += 1
        self._pending.append(sha)
        if len(self._pending) >= _SIZES_FLUSH_EVERY:
            self._send()

    def sizes(self) -> list[int]:
        """Every size asked for, in order, once git has answered them all."""
        self._send()
        process, reader = self._process, self._reader
        if process is None or process.stdin is None or reader is None:
            return [0] * self._asked
        with contextlib.suppress(OSError, ValueError):
            process.stdin.close()
        reader.join()
        process.wait()
        answers = b"".join(self._output).split(b"\n")
        if len(answers) <= self._asked:  # the last answer ends with a newline too
            return [0] * self._asked
        return [int(line) if line.isdigit() else 0 for line in answers[: self._asked]]

    def _send(self) -> None:
        pending, self._pending = self._pending, []
        if not pending:
            return
        if not self._started:
            self._started = True
            self._start()
        if self._process is None or self._process.stdin is None:
            return
        try:
            self._process.stdin.write(("\n".join(pending) + "\n").encode())
            self._process.stdin.flush()
        except (OSError, ValueError):
            self._process.kill()

    def _start(self) -> None:
        with contextlib.suppress(OSError):
            self._process = _cat_file(self._repo, "--batch-check=%(objectsize)", "--buffer")
            self._reader = threading.Thread(target=self._read, daemon=True)
            self._reader.start()

    def _read(self) -> None:
        # Drains git's answers whatever they are, so git never blocks on a full pipe.
        stdout = self._process.stdout if self._process is not None else None
        if stdout is None:
            return
        with contextlib.suppress(OSError, ValueError):
            while block := stdout.read1(_READ_BLOCK):  # type: ignore[attr-defined]
                self._output.append(block)


# glibc gives a buffer of 128 KiB or more its own mapping and returns it when freed, so
# each blob git inflates costs fresh pages; kept on git's heap they are reused (a fifth
# fewer page faults over a history scan). Other C libraries ignore the variable.
_BULK_READ_MALLOC = "glibc.malloc.mmap_threshold=67108864:glibc.malloc.trim_threshold=536870912"


def _cat_file(repo: Path, *options: str) -> subprocess.Popen[bytes]:
    """A `git cat-file` that answers the object ids written to it."""
    env = {"GLIBC_TUNABLES": _BULK_READ_MALLOC, **git_environment()}
    return subprocess.Popen(
        git_command(["cat-file", *options]),
        cwd=repo,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        bufsize=_READ_BLOCK,
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End a git process whatever it is doing, reap it, and close our ends of its pipes.
    It is killed first: a thread blocked writing to it (or reading from it) then fails
    instead of holding the pipe's lock."""
    if process.poll() is None:
        process.kill()
    process.wait()
    for pipe in (process.stdin, process.stdout):
        with contextlib.suppress(OSError, ValueError):
            if pipe is not None:
                pipe.close()


def read_blobs(repo: Path, shas: Iterable[str], max_size: int) -> Iterator[Blob]:
    """The contents of blobs, in the order asked, through one `git cat-file --batch` (see
    BlobReader)."""
    with BlobReader(repo, max_size) as reader:
        yield from reader.read(shas)


class BlobReader:
    """One `git cat-file --batch` that reads blobs call after call: a scan that reads its
    blobs in batches starts git (and warms its caches) once, not once a batch.

    A missing object is a Blob with a `problem`; blobs larger than `max_size` are read past
    and reported with a problem, so memory stays bounded. If git dies on a corrupt object,
    that blob gets a problem and a new git process carries on with the rest. Use as a
    context manager (or `close()` it): git ends when it is closed.
    """

    def __init__(self, repo: Path, max_size: int) -> None:
        self._repo = repo
        self._max_size = max_size
        self._process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def read(self, shas: Iterable[str]) -> Generator[Blob, None, None]:
        """The blobs `shas` name, in order. Leaving before the last one ends this git."""
        pending = list(shas)
        while pending:
            done = yield from self._read_batch(pending)
            if done >= len(pending):
                return
            yield Blob(pending[done], 0, None, "git could not read this object (corrupt?)")
            pending = pending[done + 1 :]

    def close(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            _stop(process)

    def _start(self) -> subprocess.Popen[bytes]:
        # Without --buffer, git flushes each object as it is read: the last blob asked for
        # comes out while git waits for the next call's ids.
        process = _cat_file(self._repo, "--batch")
        assert process.stdout is not None
        _widen_pipe(process.stdout)
        self._process = process
        return process

    def _read_batch(self, shas: list[str]) -> Generator[Blob, None, int]:
        """Blobs until git ends; returns how many of `shas` were answered. A batch left
        before its end (or ended by git) leaves git with answers not read: it is closed."""
        process = self._process or self._start()
        assert process.stdin is not None and process.stdout is not None
        feeder = threading.Thread(target=_feed, args=(process.stdin, shas), daemon=True)
        feeder.start()
        done = 0
        try:
            for sha in shas:
                blob = _read_one(process.stdout, sha, self._max_size)
                if blob is None:
                    break
                done += 1
                yield blob
        finally:
            if done < len(shas):
                self.close()
            feeder.join(timeout=5)
        return done


def _widen_pipe(pipe: IO[bytes]) -> None:
    """Let git write up to a mebibyte ahead (Linux; elsewhere the pipe stays as it is):
    with the default 64 KiB, reading a history's blobs costs a context switch per 64 KiB."""
    set_size = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl is not None else None
    if set_size is not None:
        with contextlib.suppress(OSError):
            fcntl.fcntl(pipe.fileno(), set_size, _READ_BLOCK)


def _feed(stdin: IO[bytes], shas: list[str]) -> None:
    try:
        for start in range(0, len(shas), 1024):
            stdin.write("".join(f"{sha}\n" for sha in shas[start : start + 1024]).encode())
        stdin.flush()
    except (BrokenPipeError, ValueError, OSError):
        pass


def _read_one(stdout: IO[bytes], sha: str, max_size: int) -> Blob | None:
    header = stdout.readline()
    if not header.endswith(b"\n"):
        return None
    parts = header.split()
    if len(parts) == 2 and parts[1] == b"missing":
        return Blob(sha, 0, None, "object missing from the repository")
    if len(parts) != 3 or not parts[2].isdigit():
        return None
    size = int(parts[2])
    if parts[1] != b"blob":
        _skip(stdout, size + 1)
        return Blob(sha, size, None, f"not a blob but a {parts[1].decode('ascii', 'replace')}")
    if size > max_size:
        if not _skip(stdout, size + 1):
            return None
        return Blob(sha, size, None, f"larger than {max_size >> 20} MiB, not scanned")
    # The content and its closing newline are read apart: slicing one off would copy the
    # whole blob again.
    data = stdout.read(size)
    if len(data) != size or stdout.read(1) != b"\n":
        return None
    return Blob(sha, size, data)


def _skip(stdout: IO[bytes], count: int) -> bool:
    while count > 0:
        block = stdout.read(min(count, _READ_BLOCK))
        if not block:
            return False
        count -= len(block)
    return True
