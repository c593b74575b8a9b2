"""Table cells that link into the explorer: a claim id to its claim page, an entity IRI (or a
"; "-separated list of them), or an entity id in ``claim_rows``' id columns, to the entity
page. Links are made only from values that match
the identifier patterns of :mod:`.links`; the text shown is escaped."""

from __future__ import annotations

from markupsafe import Markup, escape

from reportgraph.claim_table import LIST_SEPARATOR
from reportgraph.serve.pages.links import ENTITY_BASE, claim_url, entity_url

CLAIM_COLUMNS = frozenset({"claim", "id"})
# claim_rows names entities by canonical id ("place/x"), alone or in a "; "-separated list
ENTITY_ID_COLUMNS = frozenset(
    {"subject_id", "object_id", "place_ids", "source_entity_id", "about_ids", "participant_ids"}
)


def _link(url: str, text: str) -> Markup:
    return Markup('<a href="{}">{}</a>').format(url, text)


def claim_cell(value: object, column: str, table: str | None) -> Markup | None:
    """A link to the claim page for a claim id in a claim column."""
    if column not in CLAIM_COLUMNS or not isinstance(value, str):
        return None
    if column == "id" and table not in ("claims",):
        return None
    url = claim_url(value)
    return None if url is None else _link(url, value)


def entity_cell(value: object, column: str) -> Markup | None:
    """Links to the entity pages for an entity IRI, or for each IRI of a list of them; in an
    entity id column, for an id or each id of a list."""
    if not isinstance(value, str) or not value:
        return None
    if not value.startswith(ENTITY_BASE) and column not in ENTITY_ID_COLUMNS:
        return None
    parts = value.split(LIST_SEPARATOR)
    urls = [entity_url(p) for p in parts]
    if any(u is None for u in urls):
        return None
    links = [_link(u, p.removeprefix(ENTITY_BASE)) for u, p in zip(urls, parts, strict=True) if u]
    return Markup(escape(LIST_SEPARATOR)).join(links)


def render(value: object, column: str, table: str | None) -> Markup | None:
    """What the ``render_cell`` hook answers: a link, or None for Datasette's own rendering."""
    return claim_cell(value, column, table) or entity_cell(value, column)
