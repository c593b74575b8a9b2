"""Property-based tests: the readers and the extraction entry point, fed arbitrary bytes and
unicode, raise nothing but the project's own errors, and every offset they return is exact."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import TYPE_CHECKING

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from spacy.language import Language

from reportgraph import ids
from reportgraph.errors import ReportgraphError
from reportgraph.ingest import SUPPORTED_SUFFIXES, read_file, read_text
from reportgraph.models import Document, DocumentExtraction, Evidence, Failure, Mention
from reportgraph.rdf.mapping import prepare_document

if TYPE_CHECKING:
    from reportgraph.nlp.lexicons import Lexicons

CODE = re.compile(r"RG\d{3}")
# words of invented reports, so that generated texts reach entities, figures and attribution
WORDS = [
    "Rebels", "attacked", "Velmora", "on", "Monday", ",", "the", "ministry", "said", ".",
    "At least", "12", "civilians", "were killed", "in", "Lunaport", "according to", "medics",
    "General", "Anna Petrovic", "told", "Reuters", "(", ")", '"', "“", "”", "—", "-", "'s",
    "UN", "NGO", "@monitor_x", "https://news.invalid/a", "March 3, 2025", "hundreds",
    "fled", "to", "Tessaly Gap", "\n", "\n\n", "Reply", "3 Comments", "says:", "?", "!", "…",
    "twenty-five", "1,200", "%", "al-", "Kestrel Bay", "said that", "alleged", "denied",
]  # fmt: skip
READ_SETTINGS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
EXTRACT_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


_SURROGATES = st.integers(0xD800, 0xDFFF).map(chr)  # st.text() never makes lone surrogates
ACTORS = ["Rebels", "Government troops", "General Anna Petrovic", "The Red Falcon Brigade"]
VERBS = ["attacked", "shelled", "killed 12 civilians in", "seized", "fled to"]
PLACES = ["Velmora", "Lunaport", "Tessaly Gap", "the village of Korvata"]
SOURCES = ["the ministry said", "according to medics", "a witness told Reuters", "officials said"]


def sentence() -> st.SearchStrategy[str]:
    """A short invented report sentence, so extraction reaches entities, claims and sources."""
    return st.builds(
        "{} {} {} on {}, {}.".format,
        st.sampled_from(ACTORS),
        st.sampled_from(VERBS),
        st.sampled_from(PLACES),
        st.sampled_from(["Monday", "March 3, 2025", "Friday night"]),
        st.sampled_from(SOURCES),
    )


def report_like() -> st.SearchStrategy[str]:
    """Report sentences and words mixed with arbitrary unicode, joined by arbitrary separators."""
    piece = st.one_of(sentence(), st.sampled_from(WORDS), st.text(max_size=6), _SURROGATES)
    sep = st.sampled_from([" ", "", "\n", "  ", "\t", "\r\n", "\u00a0", "\u2028"])
    return st.lists(st.tuples(piece, sep), max_size=60).map(
        lambda parts: "".join(p + s for p, s in parts)
    )


def any_unicode() -> st.SearchStrategy[str]:
    """Any string a Python caller may pass, lone surrogates included (JSON escapes make them)."""
    return st.one_of(
        st.text(max_size=400),
        st.lists(st.one_of(st.characters(), _SURROGATES), max_size=200).map("".join),
        report_like(),
    )


def file_bytes() -> st.SearchStrategy[bytes]:
    utf8 = any_unicode().map(lambda t: t.encode("utf-8", "surrogatepass"))
    html = report_like().map(
        lambda t: (
            f"<html><head><title>{t[:30]}</title><script>var x = '{t[:20]}';</script></head>"
            f"<body><article><p>{t}</p></article><iframe src='x'></iframe></body></html>"
        ).encode("utf-8", "surrogatepass")
    )
    record = st.one_of(
        any_unicode().map(lambda t: json.dumps({"text": t, "title": t[:10]})),
        any_unicode().map(lambda t: json.dumps({"text": t}, ensure_ascii=False)),
        st.text(max_size=40),  # a malformed line
    )
    jsonl = st.lists(record, max_size=6).map(
        lambda lines: "\n".join(lines).encode("utf-8", "surrogatepass")
    )
    legacy = report_like().map(lambda t: t.encode("cp1252", "replace"))
    return st.one_of(st.binary(max_size=2000), utf8, html, jsonl, legacy)


def check_document(document: Document) -> None:
    assert document.text.strip() and "\r" not in document.text
    assert document.id == ids.document_id(document.text)
    previous_end = 0
    for seg in document.segments:
        assert 0 <= seg.start <= seg.end <= len(document.text)
        assert seg.start >= previous_end  # sorted, no overlap
        previous_end = seg.end
    document.text.encode("utf-8")  # writable as UTF-8 (no lone surrogates)
    document.path.encode("utf-8")


# ---------------- readers ----------------


@READ_SETTINGS
@given(data=file_bytes(), suffix=st.sampled_from(sorted(SUPPORTED_SUFFIXES)))
def test_read_file_raises_only_project_errors(data: bytes, suffix: str) -> None:
    with TemporaryDirectory() as tmp:
        path = Path(tmp) / f"article{suffix}"
        path.write_bytes(data)
        try:
            documents, failures = read_file(path)
        except ReportgraphError as exc:
            assert CODE.fullmatch(exc.code) and exc.cause
            return
    for document in documents:
        check_document(document)
    for failure in failures:
        assert isinstance(failure, Failure) and CODE.fullmatch(failure.code)
        assert failure.line is not None and failure.line >= 1 and failure.message


@READ_SETTINGS
@given(text=any_unicode(), fmt=st.sampled_from(["txt", "md", "html", "jsonl"]))
def test_read_text_raises_only_project_errors(text: str, fmt: str) -> None:
    try:
        document = read_text(text, path="mem://a", source_format=fmt)  # type: ignore[arg-type]
    except ReportgraphError as exc:
        assert CODE.fullmatch(exc.code)
        return
    check_document(document)
    assert len(document.text) == len(text.replace("\r\n", "\n"))  # one char for one


# ---------------- extraction ----------------


def mentions_in(value: object) -> Iterator[Mention]:
    """Every Mention anywhere inside a model (entities, claims, sources, quantities, times)."""
    if isinstance(value, Mention):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from mentions_in(getattr(value, name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from mentions_in(item)


def check_extraction(extraction: DocumentExtraction) -> None:
    """Exact offsets, and N-Quads that Oxigraph's strict parser accepts (else the store would
    refuse the document with RG305)."""
    quads = list(ox.parse(prepare_document(extraction).nquads, format=ox.RdfFormat.N_QUADS))
    assert quads
    text = extraction.document.text
    for entity in extraction.entities:
        for m in mentions_in(entity):
            assert m.doc_id == extraction.document.id
            assert text[m.start : m.end] == m.text, (m, text)
            assert text[m.sentence_start : m.sentence_end] == m.sentence, m
    for claim in extraction.claims:
        evidence: Evidence = claim.evidence
        assert text[evidence.start : evidence.end] == evidence.sentence, claim
        assert claim.mentions
        for m in mentions_in(claim):
            assert text[m.start : m.end] == m.text, (m, text)
            assert text[m.sentence_start : m.sentence_end] == m.sentence, m


@EXTRACT_SETTINGS
@given(text=any_unicode())
def test_extract_raises_only_project_errors_and_offsets_stay_exact(
    text: str, nlp: Language, lexicons: Lexicons
) -> None:
    from reportgraph.nlp.extract import extract

    try:
        document = read_text(text, path="mem://a")
    except ReportgraphError:
        return
    try:
        extraction = extract(document, nlp(document.text), lexicons)
    except ReportgraphError as exc:
        assert CODE.fullmatch(exc.code)
        return
    check_extraction(extraction)


@EXTRACT_SETTINGS
@given(texts=st.lists(report_like(), min_size=1, max_size=3))
def test_extract_documents_in_batches_keeps_offsets_exact(
    texts: list[str], nlp: Language, lexicons: Lexicons
) -> None:
    from reportgraph.nlp.extract import extract_documents

    documents = []
    for i, text in enumerate(texts):
        try:
            documents.append(read_text(f"Report {i}. {text}", path=f"mem://{i}"))
        except ReportgraphError:
            continue
    results = list(extract_documents(nlp, documents, lexicons, batch_size=2))
    assert [r.document.id for r in results] == [d.id for d in documents]
    for extraction in results:
        check_extraction(extraction)
