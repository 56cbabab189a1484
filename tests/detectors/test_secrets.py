"""Secrets through detect-secrets' plugins: keywords gate them, filters and budgets apply."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bharosa.config import Config
from bharosa.detectors.secrets import PLUGIN_NAMES, SecretsDetector, load_plugin
from bharosa.notices import Notice
from bharosa.pipeline import Scanner
from bharosa.rules.loading import load_rules
from bharosa.sources.document import Document

RULES = load_rules()
SCANNER = Scanner(Config(root=Path()), RULES)
PEM = (
    "-----BEGIN RSA PRIVATE KEY-----\n"
    "MIIEowIBAAKCAQEAx3kF0mZ8Qp2vR7tYw1sL9aBcDeFgHiJkLmNoPqRsTuVwXyZ0\n"
    "q8Zr3Lm0Pq2vR7tYw1sL9aBcDeFgHiJkLmNoPqRsTuVwXyZ0AbCdEfGhIjKlMnOp\n"
    "-----END RSA PRIVATE KEY-----"
)


def found(text: str, path: str = "settings.py") -> list[tuple[str, str]]:
    document = Document(path, text.encode())
    return [(m.rule.id, m.value) for m in SCANNER.detect(document, [])]


def test_every_plugin_named_in_the_packs_loads() -> None:
    every = load_rules(everything=True)
    named = {rule.plugin for rule in every if rule.plugin}
    assert named <= PLUGIN_NAMES
    for name in named:
        assert load_plugin(name).secret_type


def test_the_keyword_rule_prefilters_on_every_word_of_the_plugins_list() -> None:
    # Its keywords decide which documents the keyword plugin sees: every spelling of every
    # word on detect-secrets' list must hold one of them.
    from detect_secrets.plugins.keyword import DENYLIST

    (rule,) = [r for r in load_rules() if r.plugin == "KeywordDetector"]
    spellings = [w.replace("_?", sep) for w in DENYLIST for sep in ("_", "")]
    missed = [s for s in spellings if not any(k in s.lower() for k in rule.keywords)]
    assert not missed
    assert "pass" not in rule.keywords and "key" not in rule.keywords


def test_secrets_become_findings_with_bharosa_ids() -> None:
    text = "AWS_KEY = 'AKIAQW7B3PDKHX4PY8GP'\nSTRIPE = 'sk_live_l33SCx9vHjHkm1x72EsSfUQU'\n"
    assert found(text) == [
        ("secret.aws-access-key", "AKIAQW7B3PDKHX4PY8GP"),
        ("secret.stripe", "sk_live_l33SCx9vHjHkm1x72EsSfUQU"),
    ]


def test_a_token_type_group_is_not_taken_for_the_secret() -> None:
    # detect-secrets' GitLab and GitHub patterns capture the type prefix; basic auth's
    # captures the password, which is the secret.
    assert found("GITLAB_TOKEN=glpat-eESG61she-QAqq0nv3Vt") == [
        ("secret.gitlab-token", "glpat-eESG61she-QAqq0nv3Vt")
    ]
    assert found("token: glsoat-Lk2Pq8Xz4Rw7Tn1Vb5Mc") == [
        ("secret.gitlab-token", "glsoat-Lk2Pq8Xz4Rw7Tn1Vb5Mc")
    ]
    assert found("db = 'https://orders:Garnet4328uTg@db.kavyatextiles.in/crm'") == [
        ("secret.basic-auth", "Garnet4328uTg")
    ]


def test_a_private_key_is_reported_as_its_whole_block() -> None:
    text = f"key = '''\n{PEM}\n'''\n"
    ((rule, value),) = found(text)
    assert rule == "secret.private-key"
    assert value == PEM
    findings = SCANNER.scan_document(Document("k.py", text.encode()), _stats())
    assert findings[0].line == 2
    assert findings[0].masked == "-----BEGIN RSA PRIVATE KEY-----****"


def test_a_private_key_kept_in_one_quoted_string_is_reported() -> None:
    text = 'TLS_KEY="' + PEM.replace("\n", "\\n") + '"\n'
    ((rule, value),) = found(text, "deploy/.env")
    assert rule == "secret.private-key"
    assert value.startswith("-----BEGIN RSA PRIVATE KEY-----\\nMIIE")
    assert found('TLS_KEY="-----BEGIN RSA PRIVATE KEY-----\\n-----END RSA PRIVATE KEY-----"') == []


def test_detect_secrets_filters_apply() -> None:
    assert found("password = '${DB_PASSWORD}'") == []
    assert found("api_key = '00000000-0000-0000-0000-000000000000'") == []
    assert found("secret = 'abcdefghijklmnop'") == []


def test_placeholders_for_secrets_are_not_reported() -> None:
    for value in ("changeme", "xoxb-...", "YOUR_SECRET_KEY_HERE", "sk_live_****************"):
        assert found(f"API_KEY={value}", "services/api/.env.local") == []
    assert found("API_KEY=Monsoon$0741gDt", "services/api/.env.local") != []


def test_keyword_plugin_follows_the_file_type() -> None:
    assert found("db_password = 'Tr0ub4dor-kavya-77'", "app.py") != []
    assert found("db_password: Tr0ub4dor-kavya-77", "config.yaml") != []
    # Dotenv files assign without quotes, like config files.
    assert found("DB_PASSWORD=Tr0ub4dor-kavya-77", "services/api/.env.production") != []
    assert found("DB_PASSWORD=Tr0ub4dor-kavya-77", "notes.txt") == []


def test_plugins_only_run_where_their_own_patterns_could_match() -> None:
    detector = SecretsDetector(RULES)
    data = b"hello\nAKIA alone\nkey = AKIAZ2QWERTYUIOPASDF\nworld\n"
    stretches = detector._stretches(Document("a", data))
    line = b"key = AKIAZ2QWERTYUIOPASDF"
    assert list(stretches) == [(data.index(line), data.index(line) + len(line))]
    assert detector._stretches(Document("a", b"nothing to see\n")) == {}


def test_could_match_needs_a_keyword_and_a_plugin_gate() -> None:
    detector = SecretsDetector(RULES)
    assert detector.could_match(b"aws_key = AKIAZ2QWERTYUIOPASDF\n")
    # A keyword with nothing any plugin could report, and a key with no keyword near.
    assert not detector.could_match(b"aws_key = None  # read from the vault\n")
    assert not detector.could_match(b"hello\nworld\n")


def test_gate_patterns_are_linear_and_cover_the_plugins() -> None:
    import re2

    from bharosa.detectors.secrets import gate_pattern, load_plugin

    for rule in (r for r in RULES if r.plugin):
        source = gate_pattern(load_plugin(rule.plugin or ""))
        assert source is not None, rule.id
        re2.compile(source)


def test_long_lines_are_searched_near_keywords_only() -> None:
    line = "x" * 50_000 + " token=ghp_L1aCcTlN99mhWp708DwGw5HqXDgLVXZx3scB " + "y" * 50_000
    assert found(line) == [("secret.github-token", "ghp_L1aCcTlN99mhWp708DwGw5HqXDgLVXZx3scB")]


def test_time_budget_stops_with_a_notice() -> None:
    detector = SecretsDetector(RULES, time_budget=0.0)
    notices: list[Notice] = []
    text = "".join(f"password = 'Tr0ub4dor-{i:05d}-x'\n" for i in range(200))
    detector.find(Document("big.py", text.encode()), notices)
    assert [n.code for n in notices] == ["time-budget"]


def test_high_entropy_plugins_are_off_by_default() -> None:
    assert "secret.base64-high-entropy" not in {r.id for r in RULES}
    assert found("token = '0NbJEjelMSA9lpER2YaXWwAPXPnVFmBLNIjvj0xCi01D'") == []


def test_detect_secrets_is_not_imported_for_a_clean_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("nothing to see\n")
    code = (
        "import sys\nfrom bharosa.cli import main\n"
        "try:\n    main(['scan', sys.argv[1]])\nexcept SystemExit:\n    pass\n"
        "print('detect_secrets' in sys.modules, 'phonenumbers' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip().splitlines()[-1] == "False False"


def _stats():  # type: ignore[no-untyped-def]
    from bharosa.stats import ScanStats

    return ScanStats()


def _python(code: str) -> list[str]:
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return completed.stdout.split()


def test_plugins_load_without_requests_until_it_is_used() -> None:
    # A fresh interpreter: in this one, another test may have imported requests already.
    # The IBM plugins name requests.Response in annotations read as they load.
    assert _python(
        "import sys\n"
        "from bharosa.detectors.secrets import _PLUGIN_MODULES, load_plugin\n"
        "for name in _PLUGIN_MODULES: load_plugin(name)\n"
        "print('requests' in sys.modules)\n"
        "import detect_secrets.plugins.base as base\n"
        "error = base.requests.exceptions.RequestException\n"
        "print(error.__module__, type(sys.modules['requests']).__name__)\n"
    ) == ["False", "requests.exceptions", "module"]
    # Imported before detect-secrets: its modules use requests itself.
    assert _python(
        "import requests\n"
        "from bharosa.detectors.secrets import load_plugin\n"
        "load_plugin('StripeDetector')\n"
        "import detect_secrets.plugins.base as base\n"
        "print(base.requests is requests)\n"
    ) == ["True"]
