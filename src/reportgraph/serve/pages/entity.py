"""The entity page's data (``/-/entity/<id>`` and its JSON twin): the entity's label, type and
aliases, the records merged into it, its claims and mentions (paged), the sources of its claims
(claims per source), and how to draw its network neighbourhood.

Claims are found through ``claim_entities`` (any record merged into the entity, named as
subject, object, place, about or participant) and read as the store gives them (the index's
raw rows), with every entity resolved to its canonical id and label, as ``ReportGraph.claims``
gives them. Mentions come from the index's ``mentions`` table.
"""

from __future__ import annotations

from typing import Any

from reportgraph.errors import NotFoundError
from reportgraph.rdf.claim_reads import entity_iris, with_entities
from reportgraph.rows import ClaimRow
from reportgraph.serve.pages.index_access import ReadOnlyIndex
from reportgraph.serve.pages.links import entity_id, entity_iri, network_url

PER_PAGE = 50
ROLES = ("subject", "object", "place", "about", "participant")


def not_found(name: str) -> NotFoundError:
    return NotFoundError(
        f"No entity {name!r} in the claims index.",
        "Search the entities table (/reportgraph/entities) or the claims (/reportgraph/claim_rows)"
        " for its name; entity ids look like place/x or person/x.",
        code="RG501",
    )


def canonical_of(index: ReadOnlyIndex, name: str) -> str:
    """The canonical IRI of the entity (or merged record) with this id or IRI; RG501 if the
    index has none."""
    local = entity_id(name)
    found = index.canonical_of(entity_iri(local)) if local is not None else None
    if found is None:
        raise not_found(name)
    return found


def claims_page(index: ReadOnlyIndex, members: list[str], page: int) -> tuple[int, list[ClaimRow]]:
    """The number of claims naming one of ``members`` (record IRIs), and those of ``page``
    (from 1), resolved, in the store's order."""
    marks = ",".join("?" * len(members))
    naming = (
        f"SELECT DISTINCT claim FROM claim_entities WHERE entity IN ({marks})"
        f" AND role IN ({','.join('?' * len(ROLES))})"
    )
    args: list[object] = [*members, *ROLES]
    total = int(str(index.select(f"SELECT COUNT(*) FROM ({naming})", args)[0][0]))
    rows = index.select(
        f"SELECT raw FROM claims WHERE id IN ({naming}) ORDER BY path, sentence_start, id"
        " LIMIT ? OFFSET ?",
        [*args, PER_PAGE, (page - 1) * PER_PAGE],
    )
    raw = [ClaimRow.model_validate_json(str(r[0])) for r in rows]
    entities = index.entity_index({iri for row in raw for iri in entity_iris(row)})
    return total, [with_entities(row, entities) for row in raw]


def sources(index: ReadOnlyIndex, members: list[str]) -> list[dict[str, Any]]:
    """The sources of the claims naming ``members``: id, label and claims, most claims first."""
    marks = ",".join("?" * len(members))
    rows = index.select(
        "SELECT source_id, source, COUNT(*) FROM claims WHERE id IN"
        f" (SELECT DISTINCT claim FROM claim_entities WHERE entity IN ({marks})"
        f" AND role IN ({','.join('?' * len(ROLES))}))"
        " GROUP BY source_id, source ORDER BY COUNT(*) DESC, source, source_id",
        [*members, *ROLES],
    )
    return [{"id": str(r[0]), "label": str(r[1]), "claims": int(str(r[2]))} for r in rows]


def mentions_page(
    index: ReadOnlyIndex, members: list[str], page: int
) -> tuple[int, list[dict[str, Any]]]:
    """The number of mentions of ``members``, and those of ``page``: document, path, offsets,
    text."""
    marks = ",".join("?" * len(members))
    where = (
        f"FROM mentions m LEFT JOIN documents d ON d.id = m.document WHERE m.entity IN ({marks})"
    )
    total = int(str(index.select(f"SELECT COUNT(*) {where}", members)[0][0]))
    rows = index.select(
        f"SELECT m.document, d.path, m.start, m.end_, m.text {where}"
        " ORDER BY d.path, m.start, m.end_ LIMIT ? OFFSET ?",
        [*members, PER_PAGE, (page - 1) * PER_PAGE],
    )
    keys = ("document", "path", "start", "end", "text")
    return total, [dict(zip(keys, r, strict=True)) for r in rows]


def entity_type(index: ReadOnlyIndex, canonical: str, local: str) -> str:
    """The type the index gives the entity, else the one its id begins with."""
    found = index.select("SELECT type FROM entities WHERE iri = ?", [canonical])
    return str(found[0][0]) if found and found[0][0] else local.split("/", 1)[0].upper()


def entity_data(
    index: ReadOnlyIndex, name: str, *, claims: int = 1, mentions: int = 1
) -> dict[str, Any]:
    """Everything the entity page shows, JSON-ready; ``claims`` and ``mentions`` are page
    numbers (from 1)."""
    canonical = canonical_of(index, name)
    known = index.entity_index([canonical])
    ref = known.ref(canonical)
    members = known.members.get(canonical, [canonical])
    total, rows = claims_page(index, members, claims)
    found = mentions_page(index, members, mentions)
    return {
        "id": ref.id,
        "iri": canonical,
        "label": ref.label,
        "type": entity_type(index, canonical, ref.id),
        "aliases": [a for a in known.all_labels.get(canonical, []) if a != ref.label],
        "members": [
            {"id": entity_id(m) or m, "iri": m, "label": known.labels.get(m, m)}
            for m in sorted(members)
        ],
        "sources": sources(index, members),
        "claims": {
            "total": total,
            "page": claims,
            "per_page": PER_PAGE,
            "rows": [row.model_dump(mode="json") for row in rows],
        },
        "mentions": {"total": found[0], "page": mentions, "per_page": PER_PAGE, "rows": found[1]},
        "network": {
            "page": network_url(ref.id),
            "command": f"reportgraph viz --entity {ref.id}",
        },
    }
