"""Where a remote store is: ``http(s)://host:port[/path]`` and the endpoints under it.

The endpoints follow Oxigraph server's layout: ``/query`` (SPARQL 1.1 Protocol), ``/update``
(SPARQL 1.1 Update) and ``/store`` (Graph Store Protocol), under the URL's path (so a reverse
proxy may serve the store at ``https://host/graph/``). A URL with credentials in it is refused
(RG347): credentials come from the environment or a file, never from a command line.
"""

from __future__ import annotations

import hashlib
import ipaddress
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from reportgraph.errors import StoreError

SCHEMES = ("http://", "https://")
_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@")
_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def is_store_url(location: object) -> bool:
    """True for a ``str`` that starts with ``http://`` or ``https://`` (any case)."""
    return isinstance(location, str) and location.strip().lower().startswith(SCHEMES)


@dataclass(frozen=True)
class StoreURL:
    """A parsed store URL: ``base`` has no trailing slash; the endpoints hang off it."""

    base: str
    scheme: str
    host: str

    @classmethod
    def parse(cls, text: str) -> StoreURL:
        raw = text.strip()
        try:
            parts = urlsplit(raw)
            port = parts.port  # ValueError when it is not a number
        except ValueError:
            raise _bad(_shown(raw), "it does not parse (a port must be a number)") from None
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https") or not parts.hostname:
            raise _bad(_shown(raw), "it needs the form http(s)://host:port[/path]")
        if parts.username is not None or parts.password is not None:
            raise StoreError(
                "The store URL holds credentials; they would show in the process list and "
                "the shell history.",
                "Remove them from the URL and set REPORTGRAPH_STORE_TOKEN, or "
                "REPORTGRAPH_STORE_USER and REPORTGRAPH_STORE_PASSWORD, or "
                "REPORTGRAPH_STORE_CREDENTIALS=FILE.",
                code="RG347",
            )
        if parts.query or parts.fragment:
            raise _bad(_shown(raw), "a store URL takes no ?query or #fragment")
        host = parts.hostname.lower()
        netloc = f"[{host}]" if ":" in host else host
        if port is not None:
            netloc += f":{port}"
        return cls(f"{scheme}://{netloc}{parts.path.rstrip('/')}", scheme, host)

    @property
    def query(self) -> str:
        return self.base + "/query"

    @property
    def update(self) -> str:
        return self.base + "/update"

    @property
    def graph_store(self) -> str:
        return self.base + "/store"

    @property
    def loopback(self) -> bool:
        """The server is on this machine's loopback interface (clear text stays local)."""
        if self.host in _LOOPBACK_NAMES:
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False

    def cache_key(self) -> str:
        """A file name for what this machine keeps about the store (the claims index)."""
        return hashlib.sha256(self.base.encode("utf-8")).hexdigest()[:32]

    def __str__(self) -> str:
        return self.base


def index_file(url: StoreURL) -> Path | None:
    """Where this machine keeps the claims index of the store at ``url``: under
    ``$REPORTGRAPH_CACHE_DIR``, else ``$XDG_CACHE_HOME/reportgraph``, else
    ``~/.cache/reportgraph``, as ``remote/<digest of the URL>.index.db``. None (an index in
    memory, rebuilt at each open) when ``REPORTGRAPH_CACHE_DIR`` is empty or the folder cannot
    be made."""
    given = os.environ.get("REPORTGRAPH_CACHE_DIR")
    if given is not None and not given.strip():
        return None
    base = Path(given).expanduser() if given else None
    if base is None:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "reportgraph"
    folder = base / "remote"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return folder / f"{url.cache_key()}.index.db"


def _shown(text: str) -> str:
    """``text`` fit for a message: no user information, query or fragment (they may hold a
    secret)."""
    text = text.split("?", 1)[0].split("#", 1)[0]
    return _USERINFO.sub(r"\1***@", text)


def _bad(url: str, why: str) -> StoreError:
    return StoreError(
        f"The store URL {url!r} is not usable: {why}.",
        "Give --store http://HOST:PORT (or https://HOST[:PORT]/PATH) for a SPARQL server, or "
        "a directory for a store on this machine.",
        code="RG347",
    )
