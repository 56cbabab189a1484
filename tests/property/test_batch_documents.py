"""A batch of cells as one document: each value where `starts` says, each on its line
after its field's name, table cells a blank line apart."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bharosa.cell_scan import _batch_document
from bharosa.detectors.structured.cells import Cell
from tests.property.conftest import budget

_CELLS = st.builds(
    Cell,
    value=st.text(max_size=12),
    line=st.integers(min_value=1, max_value=50),
    field=st.one_of(st.none(), st.sampled_from(["", "email", "mobile", "नाम", "a: b"])),
    column_index=st.one_of(st.none(), st.integers(min_value=0, max_value=3)),
)


def _reference(batch: list[Cell], encoded: list[bytes]) -> bytes:
    lines = []
    for cell, value in zip(batch, encoded, strict=True):
        prefix = f"{cell.field}: ".encode() if cell.field else b""
        lines.append(prefix + value + (b"\n" if cell.column_index is None else b"\n\n"))
    return b"".join(lines)


@budget(ci=300, deep=20_000)
@given(st.lists(_CELLS, max_size=20))
def test_values_stand_where_the_batch_says(batch: list[Cell]) -> None:
    encoded = [cell.value.encode("utf-8", "surrogatepass") for cell in batch]
    document, starts = _batch_document("data.csv", batch, encoded)
    assert document.data == _reference(batch, encoded)
    assert len(starts) == len(batch)
    for start, value in zip(starts, encoded, strict=True):
        assert document.data[start : start + len(value)] == value
    assert starts == sorted(starts)
