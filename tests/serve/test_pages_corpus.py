"""The explorer's pages on a store built from the sample corpus: the ledger is the library's,
and the entity page of the most-cited entity lists as many claims as ``ReportGraph.claims``."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from tests.serve.server_process import request, running_server

from reportgraph.api import ReportGraph

pytestmark = pytest.mark.corpus


def test_the_pages_agree_with_the_library_on_the_sample_corpus(sample_store: Path) -> None:
    with ReportGraph(sample_store, read_only=True) as graph:
        ledger = [g.model_dump(mode="json") for g in graph.figures()]
        claims = graph.claims(include_comments=True)
        named = Counter(
            ref.id
            for c in claims
            for ref in {r.id: r for r in [c.subject, c.object, *c.places, *c.about] if r}.values()
        )
        entity = min(named, key=lambda e: (-named[e], e))
        expected = {c.id for c in graph.claims(entity=entity, include_comments=True)}
    with running_server(sample_store) as server:
        found = json.loads(request(server.url + "-/ledger.json").body)
        assert found["groups"] == ledger
        page = json.loads(request(server.url + f"-/entity/{entity}.json").body)
        assert page["claims"]["total"] == len(expected) > 0
        first = page["claims"]["rows"][0]["id"]
        assert first in expected
        claim = request(server.url + f"-/claim/{first}")
        assert claim.status == 200 and "<mark>" in claim.text
