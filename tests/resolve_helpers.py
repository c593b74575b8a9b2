"""Shared builders for the resolution tests: records from a type and a label."""

from __future__ import annotations

from reportgraph import ids
from reportgraph.resolve import EntityRecord, Resolution


def rec(
    type_: str,
    label: str,
    *,
    docs: tuple[str, ...] = ("da",),
    mentions: int = 1,
    evidence: tuple[tuple[str, str, str], ...] = (),
    links: dict[str, str] | None = None,
) -> EntityRecord:
    return EntityRecord(
        id=ids.entity_id(type_, label),  # type: ignore[arg-type]
        label=label,
        type=type_,
        mentions=mentions,
        documents=docs,
        alias_evidence=evidence,
        links=links or {},
    )


def together(res: Resolution, *records: EntityRecord) -> bool:
    return len({res.canonical[r.id] for r in records}) == 1


def reasons(res: Resolution) -> list[str]:
    return [m.reason for m in res.merges]
