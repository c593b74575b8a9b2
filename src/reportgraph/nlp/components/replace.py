"""What reportgraph's replacements of spaCy components share: putting one in place of a
spaCy component, and reading a Doc's attribute columns."""

from __future__ import annotations

from typing import TypeVar

import numpy as np
from numpy.typing import NDArray
from spacy.language import Language
from spacy.tokens import Doc

T = TypeVar("T")


def swap_in(nlp: Language, name: str, factory: str, kind: type[T]) -> T:
    """Add a ``factory`` component right after the component ``name``, remove ``name`` and
    return the new component (named ``factory``, or ``factory_name`` when taken)."""
    new_name = factory if factory not in nlp.pipe_names else f"{factory}_{name}"
    component = nlp.add_pipe(factory, name=new_name, after=name)
    assert isinstance(component, kind)
    nlp.remove_pipe(name)
    return component


def doc_columns(doc: Doc, attrs: list[int]) -> NDArray[np.uint64]:
    """The Doc's values of ``attrs``: one row per token, one column per attribute."""
    values = np.asarray(doc.to_array(attrs), dtype=np.uint64)  # type: ignore[arg-type]
    return values.reshape((len(doc), len(attrs)))
