"""Reads of the dependency parse (``nlp/dependencies.py``)."""

from __future__ import annotations

from spacy.language import Language

from reportgraph.nlp.dependencies import dependents


def test_dependents_are_the_children_with_those_labels_in_text_order(nlp: Language) -> None:
    doc = nlp("Rebels shelled the port and the army said 12 people died on Monday.")
    for token in doc:
        assert dependents(token, "nsubj", "dobj", "conj") == [
            c for c in token.children if c.dep_ in ("nsubj", "dobj", "conj")
        ]
