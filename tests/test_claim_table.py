"""Claims as one flat table: the rows, CSV for spreadsheets, Parquet and pandas (invented data)."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest
from tests.views.rowdata import (
    FARMERS,
    HALE,
    MONITOR,
    NEWS,
    RANGERS,
    VEYRA,
    claim,
    event,
    figure,
    statement,
    timed,
)

from reportgraph.claim_table import (
    COLUMN_NAMES,
    claims_frame,
    flat_claim,
    flat_claims,
    spreadsheet_safe,
    write_csv,
    write_parquet,
)
from reportgraph.errors import ExportError
from reportgraph.rows import Ref

WITNESS = Ref(id="anonymous/d1-a-ferryman", label="a ferryman")


def rows() -> list[dict[str, object]]:
    claims = [
        claim(
            "c1", RANGERS, "attacked", FARMERS, places=[VEYRA], source=MONITOR, via=[WITNESS, NEWS]
        ),
        timed(
            figure(claim("f1", None, "killed", FARMERS, source=MONITOR)), "2021-03-01/2021-03-04"
        ),
        event(claim("e1", None, "raid", None, doc="d2"), (RANGERS, "agent"), (HALE, "victim")),
        statement(
            claim("s1", None, "say", None, sentence='=SUM(A1) "quoted", café\nline'), HALE, RANGERS
        ),
        claim("n1", HALE, "met", RANGERS, sentence="-3 degrees at dawn, +5 by noon; @dawn"),
    ]
    return flat_claims(claims, {"d2": "2021-03-05"})


def test_a_claim_flattened() -> None:
    first, fig, ev, said, _ = rows()
    assert list(first) == list(COLUMN_NAMES)
    assert (first["subject"], first["object"], first["places"]) == (
        "Aldmark Rangers",
        "lowland farmers",
        "Port Veyra",
    )
    assert first["via"] == "a ferryman → Valdor News"
    assert first["via_ids"] == f"{WITNESS.id} → {NEWS.id}"
    assert first["published"] is None and first["value"] is None
    assert (fig["quantity"], fig["value"], fig["qualifier"]) == ("at least 12", 12, "at least")
    assert fig["time_value"] == "2021-03-01/2021-03-04"
    assert ev["participants"] == "Aldmark Rangers (agent); Corvin Hale (victim)"
    assert ev["participant_ids"] == f"{RANGERS.id}; {HALE.id}" and ev["published"] == "2021-03-05"
    assert (said["about"], said["content"], said["source_entity_id"]) == (
        "Aldmark Rangers",
        "words",
        HALE.id,
    )


def test_spreadsheet_formulas_are_defused_but_numbers_stay() -> None:
    assert spreadsheet_safe("=SUM(A1)") == "'=SUM(A1)"
    assert spreadsheet_safe("@dawn") == "'@dawn"
    assert spreadsheet_safe("-3 degrees") == "'-3 degrees"
    assert spreadsheet_safe("-3") == "-3" and spreadsheet_safe("+2.5e3") == "+2.5e3"
    assert spreadsheet_safe("plain") == "plain" and spreadsheet_safe(7) == 7


def test_csv_reads_back_row_for_row(tmp_path: Path) -> None:
    expected = rows()
    path = write_csv(expected, tmp_path / "c.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        back = list(csv.DictReader(handle))
    assert [r["claim"] for r in back] == [r["claim"] for r in expected]
    for got, row in zip(back, expected, strict=True):
        for name in COLUMN_NAMES:
            want = spreadsheet_safe(row[name])
            assert got[name] == ("" if want is None else str(want)), name
    assert back[3]["sentence"] == "'" + str(expected[3]["sentence"])  # the formula, defused


def test_parquet_keeps_every_value_and_type(tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    expected = rows()
    path = write_parquet(expected, tmp_path / "c.parquet")
    with duckdb.connect() as con:
        result = con.execute(f"SELECT * FROM read_parquet('{path}')")
        names = [d[0] for d in result.description]
        back = [dict(zip(names, r, strict=True)) for r in result.fetchall()]
    assert names == list(COLUMN_NAMES)
    for got, row in zip(back, expected, strict=True):
        assert got == {k: (None if v == "" else v) for k, v in row.items()}
    assert back[3]["sentence"].startswith("=SUM(A1)")  # exact: no apostrophe in Parquet
    assert isinstance(back[0]["sentence_start"], int) and back[1]["value"] == 12.0


def test_parquet_without_duckdb_is_a_coded_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "duckdb", None)
    with pytest.raises(ExportError) as caught:
        write_parquet(rows(), tmp_path / "c.parquet")
    assert caught.value.code == "RG605" and "reportgraph[parquet]" in str(caught.value.fix)
    assert not (tmp_path / "c.parquet").exists()


def test_frame_and_its_missing_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pandas")
    frame = claims_frame(rows())
    assert list(frame.columns) == list(COLUMN_NAMES) and len(frame) == 5
    assert frame.loc[frame["claim"] == "f1", "value"].item() == 12
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ExportError) as caught:
        claims_frame(rows())
    assert caught.value.code == "RG606"


def test_flat_claim_of_a_bare_claim() -> None:
    row = flat_claim(claim("b1", None, "said", None))
    assert row["subject"] is None and row["places"] == "" and row["via"] == ""
