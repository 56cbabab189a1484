"""The pre-commit hook, run by the real `pre-commit` against this checkout of the project."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import CUSTOMER_EMAILS, REPO_ROOT, git, make_repo

pytestmark = pytest.mark.skipif(
    shutil.which("pre-commit") is None, reason="pre-commit is a test extra"
)


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One pre-commit cache for the module: the hook's environment is built once."""
    return tmp_path_factory.mktemp("pre-commit-home")


def _try_repo(repo: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    return subprocess.run(
        ["pre-commit", "try-repo", str(REPO_ROOT), "bharosa", "--verbose"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def test_the_hook_is_declared_for_every_file_type() -> None:
    (hook,) = yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "bharosa"
    assert hook["language"] == "python"
    assert hook["types"] == ["file"], "data files (xlsx, parquet) must reach the hook too"
    assert hook["entry"].startswith("bharosa scan")


def test_hook_fails_on_a_staged_customer_email_with_a_masked_report(
    tmp_path: Path, pre_commit_home: Path
) -> None:
    email = CUSTOMER_EMAILS[0]
    repo = make_repo(tmp_path / "repo", {"README.md": "# shop\n"})
    (repo / "exports").mkdir()
    (repo / "exports" / "customers.csv").write_text(f"id,email\n1,{email}\n")
    git(repo, "add", "exports/customers.csv")
    result = _try_repo(repo, pre_commit_home)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "exports/customers.csv" in result.stdout
    assert "p***@k***.in" in result.stdout
    assert email not in result.stdout + result.stderr


def test_hook_passes_on_a_clean_staged_file(tmp_path: Path, pre_commit_home: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"README.md": "# shop\n"})
    (repo / "app.py").write_text("SUPPORT = 'support@example.com'\nprint('hello')\n")
    git(repo, "add", "app.py")
    result = _try_repo(repo, pre_commit_home)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout
