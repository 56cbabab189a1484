"""JSON report: one object per finding with stable keys, plus notices and a summary."""

from __future__ import annotations

import heapq
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from operator import itemgetter
from typing import Any, TextIO

from bharosa.findings import (
    REPORT_ORDER,
    ColumnSummary,
    Finding,
    ReportKey,
    finding_json,
    origin_record,
)
from bharosa.json_text import dumps_indented
from bharosa.report import RunInfo
from bharosa.spill import Spilled, read_spilled


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
    for _, record in every_record(findings, run.spilled, run.show_values):
        out.write(",\n    " if count else "\n    ")
        out.write(record)
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


def every_record(
    findings: Sequence[Finding], spilled: Sequence[Spilled], show_values: bool
) -> Iterator[tuple[ReportKey, str]]:
    """The JSON records of the run's findings and of the spilled ones, merged in report
    order (spill files are in reading order, which is line order)."""
    held = ((REPORT_ORDER(f), finding_json(f, show_values)) for f in findings)
    if not spilled:
        return held
    return heapq.merge(
        held, *(_spilled_records(s, show_values) for s in spilled), key=itemgetter(0)
    )


def _spilled_records(spilled: Spilled, show_values: bool) -> Iterator[tuple[ReportKey, str]]:
    """A spill file's records, as finding_json writes them: their value is never on disk,
    so it is null with --show-values (the record's last key)."""
    if not show_values:
        yield from read_spilled(spilled)
        return
    for key, record in read_spilled(spilled):
        yield key, record[:-1] + ', "value": null}'


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=True)
