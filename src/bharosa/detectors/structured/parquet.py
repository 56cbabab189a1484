"""Parquet: the schema's column names, then every value batch by batch.

Memory stays bounded by the batch size. Nested struct fields are named `parent.child`;
every element of a list column is a value of that column's row.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any, BinaryIO

from bharosa.detectors.structured.cells import Cell, FieldDecl, Item, ReaderLimits, malformed
from bharosa.notices import Notice, NoticeLevel

_BATCH_ROWS = 8192


def read_parquet(stream: BinaryIO, path: str, limits: ReaderLimits) -> Iterator[Item]:
    """Cells and schema fields of a Parquet file."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        yield Notice(
            NoticeLevel.WARNING,
            "extra-missing",
            "Parquet file not read: install bharosa[parquet]",
            path,
        )
        return
    try:
        parquet = pq.ParquetFile(stream)
        schema = parquet.schema_arrow
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError... for a broken file
        yield malformed(path, f"not a readable Parquet file ({type(exc).__name__})")
        return
    names = [field.name for field in schema]
    for index, name in enumerate(names):
        yield FieldDecl(name, 1, None, index)
    row = 0
    try:
        for batch in parquet.iter_batches(batch_size=_BATCH_ROWS):
            columns = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
            for offset in range(batch.num_rows):
                row += 1
                for index, values in enumerate(columns):
                    for field, text in _flatten(names[index], values[offset]):
                        yield Cell(text[: limits.max_cell_chars], row, None, field, row, index)
    except Exception as exc:  # a damaged page or row group
        yield malformed(path, f"Parquet data is damaged ({type(exc).__name__})", row + 1)


def _flatten(name: str, value: Any) -> Iterator[tuple[str, str]]:
    """The texts of a value: scalars as written, structs by field, lists by element."""
    if value is None or (isinstance(value, bool | bytes | float) and not _integral(value)):
        return
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _flatten(f"{name}.{key}", item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _flatten(name, item)
    elif isinstance(value, datetime.datetime | datetime.date):
        yield name, value.isoformat()
    elif isinstance(value, float):
        yield name, str(int(value))
    else:
        text = str(value).strip()
        if text:
            yield name, text


def _integral(value: Any) -> bool:
    return isinstance(value, float) and value.is_integer()
