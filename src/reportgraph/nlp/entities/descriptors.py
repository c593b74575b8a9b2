"""Unnamed participants as descriptor entities: "civilians", "two gunmen", "a witness",
"Hazara civilians", "members of the security forces".

Takes the parse, the document's raw mentions with their entities and token map, and the
descriptor lexicon (``data/nlp_descriptors.json``); gives :class:`WithDescriptors`: the same
lists with one mention appended per descriptor noun phrase (an entity of subtype
``descriptor``), and the named mentions each descriptor links to.

* **Head**: a NOUN (not inside a named mention) whose lemma is a people noun (a GROUP: "gunmen",
  "a witness") or a place noun (a PLACE: "a checkpoint", "the army base", the facilities and
  targets events name without naming them), and which is not itself a modifier of another
  descriptor head ("police" in "police officers"). A place noun that a named place modifies
  ("X airport", "the village of X") is no descriptor: the named place is the argument. Place
  descriptors have no links.
* **Span**: the head with its left modifiers (``modifier_deps``: "Hazara civilians", "armed
  men", "the army's soldiers") and, for an ``of_heads`` noun or when the phrase names an entity,
  its "of"/"from" phrase ("members of the national guard", "soldiers from Chad"). Leading
  determiners, numbers, stop words and punctuation are left out: "more than 100 members of X"
  gives "members of X" (the figure stays a figure, attached to the event by its anchor).
* **Links**: named mentions among the left modifiers and "of"/"from" objects (with their
  conjuncts). A link becomes a relation claim (``link_predicates``: ``member_of`` for an
  organisation or group, ``from`` for a place, ``affiliated_with`` for a person), made only for
  descriptors kept (see :func:`reportgraph.nlp.claims.descriptor_link_claim`).
* **Identity**: descriptors are per document. The id is
  ``group/descriptor/<document id>/<words>`` (words: the span's lowercase words without
  articles, which include the linked entity's name), so a plural descriptor said twice in one
  document is one group, and two documents' "civilians" are two entities; cross-document
  resolution never merges them (:mod:`reportgraph.resolve.cluster`). A singular descriptor
  ("a soldier", "one witness") adds its character offset: one entity per mention, since two
  mentions of "a soldier" may be two people.
* Which descriptors stay is the caller's choice: extraction keeps those that are an event
  participant (an unused one would be noise), with their link claims.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from reportgraph import ids
from reportgraph.data_files import Lexicon, Words, load_lexicon
from reportgraph.models import Document, Entity, EntityType
from reportgraph.nlp.entities.mentions import RawMention
from reportgraph.nlp.entities.merging import to_mention
from reportgraph.nlp.sentences import Sentence

SUBTYPE = "descriptor"
_PLURAL_TAGS = frozenset({"NNS", "NNPS"})
_LEADING_POS = frozenset({"DET", "NUM", "PUNCT", "CCONJ", "ADP", "PRON", "PART", "SYM"})


class DescriptorLexicon(Lexicon):
    """The model of ``reportgraph/data/nlp_descriptors.json``."""

    nouns: Words  # people nouns: "civilian", "gunman", "witness"
    place_nouns: Words  # facilities and targets: "a checkpoint", "the army base"
    collective_nouns: Words  # a group even in the singular: "police", "militia"
    of_heads: Words  # the "of"/"from" phrase belongs to the descriptor: "members of X"
    modifier_deps: Words  # dependencies of the head kept in the span
    link_predicates: dict[EntityType, str]  # linked entity type -> predicate of the link claim


def load_descriptor_lexicon() -> DescriptorLexicon:
    """The shipped descriptor lexicon (RG210 when the file does not fit the model)."""
    return load_lexicon(DescriptorLexicon, "nlp_descriptors.json")


@dataclass(frozen=True)
class WithDescriptors:
    """The document's mentions followed by its descriptors, and what the descriptors link to."""

    raws: list[RawMention]  # the named raws, then one per descriptor (from ``first``)
    entity_of: list[Entity]  # entity of each raw
    token_mention: list[int]  # descriptor heads (and their unnamed span tokens) mapped too
    links: dict[int, tuple[int, ...]]  # descriptor raw index -> named raw indices it links to
    first: int  # index of the first descriptor raw
    heads: dict[int, int]  # descriptor raw index -> token index of its head
    predicates: dict[EntityType, str]  # linked entity type -> predicate of the link claim

    def is_descriptor(self, m: int) -> bool:
        return m >= self.first


def _kind(token: Token, lex: DescriptorLexicon) -> EntityType | None:
    """GROUP for a people noun, PLACE for a place noun, None for any other token."""
    lemma = token.lemma_.lower()
    if token.pos_ != "NOUN":
        return None
    if lemma in lex.nouns or lemma in lex.collective_nouns:
        return "GROUP"
    return "PLACE" if lemma in lex.place_nouns else None


def _of_phrase(head: Token, lex: DescriptorLexicon, token_mention: Sequence[int]) -> list[Token]:
    """The "of"/"from" prepositions that belong to the descriptor."""
    out = []
    for prep in head.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("of", "from") or prep.i < head.i:
            continue
        objects = [o for p in prep.children if p.dep_ == "pobj" for o in (p, *p.conjuncts)]
        named = any(token_mention[o.i] >= 0 for o in objects)
        if named or head.lemma_.lower() in lex.of_heads:
            out.append(prep)
    return out


def _span(head: Token, lex: DescriptorLexicon, token_mention: Sequence[int]) -> tuple[int, int]:
    left = [c for c in head.lefts if c.dep_ in lex.modifier_deps]
    start = min((c.left_edge.i for c in left), default=head.i)
    preps = _of_phrase(head, lex, token_mention)
    objects = [o for p in preps for c in p.children if c.dep_ == "pobj" for o in (c, *c.conjuncts)]
    end = max((o.i for o in objects), default=head.i) + 1  # no clause on the object
    doc = head.doc
    while start < head.i and (doc[start].pos_ in _LEADING_POS or doc[start].is_stop):
        start += 1
    while end - 1 > head.i and doc[end - 1].pos_ in ("PUNCT", "CCONJ"):
        end -= 1
    return start, end


def _links(head: Token, lex: DescriptorLexicon, token_mention: Sequence[int]) -> tuple[int, ...]:
    left = [c for c in head.lefts if c.dep_ in lex.modifier_deps]
    objects = [
        o for p in _of_phrase(head, lex, token_mention) for o in p.children if o.dep_ == "pobj"
    ]
    found = [token_mention[t.i] for c in (*left, *objects) for t in (c, *c.conjuncts)]
    return tuple(dict.fromkeys(m for m in found if m >= 0))


def _words(doc: Doc, start: int, end: int) -> str:
    return " ".join(t.lower_ for t in doc[start:end] if t.pos_ not in ("DET", "PUNCT"))


def _plural(head: Token, lex: DescriptorLexicon) -> bool:
    return head.tag_ in _PLURAL_TAGS or head.lemma_.lower() in lex.collective_nouns


def descriptor_id(kind: EntityType, doc_id: str, words: str, start: int | None) -> str:
    """``group/descriptor/<doc id>/<words key>`` (``place/...`` for a place descriptor); a
    singular descriptor adds its offset."""
    suffix = "" if start is None else f"-{start}"
    return f"{kind.lower()}/{SUBTYPE}/{doc_id}/{ids.key(words)}{suffix}"


def add_descriptors(
    document: Document,
    doc: Doc,
    sentences: Sequence[Sentence],
    token_sentence: Sequence[int],
    raws: Sequence[RawMention],
    entity_of: Sequence[Entity],
    token_mention: Sequence[int],
    lex: DescriptorLexicon,
) -> WithDescriptors:
    """The mentions of the document with its descriptors appended (see the module docstring)."""
    kinds = {t.i: k for t in doc if token_mention[t.i] < 0 and (k := _kind(t, lex)) is not None}
    heads = [doc[i] for i in kinds]
    spans = {h.i: _span(h, lex, token_mention) for h in heads}
    inner = {
        h.i for h in heads for o, (s, e) in spans.items() if o != h.i and s <= h.i < e
    }  # "police" in "police officers", "forces" in "members of the security forces"
    out_raws, out_entities = list(raws), list(entity_of)
    out_tokens: list[int] = list(token_mention)
    links: dict[int, tuple[int, ...]] = {}
    head_of: dict[int, int] = {}
    first = len(out_raws)
    made: dict[str, Entity] = {}
    for head in heads:
        index = token_sentence[head.i]
        kind = kinds[head.i]
        linked = _links(head, lex, token_mention)
        if head.i in inner or index < 0:
            continue
        if kind == "PLACE" and any(entity_of[n].type == "PLACE" for n in linked):
            continue  # "the village of X", "X airport": the named place is the argument
        start, end = spans[head.i]
        sentence = sentences[index]
        chars = (doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))
        if not sentence.start <= chars[0] < chars[1] <= sentence.end:
            continue
        raw = RawMention(*chars, document.text[chars[0] : chars[1]], kind, index)
        m = len(out_raws)
        plural = _plural(head, lex)
        words = _words(doc, start, end)
        eid = descriptor_id(kind, document.id, words, None if plural else chars[0])
        mention = to_mention(document, raw, sentence)
        known = made.get(eid)
        made[eid] = (
            known.model_copy(update={"mentions": (*known.mentions, mention)})
            if known is not None
            else Entity(
                id=eid,
                label=" ".join(raw.text.split()),
                type=kind,
                subtype=SUBTYPE,
                mentions=(mention,),
            )
        )
        out_raws.append(raw)
        out_entities.append(made[eid])
        links[m] = linked if kind == "GROUP" else ()
        head_of[m] = head.i
        for t in range(start, end):
            if out_tokens[t] < 0:
                out_tokens[t] = m
    final = [made.get(e.id, e) if i >= first else e for i, e in enumerate(out_entities)]
    return WithDescriptors(
        out_raws, final, out_tokens, links, first, head_of, dict(lex.link_predicates)
    )


def kept_entities(found: WithDescriptors, used: set[str]) -> list[Entity]:
    """The descriptor entities whose id is in ``used``, once each, in order of first mention."""
    kept = {e.id: e for e in found.entity_of[found.first :] if e.id in used}
    return list(kept.values())
