"""Baselines: the findings a repository already holds, stored as keyed fingerprints.

A baseline lets a team adopt bharosa on a repository with known leaks: `scan --baseline`
reports only what is not in it. Each entry holds a finding's (or a data-file column's)
keyed fingerprint, rule id, path, line and masked value: never a raw value, never a plain
hash. `key_id`, a keyed digest of a constant, tells a baseline made with another
fingerprint key, whose fingerprints would otherwise silently match nothing.

The file is JSON with a fixed key order, entries sorted by path and line, so it diffs well.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeVar

from bharosa.cell_scan import SAMPLE_LINES
from bharosa.errors import BaselineError
from bharosa.findings import ColumnKey, ColumnSummary, Finding, column_key, fingerprint
from bharosa.json_text import dumps_indented
from bharosa.pipeline import ScanResult

BASELINE_FILE = ".bharosa-baseline.json"
VERSION = 1
TRUE_POSITIVE = "true-positive"
FALSE_POSITIVE = "false-positive"
AUDITS = (TRUE_POSITIVE, FALSE_POSITIVE)
# How the baseline was made, so `baseline update` re-scans the same way: the files of a
# tree, or every blob of its history (whose entries a files scan would wrongly drop).
SCOPES = ("files", "history")
FINDING, COLUMN = "finding", "column"

_KEY_ID_TEXT = "bharosa baseline key id v1"
_DIGEST = re.compile(r"^[0-9a-f]{64}$")
_TOP_KEYS = ("version", "tool", "scope", "key_id", "generated_at", "entries")
_ENTRY_KEYS = {
    "fingerprint",
    "kind",
    "rule_id",
    "path",
    "line",
    "masked",
    "count",
    "column",
    "audit",
    "audited_at",
}

Result = TypeVar("Result", bound=ScanResult)


@dataclass(frozen=True, slots=True)
class BaselineEntry:
    """One known finding, or one data-file column (`kind` "column", with its value count).

    A finding inside a column names the column entry's fingerprint in `column`, so an audit
    can judge a column once. `audit` is None until someone marks it in `baseline audit`.
    """

    fingerprint: str
    rule_id: str
    path: str
    line: int
    masked: str
    kind: str = FINDING
    count: int | None = None
    column: str | None = None
    audit: str | None = None
    audited_at: str | None = None

    @property
    def order(self) -> tuple[str, int, bool, str, str]:
        """Entries are stored by path and line, a column before a value on its line."""
        return (self.path, self.line, self.kind != COLUMN, self.rule_id, self.fingerprint)


@dataclass(frozen=True, slots=True)
class Baseline:
    """A loaded or freshly made baseline file."""

    scope: str
    key_id: str
    generated_at: str
    entries: tuple[BaselineEntry, ...]

    def fingerprints(self) -> frozenset[str]:
        """Every fingerprint the baseline suppresses, whatever its audit mark."""
        return frozenset(entry.fingerprint for entry in self.entries)


@dataclass(frozen=True, slots=True)
class BaselineChanges:
    """What `baseline update` did: entries still found, fixed ones dropped, new ones added."""

    kept: int
    dropped: int
    added: int


@dataclass(frozen=True, slots=True)
class AuditItem:
    """What an audit asks about once: a finding, or a column with the values listed in it."""

    head: BaselineEntry
    members: tuple[BaselineEntry, ...] = ()

    @property
    def entries(self) -> tuple[BaselineEntry, ...]:
        return (self.head, *self.members)

    @property
    def audited(self) -> bool:
        """Whether every entry of the item carries a mark (values added later do not)."""
        return all(entry.audit is not None for entry in self.entries)

    @property
    def audit(self) -> str | None:
        """The item's mark: its head's, once every entry is marked."""
        return self.head.audit if self.audited else None


def key_id(key: bytes) -> str:
    """A keyed digest of a constant: equal for equal keys, and says nothing of the key."""
    return fingerprint(key, "baseline", _KEY_ID_TEXT, "")


def utc_now() -> str:
    """The current time as an ISO 8601 UTC timestamp, to the second."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def baseline_entries(result: ScanResult) -> list[BaselineEntry]:
    """One entry per fingerprint of a run's findings and column summaries, in file order."""
    column_of = {column_key(c): c.fingerprint for c in result.columns}
    entries: dict[str, BaselineEntry] = {}
    for column in result.columns:
        entries.setdefault(
            column.fingerprint,
            BaselineEntry(
                column.fingerprint,
                column.rule_id,
                column.path,
                column.line,
                column.masked_sample,
                kind=COLUMN,
                count=column.count,
            ),
        )
    for finding in result.findings:
        entries.setdefault(
            finding.fingerprint,
            BaselineEntry(
                finding.fingerprint,
                finding.rule_id,
                finding.path,
                finding.line,
                finding.masked,
                column=column_of.get(column_key(finding)),
            ),
        )
    return sorted(entries.values(), key=lambda e: e.order)


def new_baseline(result: ScanResult, scope: str, key: bytes, now: str) -> Baseline:
    """A baseline of everything a run found, nothing audited yet."""
    return Baseline(scope, key_id(key), now, tuple(baseline_entries(result)))


def update_baseline(
    old: Baseline, result: ScanResult, now: str
) -> tuple[Baseline, BaselineChanges]:
    """The baseline for a new run: entries still found keep their audit marks, entries no
    longer found (fixed) are dropped, new findings are added unaudited."""
    previous = {entry.fingerprint: entry for entry in old.entries}
    entries = []
    kept = 0
    for entry in baseline_entries(result):
        known = previous.get(entry.fingerprint)
        if known is not None:
            kept += 1
            entry = replace(entry, audit=known.audit, audited_at=known.audited_at)
        entries.append(entry)
    changes = BaselineChanges(kept, len(previous) - kept, len(entries) - kept)
    unchanged = tuple(entries) == old.entries
    when = old.generated_at if unchanged else now
    return replace(old, entries=tuple(entries), generated_at=when), changes


def apply_baseline(result: Result, baseline: Baseline) -> Result:
    """The run without what the baseline holds, with how many occurrences it suppressed.

    A column in the baseline is reported again only for values not in it, and then with
    only those values; its occurrences past the listed ones are covered by its entry.
    """
    known = baseline.fingerprints()
    findings = [f for f in result.findings if f.fingerprint not in known]
    suppressed = len(result.findings) - len(findings)
    dropped = Counter(column_key(f) for f in result.findings if f.fingerprint in known)
    new_in: dict[ColumnKey, list[Finding]] = {}
    for finding in findings:
        new_in.setdefault(column_key(finding), []).append(finding)
    columns = []
    for column in result.columns:
        key = column_key(column)
        new = new_in.get(key, [])
        if column.fingerprint in known:
            # Everything not held in memory (counted only, or spilled) is covered too.
            suppressed += column.count - dropped[key] - len(new)
            remaining = len(new)
        else:
            remaining = column.count - dropped[key]
        if remaining == column.count:
            columns.append(column)
        elif remaining > 0:
            columns.append(_narrowed(column, new, remaining, column.fingerprint in known))
    stats = replace(result.stats, suppressed_by_baseline=suppressed)
    baselined_columns = frozenset(column_key(c) for c in result.columns if c.fingerprint in known)
    spilled = [
        replace(s, skip_fingerprints=known, skip_columns=baselined_columns) for s in result.spilled
    ]
    return replace(result, findings=findings, columns=columns, stats=stats, spilled=spilled)


def _narrowed(
    column: ColumnSummary, new: Sequence[Finding], remaining: int, baselined: bool
) -> ColumnSummary:
    """A column summary that describes only the values a baseline does not hold."""
    if not new:
        return replace(column, count=remaining)
    return replace(
        column,
        count=remaining,
        listed=len(new),
        severity=max((f.severity for f in new), key=lambda s: s.rank),
        confidence=max((f.confidence for f in new), key=lambda c: c.rank),
        sample_lines=tuple(sorted({f.line for f in new})[:SAMPLE_LINES]),
        masked_sample=new[0].masked,
        estimated=column.estimated and not baselined,
    )


def audit_items(baseline: Baseline, revisit: bool = False) -> list[AuditItem]:
    """What `baseline audit` asks about, in file order: columns once, with their values.

    Without `revisit`, only items with an entry not yet marked.
    """
    members: dict[str, list[BaselineEntry]] = {}
    heads = {e.fingerprint for e in baseline.entries if e.kind == COLUMN}
    for entry in baseline.entries:
        if entry.column in heads:
            members.setdefault(entry.column or "", []).append(entry)
    items = [
        AuditItem(entry, tuple(members.get(entry.fingerprint, ())))
        for entry in baseline.entries
        if entry.column not in heads
    ]
    return [item for item in items if revisit or not item.audited]


def mark(baseline: Baseline, item: AuditItem, audit: str, now: str) -> Baseline:
    """The baseline with every entry of `item` marked `audit` at `now`."""
    if audit not in AUDITS:
        raise ValueError(f"unknown audit mark {audit!r}")
    chosen = {entry.fingerprint for entry in item.entries}
    return replace(
        baseline,
        entries=tuple(
            replace(e, audit=audit, audited_at=now) if e.fingerprint in chosen else e
            for e in baseline.entries
        ),
    )


def audit_counts(baseline: Baseline) -> Counter[str]:
    """How many audit items are marked each way ("unaudited" for the rest)."""
    return Counter(item.audit or "unaudited" for item in audit_items(baseline, revisit=True))


def known_leaks(baseline: Baseline) -> list[AuditItem]:
    """The items marked true positive: suppressed, but still leaks to fix."""
    return [item for item in audit_items(baseline, revisit=True) if item.audit == TRUE_POSITIVE]


def render_baseline(baseline: Baseline) -> str:
    """The baseline file's text: fixed key order, sorted entries, indent 2, final newline."""
    document = {
        "version": VERSION,
        "tool": "bharosa",
        "scope": baseline.scope,
        "key_id": baseline.key_id,
        "generated_at": baseline.generated_at,
        "entries": [_entry_record(e) for e in sorted(baseline.entries, key=lambda e: e.order)],
    }
    return dumps_indented(document) + "\n"


def _entry_record(entry: BaselineEntry) -> dict[str, Any]:
    record: dict[str, Any] = {
        "fingerprint": entry.fingerprint,
        "kind": entry.kind,
        "rule_id": entry.rule_id,
        "path": entry.path,
        "line": entry.line,
        "masked": entry.masked,
    }
    if entry.count is not None:
        record["count"] = entry.count
    if entry.column is not None:
        record["column"] = entry.column
    record["audit"] = entry.audit
    if entry.audited_at is not None:
        record["audited_at"] = entry.audited_at
    return record


def write_baseline(path: Path, baseline: Baseline) -> None:
    """Write the file atomically: a reader sees the old baseline or the new, never half."""
    data = render_baseline(baseline).encode("utf-8")
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        # 0o666 less the umask, like any file the user writes: a baseline is meant to be shared.
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            if path.exists():
                shutil.copymode(path, temporary)
            temporary.replace(path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise BaselineError(f"{path}: cannot write baseline ({exc.strerror})") from None


def load_baseline(path: Path, key: bytes | None) -> Baseline:
    """Read and validate a baseline file; with `key`, refuse one made with another key."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise BaselineError(
            f"{path}: baseline file does not exist (make one with `bharosa baseline create`)"
        ) from None
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read baseline ({exc.strerror})") from None

    def fail(message: str) -> BaselineError:
        return BaselineError(f"{path}: not a valid bharosa baseline: {message}")

    try:
        document = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise fail("not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise fail(f"not valid JSON ({exc.msg} at line {exc.lineno})") from None
    except RecursionError:
        raise fail("JSON nested too deeply") from None
    baseline = _parse(document, fail)
    if key is not None and baseline.key_id != key_id(key):
        raise BaselineError(
            f"{path}: made with a different fingerprint key: set BHAROSA_FINGERPRINT_KEY "
            "(or fingerprint-key in the config) to that key, or remake it with "
            "`bharosa baseline create --force`"
        )
    return baseline


Fail = Callable[[str], BaselineError]


def _parse(document: Any, fail: Fail) -> Baseline:
    if not isinstance(document, dict):
        raise fail("expected a JSON object")
    version = document.get("version")
    if type(version) is not int or version != VERSION:
        raise fail(f"version {version!r} is not supported (this bharosa reads version {VERSION})")
    _no_unknown_keys(document, _TOP_KEYS, "", fail)
    if document.get("tool") != "bharosa":
        raise fail('tool: must be "bharosa"')
    scope = _one_of(document, "scope", SCOPES, "", fail)
    entries = document.get("entries")
    if not isinstance(entries, list):
        raise fail("entries: must be a list")
    return Baseline(
        scope=scope,
        key_id=_digest(document, "key_id", "", fail),
        generated_at=_string(document, "generated_at", "", fail),
        entries=tuple(_parse_entry(item, f"entries[{i}].", fail) for i, item in enumerate(entries)),
    )


def _parse_entry(item: Any, where: str, fail: Fail) -> BaselineEntry:
    if not isinstance(item, dict):
        raise fail(f"{where[:-1]}: must be an object")
    _no_unknown_keys(item, _ENTRY_KEYS, where, fail)
    kind = _one_of(item, "kind", (FINDING, COLUMN), where, fail)
    count = item.get("count")
    if kind == COLUMN and (type(count) is not int or count < 0):
        raise fail(f"{where}count: a column entry needs a count of values (an integer >= 0)")
    if kind == FINDING and count is not None:
        raise fail(f"{where}count: only column entries have a count")
    column = _digest(item, "column", where, fail) if item.get("column") is not None else None
    line = item.get("line")
    if type(line) is not int or line < 1:
        raise fail(f"{where}line: must be a line number (an integer >= 1)")
    audit = item.get("audit")
    if audit is not None and audit not in AUDITS:
        raise fail(f'{where}audit: must be null, "{TRUE_POSITIVE}" or "{FALSE_POSITIVE}"')
    audited_at = item.get("audited_at")
    if audited_at is not None and not isinstance(audited_at, str):
        raise fail(f"{where}audited_at: must be a string")
    return BaselineEntry(
        fingerprint=_digest(item, "fingerprint", where, fail),
        rule_id=_string(item, "rule_id", where, fail),
        path=_string(item, "path", where, fail),
        line=line,
        masked=_string(item, "masked", where, fail),
        kind=kind,
        count=count if kind == COLUMN else None,
        column=column,
        audit=audit,
        audited_at=audited_at,
    )


def _no_unknown_keys(
    table: Mapping[str, Any], known: Iterable[str], where: str, fail: Fail
) -> None:
    allowed = set(known)
    for key in table:
        if key not in allowed:
            raise fail(f"{where}{key}: unknown key (known: {', '.join(sorted(allowed))})")


def _string(table: Mapping[str, Any], key: str, where: str, fail: Fail) -> str:
    value = table.get(key)
    if not isinstance(value, str):
        raise fail(f"{where}{key}: must be a string")
    return value


def _digest(table: Mapping[str, Any], key: str, where: str, fail: Fail) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not _DIGEST.match(value):
        raise fail(f"{where}{key}: must be a keyed fingerprint (64 lowercase hex digits)")
    return value


def _one_of(
    table: Mapping[str, Any], key: str, allowed: Sequence[str], where: str, fail: Fail
) -> str:
    value = table.get(key)
    if not isinstance(value, str) or value not in allowed:
        names = ", ".join(f'"{a}"' for a in allowed)
        raise fail(f"{where}{key}: must be one of {names} (got {value!r})")
    return value
