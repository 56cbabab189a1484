"""National and account identifiers: python-stdnum checks, plus the rules stdnum lacks."""

from __future__ import annotations

import re
from datetime import date

# UK National Insurance numbers: letters never used in either prefix position, the
# letters never used second, and prefixes that were never issued (HMRC's rules).
_NINO = re.compile(r"^([A-Z])([A-Z])(\d{6})([A-D])$")
_NINO_NOT_FIRST = frozenset("DFIQUV")
_NINO_NOT_SECOND = frozenset("DFIOQUV")
_NINO_NEVER = frozenset({"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"})
_SEPARATORS = re.compile(r"[\s-]")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january", "janvier", "januar", "enero"),
            ("feb", "february", "fevrier", "février", "februar", "febrero"),
            ("mar", "march", "mars", "märz", "marz", "marzo"),
            ("apr", "april", "avril", "abril"),
            ("may", "mai", "mayo"),
            ("jun", "june", "juin", "juni", "junio"),
            ("jul", "july", "juillet", "juli", "julio"),
            ("aug", "august", "août", "aout", "agosto"),
            ("sep", "sept", "september", "septembre", "septiembre"),
            ("oct", "october", "octobre", "oktober", "octubre"),
            ("nov", "november", "novembre", "noviembre"),
            ("dec", "december", "décembre", "decembre", "dezember", "diciembre"),
        ),
        start=1,
    )
    for name in names
}
_OLDEST_BIRTH_YEAR = 1900


def compact(value: str) -> str:
    """The value without spaces and dashes, upper-cased."""
    return _SEPARATORS.sub("", value).upper()


def one_separator_style(value: str) -> bool:
    """At most one kind of separator (`2341 2341 2346`, not `2341 2341-2346`)."""
    return len(set(_SEPARATORS.findall(value.strip()))) <= 1


def is_ssn(value: str) -> bool:
    """A US Social Security number that could be issued (area, group and serial rules)."""
    from stdnum.us import ssn

    return one_separator_style(value) and bool(ssn.is_valid(compact(value)))


def is_aadhaar(value: str) -> bool:
    """An Aadhaar number: 12 digits, first not 0 or 1, Verhoeff check digit."""
    from stdnum.in_ import aadhaar

    return one_separator_style(value) and bool(aadhaar.is_valid(compact(value)))


def is_pan(value: str) -> bool:
    """An Indian PAN: the 4th letter names a valid holder type."""
    from stdnum.in_ import pan

    return bool(pan.is_valid(compact(value)))


def is_gstin(value: str) -> bool:
    """An Indian GSTIN with a valid state code, embedded PAN and check character."""
    from stdnum.in_ import gstin

    return bool(gstin.is_valid(compact(value)))


def is_iban(value: str) -> bool:
    """An IBAN with the right length and layout for its country and a valid mod-97 check."""
    from stdnum import iban

    return one_separator_style(value) and bool(iban.is_valid(compact(value)))


def is_nino(value: str) -> bool:
    """A UK National Insurance number with a prefix that can be issued."""
    found = _NINO.match(compact(value))
    if found is None:
        return False
    first, second = found.group(1), found.group(2)
    return (
        first not in _NINO_NOT_FIRST
        and second not in _NINO_NOT_SECOND
        and first + second not in _NINO_NEVER
    )


def is_passport_number(value: str) -> bool:
    """A passport-number-shaped value that is not a run of one digit or a counting sequence."""
    text = compact(value)
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) < 6 or len(set(digits)) == 1:
        return False
    return digits not in "0123456789012345" and digits not in "9876543210987654"


def parse_date(value: str) -> date | None:
    """A calendar date written as digits (`1990-04-23`, `23/04/1990`) or with a month name."""
    text = value.strip().lower().replace(",", " ")
    # Japanese dates: 1985年7月14日.
    text = text.replace("年", "-").replace("月", "-").replace("日", "")
    parts = [p for p in re.split(r"[\s./-]+", text) if p]
    if len(parts) != 3:
        return None
    if any(p in _MONTHS for p in parts):
        return _date_with_month_name(parts)
    if not all(p.isdigit() for p in parts):
        return None
    numbers = [int(p) for p in parts]
    if len(parts[0]) == 4:
        return _make_date(numbers[0], numbers[1], numbers[2])
    # Day first (most of the world), else month first (the US).
    return _make_date(numbers[2], numbers[1], numbers[0]) or _make_date(
        numbers[2], numbers[0], numbers[1]
    )


def _date_with_month_name(parts: list[str]) -> date | None:
    month = next(_MONTHS[p] for p in parts if p in _MONTHS)
    numbers = [int(p) for p in parts if p.isdigit()]
    if len(numbers) != 2:
        return None
    year = max(numbers)
    day = min(numbers)
    return _make_date(year, month, day)


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def is_birth_date(value: str) -> bool:
    """A real calendar date that can be someone's birthday (not in the future, after 1900)."""
    parsed = parse_date(value)
    return parsed is not None and parsed.year >= _OLDEST_BIRTH_YEAR and parsed <= date.today()


def is_public_ip(value: str) -> bool:
    """A globally routable IP address (private, loopback and documentation ranges are not)."""
    import ipaddress

    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return False
    return bool(address.is_global)
