"""Hypothesis budgets of the property tests: modest in CI, large on request.

`BHAROSA_HYPOTHESIS_PROFILE=deep python -m pytest tests/property` runs every property with
its deep budget. Examples are never saved: a failure is reported with the blob to reproduce it
(`@reproduce_failure`) instead.
"""

from __future__ import annotations

import os
import tempfile

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir

PROFILE = os.environ.get("BHAROSA_HYPOTHESIS_PROFILE", "ci")
if PROFILE not in ("ci", "deep"):
    raise pytest.UsageError(f"BHAROSA_HYPOTHESIS_PROFILE={PROFILE!r}: use 'ci' or 'deep'")

# Hypothesis keeps caches (its Unicode tables) and, for tests left on the default
# settings, its example database under `.hypothesis/`: for the whole session they go to a
# temporary directory instead, so a run leaves nothing in the repository.
_STORAGE = tempfile.TemporaryDirectory(prefix="bharosa-hypothesis-")
set_hypothesis_home_dir(_STORAGE.name)

settings.register_profile(
    "bharosa-property",
    database=None,
    # Readers and the CLI do I/O: timings are too noisy for a per-example deadline.
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def budget(ci: int, deep: int) -> settings:
    """Settings for one property: `ci` examples by default, `deep` in the deep profile."""
    return settings(
        settings.get_profile("bharosa-property"), max_examples=deep if PROFILE == "deep" else ci
    )
