"""What a rule is: data loaded from a rule pack, validated, immutable."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    """How bad a finding is, in SARIF's terms."""

    NOTE = "note"
    WARNING = "warning"
    ERROR = "error"

    # Orders severities: note < warning < error (set on each member below).
    rank: int


class Confidence(str, Enum):
    """How sure the rule is that a match is real data and not a look-alike."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    # Orders confidences: low < medium < high (set on each member below).
    rank: int


# Each member's rank is a plain attribute, read for every match a scan scores and counts
# (a property looking it up by the member's hash cost as much as the rest of a check).
for _rank, _severity in enumerate(Severity):
    _severity.rank = _rank
for _rank, _confidence in enumerate(Confidence):
    _confidence.rank = _rank


@dataclass(frozen=True, slots=True)
class RuleExamples:
    """Texts the rule must find (positive) and must not find (negative); run as tests."""

    positive: tuple[str, ...]
    negative: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Rule:
    """One detection rule, as declared in a rule pack.

    A rule finds values with an RE2 `pattern`, with a detect-secrets `plugin`, or, for
    data files, by the names of `fields` (columns, keys) whose values it reports.
    """

    id: str
    name: str
    description: str
    kind: str
    severity: Severity
    confidence: Confidence
    examples: RuleExamples
    source: str
    pattern: str | None = None
    plugin: str | None = None
    fields: tuple[str, ...] = ()
    requires_pairing: bool = False
    keywords: tuple[str, ...] = ()
    validator: str | None = None
    mask: str = "initial"
    context: tuple[str, ...] = ()
    requires_context: bool = False
    reject_before: str | None = None
    reject_after: str | None = None
    trim: bool = False
    test_values: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    enabled: bool = True
    help_uri: str | None = field(default=None)
