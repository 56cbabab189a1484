from collections.abc import Sequence

from bharosa.detectors.structured.cells import Cell

def batch_document(cells: Sequence[Cell], /) -> tuple[bytes, list[int], list[int]]: ...
