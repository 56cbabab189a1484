"""JSON report: one object per finding with stable keys, plus notices and a summary."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime, timezone
from typing import Any

from bharosa.findings import ColumnSummary, Finding, Origin
from bharosa.report import RunInfo

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


def finding_record(finding: Finding, show_values: bool) -> dict[str, Any]:
    """A finding as a JSON object; `value` only with --show-values."""
    record: dict[str, Any] = {key: getattr(finding, key) for key in FINDING_KEYS}
    record["severity"] = finding.severity.value
    record["confidence"] = finding.confidence.value
    record["reasons"] = list(finding.reasons)
    if finding.origin is not None:
        record.update(origin_record(finding.origin))
    if show_values:
        record["value"] = finding.reveal()
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
    """The whole report as indented JSON."""
    document: dict[str, Any] = {
        "tool": {"name": "bharosa", "version": run.version},
        "findings": [finding_record(f, run.show_values) for f in findings],
        "notices": [
            {"level": n.level.value, "code": n.code, "message": n.message, "path": n.path}
            for n in run.notices
        ],
        "columns": [column_record(c) for c in run.columns],
        "summary": {"findings": len(findings), "columns": len(run.columns), **asdict(run.stats)},
    }
    if run.commits is not None:
        document["summary"]["commits"] = run.commits
    return json.dumps(document, indent=2, ensure_ascii=True) + "\n"
