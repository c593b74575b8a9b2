"""The claims index rows a build makes from its models are the rows the store gives back for the
same document (``builder/index_rows.py`` against ``rdf.claim_reads.raw_claim_rows`` and the
saved query ``documents``), on random invented documents that use every optional part of a
claim, two spellings of one source, repeated places and participants, empty strings, places
with coordinates and a record described twice."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from factories import document, entity, mention
from reportgraph import ids
from reportgraph.builder.index_rows import index_rows, prepare
from reportgraph.claims_index.browse import mention_records
from reportgraph.models import (
    Claim,
    DocumentExtraction,
    Entity,
    Event,
    Evidence,
    Participant,
    Quantity,
    Source,
    TextSpan,
    TimeExpr,
)
from reportgraph.rdf import store_summary
from reportgraph.rdf.claim_reads import raw_claim_rows
from reportgraph.rdf.mapping import claim_iri
from reportgraph.rdf.store import GraphStore
from reportgraph.saved_queries import find_query

NAMES = ["Dorvan Guard", "Kesh Valley", "Marro Council", "Tilde Ferrin", "Oskar Venn", "Rua Bay"]
SOURCES = [
    ("organization", "Marro Council", "Marro Council"),
    ("organization", "MARRO COUNCIL", None),  # the same source id, spelt otherwise
    ("person", "Tilde Ferrin", "Tilde Ferrin"),
    ("account", "@kesh_watch", None),
    ("anonymous", "a resident", None),
]


def _source(rng: random.Random, entities: dict[str, Entity]) -> Source:
    kind, label, named = rng.choice(SOURCES)
    ent = entities[named] if named and rng.random() < 0.7 else None
    return Source(
        id=ids.source_id(kind, label),
        label=label,
        kind=kind,  # type: ignore[arg-type]
        entity_id=ent.id if ent else None,
        mention=ent.mentions[0] if ent else None,
    )


def random_extraction(rng: random.Random, n: int) -> DocumentExtraction:
    sentences = [
        f"{rng.choice(NAMES)} said {rng.randint(2, 900)} people left {rng.choice(NAMES)} "
        f"on day {i}."
        for i in range(12)
    ]
    text = " ".join(sentences) + " " + " ".join(NAMES) + "."
    base = document(text, path=f"mem/random{n}.txt", publisher=rng.choice([None, "", "Lake Post"]))
    doc = base.model_copy(
        update={
            "title": rng.choice([None, "", "Valley news"]),
            "published": rng.choice([None, dt.date(2023, 4, 5)]),
            "decode_note": rng.choice([None, "", "decoded as cp1252"]),
        }
    )
    types = ["ORGANIZATION", "PLACE", "ORGANIZATION", "PERSON", "PERSON", "PLACE"]
    entities = {name: entity(doc, t, name) for name, t in zip(NAMES, types, strict=True)}
    for name in ("Kesh Valley", "Rua Bay"):  # places, some with coordinates
        if rng.random() < 0.6:
            at = (rng.choice([41.5, -3.25]), rng.choice([12.0, 100.125]))
            entities[name] = entities[name].model_copy(update={"coordinates": at})
    ents = list(entities.values())
    if rng.random() < 0.5:  # one record described twice: another class, other coordinates
        twice = entities["Rua Bay"]
        ents.append(twice.model_copy(update={"type": "ORGANIZATION", "coordinates": (1.5, 2.5)}))
    claims: list[Claim] = []
    for k in range(rng.randint(0, 14)):
        m = mention(doc, rng.choice(NAMES))
        some = lambda: tuple(rng.choice(ents).id for _ in range(rng.randint(0, 3)))  # noqa: E731
        event = None
        if rng.random() < 0.4:
            roles = ["agent", "victim", "target", "location", "participant"]
            event = Event(
                type="attack",
                trigger=m,
                participants=tuple(
                    Participant(role=rng.choice(roles), entity_id=rng.choice(ents).id)  # type: ignore[arg-type]
                    for _ in range(rng.randint(0, 4))
                ),
                places=some(),
            )
        value = rng.choice([None, 3, 12.5, 1500000.0, 0.25])
        quantity = None
        if rng.random() < 0.5:
            quantity = Quantity(
                value=value,
                qualifier=rng.choice(["exact", "about", "range"]),  # type: ignore[arg-type]
                upper=rng.choice([None, 40.0]),
                unit=rng.choice(["", "people displaced", "civilians killed"]),
                text="some people",
            )
        time = None
        if rng.random() < 0.5:
            time = TimeExpr(text=rng.choice(["", "on day 3"]), value=rng.choice([None, "", "2023"]))
        content = None
        if rng.random() < 0.3:
            content = TextSpan(start=m.start, end=m.end, text=m.text)
        claims.append(
            Claim(
                id=ids.claim_id(doc.id, "x", str(k)),
                kind=rng.choice(["relation", "event", "figure", "statement"]),  # type: ignore[arg-type]
                predicate=rng.choice(["attack", "killed", "say"]),
                doc_id=doc.id,
                subject=rng.choice([None, rng.choice(ents).id]),
                object=rng.choice([None, rng.choice(ents).id]),
                event=event,
                quantity=quantity,
                places=some(),
                time=time,
                source=_source(rng, entities),
                via=tuple(_source(rng, entities) for _ in range(rng.randint(0, 3))),
                cue=rng.choice([None, "", "said"]),
                certainty=rng.choice(["asserted", "reported", "denied"]),  # type: ignore[arg-type]
                segment=rng.choice(["body", "reader_comment"]),  # type: ignore[arg-type]
                evidence=Evidence(sentence=m.sentence, start=m.sentence_start, end=m.sentence_end),
                mentions=(m,),
                content=content,
                about=some(),
            )
        )
    return DocumentExtraction(document=doc, entities=tuple(ents), claims=tuple(claims))


@pytest.mark.parametrize("seed", range(12))
def test_rows_from_the_models_are_the_stores(seed: int) -> None:
    rng = random.Random(seed)
    store = GraphStore(None)
    extractions = [random_extraction(rng, n) for n in range(3)]
    for ex in extractions:
        store.write(prepare(ex).quads)
    documents = {
        d.id: d for d in store_summary.document_rows(store.select(find_query("documents").text))
    }
    for ex in extractions:
        rows = index_rows(ex)
        assert rows.document == documents[ex.document.id]
        iris = [claim_iri(c.id).value for c in ex.claims]
        from_store = raw_claim_rows(store, claims=iris) if iris else []
        ours = sorted(rows.claims, key=lambda c: c.id)
        theirs = sorted(from_store, key=lambda c: c.id)
        assert ours == theirs
        assert [c.model_dump_json() for c in ours] == [c.model_dump_json() for c in theirs]
        assert list(rows.mentions) == mention_records(store, [ex.document.id])
