"""Merge a document's mentions into entities: one per normalised name, with a majority type.

* Mentions merge when ``ids.key(ids.normalise_name(text))`` is equal (case, spacing, "the",
  possessive and punctuation do not matter) -- the same equivalence the entity id uses.
* The type is the most frequent NER type of the name's mentions (a vote: a name typed PERSON in
  most of its mentions is a PERSON in all); ties go to the earliest type in ``type_tie_order``
  (data/nlp_config.json). A mention typed by a cue of its context (a media outlet named as a
  source, see :mod:`.media`) outvotes NER, and gives the entity its subtype.
* A plural name ("...s") typed PLACE, ORGANIZATION or PERSON becomes GROUP when its singular is a
  GROUP in the same document (a demonym tagged as a place or party in its plural form), and a
  singular becomes GROUP when its plural is one ("a large Yazidi population" beside "Yazidis").
* The label is the most frequent surface form (ties: longest, then alphabetical); the other
  forms are aliases. Cross-document resolution and gazetteer typing come later.
* Alias definitions found in the text (an acronym and its expansion, "X (formerly Y)", ...)
  join the names of both sides into one entity with the long form's label and type (only an
  acronym may change type); the short form is an alias with its evidence span.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from reportgraph import ids
from reportgraph.models import AliasEvidence, Document, Entity, EntityType, Mention
from reportgraph.nlp.entities.aliases import AliasDefinition
from reportgraph.nlp.entities.mentions import RawMention
from reportgraph.nlp.sentences import Sentence

if TYPE_CHECKING:
    from reportgraph.nlp.lexicons import GeneralLexicon


def _majority(types: Counter[EntityType], order: tuple[EntityType, ...]) -> EntityType:
    return min(types, key=lambda t: (-types[t], order.index(t) if t in order else len(order)))


def _group_type(raws: Sequence[RawMention], order: tuple[EntityType, ...]) -> EntityType:
    """The majority type of one name's mentions; a mention typed by a cue of its context
    (one with a subtype: a media outlet named as a source) outvotes the others."""
    cued = Counter(r.type for r in raws if r.subtype is not None)
    return _majority(cued or Counter(r.type for r in raws), order)


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


def _linked(
    raws: Sequence[RawMention],
    definitions: Sequence[AliasDefinition],
    group_of_raw: Sequence[int],
    types: Sequence[EntityType],
) -> list[tuple[int, int, AliasDefinition]]:
    """The definitions that may merge two groups, as (short group, long group, definition).

    Cue definitions need one type; an acronym may take its long form's type when it is the
    long form of nothing else. A group that is the short form of two groups stays apart.
    """
    pairs = [(group_of_raw[d.short], group_of_raw[d.long], d) for d in definitions]
    pairs = [(s, g, d) for s, g, d in pairs if s != g]
    longs: dict[int, set[int]] = defaultdict(set)
    for s, g, _ in pairs:
        longs[s].add(g)
    is_long = {g for _, g, _ in pairs}
    kept = []
    for s, g, d in pairs:
        same_type = types[s] == types[g]
        if len(longs[s]) == 1 and (same_type or (d.reason == "acronym" and s not in is_long)):
            sentence = raws[d.long].sentence
            if raws[d.short].sentence == sentence:
                kept.append((s, g, d))
    return kept


def _evidence(
    document: Document,
    raws: Sequence[RawMention],
    sentences: Sequence[Sentence],
    definition: AliasDefinition,
) -> AliasEvidence | None:
    sentence = sentences[raws[definition.long].sentence]
    start, end = definition.start, definition.end
    if not sentence.start <= start < end <= sentence.end:
        return None
    mention = Mention(
        doc_id=document.id,
        start=start,
        end=end,
        text=document.text[start:end],
        sentence_start=sentence.start,
        sentence_end=sentence.end,
        sentence=sentence.text,
        segment=document.segment_kind_at(start),
    )
    alias = " ".join(raws[definition.short].text.split())
    return AliasEvidence(alias=alias, reason=definition.reason, mention=mention)


def _find(parent: list[int], g: int) -> int:
    while parent[g] != g:
        parent[g] = parent[parent[g]]
        g = parent[g]
    return g


def merge_mentions(
    document: Document,
    raws: Sequence[RawMention],
    sentences: Sequence[Sentence],
    definitions: Sequence[AliasDefinition] = (),
    *,
    lex: GeneralLexicon,
) -> tuple[list[Entity], list[int]]:
    """Entities of the document (in order of first mention) and each raw mention's entity index.

    Mentions linked by alias ``definitions`` (see :mod:`reportgraph.nlp.entities.aliases`), and
    every mention with the same name as either side, make one entity labelled and typed by the long
    form; the short form becomes an alias with its evidence.
    """
    names: list[str] = []  # normalised name per group
    group_of: dict[str, int] = {}
    members: list[list[int]] = []
    group_of_raw: list[int] = []
    for i, raw in enumerate(raws):
        name = ids.normalise_name(raw.text)
        group_key = ids.key(name)
        if group_key not in group_of:
            group_of[group_key] = len(members)
            members.append([])
            names.append(name)
        members[group_of[group_key]].append(i)
        group_of_raw.append(group_of[group_key])

    types = [_group_type([raws[i] for i in group], lex.type_tie_order) for group in members]
    for g, name in enumerate(names):
        singular = group_of.get(ids.key(name[:-1])) if name.endswith("s") else None
        if singular is not None and types[g] != "GROUP" and types[singular] == "GROUP":
            types[g] = "GROUP"
    for g, name in enumerate(names):  # and the other way: the singular of a GROUP plural
        plural = group_of.get(ids.key(name + "s"))
        if plural is not None and types[g] != "GROUP" and types[plural] == "GROUP":
            types[g] = "GROUP"

    links = _linked(raws, definitions, group_of_raw, types)
    parent = list(range(len(members)))
    for s, g, _ in links:
        parent[_find(parent, s)] = _find(parent, g)
    components: dict[int, list[int]] = defaultdict(list)
    for g in range(len(members)):
        components[_find(parent, g)].append(g)
    shorts = {s for s, _, _ in links}

    entities: list[Entity] = []
    mention_entity = [0] * len(raws)
    for groups in components.values():  # in order of first mention (group order)
        heads = [g for g in groups if g not in shorts] or groups
        head = min(heads, key=lambda g: (-len(members[g]), members[g][0]))
        label = _label(Counter(" ".join(raws[i].text.split()) for i in members[head]))
        indexes = sorted(i for g in groups for i in members[g])
        forms = {" ".join(raws[i].text.split()) for i in indexes}
        for i in indexes:
            mention_entity[i] = len(entities)
        evidence = {
            (e.alias, e.reason, e.mention.start, e.mention.end): e
            for s, _, d in links
            if s in groups and (e := _evidence(document, raws, sentences, d)) is not None
        }
        subtypes = Counter(
            subtype
            for i in indexes
            if (subtype := raws[i].subtype) is not None and raws[i].type == types[head]
        )
        entities.append(
            Entity(
                id=ids.entity_id(types[head], label),
                label=label,
                type=types[head],
                subtype=_label(subtypes) if subtypes else None,
                aliases=tuple(sorted(f for f in forms if f != label)),
                mentions=tuple(
                    to_mention(document, raws[i], sentences[raws[i].sentence]) for i in indexes
                ),
                alias_evidence=tuple(evidence[k] for k in sorted(evidence, key=lambda k: k[2:])),
            )
        )
    return entities, mention_entity
