"""Claims as one flat table, one row per claim: for spreadsheets (CSV), Parquet and pandas.

:data:`COLUMNS` is the one list of columns, with their types. Lists become text: the ``via``
chain is written from the original source's channel to the publication, joined by " → "; other
lists (places, entities a statement is about, event participants, and their ids) are joined by
"; ". Offsets are document characters, as in the JSONL rows.

CSV is written for spreadsheets: a text cell that a spreadsheet would run as a formula (one that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, and is not a number) is
written with a leading apostrophe, which spreadsheets show as text. Parquet and the DataFrame
keep every value exactly as it is. Parquet is written by DuckDB (the ``parquet`` extra: one
wheel of about 25 MB and no further dependencies, against about 55 MB for pyarrow), from a CSV
of the exact values with declared column types.
"""

from __future__ import annotations

import csv
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from reportgraph.errors import ExportError
from reportgraph.rows import ClaimRow, Ref

LIST_SEPARATOR = "; "
CHAIN_SEPARATOR = " → "

#: (column, DuckDB type) in table order.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("claim", "VARCHAR"),
    ("kind", "VARCHAR"),
    ("predicate", "VARCHAR"),
    ("subject_id", "VARCHAR"),
    ("subject", "VARCHAR"),
    ("object_id", "VARCHAR"),
    ("object", "VARCHAR"),
    ("quantity", "VARCHAR"),
    ("value", "DOUBLE"),
    ("qualifier", "VARCHAR"),
    ("upper", "DOUBLE"),
    ("unit", "VARCHAR"),
    ("places", "VARCHAR"),
    ("place_ids", "VARCHAR"),
    ("time", "VARCHAR"),
    ("time_value", "VARCHAR"),
    ("source_id", "VARCHAR"),
    ("source", "VARCHAR"),
    ("source_entity_id", "VARCHAR"),
    ("via", "VARCHAR"),
    ("via_ids", "VARCHAR"),
    ("cue", "VARCHAR"),
    ("certainty", "VARCHAR"),
    ("segment", "VARCHAR"),
    ("document", "VARCHAR"),
    ("path", "VARCHAR"),
    ("published", "VARCHAR"),
    ("sentence", "VARCHAR"),
    ("sentence_start", "BIGINT"),
    ("sentence_end", "BIGINT"),
    ("content", "VARCHAR"),
    ("content_start", "BIGINT"),
    ("content_end", "BIGINT"),
    ("about", "VARCHAR"),
    ("about_ids", "VARCHAR"),
    ("participants", "VARCHAR"),
    ("participant_ids", "VARCHAR"),
)
COLUMN_NAMES = tuple(name for name, _ in COLUMNS)
_FORMULA = re.compile(r"^[=+\-@\t\r]")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def _labels(refs: Iterable[Ref]) -> str:
    return LIST_SEPARATOR.join(r.label for r in refs)


def _ids(refs: Iterable[Ref]) -> str:
    return LIST_SEPARATOR.join(r.id for r in refs)


def flat_claim(claim: ClaimRow, published: str | None = None) -> dict[str, Any]:
    """One claim as a row of :data:`COLUMNS` (None where the claim has no value)."""
    q, t, c = claim.quantity, claim.time, claim.content
    return {
        "claim": claim.id,
        "kind": claim.kind,
        "predicate": claim.predicate,
        "subject_id": claim.subject.id if claim.subject else None,
        "subject": claim.subject.label if claim.subject else None,
        "object_id": claim.object.id if claim.object else None,
        "object": claim.object.label if claim.object else None,
        "quantity": q.text if q else None,
        "value": q.value if q else None,
        "qualifier": q.qualifier if q else None,
        "upper": q.upper if q else None,
        "unit": q.unit if q else None,
        "places": _labels(claim.places),
        "place_ids": _ids(claim.places),
        "time": t.text if t else None,
        "time_value": t.value if t else None,
        "source_id": claim.source.id,
        "source": claim.source.label,
        "source_entity_id": claim.source_entity.id if claim.source_entity else None,
        "via": CHAIN_SEPARATOR.join(r.label for r in claim.via),
        "via_ids": CHAIN_SEPARATOR.join(r.id for r in claim.via),
        "cue": claim.cue,
        "certainty": claim.certainty,
        "segment": claim.segment,
        "document": claim.document.id,
        "path": claim.document.path,
        "published": published,
        "sentence": claim.evidence.sentence,
        "sentence_start": claim.evidence.start,
        "sentence_end": claim.evidence.end,
        "content": c.text if c else None,
        "content_start": c.start if c else None,
        "content_end": c.end if c else None,
        "about": _labels(claim.about),
        "about_ids": _ids(claim.about),
        "participants": LIST_SEPARATOR.join(f"{p.label} ({p.role})" for p in claim.participants),
        "participant_ids": LIST_SEPARATOR.join(p.id for p in claim.participants),
    }


def flat_claims(
    claims: Sequence[ClaimRow], published: Mapping[str, str | None]
) -> list[dict[str, Any]]:
    return [flat_claim(c, published.get(c.document.id)) for c in claims]


def spreadsheet_safe(value: Any) -> Any:
    """``value``, with a leading apostrophe when a spreadsheet would run the text as a formula."""
    if isinstance(value, str) and _FORMULA.match(value) and not _NUMBER.match(value):
        return "'" + value
    return value


def _write(rows: Iterable[dict[str, Any]], path: Path, *, safe: bool) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMN_NAMES)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: spreadsheet_safe(v) if safe else v for k, v in row.items()})


def write_csv(rows: Iterable[dict[str, Any]], path: Path) -> Path:
    """CSV (UTF-8, a header row, RFC 4180 quoting), safe to open in a spreadsheet."""
    try:
        _write(rows, path, safe=True)
    except OSError as err:
        raise ExportError(f"Could not write CSV to {path}: {err}", "Check the path.") from err
    return path


def write_parquet(rows: Iterable[dict[str, Any]], path: Path) -> Path:
    """Parquet with the types of :data:`COLUMNS` (needs the ``parquet`` extra: DuckDB)."""
    try:
        import duckdb
    except ImportError as err:
        raise ExportError(
            "Parquet export needs DuckDB, which is not installed.",
            "Install the extra: pip install 'reportgraph[parquet]'.",
            code="RG605",
        ) from err
    types = ", ".join(f"'{name}': '{kind}'" for name, kind in COLUMNS)
    with tempfile.TemporaryDirectory(prefix="rg-parquet-") as tmp:
        staged = Path(tmp) / "claims.csv"
        _write(rows, staged, safe=False)
        target = str(path).replace("'", "''")
        source = str(staged).replace("'", "''")
        try:
            with duckdb.connect() as con:
                con.execute(
                    f"COPY (SELECT * FROM read_csv('{source}', header = true, quote = '\"',"
                    f" escape = '\"', columns = {{{types}}}, strict_mode = true))"
                    f" TO '{target}' (FORMAT parquet)"
                )
        except (duckdb.Error, OSError) as err:
            raise ExportError(
                f"Could not write Parquet to {path}: {err}", "Check the path."
            ) from err
    return path


def claims_frame(rows: Sequence[dict[str, Any]]) -> Any:
    """A pandas DataFrame of the rows (needs pandas: ``pip install 'reportgraph[frame]'``)."""
    try:
        import pandas as pd
    except ImportError as err:
        raise ExportError(
            "claims_frame needs pandas, which is not installed.",
            "Install the extra: pip install 'reportgraph[frame]'.",
            code="RG606",
        ) from err
    return pd.DataFrame.from_records(list(rows), columns=list(COLUMN_NAMES))
