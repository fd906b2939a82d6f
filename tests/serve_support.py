"""A real ``wikiexport serve`` on a free loopback port, for the serve tests and benchmarks.

The server runs as a subprocess (``python -m convert serve``), exactly as a user starts it;
clients talk HTTP to it with the standard library.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_library(folder: Path, names: tuple[str, ...] = ("tokyo-tower", "alexandria", "ada-lovelace", "insertion-sort")) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(SEEDS / f"{name}.md", folder / f"{name}.md")
    return folder


class Server:
    """A ``wikiexport serve`` subprocess; ``request`` sends one HTTP request to it."""

    def __init__(self, library: Path, *args: str, start_timeout: float = 60.0) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.log = open(library.parent / f"serve-{self.port}.log", "wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "convert", "serve", str(library), "--port", str(self.port), *args],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + start_timeout
        while True:
            try:
                if self.request("GET", "/api")[0] == 200:
                    break
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the server did not start: {self.output()}")
            time.sleep(0.2)

    def output(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text(errors="replace")

    def request(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None,
                raw: bytes | None = None, timeout: float = 60.0) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            hdrs = dict(headers or {})
            data = raw
            if body is not None:
                data = json.dumps(body).encode()
                hdrs.setdefault("Content-Type", "application/json")
            conn.request(method, path, body=data, headers=hdrs)
            response = conn.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            conn.close()

    def json(self, method: str, path: str, body: Any = None, **kw: Any) -> tuple[int, Any]:
        status, _headers, data = self.request(method, path, body, **kw)
        return status, json.loads(data)

    def wait_job(self, job_id: str, timeout: float = 120.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            status, job = self.json("GET", f"/api/v1/jobs/{job_id}")
            assert status == 200, job
            if job["state"] in ("done", "failed") or time.monotonic() > deadline:
                return job  # type: ignore[no-any-return]
            time.sleep(0.1)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def nav_titles(epub: bytes) -> list[str]:
    """The chapter titles of an EPUB in reading order (its nav's top-level entries)."""
    import io
    import re
    import zipfile

    with zipfile.ZipFile(io.BytesIO(epub)) as z:
        nav = next(n for n in z.namelist() if n.endswith("nav.xhtml"))
        text = z.read(nav).decode()
    import html

    return [html.unescape(t) for t in re.findall(r'<a href="text/ch\d+\.xhtml#a\d+">([^<]*)</a>', text)]
