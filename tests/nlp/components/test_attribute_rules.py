"""The compiled attribute ruler gives exactly the annotations of spaCy's own ruler."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from docgen import docs, random_docs
from reportgraph.nlp.components import attribute_rules
from reportgraph.nlp.components.attribute_rules import COMPONENT, compile_rules, use_compiled_rules
from reportgraph.nlp.pipeline import load_pipeline

COLUMNS = ["TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE", "SENT_START"]

WORDS = ["Can", "can", "n't", "not", "'s", "is", "Is", "IS", "nothin'", "y'", " ", "\n", "go", "."]
TAGS = ["MD", "RB", "VBZ", "VBP", "NN", "NNP", "_SP", "."]
DEPS = ["", "aux", "neg", "dobj", "pobj", "ROOT", "punct"]

# Every kind of test a compiled rule supports, overlapping so that order decides the winner.
RULES: list[dict[str, Any]] = [
    {"patterns": [[{"TAG": "MD"}]], "attrs": {"POS": "AUX", "MORPH": "VerbType=Mod"}},
    {"patterns": [[{"TAG": "RB"}]], "attrs": {"POS": "ADV"}},
    {"patterns": [[{"TAG": {"IN": ["VBZ", "VBP"]}}]], "attrs": {"POS": "VERB", "LEMMA": "v"}},
    {"patterns": [[{"LOWER": "is", "TAG": "VBZ"}]], "attrs": {"POS": "AUX", "LEMMA": "be"}},
    {"patterns": [[{"LOWER": {"IN": ["n't", "not"]}}]], "attrs": {"POS": "PART", "LEMMA": "not"}},
    {"patterns": [[{"LOWER": {"REGEX": "^n[ou]thin'$"}}]], "attrs": {"LEMMA": "nothing"}},
    {"patterns": [[{"TAG": {"NOT_IN": ["NN", "NNP", ""]}, "DEP": "neg"}]], "attrs": {"TAG": "RB"}},
    {"patterns": [[{"LOWER": "can"}, {"LOWER": "n't"}]], "attrs": {"LEMMA": "can"}, "index": 0},
    {
        "patterns": [[{"LOWER": "can"}, {"LOWER": "n't"}]],
        "attrs": {"MORPH": "Polarity=Neg"},
        "index": -1,
    },
    {"patterns": [[{"TEXT": "'s"}], [{"ORTH": "Is"}]], "attrs": {"POS": "AUX"}},
    {"patterns": [[{"DEP": {"IN": ["dobj", "pobj"]}}]], "attrs": {"POS": "NOUN"}},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "_SP", "POS": "SPACE", "MORPH": "_"}},
    {"patterns": [[{"IS_SPACE": True, "DEP": {"NOT_IN": [""]}}]], "attrs": {"DEP": "dep"}},
    {"patterns": [[{"LOWER": {"REGEX": "^y'?$"}}, {}]], "attrs": {"LEMMA": "you"}, "index": 0},
]


def _ruler(vocab: Any, rules: list[dict[str, Any]]) -> AttributeRuler:
    ruler = AttributeRuler(vocab)
    for rule in rules:
        ruler.add(patterns=rule["patterns"], attrs=rule["attrs"], index=rule.get("index", 0))
    return ruler


def _arrays(doc: Doc) -> tuple[np.ndarray[Any, Any], list[str], list[str]]:
    return (doc.to_array(COLUMNS), [str(t.morph) for t in doc], [t.lemma_ for t in doc])


def _same(a: Doc, b: Doc) -> None:
    x, y = _arrays(a), _arrays(b)
    assert np.array_equal(x[0], y[0])
    assert x[1:] == y[1:]


@pytest.fixture(scope="module")
def blank() -> Language:
    return spacy.blank("en")


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_compiled_rules_annotate_exactly_as_spacys_ruler(blank: Language, data: Any) -> None:
    doc = data.draw(docs(blank.vocab, 12, words=WORDS, tags=TAGS, deps=DEPS))
    stock = _ruler(blank.vocab, RULES)
    compiled = compile_rules(stock)
    assert compiled is not None
    _same(stock(doc.copy()), compiled(doc.copy()))


def test_rules_stay_exact_when_signatures_are_forgotten(
    blank: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(attribute_rules, "_SIGNATURES_KEPT", 2)  # forget almost at once
    stock = _ruler(blank.vocab, RULES)
    compiled = compile_rules(stock)
    assert compiled is not None
    for doc in random_docs(blank.vocab, 7, 80, 12, words=WORDS, tags=TAGS, deps=DEPS):
        _same(stock(doc.copy()), compiled(doc.copy()))


def test_a_later_rule_overrides_an_earlier_one(blank: Language) -> None:
    rules = [
        {"patterns": [[{"TAG": "MD"}]], "attrs": {"POS": "AUX"}},
        {"patterns": [[{"LOWER": "can"}]], "attrs": {"POS": "VERB"}},
    ]
    compiled = compile_rules(_ruler(blank.vocab, rules))
    assert compiled is not None
    doc = compiled(Doc(blank.vocab, words=["can", "Will"], tags=["MD", "MD"]))
    assert [t.pos_ for t in doc] == ["VERB", "AUX"]
    flipped = compile_rules(_ruler(blank.vocab, rules[::-1]))
    assert flipped is not None
    doc = flipped(Doc(blank.vocab, words=["can", "Will"], tags=["MD", "MD"]))
    assert [t.pos_ for t in doc] == ["AUX", "AUX"]


@pytest.mark.parametrize(
    "rule",
    [
        {"patterns": [[{"LOWER": "a", "OP": "?"}]], "attrs": {"POS": "DET"}},
        {"patterns": [[{"LOWER": {"FUZZY": "abc"}}]], "attrs": {"POS": "DET"}},
        {"patterns": [[{"MORPH": {"IS_SUBSET": ["Number=Sing"]}}]], "attrs": {"POS": "DET"}},
        {"patterns": [[{"LENGTH": {">=": 3}}]], "attrs": {"POS": "DET"}},
        {"patterns": [[{"_": {"flag": True}}]], "attrs": {"POS": "DET"}},
        {"patterns": [[{"LOWER": "a"}]], "attrs": {"NORM": "an"}},  # lexical: spaCy edits the vocab
        {"patterns": [[{"LOWER": "a"}]], "attrs": {"POS": "DET"}, "index": 1},  # out of range
    ],
)
def test_rules_the_general_matcher_needs_are_left_to_spacy(
    blank: Language, rule: dict[str, Any]
) -> None:
    ruler = AttributeRuler(blank.vocab)
    ruler.add(patterns=rule["patterns"], attrs=rule["attrs"], index=rule.get("index", 0))
    assert compile_rules(ruler) is None
    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler").add(
        patterns=rule["patterns"], attrs=rule["attrs"], index=rule.get("index", 0)
    )
    assert use_compiled_rules(nlp) == []
    assert nlp.pipe_names == ["attribute_ruler"]


def test_a_compilable_ruler_is_replaced_in_place() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("attribute_ruler")
    nlp.add_pipe("sentencizer", name="after")
    ruler.add(patterns=[[{"LOWER": "can"}]], attrs={"POS": "AUX"})
    assert use_compiled_rules(nlp) == ["attribute_ruler"]
    assert nlp.pipe_names == ["sentencizer", COMPONENT, "after"]
    assert [t.pos_ for t in nlp("I can go")] == ["", "AUX", ""]


# ---------------- the real pipeline ----------------


@pytest.fixture(scope="module")
def pipelines(nlp: Language) -> Iterator[tuple[Language, Language]]:
    """The default pipeline (the session's) and spaCy's stock one."""
    yield nlp, load_pipeline(stock=True)


def test_the_default_pipeline_runs_its_ruler_compiled(pipelines: tuple[Language, Language]) -> None:
    compiled, stock = pipelines
    assert COMPONENT in compiled.pipe_names and "attribute_ruler" not in compiled.pipe_names
    assert "attribute_ruler" in stock.pipe_names


SENTENCES = [
    "I can't say they wouldn't've come, y'know, but nothin' was done.",
    "The ministry's spokesman said 12 people were killed in the  shelling\n\nof the port.",
    "Gonna wanna gotta: 'cause it's there, ain't it? She'd said so; he'll deny it.",
    "  \t Whitespace\tand\n\n\nbreaks   everywhere .  ",
    "U.S.-backed forces and the U.N. envoy met in Geneva on 3 May 2021 at 10:30 a.m.",
    "",
]


def test_the_real_pipeline_annotates_as_spacy_ships_it(
    pipelines: tuple[Language, Language], corpus_dir: Path
) -> None:
    compiled, stock = pipelines
    texts = SENTENCES + [p.read_text(encoding="utf-8") for p in sorted(corpus_dir.glob("*.txt"))]
    for a, b in zip(compiled.pipe(texts), stock.pipe(texts), strict=True):
        _same(a, b)
