"""SPARQL servers for tests: ``oxigraph serve`` processes on free loopback ports, and a small
reverse proxy in front of one (it can demand a bearer token, refuse writes, answer slowly).
The fixtures are in ``tests/remote/conftest.py``."""

from __future__ import annotations

import http.client
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

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


# ---- a reverse proxy that demands a token ----


def kill_when_documents_land(server: OxServer, build: subprocess.Popen[bytes], wait: float) -> str:
    """Kill ``server`` as soon as the ``build`` writing to it has landed its first documents
    (or has ended); the build's output once it has ended. Skips the test when the build had
    finished before the server went down."""
    import pytest

    from reportgraph.rdf.remote import RemoteStore

    probe = RemoteStore(server.url, read_only=True)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline and build.poll() is None and not probe.document_ids():
        time.sleep(0.02)
    probe.close()
    server.kill()
    output = build.communicate(timeout=wait)[0].decode()
    if build.returncode == 0:
        pytest.skip("the build finished before the server was killed")
    return output


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gave up on a slow answer: nothing to report


@dataclass
class Proxy:
    url: str
    requests: list[tuple[str, str, str | None]]  # (method, path, Authorization header)
    stop: Callable[[], None]


def start_proxy(
    target: str,
    *,
    token: str | None = None,
    refuse_writes: bool = False,
    slow: bytes | None = None,
    delay: float = 0,
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
            if slow is not None and slow in body:
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

    server = _QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()

    return Proxy(f"http://127.0.0.1:{server.server_address[1]}", seen, stop)
