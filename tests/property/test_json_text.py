"""Indented JSON text is exactly what json.dumps writes, for any value json accepts."""

from __future__ import annotations

import enum
import json
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bharosa.json_text import dumps_indented
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
@given(value=_VALUES, indent=st.sampled_from([1, 2, 4]))
@example(value={"runs": [{"results": [], "tool": {}}]}, indent=2)
def test_the_text_is_json_dumps_text(value: Any, indent: int) -> None:
    assert dumps_indented(value, indent) == json.dumps(value, indent=indent, ensure_ascii=True)


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
