"""Hardening (issue 24): linear work on hostile values, inputs that are not files, process
faults, a wall-clock limit that no library can swallow, control characters, big tables.

Bounds here are on work, or generous time bounds on sizes where the old quadratic code took
minutes, never tuned timings."""

from __future__ import annotations

import time

from convert.frontend import sentence
from convert.frontend.sentence import LinkSpec, build_value


def _ignore(message: str) -> None:
    pass


def test_surplus_links_are_placed_in_linear_work() -> None:
    # 8,000 links to a name that occurs 4,000 times: every link used to rescan every
    # taken occurrence (2,000 took 9 s, 8,000 took 155 s; now 0.1 s and 0.3 s).
    text = "Ab " * 4000
    warnings: list[str] = []
    start = time.perf_counter()
    value = build_value(text, [LinkSpec("Ab", page="Ab")] * 8000, [], [], None, warnings.append)
    assert time.perf_counter() - start < 10
    assert value.text == text
    assert len(warnings) == 4000  # the surplus ones are appended and reported


def test_absent_links_scan_a_bounded_number_of_characters(monkeypatch) -> None:
    # Each link named nowhere in a value scans the whole value; the scans of one value are
    # bounded by a budget linear in its length, so 8,000 of them on a 240 KB value do not
    # cost 8,000 full scans.
    scanned = []
    real = sentence._Search.__init__

    def spy(self, text, taken):  # type: ignore[no-untyped-def]
        real(self, text, taken)
        scanned.append(self)

    monkeypatch.setattr(sentence._Search, "__init__", spy)
    text = "x" * 240_000
    links = [LinkSpec(f"y{i}", page="Y") for i in range(8000)]
    start = time.perf_counter()
    build_value(text, links, [], [], None, _ignore)
    assert time.perf_counter() - start < 10
    state = scanned[-1]
    limit = sentence.SEARCH_BUDGET_PER_CHAR * len(text) + sentence.SEARCH_BUDGET_BASE
    assert -2 * len(text) <= state.budget < limit  # spent, and never far past the budget


def test_links_still_placed_in_order_and_loosely() -> None:
    value = build_value("the cat_sat and The cat", [LinkSpec("cat sat", page="C"), LinkSpec("the cat", page="T")],
                        [], [], None, _ignore)
    para = value.blocks[0]
    pages = [getattr(node, "page", None) for node in para.children]
    assert "C" in pages and "T" in pages


# -- inputs that are not files ----------------------------------------------------------

import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "ada-lovelace.md"


def _cli(*args: str, timeout: float = 60, **kw) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.update(kw.pop("env", {}))
    return subprocess.run([sys.executable, "-m", "convert", *args], capture_output=True, text=True,
                          timeout=timeout, env=env, **kw)


def test_a_named_fifo_is_an_error_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    proc = _cli("convert", str(fifo), "-o", str(tmp_path / "out"), "--to", "json", timeout=30)
    assert proc.returncode == 1
    assert proc.stderr.strip() == f"{fifo}: error: cannot read: a FIFO, not a regular file"
    assert not (tmp_path / "out" / "pipe.json").exists()


def test_a_fifo_in_a_folder_is_skipped_with_a_warning(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.md").write_bytes(SEED.read_bytes())
    os.mkfifo(folder / "b.md")
    proc = _cli("convert", str(folder), "-o", str(tmp_path / "out"), "--to", "json", timeout=30)
    assert proc.returncode == 0, proc.stderr
    assert f"{folder / 'b.md'}: warning: skipped: a FIFO, not a regular file" in proc.stderr.splitlines()
    assert (tmp_path / "out" / "a.json").is_file()
