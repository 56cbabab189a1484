"""Masking shows no more than it may; fingerprints are keyed and survive line moves."""

from __future__ import annotations

import dataclasses
import pickle
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bharosa.findings import (
    Finding,
    Origin,
    fingerprint,
    mask_email,
    mask_initial,
    mask_last4,
    mask_secret,
    mask_token,
    normalize_value,
)
from bharosa.rules.model import Confidence, Severity


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("priya.sharma@customer-corp.in", "p***@c***.in"),
        ("d.okafor@mail.brightwaterfoods.com", "d***@m***.com"),
        ("weird", "w***"),
    ],
)
def test_mask_email(value: str, masked: str) -> None:
    assert mask_email(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("4111 1111 1111 4242", "**** **** **** 4242"),
        ("2341-2341-2346", "****-****-2346"),
        ("+91 98765 43210", "+** ***** *3210"),
        ("1234567", "*******"),
    ],
)
def test_mask_last4(value: str, masked: str) -> None:
    assert mask_last4(value) == masked


def test_mask_secret_token_and_initial() -> None:
    assert mask_secret("Tr0ub4dor-kavya-77") == "********"
    assert mask_token("AKIAIOSFODNN7EXAMPLE") == "AKIA****"
    assert mask_token("ghp_L1aCcTlN99mhWp708DwGw5HqXDgLVXZx3scB") == "ghp_****"
    assert mask_token("sk_live_l33SCx9vHjHkm1x72EsSfUQU") == "sk_live_****"
    assert mask_token("glpat-eESG61she-QAqq0nv3Vt") == "glpat-****"
    assert mask_token("-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----") == (
        "-----BEGIN RSA PRIVATE KEY-----****"
    )
    assert mask_token("ab_cdefg") == "********"
    assert mask_initial("Anu") == "A***"
    assert mask_initial("") == "***"


def _alnum_revealed(value: str, masked: str) -> int:
    return sum(1 for a, b in zip(value, masked, strict=True) if a == b and a.isalnum())


@given(st.text(alphabet=string.ascii_letters + string.digits + " -+", min_size=1, max_size=40))
def test_last4_never_reveals_more_than_four_characters(value: str) -> None:
    masked = mask_last4(value)
    assert len(masked) == len(value)
    assert _alnum_revealed(value, masked) <= 4


@given(st.from_regex(r"[a-z0-9._]{1,20}@[a-z0-9-]{1,20}(\.[a-z0-9-]{1,10}){1,3}", fullmatch=True))
def test_email_mask_shows_two_letters_and_the_tld(value: str) -> None:
    masked = mask_email(value)
    tld = value.rsplit(".", 1)[1]
    assert masked.count("***") == 2
    assert len(masked.replace("***", "").replace("@", "")) == 2 + 1 + len(tld)


@given(st.text(min_size=0, max_size=80))
def test_secret_masks_reveal_no_more_than_a_short_prefix(value: str) -> None:
    assert mask_secret(value) == "********"
    masked = mask_token(value)
    if masked == "********":
        return
    shown = masked.removesuffix("****")
    assert value.startswith(shown)
    assert len(shown) <= 9 or shown.startswith("-----BEGIN")
    assert len(shown) * 2 + 8 <= len(value) or shown.startswith("-----BEGIN")


def test_fingerprint_is_keyed_and_path_bound() -> None:
    value = normalize_value("Priya.Sharma@Kavyatextiles.in", "email")
    assert value == "priya.sharma@kavyatextiles.in"
    a = fingerprint(b"key-one-0123456789", "pii.email", value, "a.csv")
    assert a == fingerprint(b"key-one-0123456789", "pii.email", value, "a.csv")
    assert a != fingerprint(b"key-two-0123456789", "pii.email", value, "a.csv")
    assert a != fingerprint(b"key-one-0123456789", "pii.email", value, "b.csv")
    assert a != fingerprint(b"key-one-0123456789", "pii.other", value, "a.csv")
    assert len(a) == 64


def test_normalized_numbers_ignore_layout() -> None:
    assert normalize_value("2341 2341 2346", "last4") == normalize_value("2341-2341-2346", "last4")
    assert normalize_value("ＡＢＣ１２３", "last4") == "ABC123"


def test_a_pickled_finding_comes_back_whole() -> None:
    # Worker processes send their findings back pickled (Finding.__reduce__).
    finding = Finding(
        rule_id="pii.phone",
        rule_name="Phone number",
        kind="phone",
        severity=Severity.ERROR,
        confidence=Confidence.HIGH,
        path="data/customers.csv",
        line=3,
        start_column=7,
        end_column=18,
        masked="***** *7645",
        fingerprint="f" * 64,
        reasons=("context",),
        field="mobile",
        row=2,
        column_index=1,
        table="customers",
        origin=Origin("a" * 40, 1_700_000_000, in_head=True),
        start_column_utf16=8,
        end_column_utf16=19,
        _value="98201 37645",
    )
    back = pickle.loads(pickle.dumps(finding))  # noqa: S301 - bytes made here
    assert back == finding
    assert back.reveal() == "98201 37645"
    assert [getattr(back, f.name) for f in dataclasses.fields(Finding)] == [
        getattr(finding, f.name) for f in dataclasses.fields(Finding)
    ]


def test_make_finding_sets_each_field_from_its_source() -> None:
    from bharosa.detectors.match import Match
    from bharosa.findings import make_finding
    from bharosa.rules.loading import load_rules
    from bharosa.sources.document import Position

    rule = next(r for r in load_rules() if r.id == "pii.phone")
    match = Match(rule, 4, 19, Confidence.HIGH, "+91 98201 37645", ("context",))
    position = Position(7, 5, 20, 6, 22)
    key = b"k" * 32
    made = make_finding(match, "d/x.csv", position, key, Severity.WARNING, ("mobile", 3, 2, "t"))
    expected = Finding(
        rule_id="pii.phone", rule_name=rule.name, kind="phone", severity=Severity.WARNING,
        confidence=Confidence.HIGH, path="d/x.csv", line=7, start_column=5, end_column=20,
        masked=mask_last4("+91 98201 37645"),
        fingerprint=fingerprint(key, "pii.phone", normalize_value("+91 98201 37645", "last4"),
                                "d/x.csv"),
        reasons=("context",), field="mobile", row=3, column_index=2, table="t", origin=None,
        start_column_utf16=6, end_column_utf16=22, _value="+91 98201 37645",
    )  # fmt: skip
    assert made == expected
    assert made.reveal() == "+91 98201 37645"
    # Without a severity or a cell: the rule's severity, no place in a table.
    plain = make_finding(match, "a.txt", position, key)
    assert plain.severity == rule.severity
    assert (plain.field, plain.row, plain.column_index, plain.table) == (None, None, None, None)
