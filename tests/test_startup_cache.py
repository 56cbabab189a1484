"""The start-up cache: rule packs and secrets gates kept between runs, and never trusted
beyond what they were made from."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bharosa.detectors import secrets
from bharosa.errors import RulePackError
from bharosa.rules import loading
from bharosa.rules.loading import builtin_rules_dir, load_rule_pack, load_rules
from bharosa.startup_cache import cache_directory, load_entry, store_entry
from tests.rules.test_loading import GOOD_RULE as PACK


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache directory for this test alone."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    directory = cache_directory()
    assert directory is not None
    return directory


def test_an_entry_is_read_back_only_with_its_key(cache: Path) -> None:
    store_entry("sample", "key-1", {"a": [1, None, "x"]})
    assert load_entry("sample", "key-1") == {"a": [1, None, "x"]}
    assert load_entry("sample", "key-2") is None
    assert load_entry("missing", "key-1") is None


def test_a_relative_xdg_cache_home_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "cache")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_directory() == tmp_path / "home" / ".cache" / "bharosa"


def test_a_corrupt_or_unwritable_cache_is_passed_over(cache: Path) -> None:
    cache.mkdir(parents=True)
    (cache / "sample.json").write_bytes(b"\xff{not json")
    assert load_entry("sample", "key") is None
    (cache / "sample.json").write_text('["a list, not an entry"]')
    assert load_entry("sample", "key") is None
    # The cache directory is a file: nothing can be written, and nothing fails.
    (cache / "sample.json").unlink()
    cache.rmdir()
    cache.write_text("")
    store_entry("sample", "key", {"a": 1})
    assert load_entry("sample", "key") is None
    assert load_rules()  # rule packs still load, parsed from their files


def test_rule_packs_are_parsed_once_then_read_from_the_cache(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_rules(everything=True)
    assert sorted(p.name for p in cache.glob("rule-pack-*.json"))

    def no_parsing(path: Path, raw: bytes) -> None:
        raise AssertionError(f"{path} parsed again")

    monkeypatch.setattr(loading, "_parse_yaml_text", no_parsing)
    assert load_rules(everything=True) == first


def test_packs_outside_the_built_in_ones_are_never_cached(cache: Path, tmp_path: Path) -> None:
    # A scanned repository's own packs: nothing of a scanned tree goes into the cache.
    pack = tmp_path / "repo-rules" / "shop.yaml"
    pack.parent.mkdir()
    pack.write_text(PACK)
    load_rule_pack(pack)
    assert not list(cache.glob("rule-pack-*.json"))
    load_rules()
    assert len(list(cache.glob("rule-pack-*.json"))) == len(
        list(builtin_rules_dir().glob("*.yaml"))
    )


@pytest.fixture
def builtin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A directory taken for the built-in packs' own."""
    directory = tmp_path / "builtin"
    directory.mkdir()
    monkeypatch.setattr(loading, "builtin_rules_dir", lambda: directory)
    return directory


def test_a_changed_pack_is_parsed_again(cache: Path, builtin: Path) -> None:
    pack = builtin / "shop.yaml"
    pack.write_text(PACK)
    (rule,) = load_rule_pack(pack)
    assert rule.severity.value == "warning"
    assert len(list(cache.glob("rule-pack-*.json"))) == 1  # kept: the next load reads it
    pack.write_text(PACK.replace("severity: warning", "severity: error"))
    (rule,) = load_rule_pack(pack)
    assert rule.severity.value == "error"


def test_a_cached_pack_is_still_validated(cache: Path, builtin: Path) -> None:
    pack = builtin / "shop.yaml"
    pack.write_text(PACK)
    load_rule_pack(pack)
    (entry,) = cache.glob("rule-pack-*.json")
    document = json.loads(entry.read_text())
    document["value"][0]["pattern"] = "order-(?=[0-9])"  # a lookahead RE2 cannot run
    entry.write_text(json.dumps(document))
    with pytest.raises(RulePackError, match=r"acme\.order-email"):
        load_rule_pack(pack)


def test_gates_are_derived_again_when_the_plugins_change(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    derived = secrets.gate_sources()
    assert set(derived) == secrets.PLUGIN_NAMES
    assert derived["StripeDetector"]
    calls: list[str] = []
    original = secrets.load_plugin

    def counting(name: str) -> object:
        calls.append(name)
        return original(name)

    monkeypatch.setattr(secrets, "load_plugin", counting)
    assert secrets.gate_sources() == derived
    assert calls == []
    monkeypatch.setattr(secrets, "_plugins_key", lambda: "another detect-secrets")
    assert secrets.gate_sources() == derived
    assert sorted(calls) == sorted(secrets.PLUGIN_NAMES)


_PROBE = """
import sys
from pathlib import Path
from bharosa.config import Config
from bharosa.pipeline import Scanner
from bharosa.rules.loading import load_rules
from bharosa.sources.document import Document
from bharosa.stats import ScanStats
scanner = Scanner(Config(root=Path()), load_rules())
text = sys.argv[1].encode()
found = scanner.scan_document(Document("settings.py", text), ScanStats())
print(len(found), "detect_secrets" in sys.modules, "yaml" in sys.modules)
"""


def _probe(text: str, cache: Path) -> str:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache.parent)}
    completed = subprocess.run(
        [sys.executable, "-c", _PROBE, text],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return completed.stdout.strip()


def test_with_a_warm_cache_clean_files_never_import_detect_secrets_or_yaml(cache: Path) -> None:
    # A keyword of the secret rules (password) with nothing assigned to it: the gates are
    # needed, and none matches.
    clean = "def primary_key(keys):\n    return keys[0]  # no password in the row\n"
    secret = "STRIPE_KEY = 'sk_live_l33SCx9vHjHkm1x72EsSfUQU'\n"
    assert _probe(clean, cache) == "0 True True"  # the first run derives and keeps both
    assert _probe(clean, cache) == "0 False False"
    assert _probe(secret, cache) == "1 True False"  # a gate matched: its plugin runs
