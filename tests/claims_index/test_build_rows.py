"""The build writes the claims index's rows itself, per write group (issue 18 §1, "Writes"): after
random invented builds (new documents, a changed document at a path already built) the index
holds exactly what a reindex from the store holds, and the reconciliation that ends each build
has nothing left to add."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest
from tests.claims_index.test_index import assert_same_answers, write_articles
from tests.integration.test_invented_news_page import ARTICLES

from reportgraph.api import ReportGraph
from reportgraph.claims_index import index_path, sync


def index_tables(path: Path) -> dict[str, list[str]]:
    """Every row of every table of the index file (FTS shadow tables aside), sorted."""
    with sqlite3.connect(path) as db:
        names = [
            str(r[1])
            for r in db.execute("PRAGMA table_list")
            if r[0] == "main"
            and r[2] in ("table", "virtual")
            and not str(r[1]).startswith("sqlite_")
        ]
        return {n: sorted(map(repr, db.execute(f'SELECT * FROM "{n}"'))) for n in names}


@pytest.mark.parametrize("seed", [7, 8])
def test_built_index_is_the_reindexed_one(
    tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    added_by_reconcile: list[str] = []
    real_add = sync._add

    def watched(store: object, index: object, paths: dict[str, str]) -> None:
        added_by_reconcile.extend(paths)
        real_add(store, index, paths)  # type: ignore[arg-type]

    monkeypatch.setattr(sync, "_add", watched)
    rng = random.Random(seed)
    names = sorted(ARTICLES)
    rng.shuffle(names)
    store = tmp_path / "store"
    graph = ReportGraph(store)
    first = write_articles(tmp_path / "a", names[:3])
    graph.build([first])
    changed = first / names[0]  # the same path, another text: the build replaces it
    changed.write_text(ARTICLES[names[0]] + " Officials in the valley gave no figure.\n")
    graph.build([first, write_articles(tmp_path / "b", names[3:])])
    assert added_by_reconcile == []
    assert graph.check_index() == []
    built = index_tables(index_path(store))
    assert built["claims"] and built["figures"] and built["documents"]
    assert len(built["documents"]) == len(ARTICLES)
    assert_same_answers(graph)
    graph.reindex()
    assert len(added_by_reconcile) == len(ARTICLES)  # the reindex did read them all
    assert index_tables(index_path(store)) == built
    graph.close()
