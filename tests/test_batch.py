"""Batch conversion: worker isolation, atomic outputs, incremental runs, third-party
writer plugins, progress and the Dask executor."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.conftest import SEED, SEEDS, corpus_files

PLUGIN = '''
import os, signal, time
from convert.writers import Writer


class FaultWriter(Writer):
    """A third-party writer that misbehaves on purpose, chosen by the article title."""

    name = "fault"
    extension = ".fault"
    binary = False
    description = "test plugin: crashes or hangs on request"

    def render(self, doc, options):
        if "KILLME" in doc.meta.title:
            os.kill(os.getpid(), signal.SIGKILL)
        if "HANGME" in doc.meta.title:
            time.sleep(3600)
        if "RAISEME" in doc.meta.title:
            raise RuntimeError("plugin bug")
        time.sleep(0.05)
        return doc.meta.title.encode("utf-8")
'''


@pytest.fixture
def plugin_env(tmp_path: Path) -> dict[str, str]:
    """A PYTHONPATH entry holding a distribution that registers the ``fault`` writer."""
    site = tmp_path / "site"
    (site / "fault_plugin").mkdir(parents=True)
    (site / "fault_plugin" / "__init__.py").write_text(textwrap.dedent(PLUGIN))
    dist = site / "fault_plugin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: fault-plugin\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[convert.writers]\nfault = fault_plugin:FaultWriter\n")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(site), env.get("PYTHONPATH", "")])
    return env


def _articles(folder: Path, titles: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i, title in enumerate(titles):
        (folder / f"a{i:02d}.md").write_text(f"---\ntitle: {title}\n---\nBody of {title}.\n", encoding="utf-8")


def _run(args: list[str], env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "convert", *args], capture_output=True, text=True, env=env,
                          timeout=timeout)


def test_third_party_writer_is_found_through_entry_points(plugin_env: dict[str, str], tmp_path: Path) -> None:
    formats = _run(["formats"], env=plugin_env).stdout
    assert "fault" in formats and ".fault" in formats


@pytest.mark.parametrize("count", [12, 40])  # 40: several articles per worker task
def test_killed_worker_fails_only_its_article(plugin_env: dict[str, str], tmp_path: Path, count: int) -> None:
    titles = [f"Article {i}" for i in range(count)]
    titles[5] = "KILLME please"
    _articles(tmp_path / "in", titles)
    out = tmp_path / "out"
    proc = _run(["convert", str(tmp_path / "in"), "--to", "fault", "-o", str(out), "-j", "2"], env=plugin_env)
    assert proc.returncode == 1
    errors = [line for line in proc.stderr.splitlines() if ": error: " in line]
    assert errors == [f"{tmp_path / 'in' / 'a05.md'}: error: worker process died (killed by signal 9)"]
    made = sorted(p.name for p in out.iterdir())
    assert made == [f"a{i:02d}.fault" for i in range(count) if i != 5]
    assert f"{count - 1} converted, 1 failed" in proc.stderr


def test_hung_article_times_out_and_others_finish(plugin_env: dict[str, str], tmp_path: Path) -> None:
    _articles(tmp_path / "in", ["One", "HANGME", "Three", "RAISEME", "Five"])
    out = tmp_path / "out"
    start = time.monotonic()
    proc = _run(["convert", str(tmp_path / "in"), "--to", "fault", "-o", str(out), "-j", "2", "--timeout", "1"],
                env=plugin_env, timeout=120)
    assert time.monotonic() - start < 60
    assert proc.returncode == 1
    errors = sorted(line for line in proc.stderr.splitlines() if ": error: " in line)
    assert errors[0].startswith(f"{tmp_path / 'in' / 'a01.md'}: error: timed out after")
    assert errors[1] == f"{tmp_path / 'in' / 'a03.md'}: error: fault: internal error: RuntimeError: plugin bug"
    assert sorted(p.name for p in out.iterdir()) == ["a00.fault", "a02.fault", "a04.fault"]


@pytest.mark.slow  # over 10 s of a shared 2-core machine (issue 20)
def test_interrupted_run_leaves_no_partial_files(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for path in corpus_files()[:12]:
        shutil.copy(path, src / path.name)
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "convert", "convert", str(src), "--to", "pdf", "-o", str(out),
                             "-j", "2", "-q"], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (out.exists() and any(out.glob("*.pdf"))):
        time.sleep(0.05)
    proc.terminate()
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    leftovers = [p.name for p in out.iterdir() if not p.name.endswith(".pdf")]
    assert leftovers == []
    from pypdf import PdfReader

    for pdf in out.glob("*.pdf"):
        assert len(PdfReader(str(pdf)).pages) >= 1  # every file there is complete


def test_skip_unchanged(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name in ("battle-of-rastan.md", "alexandria.md", "insertion-sort.md"):
        shutil.copy(SEEDS / name, src / name)
    out = tmp_path / "out"
    args = ["convert", str(src), "--to", "json,wikitext", "-o", str(out), "--skip-unchanged"]
    first = _run(args)
    assert first.returncode == 0, first.stderr
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    second = _run(args)
    assert "3 unchanged" in second.stderr
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == stamps
    time.sleep(0.05)
    (src / "alexandria.md").touch()
    third = _run(args)
    assert "2 unchanged" in third.stderr and "1 converted" in third.stderr
    fourth = _run([*args, "--no-align"])  # other options: everything is made again
    assert "3 converted" in fourth.stderr


def test_progress_lines_when_not_a_terminal(tmp_path: Path) -> None:
    proc = _run(["convert", str(SEEDS), "--to", "json", "-o", str(tmp_path)])
    assert proc.returncode == 0
    lines = proc.stderr.splitlines()
    assert lines[-2].startswith("progress: 6/6 done, 0 failed")
    assert lines[-1].startswith("wikiexport: 6 converted, 0 failed in ")
    quiet = _run(["convert", str(SEEDS), "--to", "json", "-o", str(tmp_path), "-q"])
    assert quiet.stderr == ""


@pytest.mark.slow  # over 10 s of a shared 2-core machine (issue 20)
def test_dask_executor_matches_local(tmp_path: Path) -> None:
    from distributed import LocalCluster

    src = tmp_path / "in"
    src.mkdir()
    for path in [SEED, *corpus_files()[:5]]:
        shutil.copy(path, src / path.name)
    local, remote = tmp_path / "local", tmp_path / "dask"
    assert _run(["convert", str(src), "--to", "json,wikitext,infobox", "-o", str(local), "-j", "2"]).returncode == 0
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        proc = _run(["convert", str(src), "--to", "json,wikitext,infobox", "-o", str(remote), "--executor", "dask",
                     "--scheduler", cluster.scheduler_address])
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in local.iterdir())
    # (an article without an infobox gets no .infobox.wiki: 3 outputs each, less those)
    assert names == sorted(p.name for p in remote.iterdir()) and 12 < len(names) <= 18
    for name in names:
        assert (local / name).read_bytes() == (remote / name).read_bytes(), name


@pytest.mark.parametrize(("tidy", "expected"), [(True, [True, False, False]), (False, [True])])
def test_workers_tidy_after_every_task_unless_light(monkeypatch: pytest.MonkeyPatch, tidy: bool,
                                                    expected: list[bool]) -> None:
    from convert.batch import pool
    from convert.batch.jobs import Settings

    class Conn:  # three tasks, then the stop message
        def __init__(self) -> None:
            self.tasks: list[object] = [[], [], [], None]
            self.sent: list[object] = []

        def recv(self) -> object:
            return self.tasks.pop(0)

        def send(self, value: object) -> None:
            self.sent.append(value)

    tidied: list[bool] = []
    monkeypatch.setattr(pool, "_give_back_memory", lambda freeze=False: tidied.append(freeze))
    monkeypatch.setattr(pool.signal, "signal", lambda *args: None)
    conn = Conn()
    pool._worker_main(conn, Settings(), tidy)  # type: ignore[arg-type]
    assert len(conn.sent) == 3
    assert tidied == expected  # the first tidy-up freezes what is warm; light workers stop there


def test_manifest_that_cannot_be_written_is_a_warning(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / ".wikiexport-manifest.json").mkdir(parents=True)  # in the manifest's way
    proc = _run(["convert", str(SEEDS / "alexandria.md"), "--to", "json", "-o", str(out), "--skip-unchanged"])
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines() == [
        f"wikiexport: warning: cannot write {out / '.wikiexport-manifest.json'}: Is a directory"]
    assert (out / "alexandria.json").is_file()
