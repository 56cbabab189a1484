"""The one Config object: loaded from `.bharosa.toml` or `[tool.bharosa]` in `pyproject.toml`."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bharosa.errors import BharosaError, ConfigError
from bharosa.limits import DEFAULT_FILE_SECONDS, DEFAULT_MAX_FILE_MB
from bharosa.rules.model import Confidence, Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

CONFIG_FILE = ".bharosa.toml"
PYPROJECT_FILE = "pyproject.toml"
FINGERPRINT_KEY_ENV = "BHAROSA_FINGERPRINT_KEY"
# Used only when neither the environment nor the config names a key; `bharosa init` writes one.
DEFAULT_FINGERPRINT_KEY = "bharosa-default-fingerprint-key-v1"

_TOP_KEYS = {
    "phone-regions",
    "dictionaries",
    "exclude",
    "rule-dirs",
    "disable-rules",
    "enable-rules",
    "fail-on",
    "min-confidence",
    "fingerprint-key",
    "allow",
    "file-timeout",
    "max-file-size-mb",
}
_ALLOW_KEYS = {"domains"}
_DICTIONARY_KEYS = {"terms", "hashed", "kind", "severity", "key-env", "shapes"}
DEFAULT_PHONE_REGIONS = ("IN", "US", "GB")
_DICTIONARY_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_REGION = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True, slots=True)
class DictionarySpec:
    """One customer dictionary: a terms file, or a hashed one with the key in the environment."""

    name: str
    source: Path
    kind: str = "customer-term"
    severity: Severity = Severity.ERROR
    hashed: bool = False
    key_env: str = "BHAROSA_DICTIONARY_KEY"
    shapes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Config:
    """Everything a run needs to know from the user, with defaults filled in."""

    root: Path
    source: Path | None = None
    exclude: tuple[str, ...] = ()
    rule_dirs: tuple[Path, ...] = ()
    disabled_rules: tuple[str, ...] = ()
    enabled_rules: tuple[str, ...] = ()
    fail_on: Severity = Severity.WARNING
    min_confidence: Confidence = Confidence.LOW
    allow_domains: tuple[str, ...] = ()
    phone_regions: tuple[str, ...] = DEFAULT_PHONE_REGIONS
    dictionaries: tuple[DictionarySpec, ...] = ()
    fingerprint_key: bytes = field(default=DEFAULT_FINGERPRINT_KEY.encode(), repr=False)
    # Per-file caps: seconds of scanning, and size (0 turns a cap off).
    file_timeout: float = DEFAULT_FILE_SECONDS
    max_file_size_mb: int = DEFAULT_MAX_FILE_MB


def find_config_file(root: Path) -> Path | None:
    """The config file for a scan root: `.bharosa.toml`, else a pyproject with [tool.bharosa]."""
    candidate = root / CONFIG_FILE
    if candidate.is_file():
        return candidate
    if candidate.exists() or candidate.is_symlink():
        raise ConfigError(f"{candidate}: config file {_not_a_file(candidate)}")
    pyproject = root / PYPROJECT_FILE
    if pyproject.is_file() and _pyproject_section(pyproject) is not None:
        return pyproject
    return None


def load_config(root: Path, explicit: Path | None = None) -> Config:
    """Load the config for `root` (or the explicit file) and validate every key."""
    path = explicit if explicit is not None else find_config_file(root)
    if path is None:
        return Config(root=root, fingerprint_key=_fingerprint_key(None))
    if not path.is_file():
        raise ConfigError(f"{path}: config file {_not_a_file(path)}")
    if path.name == PYPROJECT_FILE:
        section = _pyproject_section(path)
        table: Mapping[str, Any] = section if section is not None else {}
        prefix = "tool.bharosa."
    else:
        table = parse_toml(path, _read(path), ConfigError)
        prefix = ""
    return _build_config(root, path, table, prefix)


def parse_toml(path: Path, raw: bytes, error: type[BharosaError]) -> dict[str, Any]:
    """Parse TOML bytes, turning a syntax error into `error` with file and line."""
    try:
        document: dict[str, Any] = tomllib.loads(raw.decode("utf-8"))
        return document
    except UnicodeDecodeError:
        raise error(f"{path}: not valid UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{path}: not valid TOML: {exc}") from None
    except RecursionError:
        raise error(f"{path}: not valid TOML: nested too deeply") from None


def _not_a_file(path: Path) -> str:
    """Why a path named as a file cannot be read as one (a FIFO or device is never opened)."""
    return "is not a regular file" if path.exists() else "does not exist"


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config ({exc.strerror})") from None


def _pyproject_section(path: Path) -> dict[str, Any] | None:
    document = parse_toml(path, _read(path), ConfigError)
    section = document.get("tool", {}).get("bharosa")
    if section is not None and not isinstance(section, dict):
        raise ConfigError(f"{path}: [tool.bharosa] must be a table")
    return section


def _build_config(root: Path, path: Path, table: Mapping[str, Any], prefix: str) -> Config:
    def fail(key: str, message: str) -> ConfigError:
        return ConfigError(f"{path}: {prefix}{key}: {message}")

    for key in table:
        if key not in _TOP_KEYS:
            raise fail(key, f"unknown key (known: {', '.join(sorted(_TOP_KEYS))})")
    allow = table.get("allow", {})
    if not isinstance(allow, dict):
        raise fail("allow", "must be a table")
    for key in allow:
        if key not in _ALLOW_KEYS:
            raise fail(f"allow.{key}", f"unknown key (known: {', '.join(sorted(_ALLOW_KEYS))})")
    base = path.parent
    key_in_config = _optional_string(table, "fingerprint-key", fail)
    if key_in_config is not None and len(key_in_config) < 16:
        raise fail("fingerprint-key", "must be at least 16 characters (use `bharosa init`)")
    return Config(
        root=root,
        source=path,
        exclude=_exclude(table, fail),
        rule_dirs=tuple(base / d for d in _strings(table, "rule-dirs", fail)),
        disabled_rules=_strings(table, "disable-rules", fail),
        enabled_rules=_strings(table, "enable-rules", fail),
        fail_on=_choice(table, "fail-on", Severity, Severity.WARNING, fail),
        min_confidence=_choice(table, "min-confidence", Confidence, Confidence.LOW, fail),
        allow_domains=tuple(
            d.lower().strip(".") for d in _strings(allow, "domains", fail, prefix="allow.")
        ),
        phone_regions=_phone_regions(table, fail),
        dictionaries=_dictionaries(table, base, fail),
        fingerprint_key=_fingerprint_key(key_in_config),
        file_timeout=_number(table, "file-timeout", DEFAULT_FILE_SECONDS, fail),
        max_file_size_mb=int(_number(table, "max-file-size-mb", DEFAULT_MAX_FILE_MB, fail)),
    )


def _phone_regions(table: Mapping[str, Any], fail: Fail) -> tuple[str, ...]:
    if "phone-regions" not in table:
        return DEFAULT_PHONE_REGIONS
    regions = _strings(table, "phone-regions", fail)
    bad = [r for r in regions if not _REGION.match(r)]
    if bad:
        raise fail("phone-regions", f"{bad[0]!r} is not a two-letter region code like 'IN'")
    return regions


def _dictionaries(table: Mapping[str, Any], base: Path, fail: Fail) -> tuple[DictionarySpec, ...]:
    section = table.get("dictionaries", {})
    if not isinstance(section, dict):
        raise fail("dictionaries", "must be a table of [dictionaries.NAME] tables")
    specs = []
    for name, entry in section.items():
        key = f"dictionaries.{name}"
        if not _DICTIONARY_NAME.match(name):
            raise fail(key, "name must be lowercase letters, digits, '-' or '_'")
        if not isinstance(entry, dict):
            raise fail(key, "must be a table")

        def nested(field_name: str, message: str, prefix: str = key) -> ConfigError:
            return fail(f"{prefix}.{field_name}", message)

        for field_name in entry:
            if field_name not in _DICTIONARY_KEYS:
                known = ", ".join(sorted(_DICTIONARY_KEYS))
                raise fail(f"{key}.{field_name}", f"unknown key (known: {known})")
        terms = _optional_string(entry, "terms", nested)
        hashed = _optional_string(entry, "hashed", nested)
        if (terms is None) == (hashed is None):
            raise fail(key, "give exactly one of 'terms' (a terms file) or 'hashed'")
        source = base / (terms or hashed or "")
        if not source.is_file():
            raise fail(key, f"{source} {_not_a_file(source)}")
        kind = _optional_string(entry, "kind", nested) or "customer-term"
        specs.append(
            DictionarySpec(
                name=name,
                source=source,
                kind=kind,
                severity=_choice(entry, "severity", Severity, Severity.ERROR, nested),
                hashed=hashed is not None,
                key_env=_optional_string(entry, "key-env", nested) or "BHAROSA_DICTIONARY_KEY",
                shapes=_strings(entry, "shapes", nested),
            )
        )
    return tuple(specs)


def _fingerprint_key(configured: str | None) -> bytes:
    from_env = os.environ.get(FINGERPRINT_KEY_ENV)
    if from_env:
        return from_env.encode()
    return (configured or DEFAULT_FINGERPRINT_KEY).encode()


Fail = Callable[[str, str], ConfigError]


def _strings(table: Mapping[str, Any], key: str, fail: Fail, prefix: str = "") -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise fail(prefix + key, "must be a list of strings")
    return tuple(value)


def _exclude(table: Mapping[str, Any], fail: Fail) -> tuple[str, ...]:
    patterns = _strings(table, "exclude", fail)
    if not patterns:
        return patterns
    from bharosa.sources.worktree import is_valid_pattern

    for pattern in patterns:
        if not is_valid_pattern(pattern):
            raise fail("exclude", f"{pattern!r} is not a valid gitignore pattern")
    return patterns


def _number(table: Mapping[str, Any], key: str, default: float, fail: Fail) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise fail(key, f"must be a number, 0 or more (got {value!r}; 0 turns the cap off)")
    return float(value)


def _optional_string(table: Mapping[str, Any], key: str, fail: Fail) -> str | None:
    value = table.get(key)
    if value is not None and not isinstance(value, str):
        raise fail(key, "must be a string")
    return value


def _choice(
    table: Mapping[str, Any],
    key: str,
    enum: type[Severity] | type[Confidence],
    default: Any,
    fail: Fail,
) -> Any:
    value = table.get(key)
    if value is None:
        return default
    allowed = [member.value for member in enum]
    if value not in allowed:
        raise fail(key, f"must be one of {', '.join(allowed)} (got {value!r})")
    return enum(value)
