"""Docs drawn from small vocabularies, for tests that compare a component with spaCy's own."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence

from hypothesis import strategies as st
from spacy.tokens import Doc
from spacy.vocab import Vocab


def _doc(vocab: Vocab, values: dict[str, list[str]]) -> Doc:
    n = len(values["words"])
    heads = {"heads": list(range(n))} if "deps" in values else {}  # each token its own head
    return Doc(vocab, **values, **heads)  # type: ignore[arg-type]


@st.composite
def docs(draw: st.DrawFn, vocab: Vocab, max_len: int, **columns: Sequence[str]) -> Doc:
    """A hypothesis strategy: Docs of up to ``max_len`` tokens, each column (``words``,
    ``tags``, ``deps``, ``pos``, ``morphs``, ``lemmas``...) drawn from its choices."""
    n = draw(st.integers(min_value=0, max_value=max_len))
    return _doc(
        vocab,
        {k: draw(st.lists(st.sampled_from(v), min_size=n, max_size=n)) for k, v in columns.items()},
    )


def random_docs(
    vocab: Vocab, seed: int, count: int, max_len: int, **columns: Sequence[str]
) -> Iterator[Doc]:
    """``count`` seeded random Docs of 1 to ``max_len`` tokens, as :func:`docs` draws them."""
    rng = random.Random(seed)
    for _ in range(count):
        n = rng.randint(1, max_len)
        yield _doc(vocab, {k: [rng.choice(v) for _ in range(n)] for k, v in columns.items()})
