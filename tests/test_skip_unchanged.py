"""``--skip-unchanged`` skips every unchanged output, ``.infobox.wiki`` included (its suffix
also ends in the wikitext writer's ``.wiki``), through the real command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "convert", "convert", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_every_unchanged_output_is_skipped(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name in ("battle-of-rastan.md", "alexandria.md"):
        shutil.copy(ROOT / "seeds" / name, src / name)
    out = tmp_path / "out"
    args = (str(src), "-o", str(out), "--to", "wikitext,infobox,json", "-j", "1", "--skip-unchanged")
    first = _run(*args)
    assert first.returncode == 0, first.stderr
    written = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert "battle-of-rastan.infobox.wiki" in written and "battle-of-rastan.wiki" in written
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    second = _run(*args)
    assert second.returncode == 0, second.stderr
    assert "0 converted, 0 failed, 2 unchanged" in second.stderr
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir() if p.name in written} == \
        {n: s for n, s in stamps.items() if n in written}
