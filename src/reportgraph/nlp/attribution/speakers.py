"""Who a speaker phrase names: an entity of the document, an unnamed person or group, a pronoun.

* A phrase that is (or contains) an entity mention, or is a generic head of one ("members of X",
  "X officials"), is that entity: a person for PERSON, an organisation otherwise. Places and
  collectives count only when they are the phrase's head or its "of" object, never as a
  modifier ("residents of X", "X activists" are not X).
* A common-noun phrase with a named person or organisation in apposition ("the company's chief
  executive, X, said") is that person or organisation.
* A proper noun the entity stage did not keep is still named (person/organisation by its NER
  label).
* "the monitor", "the news agency": the latest named organisation of the last sentences.
* An institution noun with a named modifier ("the Ukrainian defence ministry") is an
  organisation; any other phrase ("a witness", "local sources") is anonymous, scoped to the
  document: two witnesses in two articles are not the same person.
* Pronouns ("he said", "they told") are resolved by the caller (see :class:`Recent`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from spacy.tokens import Doc, Token

from reportgraph import ids
from reportgraph.models import Document, Entity, Mention, Source, SourceKind
from reportgraph.nlp.sentences import Sentence

if TYPE_CHECKING:
    from reportgraph.nlp.lexicons import Lexicons

_LEFT_DEPS = frozenset(
    {"det", "amod", "compound", "nummod", "poss", "nmod", "quantmod", "npadvmod", "case", "punct"}
)
_LEFT_DEPS_ADV = _LEFT_DEPS | {"advmod", "predet"}
_ARTICLES = frozenset({"the", "a", "an"})
_NAME_LABELS = frozenset({"NORP", "GPE", "LOC", "ORG", "PERSON", "FAC"})  # kept capitalised


@dataclass(frozen=True)
class Candidate:
    """A source named earlier that a pronoun or definite description may refer back to."""

    offset: int  # where it is named (document characters)
    source: Source
    via: tuple[Source, ...]
    refs: frozenset[str]  # pronoun classes that can stand for it: person, plural, thing, org


class Recent(Protocol):
    def __call__(self, refs: frozenset[str], before: int) -> Candidate | None: ...


_PERSON = frozenset({"person"})
_ORG = frozenset({"plural", "thing", "org"})
_ACCOUNT = frozenset({"person", "plural", "thing"})
_UNNAMED = frozenset({"plural", "thing"})
_PLURAL = frozenset({"plural"})
_SINGULAR = frozenset({"person", "thing"})


def refs_of(source: Source, plural: bool) -> frozenset[str]:
    if source.kind == "person":
        return _PERSON
    if source.kind in ("organization", "publication"):
        return _ORG
    if source.kind == "account":
        return _ACCOUNT
    if source.kind == "unnamed":
        return _UNNAMED
    return _PLURAL if plural else _SINGULAR


class Speakers:
    """Turns speaker tokens of one document into Sources."""

    def __init__(
        self, document: Document, doc: Doc, entities: Sequence[Entity], lexicons: Lexicons
    ) -> None:
        self.document = document
        self.doc = doc
        self.lex = lexicons.cues
        self.actor_nouns = lexicons.general.actor_nouns
        self.actor_links = lexicons.general.actor_link_prepositions
        self.speaker_nouns = self.lex.institution_nouns | self.lex.channel_nouns
        self.mentions: list[tuple[Entity, Mention]] = []
        self._ids: dict[tuple[str, str], str] = {}
        self._anonymous: dict[str, str] = {}
        self._entity_sources: dict[int, Source] = {}
        self.token_mention = [-1] * len(doc)
        for entity in entities:
            for mention in entity.mentions:
                span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
                if span is None:
                    continue
                index = len(self.mentions)
                self.mentions.append((entity, mention))
                for i in range(span.start, span.end):
                    self.token_mention[i] = index

    # --- spans and mentions ---

    def phrase(self, head: Token) -> tuple[int, int]:
        """Token range of the noun phrase headed by ``head``: its modifiers and "of" phrase."""
        deps = _LEFT_DEPS if head.pos_ != "PROPN" else _LEFT_DEPS_ADV
        start = head.i
        for child in head.lefts:
            if child.dep_ in deps:
                start = min(start, child.left_edge.i)
        end = head.i + 1
        for child in head.children:  # the left ones are never at ``end``
            if child.dep_ == "prep" and child.lower_ == "of" and child.i == end:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        end = pobj.i + 1
            elif child.dep_ == "compound" and child.i == end:
                end = child.right_edge.i + 1
        doc = self.doc
        while start < head.i and (doc[start].is_punct or doc[start].lower_ in _ARTICLES):
            start += 1
        while end - 1 > head.i and doc[end - 1].is_punct:
            end -= 1
        return start, end

    def mention(self, start: int, end: int, sentence: Sentence) -> Mention | None:
        """A Mention of document characters ``start``-``end`` (None if outside the sentence)."""
        text = self.document.text
        while start < end and not (text[start].isalnum() or text[start] in "@#"):
            start += 1
        while end > start and not text[end - 1].isalnum():
            end -= 1
        if start >= end or not (sentence.start <= start and end <= sentence.end):
            return None
        return Mention(
            doc_id=self.document.id,
            start=start,
            end=end,
            text=text[start:end],
            sentence_start=sentence.start,
            sentence_end=sentence.end,
            sentence=sentence.text,
            segment=self.document.segment_kind_at(start),
        )

    def token_span_mention(self, first: int, end: int, sentence: Sentence) -> Mention | None:
        """A Mention of tokens ``first`` to ``end`` (see :meth:`mention`)."""
        last = self.doc[end - 1]
        return self.mention(self.doc[first].idx, last.idx + len(last.text), sentence)

    # --- sources ---

    def _source_id(self, kind: str, label: str) -> str:
        """``ids.source_id(kind, label)``, computed once per document."""
        found = self._ids.get((kind, label))
        if found is None:
            found = self._ids[kind, label] = ids.source_id(kind, label)
        return found

    def _anonymous_id(self, label: str) -> str:
        """The id of an anonymous source called ``label`` in this document (made once)."""
        found = self._anonymous.get(label)
        if found is None:
            scoped = f"{self.document.id}:{ids.normalise_name(label)}"
            found = self._anonymous[label] = ids.source_id("anonymous", scoped)
        return found

    def unnamed(self, mention: Mention | None) -> Source:
        return Source(
            id=self._source_id("unnamed", f"{self.document.id}:reports"),
            label=self.lex.unnamed_label,
            kind="unnamed",
            mention=mention,
        )

    def entity_source(self, index: int) -> Source:
        """The source of entity mention ``index`` (made once)."""
        found = self._entity_sources.get(index)
        if found is None:
            entity, mention = self.mentions[index]
            kind: SourceKind = "person" if entity.type == "PERSON" else "organization"
            found = self._entity_sources[index] = Source(
                id=self._source_id(kind, entity.label),
                label=entity.label,
                kind=kind,
                entity_id=entity.id,
                mention=mention,
            )
        return found

    def _entity_in(self, head: Token, first: int, end: int) -> int:
        """The entity mention the phrase stands for, or -1."""
        own = self.token_mention[head.i]
        if own >= 0:
            return own
        linked = [
            pobj
            for prep in head.children
            if prep.dep_ == "prep" and prep.lower_ in self.actor_links
            for pobj in prep.children
            if pobj.dep_ == "pobj"
        ]
        if head.lemma_.lower() in self.lex.dweller_nouns:
            return -1  # "residents of X": X is where they live, not who speaks
        generic = head.lemma_.lower() in self.actor_nouns
        for pobj in linked if generic else ():
            m = self.token_mention[pobj.i]
            if m >= 0 and self.mentions[m][0].type != "PLACE":
                return m
        if not generic and head.lemma_.lower() not in self.speaker_nouns:
            return -1
        for i in range(first, end):  # "Hamas officials", "the UN human rights office"
            m = self.token_mention[i]
            if m >= 0 and self.mentions[m][0].type in ("PERSON", "ORGANIZATION"):
                return m
        return -1

    def _named_by(self, head: Token, lemma: str) -> int:
        """The latest organisation mention before ``head`` in its segment whose name ends in
        the noun of a definite description ("the monitor" for "Coastal Rights Monitor"), or
        -1. Its name settles whom the description means, however far back it was named."""
        segment = self.document.segment_kind_at(head.idx)
        fitting = [
            (mention.start, index)
            for index, (entity, mention) in enumerate(self.mentions)
            if entity.type == "ORGANIZATION"
            and mention.end <= head.idx
            and mention.segment == segment
            and ids.normalise_name(entity.label).split()[-1:] == [lemma]
        ]
        return max(fitting)[1] if fitting else -1

    def _apposed(self, head: Token) -> int:
        """ "The company's chief executive, Lars Berg, said": the named person or organisation
        in apposition to a common-noun speaker, or -1."""
        if head.pos_ == "PROPN":
            return -1
        for child in head.children:
            m = self.token_mention[child.i] if child.dep_ == "appos" else -1
            if m >= 0 and self.mentions[m][0].type in ("PERSON", "ORGANIZATION"):
                return m
        return -1

    def source(self, head: Token, sentence: Sentence, recent: Recent) -> Candidate | None:
        """The source named by the phrase headed by ``head``; None means unnamed reports."""
        lower = head.lower_
        if head.pos_ == "PRON" and lower in self.lex.pronouns:
            found = recent(frozenset({self.lex.pronouns[lower]}), head.idx)
            if found is None:
                return None
            mention = self.token_span_mention(head.i, head.i + 1, sentence)
            return Candidate(
                head.idx,
                found.source.model_copy(update={"mention": mention}),
                found.via,
                found.refs,
            )
        if head.pos_ == "PRON" and head.tag_ not in ("NN", "NNS"):
            return None
        first, end = self.phrase(head)
        plural = head.tag_ in ("NNS", "NNPS")
        m = self._entity_in(head, first, end)
        if m < 0:
            m = self._apposed(head)
        if m >= 0:
            src = self.entity_source(m)
            return Candidate(head.idx, src, (), refs_of(src, plural))
        if head.lemma_.lower() in self.lex.report_nouns:
            return self._report_owner(head, sentence, recent)
        mention = self.token_span_mention(first, end, sentence)
        label = self.doc[first:end].text if mention is None else mention.text
        words = self.doc[first:end]
        if head.pos_ == "PROPN":
            kind: SourceKind = "person" if head.ent_type_ == "PERSON" else "organization"
            src = Source(id=self._source_id(kind, label), label=label, kind=kind, mention=mention)
            return Candidate(head.idx, src, (), refs_of(src, plural))
        lemma = head.lemma_.lower()
        named = any(t.pos_ == "PROPN" or t.ent_type_ for t in words if t.i != head.i)
        has_the = head.i > 0 and any(t.lower_ == "the" for t in head.lefts)
        if lemma in self.lex.definite_nouns and has_the:
            by_name = self._named_by(head, lemma)
            if by_name >= 0:  # "the monitor": the organisation called "... Monitor" named before
                src = self.entity_source(by_name)
                return Candidate(head.idx, src, (), refs_of(src, plural))
            found = recent(frozenset({"org"}), head.idx)
            if found is not None:
                return Candidate(
                    head.idx, found.source.model_copy(update={"mention": mention}), (), found.refs
                )
        if lemma in self.lex.institution_nouns and named:
            src = Source(
                id=self._source_id("organization", label),
                label=label,
                kind="organization",
                mention=mention,
            )
            return Candidate(head.idx, src, (), refs_of(src, plural))
        first_word = words[0] if words else None
        if first_word is not None and not (
            first_word.pos_ == "PROPN"
            or first_word.ent_type_ in _NAME_LABELS
            or first_word.text.isupper()
        ):  # "A witness" -> "a witness", but "Senegalese officials" stays
            label = label[:1].lower() + label[1:]
        src = Source(
            id=self._anonymous_id(label),
            label=label,
            kind="anonymous",
            mention=mention,
        )
        return Candidate(head.idx, src, (), refs_of(src, plural))

    def _report_owner(self, head: Token, sentence: Sentence, recent: Recent) -> Candidate | None:
        """ "Reports from X", "X's report": X when it is named; else None (unnamed reports)."""
        for child in head.children:
            owners = [child] if child.dep_ == "poss" else []
            if (
                child.dep_ in ("prep", "agent")
                and child.lower_ in self.lex.report_source_prepositions
            ):
                owners = [c for c in child.children if c.dep_ == "pobj"]
            for owner in owners:
                found = self.source(owner, sentence, recent)
                if found is not None and found.source.kind in ("person", "organization"):
                    return found
        return None

    def recipient(self, token: Token, sentence: Sentence, recent: Recent) -> Source | None:
        """An intermediary ("told AP", "speaking with X"): named, or a news channel noun."""
        if token.pos_ == "PRON":
            inside = self._governing_subject(token)
            if inside is not None:
                found = self.source(inside, sentence, recent)
                return found.source if found is not None else None
            cand = recent(frozenset({self.lex.pronouns.get(token.lower_, "plural")}), token.idx)
            return cand.source if cand is not None else None
        found = self.source(token, sentence, recent)
        if found is None:
            return None
        if found.source.kind in ("person", "organization", "account", "publication"):
            return found.source
        if token.lemma_.lower() in self.lex.channel_nouns:
            return found.source
        return None

    def _governing_subject(self, pronoun: Token) -> Token | None:
        """For "X spoke to Y who told them": X, the subject of the clause the telling hangs in."""
        verb = pronoun.head
        own = [c for c in verb.children if c.dep_ == "nsubj"]
        node = verb
        for _ in range(8):
            if node.head.i == node.i:
                return None
            node = node.head
            if node.pos_ in ("VERB", "AUX"):
                for subj in node.children:
                    if subj.dep_ == "nsubj" and subj not in own and subj.pos_ != "PRON":
                        return subj
        return None
