"""Customer dictionaries: the user's own terms (names, domains, account ids) found in text.

A plain dictionary is a terms file matched with one Aho-Corasick pass, case-insensitive,
on word boundaries, however many terms it holds. A hashed dictionary holds only keyed
digests (BLAKE2b with a secret key) written by `bharosa dictionary hash`, so the customer
list itself is never committed: at scan time the tokens of the declared shapes (emails,
words and runs of words, ids matching a pattern) are hashed with the same key and looked up.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import re2

from bharosa.config import DictionarySpec
from bharosa.detectors.keywords import latin1_view
from bharosa.detectors.match import Match
from bharosa.detectors.regex import compile_re2
from bharosa.errors import ConfigError
from bharosa.rules.model import Confidence, Rule, RuleExamples
from bharosa.sources.document import Document

HASHED_FORMAT = "bharosa-hashed-dictionary"
HASHED_VERSION = 1
DIGEST_BYTES = 16
_KEY_CHECK_MESSAGE = b"bharosa dictionary key check"
_EMAIL_SHAPE = r"(?i)\b[a-z0-9][a-z0-9._%+'-]{0,63}@(?:[a-z0-9-]{1,63}\.)+[a-z]{2,63}\b"
_WORD = r"[\pL\pN](?:[\pL\pN\pM'’.\-]*[\pL\pN\pM])?"
_WORD_CHARS = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def normalize_term(term: str) -> str:
    """The form terms and tokens are compared in: NFKC, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", term).casefold().split())


def read_terms(path: Path) -> list[str]:
    """The terms of a terms file: one a line, blank lines and `#` comments skipped."""
    try:
        text = path.read_text("utf-8-sig")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read dictionary terms ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: dictionary terms must be UTF-8 text") from None
    terms = []
    for line in text.splitlines():
        term = normalize_term(line)
        if term and not term.startswith("#"):
            terms.append(term)
    return terms


def keyed_digest(key: bytes, token: str) -> bytes:
    """The keyed hash of a normalized token."""
    return hashlib.blake2b(
        token.encode("utf-8", "surrogatepass"), key=key[:64], digest_size=DIGEST_BYTES
    ).digest()


def key_check(key: bytes) -> str:
    """A short value that tells whether two keys are the same, without revealing the key."""
    return keyed_digest(key, _KEY_CHECK_MESSAGE.decode()).hex()[:16]


def hash_terms(terms: Sequence[str], key: bytes, patterns: Sequence[str] = ()) -> dict[str, Any]:
    """The hashed dictionary document for `terms`: digests plus the token shapes to try."""
    shapes = []
    if any("@" in term for term in terms):
        shapes.append("email")
    words = [term for term in terms if "@" not in term]
    if words:
        most = max(len(term.split(" ")) for term in words)
        shapes.append(f"words:{most}")
    shapes.extend(f"pattern:{p}" for p in patterns)
    digests = sorted({keyed_digest(key, normalize_term(term)).hex() for term in terms})
    return {
        "format": HASHED_FORMAT,
        "version": HASHED_VERSION,
        "algorithm": f"blake2b-{DIGEST_BYTES * 8}-keyed",
        "key_check": key_check(key),
        "shapes": shapes,
        "digests": digests,
    }


def dictionary_rule(spec: DictionarySpec) -> Rule:
    """The rule findings of a dictionary are reported under."""
    return Rule(
        id=f"dict.{spec.name}",
        name=f"Term from the '{spec.name}' customer dictionary",
        description=(
            f"A term listed in the '{spec.name}' customer dictionary ({spec.source.name}). "
            "Terms are the organisation's own list of customers' names, domains or "
            "account ids; their presence in the repository ties it to customers. "
            "Fix: remove the term or replace it with an invented one."
        ),
        kind=spec.kind,
        severity=spec.severity,
        confidence=Confidence.HIGH,
        examples=RuleExamples(positive=(), negative=()),
        source=str(spec.source),
        mask="initial",
        tags=("dictionary",),
    )


class DictionaryDetector:
    """Finds the terms of every configured dictionary in documents."""

    def __init__(self, specs: Sequence[DictionarySpec], environ: dict[str, str]) -> None:
        self._plain = [_PlainDictionary(spec) for spec in specs if not spec.hashed]
        self._hashed = [_HashedDictionary(spec, environ) for spec in specs if spec.hashed]

    @property
    def active(self) -> bool:
        """Whether any dictionary is configured."""
        return bool(self._plain or self._hashed)

    @property
    def rules(self) -> list[Rule]:
        """The rules the dictionaries report under."""
        return [d.rule for d in self._plain] + [d.rule for d in self._hashed]

    def find(self, document: Document) -> list[Match]:
        """Every dictionary term in the document's window."""
        if not document.data or not (self._plain or self._hashed):
            return []
        matches: list[Match] = []
        if self._plain:
            view = latin1_view(document.data)
            for dictionary in self._plain:
                matches.extend(dictionary.find(document, view))
        for hashed in self._hashed:
            matches.extend(hashed.find(document))
        matches.sort(key=lambda m: (m.start, m.end, m.rule.id))
        return matches


class _PlainDictionary:
    def __init__(self, spec: DictionarySpec) -> None:
        import ahocorasick

        self.rule = dictionary_rule(spec)
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_LENGTH)
        for term in read_terms(spec.source):
            self._automaton.add_word(term.encode("utf-8").decode("latin-1"))
        if len(self._automaton):
            self._automaton.make_automaton()

    def find(self, document: Document, view: str) -> Iterator[Match]:
        if not len(self._automaton):
            return
        data = document.data
        for last, length in self._automaton.iter(view):
            start, end = last + 1 - length, last + 1
            if not document.owns(start) or not _on_word_boundaries(data, start, end):
                continue
            value = data[start:end].decode("utf-8", "replace")
            yield Match(self.rule, start, end, self.rule.confidence, value)


class _HashedDictionary:
    def __init__(self, spec: DictionarySpec, environ: dict[str, str]) -> None:
        self.rule = dictionary_rule(spec)
        key = environ.get(spec.key_env, "").encode()
        if not key:
            raise ConfigError(
                f"dictionary {spec.name!r}: set the environment variable {spec.key_env} "
                "to the key the dictionary was hashed with"
            )
        document = _read_hashed(spec.source)
        if document["key_check"] != key_check(key):
            raise ConfigError(
                f"{spec.source}: the key in {spec.key_env} is not the key this dictionary "
                "was hashed with"
            )
        self._key = key
        self._digests = frozenset(bytes.fromhex(d) for d in document["digests"])
        self._shapes = [_Shape.parse(s, spec.source) for s in (spec.shapes or document["shapes"])]

    def find(self, document: Document) -> Iterator[Match]:
        if not self._digests:
            return
        seen: set[tuple[int, int]] = set()
        for shape in self._shapes:
            for start, end, token in shape.tokens(document.data):
                if (start, end) in seen or not document.owns(start):
                    continue
                if keyed_digest(self._key, normalize_term(token)) in self._digests:
                    seen.add((start, end))
                    yield Match(self.rule, start, end, self.rule.confidence, token)


@dataclass(frozen=True)
class _Shape:
    """How candidate tokens are cut from text: emails, runs of up to N words, or a pattern."""

    pattern: Any
    max_words: int = 1

    @classmethod
    def parse(cls, text: str, source: Path) -> _Shape:
        kind, _, argument = text.partition(":")
        try:
            if kind == "email":
                return cls(re2.compile(_EMAIL_SHAPE))
            if kind == "words":
                return cls(re2.compile(_WORD), max(1, int(argument or "1")))
            if kind == "pattern" and argument:
                return cls(compile_re2(argument))
        except ValueError as exc:  # PatternError included
            raise ConfigError(f"{source}: bad dictionary shape {text!r}: {exc}") from None
        raise ConfigError(
            f"{source}: unknown dictionary shape {text!r} (email, words:N, pattern:REGEX)"
        )

    def tokens(self, data: bytes) -> Iterable[tuple[int, int, str]]:
        spans = [m.span() for m in self.pattern.finditer(data)]
        for index, (start, end) in enumerate(spans):
            yield start, end, data[start:end].decode("utf-8", "replace")
            for width in range(2, self.max_words + 1):
                if index + width > len(spans):
                    break
                last_end = spans[index + width - 1][1]
                between = data[spans[index + width - 2][1] : spans[index + width - 1][0]]
                if between.strip(b" \t"):
                    break
                words = data[start:last_end].decode("utf-8", "replace")
                yield start, last_end, " ".join(words.split())


def _read_hashed(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read hashed dictionary ({exc.strerror})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: not a hashed dictionary ({exc})") from None
    if not isinstance(document, dict) or document.get("format") != HASHED_FORMAT:
        raise ConfigError(f"{path}: not a hashed dictionary written by `bharosa dictionary hash`")
    if document.get("version") != HASHED_VERSION:
        raise ConfigError(f"{path}: hashed dictionary version {document.get('version')!r} unknown")
    for field, kind in (("key_check", str), ("shapes", list), ("digests", list)):
        if not isinstance(document.get(field), kind):
            raise ConfigError(f"{path}: hashed dictionary field {field!r} is missing or wrong")
    return document


def _on_word_boundaries(data: bytes, start: int, end: int) -> bool:
    before = data[start - 1] if start > 0 else 0x20
    after = data[end] if end < len(data) else 0x20
    return _is_boundary(before, data[start]) and _is_boundary(after, data[end - 1])


def _is_boundary(neighbour: int, edge: int) -> bool:
    """No word character next to the term's edge, judged in the edge's own script."""
    if edge >= 0x80:
        return neighbour < 0x80 and neighbour not in _WORD_CHARS
    return neighbour >= 0x80 or neighbour not in _WORD_CHARS
