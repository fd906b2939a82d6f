"""Load test of ``wikiexport serve``: single-article PDFs from concurrent clients, loopback only.

Usage: python benchmarks/serve_load.py CORPUS_DIR [--requests 100] [--clients 20] [--workers N]

Builds a library of distinct seeds (the corpus, copied with a marked title until there are
``--requests`` different articles, so no answer comes from the cache), starts the server as
a user does, and sends ``--requests`` requests for different single-article PDFs from
``--clients`` concurrent clients, twice:

1. as the issue asks: each request once; every answer must be a PDF (200, starts with
   ``%PDF-``) or a 503 with ``Retry-After``; none lost, none hung (120 s per request);
2. clients that honour ``Retry-After`` and ask again until they get their PDF (fresh
   articles again): the throughput a patient client sees.

Reported: requests/s, latency percentiles (200s and all answers), the server's memory (PSS
of the server and its workers) before any job, idle with every worker warm, at its peak,
and 10 s and 45 s after the load (workers are let go after 30 s without work, --idle-workers); and, in the same run, the CLI's time per article: ``wikiexport convert`` of the
same number of articles with ``--to pdf -jN``, and of one article alone.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from urllib.parse import quote
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.serve_support import Server  # noqa: E402


def _pss_tree(pid: int) -> int:
    """PSS in bytes of ``pid`` and all its descendants (workers share pages, counted once)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup", "rb") as fh:
                for line in fh:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except OSError:
            continue
    return total


def build(corpus: Path, folder: Path, count: int) -> list[str]:
    """``count`` distinct seeds (a copy's title gets a suffix); their titles."""
    seeds = sorted(p for p in corpus.glob("*.md") if p.name != "README.md")
    titles: list[str] = []
    n = 0
    while len(titles) < count:
        seed = seeds[n % len(seeds)]
        copy = n // len(seeds)
        text = seed.read_text(encoding="utf-8")
        match = re.search(r"^title: *(.+)$", text, re.M)
        assert match, seed
        title = match.group(1).strip().strip("\"'")
        if copy:
            title = f"{title} copy {copy}"
            text = text[:match.start()] + f'title: "{title}"' + text[match.end():]
        (folder / f"{copy}-{seed.name}").write_text(text, encoding="utf-8")
        titles.append(title)
        n += 1
    return titles


def fetch(port: int, title: str, retry: bool) -> tuple[int, float, bool, int]:
    """(final status, seconds, a 503 carried Retry-After, tries)."""
    path = "/api/v1/pdf/" + quote(title.replace(" ", "_"), safe="")
    start = time.perf_counter()
    tries = 0
    while True:
        tries += 1
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read()
            status, after = response.status, response.getheader("Retry-After")
        finally:
            conn.close()
        if status == 200 and not body.startswith(b"%PDF-"):
            return -1, time.perf_counter() - start, False, tries
        if status == 503 and retry and after:
            time.sleep(int(after))
            continue
        return status, time.perf_counter() - start, status != 503 or bool(after), tries


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


def run_phase(server: Server, titles: list[str], clients: int, retry: bool) -> None:
    peak = [0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], _pss_tree(server.proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(lambda t: fetch(server.port, t, retry), titles))
    wall = time.perf_counter() - start
    stop.set()
    sampler.join()
    ok = [r for r in results if r[0] == 200]
    busy = [r for r in results if r[0] == 503]
    other = [r for r in results if r[0] not in (200, 503)]
    lat_ok = [r[1] for r in ok]
    lat_all = [r[1] for r in results]
    name = "retrying clients" if retry else "one try each"
    print(f"\n[{name}] {len(titles)} requests, {clients} clients: {len(ok)} PDFs, {len(busy)} x 503 "
          f"(all with Retry-After: {all(r[2] for r in busy)}), {len(other)} other/lost; wall {wall:.1f} s")
    print(f"  answers/s {len(results) / wall:.1f}; PDFs/s {len(ok) / wall:.2f}"
          + (f"; tries {sum(r[3] for r in results)}" if retry else ""))
    print(f"  latency of PDFs  p50 {pct(lat_ok, .5):.2f} s  p90 {pct(lat_ok, .9):.2f} s  p99 {pct(lat_ok, .99):.2f} s  max {max(lat_ok, default=float('nan')):.2f} s")
    print(f"  latency of all   p50 {pct(lat_all, .5):.3f} s  p90 {pct(lat_all, .9):.3f} s  p99 {pct(lat_all, .99):.3f} s")
    print(f"  server memory peak {peak[0] / 2**20:.0f} MiB")
    assert not other, other
    assert all(r[2] for r in busy), "a 503 without Retry-After"


def cli_time(folder: Path, workers: int, out: Path) -> tuple[float, float, int]:
    """Wall time of ``wikiexport convert FOLDER --to pdf -jN`` and of one article alone."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    files = sorted(folder.glob("*.md"))
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "convert", "convert", str(folder), "--to", "pdf", "-j", str(workers),
                    "-q", "-o", str(out / "many")], env=env, check=False, timeout=1800)
    many = time.perf_counter() - start
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "convert", "convert", str(files[0]), "--to", "pdf", "-q", "-o",
                    str(out / "one")], env=env, check=False, timeout=600)
    return many, time.perf_counter() - start, len(files)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="serve-load-") as tmp:
        lib = Path(tmp) / "library"
        lib.mkdir()
        titles = build(args.corpus, lib, 2 * args.requests + args.workers)
        server = Server(lib, "-j", str(args.workers))
        try:
            print(f"server: {args.workers} workers, queue {2 * (os.cpu_count() or 1)} (default), "
                  f"{len(titles)} distinct articles")
            cold = _pss_tree(server.proc.pid)
            # One PDF per worker at once, so every worker is started and warm before the
            # idle level is taken (a worker is started on demand).
            warm = titles[2 * args.requests: 2 * args.requests + args.workers]
            with ThreadPoolExecutor(len(warm)) as pool:
                assert all(r[0] == 200 for r in pool.map(lambda t: fetch(server.port, t, True), warm))
            time.sleep(2)
            idle = _pss_tree(server.proc.pid)
            print(f"server memory: {cold / 2**20:.0f} MiB before any job, {idle / 2**20:.0f} MiB idle with "
                  f"{args.workers} warm workers")
            run_phase(server, titles[: args.requests], args.clients, retry=False)
            run_phase(server, titles[args.requests: 2 * args.requests], args.clients, retry=True)
            for wait in (10, 35):
                time.sleep(wait)
                after = _pss_tree(server.proc.pid)
                print(f"server memory {wait if wait == 10 else 45} s after the load: {after / 2**20:.0f} MiB "
                      f"({(after - idle) / 2**20:+.0f} MiB against idle with warm workers, "
                      f"{(after - cold) / 2**20:+.0f} MiB against before any job)")
        finally:
            server.stop()
        sample = Path(tmp) / "cli"
        sample.mkdir()
        for path in sorted(lib.glob("*.md"))[: args.requests]:
            shutil.copy(path, sample / path.name)
        many, one, n = cli_time(sample, args.workers, Path(tmp) / "out")
        print(f"\nCLI, same run: wikiexport convert {n} articles --to pdf -j{args.workers}: {many:.1f} s "
              f"= {many / n:.2f} s an article ({n / many:.2f} articles/s); one article alone: {one:.1f} s")


if __name__ == "__main__":
    main()
