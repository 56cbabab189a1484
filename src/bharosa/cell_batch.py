"""A batch of a data file's cells as one document for the detectors.

Each cell becomes a line `field: value`, so a column's name is context for its values
(`aadhaar: 417421809677` is an Aadhaar number, a bare 12-digit run is not). A table's cells
are kept a blank line apart: context words count on a value's line and the line before,
and the cell before is another column (`alt_mobile` says nothing of a `ts` column's
numbers). Cells of an object (JSON, YAML) stay on adjacent lines.

`_cell_batch.c` builds it in C, where the package was built with it: in Python, encoding
and joining each value cost more than the detectors' search of it. `python_batch_document`
is the reference the C function must equal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bharosa.detectors.structured.cells import Cell

# (document, where each value starts in it, where each ends), cell by cell.
BatchDocument = tuple[bytes, list[int], list[int]]


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


def _native() -> Callable[[Sequence[Cell]], BatchDocument]:
    try:
        from bharosa import _cell_batch
    except ImportError:  # built without a C compiler: the Python reference serves
        return python_batch_document
    return _cell_batch.batch_document


# The C function when the package was built with it (`NATIVE` says which).
batch_document = _native()
NATIVE = batch_document is not python_batch_document
