"""What goes wrong with a server, each with its code: unreachable, no such protocol, missing or
wrong credentials (never shown), refused writes, timeouts; and the refusals of the embedded
store (SERVICE, updates) hold for a remote one."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner, Result

from reportgraph.cli import app
from sparql_servers import OxServer, Proxy, free_port

runner = CliRunner()
TOKEN = "t0ken-of-the-desk-only"
ARTICLES = {
    "harbour.txt": "Dockworkers in Port Alvenna said the strike ended on Monday.\n",
    "valley.txt": "The Velmar council said floods closed two roads near Orsk on Friday.\n",
}


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return runner.invoke(app, list(args), env=env)


def failed_with(result: Result, code: str) -> str:
    assert result.exit_code != 0, result.output
    assert code in result.output, result.output
    return result.output


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def not_sparql() -> Iterator[str]:
    """An HTTP server that knows no SPARQL: 404 to everything."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _nothing(self) -> None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_POST = _nothing

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_unreachable_server() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    failed_with(run("entities", "--store", url), "RG340")
    failed_with(run("build", ".", "--store", url, "--no-export", "--no-viz"), "RG340")


def test_a_server_without_the_protocols(not_sparql: str) -> None:
    out = failed_with(run("claims", "--store", not_sparql), "RG345")
    assert "/query" in out


def test_credentials_are_sent_and_checked_never_shown(
    remote_url: str, token_proxy: Callable[..., Proxy], articles: Path
) -> None:
    proxy = token_proxy(remote_url, token=TOKEN)
    out = failed_with(run("entities", "--store", proxy.url), "RG342")
    out = failed_with(
        run("entities", "--store", proxy.url, env={"REPORTGRAPH_STORE_TOKEN": "wrong-" + TOKEN}),
        "RG342",
    )
    assert TOKEN not in out
    env = {"REPORTGRAPH_STORE_TOKEN": TOKEN}
    built = run("build", str(articles), "--store", proxy.url, "--no-export", "--no-viz", env=env)
    assert built.exit_code == 0, built.output
    assert TOKEN not in built.output
    listed = run("claims", "--store", proxy.url, "-f", "jsonl", env=env)
    assert listed.exit_code == 0 and listed.output.strip(), listed.output
    authorized = [auth for _, _, auth in proxy.requests if auth == f"Bearer {TOKEN}"]
    assert len(authorized) >= 4


def test_credentials_from_a_file_too_open_are_refused(
    remote_url: str, token_proxy: Callable[..., Proxy], tmp_path: Path
) -> None:
    proxy = token_proxy(remote_url, token=TOKEN)
    secret = tmp_path / "token"
    secret.write_text(f"token = {TOKEN}\n", encoding="utf-8")
    secret.chmod(0o640)
    env = {"REPORTGRAPH_STORE_CREDENTIALS": str(secret)}
    out = failed_with(run("entities", "--store", proxy.url, env=env), "RG348")
    assert TOKEN not in out and not proxy.requests
    secret.chmod(0o600)
    assert run("entities", "--store", proxy.url, env=env).exit_code == 0


def test_a_read_only_server_refuses_the_build(
    oxigraph_server: Callable[..., OxServer], tmp_path: Path, articles: Path
) -> None:
    location = tmp_path / "db"
    db = ox.Store(str(location))
    db.flush()
    del db
    server = oxigraph_server(read_only=True, location=location)
    failed_with(
        run("build", str(articles), "--store", server.url, "--no-viz", "--no-export"), "RG343"
    )
    assert run("entities", "--store", server.url).exit_code == 0


def test_a_proxy_that_refuses_writes(
    remote_url: str, token_proxy: Callable[..., Proxy], articles: Path
) -> None:
    proxy = token_proxy(remote_url, refuse_writes=True)
    failed_with(
        run("build", str(articles), "--store", proxy.url, "--no-viz", "--no-export"), "RG343"
    )
    assert run("entities", "--store", proxy.url).exit_code == 0


def test_timeouts(remote_url: str, token_proxy: Callable[..., Proxy]) -> None:
    slow_probe = token_proxy(remote_url, slow=b"ASK", delay=3)
    env = {"REPORTGRAPH_STORE_TIMEOUT": "1"}
    failed_with(run("entities", "--store", slow_probe.url, env=env), "RG344")
    slow_query = token_proxy(remote_url, slow=b"unhurried", delay=3)
    query = 'SELECT * WHERE { ?s ?p "unhurried" }'
    out = failed_with(
        run("query", "--sparql", query, "--timeout", "1", "--store", slow_query.url), "RG405"
    )
    assert "time limit" in out


def test_service_and_updates_are_refused_before_any_request(
    remote_url: str, token_proxy: Callable[..., Proxy]
) -> None:
    proxy = token_proxy(remote_url)
    service = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{free_port()}/> {{ ?s ?p ?o }} }}"
    failed_with(run("query", "--sparql", service, "--store", proxy.url), "RG404")
    failed_with(run("query", "--sparql", "DROP ALL", "--store", proxy.url), "RG401")
    sent = [path for _, path, _ in proxy.requests]
    assert all("SERVICE" not in p and "DROP" not in p for p in sent)
    assert len(sent) <= 2  # the probes that open the store, nothing else
