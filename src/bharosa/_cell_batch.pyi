from collections.abc import Iterator, Sequence
from typing import Any

from bharosa.detectors.structured.cells import Cell

def collect_cells(
    items: Iterator[Any],
    cell_type: type[Cell],
    cells: list[Cell],
    weights: list[int],
    room: int,
    last_line: int,
    /,
) -> tuple[Any, int, int]: ...
def batch_document(cells: Sequence[Cell], /) -> tuple[bytes, list[int], list[int]]: ...
