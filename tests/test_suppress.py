"""Inline `bharosa:allow` directives and the config's allowlists."""

from __future__ import annotations

from pathlib import Path

from bharosa.config import Config
from bharosa.pipeline import Scanner
from bharosa.rules.loading import load_rules
from bharosa.sources.document import Document
from bharosa.stats import ScanStats
from bharosa.suppress import parse_allow_directives

EMAIL = "priya.sharma@kavyatextiles.in"


def scan(text: str, config: Config | None = None) -> tuple[list[int], ScanStats]:
    stats = ScanStats()
    scanner = Scanner(config or Config(root=Path()), load_rules())
    findings = scanner.scan_document(Document("f.py", text.encode()), stats)
    return [f.line for f in findings], stats


def test_allow_on_the_same_line() -> None:
    lines, stats = scan(f'a = "{EMAIL}"  # bharosa:allow\nb = "{EMAIL}"\n')
    assert lines == [2]
    assert stats.suppressed_inline == 1


def test_allow_alone_on_the_line_above_only() -> None:
    text = f"# bharosa:allow reviewed by legal\nx = '{EMAIL}'\ny = '{EMAIL}'\n"
    assert scan(text)[0] == [3]
    assert scan(f"  <!-- bharosa:allow -->\n{EMAIL}\n")[0] == []
    assert scan(f"{{# bharosa:allow #}}\n{EMAIL}\n")[0] == []


def test_allow_with_rule_ids_covers_only_those_rules() -> None:
    assert scan(f"{EMAIL} <!-- bharosa:allow pii.email -->")[0] == []
    assert scan(f"{EMAIL} /* bharosa:allow pii.* */")[0] == []
    assert scan(f"{EMAIL} -- bharosa:allow pii.phone, secret.aws-key")[0] == [1]


def test_a_reason_is_not_taken_for_a_rule_id() -> None:
    assert scan(f"{EMAIL} # bharosa:allow test-data fixture")[0] == []


def test_directives_are_found_with_their_lines_in_a_chunk() -> None:
    document = Document("f", b"a\nb # bharosa:allow pii.email\nc\n# bharosa:allow\n", first_line=10)
    directives = parse_allow_directives(document)
    assert sorted(directives) == [11, 13]
    assert directives[11].rules == ("pii.email",)
    assert directives[13].rules == ()


def test_allowed_domains_and_their_subdomains() -> None:
    config = Config(root=Path(), allow_domains=("kavyatextiles.in",))
    text = f"{EMAIL}\nops@mail.kavyatextiles.in\nanu@notkavyatextiles.in\n"
    lines, stats = scan(text, config)
    assert lines == [3]
    assert stats.suppressed_by_config == 2
