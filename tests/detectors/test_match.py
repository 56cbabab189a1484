"""Overlapping matches: the value inside another value is not reported twice."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bharosa.config import Config
from bharosa.detectors.match import SECRET_KIND, Match, resolve_overlaps
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


def _resolved_one_by_one(matches: list[Match]) -> list[Match]:
    """resolve_overlaps as first written: one sort key, a set of the kept matches' keys."""
    pool = list(matches)
    secrets = [m for m in pool if m.rule.kind == SECRET_KIND]
    if secrets:
        pool = [
            m
            for m in pool
            if m.rule.kind == SECRET_KIND
            or not any(m.start < s.end and s.start < m.end for s in secrets)
        ]
    kept: list[Match] = []
    reach, seen = -1, set()
    for match in sorted(pool, key=lambda m: (m.start, -m.end, m.rule.id)):
        key = (match.rule.id, match.start, match.end)
        if key in seen:
            continue
        if match.end <= reach and not any(
            k.start == match.start and k.end == match.end for k in kept[-4:]
        ):
            continue
        seen.add(key)
        kept.append(match)
        reach = max(reach, match.end)
    return sorted(kept, key=lambda m: (m.start, m.end, m.rule.id))


_RULES = [r for r in SCANNER.rules if r.kind != SECRET_KIND][:4] + [
    r for r in SCANNER.rules if r.kind == SECRET_KIND
][:1]
_MATCHES = st.builds(
    lambda rule, start, length: Match(rule, start, start + length, rule.confidence, "v"),
    st.sampled_from(_RULES),
    st.integers(0, 12),
    st.integers(0, 6),
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_MATCHES, max_size=14))
def test_overlaps_resolve_as_first_written(matches: list[Match]) -> None:
    resolved = resolve_overlaps(matches)
    expected = _resolved_one_by_one(matches)
    assert [(m.rule.id, m.start, m.end) for m in resolved] == [
        (m.rule.id, m.start, m.end) for m in expected
    ]
    # The kept matches are the very objects given (the first of a rule's duplicates).
    assert all(any(m is g for g in matches) for m in resolved)
