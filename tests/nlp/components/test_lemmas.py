"""The memoised lemmatizer gives exactly the lemmas of spaCy's own lemmatizer."""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

from docgen import docs, random_docs
from reportgraph.nlp.components import lemmas
from reportgraph.nlp.components.lemmas import COMPONENT, Lemmas, use_memo_lemmas
from reportgraph.nlp.pipeline import load_pipeline

WORDS = ["mice", "geese", "walked", "walking", "better", "was", "is", "Cities", "cities", "ran"]
POS = ["NOUN", "VERB", "ADJ", "AUX", "PROPN", "", "SPACE"]
MORPHS = ["", "Number=Sing", "Number=Plur", "VerbForm=Inf", "Tense=Past|VerbForm=Fin", "Degree=Pos"]


def _lemmatizer(nlp: Language, mode: str, *, overwrite: bool = False) -> Lemmatizer:
    cls = EnglishLemmatizer if mode == "rule" else Lemmatizer
    lemmatizer = cls(nlp.vocab, None, mode=mode, overwrite=overwrite)
    lookups = Lookups()
    if mode == "rule":  # small tables written here, in spaCy's format
        lookups.add_table("lemma_rules", {"noun": [["s", ""], ["ies", "y"]], "verb": [["ed", ""]]})
        lookups.add_table("lemma_index", {"noun": ["mouse", "city"], "verb": ["walk"]})
        lookups.add_table("lemma_exc", {"noun": {"mice": ["mouse"]}, "verb": {"ran": ["run"]}})
    else:
        lookups.add_table("lemma_lookup", {"mice": "mouse", "was": "be", "ran": "run"})
    lemmatizer.lookups = lookups
    return lemmatizer


@pytest.mark.filterwarnings("ignore::UserWarning")  # spaCy's W108: a token with no POS
@settings(max_examples=200, deadline=None)
@given(data=st.data(), mode=st.sampled_from(["rule", "lookup"]), overwrite=st.booleans())
def test_memoised_lemmas_are_spacys(data: Any, mode: str, overwrite: bool) -> None:
    nlp = spacy.blank("en")
    stock = _lemmatizer(nlp, mode, overwrite=overwrite)
    memo = Lemmas(_lemmatizer(nlp, mode, overwrite=overwrite))
    columns = {"words": WORDS, "pos": POS, "morphs": MORPHS, "lemmas": ["", "", "", "preset"]}
    for _ in range(3):  # the memo carries over between Docs
        doc = data.draw(docs(nlp.vocab, 10, **columns))
        expected = [t.lemma_ for t in stock(doc.copy())]
        assert [t.lemma_ for t in memo(doc.copy())] == expected


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_lemmas_stay_exact_when_the_memo_is_forgotten(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lemmas, "_KEPT", 2)  # forget almost at once
    nlp = spacy.blank("en")
    stock = _lemmatizer(nlp, "rule")
    memo = Lemmas(_lemmatizer(nlp, "rule"))
    for doc in random_docs(nlp.vocab, 3, 40, 10, words=WORDS, pos=POS, morphs=MORPHS):
        assert [t.lemma_ for t in memo(doc.copy())] == [t.lemma_ for t in stock(doc.copy())]


def test_a_lemma_already_set_is_kept_unless_overwrite() -> None:
    nlp = spacy.blank("en")
    doc = Doc(nlp.vocab, words=["mice", "mice"], pos=["NOUN", "NOUN"], lemmas=["", "rodent"])
    assert [t.lemma_ for t in Lemmas(_lemmatizer(nlp, "lookup"))(doc.copy())] == [
        "mouse",
        "rodent",
    ]
    wiped = Lemmas(_lemmatizer(nlp, "lookup", overwrite=True))(doc.copy())
    assert [t.lemma_ for t in wiped] == ["mouse", "mouse"]


def test_only_spacys_own_lemmatizers_are_wrapped() -> None:
    class ContextLemmatizer(Lemmatizer):  # may read more than word, POS and morphology
        pass

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    assert use_memo_lemmas(nlp) == ["lemmatizer"]
    assert nlp.pipe_names == ["sentencizer", COMPONENT]
    other = spacy.blank("en")
    other.add_pipe("lemmatizer", config={"mode": "lookup"})
    component = other.get_pipe("lemmatizer")
    component.__class__ = ContextLemmatizer
    assert use_memo_lemmas(other) == []
    assert other.pipe_names == ["lemmatizer"]


def test_missing_tables_fail_as_spacys_lemmatizer_does() -> None:
    nlp = spacy.blank("en")
    lemmatizer = Lemmatizer(nlp.vocab, None, mode="rule")
    doc = Doc(nlp.vocab, words=["mice"], pos=["NOUN"])
    with pytest.raises(ValueError, match="E1004"):
        Lemmas(lemmatizer)(doc)


def test_the_default_pipeline_memoises_its_lemmatizer(nlp: Language) -> None:
    names = nlp.pipe_names
    assert COMPONENT in names and "lemmatizer" not in names
    assert "lemmatizer" in load_pipeline(stock=True).pipe_names
