"""PDF books at scale: a book of N articles against the same N articles one PDF each.

Usage: python benchmarks/pdf_book_scale.py [--articles 210] [--large 1000] [--jobs 2] [--out FILE]

Both sides in the same run, from the same folder of articles (the corpus in
tests/fixtures/corpus and seeds/, copied round-robin under distinct names until there are
N): ``wikiexport bundle DIR -o book.pdf`` with the default options, and
``wikiexport convert DIR --to pdf -jJ``. Then a book of ``--large`` articles. Reported:
wall time, time per article, and the largest resident set (RSS) of any single process of
the run's process tree (sampled every 50 ms). Targets (issue 19): book time <= 1.3x the
separate PDFs; largest process < 1 GiB; the large book's time per article within 1.2x of
the small book's. The machine's load average is printed at the start and end of each run:
a shared machine slows the runs unevenly.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "tests" / "fixtures" / "corpus").glob("*.md")) + sorted((ROOT / "seeds").glob("*.md"))
GIB = 1024**3


def articles(folder: Path, count: int) -> Path:
    """``count`` article files in ``folder``, the corpus copied round-robin."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        source = SOURCES[i % len(SOURCES)]
        shutil.copyfile(source, folder / f"{i:04d}-{source.name}")
    return folder


def measure(cmd: list[str], log: Path) -> dict[str, float]:
    """Run ``cmd``; wall time and the largest RSS of any one process of its tree."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    load0 = os.getloadavg()[0]
    start = time.perf_counter()
    with log.open("wb") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)
        peak = 0
        peak_is_parent = True
        done = threading.Event()

        def sample() -> None:
            nonlocal peak, peak_is_parent
            parent = psutil.Process(proc.pid)
            while not done.is_set():
                try:
                    procs = [parent, *parent.children(recursive=True)]
                except psutil.Error:
                    break
                for p in procs:
                    try:
                        rss = p.memory_info().rss
                        if rss > peak:
                            peak, peak_is_parent = rss, p.pid == proc.pid
                    except psutil.Error:
                        pass
                time.sleep(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        code = proc.wait()
        done.set()
        sampler.join()
    seconds = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({code}); see {log}")
    return {"seconds": seconds, "rss": peak, "load_start": load0, "load_end": os.getloadavg()[0],
            "parent": float(peak_is_parent)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=210)
    parser.add_argument("--large", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=None, help="also write the report here")
    parser.add_argument("--large-only", action="store_true", help="measure the large book only")
    args = parser.parse_args()
    lines: list[str] = []

    def report(text: str) -> None:
        print(text, flush=True)
        lines.append(text)

    cli = [sys.executable, "-m", "convert"]
    with tempfile.TemporaryDirectory(prefix="pdf-book-scale-") as tmp:
        work = Path(tmp)
        if args.large_only:
            large_dir = articles(work / "large", args.large)
            m = measure([*cli, "bundle", str(large_dir), "-o", str(work / "large.pdf"), "--title", "Scale"],
                        work / "large.log")
            report(f"book of {args.large}: {m['seconds']:.1f} s  {m['seconds'] / args.large:.3f} s/article  "
                   f"largest process {m['rss'] / 2**20:.0f} MiB ({'parent' if m['parent'] else 'worker'})  "
                   f"load {m['load_start']:.1f} -> {m['load_end']:.1f}  size {(work / 'large.pdf').stat().st_size >> 20} MiB")
            if args.out is not None:
                args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
            return
        small = articles(work / "small", args.articles)
        report(f"# {args.articles} articles ({len(SOURCES)} distinct), {os.cpu_count()} CPUs, jobs {args.jobs}")
        book = measure([*cli, "bundle", str(small), "-o", str(work / "book.pdf"), "--title", "Scale"],
                       work / "book.log")
        separate = measure([*cli, "convert", str(small), "--to", "pdf", f"-j{args.jobs}", "-o", str(work / "out")],
                           work / "separate.log")
        large_dir = articles(work / "large", args.large)
        large = measure([*cli, "bundle", str(large_dir), "-o", str(work / "large.pdf"), "--title", "Scale"],
                        work / "large.log")
        for name, m, n in (("book", book, args.articles), ("separate -j%d" % args.jobs, separate, args.articles),
                           (f"book of {args.large}", large, args.large)):
            report(f"{name:>16}: {m['seconds']:8.1f} s  {m['seconds'] / n:6.3f} s/article  "
                   f"largest process {m['rss'] / 2**20:7.0f} MiB ({'parent' if m['parent'] else 'worker'})  load {m['load_start']:.1f} -> {m['load_end']:.1f}")
        ratio = book["seconds"] / separate["seconds"]
        per = (large["seconds"] / args.large) / (book["seconds"] / args.articles)
        rss = max(book["rss"], large["rss"])
        report(f"book / separate = {ratio:.2f} (target <= 1.3): {'ok' if ratio <= 1.3 else 'MISSED'}")
        report(f"largest process {rss / 2**20:.0f} MiB (target < 1024): {'ok' if rss < GIB else 'MISSED'}")
        report(f"{args.large}-article book per article / {args.articles}-article book per article = {per:.2f} "
               f"(target <= 1.2): {'ok' if per <= 1.2 else 'MISSED'}")
    if args.out is not None:
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
