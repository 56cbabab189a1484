"""A Set's widened patterns (widen_repeats) match wherever the patterns themselves do, so
picking patterns by the Set never loses a match."""

from __future__ import annotations

import pytest
import re2
from hypothesis import example, given
from hypothesis import strategies as st

from bharosa.detectors import regex
from bharosa.detectors.regex import WidenedSet, widen_repeats
from bharosa.detectors.secrets import gate_sources
from bharosa.rules.loading import load_rules
from tests.property.conftest import budget

_RULES = [rule for rule in load_rules() if rule.pattern is not None]
_PATTERNS = [
    *(rule.pattern or "" for rule in _RULES),
    *(source for source in gate_sources().values() if source is not None),
    r"x{3}y{20,}z{2,30}",
    r"[]{}]{14}[^]{2}]{0,20}\{40}",
    r"\Qa{32}\E7{20}",
    r"\x{37}{14}[[:digit:]{}]{20}",
]
_PIECES = st.sampled_from(
    ["a", "Z", "7", "0" * 12, "ab12" * 5, " ", "-", ".", ":", "@", "_", "\n", "é", "{", "]"]
)


@pytest.mark.parametrize("at_most", [0, 4, 12])
@pytest.mark.parametrize("rule", _RULES, ids=lambda rule: rule.id)
def test_every_example_the_pattern_matches_the_widened_one_matches(
    rule: object, at_most: int
) -> None:
    # Examples with look-alike characters match only once folded: both patterns skip them.
    pattern = re2.compile(rule.pattern)  # type: ignore[attr-defined]
    widened = re2.compile(widen_repeats(rule.pattern, at_most))  # type: ignore[attr-defined]
    examples = rule.examples  # type: ignore[attr-defined]
    matched = [text for text in (*examples.positive, *examples.negative) if pattern.search(text)]
    assert matched
    assert all(widened.search(text) is not None for text in matched)


@budget(ci=1_500, deep=50_000)
@given(
    pattern=st.sampled_from(_PATTERNS),
    at_most=st.sampled_from([0, 4, 12]),
    data=st.lists(_PIECES, max_size=30).map("".join),
)
@example(pattern=r"x{3}y{20,}z{2,30}", at_most=4, data="xxx" + "y" * 20 + "zz")
def test_a_widened_pattern_matches_wherever_the_pattern_does(
    pattern: str, at_most: int, data: str
) -> None:
    if re2.compile(pattern).search(data) is not None:
        assert re2.compile(widen_repeats(pattern, at_most)).search(data) is not None


@pytest.mark.parametrize(
    ("pattern", "widened"),
    [
        (r"[a-z0-9._%+'-]{0,63}@", r"[a-z0-9._%+'-]{0,}@"),
        (r"[0-9a-z]{32}-us[0-9]{1,2}", r"[0-9a-z]{12,}-us[0-9]{1,2}"),
        (r"x{3}y{20,}z{2,30}", r"x{3}y{12,}z{2,}"),
        # Escaped braces, braces and brackets inside a class, a class opening with `]`.
        (r"a\{32}", r"a\{32}"),
        (r"[{]{40}", r"[{]{12,}"),
        (r"[]{40}]", r"[]{40}]"),
        (r"[^]{3,}]{40}", r"[^]{3,}]{12,}"),
        (r"\\{20}", r"\\{12,}"),
        # Quoted text, braced escapes and POSIX classes hold no repeats.
        (r"\Qa{32}\E{20}", r"\Qa{32}\E{12,}"),
        (r"\x{263}{20}\p{Greek}{2}", r"\x{263}{12,}\p{Greek}{2}"),
        (r"[[:alpha:]{}]{20}", r"[[:alpha:]{}]{12,}"),
    ],
)
def test_widen_repeats_opens_only_long_counted_repeats(pattern: str, widened: str) -> None:
    assert widen_repeats(pattern, 12) == widened


def test_a_pattern_whose_widened_form_re2_refuses_goes_in_as_it_is(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(regex, "widen_repeats", lambda pattern, at_most: "(" + pattern)
    options = re2.Options()
    options.log_errors = False
    widened = WidenedSet([re2.compile("a{20}"), re2.compile("b+")], 4, options)
    assert widened.picks(b"b") == [1]
    assert widened.picks(b"a" * 20) == [0]


def test_the_set_picks_widely_and_the_patterns_decide() -> None:
    widened = WidenedSet([re2.compile("x[0-9]{20}"), re2.compile("y")], 4, re2.Options())
    almost = b"x" + b"7" * 5
    assert widened.picks(almost) == [0]
    assert widened.matching(almost) == []
    assert widened.matching(b"x" + b"7" * 20 + b" y") == [0, 1]
