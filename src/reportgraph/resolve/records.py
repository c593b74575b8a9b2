"""Entity records from what each document says: the per-document record of an entity, its text
form (the cache the store keeps in each document graph) and the fold of an entity's per-document
records into the :class:`EntityRecord` resolution takes.

The fold gives what ``rdf.resolution.entity_records`` reads from the whole store:

* the label is the label with the most mentions over the documents (ties: alphabetically first),
  the other labels and every ``skos:altLabel`` are the aliases;
* the type is the alphabetically first type any document gives; the subtype the one most
  documents give (ties: alphabetically first);
* a link (GeoNames, Wikidata) is kept only when every document that gives one gives the same;
* mentions are summed, documents listed, alias evidence joined; the first mention is the
  smallest mention id (by IRI, as ``MIN(STR(?m))`` orders them).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict

from reportgraph.errors import InputError
from reportgraph.resolve.model import LINK_KEYS, EntityRecord

RECORDS_FORMAT = 1  # bump when the text form changes (stores then resolve from scratch)

Evidence = tuple[str, str, str]  # (alias as written, reason, mention id)
Row = list[Any]  # DocumentRecord.as_row(): the fields below, in this order
_FIELDS = ("id", "label", "type", "subtype", "aliases", "links", "mentions", "first", "evidence")


class DocumentRecord(BaseModel):
    """One entity as one document describes it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    label: str
    type: str
    subtype: str | None = None
    aliases: tuple[str, ...] = ()  # skos:altLabel
    links: dict[str, str] = {}
    mentions: int  # distinct mentions in this document
    first_mention: str  # the smallest mention id of this document
    alias_evidence: tuple[Evidence, ...] = ()

    def as_row(self) -> list[Any]:
        links = [self.links.get(k) for k in LINK_KEYS]
        evidence = [list(e) for e in sorted(set(self.alias_evidence))]
        return [self.id, self.label, self.type, self.subtype, sorted(set(self.aliases)), links,
                self.mentions, self.first_mention, evidence]  # fmt: skip

    @classmethod
    def from_row(cls, row: list[Any]) -> DocumentRecord:
        ident, label, type_, subtype, aliases, links, mentions, first, evidence = row
        return cls(
            id=ident,
            label=label,
            type=type_,
            subtype=subtype,
            aliases=tuple(aliases),
            links={k: v for k, v in zip(LINK_KEYS, links, strict=True) if v},
            mentions=mentions,
            first_mention=first,
            alias_evidence=tuple((a, r, m) for a, r, m in evidence),
        )


def _bad(what: str) -> InputError:
    return InputError(
        f"A cached entity record list cannot be read ({what}).",
        "Run `reportgraph resolve` to resolve from the documents again.",
        code="RG115",
    )


def dump_records(records: Iterable[DocumentRecord]) -> str:
    """The text form of one document's records: JSON, sorted by entity id."""
    rows = [r.as_row() for r in sorted(records, key=lambda r: r.id)]
    return json.dumps({"format": RECORDS_FORMAT, "records": rows}, separators=(",", ":"))


def load_rows(text: str) -> list[Row]:
    """The rows of :func:`dump_records` (``row[0]`` is the entity id); RG115 when the text is
    not of this format. Rows stay lists: a popular entity has one per document, and the fold
    reads them as they are."""
    try:
        data = json.loads(text)
        if data.get("format") != RECORDS_FORMAT:
            raise _bad(f"format {data.get('format')!r}")
        rows = data["records"]
        if not all(isinstance(r, list) and len(r) == len(_FIELDS) for r in rows):
            raise _bad("a record of another length")
        return list(rows)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise _bad(str(exc)) from exc


def load_records(text: str) -> list[DocumentRecord]:
    """Records from :func:`dump_records` (RG115 as :func:`load_rows`)."""
    return [DocumentRecord.from_row(row) for row in load_rows(text)]


def _most_given(counts: Mapping[str, int]) -> str:
    return min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def fold(entity_id: str, by_document: Mapping[str, Row]) -> tuple[EntityRecord, str]:
    """The store-wide record of ``entity_id`` from its rows (:meth:`DocumentRecord.as_row`) by
    document id (at least one), and its first mention id."""
    labels: Counter[str] = Counter()
    subtypes: Counter[str] = Counter()
    links: dict[str, set[str]] = defaultdict(set)
    alts: set[str] = set()
    evidence: set[Evidence] = set()
    types: set[str] = set()
    mentions = 0
    first: str | None = None
    for _, label, type_, subtype, aliases, given, count, first_here, ev in by_document.values():
        labels[label] += count
        mentions += count
        types.add(type_)
        if subtype is not None:
            subtypes[subtype] += 1
        alts.update(aliases)
        evidence.update((a, r, m) for a, r, m in ev)
        for k, v in zip(LINK_KEYS, given, strict=True):
            if v:
                links[k].add(v)
        first = first_here if first is None or first_here < first else first
    label = _most_given(labels)
    record = EntityRecord(
        id=entity_id,
        label=label,
        type=min(types),
        subtype=_most_given(subtypes) if subtypes else None,
        aliases=tuple(sorted((set(labels) | alts) - {label})),
        mentions=mentions,
        documents=tuple(sorted(by_document)),
        alias_evidence=tuple(sorted(evidence)),
        links={k: next(iter(v)) for k, v in sorted(links.items()) if len(v) == 1},
    )
    assert first is not None, "fold needs at least one document"
    return record, first
