"""The malloc setting that keeps long scans flat in memory."""

from __future__ import annotations

import platform
import sys

import pytest

from bharosa.memory import pin_mmap_threshold


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="mallopt is glibc's",
)
def test_the_mmap_threshold_is_pinned_on_glibc() -> None:
    assert pin_mmap_threshold() is True
