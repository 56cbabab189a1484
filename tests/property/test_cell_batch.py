"""A batch of cells as one document: each value where `starts` and `ends` say, each on its
line after its field's name, table cells a blank line apart; and the C module that builds
it for data files' scans answers exactly as its Python reference."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bharosa import cell_batch
from bharosa.cell_batch import python_batch_document
from bharosa.detectors.structured.cells import Cell
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


@budget(ci=1_000, deep=50_000)
@given(st.lists(_CELLS, max_size=40))
@example([Cell("a\ud800b", 1, field="k\udcff"), Cell("", 2, column_index=0)])
def test_c_module_equals_the_python_reference(batch: list[Cell]) -> None:
    assert native.batch_document(batch) == python_batch_document(batch)
    assert native.batch_document(tuple(batch)) == python_batch_document(batch)


def test_c_module_refuses_what_is_no_cell() -> None:
    with pytest.raises(AttributeError):
        native.batch_document([object()])
    with pytest.raises(TypeError, match="value must be a str"):
        native.batch_document([Cell(b"bytes", 1)])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="field must be a str or None"):
        native.batch_document([Cell("v", 1, field=3)])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        native.batch_document(5)
