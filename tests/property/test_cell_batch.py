"""Cells gathered into batches, a batch as one document (each value where `starts` and
`ends` say, on its line after its field's name, table cells a blank line apart), and the
C module that does both for data files' scans answering exactly as its Python references."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bharosa import cell_batch
from bharosa.cell_batch import python_batch_document, python_collect_cells
from bharosa.detectors.structured.cells import Cell, FieldDecl
from bharosa.notices import Notice, NoticeLevel
from tests.property.conftest import budget

native = pytest.importorskip("bharosa._cell_batch")

# Text with lone surrogates (written as they are, "surrogatepass"), non-ASCII and newlines.
_TEXT = st.text(st.characters(blacklist_categories=()), max_size=12) | st.sampled_from(
    ["", "a\ud800b", "नाम", "line\nbreak", "x" * 300]
)
_CELLS = st.builds(
    Cell,
    value=_TEXT,
    line=st.integers(min_value=1, max_value=50),
    field=st.one_of(st.none(), st.sampled_from(["", "email", "mobile", "नाम", "a: b", "k\udcff"])),
    column_index=st.one_of(st.none(), st.integers(min_value=0, max_value=3)),
)


def _reference(batch: list[Cell]) -> bytes:
    lines = []
    for cell in batch:
        prefix = f"{cell.field}: ".encode("utf-8", "surrogatepass") if cell.field else b""
        value = cell.value.encode("utf-8", "surrogatepass")
        lines.append(prefix + value + (b"\n" if cell.column_index is None else b"\n\n"))
    return b"".join(lines)


@budget(ci=300, deep=20_000)
@given(st.lists(_CELLS, max_size=20))
def test_values_stand_where_the_batch_says(batch: list[Cell]) -> None:
    data, starts, ends = python_batch_document(batch)
    assert data == _reference(batch)
    assert len(starts) == len(ends) == len(batch)
    for start, end, cell in zip(starts, ends, batch, strict=True):
        assert data[start:end] == cell.value.encode("utf-8", "surrogatepass")
    assert starts == sorted(starts)


def test_the_c_module_is_what_data_files_use() -> None:
    assert cell_batch.NATIVE
    assert cell_batch.batch_document is native.batch_document
    assert cell_batch.collect_cells is native.collect_cells


class _OtherCell(Cell):
    """A Cell of a subtype: collected by the scan one by one, not in bulk."""


_WEIGHED = st.builds(
    Cell,
    value=_TEXT,
    line=st.integers(min_value=1, max_value=1 << 40),
    field=st.one_of(st.none(), st.sampled_from(["", "email", "नाम"])),
    weight=st.sampled_from([0, 0, 1, 100]),
)
_ITEMS = st.lists(
    _WEIGHED
    | st.builds(_OtherCell, value=_TEXT, line=st.integers(1, 9))
    | st.builds(FieldDecl, name=st.sampled_from(["email", "phone"]), line=st.integers(1, 9))
    | st.just(Notice(NoticeLevel.WARNING, "malformed", "broken", "a.csv")),
    max_size=30,
)


@budget(ci=1_000, deep=50_000)
@given(items=_ITEMS, room=st.integers(1, 200), last_line=st.integers(0, 50))
@example(items=[Cell("a" * 10, 3), Cell("b", 2)], room=13, last_line=0)
def test_c_collection_equals_the_python_reference(
    items: list[object], room: int, last_line: int
) -> None:
    results = []
    for collect in (native.collect_cells, python_collect_cells):
        iterator = iter(items)
        cells: list[Cell] = []
        weights: list[int] = []
        stopped = collect(iterator, Cell, cells, weights, room, last_line)
        # What was taken, and where the items were left: the next one is the same.
        results.append((stopped, cells, weights, list(iterator)))
    assert results[0] == results[1]
    assert all(weight >= 1 for weight in results[1][2])


@budget(ci=1_000, deep=50_000)
@given(st.lists(_CELLS, max_size=40))
@example([Cell("a\ud800b", 1, field="k\udcff"), Cell("", 2, column_index=0)])
def test_c_module_equals_the_python_reference(batch: list[Cell]) -> None:
    assert native.batch_document(batch) == python_batch_document(batch)
    assert native.batch_document(tuple(batch)) == python_batch_document(batch)


def test_c_collection_refuses_cells_it_cannot_count() -> None:
    for cell, error in [
        (Cell(b"bytes", 1), TypeError),  # type: ignore[arg-type]
        (Cell("v", 1, field=3), TypeError),  # type: ignore[arg-type]
        (Cell("v", None), TypeError),  # type: ignore[arg-type]
        (Cell("v", -1), ValueError),
    ]:
        with pytest.raises(error):
            native.collect_cells(iter([cell]), Cell, [], [], 10, 0)
    with pytest.raises(TypeError, match="iterator"):
        native.collect_cells([Cell("v", 1)], Cell, [], [], 10, 0)

    def broken() -> object:
        yield Cell("v", 1)
        raise RuntimeError("reader bug")

    with pytest.raises(RuntimeError, match="reader bug"):
        native.collect_cells(broken(), Cell, [], [], 100, 0)


def test_c_module_refuses_what_is_no_cell() -> None:
    with pytest.raises(AttributeError):
        native.batch_document([object()])
    with pytest.raises(TypeError, match="value must be a str"):
        native.batch_document([Cell(b"bytes", 1)])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="field must be a str or None"):
        native.batch_document([Cell("v", 1, field=3)])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        native.batch_document(5)
