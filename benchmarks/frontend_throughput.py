"""Front end + json writer throughput on one core (articles per second).

Usage: python benchmarks/frontend_throughput.py CORPUS_DIR [--rounds N]

Loads every *.md of CORPUS_DIR (warm-up round first), then times N rounds of
``loads`` + the json writer in this single process and prints articles/s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    import convert
    from convert.writers import WriteOptions, get_writer

    files = sorted(p for p in args.corpus.glob("*.md") if p.name.upper() != "README.MD")
    blobs = [(str(p), p.read_bytes()) for p in files]
    if not blobs:
        print(f"no *.md files in {args.corpus}", file=sys.stderr)
        return 2
    writer = get_writer("json")
    options = WriteOptions.create()

    def one_round() -> float:
        start = time.perf_counter()
        for path, data in blobs:
            doc, _ = convert.loads(data, path)
            writer.render(doc, options)
        return time.perf_counter() - start

    one_round()  # warm-up: imports, registry, parser construction
    times = [one_round() for _ in range(args.rounds)]
    best, median = min(times), statistics.median(times)
    size = sum(len(d) for _, d in blobs)
    print(f"articles: {len(blobs)} ({size / 1024:.0f} KiB), rounds: {args.rounds}")
    print(f"front end + json: median {len(blobs) / median:.0f} articles/s, best {len(blobs) / best:.0f} articles/s")
    print(f"target >= 300 articles/s: {'PASS' if len(blobs) / median >= 300 else 'FAIL'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
