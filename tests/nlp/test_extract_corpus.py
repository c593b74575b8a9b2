"""Extraction over the sample corpus in ../shared/corpus: grounding, evidence, determinism."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from reportgraph import ids
from reportgraph.models import Document, DocumentExtraction, Segment
from reportgraph.nlp.extract import extract_documents
from reportgraph.nlp.lexicons import Lexicons

pytestmark = pytest.mark.corpus  # skipped by the sample_docs fixture when the corpus is missing


@pytest.fixture(scope="module")
def documents(sample_docs: list[tuple[Document, Doc]]) -> list[Document]:
    """The sample texts as plain documents: one body segment and no metadata, so that sentence
    bounds come from the text alone (extract_documents parses them itself)."""
    return [
        Document(
            id=ids.document_id(read.text),
            path=read.path,
            text=read.text,
            source_format="txt",
            segments=(Segment(kind="body", start=0, end=len(read.text)),),
        )
        for read, _ in sample_docs
    ]


@pytest.fixture(scope="module")
def extractions(
    nlp: Language, lexicons: Lexicons, documents: list[Document]
) -> list[DocumentExtraction]:
    return list(extract_documents(nlp, documents, lexicons))


def test_every_mention_is_grounded_in_its_sentence(extractions: list[DocumentExtraction]) -> None:
    for ex in extractions:
        text = ex.document.text
        mentions = [m for e in ex.entities for m in e.mentions]
        mentions += [m for c in ex.claims for m in c.mentions]
        assert mentions
        for m in mentions:
            assert text[m.start : m.end] == m.text
            assert m.text == m.text.strip() and m.text
            assert text[m.sentence_start : m.sentence_end] == m.sentence
            assert m.sentence_start <= m.start < m.end <= m.sentence_end
            assert "\n\n" not in m.sentence


def test_entity_ids_are_unique_and_typed(extractions: list[DocumentExtraction]) -> None:
    for ex in extractions:
        entity_ids = [e.id for e in ex.entities]
        assert len(entity_ids) == len(set(entity_ids))
        for e in ex.entities:
            if e.subtype == "descriptor":  # per document: see nlp/entities/descriptors.py
                assert e.id.startswith(f"{e.type.lower()}/descriptor/{ex.document.id}/")
            else:
                assert e.id == ids.entity_id(e.type, e.label)


def test_every_claim_has_grounded_evidence(extractions: list[DocumentExtraction]) -> None:
    for ex in extractions:
        known = {e.id for e in ex.entities}
        for claim in ex.claims:
            assert claim.mentions
            ev = claim.evidence
            assert ex.document.text[ev.start : ev.end] == ev.sentence
            assert "\n\n" not in ev.sentence
            for m in claim.mentions:
                assert ev.start <= m.start < m.end <= ev.end
            args = [a for a in (claim.subject, claim.object, *claim.places) if a]
            assert set(args) <= known
            if claim.kind == "relation":
                assert len(args) >= 2


def test_some_relations_are_found(extractions: list[DocumentExtraction]) -> None:
    claims = [c for ex in extractions for c in ex.claims]
    assert len(claims) >= 5
    assert any(c.subject and c.object for c in claims)


def test_extraction_is_deterministic(
    nlp: Language,
    lexicons: Lexicons,
    documents: list[Document],
    extractions: list[DocumentExtraction],
) -> None:
    assert list(extract_documents(nlp, documents, lexicons, batch_size=2)) == extractions
