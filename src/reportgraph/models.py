"""Typed data that flows between pipeline stages.

Stages talk through these pydantic models, never through spaCy objects once extraction is done:

    ingest -> Document (with Segments)
    nlp    -> DocumentExtraction (Entities with Mentions, Claims with Sources and evidence)
    rdf    -> quads in the store

A stage that cannot do its work for one input says so with a :class:`Failure`; the batch goes
on. The rows read back from the store are in ``reportgraph.rows``.

Offsets always index ``Document.text`` exactly as decoded: ``text[m.start:m.end] == m.text``.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SegmentKind = Literal["title", "body", "embedded_post", "reader_comment", "link"]
EntityType = Literal["PERSON", "ORGANIZATION", "GROUP", "PLACE"]
Certainty = Literal["asserted", "reported", "alleged", "unverified", "verified", "denied"]
Qualifier = Literal["exact", "at least", "over", "about", "up to", "under", "range", "vague"]
ClaimKind = Literal["relation", "event", "figure", "statement"]
SourceKind = Literal["publication", "person", "organization", "account", "anonymous", "unnamed"]
SourceFormat = Literal["txt", "md", "html", "jsonl"]

ENTITY_TYPES: tuple[EntityType, ...] = ("PERSON", "ORGANIZATION", "GROUP", "PLACE")
SEGMENT_KINDS: tuple[SegmentKind, ...] = (
    "title",
    "body",
    "embedded_post",
    "reader_comment",
    "link",
)
CERTAINTIES: tuple[Certainty, ...] = (
    "asserted",
    "reported",
    "alleged",
    "unverified",
    "verified",
    "denied",
)

SURROGATE = re.compile("[\ud800-\udfff]")  # half of a UTF-16 pair, alone


def replace_surrogates(text: str) -> str:
    """Lone surrogates -> U+FFFD, one character for one (offsets do not move). They cannot be
    written as UTF-8 and come only from JSON ``\\ud800`` escapes or undecodable file names."""
    return SURROGATE.sub("\ufffd", text)


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Segment(_Model):
    """A stretch of a document with one voice: article body, an embedded post, a link line."""

    kind: SegmentKind
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    author_name: str | None = None
    author_handle: str | None = None
    date_text: str | None = None
    url: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Segment:
        if self.end < self.start:
            raise ValueError("segment end before start")
        return self


class Document(_Model):
    """One article as read: its decoded text, metadata and segments."""

    id: str  # content hash of ``text`` (see ids.document_id)
    path: str  # file path or URL as given; for JSONL, "file.jsonl#L<n>"
    text: str
    source_format: SourceFormat
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published: dt.date | None = None
    published_text: str | None = None  # the date as written (top line or metadata)
    language: str = "en"
    decode_note: str | None = None  # e.g. "decoded as cp1252", "3 invalid bytes replaced"
    segments: tuple[Segment, ...] = ()

    @cached_property
    def _segment_lookups(self) -> dict[int, Segment | None]:
        """:meth:`segment_at` per offset asked (the stages ask for the same offsets often)."""
        return {}

    def segment_at(self, offset: int) -> Segment | None:
        """The segment covering ``offset`` (the innermost/last one that starts before it)."""
        if not self.segments:
            return None
        lookups = self._segment_lookups
        if offset not in lookups:
            found: Segment | None = None
            for seg in self.segments:
                if seg.start <= offset < seg.end:
                    found = seg
            lookups[offset] = found
        return lookups[offset]

    def segment_kind_at(self, offset: int) -> SegmentKind:
        seg = self.segment_at(offset)
        return seg.kind if seg is not None else "body"


class Mention(_Model):
    """A grounded span of text: document, offsets, the exact text, and its sentence."""

    doc_id: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    sentence_start: int = Field(ge=0)
    sentence_end: int = Field(ge=0)
    sentence: str
    segment: SegmentKind = "body"

    @model_validator(mode="after")
    def _grounded(self) -> Mention:
        if not (self.sentence_start <= self.start < self.end <= self.sentence_end):
            raise ValueError(
                f"mention {self.start}-{self.end} not inside its sentence "
                f"{self.sentence_start}-{self.sentence_end}"
            )
        if len(self.text) != self.end - self.start:
            raise ValueError("mention text length does not match its offsets")
        return self


AliasReason = Literal[
    "acronym",
    "formerly",
    "also_known_as",
    "apposition",
    "surname",
    "transliteration",
    "override",
    "same_name",
]


class AliasEvidence(_Model):
    """Why a name is an alias of an entity, and where the text says so."""

    alias: str  # the other name as written ("NUM", "Kalev Tammsaar")
    reason: AliasReason
    mention: Mention  # the span that shows it (the definition, the parenthesis, ...)


class ExternalLinks(_Model):
    geonames: str | None = None
    wikidata: str | None = None


class Entity(_Model):
    """An actor, collective or place, with every mention that grounds it."""

    id: str  # see ids.entity_id: "<type>/<key>"
    label: str
    type: EntityType
    subtype: str | None = None
    aliases: tuple[str, ...] = ()
    mentions: tuple[Mention, ...]
    links: ExternalLinks = ExternalLinks()
    coordinates: tuple[float, float] | None = None
    country: str | None = None  # ISO 3166-1 alpha-2 of a place, when known
    region: str | None = None  # containing first-level subdivision of a place, when known
    alias_evidence: tuple[AliasEvidence, ...] = ()

    @model_validator(mode="after")
    def _has_mention(self) -> Entity:
        if not self.mentions:
            raise ValueError(f"entity {self.id} has no mention")
        return self


class Source(_Model):
    """Who a claim is attributed to: a monitor, agency, witness, account, or the publication."""

    id: str  # see ids.source_id
    label: str
    kind: SourceKind
    entity_id: str | None = None  # the Entity this source is, when it is one
    mention: Mention | None = None  # where the text names it (None for the publication)


class Quantity(_Model):
    value: float | None  # None for vague figures ("hundreds")
    qualifier: Qualifier
    upper: float | None = None
    unit: str = ""  # what is counted: "civilians killed", "people displaced"
    text: str  # as written
    mention: Mention | None = None


class TimeExpr(_Model):
    text: str  # as written: "on Thursday", "March 6"
    value: str | None = None  # ISO date/interval normalised against the document date
    mention: Mention | None = None


class Participant(_Model):
    role: Literal["agent", "victim", "target", "location", "participant"]
    entity_id: str


class Event(_Model):
    type: str  # "killing", "attack", ... (configurable lexicon)
    trigger: Mention
    participants: tuple[Participant, ...] = ()
    places: tuple[str, ...] = ()  # entity ids
    time: TimeExpr | None = None
    quantities: tuple[Quantity, ...] = ()


class TextSpan(_Model):
    """A stretch of a document's text that is not tied to one sentence: what a speaker said,
    which may be a quotation running over several sentences:
    ``text == document.text[start:end]``."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str

    @model_validator(mode="after")
    def _grounded(self) -> TextSpan:
        if self.end <= self.start or len(self.text) != self.end - self.start:
            raise ValueError(f"text span {self.start}-{self.end} does not match its text")
        return self


class Evidence(_Model):
    sentence: str
    start: int  # sentence offsets in the document text
    end: int


class Claim(_Model):
    """One atomic assertion, as made in one document by one source."""

    id: str  # see ids.claim_id
    kind: ClaimKind
    predicate: str
    doc_id: str
    subject: str | None = None  # entity id
    object: str | None = None  # entity id
    event: Event | None = None
    quantity: Quantity | None = None
    places: tuple[str, ...] = ()  # entity ids
    time: TimeExpr | None = None
    source: Source
    via: tuple[Source, ...] = ()  # from the original source's channel up to the publication
    cue: str | None = None
    certainty: Certainty = "asserted"
    segment: SegmentKind = "body"
    evidence: Evidence
    mentions: tuple[Mention, ...]  # evidence mentions (>= 1)
    content: TextSpan | None = None  # a statement's content: what was said
    about: tuple[str, ...] = ()  # entity ids the content names (statements)

    @model_validator(mode="after")
    def _has_evidence(self) -> Claim:
        if not self.mentions:
            raise ValueError(f"claim {self.id} has no evidence mention")
        return self


class DocumentExtraction(_Model):
    """Everything extraction found in one document; the unit written to the store atomically."""

    document: Document
    entities: tuple[Entity, ...]
    claims: tuple[Claim, ...]


class Failure(_Model):
    """An input the build could not read, extract or store: a whole file (``line=None``), one
    JSONL line, or one document. ``code``, ``message`` (the cause) and ``fix`` are those of the
    ``ReportgraphError`` behind it."""

    path: str
    line: int | None = None
    code: str
    message: str
    fix: str = ""

    @field_validator("path", "message", "fix")
    @classmethod
    def _printable(cls, value: str) -> str:  # undecodable file names: never crash a write
        return replace_surrogates(value)
