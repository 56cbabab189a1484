"""A data file's cells gathered into batches, and each batch made one document for the
detectors.

Each cell becomes a line `field: value`, so a column's name is context for its values
(`aadhaar: 417421809677` is an Aadhaar number, a bare 12-digit run is not). A table's cells
are kept a blank line apart: context words count on a value's line and the line before,
and the cell before is another column (`alt_mobile` says nothing of a `ts` column's
numbers). Cells of an object (JSON, YAML) stay on adjacent lines.

`_cell_batch.c` does both in C, where the package was built with it: in Python, the
bookkeeping of each value, and encoding and joining it, cost more than the detectors'
search of it. `python_collect_cells` and `python_batch_document` are the references the C
functions must equal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from bharosa.detectors.structured.cells import Cell

# (document, where each value starts in it, where each ends), cell by cell.
BatchDocument = tuple[bytes, list[int], list[int]]
# (the item that stopped the collection, characters taken, the highest line seen).
Collected = tuple[Any, int, int]
CollectCells = Callable[[Iterator[Any], type[Cell], list[Cell], list[int], int, int], Collected]


def batch_chars(cell: Cell) -> int:
    """What a cell counts towards a batch's size: its value, its field and 3 for the
    line's marks (`: ` and the line break), in characters."""
    return len(cell.value) + len(cell.field or "") + 3


def python_collect_cells(
    items: Iterator[Any],
    cell_type: type[Cell],
    cells: list[Cell],
    weights: list[int],
    room: int,
    last_line: int,
) -> Collected:
    """Cells (items of exactly `cell_type`) appended to `cells`, each weighing its own
    weight or 1 in `weights`, until their batch_chars reach `room` or an item of another
    type comes. That item (None when the room is reached or the items end), the
    characters the cells took and the highest line seen.

    A scan collects cells so while no column is sampled (every weight not decided by the
    reader is 1); a Cell of a subtype stops it like any other item."""
    used = 0
    for item in items:
        if type(item) is not cell_type:
            return item, used, last_line
        last_line = max(last_line, item.line)
        cells.append(item)
        weights.append(item.weight or 1)
        used += batch_chars(item)
        if used >= room:
            break
    return None, used, last_line


def python_batch_document(cells: Sequence[Cell]) -> BatchDocument:
    """The cells as one document, and the byte offsets of each value in it."""
    parts: list[bytes] = []
    starts: list[int] = []
    ends: list[int] = []
    prefixes: dict[str, bytes] = {}
    offset = 0
    for cell in cells:
        name = cell.field
        if name:
            prefix = prefixes.get(name)
            if prefix is None:
                prefix = prefixes[name] = f"{name}: ".encode("utf-8", "surrogatepass")
        else:
            prefix = b""
        value = cell.value.encode("utf-8", "surrogatepass")
        end = b"\n\n" if cell.column_index is not None else b"\n"
        start = offset + len(prefix)
        starts.append(start)
        ends.append(start + len(value))
        parts.extend((prefix, value, end))
        offset = start + len(value) + len(end)
    return b"".join(parts), starts, ends


def _native() -> tuple[CollectCells, Callable[[Sequence[Cell]], BatchDocument]]:
    try:
        from bharosa import _cell_batch
    except ImportError:  # built without a C compiler: the Python references serve
        return python_collect_cells, python_batch_document
    return _cell_batch.collect_cells, _cell_batch.batch_document


# The C functions when the package was built with them (`NATIVE` says which).
collect_cells, batch_document = _native()
NATIVE = batch_document is not python_batch_document
