"""A raw match: which rule matched where in a document, before it becomes a Finding."""

from __future__ import annotations

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
