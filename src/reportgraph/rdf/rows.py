"""Query results -> read-side rows (``EntityRow``, ``ClaimRow``): the JSONL contract.

Every query binds its parameters as variables; nothing from the user is pasted into SPARQL text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

import pyoxigraph as ox

from reportgraph.models import (
    ClaimRow,
    DocRef,
    EntityRow,
    EvidenceRow,
    LinksRow,
    MentionRow,
    QuantityRow,
    Ref,
    TimeRow,
)
from reportgraph.rdf.mapping import CLASS_TYPES
from reportgraph.rdf.store import GraphStore, Term, Value
from reportgraph.rdf.vocab import data_iri, local_id

T = TypeVar("T")
RESOLUTION_GRAPH = data_iri("graph/resolution")

_LABELS = """
SELECT ?e ?label (COUNT(DISTINCT ?m) AS ?n) WHERE {
  GRAPH ?g { ?e a rg:Entity ; rdfs:label ?label ; rg:hasMention ?m }
} GROUP BY ?e ?label
"""

_ENTITIES = """
SELECT DISTINCT ?e ?cls ?subtype ?alt ?geo ?wd ?lat ?lon ?country ?region WHERE {
  GRAPH ?g {
    ?e a rg:Entity , ?cls .
    FILTER (?cls != rg:Entity)
    OPTIONAL { ?e rg:subtype ?subtype }
    OPTIONAL { ?e skos:altLabel ?alt }
    OPTIONAL { ?e rg:geonamesId ?geo }
    OPTIONAL { ?e rg:wikidataId ?wd }
    OPTIONAL { ?e schema:latitude ?lat ; schema:longitude ?lon }
    OPTIONAL { ?e rg:country ?country }
    OPTIONAL { ?e rg:region ?region }
  }
}
"""

_MENTIONS = """
SELECT ?e ?doc ?b ?end ?text ?seg WHERE {
  GRAPH ?g {
    ?e a rg:Entity ; rg:hasMention ?m .
    ?m rg:inDocument ?doc ; nif:beginIndex ?b ; nif:endIndex ?end ; nif:anchorOf ?text ;
       rg:segmentKind ?seg .
  }
}
"""

_CLAIMS = """
SELECT ?c ?kind ?pred ?s ?o ?src #ENTVAR# ?srcLabel ?cue ?cert ?seg ?doc ?path ?sent ?sb ?se
       ?qv ?qq ?qu ?qunit ?qtext ?ttext ?tval WHERE {
  GRAPH ?g {
    ?c a rg:Claim ; rg:claimKind ?kind ; rg:predicate ?pred ; prov:wasAttributedTo ?src ;
       rg:certainty ?cert ; rg:segmentKind ?seg ; rg:inDocument ?doc ; rg:sentence ?sent ;
       rg:sentenceBegin ?sb ; rg:sentenceEnd ?se .
    ?src rdfs:label ?srcLabel .
    ?doc rg:path ?path .
    #ENTITY#
    OPTIONAL { ?c rg:subject ?s }
    OPTIONAL { ?c rg:object ?o }
    OPTIONAL { ?c rg:cue ?cue }
  }
  OPTIONAL { GRAPH ?g { ?c rg:quantity ?q }
             GRAPH ?c { ?q rg:qualifier ?qq ; rg:unit ?qunit ; rg:textAsWritten ?qtext .
                        OPTIONAL { ?q rg:value ?qv } OPTIONAL { ?q rg:upperBound ?qu } } }
  OPTIONAL { GRAPH ?g { ?c rg:time ?t }
             GRAPH ?c { ?t rg:textAsWritten ?ttext . OPTIONAL { ?t rg:normalisedValue ?tval } } }
}
"""

_PLACES = "SELECT ?c ?p WHERE { GRAPH ?g { ?c a rg:Claim ; rg:place ?p } }"

_VIA = """
SELECT ?c ?pos ?a ?label WHERE {
  GRAPH ?g { ?c a rg:Claim ; rg:chainStep ?st . ?st rg:position ?pos ; rg:agent ?a .
             ?a rdfs:label ?label }
}
"""


def _s(v: Value) -> str:
    return "" if v is None else str(v)


def _opt(v: Value) -> str | None:
    return None if v is None else str(v)


def as_int(v: Value) -> int:
    """An integer result column (offsets, counts)."""
    if isinstance(v, int | float):
        return int(v)
    if isinstance(v, str) and v.lstrip("-").isdigit():
        return int(v)
    raise ValueError(f"expected an integer, got {v!r}")


def _num(v: Value) -> float | None:
    return None if v is None or isinstance(v, str) else float(v)


_CANONICAL = "SELECT ?e ?c ?g WHERE { GRAPH ?g { ?e rg:canonical ?c } }"
_PREFLABELS = "SELECT ?c ?label ?g WHERE { GRAPH ?g { ?c skos:prefLabel ?label } }"
_RESOLVED_LINKS = """
SELECT ?c ?geo ?wd ?g WHERE {
  GRAPH ?g { { ?c rg:geonamesId ?geo } UNION { ?c rg:wikidataId ?wd } }
}
"""


@dataclass
class EntityIndex:
    """Entity records and what the resolution stage made of them.

    ``canonical`` maps each record IRI to the IRI of the entity it was resolved to (records the
    resolution graph does not mention stand alone); ``labels`` gives every IRI its preferred
    label (a record's most frequent surface form; a canonical entity's preferred label);
    ``all_labels`` and ``members`` are keyed by canonical IRI.
    """

    labels: dict[str, str]
    all_labels: dict[str, list[str]]
    canonical: dict[str, str] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, store: GraphStore, *, resolved: bool = True) -> EntityIndex:
        counts: dict[str, dict[str, int]] = defaultdict(dict)
        for r in store.select(_LABELS).rows:
            e, label = str(r["e"]), str(r["label"])
            counts[e][label] = counts[e].get(label, 0) + as_int(r["n"] or 0)
        labels = {
            e: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for e, c in counts.items()
        }
        canonical: dict[str, str] = {}
        if resolved:
            res = {"g": RESOLUTION_GRAPH}
            canonical = {str(r["e"]): str(r["c"]) for r in store.select(_CANONICAL, res).rows}
            for r in store.select(_PREFLABELS, res).rows:
                labels[str(r["c"])] = str(r["label"])
        members: dict[str, list[str]] = defaultdict(list)
        names: dict[str, set[str]] = defaultdict(set)
        for e, c in counts.items():
            target = canonical.get(e, e)
            members[target].append(e)
            names[target].update(c)
        for target in members:
            labels.setdefault(target, labels.get(sorted(members[target])[0], target))
        return cls(
            labels,
            {c: sorted(n) for c, n in names.items()},
            canonical,
            {c: sorted(m) for c, m in members.items()},
        )

    def canon(self, iri: str) -> str:
        return self.canonical.get(iri, iri)

    def ref(self, iri: str) -> Ref:
        target = self.canon(iri)
        return Ref(
            id=local_id(target).removeprefix("entity/"), label=self.labels.get(target, target)
        )


@dataclass
class _EntityFacts:
    types: set[str] = field(default_factory=set)
    alts: set[str] = field(default_factory=set)
    subtype: str | None = None
    geonames: set[str | None] = field(default_factory=set)
    wikidata: set[str | None] = field(default_factory=set)
    coordinates: set[tuple[float, float]] = field(default_factory=set)
    country: str | None = None
    region: str | None = None


def entity_rows(
    store: GraphStore, index: EntityIndex | None = None, *, include_comments: bool = True
) -> list[EntityRow]:
    """Entities (canonical, after resolution) with all their records' mentions; without
    ``include_comments``, mentions in reader comments are left out, and so are entities that
    only comments mention."""
    index = index or EntityIndex.load(store)
    info: dict[str, _EntityFacts] = defaultdict(_EntityFacts)
    for r in store.select(_ENTITIES).rows:
        f = info[index.canon(str(r["e"]))]
        cls_iri = str(r["cls"])
        if cls_iri in CLASS_TYPES:
            f.types.add(CLASS_TYPES[cls_iri])
        if r["alt"] is not None:
            f.alts.add(str(r["alt"]))
        f.subtype = f.subtype or _opt(r["subtype"])
        f.geonames.add(_opt(r["geo"]))
        f.wikidata.add(_opt(r["wd"]))
        lat, lon = _num(r["lat"]), _num(r["lon"])
        if lat is not None and lon is not None:
            f.coordinates.add((lat, lon))
        f.country = f.country or _opt(r["country"])
        f.region = f.region or _opt(r["region"])
    resolved_links: dict[str, dict[str, str]] = defaultdict(dict)
    for r in store.select(_RESOLVED_LINKS, {"g": RESOLUTION_GRAPH}).rows:
        for key in ("geo", "wd"):
            if r[key] is not None:
                resolved_links[str(r["c"])][key] = str(r[key])
    mentions: dict[str, list[MentionRow]] = defaultdict(list)
    for r in store.select(_MENTIONS).rows:
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
        if not include_comments and e not in mentions:
            continue
        f = info[e]
        label = index.labels.get(e, e)
        types = sorted(f.types)
        resolved = resolved_links.get(e, {})
        geo = resolved.get("geo") or _only(f.geonames)
        wd = resolved.get("wd") or _only(f.wikidata)
        rows.append(
            EntityRow(
                id=local_id(e).removeprefix("entity/"),
                label=label,
                type=types[0] if types else "UNKNOWN",
                subtype=f.subtype,
                aliases=sorted((set(index.all_labels.get(e, [])) | f.alts) - {label}),
                mentions=sorted(
                    set(mentions.get(e, [])), key=lambda m: (m.document, m.start, m.end)
                ),
                links=LinksRow(geonames=geo, wikidata=wd),
                coordinates=_only(f.coordinates),
            )
        )
    return rows


def _only(values: set[T]) -> T | None:
    """The one value all records agree on; None when there is none or they disagree."""
    known = {v for v in values if v is not None}
    return next(iter(known)) if len(known) == 1 else None


_ENTITY_PATTERN = "{ ?c rg:subject ?ent } UNION { ?c rg:object ?ent } UNION { ?c rg:place ?ent }"


def claim_rows(
    store: GraphStore,
    bindings: Mapping[str, Term] | None = None,
    index: EntityIndex | None = None,
    *,
    entity: ox.NamedNode | None = None,
) -> list[ClaimRow]:
    """Claims, optionally restricted by binding any of ?c ?kind ?src ?doc ?seg, or to those in
    which ``entity`` is subject, object or place."""
    index = index or EntityIndex.load(store)
    query = _CLAIMS.replace("#ENTVAR#", "?ent" if entity is not None else "")
    query = query.replace("#ENTITY#", _ENTITY_PATTERN if entity is not None else "")
    bindings = dict(bindings or {})
    if entity is not None:
        bindings["ent"] = entity
    core = store.select(query, bindings).rows
    per_claim = {"c": bindings["c"]} if "c" in bindings else None
    places: dict[str, list[str]] = defaultdict(list)
    for r in store.select(_PLACES, per_claim).rows:
        places[str(r["c"])].append(str(r["p"]))
    via: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for r in store.select(_VIA, per_claim).rows:
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
            subject=index.ref(str(s)) if s else None,
            object=index.ref(str(o)) if o else None,
            quantity=quantity,
            places=[index.ref(p) for p in sorted(set(places.get(c, [])))],
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
        )
    return sorted(out.values(), key=lambda row: (row.document.path, row.evidence.start, row.id))


def bind_iris(**values: str | Iterable[str] | None) -> dict[str, Term]:
    """Bindings for ``claim_rows`` from IRIs (single values only; None is skipped)."""
    out: dict[str, Term] = {}
    for name, v in values.items():
        if isinstance(v, str):
            out[name] = ox.NamedNode(v)
    return out
