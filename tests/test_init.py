"""`bharosa init`: a starter config that loads, and the snippets the README shows."""

from __future__ import annotations

import re
from pathlib import Path

from bharosa.config import load_config
from bharosa.starter import PRE_COMMIT_SNIPPET, WORKFLOW_SNIPPET
from tests.conftest import REPO_ROOT, run_cli


def test_init_writes_a_config_that_loads_and_prints_the_snippets(tree: Path) -> None:
    result = run_cli(["init", str(tree)])
    assert result.code == 0, result.output
    config = load_config(tree)
    assert config.source == tree / ".bharosa.toml"
    assert len(config.fingerprint_key) >= 32
    assert PRE_COMMIT_SNIPPET in result.stdout
    assert WORKFLOW_SNIPPET in result.stdout


def test_each_init_makes_its_own_fingerprint_key(tmp_path: Path) -> None:
    keys = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        assert run_cli(["init", str(tmp_path / name)]).code == 0
        keys.append(load_config(tmp_path / name).fingerprint_key)
    assert keys[0] != keys[1]


def test_init_never_overwrites_without_force(tree: Path) -> None:
    (tree / ".bharosa.toml").write_text('fail-on = "error"\n')
    refused = run_cli(["init", str(tree)])
    assert refused.code == 2
    assert "already exists" in refused.stderr
    assert (tree / ".bharosa.toml").read_text() == 'fail-on = "error"\n'
    assert run_cli(["init", str(tree), "--force"]).code == 0


def test_readme_shows_the_same_snippets_as_init() -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", (REPO_ROOT / "README.md").read_text(), re.S)
    assert PRE_COMMIT_SNIPPET in blocks
    assert WORKFLOW_SNIPPET in blocks
