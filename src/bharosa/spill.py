"""Findings past a column's in-memory listing, kept on disk so the JSON report lists them all.

A data file of millions of rows holds millions of findings. Memory keeps the first
MAX_LISTED of each column; when the report lists every occurrence (JSON), the rest are
written to a spill file, one record per finding with its raw value removed: the disk never
holds a found value. Spill files live in a private directory (mode 0700) removed when the
run ends, and are read back in order while the report is written.
"""

from __future__ import annotations

import dataclasses
import json
import operator
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from bharosa.findings import REPORT_ORDER, ColumnKey, Finding, column_key, new_finding
from bharosa.rules.model import Confidence, Severity

# A record is a JSON array of a Finding's fields in __init__'s order, but its commit of
# origin (a files scan has none) and its raw value (the last field: never on disk).
_FINDING_FIELDS = tuple(field.name for field in dataclasses.fields(Finding))
_FIELDS = tuple(name for name in _FINDING_FIELDS if name not in ("origin", "_value"))
_record_fields = operator.attrgetter(*_FIELDS)
_SEVERITY_AT, _CONFIDENCE_AT, _REASONS_AT = (
    _FIELDS.index(name) for name in ("severity", "confidence", "reasons")
)
# Where the record makes way for the origin among a Finding's fields.
_ORIGIN = _FINDING_FIELDS.index("origin")


@dataclass(frozen=True, slots=True)
class Spilled:
    """A spill file: `count` findings of the scanned file `path`, in reading order.

    `skip_fingerprints` and `skip_columns` leave out what a baseline already holds: single
    occurrences by fingerprint, whole columns by their key.
    """

    file: Path
    path: str
    count: int
    skip_fingerprints: frozenset[str] = frozenset()
    skip_columns: frozenset[ColumnKey] = frozenset()


@contextmanager
def spill_directory() -> Iterator[Path]:
    """A private directory for the run's spill files, removed with everything in it."""
    # shutil and tempfile are loaded only by runs that spill (not by a hook's scan).
    import shutil
    import tempfile

    directory = Path(tempfile.mkdtemp(prefix="bharosa-spill-"))
    try:
        yield directory
    finally:
        shutil.rmtree(directory, ignore_errors=True)


class SpillWriter:
    """Writes one scanned file's overflow findings in report order; the file is created on
    the first one.

    Findings are added a batch of cells at a time, those of patterns before those of field
    rules: each batch's are sorted when it ends (`end_batch`), and a batch's cells come
    after the last batch's in the file.
    """

    def __init__(self, directory: Path, path: str) -> None:
        self._directory = directory
        self._path = path
        self._handle: BinaryIO | None = None
        self._file: Path | None = None
        self._count = 0
        self._batch: list[Finding] = []

    def add(self, finding: Finding) -> None:
        """Add a finding of the current batch."""
        self._batch.append(finding)

    def end_batch(self) -> None:
        """Write the batch's findings, in report order, without their raw values."""
        if not self._batch:
            return
        if self._handle is None:
            import tempfile

            descriptor, name = tempfile.mkstemp(dir=self._directory, suffix=".spill")
            self._handle = os.fdopen(descriptor, "wb")
            self._file = Path(name)
        self._batch.sort(key=REPORT_ORDER)
        self._handle.writelines(_record(finding) for finding in self._batch)
        self._count += len(self._batch)
        self._batch.clear()

    def close(self) -> Spilled | None:
        """The spill file written, or None if nothing overflowed."""
        self.end_batch()
        if self._handle is None or self._file is None:
            return None
        self._handle.close()
        return Spilled(self._file, self._path, self._count)

    def discard(self) -> None:
        """Drop what was written (findings that turned out not to be reported)."""
        self._batch.clear()
        if self._handle is not None and self._file is not None:
            self._handle.close()
            self._file.unlink(missing_ok=True)
        self._handle = self._file = None
        self._count = 0


def read_spilled(spilled: Spilled) -> Iterator[Finding]:
    """The findings of a spill file, in the order they were written, less what it skips."""
    with spilled.file.open("rb") as handle:
        for line in handle:
            finding = _finding(line)
            if finding.fingerprint in spilled.skip_fingerprints:
                continue
            if spilled.skip_columns and column_key(finding) in spilled.skip_columns:
                continue
            yield finding


def _record(finding: Finding) -> bytes:
    """A finding as one line of JSON, without its raw value (a finding of a files scan has
    no commit of origin)."""
    values = list(_record_fields(finding))
    values[_SEVERITY_AT] = finding.severity.value
    values[_CONFIDENCE_AT] = finding.confidence.value
    return json.dumps(values, ensure_ascii=True).encode("ascii") + b"\n"


# Severities and confidences by value, looked up without calling the Enum.
_SEVERITY = {member.value: member for member in Severity}
_CONFIDENCE = {member.value: member for member in Confidence}


def _finding(line: bytes) -> Finding:
    # Records are ASCII: decoded as such, json need not detect an encoding.
    values = json.loads(line.decode("ascii"))
    values[_SEVERITY_AT] = _SEVERITY[values[_SEVERITY_AT]]
    values[_CONFIDENCE_AT] = _CONFIDENCE[values[_CONFIDENCE_AT]]
    values[_REASONS_AT] = tuple(values[_REASONS_AT])
    return new_finding((*values[:_ORIGIN], None, *values[_ORIGIN:], ""))
