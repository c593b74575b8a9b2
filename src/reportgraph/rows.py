"""Read-side rows: what the library returns and the CLI prints (the JSONL contract).

The pipeline's own models (Document, Entity, Claim, ...) are in ``reportgraph.models``; these
rows are what reading the store gives back: entities, claims and their mentions, documents,
provenance, the figure ledger, store counts and the build report. ``rdf/row_reads.py``,
``rdf/provenance_spans.py`` and ``rdf/store_summary.py`` fill them from SPARQL results; the
filters at the end are the ones the library applies to rows once read.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from reportgraph.models import Failure


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# ---------------- entities and claims ----------------


class Ref(_Row):
    id: str
    label: str


class QuantityRow(_Row):
    value: float | None
    qualifier: str
    upper: float | None
    unit: str
    text: str


class TimeRow(_Row):
    text: str
    value: str | None


class DocRef(_Row):
    id: str
    path: str


class EvidenceRow(_Row):
    sentence: str
    start: int
    end: int


class ContentRow(_Row):
    start: int  # what a statement says: character offsets in the document text
    end: int
    text: str


class ParticipantRow(_Row):
    id: str
    label: str
    role: str  # agent, victim, target or participant


class ClaimRow(_Row):
    id: str
    kind: str
    predicate: str
    subject: Ref | None
    object: Ref | None
    quantity: QuantityRow | None
    places: list[Ref]
    time: TimeRow | None
    source: Ref
    via: list[Ref]
    cue: str | None
    certainty: str
    segment: str
    document: DocRef
    evidence: EvidenceRow
    content: ContentRow | None = None
    about: list[Ref] = []
    source_entity: Ref | None = None  # the entity the source is, when it is one
    participants: list[ParticipantRow] = []


class MentionRow(_Row):
    document: str
    start: int
    end: int
    text: str


class LinksRow(_Row):
    geonames: str | None
    wikidata: str | None


class EntityRow(_Row):
    id: str
    label: str
    type: str
    subtype: str | None
    aliases: list[str]
    mentions: list[MentionRow]
    links: LinksRow
    coordinates: tuple[float, float] | None


# ---------------- provenance ----------------


class ProvenanceItem(_Row):
    """One supporting sentence: the mention highlighted, where it is, who said it."""

    document: str
    path: str
    start: int  # mention offsets in the document text
    end: int
    text: str
    sentence: str
    sentence_start: int
    source: Ref | None = None
    via: list[Ref] = []
    cue: str | None = None
    certainty: str | None = None
    claim: str | None = None
    segment: str | None = None


class Provenance(_Row):
    kind: Literal["entity", "claim"]
    id: str
    label: str
    items: list[ProvenanceItem]


# ---------------- the figure ledger ----------------


class FigureRow(_Row):
    claim: str
    kind: str
    counted: str
    value: float | None
    qualifier: str
    upper: float | None
    text: str
    source: Ref
    via: list[Ref]
    cue: str | None
    certainty: str
    time: TimeRow | None
    published: str | None  # the document's publication date, when known
    places: list[Ref]
    segment: str
    document: DocRef
    sentence: str
    start: int  # sentence offsets
    end: int


class FigureGroup(_Row):
    kind: str
    figures: list[FigureRow]
    claims: int
    independent_sources: int  # distinct original sources (the start of each chain)
    sources: list[Ref]


# ---------------- the store and the build ----------------


class DocumentRow(_Row):
    id: str
    path: str
    title: str | None
    publisher: str | None
    published: str | None
    claims: int
    decode_note: str | None = None


class Stats(_Row):
    documents: int
    entities: int
    entities_by_type: dict[str, int]
    claims: int
    claims_by_kind: dict[str, int]
    sources: int
    mentions: int
    quads: int
    failures: int = 0  # failures recorded by the last build


class BuildReport(_Row):
    read: int
    added: int
    unchanged: int
    replaced: int
    failures: list[Failure]
    entities: int
    claims: int
    quads: int


# ---------------- filters ----------------


def filter_entities(
    rows: Sequence[EntityRow], *, type: str | None = None, search: str | None = None
) -> list[EntityRow]:
    """The rows of ``type`` (any case) whose label or an alias contains ``search`` (any case)."""
    out = list(rows)
    if type:
        out = [r for r in out if r.type == type.upper()]
    if search:
        needle = search.casefold()
        out = [
            r
            for r in out
            if needle in r.label.casefold() or any(needle in a.casefold() for a in r.aliases)
        ]
    return out


def filter_claims(
    rows: Sequence[ClaimRow], *, source: str | None = None, include_comments: bool = False
) -> list[ClaimRow]:
    """The rows from (or via) ``source`` (its id or label, any case), without what only reader
    comments say unless ``include_comments``."""
    out = list(rows)
    if source:
        needle = source.casefold()
        out = [
            r
            for r in out
            if needle in (r.source.id.casefold(), r.source.label.casefold())
            or any(needle in (v.id.casefold(), v.label.casefold()) for v in r.via)
        ]
    if not include_comments:
        out = [r for r in out if r.segment != "reader_comment"]
    return out
