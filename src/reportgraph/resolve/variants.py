"""Name variants that are one entity though their keys differ: plurals and organisation suffixes.

Takes entity records (id, type, label) and gives the pairs that resolution may join
(:func:`variant_pairs`); the guards of :mod:`reportgraph.resolve.cluster` still apply. The word
lists are in ``data/resolve_keys.json``.

* ``plural`` -- GROUP records whose labels differ only by a plural "-s" on the last word
  ("Kurd"/"Kurds", "Tutsi"/"Tutsis", "Sunni Islamist"/"Sunni Islamists"); "-ss" is not a plural
  ("Swiss"), and a name without "-s" ("Rohingya") has nothing to fold.
* ``name_variant`` -- ORGANIZATION records:

  - a company's legal form ("X Inc.", "X Corp.", "X Ltd", "X Company") and the bare "X" are one
    organisation; so are "the X government", "government of X" and "X's government";
  - a trade descriptor ("X Motors", "X Motor Company", "X Computer") joins an organisation
    named by the bare "X" (or by "X" with a legal form) -- never another descriptor variant
    directly, so "Acme Motors" and "Acme Computer" stay apart unless a bare "Acme" is there;
  - a one-word core that is a generic word ("General Motors" -> "General") joins nothing by a
    descriptor.

  Words that name a distinct body ("Foundation", "Records", "Bank", "Guard", "University") are
  not in the lists: "X Foundation" is not "X Motor Company", and "National Bank of X" is not
  "National Guard of X". "X Records" stays apart from "X Inc." (a record label is usually a
  company of its own). Records of other types never join here: a PERSON "Henry X" is never the
  company, and the country "X" (a PLACE) is not its government (an ORGANIZATION).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from reportgraph.resolve import keys
from reportgraph.resolve.model import EntityRecord, MergeReason

MAX_SUFFIXES = 2


@dataclass(frozen=True)
class VariantPair:
    """Two record ids a variant rule would join, with the rule and the two labels."""

    a: str
    b: str
    reason: MergeReason
    labels: tuple[str, str]


def singular_key(label: str) -> str | None:
    """The match key of a GROUP label with the plural "-s" of its last word removed, or None
    when the last word is no plural."""
    words = list(keys.light_tokens(label))
    last = words[-1] if words else ""
    if len(last) < 4 or not last.endswith("s") or last.endswith("ss") or last.isdigit():
        return None
    words[-1] = last[:-1]
    return keys.tokens_key(tuple(words))


def group_key(label: str) -> str:
    """The key GROUP records are compared on: the singular's key when the label is a plural."""
    return singular_key(label) or keys.match_key(label)


def _strip_tail(words: tuple[str, ...], phrases: frozenset[str]) -> tuple[str, ...] | None:
    for size in (2, 1):
        if len(words) > size and " ".join(words[-size:]) in phrases:
            return words[:-size]
    return None


def _government_core(words: tuple[str, ...]) -> tuple[str, ...] | None:
    gov = keys.key_words().government_words
    if len(words) > 1 and words[-1] in gov:
        return words[:-1]
    if len(words) > 2 and words[0] in gov and words[1] == "of":
        return words[2:]
    return None


def org_cores(label: str) -> tuple[str | None, str | None]:
    """(legal key, descriptor key) of an ORGANIZATION label.

    The legal key is the label without its legal forms ("X Inc." -> key of "X"), or the
    government key ("gov:" + key of X) of "X government" / "government of X"; None when the
    label has neither. The descriptor key is the legal core without a trade descriptor
    ("X Motor Company" -> key of "X"), None when it has none or its core is a generic word.
    """
    lists = keys.key_words()
    words = keys.light_tokens(label)
    government = _government_core(words)
    if government is not None:
        return "gov:" + keys.tokens_key(government), None
    core = words
    for _ in range(MAX_SUFFIXES):
        stripped = _strip_tail(core, lists.legal_forms)
        if stripped is None:
            break
        core = stripped
    legal = keys.tokens_key(core) if core != words else None
    bare = _strip_tail(core, lists.company_descriptors)
    generic = bare is not None and len(bare) == 1 and bare[0] in lists.generic_core_words
    descriptor = keys.tokens_key(bare) if bare is not None and not generic else None
    return legal, descriptor


def _joins(
    plain: list[str], variants: list[str], reason: MergeReason, labels: dict[str, str]
) -> list[VariantPair]:
    """Pairs joining each variant of a bucket to its first plain member (or, with none, to the
    first variant); plain members alone are left to the transliteration rule and its guards."""
    if not variants or len(plain) + len(variants) < 2:
        return []
    target = plain[0] if plain else variants[0]
    return [
        VariantPair(target, v, reason, (labels[target], labels[v])) for v in variants if v != target
    ]


def variant_pairs(records: Iterable[EntityRecord]) -> list[VariantPair]:
    """The pairs the plural and organisation-suffix rules propose, in sorted order."""
    labels: dict[str, str] = {}
    groups: dict[str, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    orgs: dict[str, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    described: list[tuple[str, str]] = []  # (id, descriptor key)
    for rec in sorted(records, key=lambda r: r.id):
        labels[rec.id] = rec.label
        if rec.type == "GROUP":
            singular = singular_key(rec.label)
            key = singular or keys.match_key(rec.label)
            groups[key][singular is not None].append(rec.id)
        elif rec.type == "ORGANIZATION":
            legal, descriptor = org_cores(rec.label)
            orgs[legal or keys.match_key(rec.label)][legal is not None].append(rec.id)
            if descriptor is not None:
                described.append((rec.id, descriptor))
    pairs: list[VariantPair] = []
    for _, (singulars, plurals) in sorted(groups.items()):
        pairs.extend(_joins(singulars, plurals, "plural", labels))
    for _, (bare, suffixed) in sorted(orgs.items()):
        pairs.extend(_joins(bare, suffixed, "name_variant", labels))
    for i, descriptor in described:
        bare, suffixed = orgs.get(descriptor, ([], []))
        targets = bare or suffixed
        if targets and targets[0] != i:
            pairs.append(
                VariantPair(targets[0], i, "name_variant", (labels[targets[0]], labels[i]))
            )
    return pairs
