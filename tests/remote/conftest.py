"""Oxigraph servers for the remote-store tests (helpers in ``tests/sparql_servers.py``).

``remote_url``: the server ``.ci/run`` started (``REPORTGRAPH_TEST_SPARQL_URL``), else one this
session starts; emptied (``DROP ALL``) before each test, with this machine's remote claims
indexes. Tests that stop a server start their own (``oxigraph_server``). Without the
``oxigraph`` binary (the ``scale`` or ``test`` extra) the tests skip, or fail when
``REPORTGRAPH_SERVER_REQUIRED=1`` (set by ``.ci/run``). ``token_proxy`` puts a small reverse
proxy in front of a server: it demands a bearer token, and can refuse writes.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sparql_servers import OxServer, Proxy, start_proxy, update

URL_ENV = "REPORTGRAPH_TEST_SPARQL_URL"
REQUIRED_ENV = "REPORTGRAPH_SERVER_REQUIRED"


@pytest.fixture(scope="session")
def oxigraph_binary() -> str:
    found = shutil.which("oxigraph")
    if found is None:
        why = "the oxigraph server binary is not installed (pip install -e '.[scale]')"
        if os.environ.get(REQUIRED_ENV) == "1":
            pytest.fail(why)
        pytest.skip(why)
    return found


@pytest.fixture
def oxigraph_server(
    oxigraph_binary: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[..., OxServer]]:
    """Start servers of this test's own (killed at its end): ``oxigraph_server(read_only=...,
    location=...)``."""
    started: list[OxServer] = []

    def start(*, read_only: bool = False, location: Path | None = None) -> OxServer:
        where = location or tmp_path_factory.mktemp("oxigraph")
        server = OxServer(oxigraph_binary, where, read_only).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.kill()


@pytest.fixture(scope="session")
def _shared_server(oxigraph_binary: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    given = os.environ.get(URL_ENV)
    if given:
        yield given.rstrip("/")
        return
    server = OxServer(oxigraph_binary, tmp_path_factory.mktemp("oxigraph-shared")).start()
    yield server.url
    server.kill()


@pytest.fixture
def remote_url(_shared_server: str) -> str:
    """The shared server's URL, its dataset empty and no claims index of it on this machine."""
    update(_shared_server, "DROP ALL")
    cache = os.environ.get("REPORTGRAPH_CACHE_DIR")
    if cache:
        shutil.rmtree(Path(cache) / "remote", ignore_errors=True)
    return _shared_server


@pytest.fixture
def token_proxy() -> Iterator[Callable[..., Proxy]]:
    """``token_proxy(target, token=..., refuse_writes=False, slow=b"...", delay=0)``: a proxy
    on a free port that answers 401 without ``Authorization: Bearer <token>``, 403 to writes
    when ``refuse_writes``, and otherwise forwards to ``target`` (after ``delay`` seconds when
    the request's body holds ``slow``)."""
    proxies: list[Proxy] = []

    def start(target: str, **options: object) -> Proxy:
        proxy = start_proxy(target, **options)  # type: ignore[arg-type]
        proxies.append(proxy)
        return proxy

    yield start
    for proxy in proxies:
        proxy.stop()
