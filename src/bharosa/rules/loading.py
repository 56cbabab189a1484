"""Loading rule packs (YAML or TOML) and validating every field of every rule."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from bharosa.detectors.regex import PatternError, compile_re2
from bharosa.errors import RulePackError
from bharosa.rules.model import Confidence, Rule, RuleExamples, Severity
from bharosa.startup_cache import load_entry, store_entry

RULE_PACK_SUFFIXES = (".yaml", ".yml", ".toml")
_RULE_ID = re.compile(r"^[a-z0-9]+(?:[._-][a-z0-9]+)*$")
_KIND = re.compile(r"^[a-z][a-z0-9-]*$")
_PATTERN_FIELDS = frozenset({"pattern", "reject_before", "reject_after"})
_KNOWN_FIELDS = frozenset(
    {
        "id",
        "name",
        "description",
        "kind",
        "severity",
        "confidence",
        "pattern",
        "plugin",
        "fields",
        "requires_pairing",
        "keywords",
        "validator",
        "mask",
        "context",
        "requires_context",
        "reject_before",
        "reject_after",
        "trim",
        "test_values",
        "tags",
        "enabled",
        "help_uri",
        "examples",
    }
)


def builtin_rules_dir() -> Path:
    """The directory of the built-in rule packs: inside the wheel, or the source tree's rules/."""
    # Found beside the package's own files, not through importlib.resources, whose import
    # (zipfile, tempfile) costs a hook ~10 ms.
    package = Path(__file__).resolve().parents[1]
    packaged = package / "builtin_rules"
    if packaged.is_dir():
        return packaged
    # An editable install runs from the source tree, where the packs sit at the top level.
    return package.parents[1] / "rules"


def iter_rule_pack_files(directory: Path) -> list[Path]:
    """The rule pack files in a directory (not recursive), in a stable order."""
    if not directory.is_dir():
        raise RulePackError(f"{directory}: rule directory does not exist")
    return sorted(p for p in directory.iterdir() if p.suffix in RULE_PACK_SUFFIXES and p.is_file())


def load_rules(
    extra_dirs: Sequence[Path] = (),
    *,
    disabled: Iterable[str] = (),
    enabled: Iterable[str] = (),
    include_builtin: bool = True,
    everything: bool = False,
    known_validators: frozenset[str] | None = None,
    known_masks: frozenset[str] | None = None,
) -> list[Rule]:
    """Every rule from the built-in packs and `extra_dirs`, minus disabled ones, ids unique.

    Rules marked `enabled: false` in their pack are dropped unless named in `enabled`;
    `everything` keeps every rule, for listing.
    """
    directories = ([builtin_rules_dir()] if include_builtin else []) + list(extra_dirs)
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for directory in directories:
        for path in iter_rule_pack_files(directory):
            for rule in load_rule_pack(path, known_validators, known_masks):
                if rule.id in seen:
                    raise RulePackError(
                        f"{path}: rule {rule.id!r}: id already defined in {seen[rule.id]}"
                    )
                seen[rule.id] = str(path)
                rules.append(rule)
    _check_rule_names(disabled, seen, "disabled")
    _check_rule_names(enabled, seen, "enabled")
    if everything:
        return rules
    off, on = set(disabled), set(enabled)
    return [r for r in rules if r.id not in off and (r.enabled or r.id in on)]


def _check_rule_names(names: Iterable[str], known: Mapping[str, str], what: str) -> None:
    for name in names:
        if name not in known:
            raise RulePackError(f"{what} rule {name!r} is not a known rule id")


def load_rule_pack(
    path: Path,
    known_validators: frozenset[str] | None = None,
    known_masks: frozenset[str] | None = None,
) -> list[Rule]:
    """Parse and validate one rule pack file; raise RulePackError naming file, rule and problem."""
    from bharosa.detectors.secrets import PLUGIN_NAMES
    from bharosa.detectors.validators import VALIDATOR_NAMES
    from bharosa.findings import MASKS

    known_validators = VALIDATOR_NAMES if known_validators is None else known_validators
    known_masks = frozenset(MASKS) if known_masks is None else known_masks
    entries = _parse_pack(path)
    rules = []
    ids: set[str] = set()
    for index, entry in enumerate(entries):
        rule = _build_rule(path, index, entry, known_validators, known_masks, PLUGIN_NAMES)
        if rule.id in ids:
            raise RulePackError(f"{path}: rule {rule.id!r}: id defined twice in this pack")
        ids.add(rule.id)
        rules.append(rule)
    return rules


def _parse_pack(path: Path) -> list[Any]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RulePackError(f"{path}: cannot read rule pack ({exc.strerror})") from None
    document = _parse_toml(path, raw) if path.suffix == ".toml" else _parse_yaml(path, raw)
    if isinstance(document, dict) and set(document) == {"rules"}:
        document = document["rules"]
    if not isinstance(document, list):
        raise RulePackError(f"{path}: a rule pack must be a list of rules (or a `rules` list)")
    return document


def _parse_yaml(path: Path, raw: bytes) -> Any:
    """The pack's document; a built-in pack's is kept between runs by the file's content
    (bharosa.startup_cache): parsing them costs a hook ~35 ms, the YAML library's import
    included. Packs of a scanned repository or a user's directory are parsed each time, so
    nothing a scanned tree holds is copied into the user's cache."""
    resolved = path.resolve()
    if resolved.parent != builtin_rules_dir().resolve():
        return _parse_yaml_text(path, raw)
    entry = "rule-pack-" + hashlib.sha256(os.fsencode(resolved)).hexdigest()[:32]
    key = hashlib.sha256(raw).hexdigest()
    kept = load_entry(entry, key)
    if kept is not None:
        return kept
    document = _parse_yaml_text(path, raw)
    # Kept only when JSON gives the same document back (no dates, no non-string keys).
    with contextlib.suppress(TypeError, ValueError):
        if json.loads(json.dumps(document)) == document:
            store_entry(entry, key, document)
    return document


def _parse_yaml_text(path: Path, raw: bytes) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(raw, Loader=loader)  # noqa: S506 - a safe loader, C or Python
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise RulePackError(f"{path}: not valid YAML{where}: {problem}") from None


def _parse_toml(path: Path, raw: bytes) -> Any:
    from bharosa.config import parse_toml

    return parse_toml(path, raw, RulePackError)


def _build_rule(
    path: Path,
    index: int,
    entry: Any,
    known_validators: frozenset[str],
    known_masks: frozenset[str],
    known_plugins: frozenset[str],
) -> Rule:
    if not isinstance(entry, dict):
        raise RulePackError(f"{path}: rule #{index + 1}: must be a mapping of fields")
    rule_id = entry.get("id")
    if not isinstance(rule_id, str) or not _RULE_ID.match(rule_id):
        raise RulePackError(
            f"{path}: rule #{index + 1}: field 'id' must be a lowercase dotted id like "
            f"'pii.email' (got {rule_id!r})"
        )

    def fail(message: str) -> RulePackError:
        return RulePackError(f"{path}: rule {rule_id!r}: {message}")

    unknown = sorted(set(entry) - _KNOWN_FIELDS)
    if unknown:
        raise fail(f"unknown field {unknown[0]!r}")
    field = _FieldReader(entry, fail)
    kind = field.text("kind")
    if not _KIND.match(kind):
        raise fail(f"field 'kind' must be a lowercase word like 'email' (got {kind!r})")
    pattern = field.optional_text("pattern")
    plugin = field.optional_text("plugin")
    fields = field.text_list("fields")
    if [pattern is not None, plugin is not None, bool(fields)].count(True) != 1:
        raise fail(
            "give exactly one of 'pattern' (RE2), 'plugin' (a detect-secrets plugin) "
            "or 'fields' (names of data-file fields)"
        )
    if pattern is not None:
        _check_pattern(pattern, "pattern", fail)
    if plugin is not None and plugin not in known_plugins:
        raise fail(
            f"field 'plugin': unknown plugin {plugin!r} (known: {', '.join(sorted(known_plugins))})"
        )
    reject_before = field.optional_text("reject_before")
    reject_after = field.optional_text("reject_after")
    for name, guard in (("reject_before", reject_before), ("reject_after", reject_after)):
        if guard is not None:
            _check_pattern(guard, name, fail)
    context = field.text_list("context")
    requires_context = field.flag("requires_context", default=False)
    if requires_context and not context:
        raise fail("field 'requires_context' needs 'context' words")
    validator = field.optional_text("validator")
    if validator is not None and validator not in known_validators:
        raise fail(
            f"field 'validator': unknown validator {validator!r} "
            f"(known: {', '.join(sorted(known_validators))})"
        )
    mask = field.optional_text("mask") or "initial"
    if mask not in known_masks:
        raise fail(f"field 'mask': unknown mask {mask!r} (known: {', '.join(sorted(known_masks))})")
    keywords = field.text_list("keywords")
    if any(not k.strip() for k in keywords):
        raise fail("field 'keywords' must not hold empty keywords")
    return Rule(
        id=rule_id,
        name=field.text("name"),
        description=field.text("description"),
        kind=kind,
        severity=field.choice("severity", Severity),
        confidence=field.choice("confidence", Confidence),
        pattern=pattern,
        plugin=plugin,
        fields=fields,
        requires_pairing=field.flag("requires_pairing", default=False),
        examples=_build_examples(entry.get("examples"), fail),
        source=str(path),
        keywords=tuple(k.lower() for k in keywords),
        validator=validator,
        mask=mask,
        context=tuple(c.lower() for c in context),
        requires_context=requires_context,
        reject_before=reject_before,
        reject_after=reject_after,
        trim=field.flag("trim", default=False),
        test_values=field.text_list("test_values"),
        tags=field.text_list("tags"),
        enabled=field.flag("enabled", default=True),
        help_uri=field.optional_text("help_uri"),
    )


def _check_pattern(pattern: str, name: str, fail: Callable[[str], RulePackError]) -> None:
    try:
        compiled = compile_re2(pattern)
    except PatternError as exc:
        raise fail(f"field {name!r} is not valid RE2 syntax: {exc}") from None
    if name != "pattern":
        return
    if compiled.search("") is not None:
        raise fail("field 'pattern' matches the empty string")
    groups = compiled.groupindex
    if "value" not in groups and groups:
        raise fail("field 'pattern': name the captured value `(?P<value>...)` or use no names")


def _build_examples(raw: Any, fail: Callable[[str], RulePackError]) -> RuleExamples:
    if not isinstance(raw, dict):
        raise fail("field 'examples' must be a mapping with 'positive' and 'negative' lists")
    unknown = sorted(set(raw) - {"positive", "negative"})
    if unknown:
        raise fail(f"field 'examples' has an unknown key {unknown[0]!r}")
    reader = _FieldReader(raw, fail, prefix="examples.")
    positive = reader.text_list("positive")
    if not positive:
        raise fail("field 'examples.positive' must list at least one text the rule finds")
    return RuleExamples(positive=positive, negative=reader.text_list("negative"))


class _FieldReader:
    """Typed access to a rule's fields with messages that name the field."""

    def __init__(
        self, entry: dict[str, Any], fail: Callable[[str], RulePackError], prefix: str = ""
    ) -> None:
        self._entry = entry
        self._fail = fail
        self._prefix = prefix

    def text(self, name: str) -> str:
        value = self._entry.get(name)
        if not isinstance(value, str) or not value.strip():
            raise self._fail(f"field '{self._prefix}{name}' must be a non-empty string")
        return value if name in _PATTERN_FIELDS else value.strip()

    def optional_text(self, name: str) -> str | None:
        if self._entry.get(name) is None:
            return None
        return self.text(name)

    def text_list(self, name: str) -> tuple[str, ...]:
        value = self._entry.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self._fail(f"field '{self._prefix}{name}' must be a list of strings")
        return tuple(value)

    def flag(self, name: str, *, default: bool) -> bool:
        value = self._entry.get(name, default)
        if not isinstance(value, bool):
            raise self._fail(f"field '{self._prefix}{name}' must be true or false")
        return value

    def choice(self, name: str, enum: type[Severity] | type[Confidence]) -> Any:
        value = self._entry.get(name)
        allowed = [member.value for member in enum]
        if value not in allowed:
            raise self._fail(
                f"field '{self._prefix}{name}' must be one of {', '.join(allowed)} (got {value!r})"
            )
        return enum(value)
