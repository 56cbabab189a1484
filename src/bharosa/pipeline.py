"""The scan pipeline: sources -> detectors -> findings -> suppressions, for the CLI to report."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from bharosa.cell_scan import CellScanner, TableEdit, TableFacts, finding_place
from bharosa.config import Config
from bharosa.detectors.structured.cells import Reader, ReaderLimits
from bharosa.detectors.structured.formats import reader_for, reader_reads_text
from bharosa.detectors.structured.models import iter_model_fields
from bharosa.errors import UsageError
from bharosa.findings import REPORT_ORDER, ColumnSummary, Finding
from bharosa.limits import (
    DEFAULT_LIMITS,
    INTERRUPTED,
    FileTimeoutError,
    RunLimits,
    file_time_limit,
    file_timeout_notice,
    file_too_large_notice,
    partial_notice,
)
from bharosa.notices import Notice, NoticeLevel
from bharosa.rules.model import Rule, Severity
from bharosa.scanner import Scanner
from bharosa.sources.decoding import content_documents
from bharosa.sources.document import Document
from bharosa.sources.worktree import (
    FileEntry,
    FileListing,
    exclude_spec,
    list_directory,
    list_given_files,
    open_regular_file,
    read_file_documents,
)
from bharosa.spill import Spilled
from bharosa.stats import ScanStats

__all__ = [
    "ScanResult",
    "Scanner",
    "failing_findings",
    "list_targets",
    "scan_content",
    "scan_files",
    "scan_paths",
]

# Called after each file with (files done, files in all, bytes read so far).
ProgressCallback = Callable[[int, int, int], None]


@dataclass(slots=True)
class ScanResult:
    """What a run found, what it could not do, and how much it read."""

    findings: list[Finding] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    stats: ScanStats = field(default_factory=ScanStats)
    columns: list[ColumnSummary] = field(default_factory=list)
    # Findings of data files past their in-memory listing, on disk (see bharosa.spill).
    spilled: list[Spilled] = field(default_factory=list)
    # Why the run stopped before the end (a run cap, Ctrl-C), or None for a whole run.
    partial: str | None = None
    # What each data file read as a table tells about its next version (history asks).
    tables: dict[str, TableFacts] = field(default_factory=dict)
    # The severities of data files' values not held (counted, or spilled) where holding
    # column values would have held findings (see Scanner.hold_column_values): summaries
    # count them as findings.
    unheld: Counter[Severity] = field(default_factory=Counter)


def list_targets(paths: Sequence[Path], config: Config) -> FileListing:
    """The files to scan for the paths given on the command line (directories walked)."""
    exclude = exclude_spec(config.exclude)
    listing = FileListing()
    given_files: list[Path] = []
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            part = list_directory(path, config.root, exclude)
            listing.files.extend(part.files)
            listing.notices.extend(part.notices)
        elif path.exists() or path.is_symlink():
            given_files.append(path)
        else:
            raise UsageError(f"{path}: no such file or directory")
    if given_files:
        listing.files.extend(list_given_files(given_files, config.root, exclude).files)
    return listing


# Files per task handed to a worker: small enough to balance big and small files.
_FILES_PER_TASK = 16
# A task holds about 1/(jobs x this) of the bytes, and at least this many bytes.
_TASKS_PER_JOB = 16
_MIN_TASK_BYTES = 64 << 10
# Below this many files, forking workers costs more than it saves (a hook's handful).
_PARALLEL_FROM = 64


def scan_files(
    files: Sequence[FileEntry],
    scanner: Scanner,
    progress: ProgressCallback | None = None,
    jobs: int = 1,
    limits: RunLimits = DEFAULT_LIMITS,
) -> ScanResult:
    """Read, detect and suppress over every file; findings sorted by path, line and column.

    With more than one job, files are scanned in worker processes, a few at a time; the
    result is the same as one job's. A run cap or Ctrl-C ends the run early with what was
    found so far, marked partial.
    """
    if jobs > 1 and len(files) >= _PARALLEL_FROM:
        # Imported here: multiprocessing costs a hook's handful of files ~20 ms to load.
        from bharosa.workers import map_in_workers

        def scan_task(task: _Task, count: ProgressCallback) -> tuple[int, ScanResult]:
            return task.start, _scan_each(task.files, scanner, count, limits)

        result = ScanResult()
        tasks = _tasks(files, jobs)
        mapped = map_in_workers(scan_task, tasks, jobs, len(files), progress, limits.run_over)
        # Merged in file order, whatever order the tasks ran in: the report is one job's.
        for _, part in sorted(mapped.results, key=lambda done: done[0]):
            result.findings.extend(part.findings)
            result.notices.extend(part.notices)
            result.columns.extend(part.columns)
            result.spilled.extend(part.spilled)
            result.tables.update(part.tables)
            result.unheld.update(part.unheld)
            result.stats.add(part.stats)
            result.partial = result.partial or part.partial
        result.partial = mapped.stopped or result.partial
    else:
        result = _scan_each(files, scanner, progress, limits)
    if result.partial is not None:
        result.notices.append(partial_notice(result.partial, result.stats.files, len(files)))
    result.findings.sort(key=REPORT_ORDER)
    result.columns.sort(key=lambda c: (c.path, c.line, c.rule_id))
    return result


@dataclass(frozen=True, slots=True)
class _Task:
    """A run of consecutive files for one worker, and where it starts in the listing."""

    start: int
    files: Sequence[FileEntry]
    size: int


def _tasks(files: Sequence[FileEntry], jobs: int) -> list[_Task]:
    """The files cut into runs of at most _FILES_PER_TASK files and about an even share of
    the bytes each (a large file is a run of its own), largest first: big data files that
    sit together in one directory no longer land in one task that the others wait for."""
    sizes = [_size(entry) for entry in files]
    budget = max(sum(sizes) // (jobs * _TASKS_PER_JOB), _MIN_TASK_BYTES)
    tasks: list[_Task] = []
    start, run = 0, 0
    for index, size in enumerate(sizes):
        if index > start and (index - start >= _FILES_PER_TASK or run + size > budget):
            tasks.append(_Task(start, files[start:index], run))
            start, run = index, 0
        run += size
    if start < len(files):
        tasks.append(_Task(start, files[start:], run))
    return sorted(tasks, key=lambda task: task.size, reverse=True)


def _scan_each(
    files: Sequence[FileEntry],
    scanner: Scanner,
    progress: ProgressCallback | None,
    limits: RunLimits,
) -> ScanResult:
    result = ScanResult()
    for done, entry in enumerate(files, start=1):
        result.partial = limits.run_over(result.stats.bytes_scanned)
        if result.partial is not None:
            break
        before = _Mark(result)
        try:
            _scan_one(entry, scanner, result, limits, progress, (done, len(files)))
            result.stats.files += 1
            if progress is not None:
                progress(done, len(files), result.stats.bytes_scanned)
        except KeyboardInterrupt:
            # The file in progress is left out whole, wherever Ctrl-C (or a worker's stop
            # signal) landed: no finding of it without its count, or the reverse.
            before.restore(result)
            result.partial = INTERRUPTED
            break
    return result


class _Mark:
    """How far a result had got before a file: what to cut it back to if the file is
    interrupted."""

    def __init__(self, result: ScanResult) -> None:
        self._lengths = (
            len(result.findings),
            len(result.notices),
            len(result.columns),
            len(result.spilled),
        )
        self._stats = result.stats.copy()
        self._unheld = result.unheld.copy()

    def restore(self, result: ScanResult) -> None:
        findings, notices, columns, spilled = self._lengths
        del result.findings[findings:], result.notices[notices:]
        del result.columns[columns:], result.spilled[spilled:]
        result.stats = self._stats
        result.unheld = self._unheld


def _scan_one(
    entry: FileEntry,
    scanner: Scanner,
    result: ScanResult,
    limits: RunLimits,
    progress: ProgressCallback | None,
    place: tuple[int, int],
) -> None:
    """One file, within the per-file size and time caps (a notice when one is hit)."""
    size = _size(entry)
    if limits.max_file_bytes is not None and size > limits.max_file_bytes:
        result.notices.append(file_too_large_notice(entry.path, size, limits.max_file_bytes))
        result.stats.files_skipped += 1
        return
    reader = reader_for(entry.path)
    try:
        with file_time_limit(limits.file_seconds):
            if reader is None:
                _scan_text_file(entry, scanner, result)
                return
            done, total = place
            before = result.stats.bytes_scanned

            def report(read: int) -> None:
                if progress is not None:
                    progress(done - 1, total, before + read)

            _scan_data_file(entry, reader, scanner, result, report)
    except FileTimeoutError:
        result.notices.append(file_timeout_notice(entry.path, limits.file_seconds or 0))


def _size(entry: FileEntry) -> int:
    try:
        return entry.fs_path.stat().st_size
    except OSError:
        return 0  # opening it says what is wrong, with a notice


def _scan_text_file(entry: FileEntry, scanner: Scanner, result: ScanResult) -> None:
    _scan_documents(entry.path, read_file_documents(entry), scanner, result)


def scan_content(
    path: str,
    data: bytes,
    scanner: Scanner,
    result: ScanResult,
    regions: Sequence[tuple[int, int]] | None = None,
    edit: TableEdit | None = None,
) -> None:
    """A file's content held in memory (a git blob, a staged file), like a file on disk.

    `regions` limit a text's findings to the lines they touch. Data files are read whole,
    and their values scanned whole too, unless `edit` says which lines an edit added (the
    regions then limit what is read as text where the reader gives up).
    """
    result.stats.files += 1
    reader = reader_for(path)
    if reader is None:
        _scan_documents(path, content_documents(path, data, regions), scanner, result)
        return
    _scan_data(
        path,
        io.BytesIO(data),
        len(data),
        reader,
        scanner,
        result,
        lambda: content_documents(path, data, regions if edit is not None else None),
        edit=edit,
    )


_READ_NOTICES = frozenset({"chunked", "changed-while-read"})
# Data files this large have millions of cells: their batches must not fragment the heap
# (see bharosa.memory).
_PIN_MEMORY_FROM = 16 << 20


def _scan_documents(
    path: str,
    items: Iterable[Document | Notice],
    scanner: Scanner,
    result: ScanResult,
    from_line: int = 1,
) -> None:
    stats = result.stats
    skipped = False
    for item in items:
        if isinstance(item, Notice):
            result.notices.append(item)
            # Notices about how a file was read, not that it was left out.
            skipped = skipped or item.code not in _READ_NOTICES
            continue
        stats.bytes_scanned += _window_size(item)
        found = scanner.scan_document(item, stats, result.notices)
        result.findings.extend(f for f in found if f.line >= from_line)
        if item.window is None:
            declared = list(iter_model_fields(path, item.data))
            if declared:
                notes = CellScanner(scanner, path, stats, result.notices).scan(declared)
                result.findings.extend(notes.findings)
    stats.files_skipped += skipped


def _scan_data_file(
    entry: FileEntry,
    reader: Reader,
    scanner: Scanner,
    result: ScanResult,
    report: Callable[[int], None],
) -> None:
    """A data file through its structured reader; as text from where the reader gave up."""
    opened = open_regular_file(entry)
    if isinstance(opened, Notice):
        result.notices.append(opened)
        result.stats.files_skipped += 1
        return
    handle, size = opened
    with handle:
        _scan_data(
            entry.path, handle, size, reader, scanner, result,
            lambda: read_file_documents(entry), lambda: report(handle.tell()),
        )  # fmt: skip


def _scan_data(
    path: str,
    handle: BinaryIO,
    size: int,
    reader: Reader,
    scanner: Scanner,
    result: ScanResult,
    as_text: Callable[[], Iterable[Document | Notice]],
    progress: Callable[[], None] | None = None,
    edit: TableEdit | None = None,
) -> None:
    if size >= _PIN_MEMORY_FROM:
        from bharosa.memory import pin_mmap_threshold

        pin_mmap_threshold()
    cells = CellScanner(scanner, path, result.stats, result.notices, progress, edit)
    wanted = edit.lines if edit is not None else None
    scanned = cells.scan(reader(handle, path, ReaderLimits(sampler=cells, wanted_lines=wanted)))
    result.stats.bytes_scanned += size
    result.findings.extend(scanned.findings)
    result.columns.extend(scanned.columns)
    result.spilled.extend(scanned.spilled)
    result.unheld.update(scanned.unheld)
    result.tables[path] = scanned.facts
    if scanned.text_from_line is not None and reader_reads_text(path):
        result.notices.append(
            Notice(
                NoticeLevel.INFO,
                "read-as-text",
                f"read as plain text from line {scanned.text_from_line}",
                path,
            )
        )
        # The text pass starts on the line of the last cell: what the cells found there
        # is not reported twice.
        found = {finding_place(f) for f in scanned.findings} | scanned.unheld_places
        before = len(result.findings)
        _scan_documents(path, as_text(), scanner, result, scanned.text_from_line)
        result.findings[before:] = [
            f for f in result.findings[before:] if finding_place(f) not in found
        ]


def scan_paths(
    paths: Sequence[Path],
    config: Config,
    rules: Sequence[Rule],
    progress: ProgressCallback | None = None,
    jobs: int = 1,
    spill_dir: Path | None = None,
    limits: RunLimits = DEFAULT_LIMITS,
    hold_column_values: bool = True,
) -> ScanResult:
    """List, read and scan the given paths with the given rules; with `spill_dir`, every
    occurrence in data files is kept (past the in-memory listing, on disk there); without
    `hold_column_values`, a data file's column keeps only its first value as a finding."""
    listing = list_targets(paths, config)
    scanner = Scanner(config, rules, spill_dir, hold_column_values)
    result = scan_files(listing.files, scanner, progress, jobs, limits)
    result.notices[:0] = listing.notices
    return result


def failing_findings(findings: Iterable[Finding], config: Config) -> list[Finding]:
    """The findings at or above the config's `fail-on` severity."""
    threshold = config.fail_on.rank
    return [f for f in findings if f.severity.rank >= threshold]


def _window_size(document: Document) -> int:
    if document.window is None:
        return len(document.data)
    low, high = document.window_span
    return high - low
