"""The JSON report lists every occurrence of a long column, from spill files that hold no
raw value and are gone when the run ends."""

from __future__ import annotations

import json
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bharosa import cell_scan, spill
from bharosa.findings import Finding, column_key, finding_record
from bharosa.rules.model import Confidence, Severity
from tests.conftest import run_cli

LISTED = 5
ROWS = 40


@pytest.fixture(autouse=True)
def few_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Five findings a column in memory: the rest of a 40-row column must be spilled."""
    monkeypatch.setattr(cell_scan, "MAX_LISTED", LISTED)


def customers(root: Path, files: int = 1) -> list[str]:
    root.mkdir(parents=True, exist_ok=True)
    emails = [f"priya.rao{i}@kavyatextiles.in" for i in range(ROWS)]
    for n in range(files):
        rows = "".join(f"{i},{email},Priya Rao\n" for i, email in enumerate(emails))
        (root / f"customers_{n:03d}.csv").write_text("id,email,name\n" + rows)
    return emails


def report(*args: str) -> dict[str, Any]:
    result = run_cli(["scan", *args, "--format", "json"])
    assert result.code == 1, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_json_lists_every_occurrence_with_its_line_row_and_column(tmp_path: Path) -> None:
    customers(tmp_path / "repo")
    document = report(str(tmp_path / "repo"))
    emails = [f for f in document["findings"] if f["rule_id"] == "pii.email"]
    assert [f["line"] for f in emails] == list(range(2, ROWS + 2))
    assert [f["row"] for f in emails] == list(range(1, ROWS + 1))
    assert {f["column_index"] for f in emails} == {1}
    assert {f["field"] for f in emails} == {"email"}
    (column,) = [c for c in document["columns"] if c["rule_id"] == "pii.email"]
    assert (column["count"], column["listed"], column["estimated"]) == (ROWS, ROWS, False)
    assert document["summary"]["findings"] == len(document["findings"])


def test_other_formats_keep_the_bounded_listing(tmp_path: Path) -> None:
    customers(tmp_path / "repo")
    result = run_cli(["scan", str(tmp_path / "repo"), "--format", "sarif"])
    (run,) = json.loads(result.stdout)["runs"]
    (email,) = [r for r in run["results"] if r["ruleId"] == "pii.email"]
    assert len(email["relatedLocations"]) == 10


def test_spilled_occurrences_show_no_value_even_with_show_values(tmp_path: Path) -> None:
    emails = customers(tmp_path / "repo")
    result = run_cli(["scan", str(tmp_path / "repo"), "--format", "json", "--show-values"])
    values = [f["value"] for f in json.loads(result.stdout)["findings"] if f["kind"] == "email"]
    assert values[:LISTED] == emails[:LISTED]
    assert values[LISTED:] == [None] * (ROWS - LISTED)
    assert "listed without their value" in result.stderr


def test_spill_files_hold_no_value_and_are_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    emails = customers(tmp_path / "repo")
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    written: list[bytes] = []
    close = spill.SpillWriter.close

    def keep(writer: spill.SpillWriter) -> spill.Spilled | None:
        done = close(writer)
        if done is not None:
            assert done.file.parent.parent == temp
            assert done.file.parent.stat().st_mode & 0o077 == 0, "a private directory"
            written.append(done.file.read_bytes())
        return done

    monkeypatch.setattr(spill.SpillWriter, "close", keep)
    report(str(tmp_path / "repo"))
    text = b"".join(written).decode()
    assert text.count("\n") == 2 * (ROWS - 1), "the emails and names past the first"
    assert not any(email in text for email in emails)
    assert list(temp.iterdir()) == [], "the spill directory is gone"


def test_a_baselined_long_column_stays_quiet_in_json(tmp_path: Path) -> None:
    customers(tmp_path / "repo")
    baseline = tmp_path / "baseline.json"
    created = run_cli(["baseline", "create", str(tmp_path / "repo"), "-o", str(baseline)])
    assert created.code == 0, created.output
    result = run_cli(
        ["scan", str(tmp_path / "repo"), "--format", "json", "--baseline", str(baseline)]
    )
    assert result.code == 0, result.output
    document = json.loads(result.stdout)
    assert document["findings"] == []
    assert document["summary"]["suppressed_by_baseline"] == 2 * ROWS


def test_two_workers_spill_and_list_what_one_does(tmp_path: Path) -> None:
    customers(tmp_path / "repo", files=70)
    one = report(str(tmp_path / "repo"), "-j", "1")
    two = report(str(tmp_path / "repo"), "-j", "2")
    assert len(one["findings"]) == 70 * 2 * ROWS
    assert one == two


def test_a_spilled_record_is_the_reports_record_without_the_value(tmp_path: Path) -> None:
    finding = Finding(
        "pii.email", "Customer email address", "email", Severity.ERROR, Confidence.HIGH,
        "data/crm.csv", 7, 3, 30, "p***@k***.in", "ab" * 32, ("field",), "email", 6, 1,
        "customers", None, 4, 31, "priya.rao@kavyatextiles.in",
    )  # fmt: skip
    writer = spill.SpillWriter(tmp_path, finding.path)
    writer.add(finding)
    spilled = writer.close()
    assert spilled is not None
    # Every field has a value of its own: one written in another's place shows.
    ((place, record),) = spill.read_spilled(spilled)
    assert place == finding.sort_key
    assert record == json.dumps(finding_record(finding, show_values=False))
    assert b"kavyatextiles" not in spilled.file.read_bytes()


def test_reading_back_leaves_out_what_a_baseline_holds(tmp_path: Path) -> None:
    """Single occurrences by fingerprint, whole columns by their key."""
    base = Finding(
        "pii.email", "Customer email address", "email", Severity.ERROR, Confidence.HIGH,
        "data/crm.csv", 2, 3, 30, "p***@k***.in", "a" * 64, (), "email", 1, 1, None,
    )  # fmt: skip
    findings = [
        replace(base, line=2, fingerprint="a" * 64),
        replace(base, line=3, fingerprint="b" * 64),
        replace(base, line=4, fingerprint="c" * 64, field="backup_email", column_index=2),
    ]
    writer = spill.SpillWriter(tmp_path, base.path)
    for finding in findings:
        writer.add(finding)
    spilled = writer.close()
    assert spilled is not None

    def lines(skipped: spill.Spilled) -> list[int]:
        return [place[1] for place, _ in spill.read_spilled(skipped)]

    assert lines(spilled) == [2, 3, 4]
    assert lines(replace(spilled, skip_fingerprints=frozenset({"b" * 64}))) == [2, 4]
    skip_column = frozenset({column_key(findings[2])})
    assert lines(replace(spilled, skip_columns=skip_column)) == [2, 3]


def test_spilled_occurrences_come_in_report_order(tmp_path: Path) -> None:
    # A batch's values are found by patterns (the emails), then by their column's field
    # rule (card security codes): spilled, they are written in report order all the same.
    root = tmp_path / "repo"
    root.mkdir()
    rows = "".join(f"{i},priya.rao{i}@kavyatextiles.in,{101 + i}\n" for i in range(ROWS))
    (root / "payments.csv").write_text("id,email,cvv\n" + rows)
    findings = report(str(root))["findings"]
    places = [(f["line"], f["start_column"], f["rule_id"]) for f in findings]
    assert places == sorted(places)
    assert {f["rule_id"] for f in findings} == {"pii.email", "field.card-security-code"}
    assert len(findings) == 2 * ROWS
