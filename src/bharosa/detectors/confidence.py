"""How sure a match is: context words near it raise confidence, test-data hints lower it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from bharosa.findings import normalize_value
from bharosa.rules.model import Confidence, Rule
from bharosa.sources.document import Document

# How far around a match context words count: the match's line and the line before it,
# at most this many bytes before the match and after it.
CONTEXT_BEFORE, CONTEXT_AFTER = 160, 80
# Path segments that mark test data, fixtures and samples.
TEST_PATH_SEGMENTS = frozenset(
    {
        "test",
        "tests",
        "testing",
        "testdata",
        "test_data",
        "test-data",
        "__tests__",
        "spec",
        "specs",
        "fixture",
        "fixtures",
        "__fixtures__",
        "mock",
        "mocks",
        "__mocks__",
        "sample",
        "samples",
        "dummy",
        "fake",
        "fakes",
        "faker",
    }
)
_RESERVED_HINT = re.compile(
    rb"(?i)\bexample\.(?:com|net|org)\b|\.(?:example|test|invalid|localhost)\b"
)
_LEVELS = (Confidence.LOW, Confidence.MEDIUM, Confidence.HIGH)


def is_test_path(path: str) -> bool:
    """A path under a test, fixture or sample directory, or a file named like a test."""
    parts = path.lower().replace("\\", "/").split("/")
    if any(part in TEST_PATH_SEGMENTS for part in parts[:-1]):
        return True
    stem, *suffixes = parts[-1].split(".")
    return (
        stem.startswith(("test_", "tests_"))
        or stem.endswith(("_test", "_tests", "_spec"))
        or any(s in ("test", "spec") for s in suffixes[:-1])
    )


@cache
def _context_pattern(words: tuple[str, ...]) -> re.Pattern[bytes]:
    """One pattern for a rule's context words.

    Words match on boundaries where they begin or end with an ASCII letter or digit, and
    the spaces inside a phrase also match `_`, `-` or nothing, so `date of birth` finds
    `date_of_birth` and `dateOfBirth` too.
    """
    parts = []
    for word in words:
        pieces = [re.escape(piece.encode("utf-8")) for piece in word.split()]
        body = rb"[\s_-]?".join(pieces)
        head = rb"(?<![a-z0-9])" if word[:1].isascii() and word[:1].isalnum() else b""
        tail = rb"(?![a-z0-9])" if word[-1:].isascii() and word[-1:].isalnum() else b""
        parts.append(head + body + tail)
    return re.compile(b"|".join(parts), re.IGNORECASE)


class ConfidenceAssessor:
    """Scores matches of one document; built per document so path hints are computed once."""

    def __init__(self, document: Document) -> None:
        self._document = document
        self._test_path = is_test_path(document.path)

    def assess(
        self, rule: Rule, value: str, start: int, end: int
    ) -> tuple[Confidence | None, tuple[str, ...]]:
        """The confidence of a match and why; None when a context-only rule has no context."""
        reasons: list[str] = []
        level = rule.confidence.rank
        if rule.context:
            if self._has_context(rule.context, start, end):
                reasons.append("context")
                if not rule.requires_context:
                    level += 1
            elif rule.requires_context:
                return None, ()
        if rule.test_values and _is_test_value(rule, value):
            return Confidence.LOW, (*reasons, "test-value")
        if self._test_path:
            reasons.append("test-path")
            level -= 1
        if _RESERVED_HINT.search(self._line_around(start, end)):
            reasons.append("example-data")
            level -= 1
        return _LEVELS[max(0, min(level, len(_LEVELS) - 1))], tuple(reasons)

    def _has_context(self, words: Sequence[str], start: int, end: int) -> bool:
        data = self._document.data
        line_start = data.rfind(b"\n", 0, start)
        previous_start = data.rfind(b"\n", 0, max(line_start, 0)) + 1
        low = max(previous_start, start - CONTEXT_BEFORE)
        line_end = data.find(b"\n", end)
        high = min(len(data) if line_end < 0 else line_end, end + CONTEXT_AFTER)
        pattern = _context_pattern(tuple(words))
        return pattern.search(data, low, start) is not None or (
            pattern.search(data, end, high) is not None
        )

    def _line_around(self, start: int, end: int) -> bytes:
        data = self._document.data
        low = max(data.rfind(b"\n", 0, start) + 1, start - CONTEXT_BEFORE)
        line_end = data.find(b"\n", end)
        high = min(len(data) if line_end < 0 else line_end, end + CONTEXT_AFTER)
        return data[low:high]


@cache
def _normalized_test_values(rule: Rule) -> frozenset[str]:
    return frozenset(normalize_value(v, rule.mask) for v in rule.test_values)


def _is_test_value(rule: Rule, value: str) -> bool:
    return normalize_value(value, rule.mask) in _normalized_test_values(rule)
