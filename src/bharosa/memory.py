"""Keeping a long scan's memory flat: large buffers go straight back to the system.

glibc serves an allocation from its heap once the size is under its mmap threshold, and
raises that threshold each time a large mmapped block is freed. A scan allocates and
frees megabyte-sized batches millions of times, so the batches end up on the heap and
fragment it: a 1 GB CSV grew the process by ~25 MB per million cells. Pinning the
threshold keeps every large buffer in its own mapping, returned when freed.
"""

from __future__ import annotations

import sys
from functools import cache

_M_MMAP_THRESHOLD = -3
_THRESHOLD = 64 * 1024


@cache
def pin_mmap_threshold() -> bool:
    """Pin glibc's mmap threshold (a no-op elsewhere); whether it was set. Called once a
    large data file is read: loading ctypes costs a hook run tens of milliseconds."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False  # not glibc (musl has no mallopt)
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(_M_MMAP_THRESHOLD, _THRESHOLD))
