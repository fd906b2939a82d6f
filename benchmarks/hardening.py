"""Issue 24's numbers, measured on this tree and on a base revision in the same run.

Usage: python benchmarks/hardening.py [--base REV] [--only NAME,...] > report.txt

The base revision is extracted with ``git archive`` into a temporary folder; every probe
runs in a fresh interpreter in one tree or the other (its folder and ``PYTHONPATH``), so both
sides see the same machine at about the same time. Probes:

- ``links``: ``build_value`` of a 12 KB value with 8,000 links to a name it holds 4,000
  times (surplus links), and (this tree only) of a 1 MB value with 400,000 such links;
- ``cover``: the EPUB cover of an article whose short description is 200 KB;
- ``table``: peak memory (ru_maxrss of the converting processes) and time of ``--to pdf``
  of a 285 KB article holding one table of 4,700 rows and 6 columns;
- ``single``: wall time of ``convert ONE.md --to wikitext`` (the fork of the article's
  child process is what this tree adds), median of 7;
- ``kill``: workers still alive 5 s after ``kill -9`` of a two-worker batch's parent,
  and run folders / pandoc work files left in its ``$TMPDIR``.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "ada-lovelace.md"

LINKS = """
import time
from convert.frontend.sentence import LinkSpec, build_value
text = "Ab " * {n}
links = [LinkSpec("Ab", page="Ab")] * {links}
start = time.perf_counter()
build_value(text, links, [], [], None, lambda m: None)
print(f"{{time.perf_counter() - start:.2f}} s")
"""

COVER = """
import time
from convert.writers.epub.cover import cover_image
cover_image("Title", "x")  # fonts indexed outside the timing
start = time.perf_counter()
cover_image("A title", "word " * 40_000)
print(f"{time.perf_counter() - start:.2f} s")
"""


def table_seed(path: Path, rows: int = 4700, cols: int = 6) -> None:
    lines = ["---", "title: Big table", "---", "", "Intro.", "",
             "| " + " | ".join(f"H{c}" for c in range(cols)) + " |", "|" + "---|" * cols]
    lines += ["| " + " | ".join(f"r{r}c{c}" for c in range(cols)) + " |" for r in range(rows)]
    path.write_text("\n".join(lines) + "\n")


def python(tree: Path, code: str, timeout: float = 900) -> str:
    try:
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout,
                              env={**os.environ, "PYTHONPATH": str(tree)}, cwd=tree)
    except subprocess.TimeoutExpired:
        return f"over {timeout:g} s (stopped)"
    return proc.stdout.strip() or proc.stderr.strip()[-300:]


def peak(tree: Path, args: list[str], timeout: float = 1800) -> str:
    """Run ``convert ARGS`` in a child that reports its descendants' peak RSS."""
    code = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        f"p = subprocess.run([sys.executable, '-m', 'convert', 'convert', *{args!r}], capture_output=True)\n"
        "mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024\n"
        "print(f'exit {p.returncode}, {time.perf_counter() - start:.1f} s, peak {mb} MB')\n"
    )
    return python(tree, code, timeout)


def single(tree: Path, out: Path) -> str:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    times = []
    for _ in range(7):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "convert", "convert", str(SEED), "-o", str(out), "--to", "wikitext"],
                       env=env, capture_output=True, check=True, cwd=tree)
        times.append(time.perf_counter() - start)
    return f"median {statistics.median(times) * 1000:.0f} ms"


def kill(tree: Path, work: Path) -> str:
    sys.path.insert(0, str(ROOT))
    from tests.test_hardening import _children as _descendants, _running  # (reads /proc)

    src, tmp = work / "in", work / "tmp"
    src.mkdir()
    tmp.mkdir()
    for i in range(12):
        shutil.copy(SEED, src / f"a{i}.md")
    env = {**os.environ, "PYTHONPATH": str(tree), "TMPDIR": str(tmp)}
    proc = subprocess.Popen([sys.executable, "-m", "convert", "convert", str(src), "-o", str(work / "out"),
                             "--to", "epub,wikitext", "-j", "2", "-q"], env=env, cwd=tree,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while len(_descendants(proc.pid)) < 3 and time.monotonic() < deadline:
        time.sleep(0.1)
    workers = _descendants(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    time.sleep(5)
    alive = [p for p in workers if _running(p)]
    left = sorted(p.name for p in tmp.iterdir())
    for pid in alive:  # the orphans this probe made: end them, by pid
        os.kill(pid, signal.SIGKILL)
    return f"{len(alive)} of {len(workers)} processes alive after 5 s; left in TMPDIR: {left or 'nothing'}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="924e0a7")
    parser.add_argument("--only", default="links,cover,table,single,kill")
    args = parser.parse_args()
    only = set(args.only.split(","))
    with tempfile.TemporaryDirectory(prefix="wikiexport-bench-") as scratch:
        work = Path(scratch)
        base = work / "base"
        base.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.base], capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(base)], input=archive.stdout, check=True)
        trees = (("base " + args.base, base), ("this tree", ROOT))
        table = work / "table.md"
        table_seed(table)
        print(f"table article: {table.stat().st_size:,} bytes", flush=True)
        for label, tree in trees:
            side = work / ("out-" + label.split()[0])
            side.mkdir()
            if "links" in only:
                print(f"{label}: links, 8,000 on 12 KB: {python(tree, LINKS.format(n=4000, links=8000))}", flush=True)
                if tree == ROOT:
                    print(f"{label}: links, 400,000 on 1 MB: {python(tree, LINKS.format(n=300_000, links=400_000))}",
                          flush=True)
            if "cover" in only:
                print(f"{label}: cover, 200 KB description: {python(tree, COVER)}", flush=True)
            if "table" in only:
                print(f"{label}: table to pdf: {peak(tree, [str(table), '-o', str(side / 'pdf'), '--to', 'pdf'])}",
                      flush=True)
            if "single" in only:
                print(f"{label}: one wikitext conversion: {single(tree, side / 'wiki')}", flush=True)
            if "kill" in only:
                (side / "kill").mkdir()
                print(f"{label}: kill -9 of a batch: {kill(tree, side / 'kill')}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
