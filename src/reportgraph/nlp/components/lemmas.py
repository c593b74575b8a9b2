"""spaCy's lemmatizer, answered once per (word, POS, morphology): the same lemmas, less time.

spaCy's ``Lemmatizer`` makes a ``Token`` per word and walks its rule tables in Python; its own
cache is consulted only after the Token is made. In rule mode a lemma depends only on the
word, its coarse POS and its morphology; in lookup mode only on the word. :class:`Lemmas`
reads those three columns as arrays, asks spaCy's component once per new combination (so every
lemma still comes from spaCy's tables and rules) and writes the column back. A lemma already
set (by the attribute rules, say) is kept, as spaCy keeps it unless ``overwrite`` is on.

Only spaCy's own ``Lemmatizer`` and ``EnglishLemmatizer`` are wrapped: another language's
subclass may look at more than these three attributes. :func:`use_memo_lemmas` leaves any
other lemmatizer as it is; ``tests/test_lemmas.py`` checks the lemmas are identical.
"""

from __future__ import annotations

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

from reportgraph.nlp.components.replace import doc_columns, swap_in

COMPONENT = "rg_lemmas"
_WRAPPED = (Lemmatizer, EnglishLemmatizer)  # exact classes: a subclass may read more
_KEPT = 1 << 16  # combinations remembered, then forgotten (spaCy's own cache is unbounded)


class Lemmas:
    """The pipeline component: ``lemmatizer``'s lemmas, one call per new combination."""

    def __init__(self, lemmatizer: Lemmatizer | None = None) -> None:
        self.lemmatizer = lemmatizer
        self.known: dict[tuple[int, ...], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        lemmatizer = self.lemmatizer
        if lemmatizer is None or len(doc) == 0:
            return doc
        if not lemmatizer._validated:  # as spaCy's __call__ does, before the first Doc
            lemmatizer._validate_tables(Errors.E1004)
        columns = [ORTH] if lemmatizer.mode == "lookup" else [ORTH, POS, MORPH]
        keys = doc_columns(doc, columns)
        lemmas = doc_columns(doc, [LEMMA])
        if len(self.known) > _KEPT:
            self.known.clear()
        known, overwrite, strings = self.known, lemmatizer.overwrite, doc.vocab.strings
        for i, (key, lemma) in enumerate(
            zip(map(tuple, keys.tolist()), lemmas[:, 0].tolist(), strict=True)
        ):
            if overwrite or lemma == 0:
                found = known.get(key)
                if found is None:  # spaCy's answer, stored as ``token.lemma_ = ...`` stores it
                    found = known[key] = int(strings.add(lemmatizer.lemmatize(doc[i])[0]))
                lemmas[i, 0] = found
        doc.from_array([LEMMA], lemmas)  # type: ignore[arg-type]
        return doc


@Language.factory(COMPONENT)
def make_lemmas(nlp: Language, name: str) -> Lemmas:
    """An empty component; :func:`use_memo_lemmas` gives it the pipeline's lemmatizer."""
    return Lemmas()


def use_memo_lemmas(nlp: Language) -> list[str]:
    """Wrap each lemmatizer of ``nlp`` that depends only on word, POS and morphology, in place;
    returns the names of those wrapped."""
    wrapped: list[str] = []
    for name, component in list(nlp.pipeline):
        if type(component) not in _WRAPPED:
            continue
        assert isinstance(component, Lemmatizer)
        if component.mode not in ("rule", "lookup"):
            continue
        swap_in(nlp, name, COMPONENT, Lemmas).lemmatizer = component
        wrapped.append(name)
    return wrapped
