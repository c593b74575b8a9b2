"""The word lists and settings of the NLP stage, read once from ``reportgraph/data/nlp_*``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from reportgraph.models import ENTITY_TYPES, EntityType
from reportgraph.resources import data_file


@dataclass(frozen=True)
class Lexicon:
    label_map: dict[str, EntityType]  # spaCy NER label -> entity type
    type_tie_order: tuple[EntityType, ...]  # majority-type ties go to the earliest type here
    leading_determiners: frozenset[str]
    place_prepositions: frozenset[str]
    ignored_prepositions: frozenset[str]
    actor_link_prepositions: frozenset[str]
    actor_modifier_deps: frozenset[str]
    object_deps: frozenset[str]
    leading_pos_to_strip: frozenset[str]
    demonym_suffixes: tuple[str, ...]
    place_modifier_deps: frozenset[str]
    actor_nouns: frozenset[str]
    place_nouns: frozenset[str]


def _word_list(name: str) -> frozenset[str]:
    lines = data_file(name).read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


def _entity_type(value: str) -> EntityType:
    if value not in ENTITY_TYPES:
        raise ValueError(f"unknown entity type {value!r} in nlp_config.json")
    return value


@cache
def lexicon() -> Lexicon:
    """The NLP settings (cached: read from the data files once per process)."""
    raw = json.loads(data_file("nlp_config.json").read_text(encoding="utf-8"))

    def words(field: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in raw[field])

    return Lexicon(
        label_map={str(k): _entity_type(str(v)) for k, v in raw["label_map"].items()},
        type_tie_order=tuple(_entity_type(str(t)) for t in raw["type_tie_order"]),
        leading_determiners=words("leading_determiners"),
        place_prepositions=words("place_prepositions"),
        ignored_prepositions=words("ignored_prepositions"),
        actor_link_prepositions=words("actor_link_prepositions"),
        actor_modifier_deps=words("actor_modifier_deps"),
        object_deps=words("object_deps"),
        leading_pos_to_strip=frozenset(str(p) for p in raw["leading_pos_to_strip"]),
        demonym_suffixes=tuple(str(w).lower() for w in raw["demonym_suffixes"]),
        place_modifier_deps=words("place_modifier_deps"),
        actor_nouns=_word_list("nlp_actor_nouns.txt"),
        place_nouns=_word_list("nlp_place_nouns.txt"),
    )
