"""Spreadsheets (XLSX): every sheet, a header row when there is one, every non-empty cell.

An XLSX file is a zip archive. Before openpyxl opens it, the members' declared sizes are
checked against a cap. That bound is sound: zipfile never inflates a member past its
declared size (a member that would is a CRC error), so a bomb has to declare its size.
"""

from __future__ import annotations

import datetime
import re
import zipfile
from collections.abc import Iterator
from typing import Any, BinaryIO

from bharosa.detectors.structured.cells import Cell, FieldDecl, Item, ReaderLimits, malformed
from bharosa.notices import Notice, NoticeLevel

# A member this much larger than its compressed bytes, and big, is a bomb.
_MAX_RATIO = 200
_RATIO_FLOOR = 10 << 20
_NOT_A_NAME = re.compile(r"@|://")


def read_xlsx(stream: BinaryIO, path: str, limits: ReaderLimits) -> Iterator[Item]:
    """Cells and header fields of every sheet of a workbook."""
    try:
        import openpyxl
    except ImportError:
        yield Notice(
            NoticeLevel.WARNING,
            "extra-missing",
            "spreadsheet not read: install bharosa[xlsx]",
            path,
        )
        return
    try:
        # NotImplementedError: the archive needs a zip version zipfile does not read.
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
        yield malformed(path, f"not a readable XLSX archive ({exc})")
        return
    refusal = _bomb_check(archive, limits.max_decompressed_bytes)
    if refusal is not None:
        yield Notice(NoticeLevel.WARNING, "too-large", refusal, path)
        return
    stream.seek(0)
    try:
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        yield malformed(path, f"not a readable workbook ({type(exc).__name__})")
        return
    try:
        for sheet in workbook.worksheets:
            yield from _sheet_items(sheet, limits)
    except Exception as exc:  # a damaged sheet part
        yield malformed(path, f"a sheet could not be read ({type(exc).__name__})")
    finally:
        workbook.close()


def _bomb_check(archive: zipfile.ZipFile, cap: int) -> str | None:
    declared = sum(info.file_size for info in archive.infolist())
    if declared > cap:
        return (
            f"refused: the archive declares {declared / 1e6:,.0f} MB uncompressed "
            f"(cap {cap / 1e6:,.0f} MB)"
        )
    for info in archive.infolist():
        if info.file_size > _RATIO_FLOOR and info.file_size > _MAX_RATIO * max(
            info.compress_size, 1
        ):
            ratio = info.file_size // max(info.compress_size, 1)
            return f"refused: {info.filename} expands {ratio}-fold"
    return None


def _sheet_items(sheet: Any, limits: ReaderLimits) -> Iterator[Item]:
    header: dict[int, str] | None = None
    data_row = 0
    for row in sheet.iter_rows():
        values = [(cell.column, _text(cell.value)) for cell in row if _text(cell.value)]
        if not values:
            continue
        row_number = row[0].row
        if header is None and data_row == 0 and _is_header(row):
            header = {column: name for column, name in values}
            for column, name in values:
                yield FieldDecl(name, row_number, column, column - 1, sheet.title)
            continue
        data_row += 1
        for column, text in values:
            field = header.get(column) if header else None
            yield Cell(
                text[: limits.max_cell_chars],
                row_number,
                column,
                field,
                data_row,
                column - 1,
                sheet.title,
            )


def _is_header(row: Any) -> bool:
    texts = [cell.value for cell in row if cell.value is not None and str(cell.value).strip()]
    return (
        bool(texts)
        and all(isinstance(value, str) and not _NOT_A_NAME.search(value) for value in texts)
        and len(set(texts)) == len(texts)
    )


def _text(value: Any) -> str:
    """A cell value as people see it: ISO dates, integral floats without `.0`."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
