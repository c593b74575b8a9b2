"""The gazetteer's disk cache: exact round trip, corruption detected, never an error."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from reportgraph.nlp.lexicons import Lexicons
from reportgraph.nlp.places import gazetteer_cache as gc
from reportgraph.nlp.places.gazetteer import Gazetteer, PlaceRecord, build

SMALL: gc.State = (
    [
        ("1", "Lakeside", "city", 1.5, -2.25, "ZZ", None, 12000),
        (None, "North", "admin1", None, None, "ZZ", "North", 0),
    ],
    {"lakeside": [0 | 1], "north": [4 | 1]},
)


def test_a_real_build_round_trips_exactly(tmp_path: Path, lexicons: Lexicons) -> None:
    state = build(lexicons.typing.country_short_names).state()
    path = tmp_path / "g.marshal"
    assert gc.write_state(path, state)
    assert gc.read_state(path) == state
    loaded = Gazetteer.from_state(gc.read_state(path) or SMALL)
    assert [r.name for r in loaded.records()][:50] == [r[1] for r in state[0][:50]]


def test_cached_builds_once_then_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(gc.ENV, str(tmp_path))
    calls: list[int] = []

    def make() -> gc.State:
        calls.append(1)
        return SMALL

    assert gc.cached(make) == SMALL
    assert gc.cached(make) == SMALL
    assert calls == [1]
    (path,) = tmp_path.glob("gazetteer-*.marshal")
    assert path == gc.cache_path()


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated (a killed writer)
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),  # one flipped bit
        lambda data: b"not a cache at all",
        lambda data: b"",
    ],
)
def test_a_damaged_cache_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: object
) -> None:
    monkeypatch.setenv(gc.ENV, str(tmp_path))
    path = gc.cache_path()
    assert path is not None
    assert gc.write_state(path, SMALL)
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    assert gc.read_state(path) is None
    other: gc.State = ([("2", "Hilltop", "city", 0.0, 0.0, "ZZ", None, 5000)], {"hilltop": [1]})
    assert gc.cached(lambda: other) == other
    assert gc.read_state(path) == other  # rewritten


def test_an_unwritable_cache_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv(gc.ENV, str(blocker / "below"))  # mkdir fails: a file is in the way
    assert gc.cached(lambda: SMALL) == SMALL
    assert not (blocker / "below").exists()


def test_empty_setting_turns_the_cache_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(gc.ENV, "")
    monkeypatch.chdir(tmp_path)
    assert gc.cache_path() is None
    assert gc.cached(lambda: SMALL) == SMALL
    assert list(tmp_path.iterdir()) == []


def test_default_folder_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(gc.ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert gc.cache_dir() == tmp_path / "reportgraph"


def test_fingerprint_follows_package_versions(monkeypatch: pytest.MonkeyPatch) -> None:
    before = gc.fingerprint()
    monkeypatch.setattr(gc, "_package_version", lambda name: "0.0-other")
    assert gc.fingerprint() != before


def test_fingerprint_follows_the_inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the caller builds from (the typing lexicon's country short names) names the file:
    other inputs, another cache entry."""
    monkeypatch.setenv(gc.ENV, str(tmp_path))
    assert gc.fingerprint(b'{"Veloria": "VV"}') != gc.fingerprint(b'{"Zandar": "VV"}')
    assert gc.cache_path(b"a") != gc.cache_path(b"b")
    calls: list[bytes] = []

    def make(inputs: bytes) -> gc.State:
        calls.append(inputs)
        return SMALL

    for inputs in (b"a", b"b", b"a", b"b"):
        assert gc.cached(partial(make, inputs), inputs) == SMALL
    assert calls == [b"a", b"b"]
    assert len(list(tmp_path.glob("gazetteer-*.marshal"))) == 2


def test_records_from_the_cache_are_made_once() -> None:
    gaz = Gazetteer.from_state(SMALL)
    first = gaz.lookup("Lakeside")
    assert first == [PlaceRecord("1", "Lakeside", "city", 1.5, -2.25, "ZZ", None, 12000)]
    assert gaz.lookup("Lakeside")[0] is first[0]  # identity is stable (callers dedupe by id)
    assert len(gaz) == 2


def test_matches_are_remembered_until_a_place_is_added() -> None:
    gaz = Gazetteer.from_state(SMALL)
    assert [r.name for r in gaz.lookup("Lakeside")] == ["Lakeside"]
    gaz.add(PlaceRecord("9", "Lakeside", "city", 0.0, 0.0, "YY", None, 90000), ["Lakeside"])
    assert [r.country for r in gaz.lookup("Lakeside")] == ["YY", "ZZ"]  # bigger first, not stale
