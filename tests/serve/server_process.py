"""``reportgraph serve`` as a real process for the tests: started on a free port on 127.0.0.1
(``--port 0``), its URL read from the line it prints, stopped with Ctrl-C (SIGINT); and plain
HTTP requests to it (urllib, nothing more)."""

from __future__ import annotations

import signal
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from processes import WAIT, env

# Invented articles: three about invented places and people, one about real places.
ARTICLES = {
    "harbour.txt": (
        "Harbour strike spreads in Valdoria\n\nPublished: 4 May 2024\n\n"
        "Dock workers in Portmere walked off the job on Monday, the Valdorian Port Authority "
        "said. The union leader Marta Kessel told reporters that 1,200 workers had joined the "
        "strike. According to the harbour police, three people were injured in clashes near "
        "the northern gate.\n"
    ),
    "flood.txt": (
        "Floods cut roads in the Ostrel valley\n\nPublished: 6 May 2024\n\n"
        "Heavy rain flooded villages along the Tessin river, the regional governor Pavel Orlik "
        "said on Tuesday. At least 40 families were displaced, according to the Red Cross. "
        "Officials said two bridges had collapsed.\n"
    ),
    "mine.txt": (
        "Mine collapse traps workers in Karvenia\n\nPublished: 9 May 2024\n\n"
        "Eleven miners were trapped after a tunnel collapsed near Dolmir, the mining company "
        "Karvo Minerals said on Thursday. Rescue teams reached four of them, the local mayor "
        "Ilse Brandt told a radio station.\n"
    ),
    # Real places (for coordinates), invented events; markup in a sentence (for escaping).
    "quake.txt": (
        "Tremor shakes the Andes\n\nPublished: 2 June 2024\n\n"
        "At least 12 people were hurt when a tremor shook Cusco on Sunday, police in Lima said. "
        "A shop sign reading <script>alert(1)</script> fell on a car in Arequipa, the mayor "
        "said.\n"
    ),
}


def write_articles(folder: Path, names: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text(ARTICLES[name], encoding="utf-8")
    return folder


@dataclass
class Server:
    process: subprocess.Popen[str]
    url: str  # http://127.0.0.1:PORT/

    @property
    def port(self) -> int:
        return int(self.url.rstrip("/").rsplit(":", 1)[1])


def serve_cmd(store: Path | str, *args: str) -> list[str]:
    return [sys.executable, "-m", "reportgraph.cli", "serve", "--store", str(store), *args]


@contextmanager
def running_server(store: Path | str, *args: str) -> Iterator[Server]:
    """A server on ``store`` (on a free port unless ``args`` give one), stopped on exit."""
    extra = list(args) if "--port" in args else ["--port", "0", *args]
    proc = subprocess.Popen(
        serve_cmd(store, *extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env(),
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()  # "serving http://127.0.0.1:PORT/ ..." once it listens
        if not line.startswith("serving "):
            proc.kill()
            _, errors = proc.communicate(timeout=WAIT)
            raise AssertionError(f"the server did not start: {line!r} {errors}")
        yield Server(proc, line.split()[1])
    finally:
        stop(proc)


def stop(proc: subprocess.Popen[str]) -> int:
    """Ctrl-C, then wait; killed if it does not stop."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return proc.returncode


@dataclass
class Reply:
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str]

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def request(
    url: str,
    *,
    accept: str | None = None,
    data: bytes | None = None,
    content_type: str | None = None,
    method: str | None = None,
) -> Reply:
    headers = {}
    if accept is not None:
        headers["Accept"] = accept
    if content_type is not None:
        headers["Content-Type"] = content_type
    req = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=WAIT) as resp:
            return Reply(
                resp.status, resp.headers.get("Content-Type", ""), resp.read(), _lower(resp.headers)
            )
    except urllib.error.HTTPError as exc:
        return Reply(exc.code, exc.headers.get("Content-Type", ""), exc.read(), _lower(exc.headers))


def get_query(server: Server, query: str, accept: str | None = None) -> Reply:
    return request(server.url + "sparql?" + urllib.parse.urlencode({"query": query}), accept=accept)


def post_form(server: Server, fields: dict[str, str], accept: str | None = None) -> Reply:
    return request(
        server.url + "sparql",
        accept=accept,
        data=urllib.parse.urlencode(fields).encode(),
        content_type="application/x-www-form-urlencoded",
    )


def post_body(server: Server, query: str, accept: str | None = None) -> Reply:
    return request(
        server.url + "sparql",
        accept=accept,
        data=query.encode("utf-8"),
        content_type="application/sparql-query",
    )


def _lower(headers: object) -> dict[str, str]:
    """Header names in lower case."""
    items = headers.items() if hasattr(headers, "items") else []
    return {str(k).lower(): str(v) for k, v in items}
