"""Customer dictionaries: plain terms and keyed-hash dictionaries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bharosa.config import DictionarySpec, load_config
from bharosa.detectors.dictionaries import (
    DictionaryDetector,
    hash_terms,
    keyed_digest,
    normalize_term,
    read_terms,
)
from bharosa.errors import ConfigError
from bharosa.sources.document import Document
from tests.conftest import run_cli

KEY = "a-dictionary-key-for-tests-only"


def terms_file(tmp_path: Path, terms: list[str]) -> Path:
    path = tmp_path / "customers.txt"
    tmp_path.mkdir(parents=True, exist_ok=True)
    path.write_text("# our customers\n\n" + "\n".join(terms) + "\n", encoding="utf-8")
    return path


def values(detector: DictionaryDetector, text: str) -> list[str]:
    return [m.value for m in detector.find(Document("a.txt", text.encode()))]


def test_read_terms_normalizes_and_skips_comments(tmp_path: Path) -> None:
    path = terms_file(tmp_path, ["  Kavya   Textiles ", "ＡＣＭＥ", "# not a term"])
    assert read_terms(path) == ["kavya textiles", "acme"]


def test_plain_terms_match_case_insensitively_on_word_boundaries(tmp_path: Path) -> None:
    spec = DictionarySpec("customers", terms_file(tmp_path, ["Kavya Textiles", "ACC-0042", "राम"]))
    detector = DictionaryDetector([spec], {})
    assert values(detector, "Invoice for KAVYA TEXTILES, acc-0042.") == [
        "KAVYA TEXTILES",
        "acc-0042",
    ]
    assert values(detector, "kavya textilesx acc-00421 xacc-0042") == []
    assert values(detector, "ग्राहक राम आए; रामायण") == ["राम"]
    assert values(detector, "Kavya Textiles’s order") == ["Kavya Textiles"]


def test_dictionary_rule_and_kind(tmp_path: Path) -> None:
    spec = DictionarySpec("vip", terms_file(tmp_path, ["Kavya Textiles"]), kind="customer-name")
    (match,) = DictionaryDetector([spec], {}).find(Document("a", b"Kavya Textiles"))
    assert match.rule.id == "dict.vip"
    assert match.rule.kind == "customer-name"


def test_a_hundred_thousand_terms_in_one_pass(tmp_path: Path) -> None:
    terms = [f"customer{i:06d} ltd" for i in range(100_000)]
    spec = DictionarySpec("big", terms_file(tmp_path, terms))
    detector = DictionaryDetector([spec], {})
    text = "x customer099999 ltd y customer000001 ltd z customer1 ltd"
    assert values(detector, text) == ["customer099999 ltd", "customer000001 ltd"]


def test_hashed_dictionary_finds_emails_words_and_ids(tmp_path: Path) -> None:
    terms = ["anu.rao@kavyatextiles.in", "Kavya Textiles", "Sunridge", "ACC-00420042"]
    document = hash_terms([normalize_term(t) for t in terms], KEY.encode(), ["ACC-[0-9]{8}"])
    assert not any(t.lower() in json.dumps(document).lower() for t in terms)
    assert document["shapes"] == ["email", "words:2", "pattern:ACC-[0-9]{8}"]
    path = tmp_path / "customers.hashed.json"
    path.write_text(json.dumps(document))
    spec = DictionarySpec("c", path, hashed=True, key_env="DICT_KEY")
    detector = DictionaryDetector([spec], {"DICT_KEY": KEY})
    text = "Mail ANU.RAO@kavyatextiles.in about kavya  textiles, sunridge and ACC-00420042."
    assert values(detector, text) == [
        "ANU.RAO@kavyatextiles.in",
        "kavya textiles",
        "sunridge",
        "ACC-00420042",
    ]
    assert values(detector, "kavya and textiles, ACC-00420043, someone@kavyatextiles.in") == []


def test_hashed_dictionary_needs_the_right_key(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    path.write_text(json.dumps(hash_terms(["kavya"], KEY.encode())))
    spec = DictionarySpec("c", path, hashed=True, key_env="DICT_KEY")
    with pytest.raises(ConfigError, match="set the environment variable DICT_KEY"):
        DictionaryDetector([spec], {})
    with pytest.raises(ConfigError, match="not the key"):
        DictionaryDetector([spec], {"DICT_KEY": "some-other-key-000000"})
    path.write_text("{}")
    with pytest.raises(ConfigError, match="not a hashed dictionary"):
        DictionaryDetector([spec], {"DICT_KEY": KEY})


def test_digests_are_keyed() -> None:
    assert keyed_digest(b"k1" * 8, "kavya") != keyed_digest(b"k2" * 8, "kavya")


def test_config_declares_dictionaries(tmp_path: Path) -> None:
    terms_file(tmp_path, ["Kavya Textiles"])
    (tmp_path / ".bharosa.toml").write_text(
        '[dictionaries.customers]\nterms = "customers.txt"\nkind = "customer-name"\n'
        'severity = "warning"\n'
    )
    (spec,) = load_config(tmp_path).dictionaries
    assert spec.name == "customers" and spec.kind == "customer-name" and not spec.hashed


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('[dictionaries.c]\nterms = "missing.txt"\n', "does not exist"),
        ("[dictionaries.c]\nkind = 'x'\n", "exactly one of 'terms'"),
        ('[dictionaries.c]\nterms = "customers.txt"\nbogus = 1\n', "dictionaries.c.bogus"),
        ('[dictionaries.C]\nterms = "customers.txt"\n', "name must be lowercase"),
        ('[dictionaries.c]\nterms = "customers.txt"\nseverity = "huge"\n', "severity"),
    ],
)
def test_bad_dictionary_config(tmp_path: Path, table: str, message: str) -> None:
    terms_file(tmp_path, ["Kavya"])
    (tmp_path / ".bharosa.toml").write_text(table)
    with pytest.raises(ConfigError, match=message):
        load_config(tmp_path)


def test_cli_hash_then_scan(tmp_path: Path) -> None:
    terms = terms_file(tmp_path / "private", ["Kavya Textiles", "ACC-00420042"])
    repo = tmp_path / "repo"
    repo.mkdir()
    hashed = repo / "customers.hashed.json"
    env = {"BHAROSA_DICTIONARY_KEY": KEY}
    made = run_cli(
        ["dictionary", "hash", str(terms), "-o", str(hashed), "--pattern", "ACC-[0-9]{8}"], env
    )
    assert made.code == 0, made.stderr
    assert "hashed 2 terms" in made.stderr
    assert "kavya" not in hashed.read_text().lower()
    (repo / ".bharosa.toml").write_text(
        '[dictionaries.customers]\nhashed = "customers.hashed.json"\n'
    )
    (repo / "notes.md").write_text("Call Kavya Textiles about ACC-00420042.\n")
    result = run_cli(["scan", str(repo)], env)
    assert result.code == 1
    assert result.stdout.count("dict.customers") == 2
    assert "Kavya" not in result.stdout
    missing_key = run_cli(["scan", str(repo)], {"BHAROSA_DICTIONARY_KEY": ""})
    assert missing_key.code == 2
    assert "BHAROSA_DICTIONARY_KEY" in missing_key.stderr


def test_cli_hash_refuses_without_a_key(tmp_path: Path) -> None:
    terms = terms_file(tmp_path, ["Kavya"])
    result = run_cli(["dictionary", "hash", str(terms)], {"BHAROSA_DICTIONARY_KEY": ""})
    assert result.code == 2
    assert "set BHAROSA_DICTIONARY_KEY" in result.stderr
