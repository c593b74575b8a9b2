"""The word lists of the figure finder: the model of ``reportgraph/data/nlp_quantities.json``."""

from __future__ import annotations

from functools import cached_property
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from reportgraph.data_files import Lexicon, Phrases, Words
from reportgraph.models import Qualifier

WrittenQualifier = Literal["at least", "over", "about", "up to", "under"]


def _lower_keys(values: dict[str, float]) -> dict[str, float]:
    return {k.lower(): v for k, v in values.items()}


Scale = Annotated[dict[str, float], AfterValidator(_lower_keys)]


class ObjectTrigger(Lexicon):
    """A verb that names an outcome only with one of some objects: "lose their lives"."""

    kind: str
    verbs: frozenset[str]
    objects: frozenset[str]


class PeopleTrigger(Lexicon):
    """Verbs that name an outcome when a people noun is their subject ("refugees crossed")."""

    kind: str
    verbs: tuple[str, ...]


class QuantityLexicon(Lexicon):
    """Qualifiers, number words, outcome kinds and the words that mark non-counts."""

    qualifier_phrases: dict[WrittenQualifier, Phrases] = Field(alias="qualifiers")
    range_openers: Words
    range_joiners: Words
    number_words: Words
    scale_words: Scale
    scale_abbreviations: Scale
    vague_plurals: Words
    vague_determiners: Phrases
    words_needing_noun: Words
    skip_before_noun: Words
    dropped_modifiers: Words
    partitive_heads: Words
    figure_nouns: Words
    inclusive_prepositions: Words  # "including 9 children": part of the figure above
    additive_nouns: Words  # "in addition to 120 fighters"
    people_nouns: Words
    irregular_plurals: dict[str, str]
    kinds: dict[str, tuple[str, ...]]  # outcome kind -> lemmas and forms that name it
    kind_with_object: tuple[ObjectTrigger, ...]
    people_triggers: tuple[PeopleTrigger, ...] = Field(alias="kind_with_people")
    implied_by_counted: dict[str, str]
    months: Words
    time_units: Words
    clock_words: Words
    percent_words: Words
    currency_symbols: frozenset[str]
    currency_words: Words
    measure_units: Words
    age_words: Words
    year_prepositions: Words
    identifier_words: Words
    ignored_entity_labels: frozenset[str]

    @cached_property
    def qualifiers(self) -> dict[tuple[str, ...], Qualifier]:
        """Lowercase token sequence -> qualifier."""
        return {p: name for name, phrases in self.qualifier_phrases.items() for p in phrases}

    @cached_property
    def longest_qualifier(self) -> int:
        return max(len(k) for k in self.qualifiers)

    @cached_property
    def kind_of_word(self) -> dict[str, str]:
        """Lemma or lowercase form -> outcome kind."""
        return {w.lower(): kind for kind, words in self.kinds.items() for w in words}

    @cached_property
    def kind_with_people(self) -> dict[str, str]:
        """Verb lemma -> kind, when a people noun is the subject."""
        return {v: t.kind for t in self.people_triggers for v in t.verbs}

    @cached_property
    def numeral_starts(self) -> frozenset[str]:
        """Lowercase words a number expression can start with, besides digits."""
        return frozenset(
            {"a", "an", "half", *self.number_words, *self.scale_words, *self.vague_plurals}
            | {phrase[0] for phrase in self.vague_determiners if phrase}
        )
