"""Frames -> Claims: relations, figures and events, each attributed from its anchor token.

Every claim carries its evidence sentence and at least one grounded mention (the entities it
names, the figure as written, the event trigger), its source, chain, cue, certainty and segment.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from reportgraph import ids
from reportgraph.models import (
    Claim,
    Document,
    Entity,
    Event,
    Evidence,
    Mention,
    Participant,
    Quantity,
    TextSpan,
    TimeExpr,
)
from reportgraph.nlp.attribution.attributor import Attribution, Attributor, Report
from reportgraph.nlp.entities.descriptors import WithDescriptors
from reportgraph.nlp.entities.mentions import RawMention
from reportgraph.nlp.entities.merging import to_mention
from reportgraph.nlp.events.relations import RelationFrame
from reportgraph.nlp.frames import EventFrame, QuantityFrame, TimeFrame
from reportgraph.nlp.sentences import Sentence

_ROLES = {"agent", "victim", "target", "location", "participant"}


@dataclass
class ClaimContext:
    """What the claim builders need about one document."""

    document: Document
    doc: Doc
    sentences: Sequence[Sentence]
    raws: Sequence[RawMention]
    entity_of: Sequence[Entity]  # entity of each raw mention
    attributor: Attributor
    people_nouns: frozenset[str]  # what a figure of unknown outcome must count to be kept

    def span_mention(self, start: int, end: int, sentence: Sentence) -> Mention:
        return Mention(
            doc_id=self.document.id,
            start=start,
            end=end,
            text=self.document.text[start:end],
            sentence_start=sentence.start,
            sentence_end=sentence.end,
            sentence=sentence.text,
            segment=self.document.segment_kind_at(start),
        )

    def raw_mention(self, index: int, sentence: Sentence) -> Mention:
        return to_mention(self.document, self.raws[index], sentence)

    def _claim(
        self,
        cid: str,
        kind: str,
        predicate: str,
        sentence: Sentence,
        attribution: Attribution,
        mentions: Sequence[Mention],
        **fields: object,
    ) -> Claim:
        certainty = fields.pop("certainty", None) or attribution.certainty
        return Claim(
            id=cid,
            kind=kind,  # type: ignore[arg-type]
            predicate=predicate,
            doc_id=self.document.id,
            source=attribution.source,
            via=attribution.via,
            cue=attribution.cue,
            certainty=certainty,  # type: ignore[arg-type]
            segment=self.document.segment_kind_at(sentence.start),
            evidence=Evidence(sentence=sentence.text, start=sentence.start, end=sentence.end),
            mentions=tuple(dict.fromkeys(mentions)),
            **fields,  # type: ignore[arg-type]
        )

    def places_in(self, sentence_index: int, exclude: set[str]) -> dict[str, int]:
        """PLACE mentions of the sentence (entity id -> raw mention index), minus ``exclude``."""
        out: dict[str, int] = {}
        for i, raw in enumerate(self.raws):
            if raw.sentence == sentence_index and self.entity_of[i].type == "PLACE":
                eid = self.entity_of[i].id
                if eid not in exclude:
                    out.setdefault(eid, i)
        return out


def relation_claim(ctx: ClaimContext, frame: RelationFrame, index: int) -> Claim | None:
    sentence = ctx.sentences[index]
    args = [m for m in (frame.subject, frame.object) if m is not None]
    if any(ctx.raws[m].sentence != index for m in args):
        return None
    subject = ctx.entity_of[frame.subject].id if frame.subject is not None else None
    obj = ctx.entity_of[frame.object].id if frame.object is not None else None
    if subject is not None and subject == obj:
        return None
    place_ids: dict[str, int] = {}
    for m in frame.places:
        pid = ctx.entity_of[m].id
        if ctx.raws[m].sentence == index and pid not in (subject, obj):
            place_ids.setdefault(pid, m)
    if len(args) + len(place_ids) < 2:
        return None
    trigger = ctx.doc[frame.trigger].idx
    attribution = ctx.attributor(sentence, frame.trigger)
    return ctx._claim(
        ids.claim_id(
            ctx.document.id, "relation", frame.predicate, subject, obj, sentence.start, trigger
        ),
        "relation",
        frame.predicate,
        sentence,
        attribution,
        [ctx.raw_mention(m, sentence) for m in (*args, *place_ids.values())],
        subject=subject,
        object=obj,
        places=tuple(place_ids),
        certainty="denied" if frame.negated else None,
    )


def _time(ctx: ClaimContext, frame: TimeFrame | None, sentence: Sentence) -> TimeExpr | None:
    if frame is None:
        return None
    return TimeExpr(
        text=frame.text,
        value=frame.value,
        mention=ctx.span_mention(frame.start, frame.end, sentence),
    )


def quantity_model(ctx: ClaimContext, q: QuantityFrame, sentence: Sentence) -> Quantity:
    unit = " ".join(x for x in (q.counted, q.kind or "") if x)
    return Quantity(
        value=q.value,
        qualifier=q.qualifier,
        upper=q.upper,
        unit=unit,
        text=q.text,
        mention=ctx.span_mention(q.start, q.end, sentence),
    )


def nearest_time(times: Sequence[TimeFrame], anchor: int) -> TimeFrame | None:
    return min(times, key=lambda t: abs(t.anchor - anchor), default=None)


def _counts_people(q: QuantityFrame, people_nouns: frozenset[str]) -> bool:
    words = q.counted.split()
    return bool(words) and words[-1] in people_nouns


def figure_claim(
    ctx: ClaimContext, q: QuantityFrame, index: int, times: Sequence[TimeFrame]
) -> Claim | None:
    """A figure claim; None for a figure of unknown outcome that does not count people, or
    that is itself the speaker ("two residents told ...")."""
    if q.kind is None and not _counts_people(q, ctx.people_nouns):
        return None
    sentence = ctx.sentences[index]
    attribution = ctx.attributor(sentence, q.anchor)
    named = attribution.source.mention
    if named is not None and named.start < q.end and q.start < named.end:
        return None
    speaker = {attribution.source.entity_id} | {v.entity_id for v in attribution.via}
    places = ctx.places_in(index, {e for e in speaker if e})
    predicate = q.kind or "count"
    quantity = quantity_model(ctx, q, sentence)
    assert quantity.mention is not None
    return ctx._claim(
        ids.claim_id(ctx.document.id, "figure", predicate, q.number_start, q.number_end),
        "figure",
        predicate,
        sentence,
        attribution,
        [quantity.mention, *(ctx.raw_mention(m, sentence) for m in places.values())],
        quantity=quantity,
        places=tuple(places),
        time=_time(ctx, nearest_time(times, q.anchor), sentence),
    )


def event_claim(ctx: ClaimContext, frame: EventFrame, index: int) -> Claim:
    sentence = ctx.sentences[index]
    token = ctx.doc[frame.trigger]
    trigger = ctx.span_mention(token.idx, token.idx + len(token.text), sentence)
    attribution = ctx.attributor(sentence, frame.trigger)
    participants = [
        Participant(
            role=role if role in _ROLES else "participant",  # type: ignore[arg-type]
            entity_id=ctx.entity_of[m].id,
        )
        for role, m in frame.participants
    ]
    places = tuple(dict.fromkeys(ctx.entity_of[m].id for m in frame.places))
    quantities = tuple(quantity_model(ctx, q, sentence) for q in frame.quantities)
    time = _time(ctx, frame.time, sentence)
    event = Event(
        type=frame.type,
        trigger=trigger,
        participants=tuple(participants),
        places=places,
        time=time,
        quantities=quantities,
    )
    agents = [p.entity_id for p in participants if p.role == "agent"]
    patients = [p.entity_id for p in participants if p.role in ("victim", "target")]
    others = [p.entity_id for p in participants if p.role == "participant"]
    subject = next(iter(agents or others), None)
    obj = next(iter(patients or [o for o in others if o != subject]), None)
    mentions = [
        trigger,
        *(ctx.raw_mention(m, sentence) for _, m in frame.participants),
        *(ctx.raw_mention(m, sentence) for m in frame.places),
    ]
    return ctx._claim(
        ids.claim_id(ctx.document.id, "event", frame.type, token.idx),
        "event",
        frame.type,
        sentence,
        attribution,
        mentions,
        subject=subject,
        object=obj,
        places=places,
        time=time,
        event=event,
        quantity=quantities[0] if len(quantities) == 1 else None,
    )


def _statement_predicate(ctx: ClaimContext, report: Report) -> str:
    """The cue's lemma ("say", "deny", "claim"), or the phrase ("according_to")."""
    frame = report.frame
    if frame.kind == "adjunct":
        return frame.text.replace(" ", "_")
    return ctx.doc[frame.cue].lemma_.lower()


def statement_claim(ctx: ClaimContext, report: Report, index: int) -> Claim | None:
    """The act of reporting ``report`` as a ``statement`` claim: its source is the speaker (the
    publication when no one else is named), ``content`` the span of what was said and
    ``about`` the entities named in it. None when nothing is reported (no content)."""
    if report.content is None:
        return None
    sentence = ctx.sentences[index]
    start, end = report.content
    source = report.attribution.source
    speaker = source.mention
    about: dict[str, int] = {}
    for i, raw in enumerate(ctx.raws):
        if start <= raw.start and raw.end <= end:
            if speaker is not None and raw.start < speaker.end and speaker.start < raw.end:
                continue
            eid = ctx.entity_of[i].id
            if eid != source.entity_id:
                about.setdefault(eid, i)
    first, last = report.frame.span
    cue = ctx.span_mention(
        ctx.doc[first].idx, ctx.doc[last - 1].idx + len(ctx.doc[last - 1]), sentence
    )
    mentions = [cue]
    if speaker is not None and speaker.sentence_start == sentence.start:
        mentions.append(speaker)
    mentions += [ctx.raw_mention(m, ctx.sentences[ctx.raws[m].sentence]) for m in about.values()]
    predicate = _statement_predicate(ctx, report)
    return ctx._claim(
        ids.claim_id(ctx.document.id, "statement", predicate, ctx.doc[report.frame.cue].idx),
        "statement",
        predicate,
        sentence,
        report.attribution,
        mentions,
        content=TextSpan(start=start, end=end, text=ctx.document.text[start:end]),
        about=tuple(about),
    )


def descriptor_link_claims(
    ctx: ClaimContext, found: WithDescriptors, kept: set[str]
) -> list[Claim]:
    """A relation claim from each kept descriptor mention to each named entity it links to
    ("Hazara civilians" member_of "Hazara"; "soldiers from Chad" from "Chad"), grounded on
    the descriptor's sentence and attributed from its head (see
    :mod:`reportgraph.nlp.entities.descriptors`)."""
    out: list[Claim] = []
    predicates = found.predicates
    for m, linked in found.links.items():
        descriptor = ctx.entity_of[m]
        if descriptor.id not in kept:
            continue
        raw = ctx.raws[m]
        sentence = ctx.sentences[raw.sentence]
        for n in linked:
            target = ctx.entity_of[n]
            predicate = predicates.get(target.type)
            if predicate is None or target.id == descriptor.id:
                continue
            out.append(
                ctx._claim(
                    ids.claim_id(
                        ctx.document.id, "relation", predicate, descriptor.id, target.id, raw.start
                    ),
                    "relation",
                    predicate,
                    sentence,
                    ctx.attributor(sentence, found.heads[m]),
                    [ctx.raw_mention(m, sentence), ctx.raw_mention(n, sentence)],
                    subject=descriptor.id,
                    object=target.id,
                )
            )
    return out
