"""How good the first ETA of a batch is: predicted remaining time at the first progress line
against the time the batch really took after it, for two source trees in the same run.

Usage: python benchmarks/first_eta.py FOLDER FORMAT TREE [TREE...]
e.g.   python benchmarks/first_eta.py ../shared/corpus docx /tmp/old-checkout .

Each TREE is a wikiexport source tree (run as ``python -m convert`` with it on PYTHONPATH).
The batch runs with -j 2 and stderr not a terminal, so progress comes as plain lines, the
first one right after the first article. Work is handed out largest file first, so an ETA
that counts articles starts far too high; one that counts input bytes should not.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time


def _seconds(clock: str) -> int:
    h, m, s = (int(x) for x in clock.split(":"))
    return h * 3600 + m * 60 + s


def run(tree: str, folder: str, fmt: str) -> tuple[float, float]:
    """(first ETA in s, real remaining time in s) for one tree."""
    with tempfile.TemporaryDirectory() as out:
        env = {**os.environ, "PYTHONPATH": os.path.abspath(tree)}
        start = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-m", "convert", "convert", folder, "--to", fmt, "-o", out,
                                 "-j", "2"], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                                env=env, cwd=tree)
        first: tuple[float, float] | None = None
        assert proc.stderr is not None
        for line in proc.stderr:
            found = re.search(r"ETA (\d+:\d\d:\d\d)", line)
            if found and first is None:
                first = (time.monotonic() - start, _seconds(found.group(1)))
        proc.wait()
        end = time.monotonic() - start
    if first is None:
        raise SystemExit(f"{tree}: no progress line")
    at, eta = first
    return eta, end - at


def main() -> None:
    folder, fmt, trees = sys.argv[1], sys.argv[2], sys.argv[3:]
    for tree in trees:
        eta, real = run(tree, os.path.abspath(folder), fmt)
        print(f"{tree}: first ETA {eta:.0f} s, really {real:.1f} s after it: {eta / max(real, 0.1):.1f}x")


if __name__ == "__main__":
    main()
