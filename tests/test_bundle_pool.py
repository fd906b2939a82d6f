"""``wikiexport bundle`` reads its articles on the batch's process pool: the per-article
time limit applies (an article that hangs the front end is one error line, and the book is
made of the others) and a killed run leaves no reader behind."""

from __future__ import annotations

import json
import re
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest

from convert.batch.jobs import Settings
from convert.batch.run import run_bundle

ROOT = Path(__file__).resolve().parent.parent

ARTICLE = """---
title: {title}
---

{title} is an article. {marker}
"""

HANG = "HANG-THE-FRONT-END"

# Installed in the process that forks the readers: the front end sleeps on a marked article.
PATCH = f"""
import time
import convert.frontend as frontend

real = frontend.loads

def loads(data, *args, **kwargs):
    if b"{HANG}" in bytes(data):
        time.sleep(600)
    return real(data, *args, **kwargs)

frontend.loads = loads
"""


def _articles(folder: Path, hang: int | None = None, count: int = 5) -> list[tuple[str, str]]:
    folder.mkdir(parents=True, exist_ok=True)
    inputs = []
    for i in range(count):
        path = folder / f"{i:02d}-article.md"
        path.write_text(ARTICLE.format(title=f"Article {i}", marker=HANG if i == hang else ""), encoding="utf-8")
        inputs.append((str(path), path.stem))
    return inputs


def test_articles_come_back_in_order_from_several_readers(tmp_path: Path) -> None:
    inputs = _articles(tmp_path / "in", count=40)
    out = tmp_path / "book.json"
    code = run_bundle(inputs, "json", str(out), Settings(), quiet=True, jobs=2)
    assert code == 0
    titles = [a["meta"]["title"] for a in json.loads(out.read_text("utf-8"))["documents"]]
    assert titles == [f"Article {i}" for i in range(40)]


def test_an_unreadable_article_is_reported_and_left_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inputs = _articles(tmp_path / "in")
    Path(inputs[2][0]).write_text("---\ntitle: [unclosed\n---\nBody.\n", encoding="utf-8")
    out = tmp_path / "book.json"
    code = run_bundle(inputs, "json", str(out), Settings(), quiet=True, jobs=2)
    assert code == 1
    err = capsys.readouterr().err
    assert re.search(re.escape(inputs[2][0]) + r":\d+: error: ", err)
    assert len(json.loads(out.read_text("utf-8"))["documents"]) == 4


@pytest.mark.slow
def test_an_article_hanging_the_front_end_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    inputs = _articles(tmp_path / "in", hang=1)
    namespace: dict[str, object] = {}
    exec(PATCH, namespace)  # noqa: S102 - the test's own patch, forked into the readers
    try:
        # --timeout 0.2: the per-article limit is one engine timeout plus the 5 s margin.
        settings = Settings(write={"timeout": 0.2})
        out = tmp_path / "book.json"
        start = time.monotonic()
        code = run_bundle(inputs, "json", str(out), settings, quiet=True, jobs=2)
        took = time.monotonic() - start
    finally:
        import convert.frontend as frontend

        frontend.loads = namespace["real"]  # type: ignore[attr-defined]
    assert code == 1
    err = capsys.readouterr().err
    assert f"{inputs[1][0]}: error: timed out after 5.2 s" in err
    assert err.count("error:") == 1
    titles = [a["meta"]["title"] for a in json.loads(out.read_text("utf-8"))["documents"]]
    assert titles == ["Article 0", "Article 2", "Article 3", "Article 4"]
    assert took < 60  # the sleeping reader was killed, not waited for


@pytest.mark.slow
def test_a_killed_bundle_leaves_no_reader_behind(tmp_path: Path) -> None:
    inputs = _articles(tmp_path / "in", hang=0, count=4)
    script = PATCH + textwrap.dedent(f"""
        from convert.batch.jobs import Settings
        from convert.batch.run import run_bundle
        run_bundle({inputs!r}, "json", {str(tmp_path / "book.json")!r}, Settings(), quiet=True, jobs=2)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], env=dict(os.environ, PYTHONPATH=str(ROOT)))
    try:
        parent = psutil.Process(proc.pid)
        readers: list[psutil.Process] = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            readers = parent.children(recursive=True)
            if len(readers) >= 2:
                break
            time.sleep(0.05)
        assert readers, "the readers never started"
        time.sleep(0.5)  # the hanging article is in a reader's hands
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        gone, alive = psutil.wait_procs(readers, timeout=10)
        assert not alive, f"readers left running: {[p.pid for p in alive]}"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for reader in readers:  # (only if the test failed: stop what it started)
            if reader.is_running():
                reader.kill()
    assert not (tmp_path / "book.json").exists()
