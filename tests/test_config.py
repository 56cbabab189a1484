"""Config: found in the scan root, every key validated, errors name file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from bharosa.config import DEFAULT_FINGERPRINT_KEY, FINGERPRINT_KEY_ENV, load_config
from bharosa.errors import ConfigError
from bharosa.rules.model import Confidence, Severity
from tests.conftest import run_cli


def test_defaults_without_a_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(FINGERPRINT_KEY_ENV, raising=False)
    config = load_config(tmp_path)
    assert config.source is None
    assert config.fail_on is Severity.WARNING
    assert config.fingerprint_key == DEFAULT_FINGERPRINT_KEY.encode()


def test_bharosa_toml_with_every_key(tmp_path: Path) -> None:
    (tmp_path / ".bharosa.toml").write_text(
        """
exclude = ["vendor/", "*.min.js"]
rule-dirs = ["ci/rules"]
disable-rules = ["pii.email"]
enable-rules = ["pii.ip"]
fail-on = "error"
min-confidence = "medium"
fingerprint-key = "0123456789abcdef0123"
[allow]
domains = ["LeakyShop.in."]
"""
    )
    config = load_config(tmp_path)
    assert config.exclude == ("vendor/", "*.min.js")
    assert config.rule_dirs == (tmp_path / "ci/rules",)
    assert config.disabled_rules == ("pii.email",)
    assert config.enabled_rules == ("pii.ip",)
    assert config.fail_on is Severity.ERROR
    assert config.min_confidence is Confidence.MEDIUM
    assert config.allow_domains == ("leakyshop.in",)
    assert config.fingerprint_key == b"0123456789abcdef0123"


def test_environment_key_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".bharosa.toml").write_text('fingerprint-key = "0123456789abcdef0123"\n')
    monkeypatch.setenv(FINGERPRINT_KEY_ENV, "from-the-ci-secret-store")
    assert load_config(tmp_path).fingerprint_key == b"from-the-ci-secret-store"


def test_pyproject_section(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.bharosa]\nexclude = ["data/"]\n[tool.bharosa.allow]\n'
        'domains = ["leakyshop.in"]\n'
    )
    config = load_config(tmp_path)
    assert config.source == tmp_path / "pyproject.toml"
    assert config.exclude == ("data/",)


def test_pyproject_without_section_is_no_config(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert load_config(tmp_path).source is None


def test_bharosa_toml_wins_over_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.bharosa]\nexclude = ["a/"]\n')
    (tmp_path / ".bharosa.toml").write_text('exclude = ["b/"]\n')
    assert load_config(tmp_path).exclude == ("b/",)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("exclud = []\n", "exclud: unknown key"),
        ('exclude = "vendor/"\n', "exclude: must be a list of strings"),
        ('fail-on = "fatal"\n', "fail-on: must be one of note, warning, error"),
        ("[allow]\ndomain = []\n", "allow.domain: unknown key"),
        ("allow = 3\n", "allow: must be a table"),
        ('fingerprint-key = "short"\n', "fingerprint-key: must be at least 16"),
        ("exclude = [\n", "not valid TOML"),
    ],
)
def test_bad_config_is_named(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / ".bharosa.toml").write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert message in str(caught.value)
    assert ".bharosa.toml" in str(caught.value)


def test_pyproject_keys_are_named_with_their_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.bharosa]\nbogus = 1\n")
    with pytest.raises(ConfigError, match=r"tool\.bharosa\.bogus: unknown key"):
        load_config(tmp_path)


def test_explicit_missing_config(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path, tmp_path / "nope.toml")


def test_phone_regions(tmp_path: Path) -> None:
    assert load_config(tmp_path).phone_regions == ("IN", "US", "GB")
    (tmp_path / ".bharosa.toml").write_text('phone-regions = ["DE", "FR"]\n')
    assert load_config(tmp_path).phone_regions == ("DE", "FR")
    (tmp_path / ".bharosa.toml").write_text('phone-regions = ["germany"]\n')
    with pytest.raises(ConfigError, match="two-letter region code"):
        load_config(tmp_path)
    (tmp_path / ".bharosa.toml").write_text('phone-regions = ["XQ"]\n')
    result = run_cli(["scan", str(tmp_path)])
    assert result.code == 2
    assert "'XQ' is not a region phonenumbers knows" in result.stderr


def test_phone_regions_change_what_is_found(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Telefon 030 901820\n")
    assert run_cli(["scan", str(tmp_path)]).code == 0
    (tmp_path / ".bharosa.toml").write_text('phone-regions = ["DE"]\n')
    result = run_cli(["scan", str(tmp_path)])
    assert result.code == 1
    assert "pii.phone" in result.stdout
