"""What makes resolution local: the keys through which two records can affect each other.

Every rule of :mod:`.cluster` proposes edges (and splits) only between records of one dict
bucket, and every guard looks only at the two clusters an edge would join. So two records can
only ever influence each other's outcome when a chain of shared buckets links them. The
:func:`interaction_keys` of a record name its buckets:

* ``m:`` its match key, and the match key of each alias of its in-text alias evidence;
* ``l:`` its loose key, and the loose key of each transliterated alias of its evidence;
* ``c:`` the acronym and alias claims its evidence makes (whether a claim is ambiguous depends on
  every claimant);
* ``k:`` each external id (after ``[[link]]`` overrides);
* ``g:`` a GROUP's singular key; ``o:`` an ORGANIZATION's legal-form and descriptor cores;
* ``s:`` the surname of a multi-word PERSON, and the one word of a one-word PERSON;
* ``v:`` each ``[[merge]]`` override that names the record.

Records that share no key chain (a *component*) are resolved independently: resolving the
records of a union of components gives exactly the clusters, merges, labels, links and splits
that resolving the whole store gives for those records. Keys may over-connect (a key that
joins records no rule would pair costs time, never correctness); a missing key would be a bug,
and ``tests/resolve/test_incremental.py`` compares incremental with whole-store resolution.
``[[split]]`` and ``[[label]]`` overrides act inside a cluster only and need no key; which
override names match no record (``Resolution.unmatched``) is a property of the whole store.
"""

from __future__ import annotations

from reportgraph import ids
from reportgraph.resolve import keys, variants
from reportgraph.resolve.edges import ALIAS_REASONS
from reportgraph.resolve.model import EntityRecord, Overrides
from reportgraph.resolve.overrides import is_entity_id


def names_record(name: str, record: EntityRecord) -> bool:
    """Whether an override name (an entity id or a label) selects ``record``
    (as :func:`.overrides.select` would)."""
    if is_entity_id(name):
        return name == record.id
    return ids.key(ids.normalise_name(name)) == ids.key(ids.normalise_name(record.label))


def with_link_overrides(record: EntityRecord, overrides: Overrides) -> EntityRecord:
    """``record`` with the ``[[link]]`` overrides that name it applied, in file order."""
    links = record.links
    for entry in overrides.of("link"):
        if any(names_record(n, record) for n in entry.names):
            links = {**links, **entry.links}
    return record if links is record.links else record.model_copy(update={"links": links})


def interaction_keys(record: EntityRecord, overrides: Overrides) -> frozenset[str]:
    """The buckets ``record`` shares with every record it can affect (module docstring)."""
    person = record.type == "PERSON"
    label = record.label
    out = {"m:" + keys.match_key(label, person), "l:" + keys.loose_key(label, person)}
    for alias, reason, _ in record.alias_evidence:
        if reason not in ALIAS_REASONS:
            continue
        alias_key = keys.match_key(alias, person)
        out.add("m:" + alias_key)
        out.add("l:" + keys.loose_key(alias, person))
        if reason == "acronym":
            out.update(("c:acronym:" + keys.match_key(alias), "c:acronym:" + keys.match_key(label)))
        else:
            out.add("c:alias:" + alias_key)
    for k, v in with_link_overrides(record, overrides).links.items():
        out.add(f"k:{k}:{v}")
    if record.type == "GROUP":
        out.add("g:" + variants.group_key(label))
    elif record.type == "ORGANIZATION":
        legal, descriptor = variants.org_cores(label)
        out.add("o:" + (legal or keys.match_key(label)))
        if descriptor is not None:
            out.add("o:" + descriptor)
    elif person:
        words = keys.light_tokens(label, True)
        if words:
            out.add("s:" + keys.token_key(words[-1] if len(words) > 1 else words[0]))
    for n, entry in enumerate(overrides.of("merge")):
        if any(names_record(name, record) for name in entry.names):
            out.add(f"v:{n}")
    return frozenset(out)
