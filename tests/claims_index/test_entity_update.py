"""After a partial resolution the claims index takes in only the records it resolved, and ends
with the same entity tables and browse rows as an index made from scratch (issue 19 §3)."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest
from tests.claims_index.test_index import write_articles
from tests.integration.test_invented_news_page import ARTICLES

from reportgraph.api import ReportGraph
from reportgraph.claims_index import ClaimsIndex, reconcile

TABLES = {
    "entities": "SELECT iri, canonical, label, type FROM entities",
    "entity_labels": "SELECT canonical, label, key FROM entity_labels",
    "claim_rows": "SELECT * FROM claim_rows",
}


def tables(db: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    return {name: sorted(tuple(r) for r in db.execute(sql)) for name, sql in TABLES.items()}


def assert_as_from_scratch(graph: ReportGraph, tmp_path: Path) -> None:
    fresh = ClaimsIndex(tmp_path / f"fresh-{random.random()}.db")
    reconcile(graph.store, fresh)
    assert tables(graph.claims_index._db) == tables(fresh._db)
    fresh.close()


@pytest.mark.parametrize("seed", [4, 5])
def test_partial_updates_end_as_a_rewrite_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    calls: list[int] = []
    update = ClaimsIndex.update_entities

    def counted(self: ClaimsIndex, *args: object) -> None:
        calls.append(1)
        update(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(ClaimsIndex, "update_entities", counted)
    rng = random.Random(seed)
    names = sorted(ARTICLES)
    rng.shuffle(names)
    graph = ReportGraph(tmp_path / "store")
    graph.build([write_articles(tmp_path / "a0", names[:2])])
    assert_as_from_scratch(graph, tmp_path)
    for step, name in enumerate(names[2:], start=1):
        graph.build([write_articles(tmp_path / f"a{step}", [name])])
        assert_as_from_scratch(graph, tmp_path)
    assert calls, "no build took in a partial resolution"
    gone = rng.choice(sorted(graph.claims_index.document_ids()))
    before = len(calls)
    graph.remove(gone)
    assert len(calls) > before
    assert_as_from_scratch(graph, tmp_path)
    graph.close()
