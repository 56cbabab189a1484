"""Which addresses are customer email addresses."""

from __future__ import annotations

import pytest

from bharosa.detectors.emails import is_customer_email


@pytest.mark.parametrize(
    "address",
    [
        "priya.sharma@kavyatextiles.in",
        "rahul.verma84@sunridgelogistics.co.in",
        "J.Doe+billing@northwind-traders.co.uk",
        "o'brien@harborline-shipping.ie",
        "kenji.w@harborline-shipping.jp",
        "user_1990@mail.brightwaterfoods.com",
        "anna@xn--mnchen-3ya.de",
        # A punycode top-level domain (.рф) is known only to the list with encoded forms.
        "olga@magazin.xn--p1ai",
    ],
)
def test_customer_addresses(address: str) -> None:
    assert is_customer_email(address)


@pytest.mark.parametrize(
    "address",
    [
        "someone@example.com",
        "someone@mail.example.net",
        "someone@example.org",
        "a@shop.example",
        "a@shop.test",
        "a@shop.invalid",
        "a@host.localhost",
        "printer@office.local",
        "noreply@kavyatextiles.in",
        "no-reply@kavyatextiles.in",
        "DoNotReply@kavyatextiles.in",
        "noreply+orders@kavyatextiles.in",
        "mailer-daemon@kavyatextiles.in",
        "alerts@noreply.kavyatextiles.in",
        "1234+octocat@users.noreply.github.com",
        "renovate[bot]@kavyatextiles.in",
        "git@github.com",
        "icon@2x.png",
        "logo@3x.jpeg",
        "a@b.zzzz-not-a-tld",
        ".dot@kavyatextiles.in",
        "do..ts@kavyatextiles.in",
        "a@-bad.in",
        "x" * 65 + "@kavyatextiles.in",
        "a@co.in",
    ],
)
def test_not_customer_addresses(address: str) -> None:
    assert not is_customer_email(address)
