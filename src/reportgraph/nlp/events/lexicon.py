"""The event lexicon: the model of ``reportgraph/data/nlp_events.json``, with a user's file of
the same shape merged over it (``reportgraph build --events FILE``; see
:mod:`reportgraph.nlp.events.finder` for what each field means).

A trigger may be an object with ``words``, ``object`` (entity types, or "actor" for generic
actor nouns, its direct object must be: "seize" someone), ``context`` (a lemma that must occur
in its clause: "cross into" as refugees), ``not_context`` (lemmas that rule it out: "strike" a
deal; :mod:`reportgraph.nlp.events.context`) and ``transitive_subject`` (role of the subject
when there is a direct object). ``object`` and ``transitive_subject`` concern verbs only.
``settings`` hold the support verbs, partitive heads ("thousands of X") and the
auxiliaries/governing verbs that make a verb not a report of a past event ("will attack",
"threatened to kill").

A user's type with a new name is added; one with a known name is merged field by field over the
shipped type; ``null`` removes a type. Its ``settings`` lists replace the shipped ones.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from reportgraph.data_files import Lexicon, Words, data_file, lexicon_error, read_json, validate

Role = Literal["agent", "victim", "target", "participant"]
ObjectKind = Literal["PERSON", "ORGANIZATION", "GROUP", "PLACE", "actor"]


class Trigger(Lexicon):
    """One trigger: a lemma, maybe followed by words that must be children of the verb. In the
    file, a plain string is a trigger with ``words`` only."""

    words: tuple[str, ...] = Field(min_length=1)
    object_kinds: frozenset[ObjectKind] = Field(default=frozenset(), alias="object")
    context: Words = frozenset()  # empty: no context needed
    not_context: Words = frozenset()  # lemmas that rule the trigger out
    transitive_subject: Role | None = None  # role of the subject when there is a direct object

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        if isinstance(data, str):
            data = {"words": data}
        if isinstance(data, dict) and isinstance(data.get("words"), str):
            data = {**data, "words": data["words"].lower().split()}
        return data


class EventTypeSpec(Lexicon):
    """An event type: its triggers and the role each dependency gives a participant."""

    name: str  # the type's key in ``types``
    verbs: tuple[Trigger, ...] = ()
    nouns: tuple[Trigger, ...] = ()
    subject: Role | None = None  # active subject of a verb / subject of a noun's support verb
    object: Role | None = None  # direct object, passive subject
    passive_agent: Role | None = None  # "by X" of a passive verb (absent: ``subject``)
    modifier: Role | None = None  # possessive/compound/adjective of a noun trigger
    prepositions: dict[str, Role | None] = Field(default_factory=dict)  # prep. -> object role
    place_roles: frozenset[Role] = frozenset({"agent"})  # roles a PLACE (a state) may hold

    @model_validator(mode="before")
    @classmethod
    def _passive_agent_defaults_to_subject(cls, data: Any) -> Any:
        if isinstance(data, dict) and "passive_agent" not in data:
            data = {**data, "passive_agent": data.get("subject")}
        return data

    @field_validator("prepositions")
    @classmethod
    def _lowercase_and_drop_empty(cls, value: dict[str, Role | None]) -> dict[str, Role | None]:
        return {k.lower(): v for k, v in value.items() if v}


class EventSettings(Lexicon):
    support_verbs: Words = frozenset()  # "launch an attack": the verb's subject is the noun's
    partitive_heads: Words = frozenset()  # "thousands of X": the argument is X
    person_nouns: Words = frozenset()  # people an "actor" object may be, besides actor nouns
    irrealis_auxiliaries: Words = frozenset()  # "will attack": not a reported event
    irrealis_governors: Words = frozenset()  # "threatened to kill": not a reported event


Match = tuple[EventTypeSpec, Trigger]


class EventLexicon(Lexicon):
    types: dict[str, EventTypeSpec] = Field(default_factory=dict)
    settings: EventSettings = EventSettings()

    @model_validator(mode="before")
    @classmethod
    def _types_know_their_names(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("types"), dict):
            named = {
                name: {**spec, "name": name} if isinstance(spec, dict) else spec
                for name, spec in data["types"].items()
            }
            data = {**data, "types": named}
        return data

    @cached_property
    def verb_triggers(self) -> dict[str, tuple[Match, ...]]:
        """First trigger word (a verb lemma) -> the types and triggers it may start."""
        return self._index("verbs")

    @cached_property
    def noun_triggers(self) -> dict[str, tuple[Match, ...]]:
        """Trigger words (a noun lemma or phrase) -> the types and triggers it names."""
        return self._index("nouns")

    def _index(self, part: Literal["verbs", "nouns"]) -> dict[str, tuple[Match, ...]]:
        found: dict[str, list[Match]] = {}
        for spec in self.types.values():
            for trigger in getattr(spec, part):
                key = trigger.words[0] if part == "verbs" else " ".join(trigger.words)
                found.setdefault(key, []).append((spec, trigger))
        return {k: tuple(v) for k, v in found.items()}


def merge(base: dict[str, Any], extra: dict[str, Any], where: str) -> dict[str, Any]:
    """The shipped lexicon ``base`` with a user's file ``extra`` merged over it (raw JSON)."""
    unknown = sorted(set(extra) - {"types", "settings"})
    if unknown:
        raise lexicon_error(where, f"field {unknown[0]}: not a field (expected types, settings)")
    types, settings = extra.get("types", {}), extra.get("settings", {})
    if not isinstance(types, dict) or not isinstance(settings, dict):
        raise lexicon_error(where, "'types' and 'settings' must be objects")
    merged = dict(base.get("types", {}))
    for name, raw in types.items():
        if raw is None:
            merged.pop(name, None)
        elif isinstance(merged.get(name), dict) and isinstance(raw, dict):
            merged[name] = {**merged[name], **raw}
        else:
            merged[name] = raw
    return {"settings": {**base.get("settings", {}), **settings}, "types": merged}


def load_event_lexicon(user_file: Path | None = None) -> EventLexicon:
    """The shipped event lexicon, with ``user_file`` merged over it when given (RG210 when
    either file cannot be read or does not fit; the error names the user's file if given)."""
    raw = read_json(data_file("nlp_events.json"), "nlp_events.json")
    where = "nlp_events.json"
    if user_file is not None:
        where = f"{user_file} (event types)"
        raw = merge(raw, read_json(user_file, where), where)
    return validate(EventLexicon, raw, where)
