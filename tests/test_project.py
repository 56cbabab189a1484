"""The project itself: lint, types, and a wheel that carries the built-in rule packs."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_REPO, REPO_ROOT


def _run(*args: str, cwd: Path = REPO_ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False, timeout=600)


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is a test extra")
def test_ruff_check_and_format() -> None:
    check = _run("ruff", "check", ".")
    assert check.returncode == 0, check.stdout + check.stderr
    form = _run("ruff", "format", "--check", ".")
    assert form.returncode == 0, form.stdout + form.stderr


def test_mypy_strict_on_src() -> None:
    result = _run(sys.executable, "-m", "mypy")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_wheel_ships_the_rule_packs_and_scans_the_example(tmp_path: Path) -> None:
    build = _run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w",
        str(tmp_path / "dist"), str(REPO_ROOT),
    )  # fmt: skip
    assert build.returncode == 0, build.stdout + build.stderr
    (wheel,) = (tmp_path / "dist").glob("bharosa-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    packs = sorted(p.name for p in (REPO_ROOT / "rules").iterdir() if p.suffix == ".yaml")
    assert packs
    for pack in packs:
        assert f"bharosa/builtin_rules/{pack}" in names
    # The C modules (history's novel lines, data files' batches, findings' construction)
    # are compiled into the wheel; their sources are not shipped.
    for module in ("bharosa/sources/_novel_lines", "bharosa/_cell_batch", "bharosa/_slots"):
        assert any(n.startswith(f"{module}.") and n.endswith((".so", ".pyd")) for n in names)
        assert f"{module}.c" not in names
    assert "bharosa/_slot_offset.h" not in names
    assert "-none-any" not in wheel.name
    target = tmp_path / "site"
    unpack = _run(
        sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(target), str(wheel)
    )
    assert unpack.returncode == 0, unpack.stderr
    # The unpacked wheel goes first on sys.path, ahead of the editable source tree.
    entry = (
        "import sys; sys.path.insert(0, sys.argv[1]); "
        "from bharosa.cli import main; main(sys.argv[2:])"
    )
    scan = subprocess.run(
        [sys.executable, "-c", entry, str(target), "scan", str(EXAMPLE_REPO)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert scan.returncode == 1, scan.stderr
    assert "exports/customers-2024-03.csv" in scan.stdout
    native = subprocess.run(
        [sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); "
         "from bharosa.sources import novel_lines; from bharosa import cell_batch, findings; "
         "print(novel_lines.__file__, novel_lines.NATIVE, cell_batch.__file__, cell_batch.NATIVE, "
         "findings.new_finding is not findings.python_new_finding)",
         str(target)],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    assert native.stdout.split() == [
        str(target / "bharosa/sources/novel_lines.py"), "True",
        str(target / "bharosa/cell_batch.py"), "True", "True",
    ]  # fmt: skip
