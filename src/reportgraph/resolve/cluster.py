"""Cross-document entity resolution: which entity ids of the store name one real-world thing.

Pure and deterministic: records are sorted by id first and every rule emits its candidate pairs in
sorted order, so the result does not depend on input order. Candidate pairs come from dict
buckets (name keys, links, alias keys, surnames), never from all pairs. Records of different
types never merge (only a ``[[merge]]`` override with ``allow_type_change`` can do that).

Rules, strongest first; each union goes through the guards below:

1. Overrides ``[[merge]]`` (reason ``override``; they pass the chain guards, not ``[[split]]``).
2. Alias evidence from in-document definitions (``acronym``, ``formerly``, ``also_known_as``): a
   record whose label has the :func:`~keys.match_key` of another record's evidence alias joins
   it; evidence = the definition's mention ids. An acronym joins only when its letters fit the
   long form's words (:func:`~keys.acronym_fits`) and exactly one long name in the whole store
   claims it (else split ``ambiguous_acronym``); likewise an alias claimed by two differently
   named records stays apart (``ambiguous_alias``).
3. ``shared_link``: the same GeoNames or Wikidata id.
4. ``transliteration``: the same :func:`~keys.match_key` (short names: the same light form),
   the same numbers, and ``rapidfuzz.fuzz.ratio`` of the light forms (articles, case, diacritics
   and punctuation removed) >= :data:`TRANSLITERATION_THRESHOLD`. The key already encodes the
   allowed spelling changes; the score caps how much of a name they may rewrite. Measured single
   variants: Kharkiv/Harkiv 0.92, Dmitriy/Dmitry 0.92, Khalid/Halid 0.91, Hassan/Hasan 0.91,
   Qasim/Kasim 0.80, Alexei/Aleksei 0.77, Mansoor/Mansur 0.77, Nabeel/Nabil 0.73. A threshold of
   0.90 would refuse most real variants, so it is 0.70: names whose folds rewrite more than about
   a third of the letters (several folds stacked in one short word) stay apart (``low_score``).
   Names of which one is :func:`~keys.transliterated` (an Arabic or Persian romanisation) also
   match on their :func:`~keys.loose_key` (o/u and e/i folded: Qorashi/Qurashi), with the same
   number and score guards.
5. ``plural`` and ``name_variant`` (:mod:`reportgraph.resolve.variants`): a GROUP's singular and
   plural ("Kurd"/"Kurds"), an organisation's legal-form, government and trade-descriptor
   variants ("X Inc."/"X", "X Motor Company"/"X"); evidence = the two labels, score 1.0.
6. ``surname``: a one-word PERSON ("Kovic") joins the multi-word PERSON whose last word has its
   key, preferring full names in the documents that mention the one-word record (score 1.0)
   over the whole store (0.8); two different full names there -> split ``ambiguous_surname``.

Guards (a refused union is listed in ``splits``, with its reason in ``split_reasons``):
``[[split]]`` overrides (``override_split``) hold against everything; a cluster may not hold
two different ids of one link key (``different_geonames``, ``different_wikidata``; overrides
pass) nor two multi-word PERSON names without a common surname key (``different_surname``;
overrides and in-text alias evidence pass: "X (formerly Y)" is how a renamed person is named;
surnames are compared on their loose key when the name is transliterated);
a descriptor (subtype ``descriptor``: "civilians", "two gunmen" of one document, see
:mod:`reportgraph.nlp.entities.descriptors`) joins nothing but through an override
(``descriptor``): two documents' "civilians" are not one group.

Clusters: the canonical id is the member with the most mentions (then the longest label, then
the smallest id); its label is the cluster's label unless a ``[[label]]`` override says otherwise.
Links are the union of the members' links; a key with two different ids (only possible through
a forced merge) keeps none and is listed in ``link_conflicts``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from rapidfuzz import fuzz

from reportgraph.errors import InputError
from reportgraph.resolve import keys, variants
from reportgraph.resolve.model import EntityRecord, Merge, MergeReason, Overrides, Resolution
from reportgraph.resolve.overrides import label_index, select

TRANSLITERATION_THRESHOLD = 0.70
STORE_SURNAME_SCORE = 0.8
_FORCED, _EVIDENCE, _RULE = 0, 1, 2  # guard strength of a rule (see _Forest.blocked)
_ALIAS_REASONS: dict[str, MergeReason] = {
    "acronym": "acronym",
    "formerly": "formerly",
    "also_known_as": "also_known_as",
}

Split = tuple[str, str, str]


@dataclass(frozen=True)
class _Edge:
    a: str
    b: str
    reason: MergeReason
    score: float
    evidence: tuple[str, ...]


def _edge(x: str, y: str, reason: MergeReason, score: float, evidence: Iterable[str]) -> _Edge:
    a, b = sorted((x, y))
    return _Edge(a, b, reason, score, tuple(sorted(set(evidence))))


def _split(x: str, y: str, reason: str) -> Split:
    a, b = sorted((x, y))
    return (a, b, reason)


@dataclass(frozen=True)
class _Info:
    rec: EntityRecord
    person: bool
    key: str  # keys.match_key of the label
    loose: str | None  # keys.loose_key of a transliterated label
    light: str  # keys.light_compact of the label
    numbers: tuple[str, ...]
    words: tuple[str, ...]  # light words of the label
    surname: str | None  # key of the last word of a multi-word PERSON label
    guard_surname: str | None  # the surname's loose key when transliterated (the guard's)


def _info(rec: EntityRecord) -> _Info:
    person = rec.type == "PERSON"
    words = keys.light_tokens(rec.label, person)
    marked = keys.transliterated(rec.label)
    surname = words[-1] if person and len(words) > 1 else None
    return _Info(
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


class _Forest:
    """Union-find over record ids, with what each cluster holds for the guards."""

    def __init__(self, infos: dict[str, _Info], split_sides: list[list[list[str]]]) -> None:
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
        """Why ``a`` and ``b`` may not join (None: they may). Strength: :data:`_FORCED` passes
        every guard but ``[[split]]``, :data:`_EVIDENCE` also passes the surname guard."""
        ra, rb = self.find(a), self.find(b)
        for n in self.sides[ra].keys() & self.sides[rb].keys():
            if len(self.sides[ra][n] | self.sides[rb][n]) > 1:
                return "override_split"
        if strength == _FORCED:
            return None
        if self.descriptor[ra] or self.descriptor[rb]:
            return "descriptor"
        sa, sb = self.surnames[ra], self.surnames[rb]
        if strength == _RULE and sa and sb and not sa & sb:
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


def _apply(
    forest: _Forest, edges: Iterable[_Edge], merges: list[_Edge], splits: set[Split], strength: int
) -> None:
    for e in sorted(edges, key=lambda e: (-e.score, e.a, e.b, e.reason)):
        if forest.find(e.a) == forest.find(e.b):
            continue
        why = forest.blocked(e.a, e.b, strength)
        if why is not None:
            splits.add(_split(e.a, e.b, why))
            continue
        forest.union(e.a, e.b)
        merges.append(e)


def _by_type(ids: Iterable[str], infos: dict[str, _Info], splits: set[Split]) -> list[list[str]]:
    """``ids`` grouped by type (sorted); pairs across types are recorded as splits."""
    groups: dict[str, list[str]] = defaultdict(list)
    for i in sorted(ids):
        groups[infos[i].rec.type].append(i)
    firsts = [g[0] for _, g in sorted(groups.items())]
    for n, x in enumerate(firsts):
        for y in firsts[n + 1 :]:
            splits.add(_split(x, y, "different_type"))
    return [g for _, g in sorted(groups.items())]


def _alias_edges(
    infos: dict[str, _Info], by_key: dict[str, list[str]], splits: set[Split]
) -> list[_Edge]:
    claims: dict[tuple[str, str], set[str]] = defaultdict(set)  # (kind, key) -> claimant keys
    # (holder, targets, reason, mention id, claim)
    proposals: list[tuple[str, list[str], MergeReason, str, tuple[str, str]]] = []
    by_loose: dict[str, list[str]] = defaultdict(list)  # transliterated records by loose key
    for i, info in infos.items():
        if info.loose is not None:
            by_loose[info.loose].append(i)
    for i, info in sorted(infos.items()):
        label = info.rec.label
        for alias, written_reason, mention in sorted(set(info.rec.alias_evidence)):
            reason = _ALIAS_REASONS.get(written_reason)
            if reason is None:
                continue
            alias_key = keys.match_key(alias, info.person)
            targets = [t for t in by_key.get(alias_key, []) if t != i]
            if not targets and reason != "acronym" and keys.transliterated(alias):
                # "X (formerly al-Qorashi)" names the record spelt "al-Qurashi" elsewhere too
                loose = keys.loose_key(alias, info.person)
                targets = sorted(t for t in by_loose.get(loose, []) if t != i)
            if reason == "acronym":
                if keys.acronym_fits(alias, label):
                    short, long = alias, label
                elif keys.acronym_fits(label, alias):
                    short, long = label, alias
                else:
                    splits.update(_split(i, t, "acronym_mismatch") for t in targets)
                    continue
                claim = ("acronym", keys.match_key(short))
                claims[claim].add(keys.match_key(long))
            else:
                claim = ("alias", alias_key)
                claims[claim].add(info.key)
            if targets:
                proposals.append((i, targets, reason, mention, claim))
    found: dict[tuple[str, str, MergeReason], set[str]] = defaultdict(set)
    for holder, targets, reason, mention, claim in proposals:
        if len(claims[claim]) > 1:
            splits.update(_split(holder, t, f"ambiguous_{claim[0]}") for t in targets)
            continue
        for t in targets:
            if infos[t].rec.type != infos[holder].rec.type:
                splits.add(_split(holder, t, "different_type"))
            else:
                found[(holder, t, reason)].add(mention)
    return [_edge(h, t, r, 1.0, ev) for (h, t, r), ev in sorted(found.items())]


def _link_edges(infos: dict[str, _Info], splits: set[Split]) -> list[_Edge]:
    buckets: dict[tuple[str, str], list[str]] = defaultdict(list)
    for i, info in infos.items():
        for k, v in info.rec.links.items():
            buckets[(k, v)].append(i)
    edges: list[_Edge] = []
    for (k, v), members in sorted(buckets.items()):
        for group in _by_type(members, infos, splits):
            edges.extend(_edge(group[0], m, "shared_link", 1.0, (f"{k}:{v}",)) for m in group[1:])
    return edges


def _loose_buckets(infos: dict[str, _Info]) -> dict[str, list[str]]:
    """Records by loose key, for the transliterated ones and those sharing a loose key with
    one (only buckets holding a transliterated record and two strict keys)."""
    by_loose: dict[str, list[str]] = defaultdict(list)
    for i, info in infos.items():
        by_loose[keys.loose_key(info.rec.label, info.person)].append(i)
    return {
        k: m
        for k, m in by_loose.items()
        if any(infos[i].loose is not None for i in m) and len({infos[i].key for i in m}) > 1
    }


def _transliteration_edges(
    infos: dict[str, _Info], by_key: dict[str, list[str]], splits: set[Split]
) -> list[_Edge]:
    edges: list[_Edge] = []
    buckets = sorted(by_key.items()) + sorted(_loose_buckets(infos).items())
    for _, members in buckets:
        if len(members) < 2:
            continue
        for group in _by_type(members, infos, splits):
            for n, x in enumerate(group):
                for y in group[n + 1 :]:
                    a, b = infos[x], infos[y]
                    if a.key != b.key and a.loose is None and b.loose is None:
                        continue  # loose keys only join a transliterated name
                    if a.numbers != b.numbers:
                        splits.add(_split(x, y, "different_numbers"))
                        continue
                    score = round(fuzz.ratio(a.light, b.light) / 100, 4)
                    if score < TRANSLITERATION_THRESHOLD:
                        splits.add(_split(x, y, "low_score"))
                        continue
                    edges.append(_edge(x, y, "transliteration", score, (a.rec.label, b.rec.label)))
    return edges


def _variant_edges(records: Iterable[EntityRecord]) -> list[_Edge]:
    return [_edge(p.a, p.b, p.reason, 1.0, p.labels) for p in variants.variant_pairs(records)]


def _surname_edges(infos: dict[str, _Info], forest: _Forest, splits: set[Split]) -> list[_Edge]:
    by_last: dict[str, list[str]] = defaultdict(list)
    for i, info in sorted(infos.items()):
        if info.surname is not None:
            by_last[info.surname].append(i)
    edges: list[_Edge] = []
    for i, info in sorted(infos.items()):
        if not info.person or len(info.words) != 1:
            continue
        candidates = by_last.get(keys.token_key(info.words[0]), [])
        docs = set(info.rec.documents)
        same_doc = [c for c in candidates if docs.intersection(infos[c].rec.documents)]
        pool = same_doc or candidates
        if len({forest.find(c) for c in pool}) > 1:
            splits.update(_split(i, c, "ambiguous_surname") for c in pool)
            continue
        score = 1.0 if same_doc else STORE_SURNAME_SCORE
        edges.extend(
            _edge(i, c, "surname", score, (info.rec.label, infos[c].rec.label)) for c in pool
        )
    return edges


def _select_all(
    names: Sequence[str],
    line: int | None,
    records: dict[str, EntityRecord],
    labels: dict[str, list[str]],
    unmatched: set[str],
) -> list[list[str]]:
    found = []
    for name in names:
        got = select(name, records, labels)
        if not got:
            unmatched.add(f"line {line}: {name}" if line is not None else name)
        found.append(got)
    return found


def _override_edges(
    overrides: Overrides,
    infos: dict[str, _Info],
    records: dict[str, EntityRecord],
    labels: dict[str, list[str]],
    unmatched: set[str],
    splits: set[Split],
) -> list[_Edge]:
    edges: list[_Edge] = []
    for entry in overrides.of("merge"):
        found = _select_all(entry.names, entry.line, records, labels, unmatched)
        chosen = sorted({i for group in found for i in group})
        groups = [chosen] if entry.allow_type_change else _by_type(chosen, infos, splits)
        evidence = (f"overrides:{entry.line}" if entry.line is not None else "overrides",)
        for g in groups:
            edges.extend(_edge(g[0], m, "override", 1.0, evidence) for m in g[1:])
    return edges


def _with_link_overrides(
    records: Sequence[EntityRecord],
    overrides: Overrides,
    labels: dict[str, list[str]],
    unmatched: set[str],
) -> dict[str, EntityRecord]:
    known = {r.id: r for r in records}
    for entry in overrides.of("link"):
        for group in _select_all(entry.names, entry.line, known, labels, unmatched):
            for i in group:
                known[i] = known[i].model_copy(update={"links": {**known[i].links, **entry.links}})
    return known


def _rank(info: _Info) -> tuple[bool, bool, int, int, str]:
    """Which record names a cluster: a long form that a document defines aliases for
    ("National Unity Movement" before "NUM"), a person's full name before a bare surname,
    then the most mentioned, the longest label, the smallest id."""
    defines = bool(info.rec.alias_evidence)
    full_name = info.person and len(info.words) > 1
    return (not defines, not full_name, -info.rec.mentions, -len(info.rec.label), info.rec.id)


def resolve(records: Sequence[EntityRecord], overrides: Overrides | None = None) -> Resolution:
    """Cluster entity records of the whole store (see the module docstring for the rules).

    Raises ``InputError`` RG111 when two records share an id.
    """
    overrides = overrides if overrides is not None else Overrides()
    ordered = sorted(records, key=lambda r: r.id)
    for a, b in pairwise(ordered):
        if a.id == b.id:
            raise InputError(
                f"Entity id {a.id} is given twice to resolution.",
                "Pass one record per entity id, with its mentions summed over documents.",
                code="RG111",
            )
    unmatched: set[str] = set()
    labels = label_index(ordered)
    known = _with_link_overrides(ordered, overrides, labels, unmatched)
    infos = {i: _info(r) for i, r in sorted(known.items())}
    by_key: dict[str, list[str]] = defaultdict(list)
    for i, info in infos.items():
        by_key[info.key].append(i)
    sides = [_select_all(e.names, e.line, known, labels, unmatched) for e in overrides.of("split")]
    forest = _Forest(infos, sides)
    merges: list[_Edge] = []
    splits: set[Split] = set()
    forced = _override_edges(overrides, infos, known, labels, unmatched, splits)
    _apply(forest, forced, merges, splits, _FORCED)
    _apply(forest, _alias_edges(infos, by_key, splits), merges, splits, _EVIDENCE)
    _apply(forest, _link_edges(infos, splits), merges, splits, _RULE)
    _apply(forest, _transliteration_edges(infos, by_key, splits), merges, splits, _RULE)
    _apply(forest, _variant_edges(known.values()), merges, splits, _RULE)
    _apply(forest, _surname_edges(infos, forest, splits), merges, splits, _RULE)

    groups: dict[str, list[str]] = defaultdict(list)
    for i in infos:
        groups[forest.find(i)].append(i)
    canonical: dict[str, str] = {}
    names: dict[str, str] = {}
    links: dict[str, dict[str, str]] = {}
    conflicts: list[tuple[str, str, tuple[str, ...]]] = []
    for group in groups.values():
        head = min(group, key=lambda m: _rank(infos[m]))
        canonical.update(dict.fromkeys(group, head))
        names[head] = infos[head].rec.label
        values: dict[str, set[str]] = defaultdict(set)
        for m in group:
            for k, v in infos[m].rec.links.items():
                values[k].add(v)
        kept = {k: min(v) for k, v in sorted(values.items()) if len(v) == 1}
        conflicts.extend(
            (head, k, tuple(sorted(v))) for k, v in sorted(values.items()) if len(v) > 1
        )
        if kept:
            links[head] = kept
    for entry in overrides.of("label"):
        for group in _select_all(entry.names, entry.line, known, labels, unmatched):
            for i in group:
                names[canonical[i]] = entry.label or names[canonical[i]]

    apart = [s for s in splits if canonical[s[0]] != canonical[s[1]]]
    out_merges = []
    for e in merges:
        first, second = sorted((e.a, e.b), key=lambda m: _rank(infos[m]))
        out_merges.append(
            Merge(
                canonical=first, member=second, reason=e.reason, score=e.score, evidence=e.evidence
            )
        )
    return Resolution(
        canonical=dict(sorted(canonical.items())),
        labels=dict(sorted(names.items())),
        merges=tuple(out_merges),
        links=dict(sorted(links.items())),
        splits=tuple(sorted({(a, b) for a, b, _ in apart})),
        split_reasons=tuple(sorted(apart)),
        link_conflicts=tuple(sorted(conflicts)),
        unmatched=tuple(sorted(unmatched)),
    )
