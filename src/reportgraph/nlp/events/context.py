"""Whether a trigger's clause allows it: ``context`` (one of these lemmas must be there: "cross
into" as refugees) and ``not_context`` (none of these may be: "strike" a deal, workers on
strike). A verb's clause is its subtree and its subjects; a noun's is the subtree of the verb
that governs it (the noun's own subtree when no verb does). A noun trigger with a named
argument ("X's strikes", "strikes on X") needs no ``context``, only no ``not_context``."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.tokens import Token

from reportgraph.nlp.events.lexicon import Trigger

_VERBS = {"VERB", "AUX"}
_MODIFIERS = {"poss", "compound", "amod", "nmod"}
_TARGETS = {"on", "against"}


def lemmas(tokens: Iterable[Token]) -> set[str]:
    return {t.lemma_.lower() for t in tokens} | {t.lower_ for t in tokens}


def noun_clause(noun: Token) -> list[Token]:
    """The tokens of the clause a noun trigger is in."""
    head = noun
    while head.head.i != head.i and head.pos_ not in _VERBS:
        head = head.head
    if head.pos_ not in _VERBS:
        return list(noun.subtree)
    return list(head.subtree)


def allowed(trigger: Trigger, clause: set[str]) -> bool:
    """Whether the lemmas of a trigger's ``clause`` allow it."""
    if trigger.context and not clause & trigger.context:
        return False
    return not clause & trigger.not_context


def named_argument(noun: Token, named: Callable[[Token], bool]) -> bool:
    """Whether a noun trigger has a modifier, or an object of "on"/"against", that ``named``
    (a mention test) accepts."""
    for child in noun.children:
        if child.dep_ in _MODIFIERS and named(child):
            return True
        objects = child.children if child.dep_ == "prep" and child.lower_ in _TARGETS else ()
        if any(named(o) for o in objects if o.dep_ == "pobj"):
            return True
    return False


def noun_allowed(trigger: Trigger, noun: Token, named: Callable[[Token], bool]) -> bool:
    """Whether a noun trigger's clause, or its named argument, allows it."""
    clause = lemmas(noun_clause(noun))
    if allowed(trigger, clause):
        return True
    return not clause & trigger.not_context and named_argument(noun, named)
