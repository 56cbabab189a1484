"""A raw match: which rule matched where in a document, before it becomes a Finding."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import attrgetter

from bharosa.rules.model import Confidence, Rule

SECRET_KIND = "secret"  # noqa: S105 - the name of a kind, not a password


# Not frozen: one is made for every candidate a detector keeps, and again once scored; a
# frozen dataclass's __init__ costs four times as much. Nothing changes one once made.
@dataclass(slots=True)
class Match:
    """A validated value found by a rule, at byte offsets [start, end) of the document's data."""

    rule: Rule
    start: int
    end: int
    confidence: Confidence
    value: str = field(repr=False)
    reasons: tuple[str, ...] = ()


# Matches in offset order: start, end, then rule id (one C-level key, no lambda per match).
OFFSET_ORDER = attrgetter("start", "end", "rule.id")
_START, _END, _RULE_ID = attrgetter("start"), attrgetter("end"), attrgetter("rule.id")


def resolve_overlaps(matches: Iterable[Match]) -> list[Match]:
    """Matches in offset order, without those lying wholly inside another match.

    A phone number inside an IBAN or digits inside an email are one value, not two.
    Secrets come first: `user:password@host` in a URL is a password, not an email, so a
    match overlapping a secret is dropped. Matches of different rules with exactly the
    same span are all kept; one rule's duplicates are dropped.
    """
    pool = list(matches)
    secrets = [m for m in pool if m.rule.kind == SECRET_KIND]
    if secrets:
        pool = [m for m in pool if m.rule.kind == SECRET_KIND or not _overlaps_any(m, secrets)]
    # By start, longest first, then rule id (stable sorts, last key first: no Python key).
    ordered = sorted(pool, key=_RULE_ID)
    ordered.sort(key=_END, reverse=True)
    ordered.sort(key=_START)
    kept: list[Match] = []
    reach = -1
    before: Match | None = None
    for match in ordered:
        # A rule's duplicate comes right after its twin, and goes as its twin went.
        duplicate = (
            before is not None
            and match.start == before.start
            and match.end == before.end
            and match.rule.id == before.rule.id
        )
        before = match
        if duplicate:
            continue
        if match.end <= reach and not any(
            k.start == match.start and k.end == match.end for k in kept[-4:]
        ):
            continue
        kept.append(match)
        reach = max(reach, match.end)
    kept.sort(key=OFFSET_ORDER)
    return kept


def _overlaps_any(match: Match, others: Iterable[Match]) -> bool:
    return any(match.start < other.end and other.start < match.end for other in others)
