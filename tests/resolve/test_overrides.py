"""The overrides file: merge, split, label and link, and clear errors for bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgraph.errors import InputError
from reportgraph.resolve import load_overrides, parse_overrides, resolve
from resolve_helpers import rec, together

MUN = rec("ORGANIZATION", "Movimiento de Unidad Nacional", mentions=2)
NUM = rec("ORGANIZATION", "National Unity Movement", mentions=3)
NUM_GROUP = rec("GROUP", "National Unity Movement")


def test_load_all_four_tables(tmp_path: Path) -> None:
    path = tmp_path / "overrides.toml"
    path.write_text(
        "# analyst decisions\n"
        "[[merge]]\n"
        'ids = ["organization/national-unity-movement", "Movimiento de Unidad Nacional"]\n'
        "\n"
        "[[split]]\n"
        'ids = ["person/ana-kovic", "person/anna-kovic"]\n'
        "\n"
        "[[label]]\n"
        'id = "place/harkiv"\n'
        'label = "Kharkiv"\n'
        "\n"
        "[[link]]\n"
        'id = "organization/national-unity-movement"\n'
        'wikidata = "Q123"\n'
        'geonames = "456"\n',
        encoding="utf-8",
    )
    ov = load_overrides(path)
    assert [(e.action, e.line) for e in ov.entries] == [
        ("merge", 2),
        ("split", 5),
        ("label", 8),
        ("link", 12),
    ]
    assert ov.of("link")[0].links == {"wikidata": "Q123", "geonames": "456"}
    assert ov.of("label")[0].label == "Kharkiv"
    assert ov.path == str(path)


def test_force_merge_by_id_and_by_label_but_not_across_types() -> None:
    ov = parse_overrides(
        "[[merge]]\n"
        'ids = ["organization/national-unity-movement", "movimiento de unidad nacional"]\n'
    )
    res = resolve([MUN, NUM], ov)
    assert together(res, MUN, NUM)
    (merge,) = res.merges
    assert (merge.reason, merge.evidence, merge.canonical) == ("override", ("overrides:1",), NUM.id)
    # the label matches records of two types: only those of one type merge
    ov_label = parse_overrides('[[merge]]\nids = ["National Unity Movement", "NUM Party"]\n')
    num_party = rec("ORGANIZATION", "NUM Party")
    res = resolve([NUM, NUM_GROUP, num_party], ov_label)
    assert together(res, NUM, num_party)
    assert not together(res, NUM, NUM_GROUP)
    assert (NUM_GROUP.id, NUM.id, "different_type") in res.split_reasons


def test_allow_type_change_merges_across_types() -> None:
    ov = parse_overrides(
        "[[merge]]\n"
        'ids = ["group/national-unity-movement", "organization/national-unity-movement"]\n'
        "allow_type_change = true\n"
    )
    res = resolve([NUM, NUM_GROUP], ov)
    assert together(res, NUM, NUM_GROUP)


def test_force_merge_passes_the_surname_guard() -> None:
    a, b = rec("PERSON", "Ivan Sidorenko"), rec("PERSON", "Ivan Petrenko")
    res = resolve([a, b], parse_overrides('[[merge]]\nids = ["Ivan Sidorenko", "Ivan Petrenko"]'))
    assert together(res, a, b)


def test_split_beats_rules_and_merges() -> None:
    a, b = rec("PERSON", "Ana Kovic"), rec("PERSON", "Anna Kovic")
    assert together(resolve([a, b]), a, b)  # transliteration without the override
    ov = parse_overrides(
        '[[split]]\nids = ["person/ana-kovic", "person/anna-kovic"]\n'
        '[[merge]]\nids = ["person/ana-kovic", "person/anna-kovic"]\n'
    )
    res = resolve([a, b], ov)
    assert not together(res, a, b)
    assert res.splits == ((a.id, b.id),)
    assert res.split_reasons == ((a.id, b.id, "override_split"),)


def test_split_of_three_names_keeps_each_apart() -> None:
    a, b, c = rec("PLACE", "Kharkiv"), rec("PLACE", "Harkiv"), rec("PLACE", "Kharkkiv")
    ov = parse_overrides('[[split]]\nids = ["Kharkiv", "Harkiv", "Kharkkiv"]\n')
    res = resolve([a, b, c], ov)
    assert len(set(res.canonical.values())) == 3


def test_label_override_sets_the_cluster_label() -> None:
    a, b = rec("PLACE", "Harkiv", mentions=5), rec("PLACE", "Kharkiv")
    ov = parse_overrides('[[label]]\nid = "place/kharkiv"\nlabel = "Kharkiv (city)"\n')
    res = resolve([a, b], ov)
    assert res.canonical[b.id] == a.id  # the label does not change the canonical id
    assert res.labels == {a.id: "Kharkiv (city)"}


def test_link_override_adds_ids_and_can_merge() -> None:
    ov = parse_overrides(
        '[[link]]\nid = "organization/national-unity-movement"\nwikidata = "Q123"\n'
        '[[link]]\nid = "Movimiento de Unidad Nacional"\nwikidata = "Q123"\n'
    )
    res = resolve([MUN, NUM], ov)
    assert together(res, MUN, NUM)
    assert res.merges[0].reason == "shared_link"
    assert res.links == {NUM.id: {"wikidata": "Q123"}}


def test_link_override_replaces_a_wrong_gazetteer_id() -> None:
    a = rec("PLACE", "Kharkiv", links={"geonames": "1"})
    b = rec("PLACE", "Harkiv", links={"geonames": "2"})
    ov = parse_overrides('[[link]]\nid = "place/harkiv"\ngeonames = "1"\n')
    res = resolve([a, b], ov)
    assert together(res, a, b)


def test_forced_merge_of_conflicting_ids_keeps_none() -> None:
    a = rec("PLACE", "Kharkiv", mentions=2, links={"geonames": "1", "wikidata": "Q5"})
    b = rec("PLACE", "Harkiv", links={"geonames": "2"})
    res = resolve([a, b], parse_overrides('[[merge]]\nids = ["place/kharkiv", "place/harkiv"]'))
    assert together(res, a, b)
    assert res.links == {a.id: {"wikidata": "Q5"}}
    assert res.link_conflicts == ((a.id, "geonames", ("1", "2")),)


def test_unmatched_names_are_reported() -> None:
    ov = parse_overrides(
        '\n[[merge]]\nids = ["organization/nope", "Movimiento de Unidad Nacional"]'
    )
    res = resolve([MUN], ov)
    assert res.unmatched == ("line 2: organization/nope",)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('[[merge]]\nids = ["a", \n', None, "not valid TOML"),
        ('[[merge]]\nids = ["a", "b"]\n\n[[merge]]\nids = ["only-one"]\n', 4, "at least two"),
        ('[[label]]\nid = "place/x"\nlabel = "X"\ncolour = "red"\n', 1, "unknown key 'colour'"),
        ('[[link]]\nid = "place/x"\nwikidata = "123"\n', 1, "not a wikidata id"),
        ('[[link]]\nid = "place/x"\n', 1, "needs geonames or wikidata"),
        ('[[rename]]\nid = "place/x"\n', 1, "unknown table 'rename'"),
        ('merge = "place/x"\n', None, "write each merge as [[merge]]"),
        ('[[merge]]\nids = ["a", "b"]\nallow_type_change = "yes"\n', 1, "true or false"),
    ],
)
def test_bad_files_raise_rg110_with_their_line(text: str, line: int | None, words: str) -> None:
    with pytest.raises(InputError) as info:
        parse_overrides(text, "ov.toml")
    err = info.value
    assert err.code == "RG110"
    assert words in err.cause
    assert err.cause.startswith("Overrides file ov.toml")
    if line is not None:
        assert f"ov.toml line {line}:" in err.cause
    assert err.fix


def test_toml_syntax_error_reports_the_position(tmp_path: Path) -> None:
    path = tmp_path / "o.toml"
    path.write_text('[[split]]\nids = ["a", "b"]\n[[label]\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_overrides(path)
    assert info.value.code == "RG110"
    assert "line 3" in info.value.cause


def test_missing_file_is_rg110(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load_overrides(tmp_path / "absent.toml")
    assert info.value.code == "RG110"
