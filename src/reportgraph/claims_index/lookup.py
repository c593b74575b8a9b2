"""Entities by id, IRI, label or alias from the claims index: the answers of
``rdf.entity_index.EntityFinder.resolve``, without reading the store's labels."""

from __future__ import annotations

from reportgraph.claims_index.database import ClaimsIndex
from reportgraph.errors import NotFoundError
from reportgraph.rdf.entity_index import ENTITY_ID
from reportgraph.rdf.mapping import entity_iri


def resolve_name(index: ClaimsIndex, name: str) -> str:
    """The canonical IRI of the entity with this id, IRI, label or alias (any case): an exact
    label first, else the one label containing it; none or several is a NotFoundError
    (RG501, RG502)."""
    iri = name if name.startswith("https://") else None
    if iri is None and ENTITY_ID.fullmatch(name):
        iri = entity_iri(name).value
    if iri is not None:
        found = index.canonical_of(iri)
        if found is not None:
            return found
    needle = name.casefold().strip()
    if not needle:  # an empty name names nothing (it is part of every label)
        raise NotFoundError(
            "An empty name names no entity.", "Give an entity's id or label.", code="RG501"
        )
    candidates = index.named(needle, exact=True)
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        candidates = index.named(needle, exact=False)
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise NotFoundError(
            f"No entity named {name!r}.", "List entities with `reportgraph entities`.", code="RG501"
        )
    known = index.entity_index(candidates[:8])
    shown = ", ".join(f"{known.ref(c).id} ({known.labels[c]})" for c in candidates[:8])
    raise NotFoundError(
        f"{name!r} matches {len(candidates)} entities: {shown}.",
        "Pass the entity id instead of the label.",
        code="RG502",
    )
