"""Severities and confidences are ordered by rank."""

from __future__ import annotations

from bharosa.rules.model import Confidence, Severity


def test_ranks_order_severities_and_confidences() -> None:
    assert [s.rank for s in (Severity.NOTE, Severity.WARNING, Severity.ERROR)] == [0, 1, 2]
    assert [c.rank for c in (Confidence.LOW, Confidence.MEDIUM, Confidence.HIGH)] == [0, 1, 2]
    # The rank is no member of its own.
    assert len(Severity) == len(Confidence) == 3
