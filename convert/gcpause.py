"""Pausing Python's cyclic garbage collector around work that allocates many objects."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run the block with the cyclic collector off (it stays off if it was off).

    Work that creates hundreds of thousands of objects (a WeasyPrint layout, unpickling the
    infobox registry) otherwise starts a collection every few hundred of them, each looking
    at all of them again. Nothing is promoted while paused, so the youngest generation then
    holds all of the block's garbage: one pass at the end frees it here, not in the next job.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
            gc.collect(0)
