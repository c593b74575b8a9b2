"""A synthetic claim graph of invented words, at any size, for the page's scale tests and for
``bench/page.py`` (which puts ``tests/`` on its path to import this module).

``synthetic_graph(nodes, edges, seed)`` returns entity, claim and document rows, as the store
would give them, whose network (``views.network.to_networkx``) has exactly ``nodes`` nodes and
``edges`` edges, and in which every node has an edge drawn by a body claim (so a page that
draws the top ``nodes`` draws them all). Same arguments, same rows.

The mix: persons, organizations, groups (a few unnamed descriptors tied to an organization),
places and reporting sources (publications, anonymous officials, unnamed witnesses, accounts;
some sources are entities, such as a monitoring group); claims of all four kinds with certainties,
cues, via chains, times, reader comments and embedded posts, in sentences of invented words.
How often an entity appears is skewed (a few hubs, a long tail), as in news.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field

from reportgraph.models import ENTITY_TYPES
from reportgraph.rows import (
    ClaimRow,
    ContentRow,
    DocRef,
    DocumentRow,
    EntityRow,
    EvidenceRow,
    LinksRow,
    MentionRow,
    ParticipantRow,
    QuantityRow,
    Ref,
    TimeRow,
)
from reportgraph.views.links import claim_links

SYLLABLES = tuple(a + b for a in "bdfgklmnprstvz" for b in ("a", "e", "i", "o", "u", "ai", "ou"))
ORG_WORDS = ("Front", "Council", "Union", "Brigade", "League", "Watch", "Ministry", "Guard")
GROUP_WORDS = ("farmers", "fishers", "miners", "students", "traders", "settlers", "guards")
PLACE_WORDS = ("Port", "Upper", "Lower", "North", "Old", "New", "Fort", "Lake")
RELATIONS = ("member_of", "allied_with", "met", "accused", "supports", "controls", "detained")
EVENTS = ("attack", "clash", "shelling", "raid", "protest", "killing", "arrest")
FIGURES = ("killed", "wounded", "displaced", "detained")
KINDS = (("relation", 40), ("event", 30), ("statement", 15), ("figure", 15))
CERTAINTIES = (("asserted", 45), ("reported", 25), ("alleged", 15), ("unverified", 10))
CERTAINTIES += (("denied", 5),)
SEGMENTS = (("body", 96), ("reader_comment", 3), ("embedded_post", 1))
SOURCE_KINDS = ("publication", "anonymous", "unnamed", "account")
CUES = ("said", "reported", "claimed", "told", "wrote", None)


@dataclass
class Synthetic:
    """The rows of one synthetic graph, and what the page's builder takes beside them."""

    entities: list[EntityRow]
    claims: list[ClaimRow]
    documents: list[DocumentRow]
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    @property
    def published(self) -> dict[str, str | None]:
        return {d.id: d.published for d in self.documents}


def _pick(rng: random.Random, table: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([k for k, _ in table], weights=[w for _, w in table])[0]


class _Words:
    """Invented words of syllables drawn at random (ids, not labels, keep nodes apart)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def word(self, syllables: int = 2) -> str:
        return "".join(self.rng.choice(SYLLABLES) for _ in range(syllables))

    def filler(self, n: int) -> str:
        return " ".join(self.word() for _ in range(n))


class _Pool:
    """Refs in popularity order, drawn with weights falling as 1 / rank^0.85."""

    def __init__(self, refs: list[Ref], ranks: list[int]) -> None:
        self.refs = refs
        self.cum = list(itertools.accumulate(1.0 / (r + 1) ** 0.85 for r in ranks))

    def draw(self, rng: random.Random) -> Ref:
        return rng.choices(self.refs, cum_weights=self.cum)[0]


class _Builder:
    def __init__(self, nodes: int, edges: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.words = _Words(self.rng)
        self.target = edges
        self.keys: set[tuple[str, str, str]] = set()  # the edges drawn so far
        self.claims: list[ClaimRow] = []
        self.spans: dict[str, list[tuple[int, int]]] = {}
        self.mentions: dict[str, list[MentionRow]] = {}
        self.offsets: dict[str, int] = {}
        self.sources = [self._source(i) for i in range(max(4, nodes // 50))]
        self.types: dict[str, str] = {}
        everyone = [self._entity(i) for i in range(nodes - len(self.sources))]
        self.rng.shuffle(everyone)  # the popularity order, whatever the type
        self.everyone = everyone

        def pool(keep: set[str]) -> _Pool:
            ranks = [i for i, r in enumerate(everyone) if self.types[r.id] in keep]
            return _Pool([everyone[i] for i in ranks], ranks)

        self.anyone = pool({"PERSON", "ORGANIZATION", "GROUP", "PLACE"})
        self.actors = pool({"PERSON", "ORGANIZATION", "GROUP"})
        self.places = pool({"PLACE"}) if "PLACE" in self.types.values() else self.anyone
        self.groups = pool({"GROUP"}) if "GROUP" in self.types.values() else self.actors
        # who states things: every source, and a few entities (a monitoring group, a minister)
        self.speakers = self.sources + self.rng.sample(self.actors.refs, len(everyone) // 60 + 1)
        publications = [s for s in self.sources if s.id.startswith("publication/")]
        self.documents = [self._document(i) for i in range(max(3, edges // 12))]
        self.publisher = {d.id: self.rng.choice(publications) for d in self.documents}
        self.documents = [
            d.model_copy(update={"publisher": self.publisher[d.id].label}) for d in self.documents
        ]

    # ---- nodes and documents -------------------------------------------------------------------

    def _source(self, i: int) -> Ref:
        kind = SOURCE_KINDS[i % len(SOURCE_KINDS)]
        w = self.words.word().title()
        label = {
            "publication": f"The {w} {self.rng.choice(('Courier', 'Herald', 'Post', 'Wire'))}",
            "anonymous": f"an official in {w}",
            "unnamed": f"witnesses near {w}",
            "account": f"@{w.lower()}{i}",
        }[kind]
        return Ref(id=f"{kind}/{w.lower()}-{i}", label=label)

    def _entity(self, i: int) -> Ref:
        roll = self.rng.random()
        w1, w2 = self.words.word().title(), self.words.word(3).title()
        if roll < 0.35:
            type_, label = "PERSON", f"{w1} {w2}"
        elif roll < 0.6:
            type_, label = "ORGANIZATION", f"{w1} {self.rng.choice(ORG_WORDS)}"
        elif roll < 0.75:
            type_, label = "GROUP", f"{w1.lower()} {self.rng.choice(GROUP_WORDS)}"
        else:
            type_, label = "PLACE", f"{self.rng.choice(PLACE_WORDS)} {w1}"
        slug = f"{label.lower().replace(' ', '-')}-{i}"
        if type_ == "GROUP" and self.rng.random() < 0.1:  # an unnamed participant ("gunmen")
            slug = f"descriptor/synthetic/{slug}"
        ident = f"{type_.lower()}/{slug}"
        self.types[ident] = type_
        return Ref(id=ident, label=label)

    def _document(self, i: int) -> DocumentRow:
        return DocumentRow(
            id=f"{self.rng.getrandbits(64):016x}",
            path=f"synthetic/{self.words.word()}-{i}.txt",
            title=f"{self.words.word().title()} {self.words.filler(3)}" if i % 7 else None,
            publisher=None,
            published=f"2025-{1 + i // 28 % 12:02d}-{1 + i % 28:02d}" if i % 11 else None,
            claims=0,
        )

    # ---- claims --------------------------------------------------------------------------------

    def _sentence(self, kind: str, named: list[Ref]) -> tuple[str, list[int]]:
        """Invented words around the labels of ``named``; and where each label starts."""
        text, starts = "", []
        for ref in named:
            if text:
                text += f" {self.words.filler(self.rng.randint(1, 3))} "
            starts.append(len(text))
            text += ref.label
        return f"{text} {self.words.filler(2)} ({kind}).", starts

    def claim(
        self,
        kind: str,
        predicate: str,
        named: list[Ref],
        *,
        body: bool = False,
        speaker: Ref | None = None,
        subject: Ref | None = None,
        obj: Ref | None = None,
        places: list[Ref] | None = None,
        about: list[Ref] | None = None,
        participants: list[ParticipantRow] | None = None,
        quantity: QuantityRow | None = None,
        time: TimeRow | None = None,
    ) -> None:
        """One claim in a random document, named in a sentence of its own."""
        doc = self.rng.choice(self.documents)
        sentence, starts = self._sentence(kind, named)
        start = self.offsets.get(doc.id, 0)
        self.offsets[doc.id] = start + len(sentence) + 1
        source, via, source_entity = self.publisher[doc.id], [], None
        if speaker is not None and speaker.id.split("/", 1)[0].upper() in ENTITY_TYPES:
            source_entity = speaker  # a source that is an entity
            source = Ref(id=f"source/{speaker.id.replace('/', '-')}", label=speaker.label)
        elif speaker is not None:
            source = speaker
        elif self.rng.random() < 0.3:  # an official or a witness, through the publication
            via, source = [source], self.rng.choice(self.sources)
        cid = f"c{len(self.claims):020d}"
        self.claims.append(
            ClaimRow(
                id=cid,
                kind=kind,
                predicate=predicate,
                subject=subject,
                object=obj,
                quantity=quantity,
                places=places or [],
                time=time,
                source=source,
                via=via,
                cue=self.rng.choice(CUES),
                certainty=_pick(self.rng, CERTAINTIES),
                segment="body" if body else _pick(self.rng, SEGMENTS),
                document=DocRef(id=doc.id, path=doc.path),
                evidence=EvidenceRow(sentence=sentence, start=start, end=start + len(sentence)),
                content=ContentRow(start=start, end=start + 9, text=sentence[:9])
                if kind == "statement"
                else None,
                about=about or [],
                source_entity=source_entity,
                participants=participants or [],
            )
        )
        spans = self.spans[cid] = []
        for ref, at in zip(named, starts, strict=True):
            b, e = start + at, start + at + len(ref.label)
            spans.append((b, e))
            found = self.mentions.setdefault(ref.id, [])
            if len(found) < 6:
                found.append(MentionRow(document=doc.id, start=b, end=e, text=ref.label))
        self.keys.update((x.start.id, x.end.id, x.label) for x in claim_links(self.claims[-1]))

    def relation(self, subject: Ref, obj: Ref, body: bool = False) -> None:
        predicate = self.rng.choice(RELATIONS)
        self.claim("relation", predicate, [subject, obj], body=body, subject=subject, obj=obj)

    def statement(self, speaker: Ref, about: list[Ref], body: bool = False) -> None:
        named = [speaker, *about]
        self.claim("statement", "said", named, body=body, speaker=speaker, about=about)

    def event(self) -> None:
        people = list(
            dict.fromkeys(self.actors.draw(self.rng) for _ in range(self.rng.randint(1, 3)))
        )
        roles = ["agent", *self.rng.choices(("victim", "target", "participant"), k=len(people) - 1)]
        place = [self.places.draw(self.rng)] if self.rng.random() < 0.7 else []
        day = self.rng.randint(1, 28)
        self.claim(
            "event",
            self.rng.choice(EVENTS),
            [*people, *place],
            participants=[
                ParticipantRow(id=r.id, label=r.label, role=role)
                for r, role in zip(people, roles, strict=True)
            ],
            places=place,
            time=TimeRow(text=f"on day {day}", value=f"2025-03-{day:02d}")
            if self.rng.random() < 0.5
            else None,
        )

    def figure(self) -> None:
        counted = self.groups.draw(self.rng)
        place = [self.places.draw(self.rng)] if self.rng.random() < 0.8 else []
        value = int(self.rng.lognormvariate(2.5, 1.4)) + 1
        self.claim(
            "figure",
            self.rng.choice(FIGURES),
            [counted, *place],
            speaker=self.rng.choice(self.speakers),
            subject=counted,
            places=place,
            quantity=QuantityRow(
                value=float(value),
                qualifier="exact",
                upper=None,
                unit="people",
                text=f"{value} people",
            ),
        )

    def build(self) -> None:
        # every node draws an edge of a body claim: each source speaks, each entity is linked
        for speaker in self.sources:
            self.statement(speaker, [self.actors.draw(self.rng)], body=True)
        for ref in self.everyone:
            if ref.id not in self.mentions:
                other = self.anyone.draw(self.rng)
                while other.id == ref.id:
                    other = self.anyone.draw(self.rng)
                self.relation(ref, other, body=True)
        if len(self.keys) > self.target:
            raise ValueError(f"{self.target} edges are too few to link every node")
        while len(self.keys) < self.target:
            kind = _pick(self.rng, KINDS) if self.target - len(self.keys) > 8 else "relation"
            if kind == "relation":  # at most one new edge: the count lands on the target
                a, b = self.actors.draw(self.rng), self.anyone.draw(self.rng)
                if a.id != b.id:
                    self.relation(a, b)
            elif kind == "statement":
                n = self.rng.randint(1, 3)
                about = list(dict.fromkeys(self.anyone.draw(self.rng) for _ in range(n)))
                speaker = self.rng.choice(self.speakers)
                self.statement(speaker, [r for r in about if r.id != speaker.id] or about[:0])
            elif kind == "event":
                self.event()
            else:
                self.figure()

    def entities(self) -> list[EntityRow]:
        rows = []
        for ref in self.everyone:
            type_ = self.types[ref.id]
            aliases = [ref.label, ref.label.split(" ")[-1]] if type_ == "PERSON" else [ref.label]
            rows.append(
                EntityRow(
                    id=ref.id,
                    label=ref.label,
                    type=type_,
                    subtype=None,
                    aliases=aliases,
                    mentions=self.mentions.get(ref.id, []),
                    links=LinksRow(geonames=None, wikidata=None),
                    coordinates=None,
                )
            )
        return sorted(rows, key=lambda r: r.id)


def synthetic_graph(nodes: int, edges: int, seed: int = 17) -> Synthetic:
    """Rows whose network has exactly ``nodes`` nodes and ``edges`` edges (see the module)."""
    if nodes < 20 or edges < nodes:
        raise ValueError("synthetic_graph needs at least 20 nodes and as many edges as nodes")
    b = _Builder(nodes, edges, seed)
    b.build()
    return Synthetic(entities=b.entities(), claims=b.claims, documents=b.documents, spans=b.spans)
