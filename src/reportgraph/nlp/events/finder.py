"""Reported events of a sentence: trigger, participants with roles, places and time.

Event types live in ``data/nlp_events.json``. Each type lists trigger lemmas — ``verbs`` (a
verb lemma, maybe followed by words that must be its children: "shoot dead", "call for", "seek
refuge") and ``nouns`` ("massacre", "clashes") — and the role each dependency gives:
``subject`` (active subject of a verb trigger, and subject of a support verb of a noun trigger:
"X launched attacks"), ``object`` (direct object; passive subject), ``passive_agent`` ("by X"
of a passive verb; default ``subject``), ``modifier`` (possessive, compound or adjective of a
noun trigger: "X's attack", "X attacks") and ``prepositions`` (preposition on the trigger ->
role: "attack on X", "clashes between X and Y"). A trigger may also be an object: see
:mod:`reportgraph.nlp.events.lexicon`. Roles are agent, victim, target and participant.

**Adding a type without code**: put a JSON file of the same shape anywhere and pass it with
``reportgraph build --events FILE`` (``load_lexicons(events=...)`` in Python). Its types are
merged over the defaults field by field (a type set to ``null`` is removed) and its
``settings`` replace the default lists they name (:mod:`reportgraph.nlp.events.lexicon`).
Errors in either file raise ModelError RG210, naming the file and the field.

Only mentions become participants: named entities, and in extraction the descriptors of
unnamed participants ("gunmen", "civilians", "members of the national guard", "a checkpoint";
:mod:`reportgraph.nlp.entities.descriptors`). Generic nouns outside those are mapped as in
:mod:`reportgraph.nlp.events.relations` ("members of X", "X troops"). In an acting role (agent,
participant) a descriptor brings the named entity it links to ("X fighters": the fighters and
X); a named apposition replaces a descriptor ("a journalist, Y,": Y); an unnamed facility as
target or victim stays a participant; a trigger's own preposition gives the object role ("shoot
at X"). Places are ordered most specific first; with no place phrase on the trigger, the
sentence's places inside the trigger's clause (not used as modifiers) are the fallback, a
country only when nothing more specific is there (:mod:`reportgraph.nlp.events.participants`).
A PLACE mention is a participant only in the type's
``place_roles`` (default: agent, a state acting); elsewhere it is one of the event's places,
with PLACE mentions in phrases of place prepositions on the trigger, its objects or (for a noun
trigger) its clause's verb. A negated trigger ("did not attack") is skipped. The time is the
nearest time expression (:func:`reportgraph.nlp.time.expressions.find_times`) governed by the
trigger, else by its clause's verb (or the verb that clause is coordinated with).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from reportgraph.models import EntityType
from reportgraph.nlp.dependencies import dependents
from reportgraph.nlp.events.context import allowed, lemmas, noun_allowed
from reportgraph.nlp.events.lexicon import EventTypeSpec, Trigger
from reportgraph.nlp.events.participants import ACTING_ROLES, MentionFacts
from reportgraph.nlp.events.relations import ArgumentResolver
from reportgraph.nlp.frames import EventFrame, TimeFrame
from reportgraph.nlp.sentences import Sentence
from reportgraph.nlp.time.expressions import find_times

if TYPE_CHECKING:
    from reportgraph.nlp.lexicons import Lexicons

__all__ = ["EventTypeSpec", "find_events"]

_VERBS = frozenset({"VERB", "AUX"})
_NOUNS = frozenset({"NOUN", "PROPN"})
_MODIFIER_DEPS = frozenset({"poss", "compound", "amod", "nmod"})
_PLACE_MODIFIER_DEPS = frozenset({"compound", "amod", "npadvmod", "nmod", "poss"})
_NOMINAL_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj"})  # a gerund used as a noun


def _clause_verb(token: Token) -> Token | None:
    """The nearest verb above ``token`` (itself when it is a verb)."""
    t = token
    for _ in range(12):
        if t.pos_ in _VERBS:
            return t
        if t.head.i == t.i:
            return None
        t = t.head
    return None


class _Finder:
    def __init__(
        self,
        doc: Doc,
        sentence: Sentence,
        token_mention: Sequence[int],
        mention_type: Sequence[EntityType],
        lexicons: Lexicons,
        facts: MentionFacts,
    ) -> None:
        self.doc = doc
        self.facts = facts
        self.sentence = sentence
        self.token_mention = token_mention
        self.mention_type = mention_type
        self.events = lexicons.events
        self.settings = lexicons.events.settings
        self.frames = ArgumentResolver(doc, token_mention, mention_type, lexicons.general)
        self.place_prepositions = lexicons.general.place_prepositions
        self.actor_nouns = lexicons.general.actor_nouns
        self.actor_deps = lexicons.general.actor_modifier_deps
        self.people = self.actor_nouns | self.settings.person_nouns
        self.inside = {
            token_mention[i]
            for i in range(sentence.first_token, sentence.end_token)
            if token_mention[i] >= 0
        }
        skipped = facts.linked() | self._modifiers()
        self.sentence_places = [
            m
            for m in dict.fromkeys(token_mention[sentence.first_token : sentence.end_token])
            if m >= 0 and mention_type[m] == "PLACE" and m not in skipped
        ]

    def clause_places(self, trigger: Token) -> list[int]:
        """The sentence's places inside the clause of ``trigger`` (not "reported to X", "a
        monitor based in X" above it)."""
        clause = _clause_verb(trigger) or trigger
        inside = {
            self.token_mention[t.i]
            for t in clause.subtree
            if self.token_mention[t.i] >= 0 and t.i != clause.i
        }
        return [m for m in self.sentence_places if m in inside]

    def _modifiers(self) -> set[int]:
        """Mentions of the sentence used as a modifier, not a location ("a UK-based monitor",
        "the Kenyan police"): their last token hangs on a word outside them as a modifier."""
        out: set[int] = set()
        for t in self.doc[self.sentence.first_token : self.sentence.end_token]:
            m = self.token_mention[t.i]
            if m >= 0 and self.token_mention[t.head.i] != m and t.dep_ in _PLACE_MODIFIER_DEPS:
                out.add(m)
        return out

    # --- arguments -------------------------------------------------------------------------

    def _partitive_of(self, token: Token) -> list[Token]:
        if token.lemma_.lower() in self.settings.partitive_heads or token.pos_ == "NUM":
            return [o for p in dependents(token, "prep") if p.lower_ == "of" for o in p.children]
        return []

    def resolve(self, token: Token) -> int:
        found = self.frames.resolve(token)
        for of in self._partitive_of(token) if found < 0 else ():
            found = self.frames.resolve(of)
            if found >= 0:
                break
        return found if found in self.inside else -1

    def mentions(self, tokens: Iterable[Token]) -> list[int]:
        """Mentions of the tokens and their conjuncts ("X and Y forces": both X and Y)."""
        out: list[int] = []
        for token in tokens:
            for t in (token, *token.conjuncts):
                found = [self._named_apposition(t)]
                if found[0] >= 0 and self.token_mention[t.i] < 0:
                    named = [c for c in t.children if c.dep_ in self.actor_deps]
                    found += [self.resolve(c) for n in named for c in n.conjuncts]
                out += [m for m in found if m >= 0 and m not in out]
        return out

    def _named_apposition(self, token: Token) -> int:
        """The mention of ``token``; a named apposition replaces a descriptor or nothing
        ("a journalist, X," and "X, a journalist," both give X)."""
        found = self.resolve(token)
        if found >= 0 and found not in self.facts.links:
            return found
        for appos in dependents(token, "appos"):
            named = self.resolve(appos)
            if named >= 0 and named not in self.facts.links:
                return named
        return found

    def places(self, tokens: Iterable[Token]) -> list[int]:
        """PLACE mentions in place phrases on ``tokens`` or on the objects of their phrases."""
        out: list[int] = []
        frontier = list(tokens)
        for _ in range(2):
            deeper: list[Token] = []
            for token in frontier:
                for prep in dependents(token, "prep"):
                    pobjs = dependents(prep, "pobj")
                    if prep.lower_ in self.place_prepositions:
                        out += [m for m in self.mentions(pobjs) if self.mention_type[m] == "PLACE"]
                    deeper += pobjs
            frontier = deeper
        return out

    def _is_actor(self, token: Token, kinds: frozenset[str]) -> bool:
        m = self.resolve(token)
        if m >= 0:
            return self.mention_type[m] in kinds
        lemmas = {t.lemma_.lower() for t in (token, *self._partitive_of(token))}
        return "actor" in kinds and bool(lemmas & self.people)

    # --- triggers ----------------------------------------------------------------------------

    def _fits(self, verb: Token, trigger: Trigger) -> bool:
        kids = list(verb.children)
        words = {c.lemma_.lower() for c in kids} | {c.lower_ for c in kids}
        if not set(trigger.words[1:]) <= words:
            return False
        if trigger.object_kinds:
            _, passive = self.frames.subjects(verb)
            objects = [*dependents(verb, "dobj"), *passive]
            if not any(self._is_actor(o, trigger.object_kinds) for o in objects):
                return False
        if trigger.context or trigger.not_context:
            active, passive = self.frames.subjects(verb)
            return allowed(trigger, lemmas([*verb.subtree, *active, *passive]))
        return True

    def _irrealis(self, verb: Token) -> bool:
        for t in (verb, verb.head) if verb.dep_ == "conj" else (verb,):
            if any(c.lower_ in self.settings.irrealis_auxiliaries for c in dependents(t, "aux")):
                return True
            if t.dep_ == "xcomp" and t.head.lemma_.lower() in self.settings.irrealis_governors:
                return True
        return bool(dependents(verb, "neg"))

    def triggers(self) -> list[tuple[Token, EventTypeSpec, Trigger]]:
        out: list[tuple[Token, EventTypeSpec, Trigger]] = []
        for token in self.doc[self.sentence.first_token : self.sentence.end_token]:
            pos = token.pos_
            if pos != "VERB" and (pos not in _NOUNS or self.token_mention[token.i] >= 0):
                continue
            lemma = token.lemma_.lower()
            if not (self.events.verb_triggers if pos == "VERB" else self.events.noun_triggers).get(
                lemma
            ):
                continue
            best: dict[str, Trigger] = {}
            specs: dict[str, EventTypeSpec] = {}
            if pos == "VERB":
                candidates = self.events.verb_triggers.get(lemma, ())
                if candidates and not self._irrealis(token):
                    for spec, trigger in candidates:
                        known = best.get(spec.name)
                        longer = known is None or len(trigger.words) > len(known.words)
                        if longer and self._fits(token, trigger):
                            best[spec.name], specs[spec.name] = trigger, spec
            else:
                candidates = self.events.noun_triggers.get(lemma, ())
                negated = bool(candidates) and any(
                    c.lower_ == "no" for c in dependents(token, "det")
                )
                for spec, trigger in () if negated else candidates:
                    if noun_allowed(trigger, token, lambda t: self.resolve(t) >= 0):
                        best.setdefault(spec.name, trigger)
                    specs[spec.name] = spec
            out += [(token, specs[name], trigger) for name, trigger in best.items()]
        return out

    # --- frames ------------------------------------------------------------------------------

    def verb_roles(self, verb: Token, spec: EventTypeSpec, trigger: Trigger) -> _Roles:
        roles = _Roles(self, spec)
        active, passive_subj = self.frames.subjects(verb)
        extra = set(trigger.words[1:])
        dobjs = [c for c in dependents(verb, "dobj") if c.lemma_.lower() not in extra]
        passive = bool(passive_subj) or bool(dependents(verb, "auxpass"))
        if passive:
            roles.add(spec.object, self.mentions(passive_subj))
            agents = [o for a in dependents(verb, "agent") for o in dependents(a, "pobj")]
            roles.add(spec.passive_agent, self.mentions(agents))
        else:
            subject = trigger.transitive_subject if dobjs and trigger.transitive_subject else None
            roles.add(subject or spec.subject, self.mentions(active))
            roles.add(spec.object, self.mentions(dobjs))
        for prep in dependents(verb, "prep"):
            own = prep.lower_ in extra  # the trigger's own preposition: "shoot at X", "call on X"
            role = spec.object if own else spec.prepositions.get(prep.lower_)
            if role:
                roles.add(role, self.mentions(dependents(prep, "pobj")))
        words = [c for c in verb.children if c.lemma_.lower() in extra]
        roles.places += self.places([verb, *dobjs, *passive_subj, *words])
        return roles

    def noun_roles(self, noun: Token, spec: EventTypeSpec) -> _Roles:
        roles = _Roles(self, spec)
        for child in dependents(noun, *_MODIFIER_DEPS):
            for m in self.mentions([child]):
                if self.mention_type[m] == "PLACE" and child.dep_ != "poss":
                    roles.places.append(m)
                else:
                    roles.add(spec.modifier, [m])
        for prep in dependents(noun, "prep"):
            role = spec.prepositions.get(prep.lower_)
            if role:
                roles.add(role, self.mentions(dependents(prep, "pobj")))
        head = noun.head
        if head.pos_ == "VERB" and head.lemma_.lower() in self.settings.support_verbs:
            if noun.dep_ == "dobj":
                roles.add(spec.subject, self.mentions(self.frames.subjects(head)[0]))
            elif noun.dep_ == "nsubjpass":
                agents = [o for a in dependents(head, "agent") for o in dependents(a, "pobj")]
                roles.add(spec.subject, self.mentions(agents))
        clause = _clause_verb(noun)
        roles.places += self.places([noun] if clause is None else [noun, clause])
        return roles


class _Roles:
    def __init__(self, finder: _Finder, spec: EventTypeSpec) -> None:
        self.finder = finder
        self.place_roles = spec.place_roles
        self.participants: list[tuple[str, int]] = []
        self.places: list[int] = []

    def add(self, role: str | None, mentions: Iterable[int]) -> None:
        if not role:
            return
        links = self.finder.facts.links
        for m in mentions:
            named = links.get(m, ()) if role in ACTING_ROLES else ()
            for one in (m, *named):
                if self._is_place(one, role):
                    self.places.append(one)
                elif all(one != seen for _, seen in self.participants):
                    self.participants.append((role, one))

    def _is_place(self, m: int, role: str) -> bool:
        """A PLACE mention in a role a place may not hold is one of the event's places; an
        unnamed facility hit or held ("the army base", as target or victim) stays a
        participant."""
        if self.finder.mention_type[m] != "PLACE" or role in self.place_roles:
            return False
        return not (m in self.finder.facts.links and role in ("target", "victim"))

    def frame(self, spec: EventTypeSpec, trigger: Token, time: TimeFrame | None) -> EventFrame:
        taken = {m for _, m in self.participants}
        facts = self.finder.facts
        places = facts.ordered([m for m in self.places if m not in taken])
        if not places:
            near = self.finder.clause_places(trigger)
            places = facts.fallback([m for m in near if m not in taken])
        return EventFrame(spec.name, trigger.i, tuple(self.participants), tuple(places), time)


def _owner(doc: Doc, frame: TimeFrame, triggers: set[int]) -> int:
    """The trigger or verb that governs a time expression."""
    t = doc[frame.anchor]
    for _ in range(12):
        if t.head.i == t.i:
            return t.i
        t = t.head
        if t.i in triggers or t.pos_ in _VERBS:
            return t.i
    return t.i


def _time(trigger: Token, times: list[tuple[int, TimeFrame]]) -> TimeFrame | None:
    targets = [trigger]
    nominal = trigger.pos_ not in _VERBS or trigger.dep_ in _NOMINAL_DEPS
    if nominal and trigger.head.i != trigger.i:
        clause = _clause_verb(trigger.head)
        if clause is not None:
            targets.append(clause)
    while targets[-1].dep_ == "conj" and targets[-1].head.pos_ in _VERBS and len(targets) < 5:
        targets.append(targets[-1].head)
    for target in targets:
        found = [f for owner, f in times if owner == target.i]
        if found:
            return min(found, key=lambda f: (abs(f.anchor - trigger.i), f.start))
    return None


def find_events(
    doc: Doc,
    sentence: Sentence,
    token_mention: Sequence[int],
    mention_type: Sequence[EntityType],
    published: dt.date | None,
    lexicons: Lexicons,
    times: Sequence[TimeFrame] | None = None,
    facts: MentionFacts | None = None,
) -> list[EventFrame]:
    """The events ``sentence`` reports, in text order of their triggers.

    ``token_mention`` maps each token of ``doc`` to the index of the entity mention covering it
    (or -1) and ``mention_type`` gives each mention's type; participants and places are mention
    indices of this sentence. ``facts`` (:mod:`reportgraph.nlp.events.participants`) give the
    descriptors' links and the places' specificity; without them places keep text order.
    """
    facts = facts if facts is not None else MentionFacts()
    finder = _Finder(doc, sentence, token_mention, mention_type, lexicons, facts)
    found = finder.triggers()
    trigger_ids = {token.i for token, _, _ in found}
    if times is None:  # the caller may pass the sentence's times if it has them already
        times = find_times(doc, sentence, published, doc.ents)
    owned = [(_owner(doc, f, trigger_ids), f) for f in times]
    frames: list[EventFrame] = []
    for token, spec, trigger in found:
        if token.pos_ == "VERB":
            roles = finder.verb_roles(token, spec, trigger)
        else:
            roles = finder.noun_roles(token, spec)
        frames.append(roles.frame(spec, token, _time(token, owned)))
    return sorted(frames, key=lambda f: (f.trigger, f.type))
