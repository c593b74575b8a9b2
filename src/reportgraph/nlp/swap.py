"""Putting one of reportgraph's components in place of a spaCy component of the pipeline."""

from __future__ import annotations

from typing import TypeVar

from spacy.language import Language

T = TypeVar("T")


def swap_in(nlp: Language, name: str, factory: str, kind: type[T]) -> T:
    """Add a ``factory`` component right after the component ``name``, remove ``name`` and
    return the new component (named ``factory``, or ``factory_name`` when taken)."""
    new_name = factory if factory not in nlp.pipe_names else f"{factory}_{name}"
    component = nlp.add_pipe(factory, name=new_name, after=name)
    assert isinstance(component, kind)
    nlp.remove_pipe(name)
    return component
