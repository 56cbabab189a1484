"""What a rule is: data loaded from a rule pack, validated, immutable."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    """How bad a finding is, in SARIF's terms."""

    NOTE = "note"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """Orders severities: note < warning < error."""
        return _SEVERITY_RANK[self]


class Confidence(str, Enum):
    """How sure the rule is that a match is real data and not a look-alike."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        """Orders confidences: low < medium < high."""
        return _CONFIDENCE_RANK[self]


_SEVERITY_RANK = {Severity.NOTE: 0, Severity.WARNING: 1, Severity.ERROR: 2}
_CONFIDENCE_RANK = {Confidence.LOW: 0, Confidence.MEDIUM: 1, Confidence.HIGH: 2}


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
