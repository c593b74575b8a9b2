"""The offline gazetteer: spelling-insensitive keys, ranking, subdivision suffixes, build cost."""

from __future__ import annotations

import resource
import time

import pytest

from reportgraph.nlp.lexicons import Lexicons
from reportgraph.nlp.places.gazetteer import Gazetteer, PlaceRecord, build
from reportgraph.nlp.places.name_keys import article_variants, has_article, place_key, place_keys


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ğazi Çeşme", "gazi cesme"),  # diacritics and case
        ("Khadimabad", "Hadimabad"),  # Kh/H at word start
        ("Wagadougou", "Wagadugu"),  # ou/u
        ("Nassiriya", "Nasiriya"),  # doubled letters
        ("al-Qurnah", "Qurna"),  # article and final -ah
        ("El-Obeid", "Obeid"),
        ("Ash-Shamiyah", "Shamiya"),  # assimilated article with a hyphen
        ("Tuzla's", "Tuzla"),  # possessive
        ("Banja-Luka", "Banja Luka"),  # hyphen / space
        ("Kafr Zeteh", "Kafr Zeta"),  # final -eh
    ],
)
def test_place_key_variants_meet(a: str, b: str) -> None:
    assert place_key(a) == place_key(b)


@pytest.mark.parametrize(("a", "b"), [("Mosul", "Moscow"), ("Kherson", "Herat"), ("Gao", "Goa")])
def test_place_key_keeps_different_names_apart(a: str, b: str) -> None:
    assert place_key(a) != place_key(b)


def test_bulk_keys_equal_single_keys() -> None:
    names = ["Ḩarastā", "Al Mukalla", "Pont-à-Mousson", "Ouidah's", "Xai-Xai"]
    assert place_keys(names) == [place_key(n) for n in names]


def test_articles() -> None:
    assert has_article("Al Mukalla") and has_article("ad-Diwaniyah")
    assert not has_article("Alma") and not has_article("Edirne")
    assert article_variants("Ad Dammam") == [place_key("Dammam")]
    assert article_variants("Al Mukalla") == []  # "al" is already dropped by the key


def _synthetic() -> Gazetteer:
    gaz = Gazetteer()
    gaz.add(PlaceRecord("1", "Veloria", "country", None, None, "VV", None, 1000), ["Veloria"])
    gaz.add(PlaceRecord(None, "Zandar", "admin1", None, None, "VV", "Zandar", 0), ["Zandar"])
    gaz.add(PlaceRecord("2", "Zandar", "city", 1.0, 2.0, "VV", "Zandar", 90000), ["Zandar"])
    gaz.add(PlaceRecord("3", "Zandar", "city", 3.0, 4.0, "WW", None, 200000), ["Zandar"])
    gaz.add(
        PlaceRecord("4", "Qasr Umar", "city", 5.0, 6.0, "VV", None, 40000),
        ["Qasr Umar"],
        ["Kasr Oumar"],
    )
    return gaz


def test_ranking_and_main_names() -> None:
    gaz = _synthetic()
    kinds = [(r.kind, r.country) for r in gaz.lookup("zandar")]
    assert kinds == [("admin1", "VV"), ("city", "WW"), ("city", "VV")]
    assert gaz.best("Veloria") is not None and gaz.best("Veloria").kind == "country"  # type: ignore[union-attr]
    matches = gaz.matches("Qasr Umar")
    assert [m.primary for m in matches] == [True]
    alternate = gaz.matches("Kasr Umar")  # an alternate spelling: found, not a main name
    assert [(m.record.geonames_id, m.primary) for m in alternate] == [("4", False)]
    assert gaz.lookup("Zandar Governorate")[0].kind == "admin1"
    assert gaz.lookup("Nowhere Province") == []
    assert gaz.best("Unknownia") is None


def test_real_variants(lexicons: Lexicons) -> None:
    real = lexicons.places
    first = real.best("Medellin")
    assert first is not None and first.country == "CO" and first.geonames_id
    assert real.best("Harkiv") == real.best("Kharkiv")
    tbilisi = next(r for r in real.lookup("Tbilisi") if r.kind == "city")
    assert tbilisi.country == "GE" and tbilisi.latitude is not None
    assert any(r.country == "BF" for r in real.lookup("Wagadugu"))  # alternate name


def test_real_countries_and_subdivisions(lexicons: Lexicons) -> None:
    real = lexicons.places
    georgia = real.best("Georgia")
    assert georgia is not None and georgia.kind == "country" and georgia.country == "GE"
    assert {r.country for r in real.lookup("Georgia") if r.kind == "admin1"} == {"US"}
    for name, country in [("Rakhine State", "MM"), ("Borno State", "NG"), ("Kidal Region", "ML")]:
        best = real.best(name)
        assert best is not None and (best.kind, best.country) == ("admin1", country), name
    assert real.best("Britain") is not None and real.best("Britain").country == "GB"  # type: ignore[union-attr]
    salvador = real.best("Salvador")
    assert salvador is not None and salvador.country == "BR"  # a main name beats "El Salvador"
    assert real.best("El Salvador").kind == "country"  # type: ignore[union-attr]


def test_build_cost_measured(lexicons: Lexicons) -> None:
    short_names = lexicons.typing.country_short_names
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    gaz = build(short_names)
    seconds = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"gazetteer: {len(gaz)} records built in {seconds:.2f} s; "
        f"peak RSS {rss_after / 1e3:.0f} MB (+{(rss_after - rss_before) / 1e3:.0f} MB)"
    )
    assert len(gaz) > 50_000
    assert sum(1 for r in gaz.records() if r.kind == "country") > 240
