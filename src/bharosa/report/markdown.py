"""A Markdown summary for people reading a CI run (GitHub's job summary): a table, masked."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from bharosa.findings import Finding, column_key, display_value
from bharosa.report import RunInfo
from bharosa.report.text import describe_origin, printable, summary_line

# Rows shown in the table; a job summary is for reading, the SARIF file has them all.
MAX_ROWS = 50
_SEVERITY_ORDER = {"error": 0, "warning": 1, "note": 2}


@dataclass(frozen=True)
class _Row:
    severity: str
    rule_id: str
    where: str
    value: str
    what: str


def render_markdown_summary(findings: Sequence[Finding], run: RunInfo) -> str:
    """A heading, the counts, and a table of the findings (a data file's column as one row)."""
    rows = _rows(findings, run)
    lines = [f"### bharosa: {_headline(rows)}", "", _cell(summary_line(findings, run)), ""]
    if rows:
        lines += ["| severity | rule | where | value | what |", "| --- | --- | --- | --- | --- |"]
        lines += [
            f"| {r.severity} | `{r.rule_id}` | `{_cell(r.where)}` | `{_cell(r.value)}` "
            f"| {_cell(r.what)} |"
            for r in rows[:MAX_ROWS]
        ]
        if len(rows) > MAX_ROWS:
            lines += ["", f"… and {len(rows) - MAX_ROWS} more in the full report."]
        lines.append("")
    return "\n".join(lines) + "\n"


def _headline(rows: Sequence[_Row]) -> str:
    if not rows:
        return "no customer data or secrets found"
    counts = Counter(r.severity for r in rows)
    parts = [f"{counts[s]} {s}" for s in ("error", "warning", "note") if counts[s]]
    return f"{len(rows)} finding{'s' * (len(rows) != 1)} ({', '.join(parts)})"


def _rows(findings: Sequence[Finding], run: RunInfo) -> list[_Row]:
    summarised = {column_key(c) for c in run.columns}
    rows = [
        _Row(
            f.severity.value,
            f.rule_id,
            f"{printable(f.path)}:{f.line}",
            printable(display_value(f, run.show_values)),
            f.rule_name + describe_origin(f.origin),
        )
        for f in findings
        if column_key(f) not in summarised
    ]
    rows += [
        _Row(
            c.severity.value,
            c.rule_id,
            f"{printable(c.path)}:{c.line}",
            printable(c.masked_sample),
            f"{c.rule_name}: {'~' if c.estimated else ''}{c.count} in column "
            f"'{printable(c.column_label)}'" + describe_origin(c.origin),
        )
        for c in run.columns
    ]
    rows.sort(key=lambda r: (_SEVERITY_ORDER.get(r.severity, 3), r.where, r.rule_id))
    return rows


def _cell(text: str) -> str:
    """Text safe inside a table cell: pipes, backticks and line breaks neutralised."""
    return text.replace("|", "\\|").replace("`", "'").replace("\n", " ")
