"""Progress for batch runs: a live bar on a terminal, periodic plain lines otherwise.

The ETA is reckoned in input bytes, not articles: work is handed out largest file first,
so the first articles done are the slowest, and an ETA by article count was twenty times
too high at the start of a folder.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO


def _clock(seconds: float) -> str:
    seconds = int(max(0, seconds))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class Progress:
    """Counts finished articles and shows count, rate and ETA on ``stream`` (stderr)."""

    def __init__(self, total: int | None, stream: TextIO | None = None, quiet: bool = False,
                 interval: float = 2.0, total_bytes: int = 0) -> None:
        self.total = total
        self.total_bytes = total_bytes
        self.done_bytes = 0
        self.stream = stream if stream is not None else sys.stderr
        self.quiet = quiet
        # A bar redraws the line with ANSI codes: only on a terminal that understands them.
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)()) and os.environ.get("TERM") != "dumb"
        self.interval = 0.1 if self.tty else interval
        self.start = time.monotonic()
        self.done = 0
        self.failed = 0
        self._last = 0.0
        self._drawn = False

    def line(self) -> str:
        """The status text: ``12/47 converted, 1 failed, 3.2/s, ETA 0:00:11``."""
        elapsed = max(time.monotonic() - self.start, 1e-9)
        rate = self.done / elapsed
        count = f"{self.done}/{self.total}" if self.total else str(self.done)
        text = f"{count} done, {self.failed} failed, {rate:.1f}/s"
        if self.total and self.total_bytes and self.done_bytes:
            text += f", ETA {_clock((self.total_bytes - self.done_bytes) * elapsed / self.done_bytes)}"
        elif self.total and rate > 0:
            text += f", ETA {_clock((self.total - self.done) / rate)}"
        return text

    def advance(self, ok: bool, size: int = 0) -> None:
        """One more article finished (``size``: its input bytes, for the ETA)."""
        self.done += 1
        self.done_bytes += size
        self.failed += 0 if ok else 1
        now = time.monotonic()
        if self.quiet or (now - self._last < self.interval and self.done != self.total):
            return
        self._last = now
        if self.tty:
            width = 24
            filled = int(width * self.done / self.total) if self.total else 0
            bar = "#" * filled + "-" * (width - filled)
            self.stream.write(f"\r\x1b[2K[{bar}] {self.line()}")
            self._drawn = True
        else:
            self.stream.write(f"progress: {self.line()}\n")
        self.stream.flush()

    def message(self, text: str) -> None:
        """Print an error or warning line without garbling the bar."""
        if self._drawn:
            self.stream.write("\r\x1b[2K")
            self._drawn = False
        self.stream.write(text + "\n")
        self.stream.flush()

    def finish(self) -> None:
        if self._drawn:
            self.stream.write("\n")
            self._drawn = False
        self.stream.flush()

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.start
