"""SARIF 2.1.0 report, ready for GitHub code scanning: built with sarif-om, written as JSON.

One run. Rules that have results, with help and `security-severity`; one result per finding
(a data file's column: one result with its count, sample lines as related locations);
`partialFingerprints` computed here, so uploads need no post-processing. GitHub's upload
limits are kept: whatever is cut is said in a tool notification, never silently.
"""

from __future__ import annotations

import gzip
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any
from urllib.parse import quote

import sarif_om as om

from bharosa.findings import ColumnSummary, Finding, column_key, display_value, origin_record
from bharosa.json_text import RawJSON, dumps_indented
from bharosa.notices import Notice, NoticeLevel
from bharosa.report import RunInfo
from bharosa.report.text import describe_origin
from bharosa.rules.model import Rule, RuleExamples, Severity
from bharosa.sources.document import utf16_length

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/bharosa-dev/bharosa"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "bharosaFingerprint/v1"
LINE_HASH_KEY = "primaryLocationLineHash"
LIMIT_NOTICE = "sarif-limit"

# GitHub code scanning rejects a file over any of these (its documented upload limits).
MAX_RESULTS = 25_000
MAX_RULES = 25_000
MAX_LOCATIONS = 1_000  # per result, its primary location and related locations together
MAX_TAGS = 20
MAX_GZIP_BYTES = 10_000_000  # 10 MB gzipped; compressed here as the upload action does
# Ours: thousands of skipped files would fill the file with notifications.
MAX_NOTIFICATIONS = 1_000
_NAME_CHARS = 255
_DESCRIPTION_CHARS = 1_024

# security-severity by severity, for secrets, for national ids and financial data, and for
# the rest: GitHub reads > 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low.
_SECRET, _SENSITIVE, _OTHER = "secret", "sensitive", "other"
_SECURITY_SEVERITY = {
    (Severity.ERROR, _SECRET): "9.0",
    (Severity.ERROR, _SENSITIVE): "8.5",
    (Severity.ERROR, _OTHER): "8.0",
    (Severity.WARNING, _SECRET): "6.5",
    (Severity.WARNING, _SENSITIVE): "6.0",
    (Severity.WARNING, _OTHER): "5.0",
    (Severity.NOTE, _SECRET): "3.0",
    (Severity.NOTE, _SENSITIVE): "2.0",
    (Severity.NOTE, _OTHER): "2.0",
}
_SENSITIVE_KINDS = frozenset(
    {"aadhaar", "bank-account", "card", "iban", "national-id", "nino", "pan", "passport", "ssn"}
)
# Written even at sarif-om's default ("warning"): a result without a level takes its rule's.
_ALWAYS_WRITTEN = frozenset({"level"})
_WORD = re.compile(r"\w+")
_INDENT = 2


@dataclass(frozen=True, slots=True)
class _Item:
    """One future result: a finding, or a data file's column summary."""

    finding: Finding | None = None
    column: ColumnSummary | None = None
    # Which occurrence of its fingerprint this is (a value twice in a file: 1 and 2).
    occurrence: int = 1

    @property
    def source(self) -> Finding | ColumnSummary:
        item = self.finding or self.column
        assert item is not None
        return item

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        if self.finding is not None:
            return self.finding.sort_key
        column = self.source
        assert isinstance(column, ColumnSummary)
        return (column.path, column.line, column.header_column or 1, column.rule_id)

    @property
    def priority(self) -> tuple[int, int]:
        """Which results are kept when some must go: highest severity, then confidence."""
        return (self.source.severity.rank, self.source.confidence.rank)


def render_sarif(findings: Sequence[Finding], run: RunInfo) -> str:
    """The findings as one SARIF 2.1.0 run, as indented JSON."""
    limits: list[str] = []
    items = _items(findings, run.columns)
    rules = _rules_used(items, run.rules)
    items, rules = _cap_rules(items, rules, limits)
    if len(items) > MAX_RESULTS:
        limits.append(
            f"SARIF lists {MAX_RESULTS} of {len(items)} results (GitHub code scanning accepts "
            f"at most {MAX_RESULTS} a run): the lowest-severity results are left out. "
            "`--format json` lists every finding."
        )
        items = _most_important(items, MAX_RESULTS)
    rule_index = {rule.id: index for index, rule in enumerate(rules)}
    descriptors, cut_tags = _descriptors(rules)
    if cut_tags:
        limits.append(
            f"{cut_tags} rules have more than {MAX_TAGS} tags (GitHub's limit): only the first "
            f"{MAX_TAGS} are listed."
        )
    # Each result kept as its text: as objects, 25,000 results take several times as much.
    results: list[RawJSON] = []
    cut_locations = 0
    for item in items:
        result, cut = _result(item, run, rule_index)
        results.append(RawJSON(dumps_indented(_to_json(result), _INDENT)))
        cut_locations += cut
    if cut_locations:
        limits.append(
            f"{cut_locations} sample lines of data-file columns are left out: GitHub takes at "
            f"most {MAX_LOCATIONS} locations a result."
        )
    document = _document(run, descriptors, limits)
    return _fit(document, results, [item.priority for item in items])


def _items(findings: Sequence[Finding], columns: Sequence[ColumnSummary]) -> list[_Item]:
    """Findings (but those of summarised columns) and column summaries, in report order,
    each numbered among the items of the same fingerprint."""
    summarised = {column_key(c) for c in columns}
    items = [_Item(finding=f) for f in findings if column_key(f) not in summarised]
    items += [_Item(column=c) for c in columns]
    items.sort(key=lambda item: item.sort_key)
    seen: Counter[str] = Counter()
    numbered = []
    for item in items:
        seen[item.source.fingerprint] += 1
        numbered.append(replace(item, occurrence=seen[item.source.fingerprint]))
    return numbered


def _cap_rules(
    items: list[_Item], rules: list[Rule], limits: list[str]
) -> tuple[list[_Item], list[Rule]]:
    """At most MAX_RULES rules (the most severe), and only the items of those rules."""
    if len(rules) <= MAX_RULES:
        return items, rules
    kept = sorted(rules, key=lambda r: (-r.severity.rank, r.id))[:MAX_RULES]
    kept_ids = {r.id for r in kept}
    kept_items = [i for i in items if i.source.rule_id in kept_ids]
    limits.append(
        f"SARIF lists {MAX_RULES} of {len(rules)} rules (GitHub code scanning accepts at most "
        f"{MAX_RULES} a run); the {len(items) - len(kept_items)} results of the other rules "
        "are left out. `--format json` lists every finding."
    )
    return kept_items, sorted(kept, key=lambda r: r.id)


def _rules_used(items: Sequence[_Item], rules: Sequence[Rule]) -> list[Rule]:
    """The rules with a result, by id; rules the run did not pass in (such as dictionaries',
    made at scan time) described from their findings."""
    known = {rule.id: rule for rule in rules}
    used: dict[str, Rule] = {}
    for item in items:
        source = item.source
        if source.rule_id not in used:
            used[source.rule_id] = known.get(source.rule_id) or Rule(
                id=source.rule_id,
                name=source.rule_name,
                description=f"{source.rule_name} ({source.kind}): a rule made for this run, "
                "such as a customer dictionary's.",
                kind=source.kind,
                severity=source.severity,
                confidence=source.confidence,
                examples=RuleExamples(positive=(), negative=()),
                source="(made at scan time)",
            )
    return [used[rule_id] for rule_id in sorted(used)]


def _most_important(items: list[_Item], count: int) -> list[_Item]:
    """The `count` items of highest priority, in their original order."""
    order = sorted(range(len(items)), key=lambda i: (items[i].priority, -i), reverse=True)
    keep = set(order[:count])
    return [item for index, item in enumerate(items) if index in keep]


def _descriptors(rules: Sequence[Rule]) -> tuple[list[Any], int]:
    """SARIF reporting descriptors of the rules, and how many had tags cut."""
    descriptors = []
    cut = 0
    for rule in rules:
        tags = list(dict.fromkeys(("security", *rule.tags, rule.kind)))
        if len(tags) > MAX_TAGS:
            cut += 1
            tags = tags[:MAX_TAGS]
        descriptors.append(
            om.ReportingDescriptor(
                id=rule.id,
                name=_pascal_name(rule),
                short_description=om.MultiformatMessageString(
                    text=_clip(rule.name, _DESCRIPTION_CHARS)
                ),
                full_description=om.MultiformatMessageString(
                    text=_clip(rule.description, _DESCRIPTION_CHARS)
                ),
                help=om.MultiformatMessageString(
                    text=_help_text(rule), markdown=_help_markdown(rule)
                ),
                help_uri=rule.help_uri,
                default_configuration=om.ReportingConfiguration(level=rule.severity.value),
                properties={
                    "tags": tags,
                    "precision": rule.confidence.value,
                    "security-severity": security_severity(rule.severity, rule.kind, rule.tags),
                },
            )
        )
    return descriptors, cut


def security_severity(severity: Severity, kind: str, tags: Sequence[str] = ()) -> str:
    """GitHub's security-severity score (a string, 0.1-10.0) for a rule."""
    if _is_secret(kind, tags):
        group = _SECRET
    elif kind in _SENSITIVE_KINDS:
        group = _SENSITIVE
    else:
        group = _OTHER
    return _SECURITY_SEVERITY[severity, group]


def _pascal_name(rule: Rule) -> str:
    """`Customer email address` -> `CustomerEmailAddress`: SARIF names are identifiers."""
    words = _WORD.findall(rule.name.replace("_", " "))
    name = "".join(word[:1].upper() + word[1:] for word in words)
    return _clip(name or rule.id, _NAME_CHARS)


def _is_secret(kind: str, tags: Sequence[str]) -> bool:
    return kind == "secret" or "secret" in tags


def _fix_steps(rule: Rule) -> list[str]:
    if _is_secret(rule.kind, rule.tags):
        first = [
            "Rotate the secret now: revoke it and issue a new one. Once pushed it is leaked, "
            "even after it is deleted.",
            "Remove it from the file; load it from the environment or a secret store instead.",
        ]
    else:
        first = [
            "Remove the data: replace it with invented values (addresses at example.com), or "
            "load real data from outside the repository.",
            "If it was pushed, tell whoever answers for the data (privacy or compliance): it "
            "may be a personal data breach.",
        ]
    return [
        *first,
        "Purge it from git history: `bharosa history --purge-plan purge.txt` writes a "
        "`git filter-repo --replace-text` file (it holds the raw values: keep it private); "
        "rewrite a fresh clone, force-push, and have everyone re-clone.",
    ]


def _suppress_hint(rule: Rule) -> str:
    return (
        "Not customer data (a test value, your own staff)? Suppress it with a "
        f"`bharosa:allow {rule.id}` comment on the line or the line above, list your own "
        "domains under `allow.domains` in `.bharosa.toml`, or record it in a baseline "
        "(`bharosa baseline create`, then scan with `--baseline`)."
    )


def _help_text(rule: Rule) -> str:
    steps = "\n".join(f"{n}. {step}" for n, step in enumerate(_fix_steps(rule), 1))
    return f"{rule.description}\n\nHow to fix:\n{steps}\n\n{_suppress_hint(rule)}"


def _help_markdown(rule: Rule) -> str:
    steps = "\n".join(f"{n}. {step}" for n, step in enumerate(_fix_steps(rule), 1))
    return (
        f"**{_markdown_text(rule.name)}** (`{rule.id}`, {rule.kind}, "
        f"{rule.severity.value}, {rule.confidence.value} confidence)\n\n"
        f"{rule.description}\n\n### How to fix\n\n{steps}\n\n{_suppress_hint(rule)}"
    )


def _markdown_text(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]<>#|])", r"\\\1", text)


def _result(item: _Item, run: RunInfo, rule_index: dict[str, int]) -> tuple[Any, int]:
    """The SARIF result of an item, and how many of its related locations were cut."""
    source = item.source
    fingerprints = {
        FINGERPRINT_KEY: source.fingerprint,
        # Derived from the keyed fingerprint, never from line text: stable when lines move,
        # and the same wherever the file is (history findings may be gone from the checkout).
        LINE_HASH_KEY: f"{source.fingerprint[:16]}:{item.occurrence}",
    }
    properties: dict[str, Any] = {"confidence": source.confidence.value}
    cut = 0
    related = None
    if item.finding is not None:
        finding = item.finding
        message = _finding_message(finding, run.show_values)
        start = finding.start_column_utf16 or finding.start_column
        end = max(finding.end_column_utf16 or finding.end_column, start)
        region = om.Region(
            start_line=finding.line, start_column=start, end_line=finding.line, end_column=end
        )
        for key in ("field", "table", "row", "column_index"):
            if getattr(finding, key) is not None:
                properties[key] = getattr(finding, key)
        if finding.reasons:
            properties["reasons"] = list(finding.reasons)
    else:
        column = item.column
        assert column is not None
        room = MAX_LOCATIONS - 1
        samples = column.sample_lines[:room]
        cut = len(column.sample_lines) - len(samples)
        message = _column_message(column, len(samples))
        region = _column_region(column)
        related = [
            om.Location(
                id=number,
                physical_location=om.PhysicalLocation(
                    artifact_location=_artifact(column.path), region=om.Region(start_line=line)
                ),
                message=om.Message(
                    text=f"A value of column '{_escape(column.column_label)}' "
                    f"(sample {number} of {column.count})."
                ),
            )
            for number, line in enumerate(samples, 1)
        ]
        properties.update(
            {"count": column.count, "listed": column.listed, "estimated": column.estimated}
        )
        for key in ("field", "table", "column_index"):
            if getattr(column, key) is not None:
                properties[key] = getattr(column, key)
    if source.origin is not None:
        properties.update(origin_record(source.origin))
    result = om.Result(
        rule_id=source.rule_id,
        rule_index=rule_index[source.rule_id],
        level=source.severity.value,
        message=om.Message(text=message),
        locations=[
            om.Location(
                physical_location=om.PhysicalLocation(
                    artifact_location=_artifact(source.path), region=region
                )
            )
        ],
        related_locations=related or None,
        partial_fingerprints=fingerprints,
        properties=properties,
    )
    return result, cut


_FIELD_NOTES = {
    "no-values": "declared with no values (a schema)",
    "placeholder-values": "whose values are all masked, hashed or placeholders",
}


def _finding_message(finding: Finding, show_values: bool) -> str:
    note = next((_FIELD_NOTES[r] for r in finding.reasons if r in _FIELD_NOTES), None)
    if note is not None and finding.field:
        return (
            f"{_escape(finding.rule_name)}: column '{_escape(finding.field)}' {note}"
            f"{describe_origin(finding.origin)}."
        )
    where = f" in column '{_escape(finding.field)}'" if finding.field else ""
    value = _escape(display_value(finding, show_values))
    return f"{_escape(finding.rule_name)}: {value}{where}{describe_origin(finding.origin)}."


def _column_message(column: ColumnSummary, samples: int) -> str:
    count = f"{'~' if column.estimated else ''}{column.count:,}"
    values = "value" if column.count == 1 else "values"
    table = f" of {_escape(column.table)}" if column.table else ""
    sample = _escape(column.masked_sample)
    others = f" and {column.count - 1:,} more" if column.count > 1 else ""
    # `[text](id)` links a related location, in SARIF as in GitHub's alert view.
    links = ", ".join(
        f"[line {line}]({n})" for n, line in enumerate(column.sample_lines[:samples], 1)
    )
    lines = f" Sample lines: {links}." if links else ""
    return (
        f"{_escape(column.rule_name)}: {count} {values} in column "
        f"'{_escape(column.column_label)}'{table} ({sample}{others})"
        f"{describe_origin(column.origin)}.{lines}"
    )


def _column_region(column: ColumnSummary) -> Any:
    if column.header_line is None or column.header_column is None:
        return om.Region(start_line=column.line, start_column=1, end_line=column.line)
    start = column.header_column_utf16 or column.header_column
    end = start + utf16_length(column.field) if column.field else None
    return om.Region(
        start_line=column.line, start_column=start, end_line=column.line, end_column=end
    )


def _escape(text: str) -> str:
    """Text for a SARIF message: square brackets escaped (they would read as links)."""
    return text.replace("[", "\\[").replace("]", "\\]")


def _artifact(path: str) -> Any:
    """A repository-relative path as a URI reference under %SRCROOT% (absolute: a file URI)."""
    encoded = quote(path, safe="/", errors="surrogateescape")
    if path.startswith("/"):
        return om.ArtifactLocation(uri=f"file://{encoded}")
    return om.ArtifactLocation(uri=encoded, uri_base_id=SRCROOT)


def _document(run: RunInfo, rules: list[Any], limits: list[str]) -> dict[str, Any]:
    """The whole log but its results (added, and cut to size, by `_fit`)."""
    driver = om.ToolComponent(
        name="bharosa",
        full_name="bharosa: customer data and secrets in repositories",
        version=run.version,
        semantic_version=run.version if _is_semver(run.version) else None,
        information_uri=INFORMATION_URI,
        rules=rules,
    )
    properties: dict[str, Any] = dict(asdict(run.stats))
    if run.commits is not None:
        properties["commits"] = run.commits
    invocation = om.Invocation(
        # A run stopped early by a cap or Ctrl-C did not do all it was asked.
        execution_successful=run.partial is None,
        tool_execution_notifications=_notifications(run.notices, limits) or None,
        properties=properties,
    )
    category = run.category or ("bharosa/history/" if run.commits is not None else "bharosa/scan/")
    log = om.SarifLog(
        schema_uri=SCHEMA_URI,
        version="2.1.0",
        runs=[
            om.Run(
                tool=om.Tool(driver=driver),
                automation_details=om.RunAutomationDetails(id=category),
                column_kind="utf16CodeUnits",
                invocations=[invocation],
                results=[],
            )
        ],
    )
    document: dict[str, Any] = _to_json(log)
    # `$schema` and `version` first, as readers (and people) look for them there.
    return {"$schema": document.pop("$schema"), "version": document.pop("version"), **document}


def _is_semver(version: str) -> bool:
    return (
        re.fullmatch(r"\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?", version) is not None
    )


def _notifications(notices: Sequence[Notice], limits: Sequence[str]) -> list[Any]:
    """The run's notices (warnings first, at most MAX_NOTIFICATIONS) and what limits cut."""
    ordered = sorted(notices, key=lambda n: n.level is not NoticeLevel.WARNING)
    shown = ordered[:MAX_NOTIFICATIONS]
    out = [_notification(n) for n in shown]
    if len(ordered) > len(shown):
        rest = ordered[len(shown) :]
        warnings = sum(n.level is NoticeLevel.WARNING for n in rest)
        limits = [
            *limits,
            f"{len(rest)} more notices ({warnings} warnings) are not listed; "
            "the text report with --verbose lists them all.",
        ]
    out.extend(_limit_notification(text) for text in limits)
    return out


def _notification(notice: Notice) -> Any:
    locations = None
    if notice.path:
        locations = [
            om.Location(
                physical_location=om.PhysicalLocation(artifact_location=_artifact(notice.path))
            )
        ]
    return om.Notification(
        message=om.Message(text=notice.message or notice.code),
        level="warning" if notice.level is NoticeLevel.WARNING else "note",
        descriptor=om.ReportingDescriptorReference(id=notice.code),
        locations=locations,
    )


def _limit_notification(text: str) -> Any:
    return om.Notification(
        message=om.Message(text=text),
        level="warning",
        descriptor=om.ReportingDescriptorReference(id=LIMIT_NOTICE),
    )


def _fit(document: dict[str, Any], results: list[RawJSON], priorities: list[Any]) -> str:
    """The log as JSON with as many results as fit GitHub's size limit (lowest severity and
    confidence dropped first, with a notification saying so)."""
    run = document["runs"][0]
    run["results"] = results
    text = _dump(document)
    if _fits_uncompressed(text):
        return text
    size = _gzipped_size(text)
    if size <= MAX_GZIP_BYTES:
        return text
    order = sorted(range(len(results)), key=lambda i: (priorities[i], -i), reverse=True)
    notifications = run["invocations"][0].setdefault("toolExecutionNotifications", [])
    slot = len(notifications)
    notifications.append(None)
    keep = len(results)
    while size > MAX_GZIP_BYTES and keep > 0:
        # Shrink in proportion, a little more than needed, so few passes are made.
        keep = max(min(keep - 1, int(keep * MAX_GZIP_BYTES / size * 0.95)), 0)
        chosen = sorted(order[:keep])
        run["results"] = [results[i] for i in chosen]
        notifications[slot] = _to_json(
            _limit_notification(
                f"SARIF lists {keep} of {len(results)} results to stay under GitHub code "
                f"scanning's upload limit ({MAX_GZIP_BYTES:,} bytes gzipped): the "
                "lowest-severity results are left out. `--format json` lists every finding."
            )
        )
        text = _dump(document)
        size = _gzipped_size(text)
    return text


def _dump(document: dict[str, Any]) -> str:
    return dumps_indented(document, _INDENT) + "\n"


def _fits_uncompressed(text: str) -> bool:
    """Whether the (ASCII) text is within the limit even as gzip's worst case writes it,
    its bytes stored as they are with block headers: then it need not be compressed."""
    return len(text) + len(text) // 1000 + 1024 <= MAX_GZIP_BYTES


def _gzipped_size(text: str) -> int:
    return len(gzip.compress(text.encode("utf-8"), compresslevel=6, mtime=0))


def _to_json(value: Any) -> Any:
    """A sarif-om object as JSON data, keyed by SARIF's property names (each attrs field's
    `schema_property_name`); properties left at their default (None, or SARIF's own
    default) are left out."""
    fields = _properties(type(value))
    if fields is not None:
        out: dict[str, Any] = {}
        for name, key, default, always in fields:
            item = getattr(value, name)
            if item is None or (not always and item == default):
                continue
            out[key] = _to_json(item)
        return out
    if isinstance(value, dict):
        return {key: _to_json(item) for key, item in value.items() if item is not None}
    if isinstance(value, list | tuple):
        return [_to_json(item) for item in value]
    return value


# Each class's properties, as _properties works them out.
_Properties = tuple[tuple[str, str, Any, bool], ...] | None
_PROPERTIES: dict[type, _Properties] = {}


def _properties(cls: type) -> _Properties:
    """A sarif-om class's fields as (name, SARIF property, default, always written), or
    None for any other type; worked out once a class, not for each of a log's objects."""
    if cls not in _PROPERTIES:
        _PROPERTIES[cls] = _properties_of(cls)
    return _PROPERTIES[cls]


def _properties_of(cls: type) -> _Properties:
    fields = getattr(cls, "__attrs_attrs__", None)
    if fields is None:
        return None
    properties = []
    for field in fields:
        default = field.default
        factory = getattr(default, "factory", None)  # attrs' Factory: a list default
        if callable(factory):
            # Compared with, never changed: one made value serves every object.
            default = factory()
        # A required field's default (attrs' NOTHING) equals no value.
        always = field.name in _ALWAYS_WRITTEN
        properties.append((field.name, field.metadata["schema_property_name"], default, always))
    return tuple(properties)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
