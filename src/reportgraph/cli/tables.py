"""Rich tables and text for the commands' ``table`` output."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from reportgraph.cli.output import out
from reportgraph.rdf.store import QueryResult
from reportgraph.rows import BuildReport, ClaimRow, EntityRow, FigureGroup, Provenance, Stats
from reportgraph.saved_queries import SavedQuery

if TYPE_CHECKING:
    from reportgraph.evaluate import AliasScore, FigureScore


def build_table(report: BuildReport, store: str | Path) -> None:
    table = Table(title="reportgraph build", show_header=False)
    for key, value in (
        ("documents read", report.read),
        ("added", report.added),
        ("replaced", report.replaced),
        ("unchanged", report.unchanged),
        ("failed", len(report.failures)),
        ("entities in store", report.entities),
        ("claims in store", report.claims),
        ("quads in store", report.quads),
        ("store", str(store)),
    ):
        table.add_row(key, str(value))
    out.print(table)


def entity_table(rows: Sequence[EntityRow]) -> None:
    table = Table(title=f"{len(rows)} entities")
    for col in ("id", "label", "type", "mentions", "docs", "aliases"):
        table.add_column(col)
    for r in sorted(rows, key=lambda r: (-len(r.mentions), r.label)):
        table.add_row(
            Text(r.id),
            Text(r.label),
            r.type,
            str(len(r.mentions)),
            str(len({m.document for m in r.mentions})),
            Text(", ".join(r.aliases)),
        )
    out.print(table)


def claim_table(rows: Sequence[ClaimRow], title: str) -> None:
    table = Table(title=title)
    for col in (
        "claim",
        "subject",
        "predicate",
        "object",
        "places",
        "source",
        "certainty",
        "document",
    ):
        table.add_column(col)
    for r in rows:
        table.add_row(
            Text(r.id),
            Text(r.subject.label if r.subject else "—"),
            Text(r.predicate),
            Text(r.object.label if r.object else "—"),
            Text(", ".join(p.label for p in r.places)),
            Text(" via ".join([r.source.label, *[v.label for v in r.via]])),
            r.certainty,
            Text(Path(r.document.path).name),
        )
    out.print(table)


def figure_tables(groups: Sequence[FigureGroup]) -> None:
    for group in groups:
        table = Table(
            title=f"{group.kind}: {group.claims} reported figures from "
            f"{group.independent_sources} independent sources"
        )
        for col in (
            "value",
            "qualifier",
            "counted",
            "source",
            "certainty",
            "cue",
            "when",
            "published",
            "document",
        ):
            table.add_column(col)
        for r in group.figures:
            value = "—" if r.value is None else f"{r.value:,.0f}"
            if r.upper is not None:
                value += f"–{r.upper:,.0f}"
            table.add_row(
                Text(value),
                r.qualifier,
                Text(r.counted),
                Text(" via ".join([r.source.label, *[v.label for v in r.via]])),
                r.certainty,
                Text(r.cue or ""),
                Text(r.time.text if r.time else ""),
                r.published or "",
                Text(Path(r.document.path).name),
            )
        out.print(table)
    if not groups:
        out.print("no figures")


def score_tables(score: FigureScore, alias_score: AliasScore | None) -> None:
    table = Table(
        title=f"figures: {score.found}/{score.gold} found, {score.source_ok}/{score.gold}"
        f" with the right source"
    )
    for col in ("doc", "gold", "found", "qualifier", "kind", "source", "got source"):
        table.add_column(col)
    for i in score.items:
        table.add_row(
            Text(i.gold.doc[:12]),
            Text(f"{i.gold.kind} {i.gold.qualifier} {i.gold.value:,.0f}"),
            _yes(i.found),
            _yes(i.qualifier_ok),
            _yes(i.kind_ok),
            _yes(i.source_ok),
            Text(i.got_source or ""),
        )
    out.print(table)
    out.print(
        Text(
            f"found {score.found}/{score.gold}  qualifier {score.qualifier_ok}  "
            f"kind {score.kind_ok}  source {score.source_ok}"
        )
    )
    if alias_score is not None:
        out.print(Text(f"aliases resolved {alias_score.resolved}/{alias_score.groups}"))
        for a in alias_score.items:
            out.print(
                Text(
                    f"  {'yes' if a.resolved else 'no '}  {a.type}: "
                    + ", ".join(f"{n} -> {'|'.join(ids) or '∅'}" for n, ids in a.entities.items())
                )
            )


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def provenance_text(prov: Provenance) -> None:
    out.print(
        Text(
            f"{prov.kind} {prov.id}: {prov.label} — {len(prov.items)} supporting spans",
            style="bold",
        )
    )
    for item in prov.items:
        sentence = Text(item.sentence)
        lo, hi = item.start - item.sentence_start, item.end - item.sentence_start
        if 0 <= lo < hi <= len(item.sentence):
            sentence.stylize("bold reverse", lo, hi)
        head = f"{item.path} [{item.start}:{item.end}] «{item.text}»"
        if item.source is not None:
            chain = " via ".join([item.source.label, *[v.label for v in item.via]])
            head += f"  source: {chain}  certainty: {item.certainty}"
            if item.cue:
                head += f"  cue: {item.cue}"
        out.print(Text(head, style="cyan"))
        out.print(Text("  ").append_text(sentence))


def saved_query_table(queries: Sequence[SavedQuery]) -> None:
    table = Table(title="saved queries")
    for col in ("name", "parameters", "description"):
        table.add_column(col)
    for q in queries:
        table.add_row(q.name, ", ".join(f"{k} ({v})" for k, v in q.params.items()), q.description)
    out.print(table)


def result_table(result: QueryResult) -> None:
    table = Table(title=f"{len(result.rows)} rows")
    for col in result.columns:
        table.add_column(col)
    for row in result.rows:
        table.add_row(*[Text("" if row[c] is None else str(row[c])) for c in result.columns])
    out.print(table)


def stats_table(s: Stats) -> None:
    table = Table(title="reportgraph store", show_header=False)
    table.add_row("documents", str(s.documents))
    table.add_row("entities", str(s.entities))
    for k, v in s.entities_by_type.items():
        table.add_row(f"  {k}", str(v))
    table.add_row("claims", str(s.claims))
    for k, v in s.claims_by_kind.items():
        table.add_row(f"  {k}", str(v))
    table.add_row("sources", str(s.sources))
    table.add_row("mentions", str(s.mentions))
    table.add_row("quads", str(s.quads))
    table.add_row("failures (last build)", str(s.failures))
    out.print(table)
