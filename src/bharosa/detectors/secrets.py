"""Secrets through detect-secrets' own plugins, run only where their keywords occur.

The plugins are detect-secrets' (AWS keys, private keys, tokens of GitHub, GitLab, Slack,
Stripe..., JWTs, basic-auth URLs, keyword assignments, high-entropy strings); bharosa
decides where they run: on the lines (or, for long lines, the stretch) around a keyword
hit, within a time budget per document, with detect-secrets' heuristic filters applied.
Plugins are imported only once a gate matches: detect-secrets costs ~120 ms to import,
so the gates' patterns are kept between runs (startup_cache).
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache, cached_property
from importlib import import_module
from importlib.machinery import ModuleSpec
from importlib.util import find_spec
from pathlib import Path
from types import ModuleType
from typing import Any

from bharosa.detectors.fields import is_placeholder_value
from bharosa.detectors.keywords import (
    build_keyword_automaton,
    build_keyword_pattern,
    latin1_view,
)
from bharosa.detectors.match import Match
from bharosa.detectors.regex import WidenedSet, all_spans
from bharosa.notices import Notice, NoticeLevel
from bharosa.rules.model import Rule
from bharosa.sources.document import Document
from bharosa.startup_cache import file_stamps_key, load_entry, store_entry

# detect-secrets plugin class -> its module under detect_secrets.plugins.
_PLUGIN_MODULES = {
    "AWSKeyDetector": "aws",
    "ArtifactoryDetector": "artifactory",
    "AzureStorageKeyDetector": "azure_storage_key",
    "BasicAuthDetector": "basic_auth",
    "CloudantDetector": "cloudant",
    "DiscordBotTokenDetector": "discord",
    "GitHubTokenDetector": "github_token",
    "GitLabTokenDetector": "gitlab_token",
    "Base64HighEntropyString": "high_entropy_strings",
    "HexHighEntropyString": "high_entropy_strings",
    "IbmCloudIamDetector": "ibm_cloud_iam",
    "IbmCosHmacDetector": "ibm_cos_hmac",
    "JwtTokenDetector": "jwt",
    "KeywordDetector": "keyword",
    "MailchimpDetector": "mailchimp",
    "NpmDetector": "npm",
    "OpenAIDetector": "openai",
    "PrivateKeyDetector": "private_key",
    "PypiTokenDetector": "pypi_token",
    "SendGridDetector": "sendgrid",
    "SlackDetector": "slack",
    "SoftlayerDetector": "softlayer",
    "SquareOAuthDetector": "square_oauth",
    "StripeDetector": "stripe",
    "TelegramBotTokenDetector": "telegram_token",
    "TwilioKeyDetector": "twilio",
}
PLUGIN_NAMES = frozenset(_PLUGIN_MODULES)
# Lines longer than this are searched only near each keyword hit.
LONG_LINE = 4096
_AROUND_HIT = 1024
# Seconds of plugin work one document may take before the rest of it is skipped.
TIME_BUDGET = 5.0
_PEM_END = b"-----END "
_PEM_MAX = 64 * 1024
# A key block holds at least this much base64 between its header and footer.
_PEM_MIN_BODY = 32
# Its line breaks: real ones, or backslash-n escapes when it is kept in one quoted string.
_PEM_LINE_BREAK = re.compile(r"\r?\n|\\n")
# The keyword plugin's values this short, or with spaces, are words in code, not secrets.
_KEYWORD_MIN_LENGTH = 6
# Counted repeats longer than this are opened up in the gates' Set (see widen_repeats); the
# gates' own patterns then find where plugins run.
_GATE_SET_REPEATS = 4


@cache
def load_plugin(name: str) -> Any:
    """An instance of the named detect-secrets plugin, with its default settings."""
    with _deferred("requests"):
        module = import_module(f"detect_secrets.plugins.{_PLUGIN_MODULES[name]}")
    return getattr(module, name)()


class _DeferredModule(ModuleType):
    """Stands for a module until one of its attributes is first read, then imports it and
    hands that attribute on (as every later one).

    While the modules that import it load, an attribute they read (an annotation such as
    `-> requests.Response`, evaluated as its function is defined) is a class of that name
    instead: the module itself is imported on the first use after they have loaded.
    """

    def __init__(self, name: str) -> None:
        super().__init__(name)
        # What the import system reads of a module it finds in sys.modules: not its code.
        self.__spec__ = ModuleSpec(name, None)
        self.__dict__["_loading"] = True

    def __getattr__(self, attribute: str) -> Any:
        if self.__dict__.get("_loading") and not attribute.startswith("__"):
            return type(attribute, (), {"__module__": self.__name__})
        real = self.__dict__.get("_real")
        if real is None:
            if sys.modules.get(self.__name__) is self:
                del sys.modules[self.__name__]
            real = self.__dict__["_real"] = import_module(self.__name__)
        return getattr(real, attribute)


@contextmanager
def _deferred(name: str) -> Iterator[None]:
    """While detect-secrets loads, `import NAME` costs nothing until NAME is used.

    detect-secrets imports requests (~60 ms with urllib3 and its TLS set-up) only to verify
    secrets online, which bharosa never asks of it; its modules keep a stand-in that imports
    requests on first use, and sys.modules is left as it was found.
    """
    if name in sys.modules:
        yield
        return
    stand_in = _DeferredModule(name)
    sys.modules[name] = stand_in
    try:
        yield
    finally:
        stand_in.__dict__["_loading"] = False
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]


class SecretsDetector:
    """Runs the plugin rules of a rule set over documents.

    Where a plugin runs is decided in RE2: each plugin's own patterns, made linear (its
    lookarounds dropped, which only widens them), find the lines worth its Python regexes.
    The keyword prefilter decides whether a document needs any of that at all.
    """

    def __init__(self, rules: Sequence[Rule], time_budget: float = TIME_BUDGET) -> None:
        self.rules = tuple(rule for rule in rules if rule.plugin is not None)
        self._time_budget = time_budget
        self._automaton = build_keyword_automaton(self.rules)
        self._keyword = build_keyword_pattern(self.rules)
        # Rules without keywords may report anywhere: every document needs the plugins.
        self._unkeyed = any(not rule.keywords for rule in self.rules)

    @cached_property
    def _gates(self) -> _Gates:
        # Built on first need, from cached patterns: a plugin is loaded only once its gate
        # matches, which a hook's clean files never do.
        return _Gates(self.rules)

    def prepare(self) -> None:
        """Load the plugins and build the gates now, not on the first document that needs
        them (history builds them before forking its workers, so each does not)."""
        for rule in self.rules:
            load_plugin(rule.plugin or "")
        _ = self._gates

    def find(self, document: Document, notices: list[Notice]) -> list[Match]:
        """Secrets starting in the document's window, in offset order."""
        if not self.rules or not document.data:
            return []
        stretches = self._stretches(document)
        if not stretches:
            return []
        deadline = time.monotonic() + self._time_budget
        matches: list[Match] = []
        seen: set[tuple[str, int]] = set()
        for (low, high), indexes in sorted(stretches.items()):
            if time.monotonic() > deadline:
                notices.append(_over_budget(document.path, self._time_budget))
                break
            text = document.data[low:high].decode("utf-8", "replace")
            for index in sorted(indexes):
                for match in self._run(index, document, text, low):
                    key = (match.rule.id, match.start)
                    if key not in seen and document.owns(match.start):
                        seen.add(key)
                        matches.append(match)
        matches.sort(key=lambda m: (m.start, m.end, m.rule.id))
        return matches

    def _stretches(self, document: Document) -> dict[tuple[int, int], set[int]]:
        """The byte ranges to search (lines, or parts of long lines) and the rules for each."""
        data = document.data
        if not self._unkeyed and not self._any_keyword(data):
            return {}
        stretches: dict[tuple[int, int], set[int]] = {}
        for index, (start, end) in self._gates.hits(data):
            for stretch in _stretches_over(data, start, end):
                stretches.setdefault(stretch, set()).add(index)
        # Plugins without a gate (the high-entropy ones) run on every line, or near keywords.
        everywhere = {i for i in self._gates.ungated if not self.rules[i].keywords}
        near_keywords = set(self._gates.ungated) - everywhere
        if everywhere:
            for stretch in _all_lines(data):
                stretches.setdefault(stretch, set()).update(everywhere)
        if near_keywords and self._automaton is not None:
            for end, indexes in self._automaton.iter(latin1_view(data)):
                chosen = near_keywords.intersection(indexes)
                if chosen:
                    stretches.setdefault(_stretch_around(data, end), set()).update(chosen)
        return stretches

    def could_match(self, data: bytes) -> bool:
        """Whether a plugin could report anything in `data`: a keyword, then a gate."""
        if not self.rules or not data:
            return False
        if self._unkeyed:
            return True
        if not self._any_keyword(data):
            return False
        return bool(self._gates.ungated) or self._gates.could_match(data)

    def _any_keyword(self, data: bytes) -> bool:
        return self._keyword is not None and self._keyword.search(data) is not None

    def _run(self, index: int, document: Document, text: str, offset: int) -> list[Match]:
        rule = self.rules[index]
        plugin = load_plugin(rule.plugin or "")
        out = []
        for secret in _analyze(plugin, document.path, text):
            if not secret or _filtered(secret, text, document.path, plugin):
                continue
            at = text.find(secret)
            if at < 0:
                continue
            start = offset + len(text[:at].encode("utf-8"))
            end = start + len(secret.encode("utf-8"))
            if "PRIVATE KEY" in secret:
                block = _whole_pem_block(document.data, start)
                if block is None:
                    continue
                start, end, secret = block
            out.append(Match(rule, start, end, rule.confidence, secret))
        return out


def _analyze(plugin: Any, path: str, text: str) -> list[str]:
    if type(plugin).__name__ == "KeywordDetector":
        # The keyword plugin picks its assignment patterns by file type, as in detect-secrets.
        from detect_secrets.plugins.keyword import (
            QUOTES_REQUIRED_DENYLIST_REGEX_TO_GROUP,
            REGEX_BY_FILETYPE,
        )
        from detect_secrets.util.filetype import FileType, determine_file_type

        # Dotenv files (`.env`, `.env.production`) assign without quotes, as config files do.
        file_type = FileType.CONFIG if _is_dotenv(path) else determine_file_type(path)
        regexes = REGEX_BY_FILETYPE.get(file_type, QUOTES_REQUIRED_DENYLIST_REGEX_TO_GROUP)
        found = plugin.analyze_string(text, denylist_regex_to_group=regexes)
        return [
            s for s in found if len(s) >= _KEYWORD_MIN_LENGTH and not any(c.isspace() for c in s)
        ]
    if _uses_base_regex_analysis(plugin):
        return list(_regex_values(plugin, text))
    found = list(plugin.analyze_string(text))
    limit = getattr(plugin, "entropy_limit", None)
    if limit is not None:
        # The entropy plugins yield every quoted string; their limit is applied here.
        found = [s for s in found if plugin.calculate_shannon_entropy(s) > limit]
    return found


def _is_dotenv(path: str) -> bool:
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return name == ".env" or name.startswith(".env.") or name.endswith(".env")


def _uses_base_regex_analysis(plugin: Any) -> bool:
    from detect_secrets.plugins.base import RegexBasedDetector

    return type(plugin).analyze_string is RegexBasedDetector.analyze_string


def _regex_values(plugin: Any, text: str) -> Iterator[str]:
    """The secrets of a regex plugin's denylist (see _secret_of)."""
    for regex in plugin.denylist:
        for found in regex.finditer(text):
            yield _secret_of(found)


def _secret_of(found: re.Match[str]) -> str:
    """The secret a denylist match holds: its longest capture group, or the whole match.

    detect-secrets yields the first group when a pattern has one. For some patterns that
    group is the secret (the password of `https://user:password@host`); for others it only
    names the token's type (`ghp` of a GitHub token, `glpat` of a GitLab one): a group that
    starts the match and is less than half of it is such a prefix.
    """
    spans = [found.span(i) for i in range(1, (found.re.groups or 0) + 1) if found.group(i)]
    if not spans:
        return found.group(0)
    start, end = max(spans, key=lambda span: span[1] - span[0])
    if start == found.start() and 2 * (end - start) < found.end() - found.start():
        return found.group(0)
    return found.string[start:end]


def _filtered(secret: str, line: str, path: str, plugin: Any) -> bool:
    """detect-secrets' heuristic filters (UUIDs, sequences, templates, references, ids), and
    placeholders assigned to secret-named keys (`API_KEY=changeme`, `token: xoxb-...`)."""
    from detect_secrets.filters import heuristic

    if type(plugin).__name__ == "KeywordDetector" and is_placeholder_value(secret):
        return True
    return bool(
        heuristic.is_sequential_string(secret)
        or heuristic.is_potential_uuid(secret)
        or heuristic.is_templated_secret(secret)
        or heuristic.is_prefixed_with_dollar_sign(secret)
        or heuristic.is_not_alphanumeric_string(secret)
        or heuristic.is_indirect_reference(line)
        or heuristic.is_likely_id_string(secret, line, plugin)
        or heuristic.is_lock_file(path)
        or heuristic.is_swagger_file(path)
    )


def _whole_pem_block(data: bytes, start: int) -> tuple[int, int, str] | None:
    """The whole PEM block a private key header opens, or None for a mere mention of one."""
    line_start = data.rfind(b"\n", 0, start) + 1
    begin = data.find(b"-----BEGIN", line_start, start + len("BEGIN"))
    if begin < 0:
        return None
    finish = data.find(_PEM_END, begin, begin + _PEM_MAX)
    close = data.find(b"-----", finish + len(_PEM_END)) if finish >= 0 else -1
    if close < 0:
        return None
    close += len(b"-----")
    block = data[begin:close].decode("utf-8", "replace")
    body = "".join(_PEM_LINE_BREAK.split(block)[1:-1])
    return (begin, close, block) if len(body.strip()) >= _PEM_MIN_BODY else None


class _Gates:
    """RE2 patterns that find where each plugin can match: one Set pass, then the gates
    it picks."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        import re2

        options = re2.Options()
        options.max_mem = 64 << 20
        options.log_errors = False
        compiled: dict[int, Any] = {}
        gates = gate_sources()
        for index, rule in enumerate(rules):
            source = gates[rule.plugin or ""]
            if source is not None:
                try:
                    compiled[index] = re2.compile(source, options)
                except re2.error:
                    continue
        self.ungated = tuple(i for i in range(len(rules)) if i not in compiled)
        # The gates' rule indexes, by their position in the Set.
        self._order = list(compiled)
        gated = list(compiled.values())
        self._set = WidenedSet(gated, _GATE_SET_REPEATS, options) if gated else None

    def could_match(self, data: bytes) -> bool:
        """Whether any gate matches anywhere in `data`: a pass of the Set that `hits` runs
        too, so both share the automaton RE2 builds as it reads, then the gates it picks."""
        return self._set is not None and bool(self._set.matching(data))

    def hits(self, data: bytes) -> Iterator[tuple[int, tuple[int, int]]]:
        """(rule index, span) of every gate match in `data`."""
        if self._set is None:
            return
        for position in self._set.picks(data):
            for span in all_spans(self._set.matchers[position], data):
                yield self._order[position], span


# Lookarounds RE2 cannot run; dropping them only widens a pattern, which a gate may do.
_LOOKAROUND = re.compile(r"\(\?<?[=!](?:[^()\\]|\\.)*\)")
_BIG_REPEAT = re.compile(r"\{(\d+),(\d{4,})\}")


def gate_sources() -> dict[str, str | None]:
    """Every plugin's gate pattern (None: it has none), kept between runs while the
    installed plugins and this module stay as they are (bharosa.startup_cache)."""
    key = _plugins_key()
    kept = load_entry(_GATES_ENTRY, key) if key is not None else None
    if (
        isinstance(kept, dict)
        and set(kept) == PLUGIN_NAMES
        and all(source is None or isinstance(source, str) for source in kept.values())
    ):
        return kept
    sources = {name: gate_pattern(load_plugin(name)) for name in sorted(PLUGIN_NAMES)}
    if key is not None:
        store_entry(_GATES_ENTRY, key, sources)
    return sources


_GATES_ENTRY = "secret-gates"


def _plugins_key() -> str | None:
    """A key of detect-secrets' plugin modules and of this module, found without importing
    detect-secrets (which is what the kept gates save)."""
    try:
        spec = find_spec("detect_secrets")
    except (ImportError, ValueError):
        return None
    locations = spec.submodule_search_locations if spec is not None else None
    if not locations:
        return None
    plugins = sorted(Path(next(iter(locations)), "plugins").glob("*.py"))
    return file_stamps_key([*plugins, Path(__file__)])


def gate_pattern(plugin: Any) -> str | None:
    """An RE2 pattern matching wherever the plugin could report (a superset), or None."""
    if type(plugin).__name__ == "KeywordDetector":
        from detect_secrets.plugins.keyword import DENYLIST

        words = "|".join(DENYLIST)
        # Every keyword pattern pairs a word with an assignment, call, `;` or comparison.
        return f"(?i)(?:{words})[^\n]*[:=(;]|=[^\n]*(?:{words})"
    denylist = getattr(plugin, "denylist", None)
    if not denylist:
        return None
    parts = []
    for regex in denylist:
        source = _BIG_REPEAT.sub(
            lambda m: "{" + m.group(1) + ",}", _LOOKAROUND.sub("", regex.pattern)
        )
        flags = "(?i)" if regex.flags & re.IGNORECASE else ""
        parts.append(f"{flags}(?:{source})")
    return "|".join(parts)


def _stretches_over(data: bytes, start: int, end: int) -> list[tuple[int, int]]:
    """The lines a gate match spans (long lines clipped around it)."""
    low = data.rfind(b"\n", 0, start) + 1
    high = data.find(b"\n", max(start, end - 1))
    high = len(data) if high < 0 else high
    if high - low <= LONG_LINE:
        return [(low, high)]
    return [_clip(low, high, start)]


def _all_lines(data: bytes) -> list[tuple[int, int]]:
    """Every line, long lines cut into pieces of LONG_LINE bytes."""
    stretches: list[tuple[int, int]] = []
    low = 0
    while low < len(data):
        high = data.find(b"\n", low)
        high = len(data) if high < 0 else high
        stretches.extend((at, min(at + LONG_LINE, high)) for at in range(low, high, LONG_LINE))
        low = high + 1
    return stretches


def _stretch_around(data: bytes, hit: int) -> tuple[int, int]:
    low = data.rfind(b"\n", 0, hit) + 1
    high = data.find(b"\n", hit)
    return _clip(low, len(data) if high < 0 else high, hit)


def _clip(low: int, high: int, hit: int) -> tuple[int, int]:
    if high - low <= LONG_LINE:
        return low, high
    return max(low, hit - _AROUND_HIT), min(high, hit + _AROUND_HIT)


def _over_budget(path: str, budget: float) -> Notice:
    return Notice(
        NoticeLevel.WARNING,
        "time-budget",
        f"secret plugins stopped after {budget:g} s; the rest of the file was scanned "
        "by pattern rules only",
        path,
    )
