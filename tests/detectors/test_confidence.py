"""Confidence follows context words and test-data hints."""

from __future__ import annotations

from pathlib import Path

import pytest

from bharosa.config import Config
from bharosa.detectors.confidence import is_test_path
from bharosa.pipeline import Scanner
from bharosa.rules.loading import load_rules
from bharosa.rules.model import Confidence
from bharosa.sources.document import Document

SCANNER = Scanner(Config(root=Path()), load_rules())


def detect(text: str, path: str = "app/data.txt") -> list[tuple[str, Confidence, tuple[str, ...]]]:
    return [
        (m.rule.id, m.confidence, m.reasons)
        for m in SCANNER.detect(Document(path, text.encode()), [])
    ]


def test_context_raises_a_formatted_phone() -> None:
    assert detect("call 98201 37645") == [("pii.phone", Confidence.MEDIUM, ())]
    assert detect("Mobile: 98201 37645") == [("pii.phone", Confidence.HIGH, ("context",))]


def test_context_on_the_line_above_counts() -> None:
    assert detect("Customer phone\n98201 37645")[0][1] is Confidence.HIGH
    assert detect("phone\n\n98201 37645")[0][1] is Confidence.MEDIUM


def test_context_words_need_word_boundaries() -> None:
    assert detect("telegraph 98201 37645")[0][1] is Confidence.MEDIUM
    assert detect("dobby: 1987-04-23") == []
    assert detect("adobe 1987-04-23") == []
    assert detect("DOB 1987-04-23") == [("pii.dob", Confidence.MEDIUM, ("context",))]


def test_camel_case_humps_are_word_boundaries() -> None:
    assert detect("aadhaarNo=987789328793")[0][0] == "pii.in.aadhaar.unformatted"
    assert detect("employeeSsn: '536904399'")[0][0] == "pii.us.ssn.unformatted"
    assert detect("socialSecurityNumber=536904399")[0][0] == "pii.us.ssn.unformatted"
    assert detect("customerMobile: 9820137645")[0][0] == "pii.phone.unformatted"
    assert detect("Adobe 1987-04-23") == []
    assert detect("aadhaarno=987789328793") == []


def test_context_only_rules_need_context() -> None:
    assert detect("9820137645") == []
    assert detect("mobile 9820137645") == [
        ("pii.phone.unformatted", Confidence.MEDIUM, ("context",))
    ]


def test_test_values_are_low_confidence() -> None:
    assert detect("card 4111 1111 1111 1111") == [
        ("pii.card", Confidence.LOW, ("context", "test-value"))
    ]


def test_test_paths_and_example_data_lower_confidence() -> None:
    assert detect("4526 0181 5908 3012", "tests/fixtures/pay.json") == [
        ("pii.card", Confidence.MEDIUM, ("test-path",))
    ]
    assert detect("4526 0181 5908 3012 owner@example.com") == [
        ("pii.card", Confidence.MEDIUM, ("example-data",))
    ]


def test_is_test_path() -> None:
    assert is_test_path("tests/fixtures/a.json")
    assert is_test_path("src/__tests__/x.js")
    assert is_test_path("pkg/test_models.py")
    assert is_test_path("web/app.spec.ts")
    assert is_test_path("service/handler_test.go")
    assert not is_test_path("src/contest/results.csv")
    assert not is_test_path("latest.csv")


def test_min_confidence_drops_lower_findings() -> None:
    from bharosa.stats import ScanStats

    scanner = Scanner(Config(root=Path(), min_confidence=Confidence.MEDIUM), load_rules())
    stats = ScanStats()
    text = b"card 4111 1111 1111 1111\ncard 4526 0181 5908 3012\n"
    findings = scanner.scan_document(Document("a.txt", text), stats)
    assert [f.line for f in findings] == [2]
    assert stats.below_min_confidence == 1


def test_a_markdown_table_header_is_context_for_its_rows() -> None:
    from bharosa.detectors.confidence import ContextIndex

    rows = "".join(f"| Customer {i} | 4174 2180 967{i} |\n" for i in range(30))
    data = (
        "Intro\n\n| Name | Aadhaar |\n| --- | --- |\n" + rows + "\nafter 4174 2180 9677\n"
    ).encode()
    index = ContextIndex(data)
    last_row = data.rindex(b"| Customer 29")
    assert index.near(("aadhaar",), last_row + 16, last_row + 30)
    outside = data.rindex(b"after")
    assert not index.near(("aadhaar",), outside + 6, outside + 20)


def test_an_indented_markdown_table_header_is_context_for_its_rows() -> None:
    from bharosa.detectors.confidence import ContextIndex

    rows = "".join(f"\t  | Customer {i} | 4174 2180 967{i} |\n" for i in range(30))
    data = ("Intro\n\n\t  | Name | Aadhaar |\n\t  | --- | --- |\n" + rows).encode()
    last_row = data.rindex(b"| Customer 29")
    assert ContextIndex(data).near(("aadhaar",), last_row + 16, last_row + 30)
    # Past 63 spaces a line is no table row.
    deep = " " * 64
    data = f"| Aadhaar |\n| --- |\n{deep}| 4174 2180 9677 |\n".encode()
    value = data.rindex(b"4174")
    assert not ContextIndex(data).near(("aadhaar",), value, value + 14)


@pytest.mark.parametrize(
    ("text", "near"),
    [
        # A word up to CONTEXT_BEFORE bytes before the value on its line, or on the line before.
        ("aadhaar " + "x" * 151 + " 4174 2180 9677", True),
        ("aadhaar " + "x" * 152 + " 4174 2180 9677", False),
        ("aadhaar\n" + "x" * 100 + " 4174 2180 9677", True),
        ("aadhaar\n\n4174 2180 9677", False),
        # The nearest word decides: one two lines up does not count, one on the line does.
        ("aadhaar\n\naadhaar 4174 2180 9677", True),
        ("aadhaar\nx\n" + "x" * 20 + " 4174 2180 9677 " + "x" * 20 + "\naadhaar", False),
        # Up to CONTEXT_AFTER bytes after it on its line; not on the line after.
        ("4174 2180 9677 " + "x" * 78 + " aadhaar", True),
        ("4174 2180 9677 " + "x" * 79 + " aadhaar", False),
        ("4174 2180 9677\naadhaar", False),
    ],
)
def test_context_words_count_within_the_lines_and_bytes_around(text: str, near: bool) -> None:
    from bharosa.detectors.confidence import ContextIndex

    data = text.encode()
    value = data.index(b"4174")
    assert ContextIndex(data).near(("aadhaar",), value, value + 14) is near
