"""The figure ledger from the claims index's ``figures`` table: ledger rows made straight from
its columns (no claim row is validated on the way), with the places resolved through the
index's entity tables, then grouped as ``figures.ledger`` groups them.

:func:`ledger_page` is the same ledger a page at a time, for a ledger too long to show whole
(a million claims hold hundreds of thousands of figures): each group's counts and sources, and
the overview by kind and place, from a few light columns of every figure; full rows only for
the figures of the page.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reportgraph.claims_index.database import ClaimsIndex
from reportgraph.figures import counted, group_figures
from reportgraph.rdf.vocab import local_id
from reportgraph.rows import DocRef, FigureGroup, FigureRow, Ref, TimeRow


def ledger_from_index(
    index: ClaimsIndex,
    *,
    kind: str | None,
    units: Sequence[tuple[str, str]] | None,
    place: tuple[str, Sequence[str]] | None,
    include_comments: bool,
) -> list[FigureGroup]:
    """``figures.ledger`` of the indexed figure claims with one of ``units`` (None: all), set at
    ``place`` (its canonical id and its record IRIs) when given, reader comments left out unless
    ``include_comments``."""
    rows = index.figure_rows(units, place[1] if place else None)
    return group_figures(
        _figure_rows(index, rows, index.published(), include_comments),
        kind=kind,
        place=place[0] if place else None,
    )


NO_PLACE = ""  # the overview's place for figures set nowhere
OVERVIEW_ROWS = 5  # overview rows on a page, per figure of each kind on it

# the columns the counts, the order and the overview need (see FIGURE_COLUMNS)
_LIGHT = ("claim", "document", "predicate", "source_id", "source", "segment", "path", "start",
          "places")  # fmt: skip


@dataclass(frozen=True)
class LedgerPage:
    """One page of the ledger. In each group ``claims``, ``independent_sources`` and
    ``sources`` count the whole group; ``figures`` holds the group's figures from
    ``(page - 1) * per_page`` on, at most ``per_page`` of them, in the ledger's order.
    ``overview``: one row per kind and place (a figure set at two places counts at each; one
    set nowhere under ``NO_PLACE``) with the claims and independent sources behind it, this
    page's part of them (``OVERVIEW_ROWS`` per figure on a page, in kind and place order)."""

    groups: list[FigureGroup]
    overview: list[dict[str, Any]]
    overview_rows: int  # all pages'
    page: int
    per_page: int
    pages: int  # pages of the longest group or of the overview


def ledger_page(
    index: ClaimsIndex,
    *,
    units: Sequence[tuple[str, str]] | None,
    place: tuple[str, Sequence[str]] | None,
    include_comments: bool,
    page: int = 1,
    per_page: int = 100,
) -> LedgerPage:
    """Page ``page`` of :func:`ledger_from_index` with the same filters (``units`` already
    chosen for the kind asked for)."""
    per_page, page = max(1, per_page), max(1, page)
    rows = index.figure_rows(units, place[1] if place else None, columns=_LIGHT)
    rows = [r for r in rows if include_comments or r[5] != "reader_comment"]
    published = index.published()
    rows.sort(key=lambda r: (published.get(str(r[1])) or "", r[6], r[7], r[0]))
    by_kind: dict[str, list[tuple[object, ...]]] = defaultdict(list)
    for r in rows:
        by_kind[str(r[2])].append(r)
    start = (page - 1) * per_page
    shown = [str(r[0]) for k in by_kind for r in by_kind[k][start : start + per_page]]
    full = index.figure_rows(claims=shown) if shown else []
    made = {f.claim: f for f in _figure_rows(index, full, published, include_comments=True)}
    groups = []
    for k in sorted(by_kind):
        named = {str(r[3]): r[4] for r in by_kind[k]}  # the last label of each, as group_figures
        sources = {i: Ref.model_construct(id=i, label=label) for i, label in named.items()}
        groups.append(
            FigureGroup(
                kind=k,
                figures=[made[str(r[0])] for r in by_kind[k][start : start + per_page]],
                claims=len(by_kind[k]),
                independent_sources=len(sources),
                sources=[sources[s] for s in sorted(sources)],
            )
        )
    longest = max((len(v) for v in by_kind.values()), default=0)
    overview, size = _overview(index, rows), OVERVIEW_ROWS * per_page
    pages = max(-(-longest // per_page), -(-len(overview) // size))
    part = overview[(page - 1) * size : page * size]
    return LedgerPage(groups, part, len(overview), page, per_page, pages)


def _names(index: ClaimsIndex, iris: set[str]) -> dict[str, tuple[str, str]]:
    """Record IRI -> (the id and label of its canonical entity), as ``EntityIndex.ref`` gives
    them, without loading each entity's members."""
    named = index.names(iris)
    out = {}
    for iri in iris:
        canonical, label = named.get(iri, (iri, iri))
        out[iri] = (local_id(canonical).removeprefix("entity/"), label)
    return out


def _place_refs(index: ClaimsIndex, iris: set[str]) -> dict[str, Ref]:
    return {i: Ref(id=ref_id, label=label) for i, (ref_id, label) in _names(index, iris).items()}


def _overview(index: ClaimsIndex, rows: Sequence[tuple[object, ...]]) -> list[dict[str, Any]]:
    place_sets: dict[object, list[str]] = {}
    for r in rows:
        if r[8] not in place_sets:
            place_sets[r[8]] = sorted(set(json.loads(str(r[8]))))
    refs = _names(index, {i for found in place_sets.values() for i in found})
    at_ids = {key: dict(refs[i] for i in found) for key, found in place_sets.items()}
    claims: dict[tuple[str, str, str], int] = defaultdict(int)
    sources: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for r in rows:
        at = at_ids[r[8]] or {NO_PLACE: ""}
        for place_id, label in at.items():  # a place merged from two records counts once
            key = (str(r[2]), place_id, label)
            claims[key] += 1
            sources[key].add(str(r[3]))
    return [
        {
            "kind": k,
            "place": p or None,
            "place_label": label or None,
            "claims": claims[k, p, label],
            "independent_sources": len(sources[k, p, label]),
        }
        for k, p, label in sorted(claims, key=lambda key: (key[0], key[2], key[1]))
    ]


def _figure_rows(
    index: ClaimsIndex,
    rows: Sequence[tuple[object, ...]],
    published: Mapping[str, str],
    include_comments: bool,
) -> list[FigureRow]:
    kept = [r for r in rows if include_comments or r[15] != "reader_comment"]
    # Many rows share a via chain or a set of places: each JSON text is decoded once.
    place_sets: dict[object, list[str]] = {}
    for r in kept:
        if r[20] not in place_sets:
            place_sets[r[20]] = sorted(set(json.loads(str(r[20]))))
    place_refs = _place_refs(index, {iri for found in place_sets.values() for iri in found})
    refs: dict[tuple[object, object], Ref] = {}  # rows are frozen: one object per (id, label)
    docs: dict[tuple[object, object], DocRef] = {}
    chains: dict[object, list[Ref]] = {}

    def ref(i: object, label: object) -> Ref:
        found = refs.get((i, label))
        if found is None:
            found = refs[i, label] = Ref.model_construct(id=i, label=label)
        return found

    def doc(i: object, path: object) -> DocRef:
        found = docs.get((i, path))
        if found is None:
            found = docs[i, path] = DocRef.model_construct(id=i, path=path)
        return found

    times: dict[tuple[object, object], TimeRow] = {}
    counts: dict[tuple[object, object], str] = {}

    def what(unit: object, predicate: object) -> str:
        found = counts.get((unit, predicate))
        if found is None:
            found = counts[unit, predicate] = counted(str(unit), str(predicate))
        return found

    def when(text: object, value: object) -> TimeRow:
        found = times.get((text, value))
        if found is None:
            found = times[text, value] = TimeRow.model_construct(text=text, value=value)
        return found

    def chain(text: object) -> list[Ref]:
        found = chains.get(text)
        if found is None:
            found = chains[text] = [ref(i, lab) for i, lab in json.loads(str(text))]
        return list(found)  # a list of its own per row, of shared (frozen) refs

    out: list[FigureRow] = []
    for r in kept:
        (claim, document, predicate, unit, value, qualifier, upper, text, source_id, source) = r[
            :10
        ]
        (via, cue, certainty, time_text, time_value, segment, path, sentence, start, end) = r[10:20]
        out.append(
            FigureRow.model_construct(
                claim=claim,
                kind=predicate,
                counted=what(unit, predicate),
                value=value,
                qualifier=qualifier,
                upper=upper,
                text=text,
                source=ref(source_id, source),
                via=chain(via),
                cue=cue,
                certainty=certainty,
                time=None if time_text is None else when(time_text, time_value),
                published=published.get(str(document)),
                places=[place_refs[p] for p in place_sets[r[20]]],
                segment=segment,
                document=doc(document, path),
                sentence=sentence,
                start=start,
                end=end,
            )
        )
    return out
