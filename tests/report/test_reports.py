"""The text and JSON reports: grouped, masked, stable keys, escaped paths."""

from __future__ import annotations

import json
from pathlib import Path

from bharosa.config import Config
from bharosa.findings import FINDING_KEYS, Finding
from bharosa.notices import Notice, NoticeLevel
from bharosa.pipeline import Scanner
from bharosa.report import RunInfo
from bharosa.report.json import render_json
from bharosa.report.text import printable, render_text
from bharosa.rules.loading import load_rules
from bharosa.sources.document import Document
from bharosa.stats import ScanStats

EMAILS = ("priya.sharma@kavyatextiles.in", "d.okafor@brightwaterfoods.com")


def findings() -> list[Finding]:
    scanner = Scanner(Config(root=Path()), load_rules())
    stats = ScanStats()
    out = []
    out += scanner.scan_document(Document("b.csv", f"email\n{EMAILS[0]}\n".encode()), stats)
    out += scanner.scan_document(Document("a.txt", f"x {EMAILS[1]} y {EMAILS[0]}".encode()), stats)
    return sorted(out, key=lambda f: f.sort_key)


def run_info(**kwargs: object) -> RunInfo:
    stats = ScanStats(files=3, bytes_scanned=2048, files_skipped=1)
    notices = (
        Notice(NoticeLevel.WARNING, "special-file", "FIFO skipped: not a regular file", "p"),
        Notice(NoticeLevel.INFO, "binary", "binary file skipped", "logo.png"),
    )
    return RunInfo(version="9.9", stats=stats, notices=notices, **kwargs)  # type: ignore[arg-type]


def test_text_groups_by_file_and_masks() -> None:
    text = render_text(findings(), run_info())
    assert text.index("a.txt") < text.index("b.csv")
    assert "p***@k***.in" in text and "d***@b***.com" in text
    assert not any(e in text for e in EMAILS)
    assert "warning: p: FIFO skipped" in text
    assert "logo.png" not in text
    assert text.rstrip().endswith(
        "3 findings (3 error) in 2 files; 3 files scanned (2.0 KB), 1 skipped."
    )


def test_text_verbose_shows_info_notices_and_show_values_shows_values() -> None:
    text = render_text(findings(), run_info(verbose=True, show_values=True))
    assert "info: logo.png: binary file skipped" in text
    assert all(e in text for e in EMAILS)


def test_text_without_findings() -> None:
    assert render_text([], run_info()).endswith(
        "No findings; 3 files scanned (2.0 KB), 1 skipped.\n"
    )


def test_text_colours_only_when_asked() -> None:
    assert "\x1b[" not in render_text(findings(), run_info())
    assert "\x1b[31m" in render_text(findings(), run_info(color=True))


def test_printable_escapes_control_characters_and_undecodable_bytes() -> None:
    assert printable("a\nb\tc") == "a\\nb\\tc"
    assert printable("caf\udce9.txt") == "caf\\xe9.txt"
    assert printable("नमस्ते.txt") == "नमस्ते.txt"


def test_json_has_stable_keys_and_no_raw_values() -> None:
    text = render_json(findings(), run_info())
    document = json.loads(text)
    assert list(document) == ["tool", "findings", "notices", "columns", "summary"]
    assert all(list(f) == list(FINDING_KEYS) for f in document["findings"])
    assert document["findings"][0]["path"] == "a.txt"
    assert document["summary"]["findings"] == 3
    assert not any(e in text for e in EMAILS)


def test_json_values_only_with_show_values() -> None:
    document = json.loads(render_json(findings(), run_info(show_values=True)))
    assert {f["value"] for f in document["findings"]} == set(EMAILS)
