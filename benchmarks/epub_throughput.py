"""EPUB throughput: bundles of many articles, and batches against bare pandoc.

Prints, measured in the same run:

* time and peak memory (Python and pandoc, resident) of one EPUB bundle of the 47 corpus
  articles, and of bundles of corpus copies (1,000 articles by default): the time per
  article should stay flat (linear growth);
* time per article of ``render_many`` (one ``pandoc lua`` process, our AST, cover and
  stylesheet) against one ``pandoc BODY.md -o X.epub`` process per article on the same
  Markdown bodies.

Usage: ``python benchmarks/epub_throughput.py [CORPUS_DIR] [--sizes 47,200,1000] [--rounds 2]``
(default corpus: ``tests/fixtures/corpus``). Each bundle is built in a fresh child process
so its peak memory is its own.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _articles(corpus: Path) -> list[Path]:
    """The corpus's seed files (a README.md beside them is not an article)."""
    return [p for p in sorted(corpus.glob("*.md")) if p.read_bytes().startswith(b"---")]


def _docs(corpus: Path, count: int) -> list:
    import convert

    base = [convert.load(p) for p in _articles(corpus)]
    docs = []
    for i in range(count):
        doc = base[i % len(base)]
        copy = i // len(base)
        if copy:  # distinct titles, so every copy is its own chapter with its own ids
            doc = replace(doc, meta=replace(doc.meta, title=f"{doc.meta.title} ({copy + 1})"))
        docs.append(doc)
    return docs


def _child_bundle(corpus: Path, count: int) -> None:
    """Runs in a child process: build one bundle, print its figures as JSON."""
    from convert.writers import WriteOptions, get_writer

    docs = _docs(corpus, count)
    start = time.perf_counter()
    data = get_writer("epub").render_bundle(docs, WriteOptions.create(title=f"{count} articles", source_date_epoch=0))
    seconds = time.perf_counter() - start
    print(json.dumps({
        "articles": count, "seconds": seconds, "bytes": len(data),
        "python_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "pandoc_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }))


def bundles(corpus: Path, sizes: list[int]) -> None:
    print("EPUB bundles (render_bundle, one pandoc job per book)")
    print(f"{'articles':>9} {'seconds':>9} {'ms/article':>11} {'MB out':>8} {'py peak MB':>11} {'pandoc peak MB':>15}")
    for n in sizes:
        out = subprocess.run([sys.executable, __file__, str(corpus), "--child-bundle", str(n)],
                             capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{n:>9} {r['seconds']:>9.2f} {r['seconds'] / n * 1000:>11.1f} {r['bytes'] / 1e6:>8.2f} "
              f"{r['python_peak_mb']:>11.0f} {r['pandoc_peak_mb']:>15.0f}")


def _body(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if text.startswith("---"):
        end = text.find("\n---", 3)
        text = text[text.find("\n", end + 1) + 1:] if end >= 0 else text
    return text


def batch_vs_pandoc(corpus: Path, rounds: int) -> None:
    from convert.writers import WriteOptions, get_writer
    from convert.writers.pandoc.engine import pandoc_path

    paths = _articles(corpus)
    docs = _docs(corpus, len(paths))
    writer, options = get_writer("epub"), WriteOptions.create(source_date_epoch=0)
    pandoc = pandoc_path()
    with tempfile.TemporaryDirectory() as tmp:
        bodies = []
        for p in paths:
            body = Path(tmp) / (p.stem + ".md")
            body.write_text(_body(p), encoding="utf-8")
            bodies.append(body)
        list(writer.render_many(docs[:2], options))  # warm caches (fonts) once
        best_bare = best_batch = float("inf")
        for _ in range(rounds):  # interleaved, best of N: both see the same machine load
            start = time.perf_counter()
            for body in bodies:
                subprocess.run([pandoc, str(body), "-o", str(body.with_suffix(".epub"))], check=True,
                               capture_output=True)
            best_bare = min(best_bare, time.perf_counter() - start)
            start = time.perf_counter()
            results = list(writer.render_many(docs, options))
            best_batch = min(best_batch, time.perf_counter() - start)
            failed = [r for r in results if isinstance(r, Exception)]
            if failed:
                raise SystemExit(f"render_many failed: {failed[0]}")
    n = len(paths)
    print(f"\nPer-article EPUB, {n} corpus articles, best of {rounds}")
    print(f"  pandoc BODY.md -o X.epub, one process each : {best_bare / n * 1000:7.1f} ms/article")
    print(f"  render_many (one pandoc lua process)        : {best_batch / n * 1000:7.1f} ms/article")
    print(f"  ratio batch / bare                          : {best_batch / best_bare:7.2f}  (target <= 0.50)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", default=str(ROOT / "tests" / "fixtures" / "corpus"))
    ap.add_argument("--sizes", default="47,1000", help="bundle sizes, comma-separated")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--skip-bundles", action="store_true")
    ap.add_argument("--child-bundle", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    corpus = Path(args.corpus)
    if args.child_bundle:
        _child_bundle(corpus, args.child_bundle)
        return
    print(f"corpus: {corpus} ({len(_articles(corpus))} articles)")
    if not args.skip_bundles:
        bundles(corpus, [int(s) for s in args.sizes.split(",") if s])
    batch_vs_pandoc(corpus, args.rounds)


if __name__ == "__main__":
    main()
