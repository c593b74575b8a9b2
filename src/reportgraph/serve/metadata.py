"""Datasette's metadata for the claims index: default facets, full-text search, hidden tables.

- ``claim_rows`` (one flat row per claim) opens with facets by kind, source, certainty, places,
  time and document path, and searches its evidence sentences (and statements' content) through
  ``claim_rows_fts``.
- Internal tables are hidden from the lists (still readable by URL, like any table): ``meta``,
  ``claims`` (raw JSON rows), ``claim_entities``, ``entity_labels`` and the FTS tables (their
  shadow tables Datasette hides itself).
- Every table has JSON and CSV (``.json``, ``.csv``); downloading the database file is off
  (``allow_download``, set by ``server``).
"""

from __future__ import annotations

from typing import Any

from reportgraph.serve.pages.links import LEDGER_PAGE, MAP_PAGE

DATABASE = "reportgraph"  # the index's name in Datasette's URLs: /reportgraph/claim_rows
HIDDEN = (
    "meta",
    "claims",
    "claim_entities",
    "entity_labels",
    "claim_rows_fts",
    "entity_labels_fts",
)
CLAIM_FACETS = ["kind", "source", "certainty", "places", "time_value", "path"]


def metadata(sparql: str) -> dict[str, Any]:
    """The metadata Datasette is started with; ``sparql`` is the endpoint's path."""
    tables: dict[str, dict[str, Any]] = {name: {"hidden": True} for name in HIDDEN}
    tables["claim_rows"] = {
        "description": "One row per claim, entities as the documents name them (record ids).",
        "facets": CLAIM_FACETS,
        "fts_table": "claim_rows_fts",
        "fts_pk": "rowid",
    }
    tables["entities"] = {
        "description": "Every entity record, the canonical entity it was merged into, its label.",
        "label_column": "label",
        "facets": ["type"],
    }
    tables["figures"] = {
        "description": "The figure claims, as the figure ledger reads them.",
        "facets": ["predicate", "unit", "source", "certainty", "path"],
    }
    tables["documents"] = {"label_column": "path"}
    tables["mentions"] = {"facets": ["type", "segment"]}
    return {
        "title": "reportgraph",
        "description_html": (
            "The claims index of a reportgraph store, read-only: claims, documents, entities. "
            f'The <a href="{LEDGER_PAGE}">figure ledger</a>, the <a href="{MAP_PAGE}">map</a> '
            f'of places; SPARQL over the store itself: <a href="{sparql}">{sparql}</a>.'
        ),
        "databases": {DATABASE: {"tables": tables}},
    }
