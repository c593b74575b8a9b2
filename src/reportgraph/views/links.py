"""What one claim draws in the network: its links, each with its ends, label and role.

A link is one claim's contribution to one drawn edge; :mod:`views.network` gathers the links
that share their ends and label into one edge. The rules (see docs/network-page.md):

* ``relation`` / ``subject``: a claim with a subject and an object links them, labelled with its
  predicate (a relation, or an event with both ends named);
* ``agent``: an event links each agent to each victim or target, labelled with the event type;
* ``statement``: a statement links its speaker to each entity its content names ("said about");
* ``figure``: a figure links its source to what it counts and to its most specific place
  ("counts killed");
* ``event_place``: an event links each participant to its most specific place ("attack at");
* ``reported_event``: an event nobody is named in links its source to its place, and an event
  with participants but no agent, victim pair and no place links its source to them
  ("reports attack").

The speaker or source end is the entity the source is when it is one (``source_entity``), else
the reporting source itself (an anonymous or unnamed source scoped to its document, a
publication, an account): a node of type ``SOURCE``. No link joins a node to itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from reportgraph.models import ENTITY_TYPES
from reportgraph.rows import ClaimRow, Ref

SOURCE_TYPE = "SOURCE"
WEAK_CERTAINTIES = frozenset({"alleged", "unverified", "denied"})
_PATIENT_ROLES = ("victim", "target")
_Add = Callable[[Ref, Ref, str, str], None]  # adds one link of the claim at hand


@dataclass(frozen=True)
class Link:
    """One claim's part of one drawn edge."""

    start: Ref
    end: Ref
    label: str
    role: str
    claim: ClaimRow


def node_type(node_id: str) -> tuple[str, str | None]:
    """(type, subtype) read off an id: an entity type, or ``SOURCE`` with the source's kind."""
    prefix = node_id.split("/", 1)[0]
    if prefix.upper() in ENTITY_TYPES:
        return prefix.upper(), None
    return (SOURCE_TYPE, prefix) if "/" in node_id else ("UNKNOWN", None)


def source_end(claim: ClaimRow) -> Ref:
    """The node standing for who reported the claim: its entity, else the source itself."""
    return claim.source_entity or Ref(id=claim.source.id, label=claim.source.label)


def named_ids(claim: ClaimRow) -> list[str]:
    """Ids of every node the claim names: its source end, subject, object, places, the
    entities a statement is about and an event's participants (in that order, once each)."""
    refs = [source_end(claim), claim.subject, claim.object, *claim.places, *claim.about]
    ids = [r.id for r in refs if r is not None] + [p.id for p in claim.participants]
    return list(dict.fromkeys(ids))


def claim_links(claim: ClaimRow) -> list[Link]:
    """Every link ``claim`` draws, by the rules in the module docstring."""
    out: list[Link] = []
    seen: set[tuple[str, str]] = set()

    def add(start: Ref, end: Ref, label: str, role: str) -> None:
        if start.id != end.id and (start.id, end.id) not in seen:
            seen.add((start.id, end.id))
            out.append(Link(start, end, label, role, claim))

    if claim.subject is not None and claim.object is not None:
        role = "relation" if claim.kind == "relation" else "subject"
        add(claim.subject, claim.object, claim.predicate, role)
    if claim.kind == "statement":
        for ref in claim.about:
            add(source_end(claim), ref, "said about", "statement")
    elif claim.kind == "figure":
        counted = [r for r in (claim.subject, claim.object) if r is not None]
        named = {r.id for r in counted}
        places = [p for p in claim.places[:1] if p.id not in named]
        for ref in [*counted, *places]:
            add(source_end(claim), ref, f"counts {claim.predicate}", "figure")
    elif claim.kind == "event":
        _event_links(claim, add)
    return out


def _event_links(claim: ClaimRow, add: _Add) -> None:
    people = [Ref(id=p.id, label=p.label) for p in claim.participants]
    agents = [Ref(id=p.id, label=p.label) for p in claim.participants if p.role == "agent"]
    patients = [Ref(id=p.id, label=p.label) for p in claim.participants if p.role in _PATIENT_ROLES]
    for a in agents:
        for b in patients:
            add(a, b, claim.predicate, "agent")
    place = claim.places[0] if claim.places else None
    ends = {r.id for r in (claim.subject, claim.object) if r is not None}
    if place is not None and place.id not in ends:
        for ref in people:
            add(ref, place, f"{claim.predicate} at", "event_place")
    named = bool(people) or bool(ends)
    if place is not None and not named:
        add(source_end(claim), place, f"reports {claim.predicate}", "reported_event")
    if place is None and people and not (agents and patients):
        for ref in people:
            add(source_end(claim), ref, f"reports {claim.predicate}", "reported_event")


def claim_when(claim: ClaimRow, published: Mapping[str, str | None]) -> tuple[str, str, str] | None:
    """(start, end, basis) of when the claim happened: its normalised time (basis
    ``reported``; a range ``a/b`` gives its two ends), else its document's publication date
    (basis ``published``), else None. Dates stay ISO text, compared as text."""
    value = claim.time.value if claim.time is not None else None
    if value:
        start, _, end = value.partition("/")
        return start, end or start, "reported"
    date = published.get(claim.document.id)
    return (date, date, "published") if date else None
