"""DOCX throughput: ``DocxWriter.render_many`` against one bare pandoc process per article.

    python benchmarks/docx_throughput.py CORPUS_DIR [--rounds N]

Both are measured in the same run, alternating, so machine load hits both alike:

* baseline - for every article, ``pandoc BODY.md -o X.docx`` (its Markdown body, front matter
  removed), one process each: what a script around pandoc would do;
* batch - ``render_many`` over all articles: the full writer (model -> AST, infobox table,
  attribution, chunks through one ``pandoc lua`` process, split, finishing) .

Prints wall and CPU time per article for each round, the best round of each, and the ratio
batch/baseline (the goal is at most 0.5).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import convert
from convert.writers import WriteOptions, get_writer
from convert.writers.pandoc.engine import pandoc_path


def _body(text: str) -> str:
    """The Markdown after the YAML front matter."""
    lines = text.splitlines(keepends=True)
    if lines and lines[0].strip() == "---":
        for i, line in enumerate(lines[1:], start=1):
            if line.strip() in ("---", "..."):
                return "".join(lines[i + 1 :])
    return text


def _cpu() -> float:
    """CPU seconds of this process and its finished children so far."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def baseline(bodies: list[Path], out: Path) -> tuple[float, float]:
    """Wall and CPU seconds for one ``pandoc BODY.md -o X.docx`` per article."""
    pandoc = pandoc_path()
    cpu, start = _cpu(), time.perf_counter()
    for body in bodies:
        subprocess.run([pandoc, str(body), "-o", str(out / (body.stem + ".docx"))], check=True)
    return time.perf_counter() - start, _cpu() - cpu


def batch(docs: list[convert.model.Document]) -> tuple[float, float]:
    """Wall and CPU seconds for ``render_many`` over all articles."""
    writer = get_writer("docx")
    options = WriteOptions.create(source_date_epoch=0)
    cpu, start = _cpu(), time.perf_counter()
    failures = [r for r in writer.render_many(docs, options) if isinstance(r, Exception)]
    elapsed = time.perf_counter() - start, _cpu() - cpu
    if failures:
        raise SystemExit(f"{len(failures)} article(s) failed, first: {failures[0]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="folder of seed .md files")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds (best is kept)")
    args = parser.parse_args()
    files = sorted(p for p in args.corpus.glob("*.md") if p.name.lower() != "readme.md")
    if not files:
        raise SystemExit(f"no .md articles in {args.corpus}")
    docs = [convert.load(p) for p in files]
    n = len(docs)
    with tempfile.TemporaryDirectory(prefix="docx-bench-") as tmp:
        work = Path(tmp)
        bodies = []
        for p in files:
            body = work / f"{p.stem}.md"
            body.write_text(_body(p.read_text(encoding="utf-8")), encoding="utf-8")
            bodies.append(body)
        get_writer("docx").render(docs[0], WriteOptions.create())  # warm imports and caches
        best = {"baseline": (float("inf"), float("inf")), "batch": (float("inf"), float("inf"))}
        print(f"{n} articles from {args.corpus}")
        for r in range(args.rounds):
            order = ("baseline", "batch") if r % 2 == 0 else ("batch", "baseline")
            for name in order:
                wall, cpu = baseline(bodies, work) if name == "baseline" else batch(docs)
                best[name] = min(best[name], (wall, cpu))
                print(f"round {r + 1} {name:8}: {wall:6.2f} s wall ({1000 * wall / n:6.1f} ms/article), "
                      f"{cpu:6.2f} s CPU ({1000 * cpu / n:6.1f} ms/article)")
    (bw, bc), (aw, ac) = best["baseline"], best["batch"]
    print(f"best baseline (pandoc per article): {1000 * bw / n:6.1f} ms/article wall, {1000 * bc / n:6.1f} ms CPU")
    print(f"best batch (render_many)          : {1000 * aw / n:6.1f} ms/article wall, {1000 * ac / n:6.1f} ms CPU")
    ratio = aw / bw
    print(f"ratio batch/baseline: {ratio:.2f} wall, {ac / bc:.2f} CPU (goal <= 0.50): "
          f"{'OK' if ratio <= 0.5 else 'NOT MET'}")
    sys.exit(0 if ratio <= 0.5 else 1)


if __name__ == "__main__":
    main()
