"""Masks reveal only what each one allows, for any value.

What each mask may show:
- `last4`: the separators (anything not a letter or digit, in place) and, when the value
  has at least 8 letters and digits, the last 4 of them; nothing else.
- `email`: the first character of the local part, the first character of the domain and
  the domain's last label (`p***@k***.in`).
- `initial`: the first character.
- `token`: a type prefix of at most 9 characters (`ghp_`, `sk_live_`, `AKIA`), only when
  the value is at least twice as long plus 8; for a PEM block, its `-----BEGIN ...-----`
  header line. Otherwise nothing.
- `secret`: nothing.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bharosa.config import Config
from bharosa.findings import MASKS, mask_email, mask_initial, mask_last4, mask_secret, mask_token
from bharosa.rules.loading import load_rules
from bharosa.scanner import Scanner
from bharosa.sources.document import Document
from bharosa.stats import ScanStats
from tests.property.conftest import budget

# Any text but the mask's own star, so "the masked text holds the value" means a leak.
_NO_STARS = st.characters(codec="utf-8", exclude_characters="*")
VALUES = st.text(alphabet=_NO_STARS, max_size=60)
NUMBERS = st.lists(
    st.sampled_from("0123456789") | st.sampled_from(" -./") | st.sampled_from("０１९४٣ABCxyz"),
    max_size=40,
).map("".join)


def _alnum(text: str) -> list[str]:
    return [ch for ch in text if ch.isalnum()]


def test_every_mask_has_its_property_here() -> None:
    # A new mask needs a property below before any rule can use it.
    assert set(MASKS) == {"last4", "email", "initial", "token", "secret"}
    assert {rule.mask for rule in load_rules(everything=True)} <= set(MASKS)


@budget(ci=500, deep=20_000)
@given(VALUES | NUMBERS)
@example("4539 5787 6362 1486")
@example("२३४१ २३४१ २३४६")
@example("1234567")
@example("ab*cd12*3")
@example("ab*cd12*34*")
def test_last4_shows_separators_and_at_most_the_last_four(value: str) -> None:
    masked = mask_last4(value)
    assert len(masked) == len(value)
    alnum = _alnum(value)
    shown = [m for v, m in zip(value, masked, strict=True) if v.isalnum() and m == v]
    for v, m in zip(value, masked, strict=True):
        assert m == v if not v.isalnum() else m in (v, "*")
    assert shown == (alnum[-4:] if len(alnum) >= 8 else [])
    if alnum:
        assert masked != value
    if len(alnum) >= 5:
        # Not even the digits run together ("4539578763621486") are in the mask.
        assert "".join(alnum) not in masked


_LABEL = st.text(alphabet=string.ascii_lowercase + string.digits + "-", min_size=1, max_size=12)
_LOCAL = st.text(alphabet=string.ascii_letters + string.digits + "._+%-'", min_size=1, max_size=20)
EMAILS = st.builds(
    lambda local, labels: f"{local}@{'.'.join(labels)}",
    _LOCAL | st.text(alphabet=_NO_STARS, min_size=1, max_size=10),
    st.lists(_LABEL | st.text(alphabet=_NO_STARS, min_size=1, max_size=6), min_size=1, max_size=4),
)
_EMAIL_MASK = re.compile(r"(.?)\*\*\*@(.?)\*\*\*(?:\.(.*))?", re.DOTALL)


@budget(ci=500, deep=20_000)
@given(EMAILS)
@example("priya.sharma@kavyatextiles.in")
@example("in@in.in")
@example("ops@localhost")
@example("0@@")
@example("0@.")
def test_email_mask_shows_two_first_characters_and_the_top_level_label(value: str) -> None:
    masked = mask_email(value)
    local, _, domain = value.rpartition("@")
    if not local or not domain:
        # Not an address after all (`a@`, `@b` once split at the last `@`): one character.
        assert masked == mask_initial(value)
        return
    labels = domain.split(".")
    parts = _EMAIL_MASK.fullmatch(masked)
    assert parts is not None, masked
    assert parts.group(1) == local[:1]
    assert parts.group(2) == labels[0][:1]
    # An empty last label (`a@b.`) shows nothing.
    assert parts.group(3) == (labels[-1] if len(labels) > 1 and labels[-1] else None)
    if len(local) >= 2 or len(labels[0]) >= 2:
        assert value not in masked


@budget(ci=300, deep=10_000)
@given(VALUES)
def test_initial_shows_the_first_character_only(value: str) -> None:
    masked = mask_initial(value)
    assert masked == value[:1] + "***"
    if len(value) >= 2:
        assert value not in masked


@budget(ci=100, deep=5_000)
@given(st.text(max_size=200))
def test_secret_shows_nothing(value: str) -> None:
    assert mask_secret(value) == "********"


@budget(ci=500, deep=20_000)
@given(VALUES.filter(lambda v: not v.startswith("-----BEGIN")))
@example("ghp_16C7e42F292c6912E7710c838347Ae178B4a")
@example("sk_live_4eC39HqLyjWDarjtT1zdp7dc")
@example("AKIAQW7B3PDKHX4PY8GP")
def test_token_shows_at_most_a_short_type_prefix(value: str) -> None:
    masked = mask_token(value)
    if masked == "********":
        return
    shown = masked.removesuffix("****")
    assert value.startswith(shown)
    assert len(shown) <= 9
    # At least 8 more characters are hidden than shown.
    assert len(value) - len(shown) >= len(shown) + 8


_PEM_LABELS = st.sampled_from(
    ["RSA PRIVATE KEY", "EC PRIVATE KEY", "PRIVATE KEY", "OPENSSH PRIVATE KEY",
     "ENCRYPTED PRIVATE KEY", "PGP PRIVATE KEY BLOCK"]
)  # fmt: skip
_BASE64 = st.text(alphabet=string.ascii_letters + string.digits + "+/=", min_size=1, max_size=64)
_BREAKS = st.sampled_from(["\n", "\r\n", "\\n"])


def _pem(label: str, body: list[str], newline: str, header_end: str = "-----") -> str:
    lines = [f"-----BEGIN {label}{header_end}", *body, f"-----END {label}-----"]
    return newline.join(lines)


@budget(ci=100, deep=5_000)
@given(_PEM_LABELS, st.lists(_BASE64, min_size=1, max_size=6), _BREAKS)
def test_pem_block_shows_its_header_only(label: str, body: list[str], newline: str) -> None:
    value = _pem(label, body, newline)
    assert mask_token(value) == f"-----BEGIN {label}-----****"


# A header line that does not close with five dashes: the mask must not look on for the
# next five dashes (the END line's) and show the whole body of the key.
@pytest.mark.parametrize("header_end", ["", "----"], ids=["no-dashes", "four-dashes"])
@pytest.mark.parametrize("newline", ["\n", "\\n"], ids=["newline", "escaped-newline"])
def test_pem_block_with_a_broken_header_shows_no_body(header_end: str, newline: str) -> None:
    body = ["MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun"]
    value = _pem("RSA PRIVATE KEY", body, newline, header_end)
    assert body[0] not in mask_token(value)


def _positive_findings() -> list[tuple[str, str, str]]:
    """(rule id, raw value, masked value) of every finding in the built-in rules' positives."""
    rules = [rule for rule in load_rules(everything=True) if not rule.fields]
    scanner = Scanner(Config(root=Path()), rules)
    found = []
    for rule in rules:
        for text in rule.examples.positive:
            document = Document("example.txt", text.encode("utf-8"))
            for finding in scanner.scan_document(document, ScanStats(), []):
                found.append((finding.rule_id, finding.reveal(), finding.masked))
    return found


def test_every_positive_example_of_every_rule_is_masked() -> None:
    found = _positive_findings()
    assert len({rule_id for rule_id, _, _ in found}) > 30
    for rule_id, value, masked in found:
        assert value not in masked, (rule_id, masked)
        digits = "".join(ch for ch in value if ch.isdigit())
        if len(digits) >= 5:
            assert digits not in "".join(ch for ch in masked if ch.isdigit()), (rule_id, masked)
