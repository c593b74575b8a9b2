"""Oxigraph servers for the remote-store tests.

``remote_url``: the server ``.ci/run`` started (``REPORTGRAPH_TEST_SPARQL_URL``), else one this
session starts; emptied (``DROP ALL``) before each test, with this machine's remote claims
indexes. Tests that stop a server start their own (``oxigraph_server``). Without the
``oxigraph`` binary (the ``scale`` or ``test`` extra) the tests skip, or fail when
``REPORTGRAPH_SERVER_REQUIRED=1`` (set by ``.ci/run``). ``token_proxy`` puts a small reverse
proxy in front of a server: it demands a bearer token, and can refuse writes.
"""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

URL_ENV = "REPORTGRAPH_TEST_SPARQL_URL"
REQUIRED_ENV = "REPORTGRAPH_SERVER_REQUIRED"
WAIT = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(url: str, proc: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the server at {url} exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/", timeout=2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"no server came up at {url}")


def update(url: str, text: str) -> None:
    req = urllib.request.Request(
        url + "/update",
        data=text.encode(),
        headers={"Content-Type": "application/sparql-update"},
        method="POST",
    )
    with urllib.request.urlopen(req, timeout=WAIT):
        pass


@dataclass
class OxServer:
    """One ``oxigraph serve`` process on a free loopback port, data in ``location``."""

    binary: str
    location: Path
    read_only: bool = False
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> OxServer:
        command = "serve-read-only" if self.read_only else "serve"
        bind = f"127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [self.binary, command, "--location", str(self.location), "--bind", bind],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until_up(self.url, self.proc)
        return self

    def kill(self) -> None:
        """SIGKILL, as a crash: nothing is flushed or closed."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=WAIT)
        self.proc = None


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


# ---- a reverse proxy that demands a token ----


@dataclass
class Proxy:
    url: str
    requests: list[tuple[str, str, str | None]]  # (method, path, Authorization header)
    stop: Callable[[], None]


@pytest.fixture
def token_proxy() -> Iterator[Callable[..., Proxy]]:
    """``token_proxy(target, token=..., refuse_writes=False, delay=0)``: a proxy on a free port
    that answers 401 without ``Authorization: Bearer <token>``, 403 to writes when
    ``refuse_writes``, and otherwise forwards to ``target`` (after ``delay`` seconds)."""
    proxies: list[Proxy] = []

    def start(
        target: str, *, token: str | None = None, refuse_writes: bool = False, delay: float = 0
    ) -> Proxy:
        seen: list[tuple[str, str, str | None]] = []
        upstream = urlsplit(target)

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _handle(self) -> None:
                auth = self.headers.get("Authorization")
                seen.append((self.command, self.path, auth))
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if token is not None and auth != f"Bearer {token}":
                    return self._reply(401, b"a bearer token is needed")
                path = self.path.split("?")[0]
                writes = path == "/update" or (path == "/store" and self.command != "GET")
                if refuse_writes and writes:
                    return self._reply(403, b"writes are not allowed")
                time.sleep(delay)
                conn = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=WAIT)
                kept = ("content-type", "accept")
                headers = {k: v for k, v in self.headers.items() if k.lower() in kept}
                conn.request(self.command, self.path, body=body or None, headers=headers)
                answer = conn.getresponse()
                data = answer.read()
                self.send_response(answer.status)
                for k, v in answer.getheaders():
                    if k.lower() == "content-type":
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                conn.close()

            def _reply(self, status: int, text: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(text)))
                self.end_headers()
                self.wfile.write(text)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()

        def stop() -> None:
            server.shutdown()
            server.server_close()

        proxy = Proxy(f"http://127.0.0.1:{server.server_address[1]}", seen, stop)
        proxies.append(proxy)
        return proxy

    yield start
    for proxy in proxies:
        proxy.stop()
