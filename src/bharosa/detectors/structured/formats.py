"""Which reader reads which data file, by its name; readers are imported on first use."""

from __future__ import annotations

from functools import cache
from importlib import import_module

from bharosa.detectors.structured.cells import Reader

# Suffix -> (module under bharosa.detectors.structured, reader function, is a text format).
_READERS: dict[str, tuple[str, str, bool]] = {
    ".csv": ("csv", "read_csv", True),
    ".tsv": ("csv", "read_csv", True),
    ".tab": ("csv", "read_csv", True),
    ".psv": ("csv", "read_csv", True),
    ".json": ("json", "read_json", True),
    ".geojson": ("json", "read_json", True),
    ".jsonl": ("json", "read_jsonl", True),
    ".ndjson": ("json", "read_jsonl", True),
    ".ipynb": ("notebook", "read_notebook", True),
    ".yaml": ("yaml", "read_yaml", True),
    ".yml": ("yaml", "read_yaml", True),
    ".sql": ("sql", "read_sql", True),
    ".xlsx": ("xlsx", "read_xlsx", False),
    ".xlsm": ("xlsx", "read_xlsx", False),
    ".parquet": ("parquet", "read_parquet", False),
}
# The readers of formats whose rows name no field: a value's column is told by a header or
# column list elsewhere (a CSV row, an SQL INSERT's values, a spreadsheet's or Parquet
# file's rows), where JSON, YAML and notebooks repeat the key beside each value.
_ROWS_NAME_NO_FIELD = frozenset({"csv", "sql", "xlsx", "parquet"})
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
    return entry is not None and entry[0] in _ROWS_NAME_NO_FIELD


def reader_reads_text(path: str) -> bool:
    """Whether the file's format is text, so it can be read as plain text when its reader fails."""
    entry = _READERS.get(_suffix(path))
    return entry is not None and entry[2]


@cache
def _load(module: str, function: str) -> Reader:
    reader: Reader = getattr(import_module(f"bharosa.detectors.structured.{module}"), function)
    return reader
