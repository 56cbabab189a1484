"""The quality corpus's ground truth: each label stands where it says and is what it says.

Checked with python-stdnum and phonenumbers directly, never with bharosa's validators, so
a wrong label fails here instead of flattering or blaming the detector in bench/quality.
"""

from __future__ import annotations

import importlib
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import phonenumbers
import pytest
from stdnum import iban, luhn
from stdnum.in_ import aadhaar, gstin, pan
from stdnum.us import ssn

BENCH = Path(__file__).resolve().parents[1] / "bench" / "quality"
PER_KIND = 12
_NINO = re.compile(r"^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]$")
_RESERVED = re.compile(
    r"(?:^|\.)(?:example\.(?:com|net|org)|[a-z0-9-]+\.(?:test|invalid|localhost))$"
)


def _import(name: str) -> ModuleType:
    # bench/quality is a folder of scripts, not a package: its modules import each other flat.
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    return importlib.import_module(name)


@pytest.fixture(scope="module")
def generate() -> ModuleType:
    return _import("generate")


@pytest.fixture(scope="module")
def corpus(generate: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Any:
    return generate.build_corpus(tmp_path_factory.mktemp("quality"), per_kind=PER_KIND, seed=7)


def _digits(text: str) -> str:
    return "".join(str(unicodedata.digit(ch)) for ch in text if ch.isdigit())


def _compact(text: str) -> str:
    return re.sub(r"[\s-]", "", text).upper()


def test_every_label_stands_at_its_line_and_column(corpus: Any) -> None:
    lines = {path: (corpus.root / path).read_text("utf-8").split("\n") for path in corpus.files}
    for label in corpus.labels:
        line = lines[label.path][label.line - 1]
        assert line[label.column - 1 :].startswith(label.value), label


def test_every_kind_has_positives_and_look_alikes(corpus: Any) -> None:
    plants = _import("plants")
    counts = Counter((label.kind, label.positive) for label in corpus.labels)
    for kind in plants.KINDS:
        assert counts[kind, True] >= PER_KIND, kind
        assert counts[kind, False] >= PER_KIND // 2, kind
    assert len({Path(path).suffix for path in corpus.files}) >= 6


def _is_positive(kind: str, value: str, note: str) -> bool:
    if kind == "email":
        local, _, domain = value.rpartition("@")
        return bool(local) and "." in domain and not _RESERVED.search(domain.lower())
    if kind == "phone":
        # `0049 ...` is dialled from a country whose international prefix is 00.
        text = "+" + value[2:] if value.startswith("00") else value
        number = phonenumbers.parse(text, note.split()[0])
        national = str(number.national_number)
        fictional = national.startswith("7700900") or national[3:8] == "55501"
        return phonenumbers.is_valid_number(number) and not fictional
    if kind == "card":
        digits = _digits(value)
        return 14 <= len(digits) <= 16 and luhn.is_valid(digits)
    if kind == "iban":
        return bool(iban.is_valid(value))
    if kind == "ssn":
        return bool(ssn.is_valid(_compact(value)))
    if kind == "aadhaar":
        return bool(aadhaar.is_valid(_digits(value)))
    if kind == "pan":
        return bool(pan.is_valid(value))
    if kind == "gstin":
        return bool(gstin.is_valid(value))
    if kind == "nino":
        return _NINO.match(_compact(value)) is not None and _compact(value)[:2] != "QQ"
    return len(value) >= 8 and "\n" not in value


def test_every_positive_validates_as_its_kind(corpus: Any) -> None:
    wrong = [p for p in corpus.positives if not _is_positive(p.kind, p.value, p.note)]
    assert not wrong, wrong[:5]


# Look-alikes made by breaking a checksum or a rule: the check must fail on them.
_BROKEN = {
    ("card", "luhn-fail"): lambda v: not luhn.is_valid(_digits(v)),
    ("aadhaar", "verhoeff-fail"): lambda v: not aadhaar.is_valid(_digits(v)),
    ("aadhaar", "verhoeff-fail-compact"): lambda v: not aadhaar.is_valid(_digits(v)),
    ("aadhaar", "leading-0-1"): lambda v: not aadhaar.is_valid(_digits(v)),
    ("iban", "mod97-fail"): lambda v: not iban.is_valid(v),
    ("iban", "length"): lambda v: not iban.is_valid(v),
    ("iban", "country"): lambda v: not iban.is_valid(v),
    ("ssn", "area-000-666"): lambda v: not ssn.is_valid(_compact(v)),
    ("ssn", "area-9xx"): lambda v: not ssn.is_valid(_compact(v)),
    ("ssn", "group-00"): lambda v: not ssn.is_valid(_compact(v)),
    ("ssn", "serial-0000"): lambda v: not ssn.is_valid(_compact(v)),
    ("pan", "holder-type"): lambda v: not pan.is_valid(v),
    ("pan", "zero-serial"): lambda v: not pan.is_valid(v),
    ("gstin", "check-char"): lambda v: not gstin.is_valid(v),
    ("gstin", "state-code"): lambda v: not gstin.is_valid(v),
    ("gstin", "pan-part"): lambda v: not gstin.is_valid(v),
}


def test_broken_look_alikes_fail_their_check(corpus: Any) -> None:
    checked = 0
    for label in corpus.negatives:
        check = _BROKEN.get((label.kind, label.note))
        if check is not None:
            checked += 1
            assert check(label.value), label
    assert checked >= PER_KIND


def test_a_seed_gives_the_same_corpus(generate: ModuleType, tmp_path: Path) -> None:
    first = generate.build_corpus(tmp_path / "a", per_kind=4, seed=11)
    second = generate.build_corpus(tmp_path / "b", per_kind=4, seed=11)
    assert first.labels == second.labels
    for path in first.files:
        assert (first.root / path).read_bytes() == (second.root / path).read_bytes()
    other = generate.build_corpus(tmp_path / "c", per_kind=4, seed=12)
    assert other.labels != first.labels
