"""Hostile and malformed input: every file of tests/hostile/ gives its expected outcome in
every writer (one-line error and no output, or a valid output), and nothing in an article
reaches the network or the disk."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

HOSTILE = Path(__file__).resolve().parent / "hostile"
FORMATS = ["pdf", "epub", "docx", "wikitext", "infobox", "json"]
EXT = {"pdf": ".pdf", "epub": ".epub", "docx": ".docx", "wikitext": ".wiki", "infobox": ".infobox.wiki", "json": ".json"}


def _generated(folder: Path) -> dict[str, dict[str, Any]]:
    """Cases too big or too odd to keep as files."""
    cases: dict[str, dict[str, Any]] = {}
    (folder / "huge-20mb.md").write_bytes(b"---\ntitle: Huge\n---\n" + (b"word " * 4_200_000))
    cases["huge-20mb.md"] = {"error": 0, "message": "over the 10,485,760-byte limit"}
    fields = "".join(f"    field_{i}:\n      text: value {i}\n" for i in range(10_000))
    fields = "  - " + fields[4:]  # the first field opens the list item
    (folder / "ten-thousand-fields.md").write_text(f"---\ntitle: Many fields\ninfoboxes:\n{fields}---\nBody.\n")
    cases["ten-thousand-fields.md"] = {"ok": True, "warnings": 0}
    nested = "".join("  " * i + "* level\n" for i in range(150))
    (folder / "deep-nesting.md").write_text(f"---\ntitle: Deep lists\n---\n{nested}\n" + "> " * 150 + "quote\n")
    cases["deep-nesting.md"] = {"ok": True, "warnings": 0}
    word = "x" * 100_000
    (folder / "long-words.md").write_text(f"---\ntitle: {'Long ' * 50}\n---\n{word}\n\n{'short words ' * 20_000}\n")
    cases["long-words.md"] = {"ok": True, "warnings": 0}
    return cases


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, Any]]]:
    folder = tmp_path_factory.mktemp("hostile")
    expected = yaml.safe_load((HOSTILE / "expected.yaml").read_text(encoding="utf-8"))
    for name in expected:
        shutil.copy(HOSTILE / name, folder / name)
    expected.update(_generated(folder))
    return folder, expected


def _validate(fmt: str, path: Path) -> None:
    """The output opens in a real reader of its format."""
    data = path.read_bytes()
    if fmt == "pdf":
        # poppler reads it as PDF viewers do (pypdf refuses some very large valid files).
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, timeout=120)
        assert info.returncode == 0, info.stderr
        pages = next(line for line in info.stdout.splitlines() if line.startswith("Pages:"))
        assert int(pages.split()[1]) >= 1
        text = subprocess.run(["pdftotext", "-l", "1", str(path), "-"], capture_output=True, text=True, timeout=120)
        assert text.returncode == 0 and text.stdout.strip()
    elif fmt == "epub":
        with zipfile.ZipFile(path) as zf:
            assert zf.namelist()[0] == "mimetype" and zf.read("mimetype") == b"application/epub+zip"
            assert any(n.endswith(".xhtml") for n in zf.namelist())
    elif fmt == "docx":
        import docx

        assert docx.Document(str(path)).paragraphs
    elif fmt in ("wikitext", "infobox"):
        import mwparserfromhell

        mwparserfromhell.parse(data.decode("utf-8"))
    elif fmt == "json":
        from convert.model import Document

        Document.from_dict(json.loads(data))


@pytest.mark.slow  # over 10 s of a shared 2-core machine (issue 20)
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_hostile_file_in_every_writer(fmt: str, hostile: tuple[Path, dict[str, dict[str, Any]]],
                                            tmp_path: Path) -> None:
    folder, expected = hostile
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "convert", "convert", str(folder), "--to", fmt, "-o", str(out), "-j", "2", "-q"],
        capture_output=True, timeout=900,
    )
    stderr = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr[-3000:]
    assert proc.returncode == 1, stderr[-3000:]  # some inputs fail, the others are converted
    lines = stderr.splitlines()
    for name, case in expected.items():
        src = folder / name
        dest = out / (Path(name).stem + EXT[fmt])
        mine = [line for line in lines if line.startswith(f"{src}:") or line.startswith(f"{src} ")]
        errors = [line for line in mine if ": error: " in line]
        if "error" in case:
            where = f"{src}:{case['error']}: error: " if case["error"] else f"{src}: error: "
            assert len(errors) == 1, (name, mine)
            assert errors[0].startswith(where) and case["message"] in errors[0], (name, errors)
            assert not dest.exists(), name
        else:
            assert not errors, (name, errors)
            assert len([m for m in mine if ": warning: " in m]) >= case["warnings"], (name, mine)
            if fmt == "infobox" and any(f"{src}: note: infobox: nothing to write" in m for m in mine):
                assert not dest.exists(), name  # no infobox: no empty file, a note instead
                continue
            assert dest.is_file(), (name, stderr[-2000:])
            _validate(fmt, dest)
    assert not [p for p in out.rglob("*") if p.name.endswith(".part") or p.name.startswith(".")
                and p.name != ".wikiexport-manifest.json"]


def test_strict_turns_warnings_into_errors(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "convert", "convert", str(HOSTILE / "bad-links.md"), "--to", "json", "--strict",
         "-o", str(tmp_path)], capture_output=True, timeout=120,
    )
    assert proc.returncode == 1
    errors = proc.stderr.decode().splitlines()
    assert errors and all(f"{HOSTILE / 'bad-links.md'}:4: error: " in e for e in errors)
    assert not list(tmp_path.iterdir())


def test_debug_shows_a_traceback_for_internal_errors(tmp_path: Path) -> None:
    # A writer option of the wrong type is an internal error: one line normally, a traceback with --debug.
    code = (
        "import sys\nfrom convert import cli\n"
        "import convert.batch.jobs as jobs\n"
        "def boom(*a, **k):\n    raise RuntimeError('kaboom')\n"
        "jobs.run_job.__globals__['_writer'] = boom\n"
        f"sys.argv = ['wikiexport', 'convert', {str(HOSTILE / 'crlf.md')!r}, '--to', 'json', '-o', {str(tmp_path)!r}] + sys.argv[1:]\n"
        "cli.run()\n"
    )
    plain = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120)
    debug = subprocess.run([sys.executable, "-c", code, "--debug"], capture_output=True, timeout=120)
    assert plain.returncode == 1 and debug.returncode == 1
    assert plain.stderr.decode().strip().count("\n") == 0
    assert "internal error: RuntimeError: kaboom" in plain.stderr.decode()
    assert "Traceback" in debug.stderr.decode()
