"""Figures and events go all the way through: extraction -> claims -> store -> ledger/rows.

Sentences are invented; they check the joints between the finders, attribution and the store.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from reportgraph.api import ReportGraph
from reportgraph.ingest import read_text
from reportgraph.models import Claim, DocumentExtraction
from reportgraph.nlp.extract import extract
from reportgraph.nlp.lexicons import Lexicons

TEXT = (
    "Published: 12 May 2024\n\n"
    "The Sahel Rights Monitor said at least 42 civilians were killed in Kidal on Monday.\n\n"
    "A witness told Reuters that gunmen shot dead 12 villagers near Gao.\n\n"
    "Around 3,000 people have fled to Mopti since Friday, officials said.\n\n"
    "These figures could not be independently verified.\n"
)


@pytest.fixture(scope="module")
def extraction(nlp: Language, lexicons: Lexicons) -> DocumentExtraction:
    doc = read_text(TEXT, path="sahel.txt", publisher="The Niger Courier")
    return extract(doc, nlp(doc.text), lexicons)


def _figures(ex: DocumentExtraction) -> dict[float | None, Claim]:
    return {c.quantity.value: c for c in ex.claims if c.kind == "figure" and c.quantity}


def test_figure_claims_carry_value_qualifier_source_place_and_time(
    extraction: DocumentExtraction,
) -> None:
    figures = _figures(extraction)
    killed = figures[42]
    assert killed.predicate == "killed"
    assert killed.quantity is not None and killed.quantity.qualifier == "at least"
    assert killed.quantity.unit == "civilians killed"
    assert killed.source.label == "Sahel Rights Monitor"
    assert [v.label for v in killed.via] == ["The Niger Courier"]
    assert killed.certainty in ("reported", "verified")
    assert killed.time is not None and killed.time.value == "2024-05-06"
    text = extraction.document.text
    for m in killed.mentions:
        assert text[m.start : m.end] == m.text


def test_chain_through_an_agency(extraction: DocumentExtraction) -> None:
    figure = _figures(extraction)[12]
    assert figure.predicate == "killed"
    assert figure.source.kind == "anonymous" and figure.source.label == "witness"
    assert [v.label for v in figure.via] == ["Reuters", "The Niger Courier"]


def test_hedge_in_the_next_sentence(extraction: DocumentExtraction) -> None:
    fled = _figures(extraction)[3000]
    assert fled.predicate == "displaced"
    labels = {e.id: e.label for e in extraction.entities}
    assert [labels[p] for p in fled.places] == ["Mopti"]
    assert fled.quantity is not None and fled.quantity.qualifier == "about"
    assert fled.source.label == "officials"
    assert fled.certainty == "unverified"


def test_event_claims(extraction: DocumentExtraction) -> None:
    events = [c for c in extraction.claims if c.kind == "event" and c.event]
    types = {c.predicate for c in events}
    assert "killing" in types
    for c in events:
        assert c.event is not None
        t = c.event.trigger
        assert extraction.document.text[t.start : t.end] == t.text
        assert c.mentions[0] == t


def test_ledger_through_the_store(extraction: DocumentExtraction) -> None:
    graph = ReportGraph(None)
    graph.store.write(extraction)
    groups = {g.kind: g for g in graph.figures()}
    assert {42.0, 12.0} <= {f.value for f in groups["killed"].figures}
    assert groups["killed"].independent_sources == 2
    row = next(f for f in groups["killed"].figures if f.value == 42)
    assert row.published == "2024-05-12"
    assert row.time is not None and row.time.value == "2024-05-06"
    assert row.source.label == "Sahel Rights Monitor"
    claims = {c.id: c for c in graph.claims(kind="event")}
    assert claims and all(c.kind == "event" for c in claims.values())
