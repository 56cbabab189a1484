"""Text report for people: findings grouped by file, masked values, a summary line."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from itertools import groupby

from bharosa.findings import Finding, Origin, column_key, display_value
from bharosa.notices import NoticeLevel
from bharosa.report import RunInfo
from bharosa.rules.model import Severity

_COLORS = {"error": "31", "warning": "33", "note": "36", "path": "1", "dim": "2"}


def printable(text: str) -> str:
    """A path or message safe to print: control characters and undecodable bytes escaped."""
    if text.isprintable():
        return text
    return "".join(
        ch if ch.isprintable() and not 0xD800 <= ord(ch) <= 0xDFFF else _escape(ch) for ch in text
    )


def _escape(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte, kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    return ch.encode("unicode_escape").decode("ascii")


def _paint(text: str, style: str, color: bool) -> str:
    return f"\x1b[{_COLORS[style]}m{text}\x1b[0m" if color else text


@dataclass(frozen=True)
class _Row:
    path: str
    line: int
    column: int
    severity: Severity
    confidence: str
    value: str
    rule_id: str
    description: str


def render_text(findings: Sequence[Finding], run: RunInfo) -> str:
    """Findings grouped by file (a data file's columns as one line each), then notices,
    then one summary line."""
    lines: list[str] = []
    for path, grouped in groupby(_rows(findings, run), key=lambda r: r.path):
        rows = list(grouped)
        lines.append(_paint(printable(path), "path", run.color))
        where = [f"{r.line}:{r.column}" for r in rows]
        where_width = max(len(w) for w in where)
        value_width = max(len(r.value) for r in rows)
        rule_width = max(len(r.rule_id) for r in rows)
        for row, place in zip(rows, where, strict=True):
            severity = _paint(f"{row.severity.value:<7}", row.severity.value, run.color)
            lines.append(
                f"  {place:>{where_width}}  {severity}  {row.confidence:<6}  "
                f"{row.value:<{value_width}}  {row.rule_id:<{rule_width}}  "
                + _paint(row.description, "dim", run.color)
            )
        lines.append("")
    shown = [n for n in run.notices if run.verbose or n.level is NoticeLevel.WARNING]
    if shown:
        lines.append("notices:")
        lines.extend(f"  {n.level.value}: {printable(n.render())}" for n in shown)
        lines.append("")
    lines.append(summary_line(findings, run))
    if run.purge_plan is not None:
        lines.extend(["", *purge_steps(run.purge_plan)])
    return "\n".join(lines) + "\n"


def describe_origin(origin: Origin | None) -> str:
    """`; added in 1a2b3c4d5e on 2024-03-01, still in HEAD` for a history finding."""
    if origin is None:
        return ""
    day = datetime.fromtimestamp(origin.author_time, tz=timezone.utc).strftime("%Y-%m-%d")
    where = "still in HEAD" if origin.in_head else "gone from HEAD"
    return f"; added in {origin.commit[:10]} on {day}, {where}"


def purge_steps(plan: str) -> list[str]:
    """What to do with a purge plan: history rewriting is only one step of it."""
    return [
        f"Purge plan written to {printable(plan)} (it holds the raw values: keep it private,",
        "delete it when done). To remove the values from history:",
        "  1. Rotate every secret and tell the affected customers first: rewriting history",
        "     does not recall clones, forks, caches or CI logs that already hold them.",
        f"  2. In a fresh clone: git filter-repo --replace-text {printable(plan)}",
        "     (for whole data exports, `git filter-repo --invert-paths --path FILE` too).",
        "  3. Force-push every branch and tag: git push --force --all && git push --force --tags",
        "  4. Ask every collaborator to re-clone (old clones still hold the values), and ask",
        "     your Git host to purge cached views and pull request refs.",
    ]


def _rows(findings: Sequence[Finding], run: RunInfo) -> list[_Row]:
    """One row per finding, except findings of a summarised column: one row per column."""
    summarised = {column_key(c) for c in run.columns}
    rows = [
        _Row(
            path=f.path,
            line=f.line,
            column=f.start_column,
            severity=f.severity,
            confidence=f.confidence.value,
            value=printable(display_value(f, run.show_values)),
            rule_id=f.rule_id,
            description=f.rule_name
            + (f" ({', '.join(f.reasons)})" if f.reasons else "")
            + describe_origin(f.origin),
        )
        for f in findings
        if column_key(f) not in summarised
    ]
    rows.extend(
        _Row(
            path=c.path,
            line=c.line,
            column=c.header_column or 1,
            severity=c.severity,
            confidence=c.confidence.value,
            value=printable(
                f"{c.masked_sample} (+{c.count - 1})" if c.count > 1 else c.masked_sample
            ),
            rule_id=c.rule_id,
            description=f"{c.rule_name}: {'~' if c.estimated else ''}"
            f"{_count(c.count, 'value')} in column "
            f"'{printable(c.column_label)}'"
            + (f" of {printable(c.table)}" if c.table else "")
            + describe_origin(c.origin),
        )
        for c in run.columns
    )
    rows.sort(key=lambda r: (r.path, r.line, r.column, r.rule_id))
    return rows


def summary_line(findings: Sequence[Finding], run: RunInfo) -> str:
    """`3 findings (2 error, 1 warning) in 2 files; 40 files scanned (1.2 MB), 1 skipped`."""
    stats = run.stats
    unit = "file" if run.commits is None else "blob"
    scanned = f"{_count(stats.files, unit)} scanned ({_size(stats.bytes_scanned)})"
    if run.commits is not None:
        scanned += f" from {_count(run.commits, 'commit')}"
    extras = []
    if stats.files_skipped:
        extras.append(f"{stats.files_skipped} skipped")
    suppressed = stats.suppressed_inline + stats.suppressed_by_config
    if suppressed:
        extras.append(f"{suppressed} suppressed")
    if stats.suppressed_by_baseline:
        extras.append(f"{stats.suppressed_by_baseline} in the baseline")
    tail = scanned + "".join(f", {e}" for e in extras)
    # Values a column did not hold are findings in the count; each such column holds its
    # first value, so their files are those of the findings.
    by_severity = Counter(f.severity.value for f in findings)
    by_severity.update({severity.value: count for severity, count in run.unheld.items()})
    total = sum(by_severity.values())
    if not total:
        return f"No findings; {tail}."
    counts = ", ".join(
        f"{by_severity[s]} {s}" for s in ("error", "warning", "note") if by_severity[s]
    )
    files = len({f.path for f in findings})
    return f"{_count(total, 'finding')} ({counts}) in {_count(files, 'file')}; {tail}."


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' * (number != 1)}"


def _size(count: int) -> str:
    size = float(count)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{size:.1f} GB"
