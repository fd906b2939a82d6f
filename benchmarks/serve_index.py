"""Indexing and search speed of ``wikiexport serve``'s library index.

Usage: python benchmarks/serve_index.py CORPUS_DIR [--count 20000] [--workers N]

Copies the corpus' seeds into a temporary library until it holds ``--count`` files (each
copy a real file), then measures: the first scan (what ``wikiexport serve`` does before
it listens), a second scan with nothing changed (what the server does every few seconds),
a scan after touching 100 files, and the time of searches as the library page and the API
ask them (count + one page of 20), with and without filters, including words that match
thousands of articles. Target from the issue: 20,000 seeds in under a minute, a search in
under 50 ms.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from convert.serve.index import Library  # noqa: E402

QUERIES = ["tower", "the", "war", "born", "music", "a", "alexandria", "university of", "dies ist",
           "grand prix", "zzzz", "moto", "football club", "stadt", "1951"]


def build(corpus: Path, folder: Path, count: int) -> int:
    seeds = sorted(p for p in corpus.glob("*.md") if p.name != "README.md")
    made = 0
    copy = 0
    while made < count:
        sub = folder / f"copy{copy:04d}"
        sub.mkdir()
        for seed in seeds:
            if made == count:
                break
            shutil.copyfile(seed, sub / seed.name)
            made += 1
        copy += 1
    return made


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="serve-index-") as tmp:
        root = Path(tmp) / "library"
        root.mkdir()
        t = time.perf_counter()
        files = build(args.corpus, root, args.count)
        print(f"library: {files:,} seed files copied in {time.perf_counter() - t:.1f} s")
        library = Library(root, Path(tmp) / "index.sqlite3")
        t = time.perf_counter()
        with ProcessPoolExecutor(args.workers, mp_context=mp.get_context("spawn")) as pool:
            read, _gone = library.scan(pool)
        first = time.perf_counter() - t
        cpu = sum(getattr(resource.getrusage(who), f) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
                  for f in ("ru_utime", "ru_stime"))
        print(f"first scan: {read:,} files read and indexed in {first:.1f} s with {args.workers} workers "
              f"({read / first:,.0f} files/s); {library.count():,} articles, {len(library.problems())} unreadable "
              f"-> {'PASS' if first < 60 else 'FAIL'} (< 60 s)")
        print(f"  CPU time of the scan (this process + workers, copying included): {cpu:.1f} s = "
              f"{cpu / max(1, args.workers):.1f} s of wall time on {args.workers} idle cores; "
              f"load average now {os.getloadavg()[0]:.1f} (other work on the machine slows the wall time)")
        t = time.perf_counter()
        read, _ = library.scan()
        print(f"rescan, nothing changed: {time.perf_counter() - t:.2f} s ({read} files read)")
        for path in list(root.glob("copy0001/*.md"))[:100]:
            os.utime(path)
        t = time.perf_counter()
        read, _ = library.scan()
        print(f"rescan after touching 100 files: {time.perf_counter() - t:.2f} s ({read} files read)")
        langs = [lang for lang, _n in library.facets()["lang"]]
        templates = [tpl for tpl, _n in library.facets()["template"]]
        cases = [(q, "", "") for q in QUERIES] + [(q, langs[1 % len(langs)], "") for q in QUERIES[:5]] + \
                [("", "", templates[0]), ("", "", ""), ("the", "", templates[0])]
        for q, lang, tpl in cases:  # warm the page cache once, as a running server would be
            library.search(q, lang, tpl)
        times = []
        for q, lang, tpl in cases:
            runs = []
            for _ in range(5):
                t = time.perf_counter()
                page = library.search(q, lang, tpl, 0, 20)
                runs.append(time.perf_counter() - t)
            ms = statistics.median(runs) * 1000
            times.append(ms)
            print(f"  search q={q!r:16} lang={lang!r:5} template={tpl!r:22} {page.total:6,} matches  {ms:6.1f} ms")
        print(f"search: median {statistics.median(times):.1f} ms, slowest {max(times):.1f} ms "
              f"-> {'PASS' if max(times) < 50 else 'FAIL'} (< 50 ms)")
        deep = library.search("the", "", "", 10_000, 20)
        t = time.perf_counter()
        library.search("the", "", "", 10_000, 20)
        print(f"deep page (offset 10,000 of {deep.total:,}): {(time.perf_counter() - t) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
