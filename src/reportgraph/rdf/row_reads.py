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
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import pyoxigraph as ox

from reportgraph.errors import NotFoundError
from reportgraph.rdf.entity_index import RESOLUTION_GRAPH, EntityIndex, most_given
from reportgraph.rdf.mapping import CLASS_TYPES, claim_iri
from reportgraph.rdf.sparql_values import as_int, one_column, select_for, whole_store
from reportgraph.rdf.store import GraphStore, Term, Value
from reportgraph.rdf.vocab import RG, local_id
from reportgraph.rows import (
    ClaimRow,
    ContentRow,
    DocRef,
    EntityRow,
    EvidenceRow,
    LinksRow,
    MentionRow,
    ParticipantRow,
    QuantityRow,
    Ref,
    TimeRow,
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
_CLAIM_ROW = """
    ?c a rg:Claim ; rg:claimKind ?kind ; rg:predicate ?pred ; prov:wasAttributedTo ?src ;
       rg:certainty ?cert ; rg:segmentKind ?seg ; rg:inDocument ?doc ; rg:sentence ?sent ;
       rg:sentenceBegin ?sb ; rg:sentenceEnd ?se .
    ?src rdfs:label ?srcLabel .
    ?doc rg:path ?path .
    OPTIONAL { ?c rg:subject ?s }
    OPTIONAL { ?c rg:object ?o }
    OPTIONAL { ?c rg:cue ?cue }
    OPTIONAL { ?src rg:isEntity ?srcEnt }
"""

_CLAIMS = """
SELECT ?c ?kind ?pred ?s ?o ?src ?srcLabel ?srcEnt ?cue ?cert ?seg ?doc ?path ?sent ?sb ?se
       ?qv ?qq ?qu ?qunit ?qtext ?ttext ?tval WHERE {
  GRAPH ?g {
#ROW#  }
  OPTIONAL { GRAPH ?g { ?c rg:quantity ?q }
             GRAPH ?c { ?q rg:qualifier ?qq ; rg:unit ?qunit ; rg:textAsWritten ?qtext .
                        OPTIONAL { ?q rg:value ?qv } OPTIONAL { ?q rg:upperBound ?qu } } }
  OPTIONAL { GRAPH ?g { ?c rg:time ?t }
             GRAPH ?c { ?t rg:textAsWritten ?ttext . OPTIONAL { ?t rg:normalisedValue ?tval } } }
}
""".replace("#ROW#", _CLAIM_ROW.lstrip("\n"))

# The same claims, started from a VALUES block of claim IRIs. Every OPTIONAL holds one triple
# pattern of the document graph, so each runs once per claim found; the quantity and time
# nodes (in the claim's own graph) are read by _NODES.
_CLAIMS_FOR = """
SELECT ?c ?kind ?pred ?s ?o ?src ?srcLabel ?srcEnt ?cue ?cert ?seg ?doc ?path ?sent ?sb ?se ?q ?t
WHERE {
  GRAPH ?g {
    #VALUES#
#ROW#    OPTIONAL { ?c rg:quantity ?q }
    OPTIONAL { ?c rg:time ?t }
  }
}
""".replace("#ROW#", _CLAIM_ROW.lstrip("\n"))

_NODES = "SELECT ?c ?x ?p ?o WHERE { GRAPH ?c { #VALUES# ?x ?p ?o } }"

_NAMING = """
SELECT DISTINCT ?c WHERE {
  { GRAPH ?g { #VALUES# { ?c rg:subject ?ent } UNION { ?c rg:object ?ent }
               UNION { ?c rg:place ?ent } UNION { ?c rg:about ?ent } ?c a rg:Claim } }
  UNION
  { GRAPH ?c { #VALUES# ?ev rg:participant ?pn . ?pn rg:agent ?ent } }
}
"""

_FIGURE_UNITS = """
SELECT ?c ?predicate ?unit WHERE {
  GRAPH ?g { ?c rg:claimKind "figure" ; rg:predicate ?predicate ; rg:quantity ?q }
  GRAPH ?c { ?q rg:unit ?unit }
}
"""

_PLACES = "SELECT ?c ?p WHERE { GRAPH ?g { #VALUES# ?c a rg:Claim ; rg:place ?p } }"
_ABOUT = "SELECT ?c ?p WHERE { GRAPH ?g { #VALUES# ?c a rg:Claim ; rg:about ?p } }"
_CONTENT = """
SELECT ?c ?b ?e ?text WHERE {
  GRAPH ?g { #VALUES# ?c rg:content ?n .
             ?n nif:beginIndex ?b ; nif:endIndex ?e ; nif:anchorOf ?text }
}
"""
_PARTICIPANTS = """
SELECT ?c ?p ?role WHERE {
  GRAPH ?g { #VALUES# ?c a rg:Claim ; rg:event ?ev }
  GRAPH ?c { ?ev rg:participant ?pn . ?pn rg:role ?role ; rg:agent ?p }
}
"""

_VIA = """
SELECT ?c ?pos ?a ?label WHERE {
  GRAPH ?g { #VALUES# ?c a rg:Claim ; rg:chainStep ?st . ?st rg:position ?pos ; rg:agent ?a .
             ?a rdfs:label ?label }
}
"""

_QUANTITY = {
    "qv": RG.value.value,
    "qq": RG.qualifier.value,
    "qu": RG.upperBound.value,
    "qunit": RG.unit.value,
    "qtext": RG.textAsWritten.value,
}
_TIME = {"ttext": RG.textAsWritten.value, "tval": RG.normalisedValue.value}


def _node_columns(store: GraphStore, core: list[dict[str, Value]]) -> None:
    """Fill each core row's quantity and time columns (as ``_CLAIMS`` has them) from the
    quantity and time nodes in the claim graphs."""
    pairs = sorted({(str(r["c"]), str(r[k])) for r in core for k in ("q", "t") if r[k] is not None})
    props: dict[tuple[str, str], dict[str, Value]] = defaultdict(dict)
    for r in select_for(store, _NODES, ["c", "x"], pairs):
        props[(str(r["c"]), str(r["x"]))].setdefault(str(r["p"]), r["o"])
    for r in core:
        q = props.get((str(r["c"]), str(r["q"]))) if r["q"] is not None else None
        complete = q is not None and all(_QUANTITY[k] in q for k in ("qq", "qunit", "qtext"))
        for col, prop in _QUANTITY.items():
            r[col] = q.get(prop) if complete and q is not None else None
        t = props.get((str(r["c"]), str(r["t"]))) if r["t"] is not None else None
        timed = t is not None and _TIME["ttext"] in t
        for col, prop in _TIME.items():
            r[col] = t.get(prop) if timed and t is not None else None


def claims_naming(store: GraphStore, entities: Iterable[str]) -> list[str]:
    """IRIs of the claims in which any of ``entities`` is subject, object, place, named in a
    statement's content (``about``) or an event participant."""
    return sorted({str(r["c"]) for r in select_for(store, _NAMING, ["ent"], one_column(entities))})


def figure_claims(store: GraphStore, keep: Callable[[str, str], bool]) -> list[str]:
    """IRIs of the figure claims whose predicate and quantity unit ``keep`` keeps, found with
    one light query, so that only their rows need to be read."""
    rows = store.select(_FIGURE_UNITS).rows
    return [str(r["c"]) for r in rows if keep(str(r["predicate"]), str(r["unit"]))]


def claim_rows(
    store: GraphStore,
    bindings: Mapping[str, Term] | None = None,
    index: EntityIndex | None = None,
    *,
    entity: ox.NamedNode | Sequence[ox.NamedNode] | None = None,
    claims: Sequence[str] | None = None,
) -> list[ClaimRow]:
    """Claims, optionally restricted by binding any of ?c ?kind ?src ?doc ?seg, to those in
    which ``entity`` (one IRI or several) is subject, object or place, or to the ``claims``
    (IRIs) given.

    With ``?c``, ``entity`` or ``claims``, the claims are found first and only they are read
    (see the module docstring); the entity index is then loaded for their entities only,
    unless one is given."""
    raw = raw_claim_rows(store, bindings, entity=entity, claims=claims)
    if index is None:
        named = {iri for row in raw for iri in entity_iris(row)}
        some = len(named) <= PARTIAL_LIMIT
        index = EntityIndex.load(store, iris=named if some else None, refs_only=some)
    return [with_entities(row, index) for row in raw]


def entity_iris(raw: ClaimRow) -> list[str]:
    """The entity IRIs a raw claim row (see :func:`raw_claim_rows`) names."""
    refs = [raw.subject, raw.object, raw.source_entity, *raw.places, *raw.about]
    return [r.id for r in refs if r is not None] + [p.id for p in raw.participants]


def with_entities(raw: ClaimRow, index: EntityIndex) -> ClaimRow:
    """A raw claim row with its entities resolved: canonical ids and preferred labels; places
    and the entities a statement is about once each, in IRI order; participants once per
    canonical entity and role."""
    return raw.model_copy(
        update={
            "subject": index.ref(raw.subject.id) if raw.subject else None,
            "object": index.ref(raw.object.id) if raw.object else None,
            "places": [index.ref(p) for p in sorted({r.id for r in raw.places})],
            "about": [index.ref(p) for p in sorted({r.id for r in raw.about})],
            "participants": _participant_rows(index, {(p.id, p.role) for p in raw.participants}),
            "source_entity": index.ref(raw.source_entity.id) if raw.source_entity else None,
        }
    )


def _iri_ref(iri: str) -> Ref:
    return Ref(id=iri, label="")


def raw_claim_rows(
    store: GraphStore,
    bindings: Mapping[str, Term] | None = None,
    *,
    entity: ox.NamedNode | Sequence[ox.NamedNode] | None = None,
    claims: Sequence[str] | None = None,
) -> list[ClaimRow]:
    """:func:`claim_rows` before entity resolution: every entity a row names (subject, object,
    places, about, participants, source entity) is a Ref whose id is the record's IRI and whose
    label is empty. The claims index keeps these, so that a new resolution changes none of
    them; :func:`with_entities` turns one into the row a reader sees."""
    bindings = dict(bindings or {})
    claim = bindings.pop("c", None)
    found: list[str] | None = None
    if entity is not None:
        ents = [entity] if isinstance(entity, ox.NamedNode) else list(entity)
        found = claims_naming(store, [e.value for e in ents])
    if claims is not None:
        wanted = set(claims)
        found = sorted(wanted) if found is None else [c for c in found if c in wanted]
    if claim is not None:
        one = _term_value(claim)
        found = [one] if found is None else [c for c in found if c == one]
    if found is None:
        core = store.select(_CLAIMS, bindings).rows
    else:
        core = select_for(store, _CLAIMS_FOR, ["c"], [(c,) for c in found], bindings)
        _node_columns(store, core)
    places: dict[str, list[str]] = defaultdict(list)
    for r in _rows_about(store, _PLACES, "c", found):
        places[str(r["c"])].append(str(r["p"]))
    about: dict[str, list[str]] = defaultdict(list)
    for r in _rows_about(store, _ABOUT, "c", found):
        about[str(r["c"])].append(str(r["p"]))
    content: dict[str, ContentRow] = {}
    for r in _rows_about(store, _CONTENT, "c", found):
        content[str(r["c"])] = ContentRow(
            start=as_int(r["b"]), end=as_int(r["e"]), text=_s(r["text"])
        )
    participants: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for r in _rows_about(store, _PARTICIPANTS, "c", found):
        participants[str(r["c"])].add((str(r["p"]), str(r["role"])))
    via: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for r in _rows_about(store, _VIA, "c", found):
        via[str(r["c"])].append((as_int(r["pos"]), str(r["a"]), str(r["label"])))
    out: dict[str, ClaimRow] = {}
    for r in core:  # pre-bound variables come back in each solution
        c = _s(r["c"])
        if c in out:
            continue
        s, o = r["s"], r["o"]
        quantity = None
        if r["qq"] is not None:
            quantity = QuantityRow(
                value=_num(r["qv"]),
                qualifier=_s(r["qq"]),
                upper=_num(r["qu"]),
                unit=_s(r["qunit"]),
                text=_s(r["qtext"]),
            )
        time = TimeRow(text=_s(r["ttext"]), value=_opt(r["tval"])) if r["ttext"] else None
        src = _s(r["src"])
        out[c] = ClaimRow(
            id=local_id(c).removeprefix("claim/"),
            kind=_s(r["kind"]),
            predicate=_s(r["pred"]),
            subject=_iri_ref(str(s)) if s else None,
            object=_iri_ref(str(o)) if o else None,
            quantity=quantity,
            places=[_iri_ref(p) for p in sorted(set(places.get(c, [])))],
            time=time,
            source=Ref(id=local_id(src).removeprefix("source/"), label=_s(r["srcLabel"])),
            via=[
                Ref(id=local_id(a).removeprefix("source/"), label=lab)
                for _, a, lab in sorted(via.get(c, []))
            ],
            cue=_opt(r["cue"]),
            certainty=_s(r["cert"]),
            segment=_s(r["seg"]),
            document=DocRef(id=local_id(_s(r["doc"])).removeprefix("doc/"), path=_s(r["path"])),
            evidence=EvidenceRow(
                sentence=_s(r["sent"]),
                start=as_int(r["sb"]),
                end=as_int(r["se"]),
            ),
            content=content.get(c),
            about=[_iri_ref(p) for p in sorted(set(about.get(c, [])))],
            participants=[
                ParticipantRow(id=p, label="", role=role)
                for p, role in sorted(participants.get(c, set()))
            ],
            source_entity=_iri_ref(str(r["srcEnt"])) if r["srcEnt"] is not None else None,
        )
    return sorted(out.values(), key=lambda row: (row.document.path, row.evidence.start, row.id))


_ROLE_ORDER = {"agent": 0, "victim": 1, "target": 2}


def _participant_rows(index: EntityIndex, found: set[tuple[str, str]]) -> list[ParticipantRow]:
    """Participants by role (agent, victim, target, then others), then label; one row per
    entity and role (two records of one canonical entity are one participant)."""
    if not found:
        return []
    rows = {(index.ref(p), role) for p, role in found}
    ordered = sorted(rows, key=lambda r: (_ROLE_ORDER.get(r[1], 3), r[1], r[0].label, r[0].id))
    return [ParticipantRow(id=ref.id, label=ref.label, role=role) for ref, role in ordered]


def one_claim(store: GraphStore, claim_id: str, index: EntityIndex | None = None) -> ClaimRow:
    """The claim with this id or IRI; NotFoundError (RG504) if the store has none."""
    iri = claim_id if claim_id.startswith("https://") else claim_iri(claim_id).value
    rows = claim_rows(store, {"c": ox.NamedNode(iri)}, index)
    if not rows:
        raise NotFoundError(
            f"No claim {claim_id!r}.", "List claims with `reportgraph claims`.", code="RG504"
        )
    return rows[0]


def _term_value(term: Term) -> str:
    return term.value if isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal) else str(term)


def bind_iris(**values: str | Iterable[str] | None) -> dict[str, Term]:
    """Bindings for ``claim_rows`` from IRIs (single values only; None is skipped)."""
    out: dict[str, Term] = {}
    for name, v in values.items():
        if isinstance(v, str):
            out[name] = ox.NamedNode(v)
    return out
