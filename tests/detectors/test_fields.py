"""Field names: normalised, multilingual, matched to field rules; placeholder values."""

from __future__ import annotations

import pytest

from bharosa.detectors.fields import FieldMatcher, is_placeholder_value, normalize_field
from bharosa.rules.loading import load_rules

MATCHER = FieldMatcher(load_rules())


@pytest.mark.parametrize(
    ("name", "normal"),
    [
        ("billingEmailAddresses", "email_address"),
        ("CUST_EMAIL", "email"),
        ("E-Mail-Adresse", "e_mail_adresse"),
        ("customerMobileNo", "mobile_no"),
        ("IBANNumber", "iban_number"),
        ("account_number", "account_number"),
        ("user_id", "user_id"),
        ("जन्म तिथि", "जन्म_तिथि"),
        ("ईमेल", "ईमेल"),
    ],
)
def test_normalize(name: str, normal: str) -> None:
    assert normalize_field(name) == normal


@pytest.mark.parametrize(
    ("name", "rule"),
    [
        ("Email", "field.email"),
        ("correo_electronico", "field.email"),
        ("मोबाइल", "field.phone"),
        ("Geburtsdatum", "field.dob"),
        ("date de naissance", "field.dob"),
        ("fecha_de_nacimiento", "field.dob"),
        ("आधार", "field.aadhaar"),
        ("cvv", "field.card-security-code"),
        ("Passwort", "field.password"),
        ("shipping_address_line_1", "field.address"),
    ],
)
def test_multilingual_names_find_their_rule(name: str, rule: str) -> None:
    found = MATCHER.rule_for(name)
    assert found is not None and found.id == rule


@pytest.mark.parametrize("name", ["email_template", "id", "created_at", "product_name", "hostname"])
def test_other_names_find_nothing(name: str) -> None:
    assert MATCHER.rule_for(name) is None


@pytest.mark.parametrize(
    "value",
    ["****", "a***@k***.in", "XXXX XXXX XXXX 1234", "N/A", "REDACTED", "{{ email }}", "${EMAIL}",
     "5f4dcc3b5aa765d61d8327deb882cf99", "$2b$12$" + "a" * 53, "pbkdf2_sha256$260000$salt$hash",
     "$GITHUB_TOKEN", "xoxb-...", "YOUR_SECRET_KEY_HERE"],
)  # fmt: skip
def test_placeholders(value: str) -> None:
    assert is_placeholder_value(value)


@pytest.mark.parametrize(
    "value", ["anu@kavyatextiles.in", "Anu Rao", "9820137645", "Xavier", "Monsoon$0741gDt"]
)
def test_real_values_are_not_placeholders(value: str) -> None:
    assert not is_placeholder_value(value)
