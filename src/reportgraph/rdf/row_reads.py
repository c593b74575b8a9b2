"""Query results -> read-side rows (``EntityRow``, ``ClaimRow``): the JSONL contract.

Every query binds its parameters as variables; nothing from the user is pasted into SPARQL text.

Reads about a few claims or entities run in two steps. Oxigraph plans a query before it sees the
substitutions, so it plans ``?c rg:subject ?ent`` as if ``?ent`` were free and starts from
``?c a rg:Claim``: every claim in the store. So a first query finds the claims with the selective
pattern alone, and each follow-up query starts from a ``VALUES`` block of the IRIs found (terms
the store returned, written in pyoxigraph's own N-Triples form), which the planner does start
from. On a big store this is the difference between milliseconds and minutes (bench/README.md).

The entity index the rows name entities by is in ``reportgraph.rdf.entity_index``; the
``VALUES`` helpers are in ``reportgraph.rdf.sparql_values``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

import pyoxigraph as ox

from reportgraph.rdf.entity_index import RESOLUTION_GRAPH, EntityIndex, most_given
from reportgraph.rdf.mapping import CLASS_TYPES
from reportgraph.rdf.sparql_values import as_int, one_column, select_for, whole_store
from reportgraph.rdf.store import GraphStore, Term, Value
from reportgraph.rdf.vocab import local_id
from reportgraph.rows import (
    EntityRow,
    LinksRow,
    MentionRow,
)

T = TypeVar("T")
PARTIAL_LIMIT = 5000  # above this many IRIs, load the whole entity index instead

# ---------------- entities ----------------

# An entity's facts come from its descriptions (``mapping._entity``), one per document graph
# that describes it; a canonical entity folds the descriptions of every record merged into it.
# Three small queries instead of one that joined seven OPTIONALs to every description (much
# slower, bench/README.md). Only entity descriptions carry the four entity classes
# and these properties (always with ``a rg:Entity``), so no type test is joined. The resolution
# graph gives canonical entities ids of its own (``_RESOLVED_LINKS`` reads them when asked): it
# is left out here, so these are the documents' own facts.
_NOT_RESOLUTION = f"FILTER (?g != {RESOLUTION_GRAPH})"

_CLASSES = " ".join(str(ox.NamedNode(c)) for c in sorted(CLASS_TYPES))
_ENTITY_CLASSES = f"""
SELECT DISTINCT ?e ?cls WHERE {{ GRAPH ?g {{ #VALUES# VALUES ?cls {{ {_CLASSES} }} ?e a ?cls }} }}
"""

# How many descriptions (document graph, entity IRI) give each subtype (one each at most).
_ENTITY_SUBTYPES = f"""
SELECT ?e ?subtype (COUNT(?g) AS ?n) WHERE {{
  GRAPH ?g {{ #VALUES# ?e rg:subtype ?subtype }}
  {_NOT_RESOLUTION}
}} GROUP BY ?e ?subtype
"""

# Latitude and longitude from one branch: a pair from the same description.
_ENTITY_FACTS = f"""
SELECT DISTINCT ?e ?alt ?geo ?wd ?lat ?lon WHERE {{
  GRAPH ?g {{
    #VALUES#
    {{ ?e skos:altLabel ?alt }} UNION {{ ?e rg:geonamesId ?geo }} UNION {{ ?e rg:wikidataId ?wd }}
    UNION {{ ?e schema:latitude ?lat ; schema:longitude ?lon }}
  }}
  {_NOT_RESOLUTION}
}}
"""

_MENTIONS = """
SELECT ?e ?doc ?b ?end ?text ?seg WHERE {
  GRAPH ?g {
    #VALUES#
    ?e a rg:Entity ; rg:hasMention ?m .
    ?m rg:inDocument ?doc ; nif:beginIndex ?b ; nif:endIndex ?end ; nif:anchorOf ?text ;
       rg:segmentKind ?seg .
  }
}
"""

_RESOLVED_LINKS = """
SELECT ?c ?geo ?wd ?g WHERE {
  GRAPH ?g { #VALUES# { ?c rg:geonamesId ?geo } UNION { ?c rg:wikidataId ?wd } }
}
"""


def _s(v: Value) -> str:
    return "" if v is None else str(v)


def _opt(v: Value) -> str | None:
    return None if v is None else str(v)


def _num(v: Value) -> float | None:
    return None if v is None or isinstance(v, str) else float(v)


@dataclass
class _EntityFacts:
    types: set[str] = field(default_factory=set)
    alts: set[str] = field(default_factory=set)
    subtypes: Counter[str] = field(default_factory=Counter)
    geonames: set[str | None] = field(default_factory=set)
    wikidata: set[str | None] = field(default_factory=set)
    coordinates: set[tuple[float, float]] = field(default_factory=set)

    def subtype(self) -> str | None:
        """The subtype given by the most descriptions, ties to the alphabetically first."""
        return most_given(self.subtypes) if self.subtypes else None


def _rows_about(
    store: GraphStore,
    query: str,
    var: str,
    iris: Collection[str] | None,
    bindings: Mapping[str, Term] | None = None,
) -> list[dict[str, Value]]:
    """The whole-store query, or the same query started from a VALUES block of ``iris``."""
    if iris is None:
        return store.select(whole_store(query), bindings).rows
    return select_for(store, query, [var], one_column(iris), bindings)


def entity_rows(
    store: GraphStore,
    index: EntityIndex | None = None,
    *,
    include_comments: bool = True,
    entities: Iterable[str] | None = None,
    with_mentions: bool = True,
    resolved_links: bool = True,
) -> list[EntityRow]:
    """Entities (canonical, after resolution) with all their records' mentions; without
    ``include_comments``, mentions in reader comments are left out, and so are entities that
    only comments mention. ``entities`` (canonical IRIs) restricts the rows to those.
    Without ``with_mentions`` the rows have no mentions (and comments are not filtered): the
    mentions are most of the cost of reading every entity. Without ``resolved_links`` the
    links are the documents' own, not those the resolution graph gives a canonical entity.

    A canonical entity folds the descriptions of its records (each document graph that
    describes one of its IRIs). Its subtype is the one most descriptions give (each
    description counted once), ties going to the alphabetically first; None when none gives
    one. Its links and coordinates are the one value its descriptions agree on, else None
    (resolved links aside)."""
    wanted = None if entities is None else sorted(set(entities))
    if index is None:
        index = EntityIndex.load(store, iris=wanted)
    records: set[str] | None = None
    if wanted is not None:
        records = {m for e in wanted for m in index.members.get(index.canon(e), [e])}
        records |= set(wanted)
    info = _entity_facts(store, index, records)
    given: dict[str, dict[str, str]] = defaultdict(dict)  # by the resolution graph
    targets = None if wanted is None else {index.canon(e) for e in wanted}
    res = {"g": RESOLUTION_GRAPH}
    for r in _rows_about(store, _RESOLVED_LINKS, "c", targets, res) if resolved_links else ():
        for key in ("geo", "wd"):
            if r[key] is not None:
                given[str(r["c"])][key] = str(r[key])
    mentions: dict[str, list[MentionRow]] = defaultdict(list)
    for r in _rows_about(store, _MENTIONS, "e", records) if with_mentions else ():
        if not include_comments and r["seg"] == "reader_comment":
            continue
        mentions[index.canon(str(r["e"]))].append(
            MentionRow(
                document=local_id(str(r["doc"])).removeprefix("doc/"),
                start=as_int(r["b"]),
                end=as_int(r["end"]),
                text=str(r["text"]),
            )
        )
    rows: list[EntityRow] = []
    for e in sorted(info):
        if with_mentions and not include_comments and e not in mentions:
            continue
        if targets is not None and e not in targets:
            continue
        f = info[e]
        label = index.labels.get(e, e)
        types = sorted(f.types)
        resolved = given.get(e, {})
        geo = resolved.get("geo") or _only(f.geonames)
        wd = resolved.get("wd") or _only(f.wikidata)
        rows.append(
            EntityRow(
                id=local_id(e).removeprefix("entity/"),
                label=label,
                type=types[0] if types else "UNKNOWN",
                subtype=f.subtype(),
                aliases=sorted((set(index.all_labels.get(e, [])) | f.alts) - {label}),
                mentions=sorted(
                    set(mentions.get(e, [])), key=lambda m: (m.document, m.start, m.end)
                ),
                links=LinksRow(geonames=geo, wikidata=wd),
                coordinates=_only(f.coordinates),
            )
        )
    return rows


def _entity_facts(
    store: GraphStore, index: EntityIndex, records: Collection[str] | None
) -> dict[str, _EntityFacts]:
    """The documents' facts about ``records`` (IRIs; None: every entity), by canonical IRI."""
    info: dict[str, _EntityFacts] = defaultdict(_EntityFacts)
    for r in _rows_about(store, _ENTITY_CLASSES, "e", records):
        info[index.canon(str(r["e"]))].types.add(CLASS_TYPES[str(r["cls"])])
    for r in _rows_about(store, _ENTITY_SUBTYPES, "e", records):
        f = info.get(index.canon(str(r["e"])))
        if f is not None:
            f.subtypes[str(r["subtype"])] += as_int(r["n"])
    for r in _rows_about(store, _ENTITY_FACTS, "e", records):
        f = info.get(index.canon(str(r["e"])))
        if f is None:
            continue
        if r["alt"] is not None:
            f.alts.add(str(r["alt"]))
        f.geonames.add(_opt(r["geo"]))
        f.wikidata.add(_opt(r["wd"]))
        lat, lon = _num(r["lat"]), _num(r["lon"])
        if lat is not None and lon is not None:
            f.coordinates.add((lat, lon))
    return info


def _only(values: set[T]) -> T | None:
    """The one value all records agree on; None when there is none or they disagree."""
    known = {v for v in values if v is not None}
    return next(iter(known)) if len(known) == 1 else None


# ---------------- claims ----------------

# A claim's row in its document graph (shared by the whole-store and the VALUES query).
