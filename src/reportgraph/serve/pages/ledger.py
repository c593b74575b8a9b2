"""The figure ledger page's data (``/-/ledger`` and its JSON twin): for a kind and a place (both
optional, as ``reportgraph figures --kind --place``), every reported value of each kind of
figure with its own source, a page of each kind at a time, and each kind's claims and
independent sources; and an overview, one row per kind and place, with the claims and
independent sources behind it.

Read from the claims index's ``figures`` table through the library's own ledger
(``claims_index.ledger.ledger_page``): page after page, the groups are those of
``ReportGraph.figures``.
"""

from __future__ import annotations

from typing import Any

from reportgraph.claims_index.ledger import ledger_page
from reportgraph.claims_index.lookup import resolve_name
from reportgraph.figures import figure_matches_kind
from reportgraph.serve.pages.index_access import ReadOnlyIndex

PER_PAGE = 100  # figures of each kind on one page


def ledger_data(
    index: ReadOnlyIndex,
    *,
    kind: str | None,
    place: str | None,
    comments: bool,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> dict[str, Any]:
    """Everything the ledger page shows, JSON-ready (RG501/RG502 for a place the index cannot
    name)."""
    at = None
    if place:
        target = resolve_name(index, place)
        known = index.entity_index([target])
        at = (known.ref(target).id, known.members.get(target, [target]))
    units = index.figure_units()
    kinds = sorted({p for p, _ in units})
    if kind:
        units = [u for u in units if figure_matches_kind(kind, *u)]
    found = ledger_page(
        index, units=units, place=at, include_comments=comments, page=page, per_page=per_page
    )
    return {
        "kind": kind,
        "place": place,
        "include_comments": comments,
        "kinds": kinds,
        "overview": found.overview,
        "overview_rows": found.overview_rows,
        "page": found.page,
        "per_page": found.per_page,
        "pages": found.pages,
        "groups": [g.model_dump(mode="json") for g in found.groups],
    }
