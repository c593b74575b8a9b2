"""Cross-document entity resolution: which entity ids of the store name one real-world thing.

Pure and deterministic: records are sorted by id first and every rule emits its candidate pairs in
sorted order, so the result does not depend on input order. Candidate pairs come from dict
buckets (name keys, links, alias keys, surnames), never from all pairs. Records of different
types never merge (only a ``[[merge]]`` override with ``allow_type_change`` can do that).

Rules, strongest first (their candidate edges: :mod:`.edges`); each union goes through the
guards below:

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

Guards (:mod:`.forest`; a refused union is listed in ``splits``, with its reason in
``split_reasons``):
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
from collections.abc import Sequence
from itertools import pairwise

from reportgraph.errors import InputError
from reportgraph.resolve.edges import (
    TRANSLITERATION_THRESHOLD,
    alias_edges,
    link_edges,
    override_edges,
    select_all,
    surname_edges,
    transliteration_edges,
    variant_edges,
    with_link_overrides,
)
from reportgraph.resolve.forest import EVIDENCE, FORCED, RULE, Edge, Forest, Split, apply
from reportgraph.resolve.model import EntityRecord, Merge, Overrides, Resolution
from reportgraph.resolve.overrides import label_index
from reportgraph.resolve.record_keys import RecordKeys, record_keys

__all__ = ["TRANSLITERATION_THRESHOLD", "resolve"]


def _rank(info: RecordKeys) -> tuple[bool, bool, int, int, str]:
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
    known = with_link_overrides(ordered, overrides, labels, unmatched)
    infos = {i: record_keys(r) for i, r in sorted(known.items())}
    by_key: dict[str, list[str]] = defaultdict(list)
    for i, info in infos.items():
        by_key[info.key].append(i)
    sides = [select_all(e.names, e.line, known, labels, unmatched) for e in overrides.of("split")]
    forest = Forest(infos, sides)
    merges: list[Edge] = []
    splits: set[Split] = set()
    forced = override_edges(overrides, infos, known, labels, unmatched, splits)
    apply(forest, forced, merges, splits, FORCED)
    apply(forest, alias_edges(infos, by_key, splits), merges, splits, EVIDENCE)
    apply(forest, link_edges(infos, splits), merges, splits, RULE)
    apply(forest, transliteration_edges(infos, by_key, splits), merges, splits, RULE)
    apply(forest, variant_edges(known.values()), merges, splits, RULE)
    apply(forest, surname_edges(infos, forest, splits), merges, splits, RULE)

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
        for group in select_all(entry.names, entry.line, known, labels, unmatched):
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
