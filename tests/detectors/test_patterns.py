"""The pattern detector: keyword prefilter, value groups, validators and chunk windows."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bharosa.detectors.patterns import PatternDetector
from bharosa.rules.loading import load_rule_pack
from bharosa.rules.model import Rule
from bharosa.sources.document import Document

PACK = """
- id: acme.ticket
  name: Ticket
  description: A ticket id after the word ticket.
  kind: ticket
  severity: note
  confidence: low
  pattern: '(?i)ticket[ :#]+(?P<value>TCK-\\d{6})'
  keywords: [ticket]
  examples:
    positive: ["Ticket: TCK-123456"]
- id: acme.even
  name: Even number
  description: A six-digit number whose validator accepts only even ones.
  kind: number
  severity: warning
  confidence: medium
  pattern: '\\b\\d{6}\\b'
  validator: even
  examples:
    positive: ["123456"]
- id: acme.hindi
  name: Hindi keyword
  description: A code after a Hindi keyword.
  kind: code
  severity: note
  confidence: low
  pattern: 'आधार (?P<value>\\d{4})'
  keywords: ["आधार"]
  examples:
    positive: ["आधार 1234"]
- id: acme.seven
  name: Seven digits
  description: Groups of digits, trimmed until seven digits remain.
  kind: number
  severity: note
  confidence: low
  pattern: '\\b\\d{3}(?: \\d{2,4}){1,3}\\b'
  reject_after: '^ 99'
  validator: seven
  trim: true
  examples:
    positive: ["123 4567"]
"""


def rules(tmp_path: Path) -> list[Rule]:
    path = tmp_path / "pack.yaml"
    path.write_text(PACK, encoding="utf-8")
    return load_rule_pack(path, frozenset({"even", "seven"}), frozenset({"initial"}))


def detector(tmp_path: Path) -> PatternDetector:
    return PatternDetector(
        rules(tmp_path),
        {"even": lambda v: int(v) % 2 == 0, "seven": lambda v: sum(c.isdigit() for c in v) == 7},
    )


def find(d: PatternDetector, text: str) -> list[tuple[str, str]]:
    return [(m.rule.id, m.value) for m in d.find(Document("f", text.encode()))]


def test_value_group_is_the_reported_span(tmp_path: Path) -> None:
    d = detector(tmp_path)
    (match,) = d.find(Document("f", b"see TICKET #TCK-000123 now"))
    assert match.value == "TCK-000123"
    assert (match.start, match.end) == (12, 22)


def test_keyworded_rules_run_only_when_a_keyword_occurs(tmp_path: Path) -> None:
    d = detector(tmp_path)
    assert find(d, "tck-000123 ticket") == []
    assert find(d, "Ticket: TCK-654321") == [("acme.ticket", "TCK-654321")]


def test_non_ascii_keywords(tmp_path: Path) -> None:
    assert find(detector(tmp_path), "नाम, आधार 2345") == [("acme.hindi", "2345")]


def test_validators_see_only_candidates_and_decide(tmp_path: Path) -> None:
    d = detector(tmp_path)
    assert find(d, "111111 222222 333333") == [("acme.even", "222222")]


def test_trim_rules_drop_trailing_groups_and_guard_the_trimmed_end(tmp_path: Path) -> None:
    d = detector(tmp_path)
    # Each value is settled once and remembered: the same values again, the same answers.
    text = "123 4567 99 x, 123 4567 88 x, 123 4567 99 y, 123 4567 88 y, 765 4321"
    assert find(d, text) == [("acme.seven", "123 4567")] * 2 + [("acme.seven", "765 4321")]
    assert find(d, text) == [("acme.seven", "123 4567")] * 2 + [("acme.seven", "765 4321")]
    # Nothing to trim to: refused, each time.
    assert find(d, "123 45 ok, 123 45 ok") == []


def test_matches_come_in_offset_order_across_rules(tmp_path: Path) -> None:
    d = detector(tmp_path)
    found = find(d, "444444 ticket TCK-111111 666666")
    assert found == [
        ("acme.even", "444444"),
        ("acme.ticket", "TCK-111111"),
        ("acme.even", "666666"),
    ]


def test_only_matches_starting_in_the_window_are_reported(tmp_path: Path) -> None:
    d = detector(tmp_path)
    data = b"222222 444444 666666"
    inside = d.find(Document("f", data, window=(7, 14)))
    assert [m.value for m in inside] == ["444444"]


def test_an_empty_document_and_no_rules(tmp_path: Path) -> None:
    assert detector(tmp_path).find(Document("f", b"")) == []
    assert PatternDetector([]).find(Document("f", b"222222")) == []


def builtin_detector() -> PatternDetector:
    from bharosa.detectors.validators import VALIDATORS
    from bharosa.rules.loading import load_rules

    return PatternDetector(load_rules(), VALIDATORS)


def test_could_match_needs_the_context_a_context_only_rule_needs() -> None:
    d = builtin_detector()
    # A date is a birth date only near words that say so.
    assert not d.could_match(b"   pytest-xdist    Oct 17, 2025    5 - Production/Stable")
    assert d.could_match(b"date of birth: Oct 17, 1990")
    # A rule that needs no context word matching beside it is enough.
    assert d.could_match(b"Oct 17, 2025 by asha.iyer@pallavitextiles.in")
    # In a table, the column name gives the context: any candidate counts.
    assert d.could_match(b"Oct 17, 1990", context_elsewhere=True)


def test_could_match_counts_look_alike_digits_and_not_other_non_ascii() -> None:
    d = builtin_detector()
    assert d.could_match("संपर्क: ९८७६५ ४३२१०".encode())
    assert not d.could_match("用于测试 pytest 的插件 🪵".encode())


BUILTIN = builtin_detector()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "asha.iyer@pallavitextiles.in",
                "born",
                "Oct 17, 1990",
                "98765 43210",
                "४५",
                " ",
                "\n",
                "4539 1488 0343 6467",
                "ABCPE1234F",
                "DOB",
                "mobile",
                "x",
                "2341 2341 2346",
                "password",
                "=",
                "SSN",
                "123-45-6789",
                "１２３",
            ]
        ),
        max_size=20,
    )
)
def test_could_match_is_true_wherever_find_finds(parts: list[str]) -> None:
    d = BUILTIN
    data = "".join(parts).encode()
    if d.find(Document("f", data)):
        assert d.could_match(data)


@pytest.mark.parametrize(
    "text",
    [
        "asha.iyer@pallavitextiles.in",
        "date of birth: Oct 17, 1990",
        "card 4539 1488 0343 6467",
        "card ४५३९ १४८८ ०३४३ ६४६७",
        "SSN 123-45-6789",
    ],
)
def test_could_match_says_yes_where_find_finds(text: str) -> None:
    # The property above holds only where find finds something: these it does.
    data = text.encode()
    assert BUILTIN.find(Document("f", data))
    assert BUILTIN.could_match(data)
