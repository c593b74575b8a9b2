"""The figure ledger from the claims index's ``figures`` table: ledger rows made straight from
its columns (no claim row is validated on the way), with the places resolved through the
index's entity tables, then grouped as ``figures.ledger`` groups them."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from reportgraph.claims_index.database import ClaimsIndex
from reportgraph.figures import counted, group_figures
from reportgraph.rows import DocRef, FigureGroup, FigureRow, Ref, TimeRow


def ledger_from_index(
    index: ClaimsIndex,
    *,
    kind: str | None,
    units: Sequence[tuple[str, str]] | None,
    place: tuple[str, Sequence[str]] | None,
    include_comments: bool,
) -> list[FigureGroup]:
    """``figures.ledger`` of the indexed figure claims with one of ``units`` (None: all), set at
    ``place`` (its canonical id and its record IRIs) when given, reader comments left out unless
    ``include_comments``."""
    rows = index.figure_rows(units, place[1] if place else None)
    return group_figures(
        _figure_rows(index, rows, index.published(), include_comments),
        kind=kind,
        place=place[0] if place else None,
    )


def _figure_rows(
    index: ClaimsIndex,
    rows: Sequence[tuple[object, ...]],
    published: Mapping[str, str],
    include_comments: bool,
) -> list[FigureRow]:
    kept = [r for r in rows if include_comments or r[15] != "reader_comment"]
    # Many rows share a via chain or a set of places: each JSON text is decoded once.
    place_sets: dict[object, list[str]] = {}
    for r in kept:
        if r[20] not in place_sets:
            place_sets[r[20]] = sorted(set(json.loads(str(r[20]))))
    entities = index.entity_index({iri for found in place_sets.values() for iri in found})
    place_refs = {iri: entities.ref(iri) for found in place_sets.values() for iri in found}
    refs: dict[tuple[object, object], Ref] = {}  # rows are frozen: one object per (id, label)
    docs: dict[tuple[object, object], DocRef] = {}
    chains: dict[object, list[Ref]] = {}

    def ref(i: object, label: object) -> Ref:
        found = refs.get((i, label))
        if found is None:
            found = refs[i, label] = Ref.model_construct(id=i, label=label)
        return found

    def doc(i: object, path: object) -> DocRef:
        found = docs.get((i, path))
        if found is None:
            found = docs[i, path] = DocRef.model_construct(id=i, path=path)
        return found

    times: dict[tuple[object, object], TimeRow] = {}

    def when(text: object, value: object) -> TimeRow:
        found = times.get((text, value))
        if found is None:
            found = times[text, value] = TimeRow.model_construct(text=text, value=value)
        return found

    def chain(text: object) -> list[Ref]:
        found = chains.get(text)
        if found is None:
            found = chains[text] = [ref(i, lab) for i, lab in json.loads(str(text))]
        return list(found)  # a list of its own per row, of shared (frozen) refs

    out: list[FigureRow] = []
    for r in kept:
        (claim, document, predicate, unit, value, qualifier, upper, text, source_id, source) = r[
            :10
        ]
        (via, cue, certainty, time_text, time_value, segment, path, sentence, start, end) = r[10:20]
        out.append(
            FigureRow.model_construct(
                claim=claim,
                kind=predicate,
                counted=counted(str(unit), str(predicate)),
                value=value,
                qualifier=qualifier,
                upper=upper,
                text=text,
                source=ref(source_id, source),
                via=chain(via),
                cue=cue,
                certainty=certainty,
                time=None if time_text is None else when(time_text, time_value),
                published=published.get(str(document)),
                places=[place_refs[p] for p in place_sets[r[20]]],
                segment=segment,
                document=doc(document, path),
                sentence=sentence,
                start=start,
                end=end,
            )
        )
    return out
