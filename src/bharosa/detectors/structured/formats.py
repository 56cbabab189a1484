"""Which reader reads which data file, by its name; readers are imported on first use."""

from __future__ import annotations

from functools import cache
from importlib import import_module

from bharosa.detectors.structured.cells import Reader

# Suffix -> (module under bharosa.detectors.structured, reader function, is a text format,
# rows name no field: a value's column is told by a header or column list elsewhere).
_READERS: dict[str, tuple[str, str, bool, bool]] = {
    ".csv": ("csv", "read_csv", True, True),
    ".tsv": ("csv", "read_csv", True, True),
    ".tab": ("csv", "read_csv", True, True),
    ".psv": ("csv", "read_csv", True, True),
    ".json": ("json", "read_json", True, False),
    ".geojson": ("json", "read_json", True, False),
    ".jsonl": ("json", "read_jsonl", True, False),
    ".ndjson": ("json", "read_jsonl", True, False),
    ".ipynb": ("notebook", "read_notebook", True, False),
    ".yaml": ("yaml", "read_yaml", True, False),
    ".yml": ("yaml", "read_yaml", True, False),
    ".sql": ("sql", "read_sql", True, True),
    ".xlsx": ("xlsx", "read_xlsx", False, True),
    ".xlsm": ("xlsx", "read_xlsx", False, True),
    ".parquet": ("parquet", "read_parquet", False, True),
}
STRUCTURED_SUFFIXES = frozenset(_READERS)


def _suffix(path: str) -> str:
    # What PurePosixPath(path).suffix says, without building a path object per file.
    name = path[path.rfind("/") + 1 :]
    dot = name.rfind(".")
    return name[dot:].lower() if 0 < dot < len(name) - 1 else ""


def reader_for(path: str) -> Reader | None:
    """The reader for a data file, or None for files read as plain text."""
    entry = _READERS.get(_suffix(path))
    return None if entry is None else _load(entry[0], entry[1])


def rows_name_no_field(path: str) -> bool:
    """Whether a value's column in this format is told by a header or column list, not on
    its own line (a CSV row, an SQL INSERT's values): a new row adds values to the columns
    the header declared."""
    entry = _READERS.get(_suffix(path))
    return entry is not None and entry[3]


def reader_reads_text(path: str) -> bool:
    """Whether the file's format is text, so it can be read as plain text when its reader fails."""
    entry = _READERS.get(_suffix(path))
    return entry is not None and entry[2]


@cache
def _load(module: str, function: str) -> Reader:
    reader: Reader = getattr(import_module(f"bharosa.detectors.structured.{module}"), function)
    return reader
