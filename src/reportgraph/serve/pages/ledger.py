"""The figure ledger page's data (``/-/ledger`` and its JSON twin): for a kind and a place (both
optional, as ``reportgraph figures --kind --place``), every reported value of each kind of
figure with its own source, and each kind's independent sources; and an overview, one row per
kind and place, with the claims and independent sources behind it.

Read from the claims index's ``figures`` table through the library's own ledger
(``claims_index.ledger``), so the page and ``ReportGraph.figures`` give the same groups.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from reportgraph.claims_index.ledger import ledger_from_index
from reportgraph.claims_index.lookup import resolve_name
from reportgraph.figures import figure_matches_kind
from reportgraph.rows import FigureGroup, Ref
from reportgraph.serve.pages.index_access import ReadOnlyIndex

NO_PLACE = ""  # the overview's place for figures set nowhere


def ledger(
    index: ReadOnlyIndex, *, kind: str | None, place: str | None, comments: bool
) -> list[FigureGroup]:
    """``ReportGraph.figures(kind=kind, place=place, include_comments=comments)``, from the
    read-only index (RG501/RG502 for a place it cannot name)."""
    at = None
    if place:
        target = resolve_name(index, place)
        known = index.entity_index([target])
        at = (known.ref(target).id, known.members.get(target, [target]))
    units = None
    if kind:
        units = [u for u in index.figure_units() if figure_matches_kind(kind, *u)]
    return ledger_from_index(index, kind=kind, units=units, place=at, include_comments=comments)


def overview(groups: list[FigureGroup]) -> list[dict[str, Any]]:
    """One row per kind and place (a figure set at two places counts at each; one set nowhere
    under ``NO_PLACE``): claims, and independent sources (distinct original sources)."""
    claims: dict[tuple[str, str, str], int] = defaultdict(int)
    sources: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for group in groups:
        for row in group.figures:
            at: list[Ref | None] = list(row.places) or [None]
            for place in at:
                key = (group.kind, place.id if place else NO_PLACE, place.label if place else "")
                claims[key] += 1
                sources[key].add(row.source.id)
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


def ledger_data(
    index: ReadOnlyIndex, *, kind: str | None, place: str | None, comments: bool
) -> dict[str, Any]:
    """Everything the ledger page shows, JSON-ready."""
    groups = ledger(index, kind=kind, place=place, comments=comments)
    return {
        "kind": kind,
        "place": place,
        "include_comments": comments,
        "kinds": sorted({p for p, _ in index.figure_units()}),
        "overview": overview(groups),
        "groups": [g.model_dump(mode="json") for g in groups],
    }
