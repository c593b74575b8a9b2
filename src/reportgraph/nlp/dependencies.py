"""Reads of spaCy's dependency parse that the finders share."""

from __future__ import annotations

from spacy.tokens import Token


def dependents(token: Token, *deps: str) -> list[Token]:
    """``token``'s children whose dependency label is one of ``deps``, in text order
    (``dependents(verb, "nsubj", "csubj")``: the verb's subjects)."""
    return [child for child in token.children if child.dep_ in deps]
