"""How sure a match is: context words near it raise confidence, test-data hints lower it."""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache, cached_property
from typing import Any

import re2

from bharosa.detectors.keywords import WordLists
from bharosa.detectors.regex import all_spans, raw_match
from bharosa.findings import normalize_value
from bharosa.rules.model import Confidence, Rule
from bharosa.sources.document import Document

# How far around a match context words count: the match's line and the line before it,
# at most this many bytes before the match and after it.
CONTEXT_BEFORE, CONTEXT_AFTER = 160, 80
# How far up a Markdown table's rows are followed to its header.
_TABLE_ROWS_BACK = 500
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
# Authors' and maintainers' own contact details in headers are not customer data.
_AUTHORSHIP = re.compile(rb"(?i)copyright|\(c\)|\xc2\xa9|\bauthors?\b|\bmaintainers?\b")
# Words the hints above cannot match without (they ignore ASCII case). A document holding
# none of them has no line to search for the hint: most documents, and most batches of a
# data file's cells, where a search per value cost ~1-8 us.
_RESERVED_WORDS = (b"example", b".test", b".invalid", b".localhost")
_AUTHORSHIP_WORDS = (b"copyright", b"(c)", b"\xc2\xa9", b"author", b"maintainer")
_LEVELS = (Confidence.LOW, Confidence.MEDIUM, Confidence.HIGH)
_CONTEXT = ("context",)
_TOP = len(_LEVELS) - 1


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
def context_pattern(words: tuple[str, ...]) -> Any:
    """One RE2 pattern finding a rule's context words anywhere in a document.

    Words whose ends are ASCII letters or digits match only with no letter or digit next
    to them (`dob` in `customer_dob`, not in `adobe`), or at a camelCase hump
    (`aadhaarNo`, `employeeSsn`); the spaces inside a phrase also match `_`, `-` or
    nothing, so `date of birth` finds `date_of_birth` and `dateOfBirth`.
    """
    bounded: list[str] = []
    loose: list[str] = []
    for word in words:
        body = r"[\s_-]?".join(re2.escape(piece) for piece in word.split())
        edges = word[:1] + word[-1:]
        if edges.isascii() and edges.isalnum():
            bounded.extend(_bounded_word(word, body))
        else:
            loose.append(body)
    alternatives = [*bounded]
    if loose:
        alternatives.append("(?i:" + "|".join(loose) + ")")
    return re2.compile("|".join(alternatives))


def _bounded_word(word: str, body: str) -> list[str]:
    """Patterns for a word between non-alphanumerics, or starting or ending a camelCase hump."""
    edge, before, after = "(?:^|[^a-zA-Z0-9])", "[a-z0-9]", "(?:[^a-zA-Z0-9]|$)"
    first, last = word[0], word[-1]
    forms = [f"{edge}(?i:{body}){after}"]
    # A lower-case last letter followed by a capital ends the word: `aadhaarNo`.
    if last.isalpha():
        forms.append(f"{edge}(?i:{body[:-1]}){last.lower()}[A-Z]")
    # A capital first letter after a lower-case letter or digit starts it: `employeeSsn`.
    if first.isalpha():
        forms.append(f"{before}{first.upper()}(?i:{body[1:]}){after}")
        if last.isalpha() and len(word) > 2:
            forms.append(f"{before}{first.upper()}(?i:{body[1:-1]}){last.lower()}[A-Z]")
    return forms


# Words nearer together than this on average leave too little of a document to skip for
# lines_near to be worth working out.
_LINES_PER_HIT_BYTES = 256
# A line that may be a Markdown table's row, as _table_header tells one: a `|` within its
# first 64 bytes, after nothing but spaces and tabs.
_TABLE_ROW = re2.compile(rb"(?m)^[ \t]{0,63}\|")


class ContextIndex:
    """Where the context words of each rule stand in one document, found in one pass each."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._hits: dict[tuple[str, ...], list[int]] = {}

    def _hits_of(self, words: tuple[str, ...]) -> list[int]:
        hits = self._hits.get(words)
        if hits is None:
            spans = all_spans(raw_match(context_pattern(words)), self._data)
            hits = [start for start, _ in spans]
            self._hits[words] = hits
        return hits

    def anywhere(self, words: tuple[str, ...]) -> bool:
        """Whether any of the words stands anywhere in the document."""
        return bool(self._hits_of(words))

    def near(self, words: tuple[str, ...], start: int, end: int) -> bool:
        """Whether a word stands on the line of [start, end) or the line before it (at most
        CONTEXT_BEFORE bytes before it, CONTEXT_AFTER after it), or in the header of the
        Markdown table whose row it is in."""
        hits = self._hits_of(words)
        if not hits:
            return False
        data = self._data
        # The last word before the value counts if any does: within reach, and with at most
        # one line break (the line before's end) between.
        before = bisect_left(hits, start)
        if before:
            hit = hits[before - 1]
            if hit >= start - CONTEXT_BEFORE and data.count(b"\n", hit, start) <= 1:
                return True
        # The first word from the value's end on, if within reach and on its line.
        after = bisect_left(hits, end, before)
        if after < len(hits):
            hit = hits[after]
            if hit < end + CONTEXT_AFTER and data.count(b"\n", end, hit + 1) == 0:
                return True
        if not self._table_rows:
            return False
        header = _table_header(data, data.rfind(b"\n", 0, start) + 1)
        if header is None:
            return False
        first = bisect_left(hits, header[0])
        return first < len(hits) and hits[first] < header[1]

    def lines_near(self, words: tuple[str, ...]) -> list[tuple[int, int]] | None:
        """The lines where a value can be `near` one of the words (a line holding one, and
        the line after it) as byte ranges, merged, in order; None when the words are too
        many to be worth it, or a Markdown table's header could be context anywhere below.
        """
        hits = self._hits_of(words)
        data = self._data
        if len(hits) * _LINES_PER_HIT_BYTES > len(data) or self._table_rows:
            return None
        lines: list[tuple[int, int]] = []
        for hit in hits:
            start = data.rfind(b"\n", 0, hit) + 1
            end_of_line = data.find(b"\n", hit)
            after = data.find(b"\n", end_of_line + 1) if end_of_line >= 0 else -1
            end = len(data) if after < 0 else after
            if lines and start <= lines[-1][1] + 1:
                lines[-1] = (lines[-1][0], max(lines[-1][1], end))
            else:
                lines.append((start, end))
        return lines

    @cached_property
    def _table_rows(self) -> bool:
        """Whether any line of the document could be a Markdown table's row."""
        return _TABLE_ROW.search(self._data) is not None


def _table_header(data: bytes, line_start: int) -> tuple[int, int] | None:
    """The header row of the Markdown pipe table a line belongs to (a column's name is
    context for its cells, as in a CSV), or None for a line outside a table."""
    if not data[line_start : line_start + 64].lstrip(b" \t").startswith(b"|"):
        return None
    start = line_start
    for _ in range(_TABLE_ROWS_BACK):
        above = data.rfind(b"\n", 0, max(start - 1, 0)) + 1 if start > 0 else -1
        if above < 0 or not data[above : above + 64].lstrip(b" \t").startswith(b"|"):
            break
        start = above
    end = data.find(b"\n", start)
    return start, len(data) if end < 0 else end


class ConfidenceAssessor:
    """Scores matches of one document; built per document so path hints are computed once."""

    def __init__(self, document: Document, context: ContextIndex | None = None) -> None:
        self._document = document
        self._test_path = is_test_path(document.path)
        self._context = context if context is not None else ContextIndex(document.data)
        hints = _hint_words().found(document.data)
        self._may_hint_reserved = 0 in hints
        self._may_hint_authorship = 1 in hints

    def assess(
        self, rule: Rule, value: str, start: int, end: int
    ) -> tuple[Confidence | None, tuple[str, ...]]:
        """The confidence of a match and why; None when a context-only rule has no context."""
        reasons: tuple[str, ...] = ()
        level = rule.confidence.rank
        if rule.context:
            if self._context.near(rule.context, start, end):
                reasons = _CONTEXT
                if not rule.requires_context:
                    level += 1
            elif rule.requires_context:
                return None, ()
        if rule.test_values and _is_test_value(rule, value):
            return Confidence.LOW, (*reasons, "test-value")
        if self._test_path:
            reasons += ("test-path",)
            level -= 1
        if self._may_hint_reserved or self._may_hint_authorship:
            around = self._line_around(start, end)
            if self._may_hint_reserved and _RESERVED_HINT.search(around):
                reasons += ("example-data",)
                level -= 1
            if self._may_hint_authorship and _AUTHORSHIP.search(around):
                reasons += ("authorship",)
                level -= 1
        return _LEVELS[0 if level < 0 else min(level, _TOP)], reasons

    def _line_around(self, start: int, end: int) -> bytes:
        data = self._document.data
        low = max(data.rfind(b"\n", 0, start) + 1, start - CONTEXT_BEFORE)
        line_end = data.find(b"\n", end)
        high = min(len(data) if line_end < 0 else line_end, end + CONTEXT_AFTER)
        return data[low:high]


@cache
def _hint_words() -> WordLists:
    """The words the reserved-domain (0) and authorship (1) hints cannot match without."""
    return WordLists((_RESERVED_WORDS, _AUTHORSHIP_WORDS))


# Keyed by the values and mask, not the rule: a rule's hash covers every field it has.
@cache
def _normalized_test_values(values: tuple[str, ...], mask: str) -> frozenset[str]:
    return frozenset(normalize_value(v, mask) for v in values)


def _is_test_value(rule: Rule, value: str) -> bool:
    return normalize_value(value, rule.mask) in _normalized_test_values(rule.test_values, rule.mask)
