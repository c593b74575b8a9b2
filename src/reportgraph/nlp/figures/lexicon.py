"""The word lists of the figure finder, read once from ``reportgraph/data/nlp_quantities.json``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from reportgraph.models import Qualifier
from reportgraph.resources import data_file

_QUALIFIERS: tuple[Qualifier, ...] = ("at least", "over", "about", "up to", "under")


@dataclass(frozen=True)
class ObjectTrigger:
    """A verb that names an outcome only with one of some objects: "lose their lives"."""

    kind: str
    verbs: frozenset[str]
    objects: frozenset[str]


@dataclass(frozen=True)
class QuantityLexicon:
    qualifiers: dict[tuple[str, ...], Qualifier]  # lowercase token sequence -> qualifier
    range_openers: frozenset[str]
    range_joiners: frozenset[str]
    number_words: frozenset[str]
    scale_words: dict[str, float]
    scale_abbreviations: dict[str, float]
    vague_plurals: frozenset[str]
    vague_determiners: tuple[tuple[str, ...], ...]
    words_needing_noun: frozenset[str]
    skip_before_noun: frozenset[str]
    dropped_modifiers: frozenset[str]
    partitive_heads: frozenset[str]
    figure_nouns: frozenset[str]
    inclusive_prepositions: frozenset[str]  # "including 9 children": part of the figure above
    additive_nouns: frozenset[str]  # "in addition to 120 fighters"
    people_nouns: frozenset[str]
    irregular_plurals: dict[str, str]
    kind_of_word: dict[str, str]  # lemma or lowercase form -> outcome kind
    kind_with_object: tuple[ObjectTrigger, ...]
    kind_with_people: dict[str, str]  # verb lemma -> kind, when a people noun is the subject
    implied_by_counted: dict[str, str]
    months: frozenset[str]
    time_units: frozenset[str]
    clock_words: frozenset[str]
    percent_words: frozenset[str]
    currency_symbols: frozenset[str]
    currency_words: frozenset[str]
    measure_units: frozenset[str]
    age_words: frozenset[str]
    year_prepositions: frozenset[str]
    identifier_words: frozenset[str]
    ignored_entity_labels: frozenset[str]

    numeral_starts: frozenset[str]  # lowercase words a number expression can start with

    @property
    def longest_qualifier(self) -> int:
        return max(len(k) for k in self.qualifiers)


def _words(raw: dict[str, Any], field: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in raw[field])


def _phrases(values: list[Any]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(str(v).lower().split()) for v in values)


@cache
def quantity_lexicon() -> QuantityLexicon:
    """The figure finder's settings (cached: read once per process)."""
    raw: dict[str, Any] = json.loads(data_file("nlp_quantities.json").read_text(encoding="utf-8"))
    qualifiers: dict[tuple[str, ...], Qualifier] = {}
    for name, phrases in raw["qualifiers"].items():
        if name not in _QUALIFIERS:
            raise ValueError(f"unknown qualifier {name!r} in nlp_quantities.json")
        for phrase in _phrases(phrases):
            qualifiers[phrase] = _QUALIFIERS[_QUALIFIERS.index(name)]
    kind_of_word = {str(w).lower(): kind for kind, ws in raw["kinds"].items() for w in ws}
    number_words = _words(raw, "number_words")
    scale_words = {str(k).lower(): float(v) for k, v in raw["scale_words"].items()}
    vague_plurals = _words(raw, "vague_plurals")
    vague_determiners = _phrases(raw["vague_determiners"])
    return QuantityLexicon(
        qualifiers=qualifiers,
        range_openers=_words(raw, "range_openers"),
        range_joiners=_words(raw, "range_joiners"),
        number_words=number_words,
        scale_words=scale_words,
        scale_abbreviations={
            str(k).lower(): float(v) for k, v in raw["scale_abbreviations"].items()
        },
        vague_plurals=vague_plurals,
        vague_determiners=vague_determiners,
        words_needing_noun=_words(raw, "words_needing_noun"),
        skip_before_noun=_words(raw, "skip_before_noun"),
        dropped_modifiers=_words(raw, "dropped_modifiers"),
        partitive_heads=_words(raw, "partitive_heads"),
        figure_nouns=_words(raw, "figure_nouns"),
        inclusive_prepositions=_words(raw, "inclusive_prepositions"),
        additive_nouns=_words(raw, "additive_nouns"),
        people_nouns=_words(raw, "people_nouns"),
        irregular_plurals={str(k): str(v) for k, v in raw["irregular_plurals"].items()},
        kind_of_word=kind_of_word,
        kind_with_object=tuple(
            ObjectTrigger(
                str(t["kind"]),
                frozenset(str(v) for v in t["verbs"]),
                frozenset(str(o) for o in t["objects"]),
            )
            for t in raw["kind_with_object"]
        ),
        kind_with_people={
            str(v): str(t["kind"]) for t in raw["kind_with_people"] for v in t["verbs"]
        },
        implied_by_counted={str(k): str(v) for k, v in raw["implied_by_counted"].items()},
        months=_words(raw, "months"),
        time_units=_words(raw, "time_units"),
        clock_words=_words(raw, "clock_words"),
        percent_words=_words(raw, "percent_words"),
        currency_symbols=frozenset(str(w) for w in raw["currency_symbols"]),
        currency_words=_words(raw, "currency_words"),
        measure_units=_words(raw, "measure_units"),
        age_words=_words(raw, "age_words"),
        year_prepositions=_words(raw, "year_prepositions"),
        identifier_words=_words(raw, "identifier_words"),
        ignored_entity_labels=frozenset(str(w) for w in raw["ignored_entity_labels"]),
        # what _numeral_at accepts as a first token, besides digits
        numeral_starts=frozenset(
            {"a", "an", "half", *number_words, *scale_words, *vague_plurals}
            | {phrase[0] for phrase in vague_determiners if phrase}
        ),
    )
