"""A raw match: which rule matched where in a document, before it becomes a Finding."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from bharosa.rules.model import Confidence, Rule


@dataclass(frozen=True, slots=True)
class Match:
    """A validated value found by a rule, at byte offsets [start, end) of the document's data."""

    rule: Rule
    start: int
    end: int
    confidence: Confidence
    value: str = field(repr=False)
    reasons: tuple[str, ...] = ()


def resolve_overlaps(matches: Iterable[Match]) -> list[Match]:
    """Matches in offset order, without those lying wholly inside another match.

    A phone number inside an IBAN or digits inside an email are one value, not two.
    Matches of different rules with exactly the same span are all kept; one rule's
    duplicates are dropped.
    """
    ordered = sorted(matches, key=lambda m: (m.start, -m.end, m.rule.id))
    kept: list[Match] = []
    reach = -1
    seen: set[tuple[str, int, int]] = set()
    for match in ordered:
        key = (match.rule.id, match.start, match.end)
        if key in seen:
            continue
        covering = match.end <= reach and not any(
            k.start == match.start and k.end == match.end for k in kept[-4:]
        )
        if covering:
            continue
        seen.add(key)
        kept.append(match)
        reach = max(reach, match.end)
    kept.sort(key=lambda m: (m.start, m.end, m.rule.id))
    return kept
