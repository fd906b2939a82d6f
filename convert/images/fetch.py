"""One HTTP request at a time, under limits: allowed hosts only (redirects too), a size
limit enforced while streaming (the body is never held beyond it), a wall-clock limit per
request, polite retries on 429/503 honouring ``Retry-After``, and files that appear in
the destination folder only whole (written to a hidden temporary name, then renamed).

httpx rather than urllib: streaming with a per-read timeout, no automatic redirects (so
each hop is checked here), one connection pool shared by the worker threads, and no
proxy or ``.netrc`` taken from the environment (``trust_env=False``).
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urljoin

import httpx

from convert.images.hosts import Hosts

MAX_API_BYTES = 2 * 1024 * 1024
_RETRY = (429, 503)


class FetchError(Exception):
    """One request failed; the message is one line, fit to print after the file's name."""


@dataclass(frozen=True, slots=True)
class Limits:
    """``max_bytes`` per file, ``timeout`` seconds per request (the whole answer),
    ``retries`` after a 429/503, waiting at most ``max_wait`` seconds each time."""

    max_bytes: int = 50 * 1024 * 1024
    timeout: float = 60.0
    retries: int = 3
    max_wait: float = 60.0
    max_redirects: int = 3


class Fetcher:
    """Requests through one shared ``httpx.Client``; safe to use from several threads."""

    def __init__(self, hosts: Hosts, limits: Limits, user_agent: str,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.hosts = hosts
        self.limits = limits
        self.sleep = sleep
        per_read = min(30.0, limits.timeout)
        self.client = httpx.Client(
            headers={"User-Agent": user_agent, "Accept-Encoding": "identity"},
            timeout=httpx.Timeout(per_read, connect=min(10.0, limits.timeout)),
            follow_redirects=False, trust_env=False,
            limits=httpx.Limits(max_connections=8, max_keepalive_connections=8),
        )

    def close(self) -> None:
        self.client.close()

    def get_json(self, url: str) -> Any:
        """The JSON document at ``url`` (at most :data:`MAX_API_BYTES`)."""
        chunks: list[bytes] = []
        self._get(url, chunks.append, MAX_API_BYTES)
        try:
            return json.loads(b"".join(chunks))
        except ValueError:
            raise FetchError("the API's answer is not JSON") from None

    def download(self, url: str, folder: Path, name: str, check: Callable[[Path], None]) -> Path:
        """``url`` saved as ``folder/name`` once ``check(path)`` accepted it (it raises to
        refuse); nothing is left in ``folder`` when anything fails."""
        fd, tmp_name = tempfile.mkstemp(prefix=".part-", dir=folder)
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                self._get(url, out.write, self.limits.max_bytes)
            check(tmp)
            final = folder / name
            os.replace(tmp, final)
            return final
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def _get(self, url: str, sink: Callable[[bytes], Any], max_bytes: int) -> None:
        """GET ``url`` into ``sink``, following allowed redirects and retrying politely."""
        attempt = 0
        hops = 0
        while True:
            if not self.hosts.allowed(url):
                raise FetchError(f"refused to request {url[:200]} (not an allowed host, or not https)")
            try:
                status, location, wait = self._once(url, sink, max_bytes)
            except httpx.TimeoutException:
                raise FetchError(f"no answer within {self.limits.timeout:g} s") from None
            except httpx.HTTPError as exc:
                raise FetchError(f"request failed: {' '.join(str(exc).split())[:160] or type(exc).__name__}") from None
            if status == 200:
                return
            if status in (301, 302, 303, 307, 308) and location:
                hops += 1
                if hops > self.limits.max_redirects:
                    raise FetchError("too many redirects")
                url = urljoin(url, location)
                if not self.hosts.allowed(url):
                    raise FetchError(f"redirected to a host that is not allowed: {url[:200]}")
                continue
            if status in _RETRY and attempt < self.limits.retries:
                attempt += 1
                delay = wait if wait is not None else min(self.limits.max_wait, 2.0 ** attempt)
                if delay > self.limits.max_wait:
                    raise FetchError(f"HTTP {status}: asked to wait {delay:g} s, more than {self.limits.max_wait:g} s")
                self.sleep(delay)
                continue
            raise FetchError(f"HTTP {status}" + (" after retries" if status in _RETRY else ""))

    def _once(self, url: str, sink: Callable[[bytes], Any], max_bytes: int) -> tuple[int, str, float | None]:
        """One request: ``(status, Location, Retry-After seconds)``; a 200's body goes to ``sink``."""
        start = time.monotonic()
        with self.client.stream("GET", url) as resp:
            if resp.status_code != 200:
                return resp.status_code, resp.headers.get("location", ""), _retry_after(resp.headers.get("retry-after"))
            declared = resp.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"{int(declared):,} bytes is more than the {max_bytes:,}-byte limit")
            got = 0
            for chunk in resp.iter_raw(65536):
                got += len(chunk)
                if got > max_bytes:
                    raise FetchError(f"more than the {max_bytes:,}-byte limit; stopped")
                if time.monotonic() - start > self.limits.timeout:
                    raise FetchError(f"took longer than {self.limits.timeout:g} s; stopped")
                sink(chunk)
        return 200, "", None


def _retry_after(value: str | None) -> float | None:
    """``Retry-After`` in seconds (a number or an HTTP date), ``None`` when absent or odd."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
