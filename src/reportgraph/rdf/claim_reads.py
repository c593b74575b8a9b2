"""Query results -> claim rows (``ClaimRow``), in two steps: raw rows naming entity records by
IRI (what the claims index keeps), then rows with their entities resolved. The two-step query
pattern for a few claims is explained in ``rdf.row_reads``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

import pyoxigraph as ox

from reportgraph.errors import NotFoundError
from reportgraph.rdf.entity_index import EntityIndex
from reportgraph.rdf.mapping import claim_iri
from reportgraph.rdf.row_reads import PARTIAL_LIMIT, _num, _opt, _rows_about, _s
from reportgraph.rdf.sparql_values import as_int, one_column, select_for
from reportgraph.rdf.store import GraphStore, Term, Value
from reportgraph.rdf.vocab import RG, local_id
from reportgraph.rows import (
    ClaimRow,
    ContentRow,
    DocRef,
    EvidenceRow,
    ParticipantRow,
    QuantityRow,
    Ref,
    TimeRow,
)

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
