"""Fingerprints take the same value whatever path computes it: normalize_value's ASCII
shortcut and the keyed HMAC set up once give what the general forms give."""

from __future__ import annotations

import hashlib
import hmac
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bharosa.findings import MASKS, fingerprint, normalize_value
from tests.property.conftest import budget

_TEXT = st.one_of(
    st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=30),
    st.text(max_size=30),
    st.sampled_from(["+91 98201 37645", " ４１１１-1111 ", "Anu Rao\t", "٣٤٥", "ﬁle", "ǅ"]),
)


def _reference(value: str, mask: str) -> str:
    # Every value through NFKC and the digit table, as normalize_value always did.
    text = unicodedata.normalize("NFKC", value)
    text = "".join(str(unicodedata.decimal(ch, ch)) if ord(ch) > 0x7F else ch for ch in text)
    text = text.strip()
    if mask in ("secret", "token"):
        return text
    if mask == "last4":
        return "".join(ch for ch in text if ch.isalnum()).upper()
    return " ".join(text.casefold().split())


@pytest.mark.parametrize("mask", sorted(MASKS))
@budget(ci=500, deep=50_000)
@given(value=_TEXT)
def test_normalized_values_match_the_general_form(mask: str, value: str) -> None:
    assert normalize_value(value, mask) == _reference(value, mask)


@budget(ci=200, deep=20_000)
@given(key=st.binary(min_size=1, max_size=80), value=_TEXT, path=_TEXT)
def test_fingerprints_are_hmac_sha256_of_rule_value_and_path(
    key: bytes, value: str, path: str
) -> None:
    message = "\0".join(("pii.phone", value, path)).encode("utf-8", "surrogatepass")
    expected = hmac.new(key, message, hashlib.sha256).hexdigest()
    assert fingerprint(key, "pii.phone", value, path) == expected
    # The key set up once is not changed by a message hashed with it.
    assert fingerprint(key, "pii.phone", value, path) == expected
