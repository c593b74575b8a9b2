"""``reportgraph serve --store http://...``: the explorer and ``/sparql`` over a shared store
answer as the same server over an embedded store built from the same articles; the endpoint's
refusals hold; a query the server does not answer in time gets 503 and the server goes on."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.serve.server_process import ARTICLES, Reply, Server, request, running_server
from tests.serve.server_process import write_articles as write_invented
from tests.serve.test_pages import claims_of, most_named_entity

from reportgraph.api import ReportGraph
from sparql_servers import Proxy

TOKEN = "serve-remote-token"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?c a rg:Claim } }"
SLOW_MARK = "slowmarker"  # in a comment; the same once URL-encoded


def sparql(server: Server, query: str, accept: str = "application/sparql-results+json") -> Reply:
    url = server.url + "sparql?" + urllib.parse.urlencode({"query": query})
    return request(url, accept=accept)


def solutions(server: Server, query: str) -> list[dict[str, Any]]:
    reply = sparql(server, query)
    assert reply.status == 200, reply.text
    rows = json.loads(reply.body)["results"]["bindings"]
    return sorted(rows, key=json.dumps)


def page(server: Server, path: str) -> Any:
    reply = request(server.url.rstrip("/") + path)
    assert reply.status == 200, reply.text
    return json.loads(reply.body)


@pytest.fixture
def stores(remote_url: str, tmp_path: Path) -> tuple[str, Path]:
    """(the server's URL, an embedded store), both built from the same invented articles."""
    articles = write_invented(tmp_path / "in", sorted(ARTICLES))
    local = tmp_path / "store"
    for where in (remote_url, local):
        with ReportGraph(where) as graph:
            assert graph.build([articles]).failures == []
    return remote_url, local


def test_the_explorer_over_a_shared_store_is_the_local_ones(stores: tuple[str, Path]) -> None:
    remote, local = stores
    with running_server(remote) as far, running_server(local) as near:
        counted = solutions(far, "PREFIX rg: <https://w3id.org/reportgraph/ontology#> " + COUNT)
        assert int(counted[0]["n"]["value"]) > 10
        query = "SELECT ?c ?k WHERE { GRAPH ?g { ?c rg:claimKind ?k } }"
        prefixed = "PREFIX rg: <https://w3id.org/reportgraph/ontology#> " + query
        assert solutions(far, prefixed) == solutions(near, prefixed)
        table = "/reportgraph/claim_rows.json?_shape=array&_size=max&_sort=claim"
        rows = page(far, table)
        assert rows and rows == page(near, table)
        claim = rows[0]["claim"]
        assert page(far, f"/-/claim/{claim}.json") == page(near, f"/-/claim/{claim}.json")
        assert page(far, "/-/ledger.json") == page(near, "/-/ledger.json")
        entity, _ = most_named_entity(claims_of(local))
        network = page(far, f"/-/network/{entity}.json")
        assert network["nodes"] and network == page(near, f"/-/network/{entity}.json")


def test_the_endpoint_refuses_updates_and_service(stores: tuple[str, Path]) -> None:
    remote, _ = stores
    with running_server(remote) as far:
        refused = request(
            far.url + "sparql",
            data=b"DROP ALL",
            content_type="application/sparql-update",
            method="POST",
        )
        assert refused.status == 403
        service = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
        assert sparql(far, service).status == 400
    with ReportGraph(remote, read_only=True) as graph:
        assert graph.stats().claims > 0  # nothing was dropped


def test_a_query_past_the_time_limit_is_503_and_the_server_goes_on(
    stores: tuple[str, Path],
    token_proxy: Callable[..., Proxy],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    remote, _ = stores
    proxy = token_proxy(remote, token=TOKEN, slow=SLOW_MARK.encode(), delay=4)
    monkeypatch.setenv("REPORTGRAPH_STORE_TOKEN", TOKEN)
    with running_server(proxy.url, "--timeout", "1") as far:
        slow = sparql(far, f"ASK {{ }} # {SLOW_MARK}\n")
        assert slow.status == 503, slow.text
        assert "RG344" in slow.text
        assert sparql(far, "ASK { }").status == 200
