"""The ledger a page at a time (``claims_index.ledger.ledger_page``, the served ledger's source)
is the whole ledger cut into pages: page after page, each group's figures are those of
``ReportGraph.figures``, its counts and sources are the whole group's, and the overview counts
what the whole ledger holds, each place once."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from pathlib import Path
from typing import Any

from tests.claims_index.test_index import built

from reportgraph.api import ReportGraph
from reportgraph.claims_index import index_path
from reportgraph.claims_index.ledger import NO_PLACE, OVERVIEW_ROWS, LedgerPage, ledger_page
from reportgraph.figures import figure_matches_kind
from reportgraph.rows import FigureGroup, FigureRow


def pages(graph: ReportGraph, per_page: int, **how: Any) -> list[LedgerPage]:
    index = graph.claims_index
    kind = how.get("kind")
    units = [u for u in index.figure_units() if figure_matches_kind(kind, *u)] if kind else None
    at = None
    if how.get("place"):
        target = graph.resolve_entity(how["place"])
        known = index.entity_index([target])
        at = (known.ref(target).id, known.members.get(target, [target]))
    comments = bool(how.get("include_comments"))
    out = [ledger_page(index, units=units, place=at, include_comments=comments, per_page=per_page)]
    while out[-1].page < out[-1].pages:
        out.append(
            ledger_page(
                index,
                units=units,
                place=at,
                include_comments=comments,
                page=out[-1].page + 1,
                per_page=per_page,
            )
        )
    return out


def overview_of(groups: list[FigureGroup]) -> list[tuple[str, str, int, int]]:
    """The overview as it must be: every figure under each of its places (each place once)."""
    claims: dict[tuple[str, str], set[str]] = defaultdict(set)
    sources: dict[tuple[str, str], set[str]] = defaultdict(set)
    for g in groups:
        for f in g.figures:
            for place in {p.id for p in f.places} or {NO_PLACE}:
                claims[g.kind, place].add(f.claim)
                sources[g.kind, place].add(f.source.id)
    return sorted((k, p, len(claims[k, p]), len(sources[k, p])) for k, p in claims)


def assert_pages_are_the_ledger(graph: ReportGraph, per_page: int, **how: Any) -> None:
    whole = graph.figures(**how)
    found = pages(graph, per_page, **how)
    longest = max((g.claims for g in whole), default=0)
    overview = overview_of(whole)
    size = OVERVIEW_ROWS * per_page
    assert found[-1].pages == max(-(-longest // per_page), -(-len(overview) // size))
    for page in found:
        assert len(page.groups) == len(whole)
        for group, full in zip(page.groups, whole, strict=True):
            assert (group.kind, group.claims, group.independent_sources, group.sources) == (
                full.kind,
                full.claims,
                full.independent_sources,
                full.sources,
            )
            assert len(group.figures) <= per_page
        assert len(page.overview) <= size and page.overview_rows == len(overview)
    rows = [
        (r["kind"], r["place"] or NO_PLACE, r["claims"], r["independent_sources"])
        for page in found
        for r in page.overview
    ]
    assert sorted(rows) == overview
    for n, full in enumerate(whole):
        paged: list[FigureRow] = [f for page in found for f in page.groups[n].figures]
        assert paged == full.figures


def test_page_after_page_is_the_whole_ledger(sample_store: Path, tmp_path: Path) -> None:
    for store in (sample_store, built(tmp_path)):
        with ReportGraph(store, read_only=True) as graph:
            everything = graph.figures()
            assert sum(g.claims for g in everything) > 3  # more than one page of 3
            for per_page in (1, 3, 1000):
                assert_pages_are_the_ledger(graph, per_page)
            assert_pages_are_the_ledger(graph, 2, include_comments=True)
            for kind in sorted({g.kind for g in everything}):
                assert_pages_are_the_ledger(graph, 2, kind=kind)
            places = sorted({p.id for g in everything for f in g.figures for p in f.places})
            assert places
            for place in places[:4]:
                assert_pages_are_the_ledger(graph, 2, place=place)


def test_pages_follow_publication_dates_before_paths(tmp_path: Path) -> None:
    """The ledger's order is publication date first: dates against the paths' order."""
    store = built(tmp_path)
    with sqlite3.connect(index_path(store)) as db:
        ids = [str(r[0]) for r in db.execute("SELECT id FROM documents ORDER BY path DESC")]
        for n, doc in enumerate(ids):
            db.execute(
                "UPDATE documents SET published = ? WHERE id = ?", (f"2031-01-{n + 10}", doc)
            )
    with ReportGraph(store, read_only=True) as graph:
        first = [g.figures[0].document.path for g in graph.figures()]
        assert first == [max(f.document.path for f in g.figures) for g in graph.figures()]
        for per_page in (1, 2):
            assert_pages_are_the_ledger(graph, per_page)


def test_a_page_past_the_end_has_the_counts_and_no_figures(sample_store: Path) -> None:
    with ReportGraph(sample_store, read_only=True) as graph:
        whole = graph.figures()
        page = ledger_page(
            graph.claims_index, units=None, place=None, include_comments=False, page=10_000
        )
    assert [g.claims for g in page.groups] == [g.claims for g in whole]
    assert all(g.figures == [] for g in page.groups)
