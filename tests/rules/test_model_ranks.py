"""Severities and confidences are ordered by rank, in every process a scan runs in."""

from __future__ import annotations

import pickle

from bharosa.rules.model import Confidence, Severity


def test_ranks_order_severities_and_confidences() -> None:
    assert [s.rank for s in (Severity.NOTE, Severity.WARNING, Severity.ERROR)] == [0, 1, 2]
    assert [c.rank for c in (Confidence.LOW, Confidence.MEDIUM, Confidence.HIGH)] == [0, 1, 2]
    # The rank is no member of its own.
    assert len(Severity) == len(Confidence) == 3


def test_ranks_come_back_with_members_sent_to_another_process() -> None:
    for member in (*Severity, *Confidence):
        copy = pickle.loads(pickle.dumps(member))  # noqa: S301 - our own bytes, just made
        assert copy is member and copy.rank == member.rank
