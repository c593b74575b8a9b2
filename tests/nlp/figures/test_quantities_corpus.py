"""Figures over the sample corpus in ../shared/corpus: general properties only, plus a measured
(printed, not asserted) count of the dev gold figures found with the right value and qualifier."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from spacy.tokens import Doc

from paths import SHARED
from reportgraph.models import Document
from reportgraph.nlp.figures.lexicon import QuantityLexicon
from reportgraph.nlp.figures.quantities import find_quantities
from reportgraph.nlp.frames import QuantityFrame
from reportgraph.nlp.lexicons import Lexicons
from reportgraph.nlp.sentences import split_sentences

GOLD = SHARED / "eval" / "dev_gold.jsonl"

pytestmark = pytest.mark.corpus  # skipped by the sample_docs fixture when the corpus is missing

# gold qualifiers are written as in the text; the model keeps the closed set of models.Qualifier
GOLD_QUALIFIER = {"approximately": "about", "around": "about", "nearly": "about", "some": "about"}

Found = dict[str, tuple[Document, Doc, list[QuantityFrame]]]


@pytest.fixture(scope="module")
def found(sample_docs: list[tuple[Document, Doc]], lexicons: Lexicons) -> Found:
    """Per file name: the document, its Doc and its figures."""
    out: Found = {}
    for document, doc in sample_docs:
        sentences, _ = split_sentences(document, doc)
        frames = [f for s in sentences for f in find_quantities(document.text, doc, s, lexicons)]
        out[Path(document.path).name] = (document, doc, frames)
    return out


def _number_word(text: str, lex: QuantityLexicon) -> bool:
    words = set(re.findall(r"[a-z]+", text.lower()))
    return bool(words & (lex.number_words | set(lex.scale_words) | lex.vague_plurals))


def test_offsets_are_exact_and_figures_have_numbers(found: Found, lexicons: Lexicons) -> None:
    total = 0
    for document, _, frames in found.values():
        for f in frames:
            assert document.text[f.start : f.end] == f.text
            assert f.start <= f.number_start < f.number_end <= f.end
            assert re.search(r"\d", f.text) or _number_word(f.text, lexicons.figures), f.text
            total += 1
    assert total > 0


def test_no_figure_is_a_year_date_or_percent(found: Found, lexicons: Lexicons) -> None:
    lex = lexicons.figures
    for document, _, frames in found.values():
        text = document.text
        for f in frames:
            number = text[f.number_start : f.number_end]
            assert not re.fullmatch(r"(19|20)\d\d", number), f.text
            after = text[f.number_end : f.number_end + 12].lower()
            assert not re.match(r"\s*(%|percent|per cent)", after), f.text
            before = text[max(0, f.number_start - 10) : f.number_start].lower().split()
            following = after.split()
            assert not (before and before[-1].strip(",.") in lex.months), f.text
            assert not (following and following[0].strip(",.") in lex.months), f.text


def test_measured_against_dev_gold(found: Found) -> None:
    if not GOLD.is_file():
        pytest.skip(f"dev gold not found at {GOLD}")
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line]
    right = kinds = 0
    for item in gold:
        document, _, frames = found[item["doc"]]
        at = document.text.find(item["evidence"])
        assert at >= 0, "gold evidence not found in its document"
        qualifier = GOLD_QUALIFIER.get(item["qualifier"], item["qualifier"])
        inside = [f for f in frames if at <= f.number_start < at + len(item["evidence"])]
        hits = [f for f in inside if f.value == item["value"] and f.qualifier == qualifier]
        right += bool(hits)
        kinds += any(f.kind == item["kind"] for f in hits)
    print(
        f"\ndev gold figures: {right}/{len(gold)} with value and qualifier, "
        f"{kinds}/{len(gold)} also with kind"
    )
