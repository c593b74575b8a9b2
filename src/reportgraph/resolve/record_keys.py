"""What resolution compares of one entity record: its name keys (see :mod:`.keys`), computed once
per record (:func:`record_keys`)."""

from __future__ import annotations

from dataclasses import dataclass

from reportgraph.resolve import keys
from reportgraph.resolve.model import EntityRecord


@dataclass(frozen=True)
class RecordKeys:
    """The keys of one record that the rules and guards compare."""

    rec: EntityRecord
    person: bool
    key: str  # keys.match_key of the label
    loose: str | None  # keys.loose_key of a transliterated label
    light: str  # keys.light_compact of the label
    numbers: tuple[str, ...]
    words: tuple[str, ...]  # light words of the label
    surname: str | None  # key of the last word of a multi-word PERSON label
    guard_surname: str | None  # the surname's loose key when transliterated (the guard's)


def record_keys(rec: EntityRecord) -> RecordKeys:
    person = rec.type == "PERSON"
    words = keys.light_tokens(rec.label, person)
    marked = keys.transliterated(rec.label)
    surname = words[-1] if person and len(words) > 1 else None
    return RecordKeys(
        rec=rec,
        person=person,
        key=keys.match_key(rec.label, person),
        loose=keys.loose_key(rec.label, person) if marked else None,
        light=keys.light_compact(rec.label, person),
        numbers=keys.numbers(rec.label),
        words=words,
        surname=keys.token_key(surname) if surname else None,
        guard_surname=(
            (keys.loose_token_key(surname) if marked else keys.token_key(surname))
            if surname
            else None
        ),
    )
