"""Phone numbers, parsed and validated by `phonenumbers`, minus look-alikes and fiction."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import Any

from bharosa.config import DEFAULT_PHONE_REGIONS

_MIN_DIGITS, _MAX_DIGITS = 7, 15
_DATE = re.compile(
    r"^(?:\d{4}[-./ ](?:0?[1-9]|1[0-2])[-./ ](?:0?[1-9]|[12]\d|3[01])"
    r"|(?:0?[1-9]|[12]\d|3[01])[-./ ](?:0?[1-9]|[12]\d|3[01])[-./ ](?:\d{2}|\d{4}))$"
)
_RANGE = re.compile(r"^(\d{3,})\s?[-–]\s?(\d{3,})$")
_DOTTED_QUAD = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3,}$")
_DECIMAL = re.compile(r"^\d+\.\d+$")
# French numbers are written with dots (`01.83.41.77.76`): five pairs are no IP address.
_FRENCH_DOTTED = re.compile(r"^0\d(?:\.\d\d){4}$")
# The layouts of other ids, never of national phone numbers: SSN 3-2-4, Aadhaar 4-4-4.
_ID_LAYOUT = re.compile(r"^(?:\d{3}([ -])\d{2}\1\d{4}|[2-9]\d{3}([ -])\d{4}\2\d{4})$")
# Numbers set aside for drama and documentation: 555-0100..0199 in North America and
# Ofcom's ranges in the UK (national significant numbers, by prefix).
_FICTIONAL_NANP_EXCHANGE = "555"
FICTIONAL_UK_PREFIXES = (
    "7700900",
    "2079460",
    "1134960",
    "1144960",
    "1154960",
    "1164960",
    "1174960",
    "1184960",
    "1214960",
    "1314960",
    "1414960",
    "1514960",
    "1614960",
    "1914980",
    "2896496",
    "2920180",
    "1632960",
    "8081570",
    "9098790",
)


# Deletes every ASCII character but the digits.
_ASCII_NON_DIGITS = str.maketrans(
    "", "", "".join(map(chr, range(48))) + "".join(map(chr, range(58, 128)))
)


def digits_of(value: str) -> str:
    """The digits of a value, in order."""
    if value.isascii():
        return value.translate(_ASCII_NON_DIGITS)
    return "".join(ch for ch in value if ch.isdigit())


# Runs of ASCII digits stepping by one (9 wraps to 0), up and down: each such run of up to
# _LONGEST_RUN digits is a substring of one of these.
_RUNS_UP = "0123456789" * 8
_RUNS_DOWN = _RUNS_UP[::-1]
_LONGEST_RUN = len(_RUNS_UP) - 9


def is_placeholder_digits(digits: str) -> bool:
    """All one digit, or a run like 0123456789 / 9876543210: typed by hand, not issued."""
    if len(set(digits)) == 1:
        return True
    if len(digits) < 2:
        return False
    if digits.isascii() and len(digits) <= _LONGEST_RUN:
        return digits in _RUNS_UP or digits in _RUNS_DOWN
    steps = {(int(b) - int(a)) % 10 for a, b in pairwise(digits)}
    return steps in ({1}, {9})


def looks_like_date(value: str) -> bool:
    """`2024-03-11`, `11.03.2024`, `03/11/24`."""
    return _DATE.match(value.strip()) is not None


def looks_like_range(value: str) -> bool:
    """`1000-2000`: two numbers of one length, the second not below the first."""
    found = _RANGE.match(value.strip())
    if found is None:
        return False
    low, high = found.groups()
    return len(low) == len(high) and int(low) <= int(high)


def is_fictional(number: Any) -> bool:
    """A number reserved for films, books and documentation."""
    national = str(number.national_number)
    if number.country_code == 1:
        return national[3:6] == _FICTIONAL_NANP_EXCHANGE and national[6:8] == "01"
    if number.country_code == 44:
        return national.startswith(FICTIONAL_UK_PREFIXES)
    return False


def make_phone_validator(regions: Sequence[str] = DEFAULT_PHONE_REGIONS) -> Callable[[str], bool]:
    """A validator for phone numbers: international ones anywhere, national ones in `regions`."""
    region_list = tuple(regions)

    def is_phone_number(value: str) -> bool:
        digits = digits_of(value)
        if not _MIN_DIGITS <= len(digits) <= _MAX_DIGITS or is_placeholder_digits(digits):
            return False
        if looks_like_date(value) or looks_like_range(value):
            return False
        text = value.strip()
        if (_DOTTED_QUAD.match(text) and not _FRENCH_DOTTED.match(text)) or _DECIMAL.match(text):
            return False
        if _ID_LAYOUT.match(text):
            return False
        regions = region_list[:1] if text.startswith("+") else region_list
        parsed = _parsed_in(text, regions)
        # Ofcom's drama numbers are unassigned, so phonenumbers does not call them valid in
        # the UK, while `07700 900123` is a valid Indian mobile with a trunk 0: fiction first.
        if any(is_fictional(number) for _, number in parsed):
            return False
        # The matcher (slow: ~1 ms a candidate) runs only where the digits parse as a valid
        # number, which it would require too.
        numbers = [
            found
            for found in (_number_in(text, region) for region, number in parsed if _valid(number))
            if found is not None
        ]
        # A number that is fiction or a placeholder wherever it parses is no one's number.
        if any(is_fictional(n) or is_placeholder_digits(str(n.national_number)) for n in numbers):
            return False
        return bool(numbers)

    return is_phone_number


def _parsed_in(text: str, regions: Sequence[str]) -> list[tuple[str, Any]]:
    """(region, number) for each region where phonenumbers parses the text, valid or not."""
    import phonenumbers

    parsed = []
    for region in regions:
        try:
            parsed.append((region, phonenumbers.parse(text, region)))
        except phonenumbers.NumberParseException:
            continue
    return parsed


def _valid(number: Any) -> bool:
    import phonenumbers

    return bool(phonenumbers.is_valid_number(number))


def _number_in(text: str, region: str) -> Any:
    """The number `text` writes, if phonenumbers finds it whole and valid; written in a
    national layout, also grouped as the region groups it.

    phonenumbers' matcher at STRICT_GROUPING refuses digits grouped as no number of the
    region is written (`880320-0016` is a Swedish personal number, not an Indian phone).
    A country code says what the digits are, however they are grouped: `+91 79141 77763`
    (an Ahmedabad line written as Indian mobiles are) is a phone.
    """
    import phonenumbers

    international = text.startswith(("+", "00"))
    leniency = (
        phonenumbers.Leniency.VALID if international else phonenumbers.Leniency.STRICT_GROUPING
    )
    matcher = phonenumbers.PhoneNumberMatcher(text, region, leniency=leniency)
    for found in matcher:
        if found.raw_string == text:
            return found.number
    return None


def check_regions(regions: Sequence[str]) -> list[str]:
    """The region codes `phonenumbers` does not know."""
    import phonenumbers

    known = phonenumbers.SUPPORTED_REGIONS
    return [region for region in regions if region not in known]
