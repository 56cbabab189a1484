"""Field declarations of ORM and schema models in code (Django, SQLAlchemy, Pydantic,
marshmallow, Prisma): a model's fields are a schema, so confidential ones are notes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bharosa.detectors.structured.cells import FieldDecl

# A file declares models when it holds one of these.
_MARKERS = (
    b"models.Model",
    b"Column(",
    b"mapped_column(",
    b"(BaseModel)",
    b"fields.",
)
_PYTHON_FIELD = re.compile(
    rb"^[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]*(?::[^=\n]+)?=[ \t]*"
    rb"(?:models\.[A-Za-z]+|db\.Column|Column|mapped_column|fields\.[A-Za-z]+|Field)[ \t]*\(",
    re.MULTILINE,
)
_PRISMA_FIELD = re.compile(
    rb"^[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]+[A-Z][A-Za-z]*[?\[\]]*(?:[ \t]|$)", re.MULTILINE
)


def iter_model_fields(path: str, data: bytes) -> Iterator[FieldDecl]:
    """The fields a code file declares on its models, or nothing for other files."""
    prisma = path.endswith(".prisma")
    if not prisma and (not path.endswith(".py") or not any(m in data for m in _MARKERS)):
        return
    pattern = _PRISMA_FIELD if prisma else _PYTHON_FIELD
    for found in pattern.finditer(data):
        start = found.start(1)
        line = data.count(b"\n", 0, start) + 1
        column = start - data.rfind(b"\n", 0, start)
        yield FieldDecl(found.group(1).decode("ascii"), line, column)
