"""Findings made by the C module from their fields' values are what Finding(*values) makes.

`bharosa._slots.new` sets a slotted class's fields without calling __init__: it equals the
class only while __init__ does nothing but set the fields, which Finding's must keep to.
"""

from __future__ import annotations

import dataclasses
import pickle
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bharosa import findings
from bharosa.findings import Finding, Origin, python_new_finding
from bharosa.rules.model import Confidence, Severity
from tests.property.conftest import budget

native = pytest.importorskip("bharosa._slots")
_FIELDS = tuple(field.name for field in dataclasses.fields(Finding))

_TEXT = st.text(max_size=12)
_VALUES = st.tuples(
    _TEXT, _TEXT, _TEXT, st.sampled_from(Severity), st.sampled_from(Confidence), _TEXT,
    st.integers(1, 1 << 40), st.integers(1, 500), st.integers(1, 500), _TEXT, _TEXT,
    st.lists(_TEXT, max_size=3).map(tuple), st.none() | _TEXT, st.none() | st.integers(1, 9),
    st.none() | st.integers(0, 9), st.none() | _TEXT,
    st.none() | st.builds(Origin, st.text(max_size=40), st.integers(0, 1 << 31), st.booleans()),
    st.none() | st.integers(1, 500), st.none() | st.integers(1, 500), _TEXT,
)  # fmt: skip


def test_the_c_module_makes_the_findings() -> None:
    assert findings.new_finding is not python_new_finding
    # Nothing but setting the fields may happen in __init__ (the C module skips it).
    assert not hasattr(Finding, "__post_init__")
    assert findings._FIELDS == _FIELDS
    assert Finding.__slots__ == _FIELDS


@budget(ci=500, deep=20_000)
@given(_VALUES)
def test_a_finding_made_in_c_is_the_finding_init_makes(values: tuple[Any, ...]) -> None:
    made, expected = findings.new_finding(values), python_new_finding(values)
    assert type(made) is Finding
    assert made == expected and hash(made) == hash(expected)
    assert made.reveal() == expected.reveal()
    assert [getattr(made, name) for name in _FIELDS] == list(values)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.line = 3  # type: ignore[misc]
    again = pickle.loads(pickle.dumps(made))  # noqa: S301 - bytes made here
    assert again == made and again.reveal() == made.reveal()


def test_a_layout_names_only_the_class_own_slots() -> None:
    with pytest.raises(TypeError, match="no slot"):
        native.layout(Finding, ("rule_id", "nonsense"))
    with pytest.raises(TypeError, match="no slot"):
        native.layout(Finding, ("sort_key",))  # a property, not a slot
    with pytest.raises(TypeError, match="no slot"):
        native.layout(Finding, (3,))
    layout = native.layout(Finding, _FIELDS)
    with pytest.raises(TypeError, match="takes 20 values"):
        native.new(layout, ("too", "few"))
    with pytest.raises(ValueError):
        native.new(object(), ())
