"""The evaluation counts what matches and only that (gold files written here, invented)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportgraph.errors import InputError
from reportgraph.evaluate import score_aliases, score_figures
from reportgraph.rows import DocRef, EntityRow, FigureRow, LinksRow, Ref

SENTENCE = "The River Monitor said at least 42 civilians were killed in Eastport on Monday."


def _row(
    value: float,
    source: str,
    *,
    kind: str = "killed",
    qualifier: str = "at least",
    doc: str = "a.txt",
    sentence: str = SENTENCE,
) -> FigureRow:
    return FigureRow(
        claim=f"c-{value}-{source}",
        kind=kind,
        counted="civilians",
        value=value,
        qualifier=qualifier,
        upper=None,
        text=f"{value} civilians",
        source=Ref(id=source, label=source.split("/", 1)[1].replace("-", " ").title()),
        via=[],
        cue="said",
        certainty="reported",
        time=None,
        published=None,
        places=[],
        segment="body",
        document=DocRef(id="d", path=f"/x/{doc}"),
        sentence=sentence,
        start=0,
        end=len(sentence),
    )


def _gold(tmp_path: Path, *items: dict[str, object]) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(i) for i in items) + "\n", encoding="utf-8")
    return path


GOLD = {
    "doc": "a.txt",
    "kind": "killed",
    "value": 42,
    "qualifier": "at least",
    "sources": ["River Monitor", "RM"],
    "evidence": "at least 42 civilians were killed",
}


def test_found_with_right_source(tmp_path: Path) -> None:
    score = score_figures(_gold(tmp_path, GOLD), [_row(42, "organization/river-monitor")])
    assert (score.gold, score.found, score.qualifier_ok, score.kind_ok, score.source_ok) == (
        1,
        1,
        1,
        1,
        1,
    )


def test_wrong_source_value_or_document_do_not_count(tmp_path: Path) -> None:
    gold = _gold(tmp_path, GOLD)
    assert score_figures(gold, [_row(42, "publication/daily")]).source_ok == 0
    assert score_figures(gold, [_row(41, "organization/river-monitor")]).found == 0
    assert score_figures(gold, [_row(42, "organization/river-monitor", doc="b.txt")]).found == 0
    other = "Officials said 42 homes were destroyed."
    assert score_figures(gold, [_row(42, "organization/river-monitor", sentence=other)]).found == 0


def test_unattributed_gold_wants_no_named_source(tmp_path: Path) -> None:
    gold = _gold(tmp_path, {**GOLD, "sources": []})
    assert score_figures(gold, [_row(42, "publication/daily")]).source_ok == 1
    assert score_figures(gold, [_row(42, "unnamed/doc-reports")]).source_ok == 1
    assert score_figures(gold, [_row(42, "organization/river-monitor")]).source_ok == 0


def test_qualifier_synonyms(tmp_path: Path) -> None:
    gold = _gold(tmp_path, {**GOLD, "qualifier": "approximately"})
    assert (
        score_figures(
            gold, [_row(42, "organization/river-monitor", qualifier="about")]
        ).qualifier_ok
        == 1
    )
    assert (
        score_figures(gold, [_row(42, "organization/river-monitor", qualifier="over")]).qualifier_ok
        == 0
    )


def test_account_handles_match(tmp_path: Path) -> None:
    gold = _gold(tmp_path, {**GOLD, "sources": ["Field News", "field_news"]})
    row = _row(42, "account/field-news").model_copy(
        update={"source": Ref(id="account/field-news", label="Field Desk (@field_news)")}
    )
    assert score_figures(gold, [row]).source_ok == 1


def test_bad_gold_line_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"doc": "a.txt"}\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        score_figures(path, [])
    assert info.value.code == "RG109" and "line 1" in info.value.cause


def _entity(eid: str, label: str, type_: str, *aliases: str) -> EntityRow:
    return EntityRow(
        id=eid,
        label=label,
        type=type_,
        subtype=None,
        aliases=list(aliases),
        mentions=[],
        links=LinksRow(geonames=None, wikidata=None),
        coordinates=None,
    )


def test_alias_groups(tmp_path: Path) -> None:
    path = tmp_path / "aliases.json"
    path.write_text(
        json.dumps(
            [
                {"type": "ORGANIZATION", "names": ["Northern Alliance Front", "NAF"]},
                {"type": "PLACE", "names": ["Qaryat", "Qariat"]},
                {"type": "PERSON", "names": ["Lena Ortiz"]},
            ]
        ),
        encoding="utf-8",
    )
    entities = [
        _entity("organization/naf", "Northern Alliance Front", "ORGANIZATION", "NAF"),
        _entity("place/qaryat", "Qaryat", "PLACE"),
        _entity("place/qariat", "Qariat", "PLACE"),
        _entity("person/lena-ortiz", "Lena Ortiz", "PERSON"),
    ]
    score = score_aliases(path, entities)
    assert [i.resolved for i in score.items] == [True, False, True]
    assert score.resolved == 2 and score.groups == 3
