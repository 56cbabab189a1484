"""Findings past a column's in-memory listing, kept on disk so the JSON report lists them all.

A data file of millions of rows holds millions of findings. Memory keeps the first
MAX_LISTED of each column; when the report lists every occurrence (JSON), the rest are
written to a spill file, one line per finding: its place in report order and its record
as the JSON report writes it, made by the worker that found it, with no value: the disk
never holds a found value. Spill files live in a private directory (mode 0700) removed
when the run ends, and are read back in order while the report is written.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from bharosa.findings import (
    REPORT_ORDER,
    ColumnKey,
    Finding,
    ReportKey,
    finding_json,
    record_column_key,
)


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


def read_spilled(spilled: Spilled) -> Iterator[tuple[ReportKey, str]]:
    """The place and JSON record of each finding of a spill file, in the order they were
    written, less what it skips."""
    skips = bool(spilled.skip_fingerprints or spilled.skip_columns)
    with spilled.file.open("rb") as handle:
        for line in handle:
            place, _, text = line.partition(b"\t")
            # Records are ASCII: decoded as such, json need not detect an encoding.
            record = text.decode("ascii").rstrip("\n")
            if skips and _skipped(record, spilled):
                continue
            path, number, column, rule_id = json.loads(place.decode("ascii"))
            yield (path, number, column, rule_id), record


def _skipped(record: str, spilled: Spilled) -> bool:
    """Whether a baseline holds the record's finding, or its whole column."""
    fields = json.loads(record)
    return (
        fields["fingerprint"] in spilled.skip_fingerprints
        or record_column_key(fields) in spilled.skip_columns
    )


def _record(finding: Finding) -> bytes:
    """A finding as one line: its place in report order (a JSON array), a tab, and its
    JSON report record without its value (JSON escapes every tab and line break)."""
    place = json.dumps(REPORT_ORDER(finding), ensure_ascii=True)
    return f"{place}\t{finding_json(finding, show_values=False)}\n".encode("ascii")
