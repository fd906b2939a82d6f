"""The ``wikiexport`` command as users run it: real subprocesses, real files, exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import SEED, SEEDS


def wikiexport(*args: str, cwd: Path | None = None, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run the CLI as ``python -m convert`` with this interpreter."""
    return subprocess.run(
        [sys.executable, "-m", "convert", *args], cwd=cwd, input=stdin, capture_output=True, timeout=300,
    )


def test_convert_seeds_to_json_from_another_directory(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = wikiexport("convert", str(SEEDS), "--to", "json", "-o", str(out), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    produced = sorted(p.name for p in out.iterdir())
    expected = sorted(p.stem + ".json" for p in SEEDS.glob("*.md"))
    assert produced == expected
    data = json.loads((out / "battle-of-rastan.json").read_text(encoding="utf-8"))
    assert data["kind"] == "Document" and data["meta"]["title"].startswith("Battle of Rastan")
    assert not list(out.glob("*.part")) and not list(out.glob(".*"))


def test_json_to_stdout_and_stdin() -> None:
    proc = wikiexport("convert", "-", "--to", "json", "-o", "-", stdin=SEED.read_bytes())
    assert proc.returncode == 0, proc.stderr.decode()
    assert json.loads(proc.stdout)["meta"]["source_url"].startswith("https://en.wikipedia.org/wiki/Battle_of_Rastan")


def test_bad_file_fails_alone_with_exit_1(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEED, src / "good.md")
    (src / "bad.md").write_text("---\ntitle: [oops\n---\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = wikiexport("convert", str(src), "--to", "json", "-o", str(out), "-j", "2")
    assert proc.returncode == 1
    assert (out / "good.json").is_file()
    assert not (out / "bad.json").exists()
    errors = [line for line in proc.stderr.decode().splitlines() if ": error: " in line]
    assert len(errors) == 1
    assert errors[0].startswith(f"{src / 'bad.md'}:") and "YAML syntax error" in errors[0]
    assert "Traceback" not in proc.stderr.decode()


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert wikiexport("convert", str(SEED), "--to", "nope", "-o", str(tmp_path)).returncode == 2
    assert wikiexport("convert").returncode == 2
    assert wikiexport("convert", str(SEED), "--lang", "../x", "-o", str(tmp_path)).returncode == 2


def test_missing_input_is_reported(tmp_path: Path) -> None:
    proc = wikiexport("convert", str(tmp_path / "absent.md"), "--to", "json", "-o", str(tmp_path))
    assert proc.returncode == 1
    assert proc.stderr.decode().startswith(f"{tmp_path / 'absent.md'}: error: cannot read")


def test_version_help_and_formats() -> None:
    version = wikiexport("--version")
    assert version.returncode == 0 and b"0." in version.stdout
    help_text = wikiexport("convert", "--help").stdout.decode()
    assert "Examples:" in help_text and "--to" in help_text
    formats = wikiexport("formats").stdout.decode()
    assert "json" in formats and "usable" in formats


def test_json_never_imports_heavy_engines() -> None:
    code = (
        "import sys, runpy\n"
        f"sys.argv = ['wikiexport', 'convert', {str(SEED)!r}, '--to', 'json', '-o', '-']\n"
        "try:\n    runpy.run_module('convert', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        "heavy = sorted(m for m in ('weasyprint', 'pypandoc', 'docx', 'PIL') if m in sys.modules)\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120)
    assert b"HEAVY []" in proc.stderr, proc.stderr.decode()


def test_output_names_stay_inside_the_output_folder(tmp_path: Path) -> None:
    src = tmp_path / "..weird name;rm -rf.md"
    shutil.copy(SEED, src)
    out = tmp_path / "out"
    proc = wikiexport("convert", str(src), "--to", "json", "-o", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    made = [p for p in out.rglob("*") if p.is_file()]
    assert len(made) == 1 and made[0].parent == out
    assert os.path.commonpath([made[0].resolve(), out.resolve()]) == str(out.resolve())


def test_input_given_twice_is_converted_once(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEED, src / "a.md")
    out = tmp_path / "out"
    proc = wikiexport("convert", str(src), str(src / "a.md"), "./in/a.md", "--to", "json", "-o", str(out), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert sorted(p.name for p in out.iterdir()) == ["a.json"]


def test_output_folder_that_is_a_file_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("mine")
    proc = wikiexport("convert", str(SEED), "--to", "json", "-o", str(tmp_path / "taken"))
    assert proc.returncode == 2
    assert proc.stderr.decode().splitlines() == [f"wikiexport: error: output folder {str(tmp_path / 'taken')!r} is a file"]
    assert (tmp_path / "taken").read_text() == "mine"


def test_output_that_cannot_be_written_is_one_clear_line(tmp_path: Path) -> None:
    # A folder where the JSON should go: the user's to fix, not an internal error.
    out = tmp_path / "out"
    (out / f"{SEED.stem}.json").mkdir(parents=True)
    proc = wikiexport("convert", str(SEED), "--to", "json,wikitext", "-o", str(out))
    assert proc.returncode == 1
    dest = out / f"{SEED.stem}.json"
    assert proc.stderr.decode().splitlines() == [f"{SEED}: error: json: cannot write {dest}: Is a directory"]
    assert (out / f"{SEED.stem}.wiki").is_file()
    book = tmp_path / "book.json"
    book.mkdir()
    proc = wikiexport("bundle", str(SEED), "-o", str(book))
    assert proc.returncode == 1
    assert proc.stderr.decode().splitlines() == [f"{book}: error: json: cannot write {book}: Is a directory"]


def test_bundle_reads_stdin_only_up_to_the_size_limit() -> None:
    # An endless stream was read until memory ran out; convert stops one byte over.
    proc = subprocess.Popen([sys.executable, "-m", "convert", "bundle", "-", "-o", os.devnull, "--to", "json",
                             "--max-size", "1000"], stdin=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdin is not None and proc.stderr is not None
    try:
        for _ in range(4096):  # 16 MiB, unless the reader stops first
            proc.stdin.write(b"x" * 4096)
        proc.stdin.close()
    except BrokenPipeError:
        pass
    assert proc.wait(timeout=120) == 1
    assert proc.stderr.read().decode().splitlines()[0].startswith("<stdin>: error: file is 1,001 bytes, over the 1,000-byte")


def test_outputs_of_two_inputs_never_share_a_file(tmp_path: Path) -> None:
    # a.md's infobox output and a.infobox.md's wikitext are both a.infobox.wiki: one
    # overwrote the other without a word.
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEED, src / "a.md")
    shutil.copy(SEEDS / "alexandria.md", src / "a.infobox.md")
    out = tmp_path / "out"
    proc = wikiexport("convert", str(src), "--to", "wikitext,infobox", "-o", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    made = sorted(p.name for p in out.iterdir())
    assert len(made) == 4, made
    # (A whole article has sections; an infobox output has none. The writer no longer adds
    # a references section to tell them by, issue 18.)
    articles = [t for t in (p.read_text(encoding="utf-8") for p in out.iterdir()) if "\n== " in t]
    assert sorted("Alexandria" in t for t in articles) == [False, True]  # both whole articles kept


def test_file_names_cannot_break_or_forge_message_lines(tmp_path: Path) -> None:
    # A file named "evil\nname: error: forged.md" printed a line of its own making.
    bad = tmp_path / "evil\nname: error: forged\x1b[2J.md"
    bad.write_text("---\ntitle: [oops\n---\n", encoding="utf-8")
    proc = wikiexport("convert", str(bad), "--to", "json", "-o", str(tmp_path / "out"))
    assert proc.returncode == 1
    lines = proc.stderr.decode().splitlines()
    assert len(lines) == 1 and "\x1b" not in lines[0]
    assert lines[0].startswith(f"{tmp_path}/evil\\nname: error: forged\\x1b[2J.md:3: error: YAML syntax error")
