"""The article page of ``wikiexport serve``: first view (the HTML writer's body, pandoc
started) against a repeat view (from the server's page cache), loopback only.

Usage: python benchmarks/serve_article_page.py [SEEDS_DIR] [--rounds 5]

Starts the server on a library of the seeds (default ``tests/fixtures/corpus``), as a user does, then for
each article: one first view, ``--rounds`` repeat views, then the file touched and one view
again (rendered anew). Reported: median time per request of each kind, over all articles.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.serve_support import Server  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seeds", nargs="?", type=Path, default=ROOT / "tests" / "fixtures" / "corpus")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        library = Path(tmp) / "library"
        library.mkdir()
        files = sorted(args.seeds.glob("*.md"))
        for f in files:
            shutil.copy(f, library / f.name)
        server = Server(library, "-j", "1", "--timeout", "120")
        try:
            status, found = server.json("GET", "/api/v1/search?per_page=100")
            titles = [quote(r["title"].replace(" ", "_"), safe="") for r in found["results"]]
            first, repeat, touched = [], [], []

            def view(title: str) -> float:
                start = time.perf_counter()
                code, _h, _page = server.request("GET", "/article/" + title)
                took = time.perf_counter() - start
                assert code == 200, (title, code)
                return took

            view(titles[0])  # the worker's start is not the page's cost
            for title in titles[1:]:
                first.append(view(title))
                repeat.extend(view(title) for _ in range(args.rounds))
            for f in files:
                os.utime(library / f.name)
            for title in titles[1:]:
                touched.append(view(title))
        finally:
            server.stop()
    ms = lambda xs: f"{1000 * statistics.median(xs):.1f} ms"  # noqa: E731
    print(f"articles: {len(titles) - 1}, repeat views each: {args.rounds}")
    print(f"first view (rendered):       median {ms(first)}")
    print(f"repeat view (page cache):    median {ms(repeat)}")
    print(f"after the file is touched:   median {ms(touched)}")


if __name__ == "__main__":
    main()
