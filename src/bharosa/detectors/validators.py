"""Validators: plain `str -> bool` functions, registered here by the name rule packs use."""

from __future__ import annotations

from collections.abc import Callable

from bharosa.detectors.emails import is_customer_email

Validator = Callable[[str], bool]

VALIDATORS: dict[str, Validator] = {
    "email": is_customer_email,
}
