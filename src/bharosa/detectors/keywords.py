"""The keyword prefilter: one Aho-Corasick automaton over every rule's keywords."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bharosa.rules.model import Rule


def build_keyword_automaton(rules: Sequence[Rule]) -> Any:
    """An automaton mapping each keyword to the indexes of the rules it enables, or None.

    Documents are searched lower-cased and seen as Latin-1 (one character per byte), so
    hit offsets are byte offsets and non-ASCII keywords are stored in that form too.
    """
    keyed: dict[str, set[int]] = {}
    for index, rule in enumerate(rules):
        for keyword in rule.keywords:
            keyed.setdefault(keyword.encode("utf-8").decode("latin-1"), set()).add(index)
    if not keyed:
        return None
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for keyword, indexes in keyed.items():
        automaton.add_word(keyword, frozenset(indexes))
    automaton.make_automaton()
    return automaton


def latin1_view(data: bytes) -> str:
    """The lower-cased bytes as a string the automaton can search, offsets unchanged."""
    return data.lower().decode("latin-1")
