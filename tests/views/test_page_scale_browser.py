"""The investigation page at scale, in a real headless Chromium: synthetic rows of invented words
(tests/synthetic_graph.py, which bench/page.py times) go the page's whole way, rows ->
to_networkx -> page_payload -> write_network_page, and the page draws them. No timing is
asserted here; bench/page.py prints the times.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from browser import browser, console_errors, open_page, requested_urls
from reportgraph.views.html import write_network_page
from reportgraph.views.network import to_networkx
from reportgraph.views.page_data import page_payload
from synthetic_graph import Synthetic, synthetic_graph

__all__ = ["browser"]  # the fixture, imported for pytest

pytestmark = pytest.mark.browser


def payload(rows: Synthetic, **options: Any) -> dict[str, Any]:
    graph = to_networkx(rows.entities, rows.claims, published=rows.published)
    return page_payload(graph, rows.claims, documents=rows.documents, spans=rows.spans, **options)


def shown_edges(data: dict[str, Any]) -> int:
    """Edges with a claim that passes the page's initial filters (reader comments off)."""
    claims = data["claims"]
    return sum(
        any(claims[i]["segment"] != "reader_comment" for i in e["claims"]) for e in data["edges"]
    )


def test_synthetic_rows_draw_as_many_nodes_and_edges_as_asked(browser: Any, tmp_path: Path) -> None:
    rows = synthetic_graph(400, 1200, seed=5)
    data = payload(rows)
    assert (len(data["nodes"]), len(data["edges"]), data["top_n"]) == (400, 1200, 300)
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) == 400
    kinds = {c["kind"] for c in data["claims"]}
    assert kinds == {"event", "figure", "relation", "statement"}
    assert {n["type"] for n in data["nodes"]} >= {"PERSON", "ORGANIZATION", "PLACE", "SOURCE"}
    open_page(browser, write_network_page(data, tmp_path / "page.html"))
    assert browser.execute_script("return RG.drawnNodeCount()") == 300
    text = browser.execute_script("return document.getElementById('shown').textContent")
    assert "300 of 400" in text
    assert console_errors(browser) == []
    leaving = ("http:", "https:", "ws:", "wss:", "ftp:")
    assert [u for u in requested_urls(browser) if u.startswith(leaving)] == []


def test_a_page_of_five_thousand_nodes_draws_them_all(browser: Any, tmp_path: Path) -> None:
    rows = synthetic_graph(5000, 20000, seed=17)
    data = payload(rows, top_n=5000)
    assert (len(data["nodes"]), len(data["edges"])) == (5000, 20000)
    open_page(browser, write_network_page(data, tmp_path / "page.html"), timeout=120.0)
    assert browser.execute_script("return RG.drawnNodeCount()") == 5000
    assert browser.execute_script("return RG.drawnEdgeCount()") == shown_edges(data)
    text = browser.execute_script("return document.getElementById('shown').textContent")
    assert "5000 of 5000" in text
    assert console_errors(browser) == []
