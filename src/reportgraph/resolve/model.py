"""Inputs and outputs of cross-document resolution (pure data, no store access)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

MergeReason = Literal[
    "acronym",
    "formerly",
    "also_known_as",
    "transliteration",
    "surname",
    "same_name",
    "override",
    "shared_link",
    "plural",
    "name_variant",
]
OverrideAction = Literal["merge", "split", "label", "link"]
LINK_KEYS: tuple[str, ...] = ("geonames", "wikidata")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class EntityRecord(_Frozen):
    """One entity id of the store, summed over the documents that mention it."""

    id: str
    label: str
    type: str
    subtype: str | None = None
    aliases: tuple[str, ...] = ()
    mentions: int
    documents: tuple[str, ...]
    # (alias as written, reason, mention id) from in-document definitions
    alias_evidence: tuple[tuple[str, str, str], ...] = ()
    links: dict[str, str] = {}  # {"geonames": "123", "wikidata": "Q1"}


class Merge(_Frozen):
    """One union made by resolution: an edge between two records of the cluster.

    ``canonical`` is the endpoint that ranks first (most mentions, then longest label, then id),
    ``member`` the other one; the cluster's canonical id is ``Resolution.canonical[member]``.
    ``evidence``: mention ids for acronym/formerly/also_known_as, the two labels for
    transliteration and surname, ``"<link key>:<id>"`` for shared_link, ``"overrides:<line>"``
    for override.
    """

    canonical: str
    member: str
    reason: MergeReason
    score: float  # 1.0 for evidence, links and overrides; the rapidfuzz ratio / 100 otherwise
    evidence: tuple[str, ...]


class Resolution(_Frozen):
    """Clusters of entity ids; deterministic for a set of records and overrides."""

    canonical: dict[str, str]  # every input id -> its canonical id (itself when alone)
    labels: dict[str, str]  # canonical id -> preferred label
    merges: tuple[Merge, ...] = ()
    links: dict[str, dict[str, str]] = {}  # canonical id -> external ids (clusters with any)
    # (id a, id b) with a < b: pairs a rule or override proposed but a guard kept apart
    splits: tuple[tuple[str, str], ...] = ()
    # the same pairs with why (a pair refused by several guards appears once per reason)
    split_reasons: tuple[tuple[str, str, str], ...] = ()
    # (canonical id, link key, conflicting ids): a forced merge joined different external ids
    link_conflicts: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
    unmatched: tuple[str, ...] = ()  # override names that matched no record ("line N: name")

    def members(self, canonical_id: str) -> tuple[str, ...]:
        """The ids whose canonical id is ``canonical_id``, sorted."""
        return tuple(sorted(i for i, c in self.canonical.items() if c == canonical_id))


class Override(_Frozen):
    """One table of the overrides file (see :mod:`reportgraph.resolve.overrides`)."""

    action: OverrideAction
    names: tuple[str, ...]  # entity ids ("person/x") or exact labels
    label: str | None = None  # for "label"
    links: dict[str, str] = {}  # for "link"
    allow_type_change: bool = False  # for "merge"
    line: int | None = None  # where the table starts in the file


class Overrides(_Frozen):
    entries: tuple[Override, ...] = ()
    path: str | None = None

    def of(self, action: OverrideAction) -> tuple[Override, ...]:
        return tuple(e for e in self.entries if e.action == action)
