"""The event lexicon: ``data/nlp_events.json`` merged with the user's file named by
``REPORTGRAPH_EVENTS`` (see :mod:`reportgraph.nlp.events.finder` for the schema)."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from reportgraph.errors import ModelError
from reportgraph.resources import data_file

ENV_VAR = "REPORTGRAPH_EVENTS"
ROLES = frozenset({"agent", "victim", "target", "participant"})
OBJECT_KINDS = frozenset({"PERSON", "ORGANIZATION", "GROUP", "PLACE", "actor"})
_CODE = "RG210"


@dataclass(frozen=True)
class Trigger:
    """One trigger: a lemma, maybe followed by words that must be children of the verb."""

    words: tuple[str, ...]
    object_kinds: frozenset[str] = frozenset()  # empty: any object (or none)
    context: frozenset[str] = frozenset()  # empty: no context needed
    transitive_subject: str | None = None  # role of the subject when there is a direct object


@dataclass(frozen=True)
class EventTypeSpec:
    """An event type: its triggers and the role each dependency gives a participant."""

    name: str
    verbs: tuple[Trigger, ...]
    nouns: tuple[Trigger, ...]
    subject: str | None  # active subject of a verb / subject of a noun's support verb
    object: str | None  # direct object, passive subject
    passive_agent: str | None  # "by X" of a passive verb (default: ``subject``)
    modifier: str | None  # possessive/compound/adjective of a noun trigger
    prepositions: Mapping[str, str]  # preposition on the trigger -> role of its object
    place_roles: frozenset[str] = frozenset({"agent"})  # roles a PLACE (a state) may hold


@dataclass(frozen=True)
class EventSettings:
    support_verbs: frozenset[str]  # "launch an attack": the verb's subject is the noun's
    partitive_heads: frozenset[str]  # "thousands of X": the argument is X
    person_nouns: frozenset[str]  # people an "actor" object may be, besides the actor nouns
    irrealis_auxiliaries: frozenset[str]  # "will attack": not a reported event
    irrealis_governors: frozenset[str]  # "threatened to kill": not a reported event


@dataclass(frozen=True)
class EventLexicon:
    types: dict[str, EventTypeSpec]
    settings: EventSettings


def _invalid(where: str, why: str) -> ModelError:
    return ModelError(
        f"event lexicon {where}: {why}.",
        f"fix the file (schema in reportgraph/data/nlp_events.json), or unset {ENV_VAR}.",
        code=_CODE,
    )


def _role(value: Any, where: str) -> str | None:
    if value is None or (isinstance(value, str) and value in ROLES):
        return value
    raise _invalid(where, f"role {value!r} is not one of {sorted(ROLES)}")


def _words(value: Any, where: str) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
        raise _invalid(where, "expected a list of strings")
    return frozenset(w.lower() for w in value)


def _trigger(value: Any, where: str) -> Trigger:
    if isinstance(value, str):
        value = {"words": value}
    if not isinstance(value, dict) or not isinstance(value.get("words"), str):
        raise _invalid(where, f"trigger {value!r} is neither a string nor has 'words'")
    words = tuple(value["words"].lower().split())
    kinds = frozenset(str(k) for k in value.get("object", ()))
    if not words or kinds - OBJECT_KINDS:
        raise _invalid(where, f"trigger {value!r} has no words or an unknown object kind")
    return Trigger(
        words=words,
        object_kinds=kinds,
        context=_words(value.get("context", []), where),
        transitive_subject=_role(value.get("transitive_subject"), where),
    )


def _spec(name: str, raw: Any, where: str) -> EventTypeSpec:
    if not isinstance(raw, dict):
        raise _invalid(where, f"type {name!r} is not an object")
    preps = raw.get("prepositions", {})
    if not isinstance(preps, dict):
        raise _invalid(where, f"type {name!r}: 'prepositions' is not an object")
    subject = _role(raw.get("subject"), where)
    return EventTypeSpec(
        name=name,
        verbs=tuple(_trigger(t, where) for t in raw.get("verbs", [])),
        nouns=tuple(_trigger(t, where) for t in raw.get("nouns", [])),
        subject=subject,
        object=_role(raw.get("object"), where),
        passive_agent=_role(raw.get("passive_agent", subject), where),
        modifier=_role(raw.get("modifier"), where),
        prepositions={str(k).lower(): str(_role(v, where)) for k, v in preps.items() if v},
        place_roles=frozenset(
            str(_role(r, where)) for r in raw.get("place_roles", ["agent"]) if r is not None
        ),
    )


def _read(path: Path, where: str) -> dict[str, Any]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise _invalid(where, f"cannot be read ({exc})") from exc
    if not isinstance(raw, dict):
        raise _invalid(where, "the top level is not an object")
    return raw


def _merge(base: dict[str, Any], extra: dict[str, Any], where: str) -> dict[str, Any]:
    if not isinstance(extra.get("types", {}), dict) or not isinstance(
        extra.get("settings", {}), dict
    ):
        raise _invalid(where, "'types' and 'settings' must be objects")
    types = dict(base.get("types", {}))
    for name, raw in extra.get("types", {}).items():
        if raw is None:
            types.pop(name, None)
        elif isinstance(types.get(name), dict) and isinstance(raw, dict):
            types[name] = {**types[name], **raw}
        else:
            types[name] = raw
    return {"settings": {**base.get("settings", {}), **extra.get("settings", {})}, "types": types}


@cache
def load_lexicon(user_file: str | None) -> EventLexicon:
    """The default lexicon, with ``user_file`` (same schema) merged over it when given."""
    raw = _read(data_file("nlp_events.json"), "nlp_events.json")
    where = "nlp_events.json"
    if user_file:
        where = f"{user_file} ({ENV_VAR})"
        raw = _merge(raw, _read(Path(user_file), where), where)
    settings = raw.get("settings", {})
    return EventLexicon(
        types={name: _spec(name, spec, where) for name, spec in raw.get("types", {}).items()},
        settings=EventSettings(
            support_verbs=_words(settings.get("support_verbs", []), where),
            partitive_heads=_words(settings.get("partitive_heads", []), where),
            person_nouns=_words(settings.get("person_nouns", []), where),
            irrealis_auxiliaries=_words(settings.get("irrealis_auxiliaries", []), where),
            irrealis_governors=_words(settings.get("irrealis_governors", []), where),
        ),
    )


def current_lexicon() -> EventLexicon:
    """The lexicon for the current value of ``REPORTGRAPH_EVENTS`` (cached per value)."""
    return load_lexicon(os.environ.get(ENV_VAR) or None)
