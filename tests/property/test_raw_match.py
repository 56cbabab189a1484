"""The detectors' own RE2 loops (`all_spans`, `found_in`) answer what the google-re2
wrapper's `finditer` and `search` answer, empty matches and optional groups included."""

from __future__ import annotations

import re2
from hypothesis import example, given
from hypothesis import strategies as st

from bharosa.detectors.regex import all_spans, found_in, raw_match
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
    matcher = raw_match(compiled)
    assert all_spans(matcher, data, group) == [m.span(group) for m in compiled.finditer(data)]
    assert found_in(matcher, data) == (compiled.search(data) is not None)
