"""Indented JSON text is exactly what json.dumps writes, for any value json accepts."""

from __future__ import annotations

import enum
import json
import tracemalloc
from typing import Any
from unittest.mock import patch

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bharosa.json_text import RawJSON, dumps_indented
from tests.property.conftest import budget


class _Level(enum.IntEnum):
    NOTE = 1


class _Name(str):
    pass


_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
    | st.sampled_from([_Level.NOTE, _Name("नाम"), "a\ud800b", '\x00\x1f"\\\u2028', -0.0])
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=40,
)


@budget(ci=1_000, deep=50_000)
@given(
    value=_VALUES, indent=st.sampled_from([1, 2, 4]), join_every=st.sampled_from([1, 2, 5, 1 << 14])
)
@example(value={"runs": [{"results": [], "tool": {}}]}, indent=2, join_every=1 << 14)
@example(value=[["a", [1, 2]], {"b": [None, [3.5]]}, "c"], indent=2, join_every=2)
def test_the_text_is_json_dumps_text(value: Any, indent: int, join_every: int) -> None:
    """Also with the pieces joined as they pile up, after as few as one (a large log's)."""
    with patch("bharosa.json_text._JOIN_EVERY", join_every):
        text = dumps_indented(value, indent)
    assert text == json.dumps(value, indent=indent, ensure_ascii=True)


@budget(ci=300, deep=20_000)
@given(
    items=st.lists(st.tuples(_VALUES, st.booleans()), max_size=6),
    indent=st.sampled_from([1, 2, 4]),
    depth=st.integers(0, 3),
)
@example(items=[([1, {"a": [2]}], True), ("b", False)], indent=2, depth=2)
def test_values_kept_as_text_are_written_as_json_dumps_writes_them(
    items: list[tuple[Any, bool]], indent: int, depth: int
) -> None:
    """Values kept as their text (some of a list's items, `depth` levels down) are written
    as json.dumps writes the values themselves, lines indented to where they stand."""
    plain: Any = [value for value, _ in items]
    kept: Any = [RawJSON(dumps_indented(value, indent)) if raw else value for value, raw in items]
    for _ in range(depth):
        plain, kept = {"k": [plain]}, {"k": [kept]}
    assert dumps_indented(kept, indent) == json.dumps(plain, indent=indent, ensure_ascii=True)


@pytest.mark.parametrize(
    "value",
    [{1: "a", None: [2.5], False: {}}, {"key": {3.5: "b"}}, [{"set": {1, 2}}], object()],
)
def test_what_json_converts_or_refuses_is_left_to_json(value: Any) -> None:
    try:
        expected = json.dumps(value, indent=2, ensure_ascii=True)
    except TypeError as exc:
        with pytest.raises(TypeError, match=str(exc)):
            dumps_indented(value)
        return
    assert dumps_indented(value) == expected


def test_a_cycle_is_refused_as_json_refuses_it() -> None:
    looped: list[Any] = []
    looped.append(looped)
    with pytest.raises(ValueError, match="Circular reference"):
        dumps_indented(looped)


def test_a_large_log_takes_a_few_times_its_text_in_memory() -> None:
    """Its pieces are joined as they pile up: kept one by one until the end, a piece a
    token took about nine times the text's size here."""
    value = {"results": [{"ruleId": "r", "line": n, "lines": [n, n + 1]} for n in range(20_000)]}
    tracemalloc.start()
    try:
        text = dumps_indented(value)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * len(text)
