"""Overlapping matches: the value inside another value is not reported twice."""

from __future__ import annotations

from pathlib import Path

from bharosa.config import Config
from bharosa.pipeline import Scanner
from bharosa.rules.loading import load_rules
from bharosa.sources.document import Document

SCANNER = Scanner(Config(root=Path()), load_rules())


def kinds(text: str) -> list[str]:
    return [m.rule.kind for m in SCANNER.detect(Document("a.txt", text.encode()), [])]


def test_numbers_inside_an_iban_are_not_phones() -> None:
    assert kinds("IBAN GB82 WEST 1234 5698 7654 32") == ["iban"]


def test_a_phone_inside_an_email_is_not_reported() -> None:
    assert kinds("9820137645@kavyatextiles.in mobile") == ["email"]


def test_international_phone_is_one_finding() -> None:
    assert kinds("+91 98201 37645") == ["phone"]


def test_separate_values_on_a_line_are_all_kept() -> None:
    assert kinds("anu@kavyatextiles.in, +91 98201 37645, 4526 0181 5908 3012") == [
        "email",
        "phone",
        "card",
    ]
