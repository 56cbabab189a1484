"""The scan pipeline: sources -> detectors -> findings -> suppressions, for the CLI to report."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from bharosa.config import DEFAULT_PHONE_REGIONS, Config
from bharosa.detectors.confidence import ConfidenceAssessor
from bharosa.detectors.dictionaries import DictionaryDetector
from bharosa.detectors.match import Match, resolve_overlaps
from bharosa.detectors.patterns import PatternDetector
from bharosa.detectors.phones import check_regions
from bharosa.detectors.secrets import SecretsDetector
from bharosa.detectors.validators import build_validators
from bharosa.errors import ConfigError, UsageError
from bharosa.findings import Finding, make_finding
from bharosa.notices import Notice
from bharosa.rules.model import Rule
from bharosa.sources.document import Document
from bharosa.sources.worktree import (
    FileEntry,
    FileListing,
    exclude_spec,
    list_directory,
    list_given_files,
    read_file_documents,
)
from bharosa.stats import ScanStats
from bharosa.suppress import Allowlist, allowed_inline, parse_allow_directives

# Called after each file with (files done, files in all, bytes read so far).
ProgressCallback = Callable[[int, int, int], None]


@dataclass(slots=True)
class ScanResult:
    """What a run found, what it could not do, and how much it read."""

    findings: list[Finding] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    stats: ScanStats = field(default_factory=ScanStats)


class Scanner:
    """Detection and suppression for documents, configured once per run."""

    def __init__(self, config: Config, rules: Sequence[Rule]) -> None:
        self.config = config
        _check_phone_regions(config)
        validators = build_validators(config.phone_regions)
        self._patterns = PatternDetector(rules, validators)
        self._secrets = SecretsDetector(rules)
        self._dictionaries = DictionaryDetector(config.dictionaries, dict(os.environ))
        self._allowlist = Allowlist(config)

    @property
    def rules(self) -> list[Rule]:
        """Every rule this scanner reports under, dictionaries included."""
        return [*self._patterns.rules, *self._secrets.rules, *self._dictionaries.rules]

    def scan_document(
        self, document: Document, stats: ScanStats, notices: list[Notice] | None = None
    ) -> list[Finding]:
        """The findings of one document that no suppression removes."""
        matches = self.detect(document, notices if notices is not None else [])
        if not matches:
            return []
        directives = parse_allow_directives(document)
        min_confidence = self.config.min_confidence.rank
        kept = []
        hint = (0, document.first_line)
        for match in matches:
            position = document.position(match.start, match.end, hint)
            hint = (match.start, position.line)
            if match.confidence.rank < min_confidence:
                stats.below_min_confidence += 1
                continue
            finding = make_finding(match, document.path, position, self.config.fingerprint_key)
            if directives and allowed_inline(finding, directives):
                stats.suppressed_inline += 1
            elif self._allowlist.allows(finding):
                stats.suppressed_by_config += 1
            else:
                kept.append(finding)
        return kept

    def detect(self, document: Document, notices: list[Notice]) -> list[Match]:
        """Every detector's matches, scored for confidence, overlaps resolved, in order."""
        found = [
            *self._patterns.find(document),
            *self._secrets.find(document, notices),
            *self._dictionaries.find(document),
        ]
        if not found:
            return []
        assessor = ConfidenceAssessor(document)
        scored = []
        for match in found:
            confidence, reasons = assessor.assess(match.rule, match.value, match.start, match.end)
            if confidence is not None:
                scored.append(replace(match, confidence=confidence, reasons=reasons))
        return resolve_overlaps(scored)


def _check_phone_regions(config: Config) -> None:
    if config.phone_regions == DEFAULT_PHONE_REGIONS:
        return
    unknown = check_regions(config.phone_regions)
    if unknown:
        raise ConfigError(
            f"{config.source}: phone-regions: {unknown[0]!r} is not a region phonenumbers knows"
        )


def list_targets(paths: Sequence[Path], config: Config) -> FileListing:
    """The files to scan for the paths given on the command line (directories walked)."""
    exclude = exclude_spec(config.exclude)
    listing = FileListing()
    given_files: list[Path] = []
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            part = list_directory(path, config.root, exclude)
            listing.files.extend(part.files)
            listing.notices.extend(part.notices)
        elif path.exists() or path.is_symlink():
            given_files.append(path)
        else:
            raise UsageError(f"{path}: no such file or directory")
    if given_files:
        listing.files.extend(list_given_files(given_files, config.root, exclude).files)
    return listing


def scan_files(
    files: Sequence[FileEntry],
    scanner: Scanner,
    progress: ProgressCallback | None = None,
) -> ScanResult:
    """Read, detect and suppress over every file; findings sorted by path, line and column."""
    result = ScanResult()
    stats = result.stats
    for done, entry in enumerate(files, start=1):
        stats.files += 1
        skipped = False
        for item in read_file_documents(entry):
            if isinstance(item, Notice):
                result.notices.append(item)
                skipped = skipped or item.code != "chunked"
                continue
            stats.bytes_scanned += len(item.data) if item.window is None else _window_size(item)
            result.findings.extend(scanner.scan_document(item, stats, result.notices))
        stats.files_skipped += skipped
        if progress is not None:
            progress(done, len(files), stats.bytes_scanned)
    result.findings.sort(key=lambda f: f.sort_key)
    return result


def scan_paths(
    paths: Sequence[Path],
    config: Config,
    rules: Sequence[Rule],
    progress: ProgressCallback | None = None,
) -> ScanResult:
    """List, read and scan the given paths with the given rules."""
    listing = list_targets(paths, config)
    result = scan_files(listing.files, Scanner(config, rules), progress)
    result.notices[:0] = listing.notices
    return result


def failing_findings(findings: Iterable[Finding], config: Config) -> list[Finding]:
    """The findings at or above the config's `fail-on` severity."""
    threshold = config.fail_on.rank
    return [f for f in findings if f.severity.rank >= threshold]


def _window_size(document: Document) -> int:
    low, high = document.window_span
    return high - low
