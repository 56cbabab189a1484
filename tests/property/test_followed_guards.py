"""Shortcuts of the pattern detector answer as the long way would: an after-guard
answered by the rule's own search (regex.followed_by), a before-guard's answers
remembered by the last bytes that decide them (regex.decided_by_last_bytes), the keyword
automaton skipped where no keyword stands, and a rule that needs a context word searched
only in the lines near one (regex.line_bound, ContextIndex.lines_near)."""

from __future__ import annotations

import dataclasses
from typing import Any
from unittest import mock

import pytest
import re2
from hypothesis import example, given
from hypothesis import strategies as st

from bharosa.detectors.confidence import ContextIndex
from bharosa.detectors.patterns import PatternDetector
from bharosa.detectors.regex import (
    all_spans,
    decided_by_last_bytes,
    followed_by,
    line_bound,
    raw_match,
    unguarded_spans,
)
from bharosa.rules.loading import load_rules
from bharosa.sources.document import Document
from tests.property.conftest import budget

DETECTOR = PatternDetector(load_rules())
FOLDED = [i for i, followed in enumerate(DETECTOR._followed) if followed is not None]
_PIECES = st.sampled_from(
    [
        "98201 37645", "+91 98201 37645", "4111 1111 1111 1111", "2345 6789 0123", "123-45-6789",
        "GB82 WEST 1234 5698 7654 32", "1987-04-23", "2025-01-15T10:20:30Z", "12345.67",
        "0", "7", "-", ".", ",", ":", "/", "%", " ", "\n", "a", "Z", "_", "€", "😀", "x" * 90,
        ",12", ",1", ",123", "+Z", "phone: ", "dob ", "aadhaar ", "born ", "| ", "\n\n",
        "9820137645", "417421809677", "12/03/1990",
    ]
)  # fmt: skip


def test_every_built_in_after_guard_is_answered_by_its_rule_search() -> None:
    with_guard = [i for i, rule in enumerate(DETECTOR.rules) if rule.reject_after is not None]
    assert with_guard == FOLDED


@pytest.mark.parametrize(
    "guard",
    [
        r"\w",  # not anchored after the match
        r"^(?:\b|x)",  # a word boundary looks before the window
        r"^x*",  # no longest match
        r"^x{30}",  # 30 characters may be 120 bytes: past the window
        r"^(?:a|^b)",  # a second start anchor
        r"^\pN",  # RE2's own syntax
        r"^(?m:x$)",  # multi-line: `$` may be the end of any line
    ],
)
def test_guards_that_could_answer_otherwise_are_searched(guard: str) -> None:
    assert followed_by("[0-9]+", guard, 80) is None


def test_a_short_guard_with_an_end_anchor_is_answered_by_the_search() -> None:
    assert followed_by("[0-9]+", r"^(?:,[0-9]{1,2}(?:[^0-9]|$)|%)", 80) is not None


def test_the_search_goes_on_from_the_match_not_from_its_guard() -> None:
    # `123` is followed by a digit (rejected); the guard's `4` starts the next match, `456`.
    email = next(rule for rule in load_rules() if rule.id == "pii.email")
    rule = dataclasses.replace(
        email, pattern="[0-9]{3}", reject_before=None, reject_after="^[0-9]", validator=None
    )
    detector = PatternDetector([rule])
    assert detector._followed[0] is not None
    found = detector.find(Document("ids.txt", b"123456"))
    assert [(m.start, m.end) for m in found] == [(3, 6)]


@budget(ci=300, deep=20_000)
@given(st.lists(_PIECES, max_size=16).map("".join))
@example("2025-01-15T10:20:30Z, 98201 37645,12")
@example("98201 37645" + "x" * 90)
def test_folded_guards_reject_what_searched_guards_reject(text: str) -> None:
    _same_matches_both_ways(text, DETECTOR._followed, FOLDED)


def _same_matches_both_ways(text: str, shortcuts: list[Any], indexes: list[int]) -> None:
    """Each rule's matches with its shortcut (a folded guard, remembered answers) and with
    it set aside (None) are the same."""
    document = Document("data.txt", text.encode())
    context = ContextIndex(document.data)
    for index in indexes:
        matcher = DETECTOR._set.matchers[index]
        taken = DETECTOR._rule_matches(index, matcher, document, document, None, context)
        shortcut, shortcuts[index] = shortcuts[index], None
        try:
            searched = DETECTOR._rule_matches(index, matcher, document, document, None, context)
        finally:
            shortcuts[index] = shortcut
        assert [(m.start, m.end, m.value) for m in taken] == [
            (m.start, m.end, m.value) for m in searched
        ]


REMEMBERED = [i for i, deciding in enumerate(DETECTOR._before_bytes) if deciding is not None]


def test_built_in_before_guards_are_decided_by_their_last_bytes() -> None:
    # pii.email's guard (`://user:pass@` before an address) has no longest match.
    searched = [DETECTOR.rules[i].id for i, rule in enumerate(DETECTOR.rules)
                if rule.reject_before is not None and i not in REMEMBERED]  # fmt: skip
    assert searched == ["pii.email"]


@pytest.mark.parametrize(
    "guard", [r"x", r"\bx$", r"^x$", r"a$|b$", r"x{30}$", r"x*$", r"(?m)x$", r"(?m:x$)", r"(?=x)x$"]
)
def test_before_guards_that_may_need_the_whole_window_are_searched(guard: str) -> None:
    assert decided_by_last_bytes(guard, 80) is None


@budget(ci=300, deep=20_000)
@given(st.lists(_PIECES, max_size=16).map("".join))
@example("€98201 37645 +91 98201 37645 x/4111 1111 1111 1111")
def test_remembered_before_guards_reject_what_searched_ones_reject(text: str) -> None:
    _same_matches_both_ways(text, DETECTOR._before_bytes, REMEMBERED)


_KEYWORD_PIECES = st.sampled_from(
    ["npm_", "NPM_", "nPm_", "github_pat_", "GITHUB_PAT_", "npm", "_", " ", "é", "É", "x", "\n"]
)


@budget(ci=300, deep=20_000)
@given(st.lists(_KEYWORD_PIECES, max_size=12).map("".join))
def test_documents_without_a_keyword_skip_the_automaton(text: str) -> None:
    # The automaton's answer (every rule its keywords enable) whether or not the one-pass
    # look for any keyword comes first.
    data = text.encode()
    checked = DETECTOR._candidates(data)
    with mock.patch.object(DETECTOR, "_any_keyword", re2.compile(b"")):
        assert DETECTOR._candidates(data) == checked


LINE_BOUND = [i for i, bound in enumerate(DETECTOR._line_bound) if bound]


def test_built_in_rules_that_need_context_are_searched_near_it() -> None:
    needing = {rule.id for rule in DETECTOR.rules if rule.requires_context}
    assert {DETECTOR.rules[i].id for i in LINE_BOUND} == needing
    assert "pii.dob" in needing


@budget(ci=300, deep=20_000)
@given(st.lists(_PIECES, max_size=24).map("".join))
@example("dob 1987-04-23 x 1987-04-23\nborn 1987-04-23\n\n1987-04-23 dob")
@example("| dob |\n| --- |\n| 1987-04-23 |")
def test_rules_searched_near_their_words_find_what_a_whole_search_finds(text: str) -> None:
    # Every document's lines worked out, however few its words.
    with mock.patch("bharosa.detectors.confidence._LINES_PER_HIT_BYTES", 0):
        _same_matches_both_ways(text, DETECTOR._line_bound, LINE_BOUND)


@pytest.mark.parametrize(
    ("pattern", "bound"),
    [
        (r"\b[0-9]{7,12}\b", True), (r"(?i)[a-z]+", True), (r"[^a\n]", True), (r".", True),
        (r"(?:ab|c)+", True), (r"[^\s]", True),
        # A line break may be matched: by a class, a category, dot-all, a negation.
        (r"a\sb", False), (r"[^a]", False), (r"(?s).", False), (r"(?s:.)x", False),
        (r"\D", False), (r"[\W]", False), (r"x|\n", False), (r"a\n?", False),
        (r"[\x00-\x20]", False), (r"[^\S]", False), (r"x{0}\n?y", False),
        # Empty matches, back references, syntax Python reads otherwise or not at all.
        (r"x{0,3}", False), (r"(a)\1", False), (r"[[:alpha:]]", False), (r"\pL", False),
        (r"(?=a)b", False),
    ],
)  # fmt: skip
def test_line_bound_patterns(pattern: str, bound: bool) -> None:
    assert line_bound(pattern) is bound


_LINES_TEXT = st.lists(st.sampled_from(["12345678", "1234", " ", "x", "\n", "-", "9" * 13]))


@budget(ci=300, deep=20_000)
@given(
    text=_LINES_TEXT.map("".join),
    cut=st.tuples(st.integers(0, 40), st.integers(0, 40)),
)
def test_a_range_of_lines_gives_the_whole_search_matches_that_start_in_it(
    text: str, cut: tuple[int, int]
) -> None:
    data = text.encode()
    lines = data.split(b"\n")
    first = min(cut) % (len(lines) + 1)
    last = max(first, max(cut) % (len(lines) + 1))
    low = sum(len(line) + 1 for line in lines[:first])
    high = min(len(data), sum(len(line) + 1 for line in lines[: last + 1]) - 1)
    high = max(low, high)
    plain = re2.compile(r"\b[0-9]{7,12}\b")
    inside = [span for span in all_spans(raw_match(plain), data) if low <= span[0] < high]
    assert all_spans(raw_match(plain), data, 0, (low, high)) == inside
    # Guards read past the range's last line as in the whole text (`\s` reads its break).
    for guard in (r"^(?:\w|-[0-9])", r"^\s"):
        guarded = re2.compile(followed_by(r"\b[0-9]{7,12}\b", guard, 80) or "")
        whole = unguarded_spans(raw_match(guarded), data, 1)
        assert unguarded_spans(raw_match(guarded), data, 1, (low, high)) == [
            span for span in whole if low <= span[0] < high
        ]
