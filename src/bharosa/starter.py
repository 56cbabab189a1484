"""`bharosa init`: a starter config, and the snippets that wire bharosa into pre-commit and CI."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from bharosa import __version__
from bharosa.config import CONFIG_FILE
from bharosa.errors import UsageError

PRE_COMMIT_SNIPPET = f"""\
repos:
  - repo: https://github.com/bharosa-dev/bharosa
    rev: v{__version__}
    hooks:
      - id: bharosa
        # To read spreadsheets and Parquet files too:
        # additional_dependencies: [openpyxl, pyarrow]
"""

WORKFLOW_SNIPPET = f"""\
name: bharosa
on:
  pull_request:
  push:
    branches: [main]
permissions:
  contents: read
  security-events: write
jobs:
  customer-data:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - uses: bharosa-dev/bharosa@v{__version__}
        with:
          mode: ${{{{ github.event_name == 'pull_request' && 'pr' || 'full' }}}}
          fail-on: warning
"""


def starter_config(fingerprint_key: str) -> str:
    """The text of a starter `.bharosa.toml`, every option shown with its default."""
    return f"""\
# bharosa: what to scan and what counts as a leak. All options: bharosa's README.
exclude = []                          # gitignore syntax, relative to this directory
rule-dirs = []                        # extra rule packs of your own
disable-rules = []                    # rule ids to switch off
enable-rules = []                     # rules that are off by default, e.g. "pii.ip"
fail-on = "warning"                   # lowest severity that fails a run: note, warning, error
min-confidence = "low"                # drop findings below: low, medium, high
phone-regions = ["IN", "US", "GB"]    # where national phone numbers are read

# Fingerprints (in reports and baselines) are keyed hashes: without the key nobody can test
# guesses against them. This key was made for this repository; for stronger protection
# delete the line and set BHAROSA_FINGERPRINT_KEY from your CI's secret store instead.
fingerprint-key = "{fingerprint_key}"

[allow]
domains = []                          # your own staff's email domains, e.g. "yourcompany.com"
"""


def write_starter_config(directory: Path, force: bool = False) -> Path:
    """Write `.bharosa.toml` into `directory` (never over an existing one unless `force`)."""
    target = directory / CONFIG_FILE
    if target.exists() and not force:
        raise UsageError(f"{target} already exists (use --force to replace it)")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(target, flags, 0o644)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(starter_config(secrets.token_urlsafe(32)))
    except OSError as exc:
        raise UsageError(f"{target}: cannot write ({exc.strerror})") from None
    return target
