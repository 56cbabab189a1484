"""Validators: plain `str -> bool` functions, registered here by the name rule packs use."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

from bharosa.config import DEFAULT_PHONE_REGIONS
from bharosa.detectors.cards import is_card_number
from bharosa.detectors.emails import is_customer_email
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
)
from bharosa.detectors.phones import make_phone_validator

Validator = Callable[[str], bool]
_REMEMBERED = 1 << 16

_FIXED: dict[str, Validator] = {
    "email": is_customer_email,
    "card": is_card_number,
    "iban": is_iban,
    "ssn": is_ssn,
    "aadhaar": is_aadhaar,
    "pan": is_pan,
    "gstin": is_gstin,
    "nino": is_nino,
    "birth-date": is_birth_date,
    "passport": is_passport_number,
    "public-ip": is_public_ip,
}
VALIDATOR_NAMES = frozenset({*_FIXED, "phone"})


def build_validators(phone_regions: Sequence[str] = DEFAULT_PHONE_REGIONS) -> dict[str, Validator]:
    """Every validator by name, those that depend on configuration built for it.

    Validators are pure, and data files repeat values, so each remembers its answers.
    """
    every = {**_FIXED, "phone": make_phone_validator(phone_regions)}
    return {name: lru_cache(maxsize=_REMEMBERED)(check) for name, check in every.items()}


VALIDATORS = build_validators()
