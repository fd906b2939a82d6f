"""Batch throughput and peak memory of ``wikiexport convert``, against the bare engines.

Usage: python benchmarks/batch_throughput.py CORPUS_DIR [--jobs N] [--copies K] [--formats a,b]
                                             [--rounds R] [--skip-bare] [--skip-j1]

For each format and for ``--to all``, runs ``wikiexport convert CORPUS --to FMT -jJ`` for
J = 1 and J = N (default: CPU count) and measures wall time, articles/s and the peak
resident memory of the whole process tree (parent + workers, sampled every 20 ms).
Baseline in the same run, one process per article as people script it by hand:
``pandoc BODY.md -o X.docx``, ``pandoc BODY.md -o X.epub``, and WeasyPrint on pandoc's
standalone HTML (``pandoc BODY.md -s -o X.html`` then ``weasyprint X.html X.pdf``).
``--rounds R`` alternates -j1 and -jN R times per format and reports medians (the
speed-up is the median of each round's ratio: a shared machine's slow spells then hit both
sides of a ratio alike). Each round also measures the machine's ceiling: how much faster N
CPU-bound processes finish than one (on a shared virtual machine often well under N). ``--copies K`` first copies the corpus K times (e.g. 47 x 22 = 1,034 articles) to check
that memory stays bounded as the batch grows.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")


def _pss(pid: int) -> int:
    """Proportional set size: shared pages (forked workers share most of the parent's)
    counted once across the processes that share them."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _tree(root: int) -> list[int]:
    """``root`` and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                ppid = int(fh.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, stack = [], [root]
    while stack:
        pid = stack.pop()
        out.append(pid)
        stack.extend(children.get(pid, []))
    return out


def _tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
            ppid, pages = int(fields[1]), int(fields[21])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = pages * PAGE
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def _burn(_: int = 0) -> None:
    x = 0
    for i in range(20_000_000):
        x += i


def ceiling(jobs: int) -> float:
    """How much faster ``jobs`` CPU-bound processes finish than one, right now: the most any
    -jN can gain on this machine (a shared virtual machine often gives well under N)."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")

    def run(n: int) -> float:
        procs = [ctx.Process(target=_burn) for _ in range(n)]
        start = time.perf_counter()
        for p in procs:
            p.start()
        for p in procs:
            p.join()
        return time.perf_counter() - start

    one = run(1)
    return jobs * one / run(jobs)


def timed(cmd: list[str]) -> tuple[float, int]:
    """Wall seconds and exit code of ``cmd``, with nothing else running: sampling memory
    takes CPU that -jN needs on a small machine (and -j1 does not), so timing runs and
    memory runs are separate."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if proc.returncode not in (0, 1):
        print(proc.stderr.decode(errors="replace")[-2000:], file=sys.stderr)
    return time.perf_counter() - start, proc.returncode


def measure(cmd: list[str]) -> tuple[float, int, int, int]:
    """Wall seconds, peak tree RSS and peak tree PSS in bytes, exit code of ``cmd``."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = peak_pss = 0
    done = threading.Event()

    def sample() -> None:
        # PSS (smaps_rollup) is costly to read: sampled every 5th tick so the sampler
        # does not slow the run it measures on a 2-core machine.
        nonlocal peak, peak_pss
        tick = 0
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            if tick % 5 == 0:
                peak_pss = max(peak_pss, sum(_pss(pid) for pid in _tree(proc.pid)))
            tick += 1
            time.sleep(0.02)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    _, err = proc.communicate()
    done.set()
    thread.join()
    if proc.returncode not in (0, 1):
        print(err.decode(errors="replace")[-2000:], file=sys.stderr)
    return time.perf_counter() - start, peak, peak_pss, proc.returncode


def bodies(files: list[Path], folder: Path) -> list[Path]:
    """The Markdown bodies (front matter removed), as a user of bare pandoc would feed them."""
    out = []
    for f in files:
        text = f.read_text(encoding="utf-8")
        if text.startswith("---"):
            end = text.find("\n---", 3)
            text = text[end + 4 :] if end >= 0 else text
        dest = folder / (f.stem + ".md")
        dest.write_text(text, encoding="utf-8")
        out.append(dest)
    return out


def bare(bodies_: list[Path], work: Path, kind: str) -> float:
    import pypandoc

    pandoc = pypandoc.get_pandoc_path()
    start = time.perf_counter()
    for body in bodies_:
        if kind in ("docx", "epub"):
            subprocess.run([pandoc, str(body), "-o", str(work / f"{body.stem}.{kind}"),
                            "--metadata", f"title={body.stem}"], check=True, capture_output=True)
        else:
            html = work / f"{body.stem}.html"
            subprocess.run([pandoc, str(body), "-s", "-o", str(html), "--metadata", f"title={body.stem}"],
                           check=True, capture_output=True)
            subprocess.run([sys.executable, "-m", "weasyprint", str(html), str(work / f"{body.stem}.pdf")],
                           check=True, capture_output=True)
    return time.perf_counter() - start


def _command(corpus: Path, fmt: str, out: Path, jobs: int) -> list[str]:
    return [sys.executable, "-m", "convert", "convert", str(corpus), "--to", fmt, "-o", str(out),
            "-j", str(jobs), "-q"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--copies", type=int, default=1)
    parser.add_argument("--formats", default="pdf,epub,docx,wikitext,json,all")
    parser.add_argument("--skip-bare", action="store_true")
    parser.add_argument("--rounds", type=int, default=1, help="alternating -j1/-jN runs per format")
    parser.add_argument("--skip-j1", action="store_true", help="only -jN (e.g. for a 1,000-article memory run)")
    args = parser.parse_args()

    files = sorted(p for p in args.corpus.glob("*.md") if not p.name.upper().startswith("README"))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpus = work / "corpus"
        corpus.mkdir()
        for k in range(args.copies):
            for f in files:
                shutil.copy(f, corpus / f"{f.stem}-{k}.md")
        n = len(files) * args.copies
        print(f"articles: {n}, cores: {os.cpu_count()}, jobs: 1 and {args.jobs}")
        rows: list[tuple[str, int, float, int, int]] = []
        ratios: dict[str, list[float]] = {}
        ceilings: dict[str, list[float]] = {}
        for fmt in args.formats.split(","):
            for _round in range(args.rounds):
                # -j1 and -jN alternate, so a slow spell of a shared machine hits both alike;
                # each round's speed-up compares two neighbouring runs.
                times: dict[int, float] = {}
                for jobs in ([args.jobs] if args.skip_j1 else sorted({1, args.jobs})):
                    out = work / f"out-{fmt}-{jobs}"
                    seconds, code = timed(_command(corpus, fmt, out, jobs))
                    rows.append((fmt, jobs, seconds, 0, 0))
                    times[jobs] = seconds
                    print(f"  {fmt:9} -j{jobs}: {seconds:7.2f} s  {n / seconds:7.1f} art/s"
                          f"{'' if code == 0 else f'  (exit {code})'}", flush=True)
                    shutil.rmtree(out, ignore_errors=True)
                if 1 in times and args.jobs in times and args.jobs != 1:
                    ratios.setdefault(fmt, []).append(times[1] / times[args.jobs])
                    ceilings.setdefault(fmt, []).append(ceiling(args.jobs))
                    print(f"  {'':9} machine ceiling now: {ceilings[fmt][-1]:.2f}x for {args.jobs} CPU-bound processes",
                          flush=True)
            for jobs in ([args.jobs] if args.skip_j1 else sorted({1, args.jobs})):
                out = work / f"out-{fmt}-{jobs}"
                seconds, peak, pss, code = measure(_command(corpus, fmt, out, jobs))
                rows.append((fmt, jobs, -1.0, peak, pss))
                print(f"  {fmt:9} -j{jobs}: memory run ({seconds:.2f} s while sampled): peak RSS {peak / 2**20:5.0f} MiB"
                      f"  PSS {pss / 2**20:5.0f} MiB", flush=True)
                shutil.rmtree(out, ignore_errors=True)
        print()
        print(f"{'format':9} {'j1 s':>8} {'jN s':>8} {'speed-up':>9} {'(min-max)':>13} {'RSS MiB jN':>11} {'PSS MiB jN':>11}")
        print(f"{'':9} {'(median of ' + str(args.rounds) + ')':>17}{'':>23}{'(peak of all rounds)':>23}")
        by: dict[tuple[str, int], tuple[float, int, int]] = {}
        for f, j, s_, p_, q_ in rows:
            old = by.get((f, j))
            by[(f, j)] = (s_, p_, q_) if old is None else (0.0, max(old[1], p_), max(old[2], q_))
        for (f, j) in by:
            secs = sorted(s_ for f2, j2, s_, _p, _q in rows if (f2, j2) == (f, j) and s_ >= 0)
            by[(f, j)] = (statistics.median(secs), by[(f, j)][1], by[(f, j)][2])
        for fmt in args.formats.split(","):
            s1 = by[(fmt, 1)][0] if (fmt, 1) in by else float("nan")
            sn, pn, qn = by[(fmt, args.jobs)]
            r = ratios.get(fmt, [])
            spread = f"{min(r):.2f}-{max(r):.2f}" if r else "-"
            med = statistics.median(r) if r else s1 / sn
            print(f"{fmt:9} {s1:8.2f} {sn:8.2f} {med:8.2f}x {spread:>13} {pn / 2**20:11.0f} {qn / 2**20:11.0f}")
        for fmt, values in ceilings.items():
            print(f"{fmt}: machine ceiling median {statistics.median(values):.2f}x "
                  f"({min(values):.2f}-{max(values):.2f}); speed-up / ceiling = "
                  f"{statistics.median(ratios[fmt]) / statistics.median(values):.0%}")
        if args.skip_bare:
            return 0
        bare_dir = work / "bare"
        bare_dir.mkdir()
        bodies_ = bodies(sorted(corpus.glob("*.md")), bare_dir)
        print("\nbare engines, one process per article:")
        bare_times = {}
        for kind in ("docx", "epub", "pdf"):
            bare_times[kind] = bare(bodies_, bare_dir, kind)
            mine = by.get((kind, args.jobs))
            ratio = f"  wikiexport -j{args.jobs} is {bare_times[kind] / mine[0]:.2f}x faster" if mine else ""
            print(f"  {kind:5}: {bare_times[kind]:7.2f} s  ({bare_times[kind] / n * 1000:.0f} ms/article){ratio}")
        total = sum(bare_times.values())
        if ("all", args.jobs) in by:
            print(f"  pdf+epub+docx bare: {total:.2f} s; wikiexport --to all -j{args.jobs}: "
                  f"{by[('all', args.jobs)][0]:.2f} s -> {total / by[('all', args.jobs)][0]:.2f}x faster")
    return 0


if __name__ == "__main__":
    sys.exit(main())
