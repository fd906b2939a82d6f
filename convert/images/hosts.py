"""Where a picture may be asked for: the wikis' own hosts, or one mirror given with
``--image-host``, over https only (plain http only for a mirror on 127.0.0.1, which is
how the tests serve one). Every URL the command requests, redirects included, passes
:meth:`Hosts.allowed`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit

UPLOAD = "upload.wikimedia.org"
COMMONS = "commons.wikimedia.org"
_WIKI = re.compile(r"^([a-z]{2,3}(?:-[a-z0-9]{2,8}){0,2})\.wikipedia\.org$")
_LANG = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8}){0,2}$")


class HostError(ValueError):
    """An ``--image-host`` that cannot be used."""


def hash_path(repo: str, name: str) -> str:
    """MediaWiki's path of an original file: ``/wikipedia/commons/a/ab/Name.jpg``, where
    ``ab`` are the first hex digits of the MD5 of the name (underscores for spaces)."""
    key = name.replace(" ", "_")
    digest = hashlib.md5(key.encode("utf-8")).hexdigest()
    return f"/wikipedia/{repo}/{digest[0]}/{digest[:2]}/{quote(key, safe='()!,;@$~-._')}"


@dataclass(frozen=True, slots=True)
class Hosts:
    """The hosts requests may go to. ``mirror`` is ``scheme://host[:port]`` or ``""``."""

    mirror: str = ""

    @classmethod
    def create(cls, image_host: str | None) -> Hosts:
        """Checks ``--image-host``: ``https://HOST[:PORT]``, or ``http://127.0.0.1:PORT``."""
        if not image_host:
            return cls()
        raw = image_host.strip().rstrip("/")
        if "://" not in raw:
            raw = "https://" + raw
        parts = urlsplit(raw)
        if parts.scheme not in ("https", "http") or not parts.hostname or parts.path or parts.query or parts.username:
            raise HostError(f"--image-host must be https://HOST[:PORT], not {image_host!r}")
        if parts.scheme == "http" and parts.hostname != "127.0.0.1":
            raise HostError("--image-host: plain http is allowed only for 127.0.0.1 (a local test mirror)")
        return cls(f"{parts.scheme}://{parts.netloc}")

    def allowed(self, url: str) -> bool:
        """Whether ``url`` may be requested (or followed as a redirect)."""
        parts = urlsplit(url)
        if parts.username or parts.password:
            return False
        if self.mirror:
            mirror = urlsplit(self.mirror)
            if parts.scheme == mirror.scheme and parts.netloc == mirror.netloc:
                return True
        host = parts.hostname or ""
        return parts.scheme == "https" and parts.port in (None, 443) and (
            host in (UPLOAD, COMMONS) or _WIKI.match(host) is not None)

    def api_url(self, repo: str, title: str) -> str:
        """The MediaWiki API query for a file's description (``repo``: ``commons`` or a language)."""
        query = urlencode({"action": "query", "format": "json", "formatversion": "2", "prop": "imageinfo",
                           "iiprop": "url|size|mime|extmetadata", "titles": "File:" + title})
        if self.mirror:
            prefix = "" if repo == "commons" else f"/{repo}"
            return f"{self.mirror}{prefix}/w/api.php?{query}"
        host = COMMONS if repo == "commons" else f"{repo}.wikipedia.org"
        return f"https://{host}/w/api.php?{query}"

    def file_url(self, repo: str, name: str) -> str:
        """The URL of the original file ``name`` of ``repo``."""
        return f"{self.mirror or 'https://' + UPLOAD}{hash_path(repo, name)}"


def valid_lang(lang: str) -> bool:
    """Whether ``lang`` can name a wiki host (``en``, ``zh-min-nan``)."""
    return _LANG.match(lang) is not None
