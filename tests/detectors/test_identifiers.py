"""National ids, IBANs, dates of birth and IPs."""

from __future__ import annotations

from datetime import date

import pytest

from bharosa.detectors.identifiers import (
    is_aadhaar,
    is_birth_date,
    is_gstin,
    is_iban,
    is_nino,
    is_pan,
    is_passport_number,
    is_public_ip,
    is_ssn,
    parse_date,
)


@pytest.mark.parametrize(
    ("check", "good", "bad"),
    [
        (
            is_ssn,
            ["536-90-4399", "772 01 3482", "401723319"],
            [
                "000-12-3456",
                "666-12-3456",
                "912-34-5678",
                "536-00-4399",
                "536-90-0000",
                "536-90 4399",
            ],
        ),
        (
            is_aadhaar,
            ["9877 8932 8793", "417421809677", "4908-1003-3900"],
            ["9877 8932 8794", "1877 8932 8793", "9877 8932-8793"],
        ),
        (is_pan, ["AFZPK7190K", "BNZAA2318J"], ["AFZXK7190K", "AFZPK71900"]),
        (is_gstin, ["27AAPFU0939F1ZV", "29AAGCB7383J1Z4"], ["27AAPFU0939F1ZW", "99AAPFU0939F1ZV"]),
        (
            is_iban,
            ["DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432"],
            ["DE89 3704 0044 0532 0130 01", "XX00 1234", "DE89 3704-0044 0532 0130 00"],
        ),
        (
            is_nino,
            ["AB 12 34 56 C", "JG103759A"],
            ["QQ 12 34 56 C", "BG123456A", "AO123456B", "DA123456A", "AB123456E"],
        ),
        (
            is_passport_number,
            ["J8369854", "531294806", "C01X00T47"],
            ["000000000", "123456789", "AB12"],
        ),
        (
            is_public_ip,
            ["81.2.69.142", "2a00:1450:4009:81f::200e"],
            ["10.0.0.1", "192.168.1.1", "127.0.0.1", "192.0.2.5", "2001:db8::1", "999.1.1.1"],
        ),
    ],
)
def test_validators(check: object, good: list[str], bad: list[str]) -> None:
    assert callable(check)
    for value in good:
        assert check(value), value
    for value in bad:
        assert not check(value), value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1987-04-23", date(1987, 4, 23)),
        ("23/04/1987", date(1987, 4, 23)),
        ("04/23/1987", date(1987, 4, 23)),
        ("15.08.1990", date(1990, 8, 15)),
        ("3. März 1975", date(1975, 3, 3)),
        ("12 janvier 1969", date(1969, 1, 12)),
        ("March 4, 1961", date(1961, 3, 4)),
        ("1985年7月14日", date(1985, 7, 14)),
        ("31/02/1990", None),
        ("1987-13-23", None),
    ],
)
def test_parse_date(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


def test_birth_dates_are_past_and_after_1900() -> None:
    assert is_birth_date("1987-04-23")
    assert not is_birth_date("2099-01-01")
    assert not is_birth_date("1887-04-23")
