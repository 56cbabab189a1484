"""JSON report: one object per finding with stable keys, plus notices and a summary."""

from __future__ import annotations

import heapq
import io
import json
import operator
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from datetime import datetime, timezone
from typing import Any, TextIO

from bharosa.findings import REPORT_ORDER, ColumnSummary, Finding, Origin
from bharosa.json_text import dumps_indented
from bharosa.report import RunInfo
from bharosa.spill import Spilled, read_spilled

FINDING_KEYS = (
    "rule_id",
    "rule_name",
    "kind",
    "severity",
    "confidence",
    "path",
    "line",
    "start_column",
    "end_column",
    "masked",
    "fingerprint",
    "reasons",
    "field",
    "row",
    "column_index",
    "table",
)


# The fields of a finding a record holds, read in one call (a report lists thousands).
_RECORD_FIELDS = operator.attrgetter(*FINDING_KEYS)


def finding_record(finding: Finding, show_values: bool) -> dict[str, Any]:
    """A finding as a JSON object; `value` only with --show-values."""
    record: dict[str, Any] = dict(zip(FINDING_KEYS, _RECORD_FIELDS(finding), strict=True))
    record["severity"] = finding.severity.value
    record["confidence"] = finding.confidence.value
    record["reasons"] = list(finding.reasons)
    if finding.origin is not None:
        record.update(origin_record(finding.origin))
    if show_values:
        # Spilled findings were written to disk without their value: null.
        record["value"] = finding.reveal() or None
    return record


def origin_record(origin: Origin) -> dict[str, Any]:
    """A history finding's commit, author date (UTC, ISO 8601) and presence at the tip."""
    return {
        "commit": origin.commit,
        "author_date": iso_date(origin.author_time),
        "in_head": origin.in_head,
    }


def iso_date(timestamp: int) -> str:
    """Unix seconds as an ISO 8601 UTC date and time."""
    return datetime.fromtimestamp(timestamp, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def column_record(column: ColumnSummary) -> dict[str, Any]:
    """A column summary of a data file as a JSON object."""
    record = asdict(column)
    record["severity"] = column.severity.value
    record["confidence"] = column.confidence.value
    record["sample_lines"] = list(column.sample_lines)
    # Columns are counted in code points here; UTF-16 columns are for SARIF.
    record.pop("header_column_utf16")
    origin = record.pop("origin")
    if column.origin is not None and origin is not None:
        record.update(origin_record(column.origin))
    return record


def render_json(findings: Sequence[Finding], run: RunInfo) -> str:
    """The whole report as JSON text."""
    out = io.StringIO()
    write_json(findings, run, out)
    return out.getvalue()


def write_json(findings: Sequence[Finding], run: RunInfo, out: TextIO) -> None:
    """The report written as it is made: one finding a line, spilled findings included, so a
    data file's millions of occurrences are listed without being held in memory."""
    out.write('{\n  "tool": ' + _dumps({"name": "bharosa", "version": run.version}))
    out.write(',\n  "findings": [')
    count = 0
    for finding in every_finding(findings, run.spilled):
        out.write(",\n    " if count else "\n    ")
        out.write(_dumps(finding_record(finding, run.show_values)))
        count += 1
    out.write("\n  ]" if count else "]")
    notices = [
        {"level": n.level.value, "code": n.code, "message": n.message, "path": n.path}
        for n in run.notices
    ]
    summary: dict[str, Any] = {"findings": count, "columns": len(run.columns)}
    summary["partial"] = run.partial is not None
    summary.update(asdict(run.stats))
    if run.commits is not None:
        summary["commits"] = run.commits
    for name, value in (
        ("notices", notices),
        ("columns", [column_record(c) for c in run.columns]),
        ("summary", summary),
    ):
        out.write(f',\n  "{name}": ' + dumps_indented(value))
    out.write("\n}\n")


def every_finding(findings: Sequence[Finding], spilled: Sequence[Spilled]) -> Iterator[Finding]:
    """The run's findings and the spilled ones, merged in report order (spill files are in
    reading order, which is line order)."""
    if not spilled:
        return iter(findings)
    return heapq.merge(findings, *(read_spilled(s) for s in spilled), key=REPORT_ORDER)


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=True)
