"""The claims index answers as the store does, and follows it: added and removed documents, a
new resolution, a lost or stale index file, a build killed half way (issue 18 §1)."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pyoxigraph as ox
import pytest
from tests.claims_index.browse_checks import (
    assert_browse_tables_are_the_stores,
    assert_stats_are_the_stores,
)
from tests.integration.test_invented_news_page import ARTICLES

from reportgraph.api import ReportGraph
from reportgraph.claims_index import ClaimsIndex, index_path, reconcile
from reportgraph.errors import NotFoundError
from reportgraph.figures import ledger
from reportgraph.rdf import claim_reads, store_summary
from reportgraph.rdf.entity_index import EntityFinder
from reportgraph.rdf.store import Term
from reportgraph.rows import ClaimRow, DocumentRow, FigureGroup, filter_claims


def from_store(
    graph: ReportGraph,
    *,
    kind: str | None = None,
    entity: str | None = None,
    source: str | None = None,
    include_comments: bool = False,
) -> list[ClaimRow]:
    """The claims as the store alone gives them (no claims index)."""
    bindings: dict[str, Term] = {"kind": ox.Literal(kind)} if kind else {}
    named = None
    if entity:
        target = graph.resolve_entity(entity)
        named = [ox.NamedNode(m) for m in graph.index.members.get(target, [target])]
    rows = claim_reads.claim_rows(graph.store, bindings, graph.index, entity=named)
    return filter_claims(rows, source=source, include_comments=include_comments)


def assert_same_answers(graph: ReportGraph) -> None:
    assert_browse_tables_are_the_stores(graph)
    assert_stats_are_the_stores(graph)
    for comments in (False, True):
        assert graph.claims(include_comments=comments) == from_store(
            graph, include_comments=comments
        )
    for kind in ("event", "figure", "relation", "statement"):
        assert graph.claims(kind=kind) == from_store(graph, kind=kind)
    sources = sorted({c.source.label for c in graph.claims(include_comments=True)})
    for source in sources[:5]:
        assert graph.claims(source=source) == from_store(graph, source=source)
    entities = graph.entities(include_comments=True)
    for row in entities[:: max(1, len(entities) // 25)]:
        assert graph.claims(entity=row.id, include_comments=True) == from_store(
            graph, entity=row.id, include_comments=True
        ), row.id


def write_articles(folder: Path, names: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text(ARTICLES[name], encoding="utf-8")
    return folder


def test_sample_corpus_answers_are_the_stores(sample_store: Path) -> None:
    graph = ReportGraph(sample_store, read_only=True)
    assert index_path(sample_store).exists()
    assert graph.check_index() == []
    assert_same_answers(graph)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_builds_and_removals_keep_the_index_true(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    names = sorted(ARTICLES)
    graph = ReportGraph(tmp_path / "store")
    first = rng.sample(names, 2)
    graph.build([write_articles(tmp_path / "a", first)])
    assert_same_answers(graph)
    rest = [n for n in names if n not in first]
    graph.build([write_articles(tmp_path / "b", rest)])
    assert graph.check_index() == []
    assert_same_answers(graph)
    gone = rng.choice(sorted(graph.claims_index.document_ids()))
    graph.remove(gone)
    assert gone not in graph.claims_index.document_ids()
    assert all(c.document.id != gone for c in graph.claims(include_comments=True))
    assert_same_answers(graph)
    graph.close()


def built(tmp_path: Path) -> Path:
    store = tmp_path / "store"
    with ReportGraph(store) as graph:
        graph.build([write_articles(tmp_path / "in", sorted(ARTICLES))])
    return store


def test_a_lost_document_and_a_stale_resolution_are_found_and_fixed(tmp_path: Path) -> None:
    store = built(tmp_path)
    index = ClaimsIndex(index_path(store))
    some = sorted(index.document_ids())[0]
    index.drop_documents([some])
    with sqlite3.connect(index_path(store)) as db:
        db.execute("UPDATE meta SET value = 'old' WHERE key = 'resolution'")
    graph = ReportGraph(store, read_only=True)
    problems = graph.check_index()
    assert f"document {some} is in the store but not in the claims index" in problems
    assert "the claims index has another resolution than the store" in problems
    assert_same_answers(graph)  # the first read reconciles
    assert graph.check_index() == []
    index.close()


def test_a_document_the_store_lost_is_dropped(tmp_path: Path) -> None:
    store = built(tmp_path)
    index = ClaimsIndex(index_path(store))
    ghost = DocumentRow(
        id="ghost", path="gone.txt", title=None, publisher=None, published=None, claims=0
    )
    index.replace_documents([ghost], [], [])
    assert reconcile(ReportGraph(store, read_only=True).store, index, fix=False).dropped == (
        "ghost",
    )
    graph = ReportGraph(store, read_only=True)
    assert_same_answers(graph)
    assert "ghost" not in index.document_ids()
    index.close()


def test_reindex_and_a_missing_or_foreign_file(tmp_path: Path) -> None:
    store = built(tmp_path)
    before = ReportGraph(store, read_only=True).claims(include_comments=True)
    index_path(store).unlink()
    graph = ReportGraph(store, read_only=True)
    assert graph.claims(include_comments=True) == before  # rebuilt from the store
    sync = graph.reindex()
    assert len(sync.added) == len(ARTICLES) and graph.check_index() == []
    graph.close()
    with sqlite3.connect(index_path(store)) as db:  # an index of another layout
        db.execute("UPDATE meta SET value = '0' WHERE key = 'version'")
    assert ReportGraph(store, read_only=True).claims(include_comments=True) == before


def _answer(resolve: object, name: str) -> str:
    try:
        return str(resolve(name))  # type: ignore[operator]
    except NotFoundError as err:
        return err.code


def test_names_resolve_as_the_store_resolves_them(sample_store: Path) -> None:
    """Every id, label and alias of the sample corpus, some lowercased or cut to a part, and some
    names of nothing: the index gives the store's answer or the store's error code."""
    graph = ReportGraph(sample_store, read_only=True)
    finder = EntityFinder(graph.store)
    names: set[str] = {"Nobody At All", "a", "e", "zz-top", "person/nobody"}
    for row in graph.entities(include_comments=True):
        names.update({row.id, row.label, row.label.lower(), row.label[:4], *row.aliases})
    for name in sorted(names):
        assert _answer(graph.resolve_entity, name) == _answer(finder.resolve, name), name


def figures_from_store(
    graph: ReportGraph,
    kind: str | None = None,
    place: str | None = None,
    include_comments: bool = False,
) -> list[FigureGroup]:
    target = graph.resolve_entity(place) if place else None
    claims = from_store(graph, kind="figure", entity=target, include_comments=include_comments)
    published = store_summary.published_dates(graph.store, {c.document.id for c in claims})
    place_id = graph.index.ref(target).id if target else None
    return ledger(claims, published, kind=kind, place=place_id)


def test_ledger_and_documents_are_the_stores(sample_store: Path, tmp_path: Path) -> None:
    for store in (sample_store, built(tmp_path)):
        graph = ReportGraph(store, read_only=True)
        assert graph.documents() == store_summary.document_rows(graph.query("documents"))
        assert graph.figures() == figures_from_store(graph)
        assert graph.figures(include_comments=True) == figures_from_store(
            graph, include_comments=True
        )
        kinds = {g.kind for g in graph.figures()}
        assert kinds
        for kind in sorted(kinds):
            assert graph.figures(kind=kind) == figures_from_store(graph, kind=kind)
        places = {p.id for g in graph.figures() for f in g.figures for p in f.places}
        for place in sorted(places)[:6]:
            assert graph.figures(place=place) == figures_from_store(graph, place=place)


def test_claims_by_source_is_the_saved_querys(sample_store: Path, tmp_path: Path) -> None:
    """The index's answer has the columns, rows and order of queries/claims_by_source.rq."""
    from reportgraph.saved_queries import find_query

    for store in (sample_store, built(tmp_path)):
        graph = ReportGraph(store, read_only=True)
        fast = graph.query("claims_by_source")
        slow = graph.store.select(find_query("claims_by_source").text)
        assert fast.columns == slow.columns
        assert sorted(map(repr, fast.rows)) == sorted(map(repr, slow.rows))
        key = [(-r["claims"], r["label"], r["kind"]) for r in fast.rows]  # type: ignore[operator]
        assert key == sorted(key)


def test_pages_are_slices_of_the_whole_list(sample_store: Path) -> None:
    graph = ReportGraph(sample_store, read_only=True)
    whole_corpus = graph.claims(include_comments=True)
    entities = graph.entities(include_comments=True)
    cases: list[dict[str, str | bool]] = [
        {},
        {"kind": "event"},
        {"include_comments": True},
        {"source": whole_corpus[len(whole_corpus) // 2].source.label},
        *({"entity": e.id, "include_comments": True} for e in entities[:: len(entities) // 5]),
    ]
    for filters in cases:
        whole = graph.claims(**filters)  # type: ignore[arg-type]
        assert whole == from_store(graph, **filters)  # type: ignore[arg-type]
        for limit, offset in ((1, 0), (5, 3), (100, 0), (None, 7), (3, len(whole) + 2)):
            page = graph.claims(**filters, limit=limit, offset=offset)  # type: ignore[arg-type]
            assert page == whole[offset : None if limit is None else offset + limit], filters
