"""A synthetic reportgraph store, laid out as ``reportgraph.rdf.mapping`` lays out a real one.

Lean but realistic: per document graph, the document, the entity descriptions and sources it
names, and every claim's metadata (kind, predicate, source, certainty, segment, sentence and
offsets, subject/object/place); per claim graph, the assertion (a relation triple, or an
assertion node with a quantity for figures). Text spans (mentions) and the document text are
left out. Entity popularity is skewed (a few entities are in many claims), as in news.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import common  # noqa: F401  (puts src/ on sys.path)
import pyoxigraph as ox

from reportgraph.rdf.mapping import (
    claim_iri,
    document_graph,
    document_iri,
    entity_iri,
    source_iri,
)
from reportgraph.rdf.vocab import PROV, RDF, RDFS, RG, XSD, relation_iri

CLAIMS_PER_DOC = 20
TYPES = (("PERSON", RG.Person), ("ORGANIZATION", RG.Organization), ("PLACE", RG.Place))
RELATIONS = ("attacked", "killed", "accused", "met", "supports", "controls", "detained")
FIGURES = ("killed", "wounded", "displaced", "detained")
EVENTS = ("attack", "clash", "statement", "displacement")
SOURCE_KINDS = ("monitor", "agency", "official", "witness", "publication")
CERTAINTY = ("asserted", "reported", "alleged", "verified", "denied")


def n_entities(n_claims: int) -> int:
    return max(200, n_claims // 10)


def entity_id(i: int) -> str:
    return f"{TYPES[i % len(TYPES)][0].lower()}/synthetic-{i}"


def _iri(node: ox.NamedNode) -> str:
    return str(node)  # "<...>", N-Quads syntax


def _lit(value: str) -> str:
    return str(ox.Literal(value))


def _int(value: int) -> str:
    return f'"{value}"^^{XSD.integer}'


def lines(n_claims: int, seed: int = 7) -> Iterator[str]:
    """Deterministic N-Quads lines for ``n_claims`` claims in ``n_claims / 20`` documents.

    Terms come from reportgraph's own vocabulary and IRI helpers; lines are written as text
    because building 20M+ pyoxigraph Quad objects in Python costs minutes."""
    rng = random.Random(seed)
    n_ent = n_entities(n_claims)
    n_src = 300
    ent = [_iri(entity_iri(entity_id(i))) for i in range(n_ent)]
    src = [_iri(source_iri(f"synthetic-{i}")) for i in range(n_src)]
    rel = {p: _iri(relation_iri(p)) for p in (*RELATIONS, *FIGURES, *EVENTS)}
    kinds = {k: _lit(k) for k in ("relation", "figure", "event")}
    certainty = [_lit(c) for c in CERTAINTY]
    qualifiers = [_lit(q) for q in ("exact", "at least", "over")]
    body = _lit("body")
    a_, label, sub_prop, reported = (
        _iri(RDF.type),
        _iri(RDFS.label),
        _iri(RDFS.subPropertyOf),
        _iri(RG.reportedRelation),
    )
    t_claim, t_doc, t_ent, t_src = (_iri(x) for x in (RG.Claim, RG.Document, RG.Entity, RG.Source))
    t_assert, t_qty = _iri(RG.Assertion), _iri(RG.Quantity)
    classes = [_iri(c) for _, c in TYPES]
    p = {
        name: _iri(RG[name])
        for name in [
            "path",
            "claimKind",
            "predicate",
            "relation",
            "inDocument",
            "certainty",
            "segmentKind",
            "sentence",
            "sentenceBegin",
            "sentenceEnd",
            "subject",
            "object",
            "place",
            "quantity",
            "value",
            "qualifier",
            "unit",
            "textAsWritten",
            "sourceKind",
        ]
    }
    attributed = _iri(PROV.wasAttributedTo)
    decimal = str(XSD.decimal)

    def pick_entity() -> int:
        return int(n_ent * rng.random() ** 3)  # skewed: low indices are hubs

    claim_no = 0
    for d in range(0, (n_claims + CLAIMS_PER_DOC - 1) // CLAIMS_PER_DOC):
        g = _iri(document_graph(f"synthetic{d:07d}"))
        doc = _iri(document_iri(f"synthetic{d:07d}"))
        yield f"{doc} {a_} {t_doc} {g} .\n"
        yield f"{doc} {p['path']} {_lit(f'/synthetic/{d:07d}.txt')} {g} .\n"
        seen_entities: set[int] = set()
        seen_sources: set[int] = set()
        predicates: set[str] = set()
        for _ in range(min(CLAIMS_PER_DOC, n_claims - claim_no)):
            iri = claim_iri(f"csynthetic{claim_no:012d}").value
            c = f"<{iri}>"
            claim_no += 1
            roll = rng.random()
            kind = "relation" if roll < 0.5 else "figure" if roll < 0.8 else "event"
            pred = rng.choice(RELATIONS if kind == "relation" else FIGURES)
            if kind == "event":
                pred = rng.choice(EVENTS)
            predicates.add(pred)
            s = rng.randrange(n_src)
            seen_sources.add(s)
            subject, obj = pick_entity(), pick_entity()
            place = 3 * (pick_entity() // 3) + 2  # a PLACE entity
            place = place if place < n_ent else 2
            start = rng.randrange(0, 20000)
            sentence = _lit(f"Synthetic sentence {claim_no} says {pred}.")
            yield (
                f"{c} {a_} {t_claim} {g} .\n"
                f"{c} {p['claimKind']} {kinds[kind]} {g} .\n"
                f"{c} {p['predicate']} {_lit(pred)} {g} .\n"
                f"{c} {p['relation']} {rel[pred]} {g} .\n"
                f"{c} {p['inDocument']} {doc} {g} .\n"
                f"{c} {attributed} {src[s]} {g} .\n"
                f"{c} {p['certainty']} {rng.choice(certainty)} {g} .\n"
                f"{c} {p['segmentKind']} {body} {g} .\n"
                f"{c} {p['sentence']} {sentence} {g} .\n"
                f"{c} {p['sentenceBegin']} {_int(start)} {g} .\n"
                f"{c} {p['sentenceEnd']} {_int(start + 120)} {g} .\n"
            )
            if kind == "relation":
                seen_entities.update((subject, obj))
                yield (
                    f"{c} {p['subject']} {ent[subject]} {g} .\n"
                    f"{c} {p['object']} {ent[obj]} {g} .\n"
                    f"{ent[subject]} {rel[pred]} {ent[obj]} {c} .\n"
                )
                continue
            seen_entities.add(place)
            a = f"<{iri}/assertion>"
            yield (
                f"{c} {p['place']} {ent[place]} {g} .\n"
                f"{a} {a_} {t_assert} {c} .\n"
                f"{a} {p['relation']} {rel[pred]} {c} .\n"
                f"{a} {p['place']} {ent[place]} {c} .\n"
            )
            if kind == "event":
                seen_entities.add(subject)
                yield (
                    f"{c} {p['subject']} {ent[subject]} {g} .\n"
                    f"{a} {p['subject']} {ent[subject]} {c} .\n"
                )
                continue
            q = f"<{iri}/quantity>"
            value = int(rng.lognormvariate(2.5, 1.5)) + 1
            yield (
                f"{c} {p['quantity']} {q} {g} .\n"
                f"{q} {a_} {t_qty} {c} .\n"
                f'{q} {p["value"]} "{value}"^^{decimal} {c} .\n'
                f"{q} {p['qualifier']} {rng.choice(qualifiers)} {c} .\n"
                f"{q} {p['unit']} {_lit(f'people {pred}')} {c} .\n"
                f"{q} {p['textAsWritten']} {_lit(f'{value} people')} {c} .\n"
            )
        for e in sorted(seen_entities):
            yield (
                f"{ent[e]} {a_} {t_ent} {g} .\n"
                f"{ent[e]} {a_} {classes[e % len(classes)]} {g} .\n"
                f"{ent[e]} {label} {_lit(f'Synthetic entity {e}')} {g} .\n"
            )
        for s in sorted(seen_sources):
            yield (
                f"{src[s]} {a_} {t_src} {g} .\n"
                f"{src[s]} {label} {_lit(f'Synthetic source {s}')} {g} .\n"
                f"{src[s]} {p['sourceKind']} {_lit(SOURCE_KINDS[s % 5])} {g} .\n"
            )
        for pred in sorted(predicates):
            yield f"{rel[pred]} {sub_prop} {reported} {g} .\n"


def nquads_file(path: Path, n_claims: int) -> int:
    """Write the synthetic graph as N-Quads; returns the number of quads."""
    count = 0
    with path.open("w", encoding="utf-8") as fh:
        for chunk in lines(n_claims):
            count += chunk.count("\n")
            fh.write(chunk)
    return count


def build_store(path: Path, nquads: Path) -> int:
    """Bulk-load an N-Quads file into an on-disk Oxigraph store; returns its quad count."""
    store = ox.Store(str(path))
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    store.flush()
    count = len(store)
    del store
    return count
