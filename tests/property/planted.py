"""Invented customer values that validate, and files of every format that hold them.

Numbers are built with their real check digits (python-stdnum's Luhn, Verhoeff and
mod-97), phone numbers are valid for phonenumbers, addresses are at invented domains
under real suffixes: every value is one bharosa must report, so a test that looks for it
in the output can fail.
"""

from __future__ import annotations

import csv
import io
import json
import random
import string
from dataclasses import dataclass
from functools import cache

import phonenumbers
from faker import Faker
from hypothesis import strategies as st
from stdnum import iban, luhn, verhoeff
from stdnum.in_ import aadhaar, pan

from bharosa.detectors.emails import is_customer_email


@dataclass(frozen=True)
class Planted:
    """One value, the column name and the word that introduce it."""

    kind: str
    value: str
    field: str
    word: str

    @property
    def forms(self) -> tuple[str, ...]:
        """The value as written, and for numbers its compact and digits-only forms: none of
        them may appear in a report."""
        if self.kind == "private-key":
            # The key's body is the secret; its header line is what the mask shows.
            return tuple(line for line in self.value.splitlines() if "-----" not in line)
        forms = {self.value}
        compact = "".join(ch for ch in self.value if ch not in " -")
        digits = "".join(ch for ch in self.value if ch.isdigit())
        if self.kind != "email":
            forms.add(compact)
            if len(digits) >= 8:
                forms.add(digits)
        return tuple(sorted(forms))


def _digits(rnd: random.Random, count: int) -> str:
    return "".join(rnd.choice(string.digits) for _ in range(count))


def _grouped(value: str, sizes: tuple[int, ...], separator: str) -> str:
    parts, at = [], 0
    for size in sizes:
        parts.append(value[at : at + size])
        at += size
    return separator.join(parts)


# Digits and names come from a seeded Random: hypothesis shrinks the seed, not the digits,
# so a failing example still looks like data (no `0000 0000 0000` placeholder).
_RANDOMS = st.integers(min_value=0, max_value=2**32).map(random.Random)
_TLDS = ("com", "in", "co.in", "co.uk", "de", "fr", "io", "net", "com.au", "nl")


@cache
def _faker() -> Faker:
    return Faker(["en_IN", "en_GB", "de_DE", "fr_FR"])


@st.composite
def emails(draw: st.DrawFn) -> Planted:
    """`first.last42@invented-domain.co.in`, from Faker's names and words."""
    rnd = draw(_RANDOMS)
    fake = _faker()
    fake.seed_instance(rnd.getrandbits(32))
    local = f"{fake.first_name()}.{fake.last_name()}{rnd.randint(1, 99)}".lower()
    local = "".join(ch for ch in local if ch.isascii() and (ch.isalnum() or ch == "."))
    domain = f"{fake.word()}{rnd.choice(['', '-'])}{fake.word()}".lower()
    domain = "".join(ch for ch in domain if ch in string.ascii_lowercase + "-").strip("-")
    value = f"{local}@{domain}.{rnd.choice(_TLDS)}"
    if not is_customer_email(value):
        value = f"priya.sharma{rnd.randint(10, 99)}@kavyatextiles.in"
    return Planted("email", value, "email", "email")


# Issuer prefix, length, printed grouping.
_CARDS = (
    ("4", 16, (4, 4, 4, 4)), ("51", 16, (4, 4, 4, 4)), ("55", 16, (4, 4, 4, 4)),
    ("37", 15, (4, 6, 5)), ("6011", 16, (4, 4, 4, 4)), ("2221", 16, (4, 4, 4, 4)),
)  # fmt: skip


@st.composite
def cards(draw: st.DrawFn) -> Planted:
    """A Visa, Mastercard, Amex or Discover number with its Luhn digit, grouped as printed."""
    rnd = draw(_RANDOMS)
    prefix, length, groups = draw(st.sampled_from(_CARDS))
    body = prefix + _digits(rnd, length - len(prefix) - 1)
    number = body + luhn.calc_check_digit(body)
    separator = draw(st.sampled_from([" ", "-", ""]))
    return Planted("card", _grouped(number, groups, separator), "card_number", "card")


@st.composite
def aadhaar_numbers(draw: st.DrawFn) -> Planted:
    """Twelve digits with a Verhoeff check digit, no leading 0 or 1, grouped 4-4-4."""
    rnd = draw(_RANDOMS)
    body = rnd.choice("23456789") + _digits(rnd, 10)
    number = body + verhoeff.calc_check_digit(body)
    if not aadhaar.is_valid(number):  # a palindrome
        number = "234123412346"
    separator = draw(st.sampled_from([" ", "-"]))
    return Planted("aadhaar", _grouped(number, (4, 4, 4), separator), "aadhaar", "Aadhaar")


@st.composite
def ibans(draw: st.DrawFn) -> Planted:
    """A German, Dutch, British or Austrian IBAN with its mod-97 check digits."""
    rnd = draw(_RANDOMS)
    country = draw(st.sampled_from(["DE", "NL", "GB", "AT"]))
    if country == "NL":
        bban = rnd.choice(["ABNA", "INGB", "RABO"]) + _digits(rnd, 10)
    elif country == "GB":
        bban = rnd.choice(["NWBK", "BARC", "MIDL"]) + _digits(rnd, 14)
    else:
        bban = _digits(rnd, 18 if country == "DE" else 16)
    number = country + iban.calc_check_digits(country + "00" + bban) + bban
    if not iban.is_valid(number):
        number = "DE89370400440532013000"
    grouped = draw(st.booleans())
    value = " ".join(number[i : i + 4] for i in range(0, len(number), 4)) if grouped else number
    return Planted("iban", value, "iban", "IBAN")


@st.composite
def phones(draw: st.DrawFn) -> Planted:
    """An Indian or British mobile number, written as phonenumbers writes it internationally
    (bharosa takes digits grouped as no number is dialled for something else)."""
    rnd = draw(_RANDOMS)
    if draw(st.booleans()):
        text = "+91" + rnd.choice("6789") + _digits(rnd, 9)
    else:
        text = "+447" + rnd.choice("45789") + _digits(rnd, 8)
    number = phonenumbers.parse(text)
    mobile = phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE
    if phonenumbers.is_valid_number(number) and mobile:
        value = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    else:
        value = "+91 98450 12873"
    return Planted("phone", value, "mobile", "mobile")


@st.composite
def pans(draw: st.DrawFn) -> Planted:
    """An Indian PAN: five letters (the fourth the holder type), four digits, a letter."""
    rnd = draw(_RANDOMS)
    letters = string.ascii_uppercase
    value = (
        "".join(rnd.choice(letters) for _ in range(3)) + rnd.choice("PCHFATBLJG")
        + rnd.choice(letters) + _digits(rnd, 4) + rnd.choice(letters)
    )  # fmt: skip
    if not pan.is_valid(value):
        value = "ABCPE1234F"
    return Planted("pan", value, "pan", "PAN")


@st.composite
def github_tokens(draw: st.DrawFn) -> Planted:
    """A GitHub personal access token: `ghp_` and 36 letters and digits."""
    rnd = draw(_RANDOMS)
    alphabet = string.ascii_letters + string.digits
    return Planted(
        "token", "ghp_" + "".join(rnd.choice(alphabet) for _ in range(36)), "github_token", "token"
    )


@st.composite
def private_keys(draw: st.DrawFn) -> Planted:
    """A PEM private key block: its header, a few lines of base64, its footer."""
    rnd = draw(_RANDOMS)
    label = draw(st.sampled_from(["RSA PRIVATE KEY", "PRIVATE KEY", "OPENSSH PRIVATE KEY"]))
    alphabet = string.ascii_letters + string.digits + "+/"
    body = ["".join(rnd.choice(alphabet) for _ in range(64)) for _ in range(rnd.randint(2, 4))]
    value = "\n".join([f"-----BEGIN {label}-----", *body, f"-----END {label}-----"])
    return Planted("private-key", value, "private_key", "key")


KINDS = (emails, cards, aadhaar_numbers, ibans, phones, pans, github_tokens, private_keys)


@st.composite
def planted_sets(draw: st.DrawFn) -> tuple[Planted, ...]:
    """One value of each kind, their fields distinct."""
    return tuple(draw(kind()) for kind in KINDS)


def text_file(values: tuple[Planted, ...]) -> str:
    """A config-like text file: `word: value` lines."""
    return "".join(f"customer {p.word}: {p.value}\n" for p in values)


def csv_file(values: tuple[Planted, ...]) -> str:
    """A header of field names and one row of values."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", *(p.field for p in values)])
    writer.writerow(["1", *(p.value for p in values)])
    return out.getvalue()


def json_file(values: tuple[Planted, ...]) -> str:
    """An array of one record, and the email used as a key (its field is a value too)."""
    record = {p.field: p.value for p in values}
    email = next(p.value for p in values if p.kind == "email")
    by_email = {email: {p.field: p.value for p in values if p.kind != "email"}}
    return json.dumps({"customers": [record], "by_email": by_email}, indent=1)


def jsonl_file(values: tuple[Planted, ...]) -> str:
    return "".join(json.dumps({p.field: p.value}) + "\n" for p in values)


def yaml_file(values: tuple[Planted, ...]) -> str:
    lines = ["customers:"]
    for index, p in enumerate(values):
        lines.append(f"  {'- ' if index == 0 else '  '}{p.field}: {json.dumps(p.value)}")
    lines.append(f"# {values[0].word} {values[0].value}")
    return "\n".join(lines) + "\n"


def sql_file(values: tuple[Planted, ...]) -> str:
    columns = ", ".join(p.field for p in values)
    literals = ", ".join("'" + p.value.replace("'", "''") + "'" for p in values)
    return (
        f"CREATE TABLE customers ({', '.join(f'{p.field} text' for p in values)});\n"
        f"INSERT INTO customers ({columns}) VALUES ({literals});\n"
    )


def notebook_file(values: tuple[Planted, ...]) -> str:
    output = [f"{p.word}: {p.value}\n" for p in values]
    cell = {
        "cell_type": "code",
        "execution_count": 1,
        "metadata": {},
        "source": ["print(customer)"],
        "outputs": [{"output_type": "stream", "name": "stdout", "text": output}],
    }
    return json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def xlsx_file(values: tuple[Planted, ...]) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([p.field for p in values])
    sheet.append([p.value for p in values])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def parquet_file(values: tuple[Planted, ...]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = io.BytesIO()
    pq.write_table(pa.table({p.field: [p.value] for p in values}), out)
    return out.getvalue()


def broken_files(values: tuple[Planted, ...]) -> dict[str, str]:
    """Malformed files whose reader gives up right at a value: the notice must not echo it."""
    first, second = values[0], values[1]
    digits = "".join(ch for ch in second.value if ch.isdigit())
    return {
        "broken/record.json": f'{{"{first.field}" "{first.value}", "{second.field}" {digits}',
        "broken/records.jsonl": f'{{"{first.field}" "{first.value}"}}\n[{digits} {digits}]\n',
        "broken/config.yaml": f"{first.field}: [{first.value}, {{{second.value}\n  - : :\n",
        "broken/dump.sql": f"INSERT INTO t VALUES ('{first.value}', '{second.value}\n",  # noqa: S608
        "broken/review.ipynb": f'{{"cells": [{{"source": ["{first.value}"] "{second.value}"',
        "broken/export.csv": f'{first.field},{second.field}\n"{first.value}"x,"{second.value}\n',
    }


def tree_files(values: tuple[Planted, ...]) -> dict[str, str | bytes]:
    """Every format, each holding every value."""
    return {
        "notes.txt": text_file(values),
        "exports/customers.csv": csv_file(values),
        "api/customers.json": json_file(values),
        "api/customers.jsonl": jsonl_file(values),
        "config/customers.yaml": yaml_file(values),
        "backups/dump.sql": sql_file(values),
        "analysis/review.ipynb": notebook_file(values),
        "exports/customers.xlsx": xlsx_file(values),
        "exports/customers.parquet": parquet_file(values),
        **broken_files(values),
    }
