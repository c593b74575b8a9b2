"""Merge a document's mentions into entities: one per normalised name, with a majority type.

* Mentions merge when ``ids.key(ids.normalise_name(text))`` is equal (case, spacing, "the",
  possessive and punctuation do not matter) -- the same equivalence the entity id uses.
* The type is the most frequent NER type of the name's mentions; ties go to the earliest type in
  ``type_tie_order`` (data/nlp_config.json).
* A plural name ("...s") typed PLACE, ORGANIZATION or PERSON becomes GROUP when its singular is a
  GROUP in the same document (a demonym tagged as a place or party in its plural form).
* The label is the most frequent surface form (ties: longest, then alphabetical); the other
  forms are aliases. Cross-document resolution and gazetteer typing come later.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from reportgraph import ids
from reportgraph.models import Document, Entity, EntityType, Mention
from reportgraph.nlp.lexicon import lexicon
from reportgraph.nlp.mentions import RawMention
from reportgraph.nlp.sentences import Sentence


def _majority(types: Counter[EntityType]) -> EntityType:
    order = lexicon().type_tie_order
    return min(types, key=lambda t: (-types[t], order.index(t) if t in order else len(order)))


def _label(forms: Counter[str]) -> str:
    return min(forms, key=lambda f: (-forms[f], -len(f), f))


def to_mention(document: Document, raw: RawMention, sentence: Sentence) -> Mention:
    return Mention(
        doc_id=document.id,
        start=raw.start,
        end=raw.end,
        text=raw.text,
        sentence_start=sentence.start,
        sentence_end=sentence.end,
        sentence=sentence.text,
        segment=document.segment_kind_at(raw.start),
    )


def merge_mentions(
    document: Document, raws: Sequence[RawMention], sentences: Sequence[Sentence]
) -> tuple[list[Entity], list[int]]:
    """Entities of the document (in order of first mention) and each raw mention's entity index."""
    names: list[str] = []  # normalised name per group
    group_of: dict[str, int] = {}
    members: list[list[int]] = []
    for i, raw in enumerate(raws):
        name = ids.normalise_name(raw.text)
        group_key = ids.key(name)
        if group_key not in group_of:
            group_of[group_key] = len(members)
            members.append([])
            names.append(name)
        members[group_of[group_key]].append(i)

    types = [_majority(Counter(raws[i].type for i in group)) for group in members]
    for g, name in enumerate(names):
        singular = group_of.get(ids.key(name[:-1])) if name.endswith("s") else None
        if singular is not None and types[g] != "GROUP" and types[singular] == "GROUP":
            types[g] = "GROUP"

    entities: list[Entity] = []
    mention_entity = [0] * len(raws)
    for g, group in enumerate(members):
        forms = Counter(" ".join(raws[i].text.split()) for i in group)
        label = _label(forms)
        for i in group:
            mention_entity[i] = g
        entities.append(
            Entity(
                id=ids.entity_id(types[g], label),
                label=label,
                type=types[g],
                aliases=tuple(sorted(f for f in forms if f != label)),
                mentions=tuple(
                    to_mention(document, raws[i], sentences[raws[i].sentence]) for i in group
                ),
            )
        )
    return entities, mention_entity
