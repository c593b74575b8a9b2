"""Who a claim is attributed to.

The publication is the source when nothing more specific is found. A sentence inside an
``embedded_post`` segment is the post's author's, passed on by the publication (``via``).

:class:`Attributor` is made once per document and asked once per sentence; reporting cues
("X said", "according to X", "a witness told AP") belong in :meth:`Attributor.attribute`, which
sees the sentence's tokens (``doc``) and the document's entities, so extraction keeps its shape.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from spacy.tokens import Doc

from reportgraph import ids
from reportgraph.models import Certainty, Document, Entity, Segment, Source
from reportgraph.nlp.sentences import Sentence


@dataclass(frozen=True)
class Attribution:
    source: Source
    via: tuple[Source, ...] = ()  # from the source's channel up to the publication
    cue: str | None = None  # the reporting cue as written ("said", "according to")
    certainty: Certainty = "asserted"


def publication_source(document: Document) -> Source:
    """The publication itself: publisher, else title, else the file name."""
    label = document.publisher or document.title or PurePath(document.path).name or document.path
    return Source(
        id=ids.publication_source_id(document.publisher, document.id),
        label=label or document.id,
        kind="publication",
    )


def account_source(segment: Segment) -> Source | None:
    """The author of an embedded post, when the segment names one."""
    handle = (segment.author_handle or "").strip().lstrip("@")
    name = (segment.author_name or "").strip()
    if handle:
        label = f"{name} (@{handle})" if name else f"@{handle}"
        return Source(id=ids.source_id("account", handle), label=label, kind="account")
    if name:
        return Source(id=ids.source_id("account", name), label=name, kind="account")
    return None


class Attributor:
    """Attributes the sentences of one document (results cached per sentence)."""

    def __init__(
        self, document: Document, doc: Doc | None = None, entities: Sequence[Entity] = ()
    ) -> None:
        self.document = document
        self.doc = doc
        self.entities = entities
        self.publication = publication_source(document)
        self._cache: dict[tuple[int, int], Attribution] = {}

    def __call__(self, sentence: Sentence) -> Attribution:
        found = self._cache.get((sentence.start, sentence.end))
        if found is None:
            found = self.attribute(sentence)
            self._cache[(sentence.start, sentence.end)] = found
        return found

    def attribute(self, sentence: Sentence) -> Attribution:
        segment = self.document.segment_at(sentence.start)
        if segment is not None and segment.kind == "embedded_post":
            account = account_source(segment)
            if account is not None:
                return Attribution(source=account, via=(self.publication,))
        return Attribution(source=self.publication)


def attribute(document: Document, sentence: Sentence) -> Attribution:
    """Attribution of one sentence of ``document`` (see :class:`Attributor`)."""
    return Attributor(document).attribute(sentence)
