"""Phone validation: phonenumbers decides, look-alikes and fiction are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from bharosa.config import Config
from bharosa.detectors.phones import (
    check_regions,
    is_placeholder_digits,
    looks_like_date,
    looks_like_range,
    make_phone_validator,
)
from bharosa.pipeline import Scanner
from bharosa.rules.loading import load_rules
from bharosa.sources.document import Document

is_phone = make_phone_validator(("IN", "US", "GB"))


@pytest.mark.parametrize(
    "value",
    [
        "+91 98201 37645",
        "+919820137645",
        "0091 98201 37645",
        "+44 20 7946 1234",
        "+1 (415) 867-5309",
        "(415) 867-5309",
        "098201 37645",
        "020 7946 1234",
        "+49 30 901820",
        "+33 1 83 41 77 76",
        "+81 80-9141-7776",
    ],
)
def test_valid_numbers(value: str) -> None:
    assert is_phone(value)


@pytest.mark.parametrize(
    "value",
    [
        "(212) 555-0147",
        "+1 202 555 0199",
        "+44 7700 900123",
        "+44 20 7946 0018",
        "07700 900542",
        "020 7946 0321",
        "2024-03-11",
        "11.03.2024",
        "1000-2000",
        "9876543210",
        "1234567890",
        "+91 12345 67890",
        "0000000000",
        "10.42.118.7",
        "4839201",
        "12345",
    ],
)
def test_refused(value: str) -> None:
    assert not is_phone(value)


def test_regions_decide_national_numbers() -> None:
    assert make_phone_validator(("IN",))("098201 37645")
    assert not make_phone_validator(("US",))("098201 37645")
    assert make_phone_validator(("DE",))("030 901820")


def test_national_layouts_of_france_and_germany() -> None:
    is_european = make_phone_validator(("FR", "DE"))
    assert is_european("01.83.41.77.76") and is_european("06.12.34.56.78")
    assert is_european("030/12345678")
    assert not is_european("10.42.118.7.3")


def test_national_numbers_with_long_groups_and_slashes_are_found() -> None:
    scanner = Scanner(Config(root=Path(), phone_regions=("DE", "FR", "IN")), load_rules())

    def values(text: str) -> list[str]:
        return [m.value for m in scanner.detect(Document("notes.txt", text.encode()), [])]

    assert values("Telefon 030/12345678") == ["030/12345678"]
    assert values("Handy 0171 9277065") == ["0171 9277065"]
    assert values("Tél. : 01.83.41.77.76") == ["01.83.41.77.76"]
    assert values("Tel: 022-27784513") == ["022-27784513"]
    assert values("due 11/03/2024, see /api/v2/0301/2345678") == []
    assert values("phone:\n49699333+dependabot[bot]@users.noreply.github.com") == []


def test_layouts_of_other_ids_are_no_phone_numbers() -> None:
    # With Germany among the regions, digits in an SSN's or an Aadhaar's layout parse.
    is_any = make_phone_validator(("IN", "US", "GB", "DE"))
    assert not is_any("079-66-4713") and not is_any("061 07 9515")
    assert not is_any("9172 5627 1050") and not is_any("4940 4910 3865")
    assert is_any("0171 9277065")


def test_helpers() -> None:
    assert is_placeholder_digits("0123456789") and is_placeholder_digits("5555555")
    assert not is_placeholder_digits("9820137645")
    assert looks_like_date("2024-03-11") and looks_like_date("11/03/24")
    assert not looks_like_date("98201-37645")
    assert looks_like_range("1000-2000") and not looks_like_range("98201-37645")
    assert check_regions(["IN", "XX", "GB"]) == ["XX"]
