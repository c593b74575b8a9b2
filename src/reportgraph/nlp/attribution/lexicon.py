"""The reporting cues and hedges of attribution: the model of
``reportgraph/data/nlp_attribution.json``."""

from __future__ import annotations

from functools import cached_property
from typing import Annotated

from pydantic import AfterValidator

from reportgraph.data_files import IgnoreCaseRegex, Lexicon, Phrases, Words
from reportgraph.models import Certainty


def _lower_keys(values: dict[str, Certainty]) -> dict[str, Certainty]:
    return {k.lower(): v for k, v in values.items()}


def _lower_words(values: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    return {k.lower(): frozenset(w.lower() for w in ws) for k, ws in values.items()}


def _lower_names(values: dict[str, str]) -> dict[str, str]:
    return {k.lower(): v for k, v in values.items()}


CueWords = Annotated[dict[str, Certainty], AfterValidator(_lower_keys)]
"""Cue word (lowercased) -> the certainty it gives."""


class CueLexicon(Lexicon):
    """Reporting verbs, nouns and adverbs with their certainty, and the words around them."""

    verbs: CueWords
    idiom_objects: Annotated[dict[str, frozenset[str]], AfterValidator(_lower_words)]
    place_prepositions: Words
    passive_unnamed: Words
    recipient_object_verbs: Words
    recipient_prepositions: Words
    content_deps: Words
    content_prepositions: Words
    noun_content_deps: Words
    noun_content_prepositions: Words
    adjunct_prepositions: Phrases
    figure_nouns: Words
    figure_source_prepositions: Words
    toll_verbs: Words
    toll_nouns: Words
    toll_prepositions: Words
    report_nouns: CueWords
    report_source_prepositions: Words
    adverbs: CueWords
    unverified: tuple[IgnoreCaseRegex, ...]
    back_reference: IgnoreCaseRegex
    negated: dict[Certainty, Certainty]
    pronouns: Annotated[dict[str, str], AfterValidator(_lower_names)]
    definite_nouns: Words
    channel_nouns: Words
    institution_nouns: Words
    dweller_nouns: Words
    speak_verbs: Words
    interview_nouns: Words
    citing_verbs: Words
    quote_open: frozenset[str]
    quote_close: frozenset[str]
    unnamed_label: str
    commenter_label: str

    @cached_property
    def adjunct_starts(self) -> frozenset[str]:
        """The first words of the adjunct phrases ("according", "per", "as")."""
        return frozenset(phrase[0] for phrase in self.adjunct_prepositions)
