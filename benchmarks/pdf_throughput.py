"""PDF throughput against bare WeasyPrint, measured in one run (not a test: prints figures).

    python benchmarks/pdf_throughput.py CORPUS_DIR [--repeat N] [--variant pdf/ua-1]

For every ``*.md`` article of CORPUS_DIR, the baseline is what a user gets from the bare
engines: pandoc's standalone HTML of the article body (``pandoc BODY.md -s -o X.html``,
made before timing) rendered by ``weasyprint.HTML(string=...).write_pdf()`` in this same
long-running process. It is compared with ``PdfWriter.render_many`` on the same articles
(infobox, attribution, tagging, fonts and all). Both sides are warmed up first and run
alternately, and each article keeps its best pass; times are CPU time of this process
(``time.process_time``) so other jobs on a shared machine disturb the figures less. The
figure to watch is the ratio of totals.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _pandoc_html(md_files: list[Path], workdir: Path) -> dict[Path, str]:
    """Pandoc's standalone HTML of each article's Markdown body (front matter removed)."""
    import pypandoc

    pandoc = pypandoc.get_pandoc_path()
    out: dict[Path, str] = {}
    for md in md_files:
        text = md.read_text("utf-8")
        if text.startswith("---"):
            end = text.find("\n---", 3)
            text = text[end + 4 :] if end != -1 else text
        body = workdir / (md.stem + ".body.md")
        html = workdir / (md.stem + ".html")
        body.write_text(text, "utf-8")
        subprocess.run(
            [pandoc, str(body), "-s", "-o", str(html)],
            check=True, capture_output=True,
        )
        out[md] = html.read_text("utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--repeat", type=int, default=3, help="passes over the corpus (best kept)")
    parser.add_argument("--variant", default="pdf/ua-1", help="our --pdf-variant (default pdf/ua-1)")
    args = parser.parse_args(argv)

    import weasyprint

    import convert
    from convert.writers import WriteOptions, get_writer

    files = sorted(p for p in args.corpus.glob("*.md") if p.name.lower() != "readme.md")
    docs = [convert.load(p) for p in files]
    with tempfile.TemporaryDirectory() as tmp:
        baseline_html = _pandoc_html(files, Path(tmp))

    writer = get_writer("pdf")
    options = WriteOptions.create(pdf_variant=args.variant, source_date_epoch=0)

    def ours(batch: list) -> float:
        start = time.process_time()
        for result in writer.render_many(batch, options):
            if isinstance(result, Exception):
                raise result
        return time.process_time() - start

    def bare(html: str) -> float:
        start = time.process_time()
        weasyprint.HTML(string=html).write_pdf()
        return time.process_time() - start

    # Warm-up: fonts, Pango caches, our engine's parsed stylesheet.
    ours(docs[:2])
    for p in files[:2]:
        bare(baseline_html[p])

    t_ours: dict[Path, list[float]] = {p: [] for p in files}
    t_bare: dict[Path, list[float]] = {p: [] for p in files}
    for _ in range(args.repeat):
        for path, doc in zip(files, docs):
            t_bare[path].append(bare(baseline_html[path]))
            t_ours[path].append(ours([doc]))

    print(f"{'article':45} {'bare s':>8} {'ours s':>8} {'ratio':>6}")
    for path in files:
        b, o = min(t_bare[path]), min(t_ours[path])
        print(f"{path.stem[:45]:45} {b:8.3f} {o:8.3f} {o / b:6.2f}")
    total_b = sum(min(v) for v in t_bare.values())
    total_o = sum(min(v) for v in t_ours.values())
    n = len(files)
    print(f"\n{n} articles, variant {args.variant}")
    print(f"bare WeasyPrint on pandoc HTML: {total_b:.2f} s ({total_b / n * 1000:.0f} ms/article)")
    print(f"wikiexport PdfWriter:           {total_o:.2f} s ({total_o / n * 1000:.0f} ms/article)")
    print(f"ratio (ours / bare): {total_o / total_b:.2f}  (target <= 1.20)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
