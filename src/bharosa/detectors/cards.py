"""Payment card numbers: Luhn (python-stdnum), issuer prefixes and lengths, sane grouping."""

from __future__ import annotations

import re

# Issuer identification ranges and the card lengths each issuer uses.
ISSUERS: tuple[tuple[str, tuple[tuple[int, int], ...], tuple[int, ...]], ...] = (
    ("Visa", ((4, 4),), (13, 16, 19)),
    ("Mastercard", ((51, 55), (2221, 2720)), (16,)),
    ("American Express", ((34, 34), (37, 37)), (15,)),
    ("Discover", ((6011, 6011), (644, 649), (65, 65), (622126, 622925)), (16, 17, 18, 19)),
    ("JCB", ((3528, 3589),), (16, 17, 18, 19)),
    ("Diners Club", ((300, 305), (3095, 3095), (36, 36), (38, 39)), (14, 15, 16, 17, 18, 19)),
    ("RuPay", ((60, 60), (65, 65), (81, 82), (508, 508), (353, 353), (356, 356)), (16,)),
    ("UnionPay", ((62, 62),), (16, 17, 18, 19)),
)
# Group layouts printed on cards: 4-4-4-4(-3), Amex 4-6-5, Diners 4-6-4.
_LAYOUTS = frozenset({(4, 6, 5), (4, 6, 4), (4, 4, 4, 4, 3), (4, 4, 4, 4, 2), (4, 4, 4, 4, 1)})
_SEPARATOR = re.compile(r"[ -]")


def card_issuer(digits: str) -> str | None:
    """The issuer whose prefix range and length fit `digits`, if any."""
    for name, ranges, lengths in ISSUERS:
        if len(digits) not in lengths:
            continue
        for low, high in ranges:
            width = len(str(low))
            if low <= int(digits[:width]) <= high:
                return name
    return None


def has_card_layout(value: str) -> bool:
    """No separators, or one kind of separator between groups as cards print them."""
    separators = set(_SEPARATOR.findall(value))
    if not separators:
        return True
    if len(separators) > 1:
        return False
    groups = tuple(len(g) for g in _SEPARATOR.split(value))
    return all(size == 4 for size in groups) or groups in _LAYOUTS


def is_card_number(value: str) -> bool:
    """A number an issuer could have printed on a card, with a valid Luhn check digit."""
    from stdnum import luhn

    digits = "".join(ch for ch in value if ch.isdigit())
    return (
        has_card_layout(value.strip())
        and card_issuer(digits) is not None
        and luhn.is_valid(digits)
        and len(set(digits)) > 1
    )
