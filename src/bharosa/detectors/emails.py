"""Which email addresses are customer data: not reserved names, not bots, real top-level domains."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from publicsuffixlist import PublicSuffixList

# RFC 2606 second-level names and RFC 2606/6761/6762 special-use top-level domains.
RESERVED_DOMAINS = frozenset({"example.com", "example.net", "example.org"})
RESERVED_TLDS = frozenset({"example", "test", "invalid", "localhost", "local", "internal"})
# A local part or domain label like these marks an address no person reads.
NO_REPLY_LABELS = frozenset(
    {
        "noreply",
        "no-reply",
        "no_reply",
        "donotreply",
        "do-not-reply",
        "do_not_reply",
        "mailer-daemon",
    }
)
# `git@github.com:org/repo.git` is an SSH remote, not a person.
NON_PERSON_LOCAL_PARTS = frozenset({"git"})
_MAX_LOCAL, _MAX_DOMAIN, _MAX_LABEL = 64, 253, 63


def split_email(value: str) -> tuple[str, str]:
    """The local part and the lowercased domain of an address."""
    local, _, domain = value.rpartition("@")
    return local, domain.lower().rstrip(".")


def is_reserved_domain(domain: str) -> bool:
    """A domain that can never hold a real mailbox (documentation and special-use names)."""
    tld = domain.rsplit(".", 1)[-1]
    return tld in RESERVED_TLDS or any(
        domain == reserved or domain.endswith("." + reserved) for reserved in RESERVED_DOMAINS
    )


def is_bot_address(local: str, domain: str) -> bool:
    """No-reply, mailer-daemon, forge SSH users and `users.noreply.github.com`-style addresses."""
    lowered = local.lower()
    if lowered in NON_PERSON_LOCAL_PARTS or lowered.endswith("[bot]"):
        return True
    if lowered in NO_REPLY_LABELS or lowered.split("+", 1)[0] in NO_REPLY_LABELS:
        return True
    return any(label in NO_REPLY_LABELS for label in domain.split("."))


def has_public_suffix(domain: str) -> bool:
    """The domain ends in an ICANN public suffix (so `logo@2x.png` is not an address)."""
    # Most domains are not punycode: the list without the encoded forms of its IDN
    # suffixes loads three times faster, and the full one is loaded only when needed.
    suffixes = _public_suffixes(encoded="xn--" in domain.lower())
    return suffixes.publicsuffix(domain, accept_unknown=False) not in (None, domain)


def is_well_formed(local: str, domain: str) -> bool:
    """Length limits of RFC 5321 and label rules of RFC 1035."""
    if not local or len(local) > _MAX_LOCAL or not domain or len(domain) > _MAX_DOMAIN:
        return False
    if local.startswith(".") or local.endswith(".") or ".." in local:
        return False
    labels = domain.split(".")
    return len(labels) >= 2 and all(
        0 < len(label) <= _MAX_LABEL and not label.startswith("-") and not label.endswith("-")
        for label in labels
    )


def is_customer_email(value: str) -> bool:
    """Whether an address-shaped value is an address a real person may own."""
    local, domain = split_email(value)
    return (
        is_well_formed(local, domain)
        and not is_reserved_domain(domain)
        and not is_bot_address(local, domain)
        and has_public_suffix(domain)
    )


@cache
def _public_suffixes(encoded: bool) -> PublicSuffixList:
    # Loaded on first use: parsing the list costs 15-50 ms the hook should not pay up front.
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList(only_icann=True, accept_encoded_idn=encoded)
