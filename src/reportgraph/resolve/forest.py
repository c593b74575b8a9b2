"""Union-find over record ids with the guards of :mod:`.cluster`: candidate edges, applied
strongest first, join two clusters only when no guard refuses (a refusal is a split)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from reportgraph.resolve.model import MergeReason
from reportgraph.resolve.record_keys import RecordKeys

FORCED, EVIDENCE, RULE = 0, 1, 2  # guard strength of a rule (see Forest.blocked)

Split = tuple[str, str, str]


@dataclass(frozen=True)
class Edge:
    a: str
    b: str
    reason: MergeReason
    score: float
    evidence: tuple[str, ...]


def edge(x: str, y: str, reason: MergeReason, score: float, evidence: Iterable[str]) -> Edge:
    a, b = sorted((x, y))
    return Edge(a, b, reason, score, tuple(sorted(set(evidence))))


def split_pair(x: str, y: str, reason: str) -> Split:
    a, b = sorted((x, y))
    return (a, b, reason)


class Forest:
    """Union-find over record ids, with what each cluster holds for the guards."""

    def __init__(self, infos: dict[str, RecordKeys], split_sides: list[list[list[str]]]) -> None:
        self.parent = {i: i for i in infos}
        self.size = dict.fromkeys(infos, 1)
        self.surnames: dict[str, set[str]] = {}
        self.links: dict[str, dict[str, set[str]]] = {}
        self.sides: dict[str, dict[int, set[int]]] = {i: {} for i in infos}
        self.descriptor = {i: info.rec.subtype == "descriptor" for i, info in infos.items()}
        for i, info in infos.items():
            surname = info.guard_surname
            self.surnames[i] = {surname} if surname else set()
            self.links[i] = {k: {v} for k, v in info.rec.links.items()}
        for n, sides in enumerate(split_sides):
            for side, members in enumerate(sides):
                for m in members:
                    self.sides[m].setdefault(n, set()).add(side)

    def find(self, x: str) -> str:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def blocked(self, a: str, b: str, strength: int) -> str | None:
        """Why ``a`` and ``b`` may not join (None: they may). Strength: :data:`FORCED` passes
        every guard but ``[[split]]``, :data:`EVIDENCE` also passes the surname guard."""
        ra, rb = self.find(a), self.find(b)
        for n in self.sides[ra].keys() & self.sides[rb].keys():
            if len(self.sides[ra][n] | self.sides[rb][n]) > 1:
                return "override_split"
        if strength == FORCED:
            return None
        if self.descriptor[ra] or self.descriptor[rb]:
            return "descriptor"
        sa, sb = self.surnames[ra], self.surnames[rb]
        if strength == RULE and sa and sb and not sa & sb:
            return "different_surname"
        la, lb = self.links[ra], self.links[rb]
        for k in sorted(la.keys() & lb.keys()):
            if not la[k] & lb[k]:
                return f"different_{k}"
        return None

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        self.surnames[ra] |= self.surnames.pop(rb)
        self.descriptor[ra] = self.descriptor[ra] or self.descriptor.pop(rb)
        for k, values in self.links.pop(rb).items():
            self.links[ra].setdefault(k, set()).update(values)
        for n, sides in self.sides.pop(rb).items():
            self.sides[ra].setdefault(n, set()).update(sides)


def apply(
    forest: Forest, edges: Iterable[Edge], merges: list[Edge], splits: set[Split], strength: int
) -> None:
    for e in sorted(edges, key=lambda e: (-e.score, e.a, e.b, e.reason)):
        if forest.find(e.a) == forest.find(e.b):
            continue
        why = forest.blocked(e.a, e.b, strength)
        if why is not None:
            splits.add(split_pair(e.a, e.b, why))
            continue
        forest.union(e.a, e.b)
        merges.append(e)
