"""The per-document entity records a document graph carries (``rg:entityRecords``), made from
the extraction when the document is written (``mapping``), so that resolution reads one literal
per new document instead of its entity descriptions (see :mod:`reportgraph.resolve.records`)."""

from __future__ import annotations

from reportgraph import ids
from reportgraph.models import DocumentExtraction, Mention
from reportgraph.resolve.records import DocumentRecord


def _mention_id(m: Mention) -> str:
    return ids.mention_id(m.doc_id, m.start, m.end)


def document_records(extraction: DocumentExtraction) -> list[DocumentRecord]:
    """The per-document entity records of ``extraction``: what its entity descriptions say,
    counted as the store would count them (distinct mentions, the smallest mention id)."""
    out = []
    for e in extraction.entities:
        mentions = {_mention_id(m) for m in e.mentions}
        out.append(
            DocumentRecord(
                id=e.id,
                label=e.label,
                type=e.type,
                subtype=e.subtype,
                aliases=tuple(e.aliases),
                links={
                    k: v
                    for k, v in (("geonames", e.links.geonames), ("wikidata", e.links.wikidata))
                    if v
                },
                mentions=len(mentions),
                first_mention=min(mentions),
                alias_evidence=tuple(
                    (ev.alias, ev.reason, _mention_id(ev.mention)) for ev in e.alias_evidence
                ),
            )
        )
    return out
