"""What the finders of the extraction stage return, before ``claims.py`` turns them into Claims.

Frames hold character offsets into ``Document.text`` and token indices into the spaCy Doc of that
text; they never leave the nlp package. ``claims.py`` maps them to ``models`` (Quantity,
TimeExpr, Event, Claim) and asks the attribution stage who reported each one, starting from the
frame's ``anchor`` token; ``extract.py`` runs the finders and the claim builders in order.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportgraph.models import Qualifier


@dataclass(frozen=True)
class QuantityFrame:
    """A reported figure: "over 4,000 civilians were killed", "at least 17 dead", "thousands"."""

    start: int  # the figure phrase as written, e.g. "over 4,000 civilians" (number + counted noun)
    end: int
    text: str
    number_start: int  # the number expression alone, e.g. "over 4,000", "possibly as many as 21"
    number_end: int
    value: float | None  # None for vague figures ("hundreds", "thousands")
    qualifier: Qualifier  # exact, at least, over, about, up to, under, range, vague
    upper: float | None  # upper bound for ranges ("between 2 and 3 million" -> 2e6, upper 3e6)
    counted: str  # what is counted, normalised: "civilians", "security personnel", "people"
    kind: str | None  # outcome: "killed", "wounded", "displaced", "sheltering", ... or None
    anchor: int  # token index attribution starts from (the governing verb, else the number)


@dataclass(frozen=True)
class TimeFrame:
    """A time expression as written, normalised against the publication date when possible."""

    start: int
    end: int
    text: str  # "on Thursday", "since Monday", "March 6", "last week"
    value: str | None  # ISO 8601 date ("2025-03-06") or interval ("2025-03-03/2025-03-09")
    anchor: int  # token index of the expression's head


@dataclass(frozen=True)
class EventFrame:
    """A reported event: its trigger, participants with roles, places and time."""

    type: str  # "killing", "attack", "clash", "displacement", "shelter", "burial", ...
    trigger: int  # token index of the trigger word
    participants: tuple[tuple[str, int], ...] = ()  # (role, mention index): agent/victim/target
    places: tuple[int, ...] = ()  # mention indices of PLACE mentions
    time: TimeFrame | None = None
    quantities: tuple[QuantityFrame, ...] = ()  # figures attached to this event
