"""The candidate edges of each rule of :mod:`.cluster` (from dict buckets, never all pairs),
and the override selections they start from."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz

from reportgraph.resolve import keys, variants
from reportgraph.resolve.forest import Edge, Forest, Split, edge, split_pair
from reportgraph.resolve.model import EntityRecord, MergeReason, Overrides
from reportgraph.resolve.overrides import select
from reportgraph.resolve.record_keys import RecordKeys

TRANSLITERATION_THRESHOLD = 0.70
STORE_SURNAME_SCORE = 0.8
ALIAS_REASONS: dict[str, MergeReason] = {
    "acronym": "acronym",
    "formerly": "formerly",
    "also_known_as": "also_known_as",
}


def by_type(
    ids: Iterable[str], infos: dict[str, RecordKeys], splits: set[Split]
) -> list[list[str]]:
    """``ids`` grouped by type (sorted); pairs across types are recorded as splits."""
    groups: dict[str, list[str]] = defaultdict(list)
    for i in sorted(ids):
        groups[infos[i].rec.type].append(i)
    firsts = [g[0] for _, g in sorted(groups.items())]
    for n, x in enumerate(firsts):
        for y in firsts[n + 1 :]:
            splits.add(split_pair(x, y, "different_type"))
    return [g for _, g in sorted(groups.items())]


def alias_edges(
    infos: dict[str, RecordKeys], by_key: dict[str, list[str]], splits: set[Split]
) -> list[Edge]:
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
            reason = ALIAS_REASONS.get(written_reason)
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
                    splits.update(split_pair(i, t, "acronym_mismatch") for t in targets)
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
            splits.update(split_pair(holder, t, f"ambiguous_{claim[0]}") for t in targets)
            continue
        for t in targets:
            if infos[t].rec.type != infos[holder].rec.type:
                splits.add(split_pair(holder, t, "different_type"))
            else:
                found[(holder, t, reason)].add(mention)
    return [edge(h, t, r, 1.0, ev) for (h, t, r), ev in sorted(found.items())]


def link_edges(infos: dict[str, RecordKeys], splits: set[Split]) -> list[Edge]:
    buckets: dict[tuple[str, str], list[str]] = defaultdict(list)
    for i, info in infos.items():
        for k, v in info.rec.links.items():
            buckets[(k, v)].append(i)
    edges: list[Edge] = []
    for (k, v), members in sorted(buckets.items()):
        for group in by_type(members, infos, splits):
            edges.extend(edge(group[0], m, "shared_link", 1.0, (f"{k}:{v}",)) for m in group[1:])
    return edges


def loose_buckets(infos: dict[str, RecordKeys]) -> dict[str, list[str]]:
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


def transliteration_edges(
    infos: dict[str, RecordKeys], by_key: dict[str, list[str]], splits: set[Split]
) -> list[Edge]:
    edges: list[Edge] = []
    buckets = sorted(by_key.items()) + sorted(loose_buckets(infos).items())
    for _, members in buckets:
        if len(members) < 2:
            continue
        for group in by_type(members, infos, splits):
            for n, x in enumerate(group):
                for y in group[n + 1 :]:
                    a, b = infos[x], infos[y]
                    if a.key != b.key and a.loose is None and b.loose is None:
                        continue  # loose keys only join a transliterated name
                    if a.numbers != b.numbers:
                        splits.add(split_pair(x, y, "different_numbers"))
                        continue
                    score = round(fuzz.ratio(a.light, b.light) / 100, 4)
                    if score < TRANSLITERATION_THRESHOLD:
                        splits.add(split_pair(x, y, "low_score"))
                        continue
                    edges.append(edge(x, y, "transliteration", score, (a.rec.label, b.rec.label)))
    return edges


def variant_edges(records: Iterable[EntityRecord]) -> list[Edge]:
    return [edge(p.a, p.b, p.reason, 1.0, p.labels) for p in variants.variant_pairs(records)]


def surname_edges(infos: dict[str, RecordKeys], forest: Forest, splits: set[Split]) -> list[Edge]:
    by_last: dict[str, list[str]] = defaultdict(list)
    for i, info in sorted(infos.items()):
        if info.surname is not None:
            by_last[info.surname].append(i)
    edges: list[Edge] = []
    for i, info in sorted(infos.items()):
        if not info.person or len(info.words) != 1:
            continue
        candidates = by_last.get(keys.token_key(info.words[0]), [])
        docs = set(info.rec.documents)
        same_doc = [c for c in candidates if docs.intersection(infos[c].rec.documents)]
        pool = same_doc or candidates
        if len({forest.find(c) for c in pool}) > 1:
            splits.update(split_pair(i, c, "ambiguous_surname") for c in pool)
            continue
        score = 1.0 if same_doc else STORE_SURNAME_SCORE
        edges.extend(
            edge(i, c, "surname", score, (info.rec.label, infos[c].rec.label)) for c in pool
        )
    return edges


def select_all(
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


def override_edges(
    overrides: Overrides,
    infos: dict[str, RecordKeys],
    records: dict[str, EntityRecord],
    labels: dict[str, list[str]],
    unmatched: set[str],
    splits: set[Split],
) -> list[Edge]:
    edges: list[Edge] = []
    for entry in overrides.of("merge"):
        found = select_all(entry.names, entry.line, records, labels, unmatched)
        chosen = sorted({i for group in found for i in group})
        groups = [chosen] if entry.allow_type_change else by_type(chosen, infos, splits)
        evidence = (f"overrides:{entry.line}" if entry.line is not None else "overrides",)
        for g in groups:
            edges.extend(edge(g[0], m, "override", 1.0, evidence) for m in g[1:])
    return edges


def with_link_overrides(
    records: Sequence[EntityRecord],
    overrides: Overrides,
    labels: dict[str, list[str]],
    unmatched: set[str],
) -> dict[str, EntityRecord]:
    known = {r.id: r for r in records}
    for entry in overrides.of("link"):
        for group in select_all(entry.names, entry.line, known, labels, unmatched):
            for i in group:
                known[i] = known[i].model_copy(update={"links": {**known[i].links, **entry.links}})
    return known
