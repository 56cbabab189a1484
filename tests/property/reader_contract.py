"""What every structured reader promises for any input (see `detectors/structured/cells.py`).

A reader never raises for a problem with the file: it yields cells, field declarations
and notices, and a malformed file ends with a `malformed` notice. Every item is placed
(lines from 1, columns from 1) and no value is longer than the limits allow. An
exception that escapes a reader would end the whole scan: the pipeline catches none.
"""

from __future__ import annotations

import io

from bharosa.detectors.structured.cells import Cell, FieldDecl, Item, ReaderLimits
from bharosa.notices import Notice, NoticeLevel
from tests.property.seeds import ReaderCase

# Every notice code a reader may yield.
READER_NOTICES = frozenset(
    {"malformed", "truncated", "nul-bytes", "too-deep", "too-large", "extra-missing"}
)
# Tight limits, so small inputs reach the cut-offs too.
TIGHT_LIMITS = ReaderLimits(max_cell_chars=24, max_decompressed_bytes=64 << 10, max_depth=4)


def read_all(case: ReaderCase, data: bytes, limits: ReaderLimits) -> list[Item]:
    """Everything the case's reader yields for `data`."""
    return list(case.reader(io.BytesIO(data), case.path, limits))


def check_items(items: list[Item], path: str, limits: ReaderLimits) -> None:
    """Assert that the reader's output keeps the reader contract."""
    for item in items:
        if isinstance(item, Cell):
            assert isinstance(item.value, str), item
            assert len(item.value) <= limits.max_cell_chars, (len(item.value), item.line)
            _check_place(item.line, item.column, item)
            assert item.field is None or isinstance(item.field, str), item
            assert item.row is None or item.row >= 1, item
            assert item.column_index is None or item.column_index >= 0, item
            assert item.weight >= 0, item
        elif isinstance(item, FieldDecl):
            assert isinstance(item.name, str), item
            _check_place(item.line, item.column, item)
            assert item.column_index is None or item.column_index >= 0, item
        elif isinstance(item, Notice):
            assert item.code in READER_NOTICES, item
            assert item.level in (NoticeLevel.INFO, NoticeLevel.WARNING), item
            assert item.path == path, item
        else:
            raise AssertionError(f"a reader yielded {type(item).__name__}: {item!r}")


def _check_place(line: int, column: int | None, item: object) -> None:
    assert isinstance(line, int), item
    assert line >= 1, item
    assert column is None or column >= 1, item
