"""The detectors' own RE2 loops (`all_spans`, `found_in`) answer what the google-re2
wrapper's `finditer` and `search` answer, empty matches and optional groups included."""

from __future__ import annotations

import re2
from hypothesis import example, given
from hypothesis import strategies as st

from bharosa.detectors.regex import _searching, all_spans, found_in, raw_match
from bharosa.rules.loading import load_rules
from tests.property.conftest import budget

# Patterns that match empty strings, have optional groups, anchors and word boundaries,
# and the built-in rules' own patterns and guards.
_PATTERNS = [
    rb"a*",
    rb"(?P<value>[0-9]+)?x",
    rb"\b[0-9]{2,4}\b",
    rb"^(?:\w|[.:/\-][0-9])",
    rb"(?:[\w.+/#$@\-]|[0-9]:)$",
    rb"(?:)",
    *(
        text.encode()
        for rule in load_rules()
        for text in (rule.pattern, rule.reject_before, rule.reject_after)
        if text is not None
    ),
]
_ALPHABET = st.sampled_from(
    [b"a", b"x", b"7", b"12", b" ", b"-", b".", b":", b"\n", b"@", b"\xc3\xa9"]
)


@budget(ci=1_500, deep=50_000)
@given(
    pattern=st.sampled_from(_PATTERNS),
    data=st.lists(_ALPHABET, max_size=40).map(b"".join),
)
@example(pattern=rb"a*", data=b"baab")
@example(pattern=rb"(?P<value>[0-9]+)?x", data=b"x12x")
def test_raw_loops_answer_as_the_wrapper(pattern: bytes, data: bytes) -> None:
    compiled = re2.compile(pattern)
    group = compiled.groupindex.get("value", 0)
    expected = [m.span(group) for m in compiled.finditer(data)]
    # The C++ matcher, and the public API a google-re2 release without it falls back to.
    for matcher in (raw_match(compiled), _searching(compiled)):
        assert all_spans(matcher, data, group) == expected
        assert found_in(matcher, data) == (compiled.search(data) is not None)


class _PublicOnly:
    """A compiled pattern as a google-re2 release that hides its C++ object would give it."""

    def __init__(self, pattern: bytes) -> None:
        self._compiled = re2.compile(pattern)
        self.groups = self._compiled.groups

    def search(self, data: bytes, pos: int, endpos: int) -> object:
        return self._compiled.search(data, pos, endpos)


def test_a_pattern_without_its_cpp_matcher_is_searched_through_the_wrapper() -> None:
    matcher = raw_match(_PublicOnly(rb"(?P<value>[0-9]+)@"))
    assert all_spans(matcher, b"a 12@ 3@", 1) == [(2, 4), (6, 7)]
    assert not found_in(matcher, b"no digits @")
