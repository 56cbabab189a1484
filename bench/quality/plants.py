"""The values the quality corpus plants: every kind, and look-alikes of each.

A `Forge` makes positives (values a reviewer would call a customer's email, phone, card,
IBAN, SSN, Aadhaar, PAN, GSTIN or NINO, or a live credential) in the formats people really
write them, and negatives (reserved domains, fictional numbers, dates, versions, failing
checksums, masked values, UUIDs, hashes...). Checksums come from python-stdnum and phone
validity from phonenumbers, never from bharosa, so the labels do not lean on the detector.
"""

from __future__ import annotations

import base64
import json
import random
import re
import string
import unicodedata
from dataclasses import dataclass

import phonenumbers
from faker import Faker
from stdnum import iban as stdnum_iban
from stdnum import luhn, numdb, verhoeff
from stdnum.in_ import gstin as stdnum_gstin
from stdnum.in_ import pan as stdnum_pan
from stdnum.us import ssn as stdnum_ssn

from bharosa.detectors.phones import FICTIONAL_UK_PREFIXES

LOCALES = ("en_US", "en_IN", "hi_IN", "de_DE", "fr_FR", "ja_JP", "en_GB")
KINDS = ("email", "phone", "card", "iban", "ssn", "aadhaar", "pan", "gstin", "nino", "secret")
# The kinds whose values have a checksum or a format registry to validate against.
VALIDATED_KINDS = ("email", "phone", "card", "iban", "ssn", "aadhaar", "pan", "gstin")
LOCALE_KINDS: dict[str, tuple[str, ...]] = {
    "en_US": ("email", "phone", "card", "ssn"),
    "en_IN": ("email", "phone", "card", "aadhaar", "pan", "gstin"),
    "hi_IN": ("email", "phone", "card", "aadhaar", "pan", "gstin"),
    "de_DE": ("email", "phone", "card", "iban"),
    "fr_FR": ("email", "phone", "card", "iban"),
    "ja_JP": ("email", "phone", "card"),
    "en_GB": ("email", "phone", "card", "iban", "nino"),
}
LANGUAGE = {
    "en_US": "en",
    "en_IN": "en",
    "hi_IN": "hi",
    "de_DE": "de",
    "fr_FR": "fr",
    "ja_JP": "ja",
    "en_GB": "en",
}
PHONE_REGION = {
    "en_US": "US",
    "en_IN": "IN",
    "hi_IN": "IN",
    "de_DE": "DE",
    "fr_FR": "FR",
    "ja_JP": "JP",
    "en_GB": "GB",
}
PHONE_REGIONS = ("IN", "US", "GB", "DE", "FR", "JP")
# Faker locales whose IBAN generator follows the country's BBAN layout, by file locale.
_IBAN_LOCALES = {
    "de_DE": ("de_DE", "de_DE", "de_AT", "de_CH"),
    "fr_FR": ("fr_FR", "fr_FR", "nl_BE", "fr_CH"),
    "en_GB": ("en_GB", "en_IE", "nl_NL", "es_ES", "it_IT", "pl_PL", "pt_PT", "da_DK", "fi_FI"),
}
# Every country in python-stdnum's copy of the SWIFT IBAN registry, with its BBAN layout
# ("8!n10!n": eight digits then ten digits; a = letters, c = letters or digits).
_IBAN_REGISTRY = tuple(
    (str(country), str(info["bban"]))
    for _length, country, _high, info, _sub in numdb.get("iban").prefixes
    if "bban" in info
)
_BBAN_PART = re.compile(r"(\d+)!([nac])")
_BBAN_ALPHABETS = {
    "n": string.digits,
    "a": string.ascii_uppercase,
    "c": string.ascii_uppercase + string.digits,
}
_FREE_MAIL = {
    "en_US": ("gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "aol.com"),
    "en_IN": ("gmail.com", "yahoo.co.in", "rediffmail.com", "outlook.com", "hotmail.com"),
    "hi_IN": ("gmail.com", "yahoo.co.in", "rediffmail.com", "outlook.in"),
    "de_DE": ("gmx.de", "web.de", "t-online.de", "gmail.com", "posteo.de", "freenet.de"),
    "fr_FR": ("orange.fr", "free.fr", "laposte.net", "gmail.com", "sfr.fr", "wanadoo.fr"),
    "ja_JP": ("gmail.com", "yahoo.co.jp", "docomo.ne.jp", "ezweb.ne.jp", "icloud.com"),
    "en_GB": ("gmail.com", "btinternet.com", "yahoo.co.uk", "hotmail.co.uk", "sky.com"),
}
_COMPANY_TLDS = {
    "en_US": ("com", "com", "net", "io", "us", "co"),
    "en_IN": ("in", "co.in", "com", "com", "net.in"),
    "hi_IN": ("in", "co.in", "com"),
    "de_DE": ("de", "de", "com", "eu"),
    "fr_FR": ("fr", "fr", "com", "eu"),
    "ja_JP": ("co.jp", "jp", "com", "ne.jp"),
    "en_GB": ("co.uk", "co.uk", "com", "org.uk", "io"),
}
_TRANSLITERATION = str.maketrans({"ß": "ss", "ä": "ae", "ö": "oe", "ü": "ue", "æ": "ae"})
# Leading digits and national lengths of real numbering plans, per region and line type.
_PHONE_PLANS: dict[str, tuple[tuple[str, tuple[str, ...], tuple[int, ...]], ...]] = {
    "IN": (
        ("mobile", ("6", "7", "8", "9"), (10,)),
        ("fixed", ("11", "22", "33", "44", "80", "20", "40", "79"), (10,)),
    ),
    "US": (("any", ("2", "3", "4", "5", "6", "7", "8", "9"), (10,)),),
    "GB": (
        ("mobile", ("71", "73", "74", "75", "77", "78", "79"), (10,)),
        ("fixed", ("20", "113", "117", "121", "131", "141", "161", "1223", "1865"), (10,)),
    ),
    "DE": (
        (
            "mobile",
            ("151", "152", "157", "160", "170", "171", "172", "176", "177", "179"),
            (10, 11),
        ),
        ("fixed", ("30", "40", "69", "89", "221", "211", "711", "341"), (9, 10, 11)),
    ),
    "FR": (("mobile", ("6", "7"), (9,)), ("fixed", ("1", "2", "3", "4", "5"), (9,))),
    "JP": (
        ("mobile", ("90", "80", "70"), (10,)),
        ("fixed", ("3", "6", "45", "52", "92", "11"), (9,)),
    ),
}
_LINE_TYPES = {
    "mobile": {phonenumbers.PhoneNumberType.MOBILE},
    "fixed": {phonenumbers.PhoneNumberType.FIXED_LINE},
    "any": {
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE,
        phonenumbers.PhoneNumberType.MOBILE,
    },
}
# Ofcom's ranges for drama: fiction, not people (the list bharosa itself keeps).
OFCOM_DRAMA = FICTIONAL_UK_PREFIXES
_CARD_BRANDS: tuple[tuple[str, tuple[str, ...], int], ...] = (
    ("visa", ("4",), 16),
    ("mastercard", ("51", "52", "53", "54", "55", "2221", "2345", "2500", "2720"), 16),
    ("amex", ("34", "37"), 15),
    ("discover", ("6011", "644", "645", "649", "65"), 16),
    ("jcb", ("3528", "3530", "3540", "3566", "3589"), 16),
    ("diners", ("36", "300", "301", "305", "38"), 14),
    ("rupay", ("60", "6521", "6522", "508", "81", "82"), 16),
)
_GSTIN_ALPHABET = string.digits + string.ascii_uppercase
_GSTIN_STATES = tuple(
    f"{n:02d}" for n in (*range(1, 11), 18, 19, 20, 21, 23, 24, 27, 29, 32, 33, 36)
)
_PAN_HOLDERS = "PPPPPPPPPPCCCHFATBLJG"
_NOT_PAN_HOLDERS = "DEIMNOQRSUVWXYZ"
_NINO_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
_NINO_SECOND = "ABCEGHJKLMNPRSTWXYZ"
_NINO_NEVER = frozenset({"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"})
_B62 = string.ascii_letters + string.digits
_B64 = _B62 + "+/"
_HEX = "0123456789abcdef"
# The first bytes of each key encoding, so bodies start as real ones do (`MIIE...`).
_KEY_HEADERS = {
    "RSA PRIVATE KEY": (bytes.fromhex("308204a40201000282010100"), 1180),
    "PRIVATE KEY": (bytes.fromhex("308204bd020100300d06092a864886f70d0101010500048204a7"), 1190),
    "EC PRIVATE KEY": (bytes.fromhex("307702010104"), 115),
    "OPENSSH PRIVATE KEY": (b"openssh-key-v1\x00", 390),
}
_DEVANAGARI_DIGITS = str.maketrans("0123456789", "०१२३४५६७८९")


@dataclass(frozen=True, slots=True)
class Plant:
    """One value to write into a file: what is written, what is labeled, and how to name it."""

    kind: str
    text: str
    value: str
    positive: bool
    note: str
    key: str
    # Only a label nearby (a phone word, a column name) makes the value this kind to a reader.
    needs_label: bool = False
    # How prose mentions a look-alike; `{v}` is the value.
    phrase: str = "{v}"


def ascii_word(text: str) -> str:
    """Lower-case ASCII letters of a name (`Röhricht` -> `roehricht`)."""
    folded = unicodedata.normalize("NFKD", text.lower().translate(_TRANSLITERATION))
    return "".join(ch for ch in folded if ch.isascii() and ch.isalpha())


def is_ofcom_drama(national: str) -> bool:
    """A UK national significant number in one of Ofcom's drama ranges."""
    return national.startswith(OFCOM_DRAMA)


def is_us_fictional(national: str) -> bool:
    """A North American number in 555-0100..0199."""
    return national[3:6] == "555" and national[6:8] == "01"


def card_brand(digits: str) -> str | None:
    """The brand whose prefix and length fit `digits` (the corpus's own issuer table)."""
    for name, prefixes, length in _CARD_BRANDS:
        if len(digits) == length and digits.startswith(prefixes):
            return name
    return None


class Forge:
    """Makes positives and look-alikes of every kind from one seeded generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self._fakers: dict[str, Faker] = {}
        self._seed = seed

    def fake(self, locale: str) -> Faker:
        """A Faker for `locale`, seeded once from the forge's seed."""
        if locale not in self._fakers:
            faker = Faker(locale)
            faker.seed_instance(self._seed + len(self._fakers) * 7919)
            self._fakers[locale] = faker
        return self._fakers[locale]

    def chars(self, alphabet: str, count: int) -> str:
        return "".join(self.rng.choice(alphabet) for _ in range(count))

    def digits(self, count: int) -> str:
        return self.chars(string.digits, count)

    def pick(self, options: tuple[str, ...] | list[str]) -> str:
        return self.rng.choice(options)

    # People and companies ------------------------------------------------------------

    def person(self, locale: str) -> str:
        """A display name in the locale's script."""
        return str(self.fake(locale).name())

    def ascii_name(self, locale: str) -> tuple[str, str]:
        """A first and last name in ASCII, as people put them in addresses."""
        if locale == "ja_JP":
            fake = self.fake("ja_JP")
            return ascii_word(fake.first_romanized_name()), ascii_word(fake.last_romanized_name())
        fake = self.fake("en_IN" if locale == "hi_IN" else locale)
        first, last = ascii_word(fake.first_name()), ascii_word(fake.last_name())
        return first or "anu", last or "rao"

    def company_slug(self, locale: str) -> str:
        """A company's domain label, from a Faker company name of the locale."""
        source = {"hi_IN": "en_IN", "ja_JP": "en_US"}.get(locale, locale)
        words = [ascii_word(w) for w in str(self.fake(source).company()).split()]
        words = [w for w in words if w and w not in {"inc", "llc", "ltd", "plc", "and", "gmbh"}]
        words = [w for w in words if "example" not in w and w not in {"test", "invalid"}]
        slug = self.pick(["", "-"]).join(words[:2]) or "kavya"
        suffix = self.pick(["", "", "", "shop", "tech", "foods", "labs", "retail", "group"])
        return (slug + suffix)[:28].strip("-")

    def company_domain(self, locale: str) -> str:
        return f"{self.company_slug(locale)}.{self.pick(_COMPANY_TLDS[locale])}"

    # Positives -------------------------------------------------------------------------

    def positive(self, kind: str, locale: str) -> Plant:
        """A value of `kind` that a reviewer would call a leak."""
        maker = {
            "email": self.email,
            "phone": self.phone,
            "card": self.card,
            "iban": self.iban,
            "ssn": self.ssn,
            "aadhaar": self.aadhaar,
            "pan": self.pan,
            "gstin": self.gstin,
            "nino": self.nino,
            "secret": self.secret,
        }[kind]
        return maker(locale)

    def email(self, locale: str) -> Plant:
        first, last = self.ascii_name(locale)
        number = str(self.rng.randint(1, 99))
        local = self.pick(
            [
                f"{first}.{last}",
                f"{first}.{last}",
                f"{first}{last}",
                f"{first[0]}.{last}",
                f"{first}_{last}",
                f"{first}{number}",
                f"{last}.{first}",
                f"{first}.{last}{number}",
                f"{first}+{self.pick(['orders', 'shop', 'bills', 'news'])}",
                f"{first}-{last}",
                f"{first[0]}{last}{self.rng.randint(1960, 2005)}",
            ]
        )
        if self.rng.random() < 0.08:
            local = local.title()
        domain = (
            self.pick(_FREE_MAIL[locale])
            if self.rng.random() < 0.5
            else self.company_domain(locale)
        )
        address = f"{local}@{domain}"
        return Plant("email", address, address, True, "address", self.key("email", locale))

    def phone_number(self, region: str) -> phonenumbers.PhoneNumber:
        """A valid, non-fictional number of `region` in a real numbering plan."""
        kind, leads, lengths = self.rng.choice(_PHONE_PLANS[region])
        code = phonenumbers.country_code_for_region(region)
        for _ in range(5000):
            lead = self.pick(leads)
            national = lead + self.digits(self.rng.choice(lengths) - len(lead))
            number = phonenumbers.parse(f"+{code}{national}")
            if not phonenumbers.is_valid_number(number):
                continue
            if phonenumbers.number_type(number) not in _LINE_TYPES[kind]:
                continue
            if is_ofcom_drama(national) or (region == "US" and is_us_fictional(national)):
                continue
            if len(set(national)) < 4:
                continue
            return number
        raise RuntimeError(f"no valid {region} number found")  # pragma: no cover

    def phone(self, locale: str) -> Plant:
        region = PHONE_REGION[locale]
        if self.rng.random() < 0.12:
            region = self.pick([r for r in PHONE_REGIONS if r != region])
            text, style, labeled = self._international(self.phone_number(region), region)
        else:
            text, style, labeled = self._phone_text(self.phone_number(region), region)
        return Plant(
            "phone", text, text, True, f"{region} {style}", self.key("phone", locale), labeled
        )

    def _international(
        self, number: phonenumbers.PhoneNumber, region: str
    ) -> tuple[str, str, bool]:
        intl = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        style = self.pick(["international", "international", "e164", "dashes", "00"])
        text = {
            "international": intl,
            "e164": e164,
            "dashes": intl.replace(" ", "-"),
            "00": "00" + intl[1:],
        }[style]
        return text, style, False

    def _phone_text(self, number: phonenumbers.PhoneNumber, region: str) -> tuple[str, str, bool]:
        """The number as people in its country write it: a weighted choice of layouts."""
        national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        nsn = phonenumbers.national_significant_number(number)
        intl = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        cc = str(number.country_code)
        after_cc = intl[len(cc) + 2 :]
        # A second key with a trailing space doubles a layout's weight in the draw.
        styles: dict[str, str] = {"national": national, "national ": national}
        labeled: set[str] = set()
        if region == "US":
            a, b, c = nsn[:3], nsn[3:6], nsn[6:]
            styles |= {
                "dashes": f"{a}-{b}-{c}",
                "dots": f"{a}.{b}.{c}",
                "1-dashes": f"1-{a}-{b}-{c}",
                "+1 parens": f"+1 ({a}) {b}-{c}",
                "compact": nsn,
            }
            labeled.add("compact")
        elif region == "IN":
            mobile = phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE
            # Mobiles are written 5+5; landlines keep their STD code's grouping.
            grouped = f"{nsn[:5]} {nsn[5:]}" if mobile else national.lstrip("0")
            styles |= {
                "grouped": grouped,
                "+91 compact": f"+91 {nsn}",
                "+91-compact": f"+91-{nsn}",
                "compact": nsn,
                "0-compact": "0" + nsn,
            }
            labeled |= {"compact", "0-compact"}
        elif region == "GB":
            styles |= {"(0)": f"+44 (0){after_cc}", "compact": "0" + nsn}
            labeled.add("compact")
        elif region == "DE":
            area, _, rest = national.partition(" ")
            styles |= {
                "(0)": f"+49 (0){after_cc}",
                "slash": f"{area}/{rest.replace(' ', '')}",
                "dash": f"{area}-{rest.replace(' ', '')}",
                "0049": "0049 " + after_cc,
            }
        elif region == "FR":
            styles |= {
                "dots": national.replace(" ", "."),
                "(0)": f"+33 (0){after_cc}",
                "compact": "0" + nsn,
            }
            labeled.add("compact")
        elif region == "JP":
            styles |= {
                "+81-dashes": f"+81-{after_cc}",
                "+81 spaces": "+81 " + after_cc.replace("-", " "),
            }
        styles |= {"international": intl, "international ": intl, "e164": f"+{cc}{nsn}"}
        style = self.pick(sorted(styles))
        return styles[style], style.strip(), style in labeled

    def card(self, locale: str) -> Plant:
        brands = [b for b in _CARD_BRANDS if locale in ("en_IN", "hi_IN") or b[0] != "rupay"]
        if locale == "ja_JP":
            brands += [b for b in _CARD_BRANDS if b[0] == "jcb"] * 2
        name, prefixes, length = self.rng.choice(brands)
        digits = self._luhn_digits(self.pick(prefixes), length)
        text, style = self._card_layout(digits, name)
        return Plant("card", text, text, True, f"{name} {style}", self.key("card", locale))

    def _luhn_digits(self, prefix: str, length: int) -> str:
        while True:
            body = prefix + self.digits(length - len(prefix) - 1)
            digits = body + luhn.calc_check_digit(body)
            if len(set(digits)) > 3:
                return digits

    def _card_layout(self, digits: str, brand: str) -> tuple[str, str]:
        style = self.pick(["compact", "spaces", "spaces", "dashes"])
        if style == "compact":
            return digits, style
        sep = " " if style == "spaces" else "-"
        if brand == "amex":
            return sep.join((digits[:4], digits[4:10], digits[10:])), style
        if brand == "diners":
            return sep.join((digits[:4], digits[4:10], digits[10:])), style
        return sep.join(digits[i : i + 4] for i in range(0, len(digits), 4)), style

    def iban(self, locale: str) -> Plant:
        compact = self.registry_iban() if self.rng.random() < 0.35 else self.locale_iban(locale)
        grouped = self.rng.random() < 0.6
        text = stdnum_iban.format(compact) if grouped else compact
        note = f"{compact[:2]} {'grouped' if grouped else 'compact'}"
        return Plant("iban", text, text, True, note, self.key("iban", locale))

    def locale_iban(self, locale: str) -> str:
        """An IBAN from Faker, of a country the file's locale trades with."""
        source = self.pick(_IBAN_LOCALES.get(locale, ("de_DE", "fr_FR", "en_GB", "nl_NL")))
        while True:
            compact = str(self.fake(source).iban())
            if stdnum_iban.is_valid(compact):
                return compact

    def registry_iban(self) -> str:
        """An IBAN of any country in the registry (issue 3: all countries, not the usual few).

        Countries with a national check digit inside the BBAN are drawn until one passes it.
        """
        while True:
            country, layout = self.rng.choice(_IBAN_REGISTRY)
            for _ in range(2000):
                bban = "".join(
                    self.chars(_BBAN_ALPHABETS[kind], int(count))
                    for count, kind in _BBAN_PART.findall(layout)
                )
                compact = country + stdnum_iban.calc_check_digits(country + "00" + bban) + bban
                if stdnum_iban.is_valid(compact):
                    return compact

    def ssn(self, locale: str) -> Plant:
        while True:
            compact = str(self.fake("en_US").ssn()).replace("-", "")
            if stdnum_ssn.is_valid(compact):
                break
        style = self.pick(["dashes", "dashes", "dashes", "spaces", "compact"])
        text = {
            "dashes": f"{compact[:3]}-{compact[3:5]}-{compact[5:]}",
            "spaces": f"{compact[:3]} {compact[3:5]} {compact[5:]}",
            "compact": compact,
        }[style]
        return Plant("ssn", text, text, True, style, self.key("ssn", locale), style == "compact")

    def aadhaar_digits(self) -> str:
        body = str(self.rng.randint(2, 9)) + self.digits(10)
        return body + verhoeff.calc_check_digit(body)

    def aadhaar(self, locale: str) -> Plant:
        number = self.aadhaar_digits()
        styles = ["spaces", "spaces", "spaces", "dashes", "compact", "compact"]
        if locale == "hi_IN":
            styles.append("devanagari")
        style = self.pick(styles)
        grouped = " ".join(number[i : i + 4] for i in range(0, 12, 4))
        text = {
            "spaces": grouped,
            "dashes": grouped.replace(" ", "-"),
            "compact": number,
            "devanagari": grouped.translate(_DEVANAGARI_DIGITS),
        }[style]
        return Plant(
            "aadhaar", text, text, True, style, self.key("aadhaar", locale), style == "compact"
        )

    def pan_value(self, holders: str = _PAN_HOLDERS) -> str:
        while True:
            letters = self.chars(string.ascii_uppercase, 3) + self.pick(list(holders))
            value = letters + self.chars(string.ascii_uppercase, 1) + self.digits(4)
            value += self.chars(string.ascii_uppercase, 1)
            if stdnum_pan.is_valid(value):
                return value

    def pan(self, locale: str) -> Plant:
        value = self.pan_value()
        return Plant("pan", value, value, True, f"holder {value[3]}", self.key("pan", locale))

    def gstin_value(self) -> str:
        body = (
            self.pick(_GSTIN_STATES)
            + self.pan_value("CCCFFPPHAT")
            + self.pick(list("1111112345"))
            + "Z"
        )
        return body + luhn.calc_check_digit(body, alphabet=_GSTIN_ALPHABET)

    def gstin(self, locale: str) -> Plant:
        value = self.gstin_value()
        assert stdnum_gstin.is_valid(value), value
        return Plant("gstin", value, value, True, f"state {value[:2]}", self.key("gstin", locale))

    def nino_value(self) -> str:
        while True:
            prefix = self.pick(list(_NINO_FIRST)) + self.pick(list(_NINO_SECOND))
            if prefix not in _NINO_NEVER and prefix != "QQ":
                return prefix + self.digits(6) + self.pick(list("ABCD"))

    def nino(self, locale: str) -> Plant:
        value = self.nino_value()
        spaced = self.rng.random() < 0.5
        text = f"{value[:2]} {value[2:4]} {value[4:6]} {value[6:8]} {value[8]}" if spaced else value
        note = "spaced" if spaced else "compact"
        return Plant("nino", text, text, True, note, self.key("nino", locale))

    def secret(self, locale: str) -> Plant:
        """A live-looking credential, with the variable name it is usually assigned to."""
        kind = self.pick(
            [
                "aws-access-key",
                "aws-secret-key",
                "github-pat",
                "github-fine-grained",
                "gitlab-pat",
                "slack-bot-token",
                "slack-webhook",
                "stripe-live-key",
                "stripe-restricted-key",
                "sendgrid",
                "twilio-api-key",
                "npm-token",
                "pypi-token",
                "openai-key",
                "jwt",
                "private-key",
                "basic-auth-url",
                "password",
                "password",
                "mailchimp",
            ]
        )
        if kind == "basic-auth-url":
            return self._basic_auth_url()
        if kind == "private-key":
            return self.private_key()
        text, key = self._token(kind)
        return Plant("secret", text, text, True, kind, key)

    def _token(self, kind: str) -> tuple[str, str]:
        upper_b32 = string.ascii_uppercase + "234567"
        word = self.pick(["live", "prod", "main", "billing", "deploy", "ops"])
        tokens: dict[str, tuple[str, str]] = {
            "aws-access-key": ("AKIA" + self.chars(upper_b32, 16), "AWS_ACCESS_KEY_ID"),
            "aws-secret-key": (self.chars(_B64, 40), "AWS_SECRET_ACCESS_KEY"),
            "github-pat": ("ghp_" + self.chars(_B62, 36), "GITHUB_TOKEN"),
            "github-fine-grained": (
                "github_pat_" + self.chars(_B62, 22) + "_" + self.chars(_B62, 59),
                "GH_TOKEN",
            ),
            "gitlab-pat": ("glpat-" + self.chars(_B62 + "_-", 20), "GITLAB_TOKEN"),
            "slack-bot-token": (
                f"xoxb-{self.digits(12)}-{self.digits(13)}-{self.chars(_B62, 24)}",
                "SLACK_BOT_TOKEN",
            ),
            "slack-webhook": (
                "https://hooks.slack.com/services/T"
                + self.chars(string.ascii_uppercase + string.digits, 10)
                + "/B"
                + self.chars(string.ascii_uppercase + string.digits, 10)
                + "/"
                + self.chars(_B62, 24),
                "SLACK_WEBHOOK_URL",
            ),
            "stripe-live-key": ("sk_live_" + self.chars(_B62, 99), "STRIPE_SECRET_KEY"),
            "stripe-restricted-key": ("rk_live_" + self.chars(_B62, 99), "STRIPE_RESTRICTED_KEY"),
            "sendgrid": (
                "SG." + self.chars(_B62 + "_-", 22) + "." + self.chars(_B62 + "_-", 43),
                "SENDGRID_API_KEY",
            ),
            "twilio-api-key": ("SK" + self.chars(_HEX, 32), "TWILIO_API_KEY"),
            "npm-token": ("npm_" + self.chars(_B62, 36), "NPM_TOKEN"),
            "pypi-token": ("pypi-AgEIcHlwaS5vcmc" + self.chars(_B62 + "_-", 120), "PYPI_TOKEN"),
            "openai-key": (
                "sk-proj-" + self.chars(_B62, 20) + "T3BlbkFJ" + self.chars(_B62, 20),
                "OPENAI_API_KEY",
            ),
            "jwt": (self.jwt(), f"{word.upper()}_SESSION_TOKEN"),
            "password": (
                self.password(),
                self.pick(["DB_PASSWORD", "SMTP_PASSWORD", "ADMIN_PASSWORD", "REDIS_PASSWORD"]),
            ),
            "mailchimp": (
                self.chars(_HEX, 32) + f"-us{self.rng.randint(1, 21)}",
                "MAILCHIMP_API_KEY",
            ),
        }
        return tokens[kind]

    def password(self) -> str:
        word = self.pick(["Monsoon", "Garnet", "Kestrel", "Saffron", "Harbor", "Lotus", "Falcon"])
        symbol = self.pick(list("!@#$%&*?"))
        return f"{word}{symbol}{self.digits(4)}{self.chars(string.ascii_letters, 3)}"

    def jwt(self) -> str:
        def part(payload: dict[str, object]) -> str:
            raw = json.dumps(payload, separators=(",", ":")).encode()
            return base64.urlsafe_b64encode(raw).decode().rstrip("=")

        header = part({"alg": self.pick(["HS256", "RS256"]), "typ": "JWT"})
        claims = part(
            {
                "sub": self.digits(8),
                "name": self.person("en_US"),
                "iat": self.rng.randint(1_650_000_000, 1_720_000_000),
                "role": self.pick(["admin", "customer", "support"]),
            }
        )
        signature = base64.urlsafe_b64encode(self.rng.randbytes(32)).decode().rstrip("=")
        return f"{header}.{claims}.{signature}"

    def private_key(self) -> Plant:
        label = self.pick(
            ["RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY"]
        )
        head, size = _KEY_HEADERS[label]
        body = base64.b64encode(head + self.rng.randbytes(size)).decode()
        lines = [body[i : i + 64] for i in range(0, len(body), 64)]
        block = "\n".join([f"-----BEGIN {label}-----", *lines, f"-----END {label}-----"])
        header = f"-----BEGIN {label}-----"
        key = self.pick(["PRIVATE_KEY", "TLS_KEY", "SIGNING_KEY", "SSH_PRIVATE_KEY"])
        return Plant("secret", block, header, True, "private-key", key)

    def _basic_auth_url(self) -> Plant:
        # Half the passwords in connection strings are URL-safe; the rest carry a symbol.
        if self.rng.random() < 0.5:
            secret = self.chars(_B62 + "-_", self.rng.randint(12, 24))
        else:
            secret = self.password().replace("@", "!").replace("#", "~").replace("?", "*")
        user = self.pick(["app", "shop_rw", "billing", "etl", "admin", "svc_orders"])
        host = self.pick(["db.internal", "10.20.3.14", "orders-db.prod", "pg-primary"])
        scheme, port = self.rng.choice(
            [
                ("postgres", 5432),
                ("postgresql", 5432),
                ("mysql", 3306),
                ("mongodb", 27017),
                ("redis", 6379),
                ("amqp", 5672),
            ]
        )
        url = f"{scheme}://{user}:{secret}@{host}:{port}/{self.pick(['shop', 'orders', 'crm'])}"
        return Plant("secret", url, secret, True, "basic-auth-url", "DATABASE_URL")

    # Field names ---------------------------------------------------------------------

    def key(self, kind: str, locale: str) -> str:
        """A field, column or variable name people use for `kind`, in the locale's words."""
        common = {
            "email": [
                "email",
                "email_address",
                "customer_email",
                "Email",
                "contact_email",
                "billing_email",
                "emailAddress",
                "mail",
            ],
            "phone": [
                "phone",
                "mobile",
                "phone_number",
                "Phone",
                "mobile_no",
                "contact_number",
                "phoneNumber",
                "mobileNumber",
                "telephone",
                "whatsapp",
                "alt_mobile",
            ],
            "card": [
                "card_number",
                "cardNumber",
                "cc_number",
                "credit_card",
                "card_no",
                "paymentCardNumber",
            ],
            "iban": ["iban", "IBAN", "bank_iban", "payout_iban", "ibanNumber", "customer_iban"],
            "ssn": ["ssn", "SSN", "social_security_number", "ssnNumber", "employee_ssn"],
            "aadhaar": [
                "aadhaar",
                "aadhaar_no",
                "aadhaar_number",
                "aadhaarNumber",
                "uid",
                "aadhar",
                "aadhaarNo",
            ],
            "pan": ["pan", "pan_number", "PAN", "panNumber", "pan_no", "customerPan"],
            "gstin": ["gstin", "GSTIN", "gst_number", "gstNumber", "gst_no", "sellerGstin"],
            "nino": ["ni_number", "nino", "national_insurance_number", "NINO", "niNumber"],
            "secret": ["api_key"],
        }
        local = {
            ("de", "email"): ["E-Mail", "email"],
            ("de", "phone"): ["Telefon", "Handy", "telefonnummer"],
            ("de", "card"): ["Kartennummer"],
            ("fr", "email"): ["courriel", "email"],
            ("fr", "phone"): ["téléphone", "portable", "telephone"],
            ("ja", "email"): ["メールアドレス"],
            ("ja", "phone"): ["電話番号", "携帯番号"],
            ("hi", "email"): ["ईमेल"],
            ("hi", "phone"): ["मोबाइल"],
            ("hi", "aadhaar"): ["आधार"],
        }
        options = common[kind] + local.get((LANGUAGE[locale], kind), []) * 2
        return self.pick(options)

    # Negatives -----------------------------------------------------------------------

    def negative(self, kind: str, locale: str) -> Plant:
        """A look-alike of `kind` that is not one."""
        maker = {
            "email": self.not_email,
            "phone": self.not_phone,
            "card": self.not_card,
            "iban": self.not_iban,
            "ssn": self.not_ssn,
            "aadhaar": self.not_aadhaar,
            "pan": self.not_pan,
            "gstin": self.not_gstin,
            "nino": self.not_nino,
            "secret": self.not_secret,
        }[kind]
        return maker(locale)

    def _neg(self, kind: str, text: str, note: str, key: str, phrase: str = "{v}") -> Plant:
        return Plant(kind, text, text.split("\n")[0], False, note, key, phrase=phrase)

    def not_email(self, locale: str) -> Plant:
        first, last = self.ascii_name(locale)
        user = self.pick([first, f"{first}.{last}", "support", "admin", "jane.doe", "billing"])
        domain = self.company_domain(locale)
        choice = self.rng.randrange(6)
        if choice == 0:
            reserved = self.pick(
                [
                    "example.com",
                    "example.org",
                    "example.net",
                    "mail.example.com",
                    "shop.test",
                    "staging.test",
                    "host.invalid",
                    "dev.localhost",
                    "corp.example",
                    "printer.local",
                ]
            )
            return self._neg(
                "email", f"{user}@{reserved}", "reserved-domain", "example_email", "e.g. {v}"
            )
        if choice == 1:
            local = self.pick(
                ["noreply", "no-reply", "donotreply", "do-not-reply", "mailer-daemon"]
            )
            text = self.pick([f"{local}@{domain}", f"alerts@noreply.{domain}"])
            return self._neg("email", text, "no-reply", "from_address", "sent from {v}")
        if choice == 2:
            text = self.pick(
                [
                    f"{self.rng.randint(10_000, 99_999_999)}+{first}@users.noreply.github.com",
                    "49699333+dependabot[bot]@users.noreply.github.com",
                    "41898282+github-actions[bot]@users.noreply.github.com",
                ]
            )
            return self._neg("email", text, "bot", "author", "Co-authored-by: bot <{v}>")
        if choice == 3:
            name = self.pick(["logo", "icon", "hero", "avatar", "banner", "sprite", "badge"])
            text = f"{name}@{self.pick(['2x', '3x'])}.{self.pick(['png', 'webp', 'jpg', 'svg'])}"
            return self._neg("email", text, "asset", "image", "static/img/{v}")
        if choice == 4:
            text = self.pick(
                [
                    "lodash@4.17.21",
                    "react-dom@18.2.0",
                    "@babel/core@7.24.0",
                    "typescript@5.4.5",
                    "eslint@8.57.0",
                    "next@14.1.4",
                    "vite@5.2.8",
                    "@types/node@20.11.30",
                ]
            )
            return self._neg("email", text, "package-spec", "dependency", "npm install {v}")
        org, repo = self.company_slug(locale), self.pick(["api", "web", "infra", "billing"])
        host = self.pick(["github.com", "gitlab.com", "bitbucket.org"])
        return self._neg(
            "email", f"git@{host}:{org}/{repo}.git", "ssh-remote", "remote", "git clone {v}"
        )

    def not_phone(self, locale: str) -> Plant:
        n = self.rng.randint
        choice = self.rng.randrange(12)
        year, month, day = (
            self.rng.randint(2015, 2025),
            self.rng.randint(1, 12),
            self.rng.randint(1, 28),
        )
        if choice == 0:
            area = self.pick(["212", "415", "646", "312", "206", "303", "617", "202"])
            last = f"01{self.digits(2)}"
            text = self.pick(
                [f"({area}) 555-{last}", f"+1 {area} 555 {last}", f"{area}-555-{last}"]
            )
            return self._neg("phone", text, "fictional-us", "phone", "call {v} (demo line)")
        if choice == 1:
            text = self.pick(
                [
                    f"07700 900{self.digits(3)}",
                    f"+44 7700 900{self.digits(3)}",
                    f"020 7946 0{self.digits(3)}",
                    f"0161 496 0{self.digits(3)}",
                    f"0113 496 0{self.digits(3)}",
                ]
            )
            return self._neg("phone", text, "fictional-uk", "phone", "ring {v} (drama range)")
        if choice == 2:
            text = self.pick(
                [
                    f"{year}-{month:02d}-{day:02d}",
                    f"{day:02d}.{month:02d}.{year}",
                    f"{month:02d}/{day:02d}/{year}",
                    f"{day:02d}/{month:02d}/{year}",
                    f"{year}/{month:02d}/{day:02d}",
                    f"{day:02d}-{month:02d}-{year}",
                ]
            )
            return self._neg("phone", text, "date", "created_at", "released {v}")
        if choice == 3:
            h, m, s = self.rng.randint(0, 23), self.rng.randint(0, 59), self.rng.randint(0, 59)
            text = self.pick(
                [
                    f"{h:02d}:{m:02d}:{s:02d}",
                    f"{year}-{month:02d}-{day:02d} {h:02d}:{m:02d}:{s:02d}",
                    f"{h:02d}:{m:02d}-{(h + 8) % 24:02d}:{m:02d}",
                ]
            )
            return self._neg("phone", text, "time", "updated_at", "at {v}")
        if choice == 4:
            text = self.pick(
                [
                    f"10.{n(0, 255)}.{n(0, 255)}.{n(1, 254)}",
                    f"192.168.{n(0, 255)}.{n(1, 254)}",
                    f"172.{n(16, 31)}.{n(0, 255)}.{n(1, 254)}:{n(1024, 9999)}",
                    str(self.fake("en_US").ipv4_public()),
                ]
            )
            return self._neg("phone", text, "ip", "client_ip", "from {v}")
        if choice == 5:
            text = self.pick(
                [
                    f"v{n(1, 12)}.{n(0, 40)}.{n(0, 20)}",
                    f"{n(1, 4)}.{n(0, 30)}.{n(0, 200)}",
                    f"10.0.{n(10000, 22631)}.{n(100, 4000)}",
                    f"{n(1, 5)}.{n(0, 9)}.{n(0, 9)}-rc.{n(1, 5)}",
                ]
            )
            return self._neg("phone", text, "version", "version", "upgraded to {v}")
        if choice == 6:
            low = self.rng.randint(100, 8000)
            text = self.pick(
                [
                    f"{low}-{low + self.rng.randint(10, 999)}",
                    f"{year - 5}-{year}",
                    f"{low * 10}-{low * 10 + 1000}",
                ]
            )
            return self._neg("phone", text, "range", "range", "ports {v}")
        if choice == 7:
            text = self.pick(
                [
                    f"ORD-{year}{month:02d}{day:02d}-{self.digits(6)}",
                    f"INV/{year}/{self.digits(5)}",
                    f"PO {self.rng.randint(4, 5)}{self.digits(9)}",
                    f"#{self.digits(8)}",
                    f"{year}-{self.digits(6)}",
                ]
            )
            return self._neg("phone", text, "order-number", "order_id", "order {v}")
        if choice == 8:
            text = self.pick(
                [
                    f"₹ {self.rng.randint(1, 99)},{self.digits(2)},{self.digits(3)}.00",
                    f"{self.rng.randint(1, 99)} {self.digits(3)},{self.digits(2)} €",
                    f"${self.rng.randint(1, 99)},{self.digits(3)}.{self.digits(2)}",
                    f"¥{self.rng.randint(1, 9)},{self.digits(3)},000",
                ]
            )
            return self._neg("phone", text, "amount", "amount", "total {v}")
        if choice == 9:
            text = self.pick(
                [
                    "+91 00000 00000",
                    "9999999999",
                    "000-000-0000",
                    "+1 (000) 000-0000",
                    "1234567890",
                    "+44 0000 000000",
                    "98765 43210",
                ]
            )
            return self._neg("phone", text, "placeholder", "phone", "phone: {v}")
        if choice == 10:
            text = f"{self.rng.randint(1_600_000_000, 1_760_000_000)}"
            return self._neg("phone", text, "epoch", "ts", "ts={v}")
        text = self.pick(
            [
                f"{n(10, 99)}.{self.digits(4)}, {n(10, 99)}.{self.digits(4)}",
                f"{n(10000, 99999)}-{self.digits(4)}",
                f"978-{n(0, 9)}-{self.digits(2)}-{self.digits(6)}-{n(0, 9)}",
            ]
        )
        return self._neg("phone", text, "coordinates-zip-isbn", "ref", "ref {v}")

    def not_card(self, locale: str) -> Plant:
        choice = self.rng.randrange(6)
        name, prefixes, length = self.rng.choice(_CARD_BRANDS)
        digits = self._luhn_digits(self.pick(prefixes), length)
        if choice == 0:
            broken = digits[:-1] + str((int(digits[-1]) + self.rng.randint(1, 9)) % 10)
            text, _ = self._card_layout(broken, name)
            return self._neg("card", text, "luhn-fail", "reference", "ref {v}")
        if choice == 1:
            text = self.pick(
                [
                    f"{digits[:4]} **** **** {digits[-4:]}",
                    f"XXXX-XXXX-XXXX-{digits[-4:]}",
                    f"************{digits[-4:]}",
                    f"{digits[:6]}******{digits[-4:]}",
                    f"xxxx xxxx xxxx {digits[-4:]}",
                ]
            )
            return self._neg("card", text, "masked", "card_masked", "card ending {v}")
        if choice == 2:
            body = self.pick(["35", "86", "01", "99"]) + self.digits(12)
            return self._neg("card", body + luhn.calc_check_digit(body), "imei", "imei", "IMEI {v}")
        if choice == 3:
            while True:
                number = self.pick(["1", "7", "9"]) + self.digits(self.rng.choice([15, 16, 18]))
                if card_brand(number) is None:
                    break
            return self._neg("card", number, "id-number", "txn_id", "txn {v}")
        if choice == 4:
            text = f"{self.rng.randint(1_600_000_000_000, 1_760_000_000_000)}"
            return self._neg("card", text, "ms-timestamp", "ts_ms", "ts_ms={v}")
        text = self.pick(
            [
                "0000 0000 0000 0000",
                "1234 5678 9012 3456",
                "XXXX XXXX XXXX XXXX",
                "1111-2222-3333-4444",
            ]
        )
        return self._neg("card", text, "placeholder", "card_number", "card: {v}")

    def not_iban(self, locale: str) -> Plant:
        compact = self.registry_iban() if self.rng.random() < 0.35 else self.locale_iban(locale)
        choice = self.rng.randrange(5)
        if choice == 0:
            while True:
                at = self.rng.randrange(4, len(compact))
                if compact[at].isdigit():
                    broken = compact[:at] + str((int(compact[at]) + 1) % 10) + compact[at + 1 :]
                    if not stdnum_iban.is_valid(broken):
                        break
            return self._neg(
                "iban", stdnum_iban.format(broken), "mod97-fail", "iban", "old account {v} (closed)"
            )
        if choice == 1:
            text = compact[:-1]
            return self._neg("iban", text, "length", "account_ref", "ref {v}")
        if choice == 2:
            text = self.pick(["XX", "ZZ", "AA"]) + compact[2:]
            return self._neg("iban", stdnum_iban.format(text), "country", "template", "format {v}")
        if choice == 3:
            text = self.pick(
                [
                    "DEUTDEFF500",
                    "BNPAFRPPXXX",
                    "HDFC0001234",
                    "NWBKGB2L",
                    "COBADEFFXXX",
                    "SBIN0004567",
                    "INGBNL2A",
                ]
            )
            return self._neg("iban", text, "bic-ifsc", "bic", "BIC {v}")
        text = f"{compact[:4]} **** **** {compact[-4:]}"
        return self._neg("iban", text, "masked", "iban_masked", "account {v}")

    def not_ssn(self, locale: str) -> Plant:
        area, group, serial = f"{self.rng.randint(1, 899):03d}", self.digits(2), self.digits(4)
        choice = self.rng.randrange(5)
        if choice == 0:
            area = self.pick(["000", "666"])
        elif choice == 1:
            area = str(self.rng.randint(900, 999))
        elif choice == 2:
            group = "00"
        elif choice == 3:
            serial = "0000"
        else:
            area, group, serial = "XXX", "XX", serial
        text = f"{area}-{group}-{serial}"
        note = ["area-000-666", "area-9xx", "group-00", "serial-0000", "masked"][choice]
        if choice < 4:
            assert not stdnum_ssn.is_valid(text.replace("-", "")), text
        return self._neg("ssn", text, note, "tax_id", "id {v}")

    def not_aadhaar(self, locale: str) -> Plant:
        choice = self.rng.randrange(4)
        number = self.aadhaar_digits()
        if choice == 0:
            number = number[:-1] + str((int(number[-1]) + self.rng.randint(1, 9)) % 10)
            note = "verhoeff-fail"
        elif choice == 1:
            body = self.pick(["0", "1"]) + self.digits(10)
            number = body + verhoeff.calc_check_digit(body)
            note = "leading-0-1"
        elif choice == 2:
            text = self.pick(
                [f"XXXX XXXX {number[-4:]}", f"xxxx-xxxx-{number[-4:]}", f"********{number[-4:]}"]
            )
            return self._neg("aadhaar", text, "masked", "aadhaar_masked", "masked {v}")
        else:
            while True:
                number = str(self.rng.randint(2, 9)) + self.digits(11)
                if not verhoeff.is_valid(number):
                    break
            note = "verhoeff-fail-compact"
            return self._neg("aadhaar", number, note, "order_ref", "ref {v}")
        text = " ".join(number[i : i + 4] for i in range(0, 12, 4))
        return self._neg("aadhaar", text, note, "ref_no", "ref no. {v}")

    def not_pan(self, locale: str) -> Plant:
        choice = self.rng.randrange(3)
        if choice == 0:
            text = (
                self.chars(string.ascii_uppercase, 3)
                + self.pick(list(_NOT_PAN_HOLDERS))
                + self.chars(string.ascii_uppercase, 1)
                + self.digits(4)
                + self.chars(string.ascii_uppercase, 1)
            )
            note = "holder-type"
        elif choice == 1:
            text = self.pick(["ABCDE1234F", "XXXXX0000X", "AAAAA0000A"])
            note = "placeholder"
        else:
            valid = self.pan_value()
            text = valid[:5] + "0000" + valid[9]
            note = "zero-serial"
        assert not stdnum_pan.is_valid(text), text
        return self._neg("pan", text, note, "code", "code {v}")

    def not_gstin(self, locale: str) -> Plant:
        valid = self.gstin_value()
        choice = self.rng.randrange(3)
        if choice == 0:
            text = valid[:-1] + self.pick([c for c in _GSTIN_ALPHABET if c != valid[-1]])
            note = "check-char"
        elif choice == 1:
            body = self.pick(["00", "39", "88", "99"]) + valid[2:14]
            text = body + luhn.calc_check_digit(body, alphabet=_GSTIN_ALPHABET)
            note = "state-code"
        else:
            body = valid[:5] + self.pick(list(_NOT_PAN_HOLDERS)) + valid[6:14]
            text = body + luhn.calc_check_digit(body, alphabet=_GSTIN_ALPHABET)
            note = "pan-part"
        assert not stdnum_gstin.is_valid(text), text
        return self._neg("gstin", text, note, "gst_ref", "GST ref {v}")

    def not_nino(self, locale: str) -> Plant:
        choice = self.rng.randrange(3)
        digits = self.digits(6)
        if choice == 0:
            prefix, note = "QQ", "placeholder-qq"
        elif choice == 1:
            prefix = self.pick(
                ["BG", "GB", "NK", "KN", "TN", "NT", "ZZ", "DA", "FY", "IH", "QA", "UK", "VE", "AO"]
            )
            note = "prefix"
        else:
            prefix, note = self.pick(["AB", "JG", "CE", "PW"]), "masked"
            digits = "XXXXXX"
        text = f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:]} {self.pick(list('ABCD'))}"
        return self._neg("nino", text, note, "ni_ref", "ref {v}")

    def not_secret(self, locale: str) -> Plant:
        fake = self.fake("en_US")
        choice = self.rng.randrange(9)
        if choice == 0:
            return self._neg("secret", str(fake.uuid4()), "uuid", "REQUEST_ID", "request {v}")
        if choice == 1:
            return self._neg("secret", str(fake.sha1()), "git-sha", "GIT_COMMIT", "commit {v}")
        if choice == 2:
            return self._neg(
                "secret", str(fake.sha256()), "sha256", "CHECKSUM_SHA256", "sha256 {v}"
            )
        if choice == 3:
            return self._neg("secret", str(fake.md5()), "md5-etag", "ETAG", "etag {v}")
        if choice == 4:
            text = self.pick(
                [
                    "changeme",
                    "<your-api-key>",
                    "YOUR_SECRET_KEY_HERE",
                    "${STRIPE_SECRET_KEY}",
                    "{{ vault_db_password }}",
                    "xxxxxxxxxxxxxxxx",
                    "********",
                    "<redacted>",
                    "%(DB_PASSWORD)s",
                    "$GITHUB_TOKEN",
                ]
            )
            return self._neg("secret", text, "placeholder", "API_KEY", "key: {v}")
        if choice == 5:
            body = base64.b64encode(self.rng.randbytes(270)).decode()
            lines = [body[i : i + 64] for i in range(0, len(body), 64)]
            block = "\n".join(["-----BEGIN PUBLIC KEY-----", *lines, "-----END PUBLIC KEY-----"])
            return self._neg("secret", block, "public-key", "PUBLIC_KEY")
        if choice == 6:
            body = base64.b64encode(self.rng.randbytes(279)).decode()
            text = f"ssh-rsa {body} deploy@{self.company_slug(locale)}"
            return self._neg("secret", text, "ssh-public-key", "DEPLOY_PUBLIC_KEY")
        if choice == 7:
            text = "sha512-" + base64.b64encode(self.rng.randbytes(64)).decode()
            return self._neg("secret", text, "integrity-hash", "integrity", "integrity {v}")
        prefix = self.pick(["sk_live_", "ghp_", "xoxb-", "AKIA"])
        text = prefix + self.pick(["*" * 16, "x" * 20, "..."])
        return self._neg("secret", text, "masked", "API_KEY", "key {v}")
