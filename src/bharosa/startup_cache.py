"""What a run derives from installed files, kept between runs so that a run starts fast.

A pre-commit hook scans a few small files, so parsing the rule packs (~35 ms with the YAML
library's import) and deriving the secrets plugins' gates (~0.15 s: every detect-secrets
plugin imported) would cost more than the scan. Both depend only on files installed with
bharosa and its dependencies, so their results are kept as JSON in the user's cache
directory (`$XDG_CACHE_HOME/bharosa`, else `~/.cache/bharosa`), each under a key that
changes whenever those files change. An entry holds rules and patterns only, never
anything a scan found. A missing, stale, corrupt or unwritable entry only means deriving it
again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def cache_directory() -> Path | None:
    """Where entries are kept, or None when no home directory can be found."""
    base = os.environ.get("XDG_CACHE_HOME")
    # A relative one is invalid (the XDG spec): it would put the cache in the scanned tree.
    if not base or not Path(base).is_absolute():
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:
            return None
    return Path(base) / "bharosa"


def file_stamps_key(paths: Iterable[Path]) -> str | None:
    """A key that changes when any of the files' names, sizes or modification times do, or
    None when one cannot be read."""
    stamps = []
    try:
        for path in paths:
            stat = path.stat()
            stamps.append(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}")
    except OSError:
        return None
    return hashlib.sha256("\n".join(stamps).encode()).hexdigest()


def load_entry(name: str, key: str) -> Any:
    """The value kept under `name` if it was kept with `key`, else None."""
    directory = cache_directory()
    if directory is None:
        return None
    try:
        document = json.loads((directory / f"{name}.json").read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(document, dict) or document.get("key") != key:
        return None
    return document.get("value")


def store_entry(name: str, key: str, value: Any) -> None:
    """Keep `value` (JSON data) under `name` with `key`: written whole or not at all."""
    directory = cache_directory()
    if directory is None:
        return
    path = directory / f"{name}.json"
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with contextlib.suppress(OSError, TypeError, ValueError):
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary.write_text(json.dumps({"key": key, "value": value}))
        temporary.replace(path)
    with contextlib.suppress(OSError):
        temporary.unlink(missing_ok=True)
