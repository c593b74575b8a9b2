"""Rows for the view tests: invented entities, sources and claims (no real names).

``claim`` makes a relation claim; ``event``, ``statement`` and ``figure`` turn one into the other
kinds.
"""

from __future__ import annotations

from reportgraph.rows import (
    ClaimRow,
    ContentRow,
    DocRef,
    EntityRow,
    EvidenceRow,
    LinksRow,
    MentionRow,
    ParticipantRow,
    QuantityRow,
    Ref,
    TimeRow,
)

RANGERS = Ref(id="organization/aldmark-rangers", label="Aldmark Rangers")
HALE = Ref(id="person/corvin-hale", label="Corvin Hale")
VEYRA = Ref(id="place/port-veyra", label="Port Veyra")
FARMERS = Ref(id="group/lowland-farmers", label="lowland farmers")
MONITOR = Ref(id="organization/eastern-monitor", label="Eastern Monitor for Rights")
NEWS = Ref(id="publication/valdor-news", label="Valdor News")


def entity(
    ref: Ref, type_: str, mentions: list[tuple[str, int]], subtype: str | None = None
) -> EntityRow:
    return EntityRow(
        id=ref.id,
        label=ref.label,
        type=type_,
        subtype=subtype,
        aliases=[ref.label],
        mentions=[
            MentionRow(document=doc, start=s, end=s + len(ref.label), text=ref.label)
            for doc, s in mentions
        ],
        links=LinksRow(geonames=None, wikidata=None),
        coordinates=None,
    )


def claim(
    cid: str,
    subject: Ref | None,
    predicate: str,
    obj: Ref | None,
    *,
    source: Ref = NEWS,
    via: list[Ref] | None = None,
    places: list[Ref] | None = None,
    sentence: str = "The Aldmark Rangers attacked the lowland farmers.",
    doc: str = "d1",
    start: int = 0,
    certainty: str = "asserted",
    cue: str | None = None,
) -> ClaimRow:
    return ClaimRow(
        id=cid,
        kind="relation",
        predicate=predicate,
        subject=subject,
        object=obj,
        quantity=None,
        places=places or [],
        time=None,
        source=source,
        via=via or [],
        cue=cue,
        certainty=certainty,
        segment="body",
        document=DocRef(id=doc, path=f"articles/{doc}.txt"),
        evidence=EvidenceRow(sentence=sentence, start=start, end=start + len(sentence)),
    )


ENTITIES = [
    entity(RANGERS, "ORGANIZATION", [("d1", 4), ("d1", 90), ("d2", 10)], subtype="armed group"),
    entity(HALE, "PERSON", [("d2", 0)]),
    entity(VEYRA, "PLACE", [("d1", 60)]),
    entity(FARMERS, "GROUP", [("d1", 30), ("d2", 40)]),
]
CLAIMS = [
    claim(
        "c1", RANGERS, "attacked", FARMERS, places=[VEYRA], source=MONITOR, via=[NEWS], cue="said"
    ),
    claim("c2", RANGERS, "attacked", FARMERS, doc="d2", start=120, certainty="alleged"),
    claim("c3", HALE, "leads", RANGERS, source=MONITOR, sentence="Corvin Hale leads the Rangers."),
    claim("c4", RANGERS, "killed", None, places=[VEYRA]),  # no object: no edge
]


def event(row: ClaimRow, *roles: tuple[Ref, str]) -> ClaimRow:
    parts = [ParticipantRow(id=r.id, label=r.label, role=role) for r, role in roles]
    return row.model_copy(update={"kind": "event", "participants": parts})


def statement(row: ClaimRow, speaker: Ref | None, *about: Ref) -> ClaimRow:
    content = ContentRow(start=row.evidence.start, end=row.evidence.start + 5, text="words")
    return row.model_copy(
        update={
            "kind": "statement",
            "source_entity": speaker,
            "about": list(about),
            "content": content,
        }
    )


def figure(row: ClaimRow, text: str = "at least 12") -> ClaimRow:
    quantity = QuantityRow(value=12, qualifier="at least", upper=None, unit="", text=text)
    return row.model_copy(update={"kind": "figure", "quantity": quantity})


def timed(row: ClaimRow, value: str | None, text: str = "on Monday") -> ClaimRow:
    return row.model_copy(update={"time": TimeRow(text=text, value=value)})
