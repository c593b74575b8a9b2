"""The figure ledger: every reported value of each kind of figure, side by side, never merged.

For each kind ("killed", "displaced", ...) the ledger lists every figure claim with its own
source, chain, qualifier, certainty, date and document, and counts *independent* sources: claims
whose chains lead back to the same original source count once, however many outlets repeated
them. Nothing is averaged, summed or overwritten.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from reportgraph.rows import ClaimRow, FigureGroup, FigureRow


def counted(unit: str, kind: str) -> str:
    """What a figure counts: its unit without the kind ("people killed" -> "people")."""
    return _counted(unit, kind)


def _counted(unit: str, kind: str) -> str:
    return unit[: -len(kind)].strip() if kind and unit.endswith(kind) else unit


def _kind_matches(needle: str, kind: str, counted: str) -> bool:
    """The ledger's kind filter (``needle`` casefolded): the kind, what is counted, or a part of
    both together ("people killed")."""
    return (
        needle in (kind.casefold(), counted.casefold()) or needle in f"{counted} {kind}".casefold()
    )


def figure_matches_kind(kind: str, predicate: str, unit: str) -> bool:
    """Whether the ledger's ``kind`` filter keeps a figure claim with this predicate and unit
    (so a store can pick those claims before reading their rows)."""
    return _kind_matches(kind.casefold(), predicate, _counted(unit, predicate))


def figure_rows(claims: Sequence[ClaimRow], published: Mapping[str, str | None]) -> list[FigureRow]:
    rows: list[FigureRow] = []
    for c in claims:
        if c.kind != "figure" or c.quantity is None:
            continue
        q = c.quantity
        rows.append(
            FigureRow(
                claim=c.id,
                kind=c.predicate,
                counted=_counted(q.unit, c.predicate),
                value=q.value,
                qualifier=q.qualifier,
                upper=q.upper,
                text=q.text,
                source=c.source,
                via=c.via,
                cue=c.cue,
                certainty=c.certainty,
                time=c.time,
                published=published.get(c.document.id),
                places=c.places,
                segment=c.segment,
                document=c.document,
                sentence=c.evidence.sentence,
                start=c.evidence.start,
                end=c.evidence.end,
            )
        )
    return rows


def ledger(
    claims: Sequence[ClaimRow],
    published: Mapping[str, str | None],
    *,
    kind: str | None = None,
    place: str | None = None,
) -> list[FigureGroup]:
    """Figure claims grouped by kind; ``kind`` matches the kind or what is counted, ``place`` is
    an entity id that must be among a figure's places."""
    return group_figures(figure_rows(claims, published), kind=kind, place=place)


def group_figures(
    figures: Sequence[FigureRow], *, kind: str | None = None, place: str | None = None
) -> list[FigureGroup]:
    """Figure rows grouped by kind, as :func:`ledger` groups them (each group in publication,
    document and reading order, with its independent sources)."""
    groups: dict[str, list[FigureRow]] = defaultdict(list)
    needle = kind.casefold() if kind else None
    for row in figures:
        if needle and not _kind_matches(needle, row.kind, row.counted):
            continue
        if place and place not in {p.id for p in row.places}:
            continue
        groups[row.kind].append(row)
    out: list[FigureGroup] = []
    for k in sorted(groups):
        rows = sorted(
            groups[k], key=lambda r: (r.published or "", r.document.path, r.start, r.claim)
        )
        sources = {r.source.id: r.source for r in rows}
        out.append(
            FigureGroup(
                kind=k,
                figures=rows,
                claims=len(rows),
                independent_sources=len(sources),
                sources=[sources[s] for s in sorted(sources)],
            )
        )
    return out
