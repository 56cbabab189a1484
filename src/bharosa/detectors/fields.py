"""Field names: normalising column and key names, and telling which rule a field falls under.

`billingEmailAddresses`, `CUST_EMAIL`, `e-mail` and `E-Mail-Adresse` all name email
fields: names are split on separators and camelCase, case-folded, plurals made singular,
and leading prefixes that only say whose data it is (`cust`, `customer`, `billing`...)
dropped, then compared with the names the field rules list, normalised the same way.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from bharosa.rules.model import Rule

# Leading words that say whose or which record a field belongs to, not what it holds.
OWNER_PREFIXES = frozenset(
    {
        "cust",
        "customer",
        "client",
        "user",
        "member",
        "billing",
        "shipping",
        "delivery",
        "contact",
        "primary",
        "secondary",
        "alt",
        "alternate",
        "home",
        "work",
        "office",
        "personal",
        "buyer",
        "seller",
        "patient",
        "employee",
        "emp",
        "applicant",
        "guardian",
        "emergency",
        "registered",
        "holder",
        "owner",
        "traveller",
        "traveler",
        "passenger",
        "guest",
        "student",
        "parent",
        "spouse",
        "my",
        "the",
    }
)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
# A prefix is kept when dropping it would leave only one of these.
_GENERIC_WORDS = frozenset({"number", "no", "num", "nr", "id", "code", "date", "type", "value"})
# Words whose trailing `s` is not a plural.
_SINGULAR_ENDINGS = ("ss", "us", "is")


def field_tokens(name: str) -> tuple[str, ...]:
    """The words of a field name: split, case-folded, singular, owner prefixes dropped."""
    text = _CAMEL.sub("_", unicodedata.normalize("NFKC", name)).casefold()
    words: list[str] = []
    current: list[str] = []
    for char in text:
        # Combining marks belong to the word (Devanagari vowel signs, for one).
        if char.isalnum() or unicodedata.category(char).startswith("M"):
            current.append(char)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    words = [_singular(word) for word in words]
    while len(words) > 1 and words[0] in OWNER_PREFIXES:
        if len(words) == 2 and words[1] in _GENERIC_WORDS:
            break
        words.pop(0)
    return tuple(words)


def normalize_field(name: str) -> str:
    """The comparable form of a field name: its words joined by `_`."""
    return "_".join(field_tokens(name))


def _singular(word: str) -> str:
    if word.endswith("sses"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(_SINGULAR_ENDINGS):
        return word[:-1]
    return word


class FieldMatcher:
    """Finds the field rule a field name falls under."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rule for rule in rules if rule.fields)
        self._by_name: dict[str, Rule] = {}
        for rule in self.rules:
            for name in rule.fields:
                self._by_name.setdefault(normalize_field(name), rule)
        self.rule_for = lru_cache(maxsize=4096)(self._rule_for)

    def _rule_for(self, name: str) -> Rule | None:
        """The rule for a field name, or None when the name says nothing sensitive."""
        return self._by_name.get(normalize_field(name))


# A value that is masked (anywhere in it), hashed, a template, shortened for the reader
# (`xoxb-...`) or an invitation to fill in (`YOUR_API_KEY_HERE`). Every value of a
# sensitive column is asked: the whole-value shapes are tried at its start only, not at
# every character as one search of all of them would (5x faster on a name).
_MASKED = r"[*]{3,}|[xX#]{4,}|•{3,}"
_HASHED = (
    r"^(?:[0-9a-fA-F]{32}|[0-9a-fA-F]{40}|[0-9a-fA-F]{64}|[0-9a-fA-F]{128}"
    r"|\$2[abxy]?\$\d\d\$.{53}|\$argon2(?:id|i|d)\$.+|pbkdf2_[a-z0-9]+\$.+|\$[156]\$.+)$"
)
_TEMPLATE = (
    r"(?i:^(?:\{\{.*\}\}|\$\{.*\}|\$[a-z_][a-z0-9_]*|<[^<>]{1,40}>|%\(?[a-z_]+\)?s|\{[a-z_]+\})$)"
)
_ELIDED = r"(?i:^your[_-][a-z0-9_-]*[_-]here$)"
_ELLIPSES = ("...", "…")
_MASKED_ANYWHERE = re.compile(_MASKED)
# Three characters in a row that a mask is made of: what any mask has (re finds a class
# this way far faster than the alternation itself).
_MASK_RUN = re.compile(r"[*xX#•][*xX#•][*xX#•]")
_WHOLE_VALUE = re.compile("|".join((_HASHED, _TEMPLATE, _ELIDED)))
PLACEHOLDER_WORDS = frozenset(
    {
        "redacted",
        "[redacted]",
        "removed",
        "masked",
        "hidden",
        "n/a",
        "na",
        "none",
        "null",
        "nil",
        "nan",
        "unknown",
        "tbd",
        "todo",
        "test",
        "dummy",
        "sample",
        "placeholder",
        "changeme",
        "-",
        "--",
        "?",
    }
)


def is_placeholder_value(value: str) -> bool:
    """A value that stands in for data: masked (`****1234`), hashed, templated, elided
    (`xoxb-...`) or a filler word."""
    text = value.strip()
    return (
        text.casefold() in PLACEHOLDER_WORDS
        or text.endswith(_ELLIPSES)
        or _WHOLE_VALUE.match(text) is not None
        or (_MASK_RUN.search(text) is not None and _MASKED_ANYWHERE.search(text) is not None)
    )
