"""The Finding model, value masking and keyed fingerprints.

The raw value of a finding lives only in memory, in a private field. Reporters get
`masked`; only `--show-values` (and matching by suppressions) reads `reveal()`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import operator
import re
import string
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache, partial
from typing import Any

from bharosa.detectors.match import Match
from bharosa.rules.model import Confidence, Severity
from bharosa.sources.document import Position

_STARS = "***"
# A token's type prefix ends within this many characters (`sk_live_`, `glpat-`).
_TOKEN_PREFIX = 9


class _DigitTable(dict[int, str]):
    """str.translate table mapping every Unicode decimal digit to its ASCII digit."""

    def __missing__(self, codepoint: int) -> str:
        digit = unicodedata.decimal(chr(codepoint), None)
        result = str(digit) if digit is not None and codepoint > 0x7F else chr(codepoint)
        self[codepoint] = result
        return result


_DIGITS = _DigitTable()


def mask_email(value: str) -> str:
    """`priya.sharma@customer-corp.in` -> `p***@c***.in`: first letters and the top-level domain."""
    local, _, domain = value.rpartition("@")
    if not local or not domain:
        return mask_initial(value)
    labels = domain.split(".")
    tld = labels[-1] if len(labels) > 1 else ""
    masked_domain = f"{labels[0][:1]}{_STARS}" + (f".{tld}" if tld else "")
    return f"{local[:1]}{_STARS}@{masked_domain}"


# Every ASCII letter and digit (what str.isalnum() takes in ASCII text) as a star.
_ASCII_ALNUM_STARRED = str.maketrans(dict.fromkeys(string.ascii_letters + string.digits, "*"))


def mask_last4(value: str) -> str:
    """`4111 1111 1111 4242` -> `**** **** **** 4242`: separators kept, last 4 of >= 8 shown."""
    if value.isascii():
        return _mask_last4_ascii(value)
    alnum_total = sum(ch.isalnum() for ch in value)
    keep = 4 if alnum_total >= 8 else 0
    out = []
    seen = 0
    for ch in value:
        if ch.isalnum():
            seen += 1
            out.append(ch if seen > alnum_total - keep else "*")
        else:
            out.append(ch)
    return "".join(out)


def _mask_last4_ascii(value: str) -> str:
    """mask_last4 of ASCII text: letters and digits starred in one pass, the last four put
    back (stars the value held are no letters or digits)."""
    masked = value.translate(_ASCII_ALNUM_STARRED)
    if masked.count("*") - value.count("*") < 8:
        return masked
    cut, kept = len(value), 0
    while kept < 4:
        cut -= 1
        kept += value[cut].isalnum()
    return masked[:cut] + value[cut:]


def mask_secret(value: str) -> str:
    """Shows nothing of a password or key."""
    return "********"


_PEM_HEADER = re.compile(r"-----BEGIN [A-Z0-9 ]{1,64}?-----|-----BEGIN [A-Z0-9 ]{0,64}")


def mask_token(value: str) -> str:
    """Shows only a token's type: `ghp_****`, `sk_live_****`, `AKIA****`, a PEM header."""
    if value.startswith("-----BEGIN"):
        # The header's own line only: a header without its closing dashes must not let
        # the mask run on to the END line and show the key between.
        header = _PEM_HEADER.match(value)
        return (header.group(0) if header else "-----BEGIN") + "****"
    cut = max(value.rfind("_", 0, _TOKEN_PREFIX), value.rfind("-", 0, _TOKEN_PREFIX))
    prefix = value[: cut + 1] if cut > 0 else value[:4]
    return f"{prefix}****" if len(value) >= 2 * len(prefix) + 8 else "********"


def mask_initial(value: str) -> str:
    """Shows only the first character."""
    return f"{value[:1]}{_STARS}" if value else _STARS


MASKS: dict[str, Callable[[str], str]] = {
    "email": mask_email,
    "last4": mask_last4,
    "secret": mask_secret,
    "token": mask_token,
    "initial": mask_initial,
}


# What str.isalnum() refuses in ASCII text.
_ASCII_NOT_ALNUM = re.compile("[^A-Za-z0-9]+")


def normalize_value(value: str, mask: str) -> str:
    """The form of a value that fingerprints compare: same value, same form, whatever its layout."""
    # ASCII text is its own NFKC form, and its digits are ASCII already.
    ascii_only = value.isascii()
    text = (
        value if ascii_only else unicodedata.normalize("NFKC", value).translate(_DIGITS)
    ).strip()
    if mask in ("secret", "token"):
        return text
    if mask == "last4":
        if ascii_only:
            return _ASCII_NOT_ALNUM.sub("", text).upper()
        return "".join(ch for ch in text if ch.isalnum()).upper()
    return " ".join(text.casefold().split())


def fingerprint(key: bytes, rule_id: str, normalized_value: str, path: str) -> str:
    """HMAC-SHA256 of rule id, normalized value and path: survives line moves, resists guessing."""
    message = "\0".join((rule_id, normalized_value, path)).encode("utf-8", "surrogatepass")
    keyed = _keyed_hmac(key).copy()
    keyed.update(message)
    return keyed.hexdigest()


@lru_cache(maxsize=4)
def _keyed_hmac(key: bytes) -> hmac.HMAC:
    """An HMAC-SHA256 with the key set up, to copy for each message (setting up a key is
    most of what hashing a short message costs)."""
    return hmac.new(key, digestmod=hashlib.sha256)


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a value found in git history came from.

    `commit` first brought it in (at the finding's path), on `author_time` (Unix seconds);
    `in_head` says whether the value is still in the scanned tip's tree, at any path.
    """

    commit: str
    author_time: int
    in_head: bool = False


@dataclass(frozen=True, slots=True)
class Finding:
    """One occurrence of a rule's value in a document."""

    rule_id: str
    rule_name: str
    kind: str
    severity: Severity
    confidence: Confidence
    path: str
    line: int
    start_column: int
    end_column: int
    masked: str
    fingerprint: str
    reasons: tuple[str, ...] = ()
    field: str | None = None
    row: int | None = None
    column_index: int | None = None
    table: str | None = None
    origin: Origin | None = None
    # The span's columns in UTF-16 code units, as SARIF counts them (None: as the code points).
    start_column_utf16: int | None = None
    end_column_utf16: int | None = None
    # Declared with dataclasses.field: the name `field` is one of this class's own fields.
    _value: str = dataclasses.field(default="", repr=False, compare=False)

    def reveal(self) -> str:
        """The raw value: for `--show-values` output and value-based suppression only."""
        return self._value

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        """Findings are reported in path, line, column, rule order (REPORT_ORDER)."""
        return REPORT_ORDER(self)

    def __reduce__(self) -> tuple[Callable[..., Finding], tuple[Any, ...]]:
        # Pickled (to come back from a worker) as its fields' values, made again by
        # new_finding: a slotted dataclass's own state methods look up its fields for every
        # object, at twice the cost for each of the thousands of findings a data file lists.
        return (_unpickled_finding, _finding_fields(self))


# A finding's place in report order: path, line, column, rule.
ReportKey = tuple[str, int, int, str]
# Findings in report order (a C-level key for sorting thousands).
REPORT_ORDER: Callable[[Finding], ReportKey] = operator.attrgetter(
    "path", "line", "start_column", "rule_id"
)
# A finding's fields in __init__'s order.
_FIELDS = tuple(field.name for field in dataclasses.fields(Finding))
_finding_fields = operator.attrgetter(*_FIELDS)

# A finding's record in the JSON report: these keys, in this order (then its commit of
# origin, and its value with --show-values).
FINDING_KEYS = (
    "rule_id",
    "rule_name",
    "kind",
    "severity",
    "confidence",
    "path",
    "line",
    "start_column",
    "end_column",
    "masked",
    "fingerprint",
    "reasons",
    "field",
    "row",
    "column_index",
    "table",
)
# The fields of a finding a record holds, read in one call (a report lists thousands).
_RECORD_FIELDS = operator.attrgetter(*FINDING_KEYS)


def finding_record(finding: Finding, show_values: bool) -> dict[str, Any]:
    """A finding as a JSON object; `value` only with --show-values."""
    record: dict[str, Any] = dict(zip(FINDING_KEYS, _RECORD_FIELDS(finding), strict=True))
    record["severity"] = finding.severity.value
    record["confidence"] = finding.confidence.value
    record["reasons"] = list(finding.reasons)
    if finding.origin is not None:
        record.update(origin_record(finding.origin))
    if show_values:
        # A finding holding no value has null (as spilled ones: see report/json.py).
        record["value"] = finding.reveal() or None
    return record


def finding_json(finding: Finding, show_values: bool) -> str:
    """A finding's record as the JSON report writes it: one line of ASCII."""
    return json.dumps(finding_record(finding, show_values), ensure_ascii=True)


def origin_record(origin: Origin) -> dict[str, Any]:
    """A history finding's commit, author date (UTC, ISO 8601) and presence at the tip."""
    return {
        "commit": origin.commit,
        "author_date": iso_date(origin.author_time),
        "in_head": origin.in_head,
    }


def iso_date(timestamp: int) -> str:
    """Unix seconds as an ISO 8601 UTC date and time."""
    return datetime.fromtimestamp(timestamp, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _constructor() -> Callable[[tuple[Any, ...]], Finding]:
    """What makes a Finding from its fields' values, in __init__'s order: the C module's
    `new` where the package was built with it (__init__ only sets the fields, one
    object.__setattr__ each; nothing else may be added to it: tests/property/test_slots.py
    checks), else __init__ itself."""
    try:
        from bharosa import _slots
    except ImportError:  # built without a C compiler
        return python_new_finding
    return partial(_slots.new, _slots.layout(Finding, _FIELDS))


def python_new_finding(values: tuple[Any, ...]) -> Finding:
    """A Finding of its fields' values, through __init__ (the reference new_finding equals)."""
    return Finding(*values)


new_finding = _constructor()


def _unpickled_finding(*values: Any) -> Finding:
    return new_finding(values)


def value_key(key: bytes, finding: Finding, mask: str) -> str:
    """A keyed digest of a finding's rule and value, wherever it stands (for `in_head`)."""
    return fingerprint(key, finding.rule_id, normalize_value(finding.reveal(), mask), "")


def display_value(finding: Finding, show_values: bool) -> str:
    """What reporters print for a finding's value."""
    return finding.reveal() if show_values else finding.masked


# Where a value stands in a data file: field, row, column index and table.
CellPlace = tuple[str | None, int | None, int | None, str | None]


def make_finding(
    match: Match,
    path: str,
    position: Position,
    key: bytes,
    severity: Severity | None = None,
    cell: CellPlace | None = None,
) -> Finding:
    """A Finding for a match at `position` of `path` (in a data file, at `cell`): masked
    and fingerprinted."""
    rule = match.rule
    value = match.value
    field, row, column_index, table = cell or (None, None, None, None)
    # The fields in __init__'s order (_FIELDS; test_findings checks the two agree).
    return new_finding(
        (
            rule.id,
            rule.name,
            rule.kind,
            severity or rule.severity,
            match.confidence,
            path,
            position.line,
            position.start_column,
            position.end_column,
            MASKS[rule.mask](value),
            fingerprint(key, rule.id, normalize_value(value, rule.mask), path),
            match.reasons,
            field,
            row,
            column_index,
            table,
            None,
            position.start_column_utf16,
            position.end_column_utf16,
            value,
        )
    )


@dataclass(frozen=True, slots=True)
class ColumnSummary:
    """The findings of one rule in one column of a data file: one result with a count.

    `header_line` locates the column's header or declaration (the primary location);
    `sample_lines` are up to ten lines holding its values. `listed` says how many of the
    `count` occurrences a report that lists values lists (the rest were only counted; a run
    holds just the first in memory unless it needs them all: see Scanner), and
    `estimated` that the count was extrapolated from a sample of a very long column.
    """

    path: str
    table: str | None
    field: str | None
    column_index: int | None
    rule_id: str
    rule_name: str
    kind: str
    severity: Severity
    confidence: Confidence
    count: int
    listed: int
    header_line: int | None
    header_column: int | None
    sample_lines: tuple[int, ...]
    masked_sample: str
    fingerprint: str
    # Past SATURATED_AFTER findings a column is sampled, and `count` is an estimate.
    estimated: bool = False
    origin: Origin | None = None
    # The header's column in UTF-16 code units, as SARIF counts them (None: as `header_column`).
    header_column_utf16: int | None = None

    @property
    def column_label(self) -> str:
        """How the column is named in reports: its field, else its position."""
        if self.field:
            return self.field
        return f"column {self.column_index + 1}" if self.column_index is not None else "values"

    @property
    def line(self) -> int:
        """The line a report points at: the header, else the first value."""
        return self.header_line or (self.sample_lines[0] if self.sample_lines else 1)


ColumnKey = tuple[str, str | None, str | None, int | None, str]
# What a column key holds, by name: a finding's (or summary's) fields, and the keys of its
# JSON record (FINDING_KEYS).
_COLUMN_KEY_FIELDS = ("path", "table", "field", "column_index", "rule_id")
_column_key_of: Callable[[Finding | ColumnSummary], ColumnKey] = operator.attrgetter(
    *_COLUMN_KEY_FIELDS
)
_record_column_key: Callable[[dict[str, Any]], ColumnKey] = operator.itemgetter(*_COLUMN_KEY_FIELDS)


def column_key(item: Finding | ColumnSummary) -> ColumnKey:
    """The column a finding was counted in, and the key of its column summary."""
    return _column_key_of(item)


def record_column_key(record: dict[str, Any]) -> ColumnKey:
    """column_key of the finding a JSON record (finding_record) was made from."""
    return _record_column_key(record)
