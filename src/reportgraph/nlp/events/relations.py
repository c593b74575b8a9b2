"""Relations from the dependency parse: who did what to whom, where.

For each verb (``pos_ == "VERB"``):

* **subjects**: ``nsubj`` children with their conjuncts; a relative pronoun stands for the noun
  its clause modifies; a verb with no subject of its own takes the subject of the verb it is
  coordinated with (``conj``), the verb that controls it (``xcomp``), or the clause it adjoins as
  a participle (``advcl`` in -ing).
* **passive** (an ``nsubjpass`` or ``auxpass`` child, or a past participle modifying a noun,
  ``acl``/VBN): the passive subject is the object and the ``agent`` ("by ...") the subject. Without
  an agent, the object of a preposition that is not a place preposition ("X was allied with
  Y") makes the passive subject the subject and that object the object.
* **objects**: ``dobj``/``attr``/``dative``/``oprd`` with conjuncts (a preposition tagged
  ``dative`` counts as a prepositional object); predicate = the lemma (plus a particle:
  "carry_out"). With no such object, the prepositional objects of the verb that are not places
  are objects, the predicate taking the preposition ("meet_with"); with none of those either,
  the places are ("flee_to").
* **places**: PLACE entities in phrases of place prepositions (data/nlp_config.json) on the verb
  or on one of its argument tokens ("families in X were attacked"), when they are not the
  claim's subject or object.
* **arguments to entities**: an argument token maps to the mention covering it. If it is not
  inside one and its lemma is a generic actor noun (data/nlp_actor_nouns.txt: "members",
  "troops", "forces", ...), it maps to the entity that modifies it ("X troops", "X's forces") or
  to the object of its "of"/"from" phrase ("members of X"). Likewise a generic place noun
  (data/nlp_place_nouns.txt: "the village of X", "X province") maps to the PLACE naming it.
  Anything else maps to nothing.
* A frame needs a subject or an object and at least two arguments in all (places count).
  A ``neg`` child ("did not attack") marks the frame as negated.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from reportgraph.models import EntityType
from reportgraph.nlp.dependencies import dependents

if TYPE_CHECKING:
    from reportgraph.nlp.lexicons import GeneralLexicon

_RELATIVE_TAGS = frozenset({"WDT", "WP", "WP$"})


@dataclass(frozen=True)
class RelationFrame:
    """One relation found in the parse; arguments are indices of raw mentions."""

    trigger: int  # token index of the verb
    predicate: str
    subject: int | None
    object: int | None
    places: tuple[int, ...]
    negated: bool


def _with_conjuncts(tokens: Iterable[Token]) -> list[Token]:
    out: list[Token] = []
    for token in tokens:
        for t in (token, *token.conjuncts):
            if t not in out:
                out.append(t)
    return out


class ArgumentResolver:
    """Finds a verb's arguments and maps tokens to entity mentions (also used by events)."""

    def __init__(
        self,
        doc: Doc,
        token_mention: Sequence[int],
        mention_type: Sequence[EntityType],
        lex: GeneralLexicon,
    ) -> None:
        self.doc = doc
        self.token_mention = token_mention
        self.mention_type = mention_type
        self.lex = lex

    def resolve(self, token: Token, depth: int = 0) -> int:
        """The mention an argument token stands for, or -1."""
        found = self.token_mention[token.i]
        if found >= 0 or depth > 1:
            return found
        lemma = token.lemma_.lower()
        if lemma in self.lex.actor_nouns:
            for child in token.children:
                if child.dep_ in self.lex.actor_modifier_deps and self.token_mention[child.i] >= 0:
                    return self.token_mention[child.i]
            for pobj in self._of_objects(token):
                found = self.resolve(pobj, depth + 1)
                if found >= 0:
                    return found
        elif lemma in self.lex.place_nouns:
            named = [c for c in token.children if c.dep_ in self.lex.place_modifier_deps]
            for child in (*named, *self._of_objects(token)):
                found = self.token_mention[child.i]
                if found >= 0 and self.mention_type[found] == "PLACE":
                    return found
        return -1

    def _of_objects(self, token: Token) -> list[Token]:
        """Objects of the token's "of"/"from" phrases ("members of X", "the city of X")."""
        return [
            pobj
            for prep in dependents(token, "prep")
            if prep.lower_ in self.lex.actor_link_prepositions
            for pobj in dependents(prep, "pobj")
        ]

    def mentions(self, tokens: Iterable[Token]) -> list[int]:
        out: list[int] = []
        for token in _with_conjuncts(tokens):
            m = self.resolve(token)
            if m >= 0 and m not in out:
                out.append(m)
        return out

    def subjects(self, verb: Token, depth: int = 0) -> tuple[list[Token], list[Token]]:
        """(active subjects, passive subjects) of ``verb``, inherited when it has none."""
        active = dependents(verb, "nsubj")
        passive = dependents(verb, "nsubjpass")
        if verb.dep_ == "relcl":
            active = [verb.head if t.tag_ in _RELATIVE_TAGS else t for t in active]
            passive = [verb.head if t.tag_ in _RELATIVE_TAGS else t for t in passive]
        if verb.dep_ == "acl" and verb.tag_ == "VBN" and not active and not passive:
            passive = [verb.head]
        head = verb.head
        if active or passive or depth > 3 or head.i == verb.i:
            return active, passive
        if verb.dep_ in ("conj", "xcomp") or (verb.dep_ == "advcl" and verb.tag_ == "VBG"):
            inherited_active, inherited_passive = self.subjects(head, depth + 1)
            if verb.dep_ == "conj":
                return inherited_active, inherited_passive
            return inherited_active, []
        return active, passive

    def prep_objects(self, token: Token) -> list[tuple[str, int]]:
        out: list[tuple[str, int]] = []
        for prep in token.children:
            dep = prep.dep_
            is_prep = dep == "prep" or (dep == "dative" and prep.pos_ == "ADP")
            word = prep.lower_
            if not is_prep or word in self.lex.ignored_prepositions:
                continue
            for m in self.mentions(dependents(prep, "pobj")):
                out.append((word, m))
        return out

    def is_place(self, prep: str, m: int) -> bool:
        return prep in self.lex.place_prepositions and self.mention_type[m] == "PLACE"

    def frames(self, verb: Token) -> list[RelationFrame]:
        active, passive_subj = self.subjects(verb)
        passive = bool(passive_subj) or bool(dependents(verb, "auxpass"))
        base = verb.lemma_.lower() or verb.lower_
        for prt in dependents(verb, "prt"):
            base = f"{base}_{prt.lower_}"
        preps = self.prep_objects(verb)
        direct_tokens = [t for t in dependents(verb, *self.lex.object_deps) if t.pos_ != "ADP"]
        agent_tokens = [
            pobj for agent in dependents(verb, "agent") for pobj in dependents(agent, "pobj")
        ]
        places = [m for p, m in preps if self.is_place(p, m)]
        for token in (*active, *passive_subj, *direct_tokens, *agent_tokens):
            places += [m for p, m in self.prep_objects(token) if self.is_place(p, m)]

        subjects: list[int | None]
        objects: list[tuple[str, int | None]]
        if passive:
            patients = self.mentions(passive_subj)
            agents = self.mentions(agent_tokens)
            others = [(p, m) for p, m in preps if p not in self.lex.place_prepositions]
            if agents:
                subjects, objects = list(agents), [(base, m) for m in patients]
            elif others and patients:
                subjects, objects = list(patients), [(f"{base}_{p}", m) for p, m in others]
            else:
                subjects, objects = [None], [(base, m) for m in patients]
        else:
            subjects = list(self.mentions(active)) or [None]
            direct = self.mentions(direct_tokens)
            if direct:
                objects = [(base, m) for m in direct]
            else:
                others = [(p, m) for p, m in preps if not self.is_place(p, m)]
                objects = [(f"{base}_{p}", m) for p, m in others or preps]
        if not objects:
            objects = [(base, None)]

        negated = bool(dependents(verb, "neg"))
        out: list[RelationFrame] = []
        for s in subjects:
            for predicate, o in objects:
                where = tuple(dict.fromkeys(m for m in places if m not in (s, o)))
                count = (s is not None) + (o is not None) + len(where)
                if (s is not None or o is not None) and count >= 2 and s != o:
                    out.append(RelationFrame(verb.i, predicate, s, o, where, negated))
        return out


def relation_frames(
    doc: Doc,
    token_mention: Sequence[int],
    mention_type: Sequence[EntityType],
    lex: GeneralLexicon,
) -> list[RelationFrame]:
    """All relation frames of ``doc`` in text order of their verbs."""
    finder = ArgumentResolver(doc, token_mention, mention_type, lex)
    out: list[RelationFrame] = []
    for token in doc:
        if token.pos_ == "VERB":
            out.extend(finder.frames(token))
    return out
