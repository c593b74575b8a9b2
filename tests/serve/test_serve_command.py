"""``reportgraph serve`` as a command (issue 18 §3): it listens on 127.0.0.1 unless told
otherwise, and warns when told; a bad store, a port in use and an index that cannot be opened
are one coded line and a fix; Ctrl-C stops it; Datasette serves the claims index read-only;
a query past its time limit is stopped and the server keeps serving; a build running beside
the server shows up in its answers."""

from __future__ import annotations

import json
import re
import shutil
import socket
import time
import urllib.parse
from pathlib import Path

import pytest
from tests.serve.conftest import build_store
from tests.serve.server_process import Server, get_query, request, running_server, write_articles
from typer.testing import CliRunner

from processes import WAIT
from reportgraph.api import ReportGraph
from reportgraph.cli import app
from reportgraph.rdf.snapshot import sidecar
from reportgraph.serve.binding import exposure_warning, is_local

runner = CliRunner()
# A cartesian product over ~650 quads: ~10^11 rows to count, far beyond any test's patience.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
COUNT_DOCS = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { GRAPH ?g { ?d a rg:Document } }"
STOPS_WITHIN = 60.0  # seconds: generous; the point is that it stops at all


def number(server: Server, query: str) -> int:
    reply = get_query(server, query, "application/sparql-results+json")
    assert reply.status == 200, reply.text
    return int(json.loads(reply.body)["results"]["bindings"][0]["n"]["value"])


def listening_addresses(port: int) -> set[str]:
    """Local addresses (hex, as /proc/net/tcp* shows them) of the sockets listening on
    ``port``."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].split(":")
            if fields[3] == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


def error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.strip()]


# ---- binding ----


def test_it_listens_on_127_0_0_1_by_default_and_warns_about_nothing(tiny_store: Path) -> None:
    with running_server(tiny_store) as server:
        assert urllib.parse.urlsplit(server.url).hostname == "127.0.0.1"
        assert listening_addresses(server.port) == {"0100007F"}  # 127.0.0.1, nothing else
    assert server.process.stderr is not None
    assert "warning" not in server.process.stderr.read()


def test_another_host_is_listened_on_only_with_a_warning(
    tiny_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, object]] = []
    monkeypatch.setattr(
        "reportgraph.serve.server.serve", lambda store, **kwargs: calls.append(kwargs)
    )
    result = runner.invoke(app, ["serve", "--store", str(tiny_store), "--host", "0.0.0.0"])
    assert result.exit_code == 0, result.output
    assert calls[-1]["host"] == "0.0.0.0"
    assert result.output.startswith("warning: listening on 0.0.0.0")
    assert "can read the whole store" in result.output
    for host in ("127.0.0.1", "localhost", "::1"):
        result = runner.invoke(app, ["serve", "--store", str(tiny_store), "--host", host])
        assert result.exit_code == 0 and "warning" not in result.output
        assert calls[-1]["host"] == host
    assert all(is_local(h) and exposure_warning(h) is None for h in ("LOCALHOST", "[::1]"))
    assert exposure_warning("192.168.1.20") is not None


# ---- errors at start ----


def test_a_store_path_that_does_not_exist_is_one_coded_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["serve", "--store", str(tmp_path / "none"), "--port", "0"])
    assert result.exit_code == 1
    lines = error_lines(result.output)
    assert lines[0].startswith("error[RG301]:") and lines[1].startswith("  fix:")
    assert len(lines) == 2
    assert not (tmp_path / "none").exists()


def test_a_port_in_use_is_one_coded_line(tiny_store: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = runner.invoke(app, ["serve", "--store", str(tiny_store), "--port", str(port)])
    assert result.exit_code == 1
    lines = error_lines(result.output)
    assert lines[0].startswith("error[RG801]:") and str(port) in lines[0]
    assert lines[1].startswith("  fix:") and len(lines) == 2


def test_an_index_that_cannot_be_opened_is_one_coded_line(tiny_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(tiny_store, store)
    shutil.copytree(sidecar(tiny_store), sidecar(store))
    (tmp_path / "store.index.db").write_bytes(b"this is not a database, only some text\n" * 50)
    result = runner.invoke(app, ["serve", "--store", str(store), "--port", "0"])
    assert result.exit_code == 1
    lines = error_lines(result.output)
    assert lines[0].startswith("error[RG330]:") and lines[1].startswith("  fix:")


# ---- serving ----


def test_ctrl_c_stops_the_server_with_exit_code_130(tiny_store: Path) -> None:
    with running_server(tiny_store) as server:
        assert request(server.url).status == 200
    assert server.process.returncode == 130
    assert server.process.stderr is not None
    assert "stopped" in server.process.stderr.read()


def test_datasette_serves_the_claims_table_read_only(server: Server, tiny_store: Path) -> None:
    claims = number(
        server, "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { GRAPH ?g { ?c a rg:Claim } }"
    )
    assert claims > 0
    reply = request(server.url + "reportgraph/claims.json?_shape=array&_size=max")
    assert reply.status == 200, reply.text
    rows = json.loads(reply.body)
    assert len(rows) == claims
    assert {r["kind"] for r in rows} <= {"relation", "event", "figure", "statement"}
    sql = urllib.parse.urlencode({"sql": "DELETE FROM claims"})
    assert request(server.url + f"reportgraph.json?{sql}").status >= 400
    assert (
        len(json.loads(request(server.url + "reportgraph/claims.json?_shape=array&_size=max").body))
        == claims
    )
    with ReportGraph(tiny_store, read_only=True) as graph:
        assert graph.claims_index.claim_count() == claims
    plugins = json.loads(request(server.url + "-/plugins.json").body)
    names = sorted(p["name"] for p in plugins)
    assert names == ["reportgraph-pages", "reportgraph-sparql"]  # no other plugin, no writes
    page = request(server.url + "reportgraph/claims", accept="text/html").text
    assets = re.findall(r'<(?:script|link|img)[^>]*?(?:src|href)="([^"]*)"', page)
    local = [a for a in assets if a.startswith(server.url) or re.match(r"/[^/]", a)]
    assert assets and local == assets  # nothing from outside this server: it works offline


def test_a_query_past_the_time_limit_is_stopped_and_the_next_one_runs(tiny_store: Path) -> None:
    with running_server(tiny_store, "--timeout", "1") as server:
        start = time.monotonic()
        reply = get_query(server, SLOW)
        assert time.monotonic() - start < STOPS_WITHIN
        assert reply.status == 503
        assert reply.text.startswith("error[RG405]") and "\nfix: " in reply.text
        assert _children(server.process.pid) == []  # the query's process is gone
        assert number(server, COUNT_DOCS) == 2
        assert request(server.url + "reportgraph/documents.json").status == 200


def test_a_build_beside_the_server_shows_in_its_answers(tmp_path: Path) -> None:
    store = build_store(tmp_path, ["harbour.txt", "flood.txt"])
    with running_server(store) as server:
        assert number(server, COUNT_DOCS) == 2
        with ReportGraph(store) as graph:
            graph.build([write_articles(tmp_path / "more", ["mine.txt"])])
        assert number(server, COUNT_DOCS) == 3  # the build's snapshot, without a restart
        rows = json.loads(request(server.url + "reportgraph/documents.json?_shape=array").body)
        assert len(rows) == 3  # the build reconciled the index, which Datasette reads as is


@pytest.mark.corpus
def test_the_endpoint_answers_a_curl_style_query_on_the_sample_corpus(sample_store: Path) -> None:
    with ReportGraph(sample_store, read_only=True) as graph:
        documents = len(graph.documents())
    with running_server(sample_store) as server:
        url = server.url + "sparql?" + urllib.parse.urlencode({"query": COUNT_DOCS})
        reply = request(url, accept="application/sparql-results+json")
        assert reply.status == 200
        assert reply.content_type.startswith("application/sparql-results+json")
        data = json.loads(reply.body)
        assert int(data["results"]["bindings"][0]["n"]["value"]) == documents > 0


def _children(pid: int) -> list[int]:
    """Child processes of ``pid`` (any thread's), waited for up to a generous bound."""
    deadline = time.monotonic() + WAIT
    while True:
        found = [
            int(c)
            for task in Path(f"/proc/{pid}/task").iterdir()
            for c in (task / "children").read_text().split()
        ]
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def test_requests_for_another_host_name_are_refused(server: Server) -> None:
    """DNS rebinding: a page of another site that resolves its name to 127.0.0.1 still sends
    its own name as Host; the server answers only the names it is known by."""
    import http.client
    from urllib.parse import urlsplit

    from reportgraph.serve.host_guard import host_name

    parts = urlsplit(server.url)
    for host, status in [
        ("evil.example:80", 421),
        ("127.0.0.1.evil.example", 421),
        (f"localhost:{parts.port}", 200),
        (f"127.0.0.1:{parts.port}", 200),
    ]:
        conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
        conn.request("GET", "/sparql?query=ASK%7B%7D", headers={"Host": host})
        reply = conn.getresponse()
        assert reply.status == status, host
        reply.read()
        conn.close()
    assert host_name("[::1]:8001") == "::1" and host_name("Example.ORG:80") == "example.org"
