"""Card validation: Luhn, issuer ranges and lengths, printed layouts."""

from __future__ import annotations

import pytest

from bharosa.detectors.cards import card_issuer, has_card_layout, is_card_number


@pytest.mark.parametrize(
    ("number", "issuer"),
    [
        ("4526018159083012", "Visa"),
        ("5366131860913904", "Mastercard"),
        ("2720398259791906", "Mastercard"),
        ("378194821993511", "American Express"),
        ("6011819093786579", "Discover"),
        ("3530975432319487", "JCB"),
        ("36757491186253", "Diners Club"),
        ("6027601895559798", "RuPay"),
        ("8191703423667121", "RuPay"),
        ("4711471049746507529", "Visa"),
    ],
)
def test_issuers(number: str, issuer: str) -> None:
    assert card_issuer(number) == issuer
    assert is_card_number(number)


@pytest.mark.parametrize(
    "value",
    [
        "4526018159083013",
        "9526018159083012",
        "2721996030824620",
        "37819482199351",
        "4526-0181 5908-3012",
        "45260 18159 08301 2",
        "0000000000000000",
    ],
)
def test_refused(value: str) -> None:
    assert not is_card_number(value)


def test_layouts() -> None:
    assert has_card_layout("4526 0181 5908 3012")
    assert has_card_layout("3781-948219-93511")
    assert has_card_layout("4526018159083012")
    assert not has_card_layout("452 6018 1590 83012")
