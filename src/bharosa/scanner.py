"""The Scanner: every detector and suppression, configured once per run, for any document."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from bharosa.config import DEFAULT_PHONE_REGIONS, Config
from bharosa.detectors.confidence import ConfidenceAssessor, ContextIndex, context_pattern
from bharosa.detectors.dictionaries import DictionaryDetector
from bharosa.detectors.fields import FieldMatcher
from bharosa.detectors.match import Match, resolve_overlaps
from bharosa.detectors.patterns import PatternDetector
from bharosa.detectors.phones import check_regions
from bharosa.detectors.secrets import SecretsDetector
from bharosa.detectors.validators import build_validators
from bharosa.errors import ConfigError
from bharosa.findings import Finding, make_finding
from bharosa.notices import Notice
from bharosa.rules.model import Confidence, Rule
from bharosa.sources.document import Document
from bharosa.stats import ScanStats
from bharosa.suppress import AllowDirective, Allowlist, allowed_inline, parse_allow_directives

# What stands between field names and values in tables, keys and markup.
_FIELD_SEPARATORS = re.compile(r"[\n,;\t|:=\"'`<>{}\[\]()]+")
# Around a name: indentation, YAML list dashes, comment and emphasis marks.
_FIELD_MARKS = " -#*/"
_MAX_FIELD_NAME = 64


class Scanner:
    """Detection and suppression for documents, configured once per run."""

    def __init__(
        self,
        config: Config,
        rules: Sequence[Rule],
        spill_dir: Path | None = None,
        hold_column_values: bool = True,
    ) -> None:
        self.config = config
        # Where data files write findings past their in-memory listing; None: not listed.
        self.spill_dir = spill_dir
        # Whether a data file's column holds its listed values as findings (see cell_scan),
        # or only its first value (the rest counted, or spilled for the JSON report).
        self.hold_column_values = hold_column_values
        _check_phone_regions(config)
        self.validators = build_validators(config.phone_regions)
        self.field_rules = [rule for rule in rules if rule.fields]
        # Built once per run: normalising every field name takes milliseconds.
        self.field_matcher = FieldMatcher(self.field_rules)
        self._context_words = tuple(sorted({word for rule in rules for word in rule.context}))
        self._patterns = PatternDetector(rules, self.validators)
        self._secrets = SecretsDetector(rules)
        self._dictionaries = DictionaryDetector(config.dictionaries, dict(os.environ))
        self._allowlist = Allowlist(config)

    @property
    def rules(self) -> list[Rule]:
        """Every rule this scanner reports under, dictionaries included."""
        return [*self._patterns.rules, *self._secrets.rules, *self._dictionaries.rules]

    def could_match(self, data: bytes, context_elsewhere: bool = False) -> bool:
        """Whether any detector could find something in text made of `data` (cheap RE2 and
        Aho-Corasick passes), so history scans can pass over the many changes that hold
        nothing. Rules that need a context word need it in `data`, unless
        `context_elsewhere`."""
        return (
            self._dictionaries.active
            or self._patterns.could_match(data, context_elsewhere)
            or self._secrets.could_match(data)
        )

    def prepare_quick_checks(self) -> None:
        """Build what could_match and could_change_table need (context word patterns, the
        secrets plugins and their gates) now: a history scan asks them of nearly every
        blob, and builds them once before it forks its workers instead of once in each."""
        self._patterns.prepare()
        self._secrets.prepare()
        if self._context_words:
            context_pattern(self._context_words)

    def could_change_table(self, data: bytes, holds_personal_data: bool = True) -> bool:
        """Whether lines added to a data file could add findings to what its earlier
        version held: a value a detector could find, or a field name or context word that
        could give the values already there a new meaning. Unless the earlier version
        `holds_personal_data`, names and addresses cannot be reported, so their field
        names do not count."""
        return (
            self.could_match(data, context_elsewhere=True)
            or self.holds_context_word(data)
            or self.names_a_field(data, holds_personal_data)
        )

    def holds_context_word(self, data: bytes) -> bool:
        """Whether a word some rule takes for context stands in `data`."""
        return bool(self._context_words) and (
            context_pattern(self._context_words).search(data) is not None
        )

    def names_a_field(self, data: bytes, holds_personal_data: bool = True) -> bool:
        """Whether `data` names a field whose values a rule reports (names and addresses
        only when `holds_personal_data`: see could_change_table)."""
        names = _FIELD_SEPARATORS.split(data.decode("utf-8", "replace"))
        rules = (
            self.field_matcher.rule_for(name)
            for name in {name.strip(_FIELD_MARKS) for name in names}
            if 0 < len(name) <= _MAX_FIELD_NAME
        )
        return any(rule and (holds_personal_data or not rule.requires_pairing) for rule in rules)

    def scan_document(
        self, document: Document, stats: ScanStats, notices: list[Notice] | None = None
    ) -> list[Finding]:
        """The findings of one document that no suppression removes."""
        matches = self.detect(document, notices if notices is not None else [])
        if not matches:
            return []
        directives = parse_allow_directives(document)
        kept = []
        hint = (0, document.first_line)
        for match in matches:
            position = document.position(match.start, match.end, hint)
            hint = (match.start, position.line)
            finding = make_finding(match, document.path, position, self.config.fingerprint_key)
            if self.admit(finding, directives, stats):
                kept.append(finding)
        return kept

    def admit(
        self, finding: Finding, directives: dict[int, AllowDirective], stats: ScanStats
    ) -> bool:
        """Whether a finding is reported: confident enough and suppressed by nothing."""
        return self.admits(
            finding.rule_id, finding.kind, finding.confidence, finding.line,
            finding.reveal(), directives, stats,
        )  # fmt: skip

    def admits(
        self,
        rule_id: str,
        kind: str,
        confidence: Confidence,
        line: int,
        value: str,
        directives: dict[int, AllowDirective],
        stats: ScanStats,
    ) -> bool:
        """Whether a value found on a line would be reported (see `admit`), for values that
        are counted without a Finding being made for each."""
        if confidence.rank < self.config.min_confidence.rank:
            stats.below_min_confidence += 1
            return False
        if directives and allowed_inline(line, rule_id, directives):
            stats.suppressed_inline += 1
            return False
        if self._allowlist.allows(kind, value):
            stats.suppressed_by_config += 1
            return False
        return True

    def detect(self, document: Document, notices: list[Notice]) -> list[Match]:
        """Every detector's matches, scored for confidence, overlaps resolved, in order."""
        # Where context words stand, worked out once for the rules and the assessor.
        context = ContextIndex(document.data)
        found = [
            *self._patterns.find(document, context),
            *self._secrets.find(document, notices),
            *self._dictionaries.find(document),
        ]
        if not found:
            return []
        assessor = ConfidenceAssessor(document, context)
        scored = []
        for match in found:
            confidence, reasons = assessor.assess(match.rule, match.value, match.start, match.end)
            if confidence is None:
                continue
            if confidence is not match.confidence or reasons != match.reasons:
                match = Match(match.rule, match.start, match.end, confidence, match.value, reasons)
            scored.append(match)
        return resolve_overlaps(scored)


def _check_phone_regions(config: Config) -> None:
    if config.phone_regions == DEFAULT_PHONE_REGIONS:
        return
    unknown = check_regions(config.phone_regions)
    if unknown:
        raise ConfigError(
            f"{config.source}: phone-regions: {unknown[0]!r} is not a region phonenumbers knows"
        )
