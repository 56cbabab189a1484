"""Scanning data files cell by cell: values found with their field, counted per column.

Cells from a structured reader are scanned in batches by the same detectors as text: each
cell becomes a line `field: value` of a batch document, so a column's name is context for
its values (`aadhaar: 417421809677` is an Aadhaar number, a bare 12-digit run is not).
Field rules add what no pattern can see (names, addresses, passwords in their columns),
and say when a sensitive field holds no values (a schema: a note) or only masked ones.
Per column and rule the scan keeps a count, sample lines and the findings it holds: its
first value's, or its first MAX_LISTED when the run needs them (the scanner holds column
values), so memory stays bounded whatever the size of the file. When the report lists every
occurrence (the scanner has a spill directory), each value is scanned and the findings
past those held go to a spill file; otherwise they are only counted, and long columns are
sampled.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from operator import attrgetter

from bharosa.cell_batch import batch_chars, batch_document, collect_cells
from bharosa.detectors.fields import is_placeholder_value
from bharosa.detectors.match import Match
from bharosa.detectors.structured.cells import Cell, FieldDecl, Place
from bharosa.findings import MASKS, ColumnSummary, Finding, fingerprint, make_finding
from bharosa.notices import Notice
from bharosa.rules.model import Confidence, Rule, Severity
from bharosa.scanner import Scanner
from bharosa.sources.document import Document, Position, utf16_length
from bharosa.sources.novel_lines import NovelLines
from bharosa.spill import Spilled, SpillWriter
from bharosa.stats import ScanStats
from bharosa.suppress import ALLOW_MARKER, AllowDirective, parse_allow_directives

# Findings kept per (column, rule); the rest of a column's occurrences are only counted.
MAX_LISTED = 1_000
# An edit read in part (see TableEdit) lists this many of each column's new values: every
# edit of a file that grows by appends lists its own, and history keeps them all.
EDIT_LISTED = 100
# Once a column has this many findings, only one value in SAMPLE_EVERY is scanned and its
# findings count SAMPLE_EVERY times: a column of millions is counted in bounded time, and
# its summary says the count is an estimate. An edit read in part (see TableEdit) is
# sampled once its listing is full: history reports a column's count from the version
# that first held the column, and the edit's values past the listing are only counted.
SATURATED_AFTER = 10_000
SAMPLE_EVERY = 100
SAMPLE_LINES = 10
# Short cells outside any field (keys) with findings, remembered masked: a field they name is
# reported by that masked name. At most this many, of at most NAME_CHARS characters.
MAX_NAME_VALUES = 10_000
NAME_CHARS = 1_000
BATCH_BYTES = 1 << 20
# An edit's batches: small enough that its columns are sampled soon after their listing.
EDIT_BATCH_BYTES = 64 << 10
_LOWER = {Severity.ERROR: Severity.WARNING, Severity.WARNING: Severity.NOTE}

ColumnKey = tuple[str | None, str | None, int | None, str]


@dataclass(slots=True)
class _Column:
    """What one rule found in one column."""

    rule: Rule
    count: int = 0
    listed: int = 0
    severity: Severity = Severity.NOTE
    confidence: Confidence = Confidence.LOW
    sample_lines: list[int] = field(default_factory=list)
    masked_sample: str = ""
    estimated: bool = False


# The inline-allow marker as cells hold it (text).
_ALLOW_TEXT = ALLOW_MARKER.decode()


@dataclass(slots=True)
class _FieldValues:
    """Whether a declared sensitive field held values, and whether all were placeholders."""

    held: bool = False
    only_placeholders: bool = True


@dataclass(frozen=True, slots=True)
class TableFacts:
    """What a data file's scan tells about the next version of it (history reads an edit
    again only where it could add a finding)."""

    # Whether it holds personal data that names and addresses pair with.
    holds_personal_data: bool
    # Whether a header declares a field whose values a rule reports: a new row may add one.
    reports_fields: bool
    # The fields of a rule that held values that are no placeholders: a field note on
    # them would be wrong, though an edit read in part may read only placeholders there.
    valued_fields: frozenset[tuple[str | None, str]] = frozenset()


@dataclass(frozen=True, slots=True)
class TableEdit:
    """A data file's new version, as history reads an edit that gives no value already
    there a new meaning: only the values on the lines the edit added (and the names of
    the fields they are in) are scanned, and the reader may pass over lines far from them
    (see ReaderLimits.wanted_lines); the rest was scanned in the version before, whose
    facts still hold for it."""

    lines: NovelLines
    before: TableFacts


# Where a finding stands, as a text pass tells a value it finds again: line, start column
# and rule.
FindingPlace = tuple[int, int, str]


def finding_place(finding: Finding) -> FindingPlace:
    """Where a finding stands (see FindingPlace)."""
    return (finding.line, finding.start_column, finding.rule_id)


def _position_place(position: Position | None, rule: Rule) -> FindingPlace | None:
    """Where a value of `rule` at `position` stands, if that was worked out."""
    return None if position is None else (position.line, position.start_column, rule.id)


@dataclass(slots=True)
class _Unheld:
    """Values within their column's listing that a run holding column values would hold as
    findings and this one did not (see Scanner.hold_column_values): it counted them, or
    spilled them (the JSON report lists them from the spill file).

    Kept: their severities, as summaries count them with the findings; how many were names
    and addresses (a file holds at most a column's listing of those); and where those on
    the last lines read stand (a text pass after a reader gives up must not report them
    again).
    Names and addresses apart: they count only if the file pairs them.
    """

    severities: Counter[Severity] = field(default_factory=Counter)
    places: list[FindingPlace] = field(default_factory=list)
    paired_severities: Counter[Severity] = field(default_factory=Counter)
    paired_places: list[FindingPlace] = field(default_factory=list)

    @property
    def paired(self) -> int:
        """How many of them were names and addresses."""
        return sum(self.paired_severities.values())

    def add(self, rule: Rule, place: FindingPlace | None, from_line: int) -> None:
        """A value of `rule` at `place` (None, or a line before `from_line`, the first line
        a text pass may read again: not kept)."""
        if rule.requires_pairing:
            severities, places = self.paired_severities, self.paired_places
        else:
            severities, places = self.severities, self.places
        severities[rule.severity] += 1
        if place is not None and place[0] >= from_line:
            if places and places[0][0] < from_line:
                places[:] = [p for p in places if p[0] >= from_line]
            places.append(place)

    def counted(self, paired: bool) -> Counter[Severity]:
        """The severities of the values a summary counts."""
        return self.severities + self.paired_severities if paired else self.severities.copy()

    def places_from(self, line: int, paired: bool) -> set[FindingPlace]:
        """The places of the values on `line` and after."""
        places = self.places + self.paired_places if paired else self.places
        return {place for place in places if place[0] >= line}


@dataclass(slots=True)
class CellScanResult:
    """The findings and column summaries of one data file."""

    findings: list[Finding] = field(default_factory=list)
    columns: list[ColumnSummary] = field(default_factory=list)
    # The line from which the file must be read as text again, when its reader gave up.
    text_from_line: int | None = None
    # Values not held (counted, or spilled) where a run that holds column values would
    # hold findings (see Scanner.hold_column_values): their severities, as summaries count
    # them, and their places from `text_from_line` on, which the text pass must not report
    # again.
    unheld: Counter[Severity] = field(default_factory=Counter)
    unheld_places: set[FindingPlace] = field(default_factory=set)
    # Findings past the in-memory listing, on disk (only when the scanner spills).
    spilled: list[Spilled] = field(default_factory=list)
    facts: TableFacts = TableFacts(holds_personal_data=False, reports_fields=False)


class CellScanner:
    """Scans the cells of one data file; built per file."""

    def __init__(
        self,
        scanner: Scanner,
        path: str,
        stats: ScanStats,
        notices: list[Notice],
        on_batch: Callable[[], None] | None = None,
        edit: TableEdit | None = None,
    ) -> None:
        self._on_batch = on_batch
        self._edit = edit
        # How many values a column lists (and a file of names and addresses), and after how
        # many found its values are sampled.
        self._listing = MAX_LISTED if edit is None else EDIT_LISTED
        self._saturated_after = SATURATED_AFTER if edit is None else EDIT_LISTED
        self._batch_limit = BATCH_BYTES if edit is None else EDIT_BATCH_BYTES
        # The last cell of the batch before, and whether it held what the edit added (see
        # _edited_cells).
        self._cell_before: Cell | None = None
        self._follows_edit = False
        self._scanner = scanner
        self._path = path
        self._stats = stats
        self._notices = notices
        self._fields = scanner.field_matcher
        # Findings held per column (past them, values are counted, or spilled): its listing
        # when the run needs the values, else its first value.
        self._held = self._listing if scanner.hold_column_values else 1
        self._unheld = _Unheld()
        self._declared: dict[tuple[str | None, str], FieldDecl] = {}
        self._field_values: dict[tuple[str | None, str], _FieldValues] = {}
        self._columns: dict[ColumnKey, _Column] = {}
        self._findings: list[Finding] = []
        self._paired: list[Finding] = []
        self._has_personal_data = edit is not None and edit.before.holds_personal_data
        self._directives: dict[int, AllowDirective] = {}
        # The line of the cell before, to tell a comment that follows a value on its line.
        self._line_of_last_cell = 0
        self._batch: list[Cell] = []
        self._weights: list[int] = []
        self._batch_bytes = 0
        self._found_in_place: dict[Place, int] = {}
        self._passed_over: dict[Place, int] = {}
        # Whether some column is sampled now (see weight): until then every value counts 1.
        self.sampling = False
        self._last_line = 0
        # Cells outside any field (a JSON key is one) that hold findings, and their masked text.
        self._masked_names: dict[str, str] = {}
        spill_dir = scanner.spill_dir
        self._spill = SpillWriter(spill_dir, path) if spill_dir else None
        self._spill_paired = SpillWriter(spill_dir, path) if spill_dir else None

    def scan(self, items: Iterable[Cell | FieldDecl | Notice]) -> CellScanResult:
        """Read every item of the reader, then total up the columns."""
        result = CellScanResult()
        iterator = iter(items)
        while True:
            if self.sampling:
                # Each value's weight asked of its column, one by one.
                item = next(iterator, None)
                if item is None:
                    break
            else:
                # Every weight is 1: cells are gathered in bulk up to the next item that is
                # no cell, or until the batch is full.
                room = self._batch_limit - self._batch_bytes
                item, used, self._last_line = collect_cells(
                    iterator, Cell, self._batch, self._weights, room, self._last_line
                )
                self._batch_bytes += used
                if used >= room:
                    self._flush()
                    continue
                if item is None:
                    break
            if isinstance(item, Cell):
                self._add_cell(item)
            elif isinstance(item, FieldDecl):
                self._declared.setdefault((item.table, item.name), item)
            else:
                self._notices.append(item)
                if item.code == "malformed":
                    # From the line of the last value read: the reader may have given up
                    # further along that same line (minified JSON is one line).
                    result.text_from_line = max(self._last_line, 1)
        self._flush()
        # Whether names pair is decided once, from the whole file, for all that follows.
        result.facts = self._facts()
        paired = result.facts.holds_personal_data
        result.findings = self._findings + self._paired_findings(paired) + self._field_notes(paired)
        result.unheld = self._unheld.counted(paired)
        if result.text_from_line is not None:
            result.unheld_places = self._unheld.places_from(result.text_from_line, paired)
        result.columns = self._summaries()
        if self._edit is not None:
            self._find_in_field_names(result)
        self._mask_field_names(result)
        result.spilled = self._close_spills(paired)
        return result

    def _close_spills(self, paired: bool) -> list[Spilled]:
        if self._spill is None or self._spill_paired is None:
            return []
        if not paired:
            self._spill_paired.discard()
        closed = (self._spill.close(), self._spill_paired.close())
        return [spilled for spilled in closed if spilled is not None]

    def _mask_field_names(self, result: CellScanResult) -> None:
        """A field named by a found value (`{"priya@…": "+91…"}`) is reported by its masked
        name: reports name fields, and must not print the value that way."""
        masked = self._masked_names
        if not masked:
            return
        result.findings = [
            dataclasses.replace(f, field=masked[f.field]) if f.field in masked else f
            for f in result.findings
        ]
        result.columns = [
            dataclasses.replace(c, field=masked[c.field]) if c.field in masked else c
            for c in result.columns
        ]

    def _find_in_field_names(self, result: CellScanResult) -> None:
        """The values in the names of the fields reported (an edit's keys on lines it did
        not add were not scanned, yet they name the fields of values it added)."""
        names = {f.field for f in result.findings} | {c.field for c in result.columns}
        for name in names:
            if not name or name in self._masked_names or len(name) > NAME_CHARS:
                continue
            document = Document(self._path, name.encode("utf-8", "surrogatepass"))
            for match in self._scanner.detect(document, []):
                self._remember_masked_name(name, match.value, MASKS[match.rule.mask](match.value))

    def _remember_masked_name(self, text: str, value: str, mask: str) -> None:
        names = self._masked_names
        if text in names or len(names) < MAX_NAME_VALUES:
            names[text] = names.get(text, text).replace(value, mask)

    def _add_cell(self, cell: Cell) -> None:
        if cell.line > self._last_line:
            self._last_line = cell.line
        weight = cell.weight or (
            self.weight((cell.table, cell.field, cell.column_index)) if self.sampling else 1
        )
        if weight == 0:
            return
        self._batch.append(cell)
        self._weights.append(weight)
        self._batch_bytes += batch_chars(cell)
        if self._batch_bytes >= self._batch_limit:
            self._flush()

    def weight(self, place: Place) -> int:
        """How many values the next value of a column stands for: 1 while the column is
        counted in full, then SAMPLE_EVERY for one value in SAMPLE_EVERY and 0 for the rest.
        Every value counts once when every occurrence is listed."""
        if self._spill is not None or self._found_in_place.get(place, 0) < self._saturated_after:
            return 1
        passed = self._passed_over[place] = self._passed_over.get(place, 0) + 1
        return 0 if passed % SAMPLE_EVERY else SAMPLE_EVERY

    def _flush(self) -> None:
        batch, weights = self._batch, self._weights
        self._batch, self._weights, self._batch_bytes = [], [], 0
        if not batch:
            return
        # The field rule of each field in the batch, looked up once (a batch has few).
        field_rules: dict[str | None, Rule | None] = {
            name: self._fields.rule_for(name) for name in {c.field for c in batch} if name
        }
        # Which cells' values are scanned (None: all), when an edit is read in part.
        scanned: list[bool] | None = None
        if self._edit is None:
            data, starts, ends = batch_document(batch)
            self._note_directives(batch, ALLOW_MARKER in data)
        else:
            # The values at once: a marker they hold, and how many line breaks.
            values = "".join(map(_VALUE, batch))
            self._note_directives(batch, _ALLOW_TEXT in values)
            lines = _lines_of(batch, values.count("\n"))
            batch, weights, scanned = self._edited_cells(batch, weights, field_rules, lines)
            data, starts, ends = batch_document(batch)
        found_in: set[int] = set()
        for match in self._scanner.detect(Document(self._path, data), self._notices):
            start = match.start
            index = bisect_right(starts, start) - 1
            # A match in the next line's `field: ` prefix is in no value (keys are cells too).
            if index < 0 or start >= ends[index]:
                continue
            # A cell read for the context it gives the next one only.
            if scanned is not None and not scanned[index]:
                continue
            found_in.add(index)
            cell, weight = batch[index], weights[index]
            value_start = starts[index]
            line = cell.line + data.count(b"\n", value_start, start)
            end = min(match.end, ends[index])
            # Worked out for a listed value, and one on the last lines read (see _Unheld).
            position = (
                _cell_position(cell, data, value_start, start, end)
                if line >= self._last_line
                else None
            )
            if self._counted_only(match, cell, line, weight, position):
                continue
            if position is None:
                position = _cell_position(cell, data, value_start, start, end)
            self._list(match, cell, position, weight)
        for index, cell in enumerate(batch):
            rule = field_rules.get(cell.field)
            if rule is not None and (scanned is None or scanned[index]):
                self._field_rule_value(rule, cell, index in found_in, weights[index])
        for spill in (self._spill, self._spill_paired):
            if spill is not None:
                spill.end_batch()
        if self._on_batch is not None:
            self._on_batch()

    def _note_directives(self, batch: list[Cell], any_marker: bool) -> None:
        if self._directives or any_marker:
            self._read_directives(batch)
        else:
            self._line_of_last_cell = batch[-1].line

    def _edited_cells(
        self,
        batch: list[Cell],
        weights: list[int],
        field_rules: dict[str | None, Rule | None],
        spanned: tuple[int, int],
    ) -> tuple[list[Cell], list[int], list[bool]]:
        """Of a batch of an edit read in part, the cells to scan, and whether each is
        scanned (else read for the context it gives the next one only).

        Scanned: the cells on the lines the edit added, and the cell after each run of
        them (a word on a value's line or the line before is its context, and the batch
        document puts a cell's `field: value` on the line after the cell before). Each run
        comes after the cell before it, for context. Other cells of a field that has a rule
        are noted in the field's counts only. `spanned`: lines that hold every cell's.
        """
        assert self._edit is not None
        lines = self._edit.lines
        cells: list[Cell] = []
        kept_weights: list[int] = []
        scanned: list[bool] = []
        before, follows_edit = self._cell_before, self._follows_edit
        if not follows_edit and not lines.touch(*spanned):
            # Most batches of a long file hold nothing the edit added.
            self._note_field_values(batch, field_rules)
            self._cell_before, self._follows_edit = batch[-1], False
            return cells, kept_weights, scanned
        for index, cell in enumerate(batch):
            # A value's last line, at least: a folded scalar's lines are no line breaks in
            # its value, so the lines up to the next cell's count as its own.
            last = cell.line + cell.value.count("\n")
            if index + 1 < len(batch):
                last = max(last, batch[index + 1].line - 1)
            in_edit = lines.touch(cell.line, last)
            if in_edit or follows_edit:
                if before is not None and not (cells and cells[-1] is before):
                    cells.append(before)
                    kept_weights.append(0)
                    scanned.append(False)
                cells.append(cell)
                kept_weights.append(weights[index])
                scanned.append(True)
            elif field_rules.get(cell.field) is not None:
                self._note_field_value(cell)
            before, follows_edit = cell, in_edit
        self._cell_before, self._follows_edit = before, follows_edit
        return cells, kept_weights, scanned

    def _read_directives(self, batch: list[Cell]) -> None:
        """The inline-allow directives the batch's cells hold, and which of those share
        their line with a value."""
        for cell in batch:
            if _ALLOW_TEXT in cell.value:
                found = _cell_directives(self._path, cell)
                if cell.line == self._line_of_last_cell and cell.line in found:
                    found[cell.line] = _after_a_value(found[cell.line])
                self._directives.update(found)
            elif cell.line in self._directives:
                # A value on a directive's line: the directive was a trailing comment.
                self._directives[cell.line] = _after_a_value(self._directives[cell.line])
            self._line_of_last_cell = cell.line

    def _field_counts(self, cell: Cell) -> _FieldValues | None:
        """The counts of a field that has a rule, told that it held the cell's value; None
        for a blank value."""
        if not cell.value.strip():
            return None
        key = (cell.table, cell.field or "")
        counts = self._field_values.get(key)
        if counts is None:
            counts = self._field_values[key] = _FieldValues()
        counts.held = True
        return counts

    def _note_field_value(self, cell: Cell) -> None:
        """A value of a field that has a rule, counted in the field's counts only."""
        counts = self._field_counts(cell)
        if counts is not None and counts.only_placeholders:
            counts.only_placeholders = is_placeholder_value(cell.value)

    def _note_field_values(
        self, cells: list[Cell], field_rules: dict[str | None, Rule | None]
    ) -> None:
        """_note_field_value for each cell of a field that has a rule, until the field is
        known to hold values that are no placeholders (the rest can tell nothing more)."""
        settled: set[tuple[str | None, str]] = set()
        for cell in cells:
            if field_rules.get(cell.field) is None:
                continue
            key = (cell.table, cell.field or "")
            if key in settled:
                continue
            self._note_field_value(cell)
            counts = self._field_values.get(key)
            if counts is not None and not counts.only_placeholders:
                settled.add(key)

    def _field_rule_value(self, rule: Rule, cell: Cell, already_found: bool, weight: int) -> None:
        counts = self._field_counts(cell)
        if counts is None:
            return
        # A value a pattern found is reported as that; whether it is a placeholder matters
        # only while every value of the field so far was one.
        if already_found and not counts.only_placeholders:
            return
        if is_placeholder_value(cell.value):
            return
        counts.only_placeholders = False
        if already_found:
            return
        value = cell.value.strip()
        validator = self._scanner.validators.get(rule.validator) if rule.validator else None
        if validator is not None and not validator(value):
            return
        start = cell.value.find(value)
        match = Match(rule, 0, 0, rule.confidence, value, ("field",))
        line = cell.line + cell.value.count("\n", 0, start)
        position = _span_position(cell, start, value) if line >= self._last_line else None
        if not self._counted_only(match, cell, line, weight, position):
            if position is None:
                position = _span_position(cell, start, value)
            self._list(match, cell, position, weight)

    def _counted_only(
        self, match: Match, cell: Cell, line: int, weight: int, position: Position | None
    ) -> bool:
        """Whether the value, past the findings its column holds (when nothing spills), was
        only counted on its line: then no Finding is made, nor its columns worked out.
        `position` is where it stands, if worked out."""
        if self._spill is not None:
            return False
        rule = match.rule
        column = self._columns.get((cell.table, cell.field, cell.column_index, rule.id))
        if column is None or column.listed < self._held:
            return False
        self._count_only(match, cell, line, weight, column, position)
        return True

    def _list(self, match: Match, cell: Cell, position: Position, weight: int) -> None:
        """A value made a Finding: listed in memory, or spilled past its column's listing."""
        finding = make_finding(
            match,
            self._path,
            position,
            self._scanner.config.fingerprint_key,
            cell=(cell.field, cell.row, cell.column_index, cell.table),
        )
        if not self._scanner.admit(finding, self._directives, self._stats):
            return
        if _may_name_a_field(cell, match.value):
            self._remember_masked_name(cell.value, match.value, finding.masked)
        rule = match.rule
        if rule.requires_pairing:
            held, listed = self._count(finding, rule, weight)
            room = self._room_for_paired()
            if held and room:
                self._paired.append(finding)
                return
            if listed and room:
                self._unheld.add(rule, finding_place(finding), self._last_line)
            if self._spill_paired is not None:
                self._spill_paired.add(self._with_masked_field(finding))
            return
        self._has_personal_data = True
        held, listed = self._count(finding, rule, weight)
        if held:
            self._findings.append(finding)
            return
        if listed:
            self._unheld.add(rule, finding_place(finding), self._last_line)
        if self._spill is not None:
            self._spill.add(self._with_masked_field(finding))

    def _count_only(
        self,
        match: Match,
        cell: Cell,
        line: int,
        weight: int,
        column: _Column,
        position: Position | None,
    ) -> None:
        """What `_list` would do with a value past the findings its column holds, without
        making the Finding it would drop (masking and fingerprinting most of a long column's
        values cost more than finding them)."""
        rule = match.rule
        if not self._scanner.admits(
            rule.id, rule.kind, match.confidence, line, match.value, self._directives, self._stats
        ):
            return
        if _may_name_a_field(cell, match.value):
            self._remember_masked_name(cell.value, match.value, MASKS[rule.mask](match.value))
        if not rule.requires_pairing:
            self._has_personal_data = True
        place = (cell.table, cell.field, cell.column_index)
        self._add_to_column(column, place, weight, rule.severity, match.confidence, line)
        if column.listed < self._listing:
            # Within the listing, though not held: a report listing values would show it.
            column.listed += 1
            # Held, by a run that holds values, unless it holds as many names and addresses
            # as it may.
            if not rule.requires_pairing or self._room_for_paired():
                where = _position_place(position, rule)
                self._unheld.add(rule, where, self._last_line)

    def _room_for_paired(self) -> bool:
        """Whether a run that holds values would hold one more of the file's names and
        addresses: at most a column's listing, those this run did not hold counted in."""
        return len(self._paired) + self._unheld.paired < self._listing

    def _with_masked_field(self, finding: Finding) -> Finding:
        """A finding about to leave memory, its field masked if a found value names it (a
        key comes before its values, so the name is already known here)."""
        masked = self._masked_names.get(finding.field or "")
        return finding if masked is None else dataclasses.replace(finding, field=masked)

    def _count(self, finding: Finding, rule: Rule, weight: int) -> tuple[bool, bool]:
        """Count a finding in its column; whether it is held in memory (past those its
        column holds it is spilled, when the scanner spills, or only counted), and whether
        it is within the column's listing (MAX_LISTED)."""
        if finding.field is None and finding.column_index is None:
            return True, True
        place = (finding.table, finding.field, finding.column_index)
        column = self._tally(
            place, rule, weight, finding.severity, finding.confidence, finding.line, finding.masked
        )
        held, listed = column.listed < self._held, column.listed < self._listing
        if listed or self._spill is not None:
            column.listed += 1
        return held, listed

    def _tally(
        self,
        place: Place,
        rule: Rule,
        weight: int,
        severity: Severity,
        confidence: Confidence,
        line: int,
        masked: str,
    ) -> _Column:
        """Count a value of the rule in its column (`masked` is the column's sample when
        this is its first value); the column it was counted in."""
        key: ColumnKey = (*place, rule.id)
        column = self._columns.get(key)
        if column is None:
            column = self._columns[key] = _Column(rule, masked_sample=masked)
        self._add_to_column(column, place, weight, severity, confidence, line)
        return column

    def _add_to_column(
        self,
        column: _Column,
        place: Place,
        weight: int,
        severity: Severity,
        confidence: Confidence,
        line: int,
    ) -> None:
        """Count a value in its column, and in its place (the column's values of any rule,
        which decide when the column is sampled)."""
        found = self._found_in_place[place] = self._found_in_place.get(place, 0) + weight
        self.sampling = self.sampling or (found >= self._saturated_after and self._spill is None)
        column.count += weight
        column.estimated = column.estimated or weight > 1
        if severity.rank > column.severity.rank or column.count == 1:
            column.severity = severity
        if confidence.rank > column.confidence.rank or column.count == 1:
            column.confidence = confidence
        if len(column.sample_lines) < SAMPLE_LINES and line not in column.sample_lines:
            column.sample_lines.append(line)

    def _paired_findings(self, paired: bool) -> list[Finding]:
        """Names and addresses count only beside other personal data in the same file."""
        if paired:
            return list(self._paired)
        for key in [k for k, c in self._columns.items() if c.rule.requires_pairing]:
            del self._columns[key]
        return []

    def _facts(self) -> TableFacts:
        holds = self._holds_personal_data()
        rules = (self._fields.rule_for(name) for _, name in self._declared)
        reports = any(rule and (holds or not rule.requires_pairing) for rule in rules)
        valued = {key for key, counts in self._field_values.items() if not counts.only_placeholders}
        if self._edit is not None:
            # What the lines the edit left still hold (its reader may not have read them).
            before = self._edit.before
            return TableFacts(
                holds, reports or before.reports_fields, before.valued_fields.union(valued)
            )
        return TableFacts(holds, reports, frozenset(valued))

    def _holds_personal_data(self) -> bool:
        """Whether names and addresses here stand beside other personal data: a value
        found, or a personal field declared (a schema's) whose values are not all
        placeholders (`password: ${{ secrets.token }}` in a CI file pairs with nothing)."""
        if self._has_personal_data:
            return True
        for key in self._declared:
            rule = self._fields.rule_for(key[1])
            if rule is None or rule.requires_pairing:
                continue
            counts = self._field_values.get(key)
            if counts is None or not counts.only_placeholders:
                return True
        return False

    def _field_notes(self, paired: bool) -> list[Finding]:
        """Sensitive fields with no reportable values: a note for a schema (no values), a
        lowered finding when every value was masked or hashed."""
        found_fields = {(key[0], key[1]) for key in self._columns}
        notes = []
        for (table, name), decl in self._declared.items():
            rule = self._fields.rule_for(name)
            if rule is None or (table, name) in found_fields:
                continue
            if rule.requires_pairing and not paired:
                continue
            if self._edit is not None and (table, name) in self._edit.before.valued_fields:
                continue
            counts = self._field_values.get((table, name), _FieldValues())
            if counts.held and counts.only_placeholders:
                severity, reason = _LOWER.get(rule.severity, Severity.NOTE), "placeholder-values"
            elif counts.held:
                # Values that are not customer data (example.com, fiction): nothing to say.
                continue
            else:
                severity, reason = Severity.NOTE, "no-values"
            note = self._field_note(rule, decl, severity, reason)
            if self._scanner.admit(note, self._directives, self._stats):
                notes.append(note)
        return notes

    def _field_note(self, rule: Rule, decl: FieldDecl, severity: Severity, reason: str) -> Finding:
        # The field's name is not personal data: it is shown as it is.
        quiet = dataclasses.replace(rule, mask="initial")
        match = Match(quiet, 0, 0, rule.confidence, decl.name, (reason,))
        column = decl.column or 1
        column16 = decl.column_utf16 or column
        position = Position(
            decl.line,
            column,
            column + len(decl.name),
            column16,
            column16 + utf16_length(decl.name),
        )
        finding = make_finding(
            match, self._path, position, self._scanner.config.fingerprint_key, severity
        )
        return dataclasses.replace(
            finding,
            masked=decl.name,
            field=decl.name,
            column_index=decl.column_index,
            table=decl.table,
        )

    def _summaries(self) -> list[ColumnSummary]:
        summaries = []
        key_bytes = self._scanner.config.fingerprint_key
        for (table, name, column_index, rule_id), column in self._columns.items():
            decl = self._declared.get((table, name)) if name else None
            label = f"column:{table or ''}:{name or column_index}"
            summaries.append(
                ColumnSummary(
                    path=self._path,
                    table=table,
                    field=name,
                    column_index=column_index
                    if column_index is not None
                    else (decl.column_index if decl else None),
                    rule_id=rule_id,
                    rule_name=column.rule.name,
                    kind=column.rule.kind,
                    severity=column.severity,
                    confidence=column.confidence,
                    count=column.count,
                    listed=column.listed,
                    header_line=decl.line if decl else None,
                    header_column=decl.column if decl else None,
                    header_column_utf16=decl.column_utf16 if decl else None,
                    sample_lines=tuple(column.sample_lines),
                    masked_sample=column.masked_sample,
                    estimated=column.estimated,
                    fingerprint=fingerprint(key_bytes, rule_id, label, self._path),
                )
            )
        return summaries


def _cell_position(cell: Cell, data: bytes, value_start: int, start: int, end: int) -> Position:
    """Where bytes [start, end) of a batch document stand in the file, in the cell whose
    value starts at `value_start`."""
    before = data[value_start:start].decode("utf-8", "replace")
    return _span_position(cell, len(before), data[start:end].decode("utf-8", "replace"), before)


def _span_position(cell: Cell, chars_before: int, text: str, before: str | None = None) -> Position:
    """Line and columns of `text`, found `chars_before` characters into the cell's value."""
    prefix = before if before is not None else cell.value[:chars_before]
    newlines = prefix.count("\n")
    first_line = text.split("\n", 1)[0]
    if newlines:
        tail = prefix[prefix.rfind("\n") + 1 :]
        column, column16 = len(tail) + 1, utf16_length(tail) + 1
    else:
        base = cell.column or 1
        column = base + len(prefix)
        column16 = (cell.column_utf16 or base) + utf16_length(prefix)
    return Position(
        line=cell.line + newlines,
        start_column=column,
        end_column=column + len(first_line),
        start_column_utf16=column16,
        end_column_utf16=column16 + utf16_length(first_line),
    )


def _lines_of(cells: list[Cell], line_breaks: int) -> tuple[int, int]:
    """The first line of any of the cells, and a line at or past the last line of each
    (`line_breaks`: how many their values hold)."""
    lines = list(map(_LINE, cells))
    return min(lines), max(lines) + line_breaks


_LINE = attrgetter("line")
_VALUE = attrgetter("value")


def _may_name_a_field(cell: Cell, value: str) -> bool:
    """Whether a value found in the cell may stand in a key that names a field (a cell with
    no field of its own, short enough to be a name): then the key is masked too."""
    return cell.field is None and bool(value) and len(cell.value) <= NAME_CHARS


def _after_a_value(directive: AllowDirective) -> AllowDirective:
    """A directive that shares its line with a value: it covers that line only (a reader
    gives a comment as a cell of its own, which reads as if alone on its line)."""
    return dataclasses.replace(directive, covers_next_line=False)


def _cell_directives(path: str, cell: Cell) -> dict[int, AllowDirective]:
    document = Document(path, cell.value.encode("utf-8", "surrogatepass"), first_line=cell.line)
    return parse_allow_directives(document)
