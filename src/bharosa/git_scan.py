"""Scans of git content: the whole history, a pull request's range, and the staged index.

History is read blob by blob, each unique blob once, in the order commits were made. A
blob that replaced one still in memory is scanned only on the lines it changed (plus
context), so a file's hundred versions cost about one file and its diffs. Findings are
kept once per fingerprint; the first commit to bring a value in at a path wins. Blobs of
the tip's tree are scanned whole, which tells which values are still there.
"""

from __future__ import annotations

import os
import re
import zlib
from collections import Counter, OrderedDict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from itertools import compress, islice
from pathlib import Path

from bharosa.cell_scan import TableEdit, TableFacts
from bharosa.config import Config
from bharosa.detectors.structured.formats import reader_for, rows_name_no_field
from bharosa.errors import UsageError
from bharosa.findings import REPORT_ORDER, ColumnSummary, Finding, Origin, value_key
from bharosa.limits import DEFAULT_LIMITS, INTERRUPTED, RunLimits, partial_notice
from bharosa.notices import Notice, NoticeLevel
from bharosa.pipeline import ProgressCallback, ScanResult, scan_content
from bharosa.rules.model import Rule
from bharosa.scanner import Scanner
from bharosa.sources.decoding import PEM_BEGIN, SNIFF_BYTES, binary_bytes, sniff_encoding
from bharosa.sources.git_command import GitError
from bharosa.sources.git_history import (
    LFS_POINTER_PREFIX,
    Blob,
    BlobIntroduction,
    BlobReader,
    BlobSizes,
    HistoryLog,
    HistoryScope,
    history_notices,
    list_staged_blobs,
    list_tree_blobs,
    read_blobs,
    repository_root,
    resolve_commit,
)
from bharosa.sources.novel_lines import (
    NovelLines,
    Span,
    changed_region,
    join_close_spans,
    lines_around,
    novel_spans,
)
from bharosa.sources.worktree import exclude_spec

# Blobs larger than this are not read (with a notice): memory stays bounded.
MAX_BLOB_SIZE = 256 << 20
# Earlier versions kept in memory to scan only what a new version changed.
_CACHE_BYTES = 128 << 20
_MAX_PROBLEMS_LISTED = 5
# Changes closer than this are scanned as one stretch: scanning a document costs more than
# scanning the bytes between two changes.
_JOIN_GAP = 2048


@dataclass(slots=True)
class HistoryResult(ScanResult):
    """A history scan's result, with how much history it covered."""

    commits: int = 0
    blobs: int = 0


# Until a data file is read, anything may pair and any row may report.
_UNKNOWN_TABLE = TableFacts(holds_personal_data=True, reports_fields=True)
# A line that opens a block of values on the lines below it: a key before `{` or `[`, a
# YAML key with nothing after its colon, or before a block scalar's `|` or `>` (a comment
# may follow). A field named there names values an edit of that line alone leaves as they
# were.
_OPENS_A_BLOCK = re.compile(rb"(?m)^.*(?:[{\[:]|:[ \t]*[|>][-+0-9]*)[ \t]*(?:#.*)?\r?$")


@dataclass(frozen=True, slots=True)
class _Version:
    """A blob as the scan of the next version at its path sees it: its bytes, and whether
    it is text and holds a PEM header (so neither is searched for again in each version);
    for a data file, what its last reading told about it. `clean`: its first bytes (those
    that tell text from binary) hold no byte that text lacks, so a new version is text if
    the bytes it changed there hold none either."""

    path: str
    data: bytes
    is_text: bool
    has_pem: bool
    table: TableFacts = _UNKNOWN_TABLE
    clean: bool = False


# What scanning a blob gave: its result, or for a blob passed over (nothing in it or in
# its changes could match) how many of its bytes were checked.
Scanned = ScanResult | int


class _RecentContents:
    """Blob versions kept for diffing the next version, least recently used dropped first."""

    def __init__(self, limit: int) -> None:
        self._items: OrderedDict[str, _Version] = OrderedDict()
        self._bytes = 0
        self._limit = limit

    def get(self, sha: str, path: str) -> _Version | None:
        """Blob `sha` if it is kept and was first seen at `path`."""
        version = self._items.get(sha)
        if version is None or version.path != path:
            return None
        self._items.move_to_end(sha)
        return version

    def put(self, sha: str, version: _Version) -> None:
        if len(version.data) > self._limit // 4 or sha in self._items:
            return
        self._items[sha] = version
        self._bytes += len(version.data)
        while self._bytes > self._limit:
            _, dropped = self._items.popitem(last=False)
            self._bytes -= len(dropped.data)


class _Collector:
    """Keeps the first finding per fingerprint and the first summary per column."""

    def __init__(self, scanner: Scanner) -> None:
        self.result = HistoryResult()
        self._masks = {rule.id: rule.mask for rule in scanner.rules}
        self._key = scanner.config.fingerprint_key
        self._findings: dict[str, Finding] = {}
        self._columns: dict[str, ColumnSummary] = {}
        self.tip_values: set[str] = set()
        self.tip_columns: set[str] = set()
        self.problems: Counter[str] = Counter()
        self.problem_blobs: dict[str, list[str]] = {}
        self.lfs_pointers = 0

    def pass_over(self, checked: int) -> None:
        """Count a blob that nothing could match in (`checked` of its bytes) as scanned."""
        self.result.stats.files += 1
        self.result.stats.bytes_scanned += checked

    def add(self, part: ScanResult, intro: BlobIntroduction, in_tip: bool) -> None:
        origin = Origin(intro.commit.sha, intro.commit.author_time)
        for finding in part.findings:
            if in_tip:
                self.tip_values.add(self._value_key(finding))
            if finding.fingerprint not in self._findings:
                self._findings[finding.fingerprint] = replace(finding, origin=origin)
        for column in part.columns:
            if in_tip:
                self.tip_columns.add(column.fingerprint)
            if column.fingerprint not in self._columns:
                self._columns[column.fingerprint] = replace(column, origin=origin)
        self.result.notices.extend(part.notices)
        self.result.stats.add(part.stats)

    def problem(self, blob: Blob, intro: BlobIntroduction) -> None:
        reason = blob.problem or "unreadable"
        self.problems[reason] += 1
        self.problem_blobs.setdefault(reason, []).append(f"{intro.path} ({blob.sha[:10]})")

    def merge(self, other: _Collector) -> None:
        """Take in what a worker collected from its own paths (fingerprints never overlap:
        they include the path, and each path belongs to one worker)."""
        self._findings.update(other._findings)
        self._columns.update(other._columns)
        self.tip_values |= other.tip_values
        self.tip_columns |= other.tip_columns
        self.problems.update(other.problems)
        for reason, listed in other.problem_blobs.items():
            self.problem_blobs.setdefault(reason, []).extend(listed)
        self.lfs_pointers += other.lfs_pointers
        self.result.notices.extend(other.result.notices)
        self.result.stats.add(other.result.stats)

    def paths(self) -> set[str]:
        """The paths of everything kept so far."""
        return {f.path for f in self._findings.values()} | {c.path for c in self._columns.values()}

    def drop(self, fingerprints: set[str]) -> None:
        """Forget findings and columns already present before the range."""
        self._findings = {k: v for k, v in self._findings.items() if k not in fingerprints}
        self._columns = {k: v for k, v in self._columns.items() if k not in fingerprints}

    def finish(self) -> HistoryResult:
        result = self.result
        result.findings = sorted(
            (self._with_presence(f) for f in self._findings.values()), key=REPORT_ORDER
        )
        result.columns = sorted(
            (
                replace(c, origin=replace(c.origin, in_head=c.fingerprint in self.tip_columns))
                for c in self._columns.values()
                if c.origin is not None
            ),
            key=lambda c: (c.path, c.line, c.rule_id),
        )
        for reason, count in self.problems.items():
            listed = ", ".join(self.problem_blobs[reason][:_MAX_PROBLEMS_LISTED])
            more = count - min(count, _MAX_PROBLEMS_LISTED)
            result.notices.append(
                Notice(
                    NoticeLevel.WARNING,
                    "blob-unreadable",
                    f"{count} blob(s) not scanned, {reason}: {listed}"
                    + (f" and {more} more" if more else ""),
                )
            )
        if self.lfs_pointers:
            result.notices.append(
                Notice(
                    NoticeLevel.WARNING,
                    "lfs-pointer",
                    f"{self.lfs_pointers} Git LFS pointer file(s): their content lives on the "
                    "LFS server and was not scanned",
                )
            )
        return result

    def _with_presence(self, finding: Finding) -> Finding:
        if finding.origin is None:
            return finding
        present = self._value_key(finding) in self.tip_values
        return replace(finding, origin=replace(finding.origin, in_head=present))

    def _value_key(self, finding: Finding) -> str:
        return value_key(self._key, finding, self._masks.get(finding.rule_id, "initial"))


def scan_history(
    path: Path,
    scope: HistoryScope,
    config: Config,
    rules: Sequence[Rule],
    progress: ProgressCallback | None = None,
    jobs: int | None = None,
    limits: RunLimits = DEFAULT_LIMITS,
    log: HistoryLog | None = None,
) -> HistoryResult:
    """Every blob the scope's commits introduced, scanned once, findings tied to commits.

    With more than one job, blobs are split by path among worker processes (each with its
    own `git cat-file`), so a file's versions stay together and the report is the same.
    A run cap or Ctrl-C ends the run early with what was found so far, marked partial.
    `log` is the scope's log if the caller started it already (see HistoryLog).
    """
    with log or HistoryLog(repository_root(path), scope.revisions, scope.since) as started:
        return _scan_history(started.repo, scope, config, rules, progress, jobs, limits, started)


def _scan_history(
    repo: Path,
    scope: HistoryScope,
    config: Config,
    rules: Sequence[Rule],
    progress: ProgressCallback | None,
    jobs: int | None,
    limits: RunLimits,
    log: HistoryLog,
) -> HistoryResult:
    notices = history_notices(repo)
    for revision in (scope.base, scope.tip if scope.base else None):
        if revision and resolve_commit(repo, revision) is None:
            raise UsageError(f"--range: {revision!r} is not a commit in {repo}")
    scanner = Scanner(config, rules)
    try:
        # The tip's tree is listed, the scanner made ready and the blobs' sizes (for
        # sharing them among workers, and reading them in windows) asked for while the log
        # streams in.
        with ThreadPoolExecutor(1) as pool, BlobSizes(repo) as sizer:
            tip_listed = pool.submit(_tip_blobs, repo, scope.tip)
            prepared = pool.submit(scanner.prepare_quick_checks)
            listing = log.read(sizer.ask)
            sizes = sizer.sizes()
            tip_blobs = tip_listed.result()
            prepared.result()
    except GitError as exc:
        # Missing or corrupt blobs are notices; without a commit or a tree, no history
        # can be walked.
        raise GitError(
            f"{exc.message}: the history cannot be walked (a commit or tree object is "
            "missing or corrupt; `git fsck` lists them, and a fresh clone may have them)",
            exc.returncode,
        ) from None
    exclude = exclude_spec(config.exclude)
    kept = [exclude is None or not exclude.match_file(b.path) for b in listing.blobs]
    blobs = list(compress(listing.blobs, kept))
    blob_sizes = list(compress(sizes, kept))
    collector = _Collector(scanner)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(blobs) // _MIN_BLOBS_PER_WORKER))
    if jobs > 1:
        groups = _partition(blobs, blob_sizes, jobs * _GROUPS_PER_JOB)
        _scan_in_workers(repo, groups, jobs, tip_blobs, scanner, collector, progress, limits)
    else:
        with BlobReader(repo, MAX_BLOB_SIZE) as reader:
            group = _Group(blobs, blob_sizes)
            _scan_blobs(reader, group, tip_blobs, scanner, collector, progress, limits)
    stopped = collector.result.partial
    if stopped is not None:
        done = collector.result.stats.files
        collector.result.notices.append(partial_notice(stopped, done, len(blobs), "blobs"))
    elif scope.base is not None:
        collector.drop(_fingerprints_at(repo, scope.base, collector, scanner))
    result = collector.finish()
    result.notices[:0] = [*notices, *listing.notices]
    result.commits = listing.commits
    result.blobs = len(blobs)
    return result


def _tip_blobs(repo: Path, revision: str) -> set[str]:
    """The blobs of the tip's tree: what is still there."""
    tip = resolve_commit(repo, revision)
    return set(list_tree_blobs(repo, tip).values()) if tip else set()


@dataclass(frozen=True, slots=True)
class _Group:
    """Blobs scanned in one go, in history order, with their sizes (as git told them)."""

    blobs: list[BlobIntroduction]
    sizes: list[int]


# Blobs are asked of git in windows of about this many bytes, each window newest first,
# and scanned oldest first: git stores a file's older versions as deltas of its newer
# ones, so asked newest first it rebuilds each from the one just read (a fifth less of
# its time on pytest's history).
_WINDOW_BYTES = 512 << 10


def _windows(group: _Group) -> list[list[BlobIntroduction]]:
    """The group's blobs cut into runs of about _WINDOW_BYTES (a larger blob on its own)."""
    windows: list[list[BlobIntroduction]] = []
    window: list[BlobIntroduction] = []
    filled = 0
    for blob, size in zip(group.blobs, group.sizes, strict=True):
        if window and filled + size > _WINDOW_BYTES:
            windows.append(window)
            window, filled = [], 0
        window.append(blob)
        filled += size
    if window:
        windows.append(window)
    return windows


def _scan_blobs(
    reader: BlobReader,
    group: _Group,
    tip_blobs: set[str],
    scanner: Scanner,
    collector: _Collector,
    progress: ProgressCallback | None,
    limits: RunLimits,
) -> None:
    recent = _RecentContents(_CACHE_BYTES)
    read = done = 0
    windows = _windows(group)
    contents = reader.read([blob.sha for window in windows for blob in reversed(window)])
    try:
        for window in windows:
            # A reader answers every id (a blob it cannot read comes with its problem).
            newest_first = list(islice(contents, len(window)))
            for intro, blob in zip(window, reversed(newest_first), strict=True):
                collector.result.partial = limits.run_over(read)
                if collector.result.partial is not None:
                    return
                read += blob.size
                done += 1
                if progress is not None:
                    progress(done, len(group.blobs), read)
                _scan_blob(intro, blob, recent, tip_blobs, scanner, collector)
    except KeyboardInterrupt:
        collector.result.partial = INTERRUPTED
    finally:
        contents.close()


def _scan_blob(
    intro: BlobIntroduction,
    blob: Blob,
    recent: _RecentContents,
    tip_blobs: set[str],
    scanner: Scanner,
    collector: _Collector,
) -> None:
    if blob.data is None:
        collector.problem(blob, intro)
        return
    if blob.data.startswith(LFS_POINTER_PREFIX):
        collector.lfs_pointers += 1
        return
    in_tip = blob.sha in tip_blobs
    # Only an earlier version first seen at this same path counts: what a file copied
    # from elsewhere holds is new at its new path (and the result does not depend on
    # how paths are shared among workers).
    old = recent.get(intro.previous, intro.path) if intro.previous and not in_tip else None
    if old is None:
        version, part = _scan_whole(intro.path, blob.data, scanner)
    else:
        version, part = _scan_changes(old, blob.data, scanner)
    recent.put(blob.sha, version)
    if isinstance(part, int):
        collector.pass_over(part)
    else:
        collector.add(part, intro, in_tip)


# Below this many blobs, starting workers costs more than it saves.
_MIN_BLOBS_PER_WORKER = 500
# Blobs are split into more groups than workers, handed out as workers free up, heaviest
# first: one path with a long, heavy history (a generated file) then holds up one group,
# not half the run. A group costs little more than its blobs (a worker keeps its git
# cat-file from one group to the next), so small groups even out the workers' ends.
_GROUPS_PER_JOB = 32
# What scanning one blob costs beyond its bytes, in bytes' worth of scanning.
_COST_PER_BLOB = 32 << 10


def _partition(blobs: list[BlobIntroduction], sizes: list[int], count: int) -> list[_Group]:
    """Blobs split by a stable hash of their path into `count` groups, each in history
    order (a path's versions stay together, so the report does not depend on the split),
    the groups costliest first by their blobs' sizes."""
    groups = [_Group([], []) for _ in range(count)]
    costs = [0] * count
    for blob, size in zip(blobs, sizes, strict=True):
        index = zlib.crc32(blob.path.encode("utf-8", "surrogateescape")) % count
        groups[index].blobs.append(blob)
        groups[index].sizes.append(size)
        costs[index] += size + _COST_PER_BLOB
    order = sorted(range(count), key=lambda index: costs[index], reverse=True)
    return [groups[index] for index in order if groups[index].blobs]


def _scan_in_workers(
    repo: Path,
    groups: list[_Group],
    jobs: int,
    tip_blobs: set[str],
    scanner: Scanner,
    collector: _Collector,
    progress: ProgressCallback | None,
    limits: RunLimits,
) -> None:
    from bharosa.workers import map_in_workers

    readers = _ReaderPerProcess(repo)

    def scan_group(group: _Group, count: ProgressCallback) -> _Collector:
        part = _Collector(scanner)
        _scan_blobs(readers.reader(), group, tip_blobs, scanner, part, count, limits)
        return part

    total = sum(len(group.blobs) for group in groups)
    mapped = map_in_workers(scan_group, groups, jobs, total, progress, limits.run_over)
    for part in mapped.results:
        collector.merge(part)
        collector.result.partial = collector.result.partial or part.result.partial
    collector.result.partial = mapped.stopped or collector.result.partial


class _ReaderPerProcess:
    """One BlobReader in each worker process, for all the groups it scans: a `git cat-file`
    started per group would cost its start and its cold caches each time. The worker's
    reader is closed when the worker ends."""

    def __init__(self, repo: Path) -> None:
        self._repo = repo
        self._pid = 0
        self._reader: BlobReader | None = None

    def reader(self) -> BlobReader:
        if self._reader is None or self._pid != os.getpid():
            from multiprocessing.util import Finalize

            self._reader = BlobReader(self._repo, MAX_BLOB_SIZE)
            self._pid = os.getpid()
            Finalize(self._reader, self._reader.close, exitpriority=0)
        return self._reader


def _scan_changes(old: _Version, new: bytes, scanner: Scanner) -> tuple[_Version, Scanned]:
    """Scan only what `new` adds to `old`: its changed region, narrowed to the lines `old`
    did not hold, and of those only the runs of lines where something could match."""
    region = changed_region(old.data, new)
    spans = [] if region is None else novel_spans(old.data, new, region)
    around = lines_around(new, spans) if spans else b""
    version = _version_after(old, new, region, around)
    if spans and not _could_match(version, scanner, around, whole=False):
        spans = []
    spans = join_close_spans(spans, _JOIN_GAP)
    if len(spans) > 1 and _plain_text(version):
        spans = [s for s in spans if scanner.could_match(lines_around(new, [s]))]
    if not spans:
        return version, 0
    part = ScanResult()
    edit = _table_edit(version, spans, around, scanner)
    scan_content(old.path, new, scanner, part, spans, edit)
    if edit is not None and _pairs_anew(edit, part.tables[old.path]):
        # Names and addresses on lines the edit left as they were are reportable now.
        part = ScanResult()
        scan_content(old.path, new, scanner, part, spans)
    return _after_scan(version, part), part


def _table_edit(
    version: _Version, spans: list[Span], around: bytes, scanner: Scanner
) -> TableEdit | None:
    """How an edit of a data file is read: only the values on the lines it added, when
    those lines (`around` holds them and the line before each) give no value elsewhere a
    new meaning; None to scan it whole (and a text file in its spans, as always).

    What the edit's lines say of values on other lines: a field's name or a context word
    in a header or column list (where rows name no field: CSV, SQL), or in a key that opens
    a block of values (JSON, YAML); a context word elsewhere is context for the next cell
    only, which the partial read scans too (see CellScanner._edited_cells). Key blocks
    span lines, and text in another encoding than UTF-8, or with lone carriage returns,
    has no line numbers that its bytes tell: these are read whole.
    """
    data = version.data
    if reader_for(version.path) is None or not version.is_text or version.has_pem:
        return None
    if version.table is _UNKNOWN_TABLE:
        return None
    encoding = sniff_encoding(data[:SNIFF_BYTES])
    if encoding is None or not encoding.is_utf8 or encoding.bom_length:
        return None
    # A lone carriage return ends a line for some readers, not for the edit's line numbers.
    if data.count(b"\r") != data.count(b"\r\n"):
        return None
    heads = around if rows_name_no_field(version.path) else _block_openers(around)
    if heads and (
        scanner.holds_context_word(heads)
        or scanner.names_a_field(heads, version.table.holds_personal_data)
    ):
        return None
    return TableEdit(NovelLines(data, spans), version.table)


def _pairs_anew(edit: TableEdit, table: TableFacts) -> bool:
    """Whether an edit read in part brought a data file its first personal data: names and
    addresses anywhere in it pair with that, and the edit is read again whole. (An edit
    that removes the file's last personal data is not told apart: the names it adds are
    reported as the file held before.)"""
    return table.holds_personal_data and not edit.before.holds_personal_data


def _block_openers(text: bytes) -> bytes:
    """The lines of `text` that open a block of values (see _OPENS_A_BLOCK)."""
    return b"\n".join(found.group() for found in _OPENS_A_BLOCK.finditer(text))


def _scan_whole(path: str, data: bytes, scanner: Scanner) -> tuple[_Version, Scanned]:
    clean, is_text = _sniff(data)
    version = _Version(path, data, is_text, PEM_BEGIN in data, clean=clean)
    if not _could_match(version, scanner, data, whole=True):
        return version, len(data)
    part = ScanResult()
    scan_content(path, data, scanner, part)
    return _after_scan(version, part), part


def _after_scan(version: _Version, part: ScanResult) -> _Version:
    """The version as its scan found it: a data file read whole tells what its next
    version's edits could change."""
    table = part.tables.get(version.path, version.table)
    return version if table is version.table else replace(version, table=table)


def _version_after(
    old: _Version, new: bytes, region: tuple[int, int] | None, around: bytes
) -> _Version:
    """What `new` is, worked out from what changed since `old`: the first bytes decide
    whether it is text, and a PEM header it did not have stands on one of its novel lines.
    `around` holds those lines and the line before each; a line of those that is not novel
    is one `old` holds too, and `old` holding a header would mean it had one."""
    if region is None:
        has_pem = old.has_pem and PEM_BEGIN in new
        return _Version(old.path, new, old.is_text, has_pem, old.table)
    if region[0] >= SNIFF_BYTES:
        clean, is_text = old.clean, old.is_text
    elif old.clean and not _binary_bytes_changed(old, new, region):
        clean = is_text = True
    else:
        clean, is_text = _sniff(new)
    has_pem = PEM_BEGIN in (new if old.has_pem else around)
    return _Version(old.path, new, is_text, has_pem, old.table, clean)


def _binary_bytes_changed(old: _Version, new: bytes, region: tuple[int, int]) -> bool:
    """Whether `new`'s first bytes hold a byte text lacks, `old`'s being clean: only the
    changed ones can, unless `new` is shorter, when bytes beyond `old`'s first ones move in
    after the change."""
    end = min(SNIFF_BYTES, region[1]) if len(new) >= len(old.data) else SNIFF_BYTES
    return binary_bytes(new[region[0] : end]) > 0


def _sniff(data: bytes) -> tuple[bool, bool]:
    """(clean, is_text) of a blob's first bytes (see _Version)."""
    sample = data[:SNIFF_BYTES]
    if binary_bytes(sample) == 0:
        return True, True
    return False, sniff_encoding(sample) is not None


def _plain_text(version: _Version) -> bool:
    """Text that is no data file and holds no key block: its quick checks read its new
    lines only."""
    return version.is_text and not version.has_pem and reader_for(version.path) is None


def _could_match(version: _Version, scanner: Scanner, text: bytes, whole: bool) -> bool:
    """Whether a blob (`whole`) or its new lines may hold a finding. Key blocks span more
    than a changed line, and binary blobs get a notice, so both are always scanned; so is a
    data file's first version (its field names alone can be findings). An edit to a data
    file is scanned (whole) when its new lines hold a candidate value, a field name or a
    context word, or, where rows name no field (CSV, SQL), when its header declared a field
    that a rule reports: anything else leaves the findings of the version before it as they
    were.
    `text` is what a quick check reads: the new lines and the line before each (see
    lines_around), or the whole blob."""
    if _plain_text(version):
        return scanner.could_match(text)
    if version.has_pem or not version.is_text or whole:
        return True
    if version.table.reports_fields and rows_name_no_field(version.path):
        return True
    return scanner.could_change_table(text, version.table.holds_personal_data)


def _fingerprints_at(repo: Path, base: str, collector: _Collector, scanner: Scanner) -> set[str]:
    """Fingerprints of what the range's findings' files held at BASE: not new in the range."""
    paths = collector.paths()
    paths_of: dict[str, list[str]] = {}
    for base_path, sha in list_tree_blobs(repo, base).items():
        if base_path in paths:
            paths_of.setdefault(sha, []).append(base_path)
    found: set[str] = set()
    for blob in read_blobs(repo, list(paths_of), MAX_BLOB_SIZE):
        if blob.data is None:
            continue
        for base_path in paths_of[blob.sha]:
            part = ScanResult()
            scan_content(base_path, blob.data, scanner, part)
            found.update(f.fingerprint for f in part.findings)
            found.update(c.fingerprint for c in part.columns)
    return found


def scan_staged(
    path: Path,
    config: Config,
    rules: Sequence[Rule],
    progress: ProgressCallback | None = None,
) -> ScanResult:
    """The files the next commit adds or changes, as they are in the index."""
    repo = repository_root(path)
    staged = list_staged_blobs(repo)
    exclude = exclude_spec(config.exclude)
    chosen = {p: sha for p, sha in staged.items() if exclude is None or not exclude.match_file(p)}
    scanner = Scanner(config, rules)
    result = ScanResult()
    paths_of: dict[str, list[str]] = {}
    for staged_path, sha in sorted(chosen.items()):
        paths_of.setdefault(sha, []).append(staged_path)
    shas = list(paths_of)
    read = 0
    for done, blob in enumerate(read_blobs(repo, shas, MAX_BLOB_SIZE), 1):
        read += blob.size
        if progress is not None:
            progress(done, len(shas), read)
        for staged_path in paths_of[blob.sha]:
            if blob.data is None:
                result.notices.append(
                    Notice(NoticeLevel.WARNING, "blob-unreadable", blob.problem or "", staged_path)
                )
                result.stats.files_skipped += 1
                continue
            scan_content(staged_path, blob.data, scanner, result)
    result.findings.sort(key=REPORT_ORDER)
    result.columns.sort(key=lambda c: (c.path, c.line, c.rule_id))
    return result
