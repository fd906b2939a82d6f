"""PDF writer warnings go through the Diagnostic channel: ``PATH:LINE: warning:`` lines,
which ``--strict`` turns into errors (no output), through the real command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_strict_fails_on_a_pdf_warning(tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    from convert.writers.pdf.infobox import MAX_ROWS

    lines = ["---", "title: Big box", "infoboxes:", "  - name:", "      text: Big"]
    for i in range(MAX_ROWS + 3):
        lines += [f"    field_{i}:", f"      text: v{i}"]
    seed = tmp_path / "big.md"
    seed.write_text("\n".join(lines + ["---", "", "Text.", ""]))
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "convert", "convert", str(seed), "--to", "pdf", "-o", str(out), "-j", "1",
         "--strict", "--quiet"],
        capture_output=True, cwd=ROOT, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr.decode().splitlines() == [
        f"{seed}:4: error: pdf: infobox 'Infobox': 3 rows past the first {MAX_ROWS} are not drawn (--strict)"
    ]
    assert not (out / "big.pdf").exists()
