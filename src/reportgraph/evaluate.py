"""Measure the built graph against gold data: reported figures with their sources, and name
groups that must resolve to one entity (``../shared/eval/`` holds the development sets).

A gold figure is *found* when a figure claim of the same document has its value (or upper bound)
and an evidence sentence overlapping the gold evidence; it then counts for *qualifier*, *kind*
and *source* when those agree too. A gold figure with no sources must not be pinned on a named
party: its claim's source must be the publication or unnamed reports.
"""

from __future__ import annotations

import json
from difflib import SequenceMatcher
from pathlib import Path, PurePath

from pydantic import BaseModel, ConfigDict

from reportgraph.errors import InputError
from reportgraph.rows import EntityRow, FigureRow

QUALIFIER_SYNONYMS = {
    "approximately": "about",
    "around": "about",
    "roughly": "about",
    "nearly": "about",
    "almost": "about",
    "some": "about",
    "more than": "over",
    "at least": "at least",
}
_UNNAMED_KINDS = ("publication/", "unnamed/")


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True)


class GoldFigure(_Row):
    doc: str
    kind: str
    value: float
    qualifier: str
    sources: list[str] = []
    evidence: str = ""
    places: list[str] = []


class FigureMatch(_Row):
    gold: GoldFigure
    found: bool
    claim: str | None = None
    qualifier_ok: bool = False
    kind_ok: bool = False
    source_ok: bool = False
    got_source: str | None = None
    got_qualifier: str | None = None
    got_kind: str | None = None


class FigureScore(_Row):
    gold: int
    found: int
    qualifier_ok: int
    kind_ok: int
    source_ok: int
    items: list[FigureMatch]


class AliasMatch(_Row):
    type: str
    names: list[str]
    resolved: bool
    entities: dict[str, list[str]]  # name -> entity ids carrying it as label or alias


class AliasScore(_Row):
    groups: int
    resolved: int
    items: list[AliasMatch]


def _gold(path: Path) -> list[GoldFigure]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"Cannot read gold file {path}: {exc}.", code="RG109") from exc
    out = []
    for n, line in enumerate(lines, 1):
        if line.strip():
            try:
                out.append(GoldFigure.model_validate_json(line))
            except ValueError as exc:
                raise InputError(
                    f"Gold file {path} line {n} is not a gold figure: {exc}.",
                    "Each line is JSON with doc, kind, value, qualifier, sources, evidence.",
                    code="RG109",
                ) from exc
    return out


def _overlap(a: str, b: str) -> int:
    a, b = " ".join(a.split()), " ".join(b.split())
    m = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return m.size


def _norm_qualifier(q: str) -> str:
    return QUALIFIER_SYNONYMS.get(q.casefold(), q.casefold())


def _source_ok(row: FigureRow, names: list[str]) -> bool:
    """The claim's original source is one of the gold names (an account label "Name (@handle)"
    matches its name or its handle); no gold names means no named source."""
    if not names:
        return row.source.id.startswith(_UNNAMED_KINDS)
    label = row.source.label.casefold()
    name_part = label.split(" (@")[0]
    wanted = {n.casefold() for n in names}
    return label in wanted or name_part in wanted or any(f"(@{n})" in label for n in wanted)


def _match(g: GoldFigure, rows: list[FigureRow]) -> FigureMatch:
    cands = [
        r
        for r in rows
        if PurePath(r.document.path).name == g.doc
        and g.value in (r.value, r.upper)
        and _overlap(r.sentence, g.evidence) >= min(20, len(g.evidence))
    ]
    if not cands:
        return FigureMatch(gold=g, found=False)
    want = _norm_qualifier(g.qualifier)
    best = max(
        cands,
        key=lambda r: (
            _source_ok(r, g.sources),
            _norm_qualifier(r.qualifier) == want,
            r.kind == g.kind,
            _overlap(r.text, g.evidence),
        ),
    )
    return FigureMatch(
        gold=g,
        found=True,
        claim=best.claim,
        qualifier_ok=_norm_qualifier(best.qualifier) == want,
        kind_ok=best.kind == g.kind,
        source_ok=_source_ok(best, g.sources),
        got_source=best.source.label,
        got_qualifier=best.qualifier,
        got_kind=best.kind,
    )


def score_figures(gold_path: Path, rows: list[FigureRow]) -> FigureScore:
    items = [_match(g, rows) for g in _gold(gold_path)]
    return FigureScore(
        gold=len(items),
        found=sum(i.found for i in items),
        qualifier_ok=sum(i.qualifier_ok for i in items),
        kind_ok=sum(i.kind_ok for i in items),
        source_ok=sum(i.source_ok for i in items),
        items=items,
    )


def score_aliases(aliases_path: Path, entities: list[EntityRow]) -> AliasScore:
    try:
        groups = json.loads(aliases_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"Cannot read alias file {aliases_path}: {exc}.", code="RG109") from exc
    by_name: dict[str, list[EntityRow]] = {}
    for e in entities:
        for name in {e.label, *e.aliases}:
            by_name.setdefault(name.casefold(), []).append(e)
    items: list[AliasMatch] = []
    for group in groups:
        names = [str(n) for n in group["names"]]
        etype = str(group.get("type", ""))
        hits = {
            n: sorted(e.id for e in by_name.get(n.casefold(), []) if not etype or e.type == etype)
            for n in names
        }
        common = set.intersection(*(set(v) for v in hits.values())) if hits else set()
        resolved = len(common) == 1 and all(len(v) == 1 for v in hits.values())
        items.append(AliasMatch(type=etype, names=names, resolved=resolved, entities=hits))
    return AliasScore(groups=len(items), resolved=sum(i.resolved for i in items), items=items)
