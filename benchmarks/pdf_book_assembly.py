"""The memory and time of putting a PDF book together, on pieces laid out once.

Usage:
  python benchmarks/pdf_book_assembly.py build --articles 1000 --keep DIR [--jobs 2]
  python benchmarks/pdf_book_assembly.py assemble --keep DIR [--out FILE] [--runs 1]

Laying out 1,000 articles takes many minutes of CPU; the assembly (the parent's share
after the workers are done: cover and contents laid out with the pages the pieces took, then
the pieces joined with pikepdf) is what peaks in memory (issue 19). ``build`` writes the
articles (the corpus copied round-robin, as benchmarks/pdf_book_scale.py does) and lays the
book out once with ``wikiexport bundle``'s code, keeping its pieces in ``DIR``. ``assemble``
then runs, in a fresh process each time, what the parent does after the layout: read the
articles (the parent holds them all), lay out the front matter and join the pieces. Reported:
wall time, the process's largest resident set (sampled every 20 ms, and the kernel's
``ru_maxrss``), the resident set before the assembly began, and the book's size and pages.
Compare two versions of the code on the same pieces by running ``assemble`` from each.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

SETTINGS = {"load": {}, "write": {"title": "Scale", "source_date_epoch": 0}}


def _docs(folder: Path, jobs: int) -> tuple[list, list[int]]:  # type: ignore[type-arg]
    from convert.batch.jobs import Settings

    paths = sorted(folder.glob("*.md"))
    settings = Settings(**SETTINGS)  # type: ignore[arg-type]
    inputs = [(str(p), p.stem) for p in paths]
    try:
        from convert.batch.reading import load_all
    except ImportError:  # the code before bundle read on the batch's pool (to compare with it)
        from convert.batch.run import _load_all  # type: ignore[attr-defined]

        loaded = _load_all(inputs, settings, jobs)
    else:
        loaded = load_all(inputs, [p.stat().st_size for p in paths], settings, jobs)
    docs, sizes = [], []
    for (doc, _lines, _ok), path in zip(loaded, paths):
        if doc is not None:
            docs.append(doc)
            sizes.append(path.stat().st_size)
    return docs, sizes


def build(args: argparse.Namespace) -> None:
    from pdf_book_scale import articles

    from convert.batch.book import pdf_book
    from convert.batch.jobs import Settings

    keep: Path = args.keep
    folder = articles(keep / "articles", args.articles)
    docs, sizes = _docs(folder, args.jobs)
    start = time.perf_counter()
    pdf_book(docs, sizes, str(keep / "book.pdf"), Settings(**SETTINGS), args.jobs, quiet=False,  # type: ignore[arg-type]
             pieces=keep / "pieces")
    (keep / "build.json").write_text(json.dumps({"articles": len(docs), "jobs": args.jobs,
                                                 "seconds": time.perf_counter() - start}))
    print(f"built {len(docs)} articles in {time.perf_counter() - start:.1f} s; pieces in {keep / 'pieces'}")


def child(args: argparse.Namespace) -> None:
    """One assembly in this process; prints a JSON line."""
    import pikepdf

    from convert.writers import WriteOptions, get_writer

    keep: Path = args.keep
    jobs = json.loads((keep / "build.json").read_text())["jobs"]
    docs, sizes = _docs(keep / "articles", 1)
    parts = sorted((keep / "pieces").glob("piece-*.pdf"))
    writer = get_writer("pdf")
    options = WriteOptions.create(**SETTINGS["write"])  # type: ignore[arg-type]
    before = _rss()
    out = keep / "assembled.pdf"
    start = time.perf_counter()
    given = 0

    def saved(pieces: list, targets: object) -> list[Path]:  # type: ignore[type-arg]
        nonlocal given  # (called again for the image credits, when the book shows pictures)
        given += len(pieces)
        return parts[given - len(pieces) : given]

    writer.build_book(docs, options, saved, workers=jobs, sizes=sizes, into=out)  # type: ignore[attr-defined]
    seconds = time.perf_counter() - start
    with pikepdf.open(out) as pdf:
        pages = len(pdf.pages)
    print(json.dumps({"seconds": seconds, "rss_before": before,
                      "maxrss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
                      "pages": pages, "size": out.stat().st_size}))


def _rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def assemble(args: argparse.Namespace) -> None:
    lines = []
    for run in range(args.runs):
        cmd = [sys.executable, __file__, "child", "--keep", str(args.keep)]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, env=dict(os.environ, PYTHONPATH=str(ROOT)))
        peak = 0
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            statm = f"/proc/{proc.pid}/statm"
            while not done.is_set():
                try:
                    with open(statm) as f:
                        peak = max(peak, int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE"))
                except OSError:
                    break
                time.sleep(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        load = os.getloadavg()[0]
        out, _ = proc.communicate()
        done.set()
        sampler.join()
        if proc.returncode:
            raise SystemExit(f"assembly failed ({proc.returncode})")
        m = json.loads(out.decode().strip().splitlines()[-1])
        line = (f"assembly {run + 1}: {m['seconds']:.1f} s  largest RSS {max(peak, m['maxrss']) / 2**20:.0f} MiB "
                f"(sampled {peak / 2**20:.0f}, ru_maxrss {m['maxrss'] / 2**20:.0f}; before the assembly "
                f"{m['rss_before'] / 2**20:.0f})  {m['pages']} pages  {m['size'] / 2**20:.1f} MiB  "
                f"load {load:.1f} -> {os.getloadavg()[0]:.1f}")
        print(line, flush=True)
        lines.append(line)
    if args.out is not None:
        with args.out.open("a", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=("build", "assemble", "child"))
    parser.add_argument("--keep", type=Path, required=True, help="folder of the articles and pieces")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None, help="also append the report here")
    args = parser.parse_args()
    {"build": build, "assemble": assemble, "child": child}[args.mode](args)


if __name__ == "__main__":
    main()
