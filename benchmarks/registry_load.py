"""One ``wikiexport convert X --to wikitext`` call with the generated registry, against the
same call of an earlier revision (default: the tree before the registry was generated),
both measured in the same run.

Usage: python benchmarks/registry_load.py SEED [--base-rev REV] [--runs N] [--lang LANG]

The earlier revision is extracted with ``git archive`` into a temporary folder. Each side
gets its own registry cache folder, warmed by one untimed call (the cache is what a user's
second call finds); then the calls alternate, ``--runs`` of each, and the medians and their
ratio are printed. The issue's bound: at most 1.3x.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def call(tree: Path, seed: Path, out: Path, cache: Path, lang: str | None) -> float:
    """Seconds for one conversion by the tree at ``tree``."""
    env = {**os.environ, "PYTHONPATH": str(tree), "XDG_CACHE_HOME": str(cache)}
    env.pop("WIKIEXPORT_NO_CACHE", None)
    command = [sys.executable, "-m", "convert", "convert", str(seed), "-o", str(out), "--to", "wikitext"]
    if lang:
        command += ["--lang", lang]
    started = time.perf_counter()
    subprocess.run(command, env=env, cwd=tree, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> int:
    """Print both medians and the ratio; exit 1 above 1.3x."""
    parser = argparse.ArgumentParser()
    parser.add_argument("seed", type=Path)
    parser.add_argument("--base-rev", default="924e0a7")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--lang")
    args = parser.parse_args()
    seed = args.seed.resolve()
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch) / "base"
        base.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.base_rev], check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(base)], input=archive, check=True)
        sides = {"before": base, "now": ROOT}
        times: dict[str, list[float]] = {name: [] for name in sides}
        for name, tree in sides.items():  # warm each side's registry cache
            call(tree, seed, Path(scratch) / f"out-{name}", Path(scratch) / f"cache-{name}", args.lang)
        for _ in range(args.runs):
            for name, tree in sides.items():
                times[name].append(call(tree, seed, Path(scratch) / f"out-{name}",
                                        Path(scratch) / f"cache-{name}", args.lang))
    before, now = statistics.median(times["before"]), statistics.median(times["now"])
    ratio = now / before
    print(f"seed {seed.name} lang {args.lang or 'default'}: before ({args.base_rev}) {before * 1000:.0f} ms, "
          f"now {now * 1000:.0f} ms (medians of {args.runs}); ratio {ratio:.2f} (bound 1.30)")
    return 0 if ratio <= 1.3 else 1


if __name__ == "__main__":
    sys.exit(main())
