"""The general word lists and settings of the NLP stage: ``reportgraph/data/nlp_config.json``
and the word lists ``nlp_actor_nouns.txt`` and ``nlp_place_nouns.txt`` (one word a line, ``#``
for comments)."""

from __future__ import annotations

from functools import cache
from typing import Annotated

from pydantic import AfterValidator

from reportgraph.models import EntityType
from reportgraph.nlp.lexicon_files import Lexicon, Words, read_json, validate
from reportgraph.resources import data_file

WORD_LISTS = {"actor_nouns": "nlp_actor_nouns.txt", "place_nouns": "nlp_place_nouns.txt"}


def _lowered(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(w.lower() for w in words)


class GeneralLexicon(Lexicon):
    """NER labels to entity types, and the small closed word classes the stages share."""

    label_map: dict[str, EntityType]  # spaCy NER label -> entity type
    type_tie_order: tuple[EntityType, ...]  # majority-type ties go to the earliest type here
    leading_determiners: Words
    place_prepositions: Words
    ignored_prepositions: Words
    actor_link_prepositions: Words
    actor_modifier_deps: Words
    object_deps: Words
    leading_pos_to_strip: frozenset[str]
    demonym_suffixes: Annotated[tuple[str, ...], AfterValidator(_lowered)]
    place_modifier_deps: Words
    actor_nouns: Words  # from nlp_actor_nouns.txt
    place_nouns: Words  # from nlp_place_nouns.txt


def word_list(name: str) -> list[str]:
    """The words of a shipped word list: one a line, blank lines and ``#`` comments skipped."""
    lines = data_file(name).read_text(encoding="utf-8").splitlines()
    return [w.strip() for w in lines if w.strip() and not w.startswith("#")]


def load_general_lexicon() -> GeneralLexicon:
    """The shipped general lexicon (RG210 when a file does not fit the model)."""
    raw = read_json(data_file("nlp_config.json"), "nlp_config.json")
    for field, name in WORD_LISTS.items():
        raw[field] = word_list(name)
    return validate(GeneralLexicon, raw, "nlp_config.json")


@cache
def lexicon() -> GeneralLexicon:
    """The NLP settings (cached: read from the data files once per process)."""
    return load_general_lexicon()
