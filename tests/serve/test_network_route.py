"""An entity's network neighbourhood page on the server (``/-/network/<id>``): the data
``reportgraph viz --entity`` writes, the page drawn in a real Chromium under a policy that loads
nothing from elsewhere, and 404 for an unknown entity."""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
from tests.serve.server_process import Reply, Server, request

from browser import browser, console_errors, requested_urls, wait_for
from reportgraph.api import ReportGraph

__all__ = ["browser"]  # the fixture


def get(server: Server, path: str) -> Reply:
    return request(server.url.rstrip("/") + path)


def test_the_json_twin_is_the_data_viz_writes(explorer: Server, explorer_store: Path) -> None:
    reply = get(explorer, "/-/network/place/lima.json")
    assert reply.status == 200, reply.text
    with ReportGraph(explorer_store, read_only=True) as graph:
        expected = graph.network_payload(entity="place/lima", hops=1)
        wider = graph.network_payload(entity="place/lima", hops=2)
    assert json.loads(reply.body) == json.loads(json.dumps(expected))
    assert "place/lima" in {n["id"] for n in expected["nodes"]}
    assert json.loads(get(explorer, "/-/network/place/lima.json?hops=2").body) == json.loads(
        json.dumps(wider)
    )


def test_the_entity_page_links_to_it(explorer: Server) -> None:
    page = get(explorer, "/-/entity/place/lima")
    assert 'href="/-/network/place/lima"' in page.text


@pytest.mark.parametrize("path", ["/-/network/place/atlantis", "/-/network/not an id"])
def test_an_unknown_entity_is_404_with_a_coded_message(explorer: Server, path: str) -> None:
    reply = get(explorer, urllib.parse.quote(path) + ".json")
    assert reply.status == 404
    assert json.loads(reply.body)["error"]["code"] == "RG501"
    assert "error[RG501]" in get(explorer, urllib.parse.quote(path)).text


def most_connected(store: Path) -> str:
    """The entity (not a source) with the most edges in the whole network."""
    with ReportGraph(store, read_only=True) as graph:
        network = graph.network(include_comments=False)
    entities = sorted(n for n, attrs in network.nodes(data=True) if not attrs.get("source"))
    return str(max(entities, key=lambda n: network.degree(n)))


@pytest.mark.browser
def test_the_page_draws_the_neighbourhood_offline(
    explorer: Server, explorer_store: Path, browser: Any
) -> None:
    entity = most_connected(explorer_store)
    reply = get(explorer, f"/-/network/{entity}")
    policy = reply.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'unsafe-inline'" in policy
    d = browser
    d.get(explorer.url + f"-/network/{entity}")
    wait_for(d, "return window.RG !== undefined && RG.drawnEdgeCount() > 0")
    assert d.execute_script("return RG.nodeClientPosition(arguments[0])", entity) is not None
    web = [u for u in requested_urls(d) if u.startswith(("http:", "https:", "ws:", "wss:"))]
    assert web and all(u.startswith(explorer.url) for u in web), web  # chrome:// is the browser's
    assert console_errors(d) == []
