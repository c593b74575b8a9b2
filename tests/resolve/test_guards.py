"""Guards against over-merging: each keeps a pair apart and says why in ``split_reasons``."""

from __future__ import annotations

from reportgraph.resolve import EntityRecord, Resolution, resolve
from resolve_helpers import rec, together


def split(res: Resolution, a: EntityRecord, b: EntityRecord) -> str | None:
    x, y = sorted((a.id, b.id))
    found = [reason for p, q, reason in res.split_reasons if (p, q) == (x, y)]
    assert bool(found) == ((x, y) in res.splits)
    return found[0] if found else None


def test_different_types_never_merge() -> None:
    place = rec("PLACE", "Kharkiv", links={"geonames": "706483"})
    org = rec("ORGANIZATION", "Harkiv", links={"geonames": "706483"})
    res = resolve([place, org])
    assert not together(res, place, org)
    assert split(res, place, org) == "different_type"


def test_alias_evidence_does_not_cross_types() -> None:
    group = rec("GROUP", "Northern Highlanders", evidence=(("NH", "acronym", "doc/da/m/3-5"),))
    place = rec("PLACE", "NH", docs=("db",))
    res = resolve([group, place])
    assert not together(res, group, place)
    assert split(res, group, place) == "different_type"


def test_short_names_merge_only_on_exact_light_form() -> None:
    adam, adham = rec("PERSON", "Adam"), rec("PERSON", "Adham")
    assert not together(resolve([adam, adham]), adam, adham)
    qom, kom = rec("PLACE", "Qom"), rec("PLACE", "Kom")
    assert not together(resolve([qom, kom]), qom, kom)
    lome = rec("PLACE", "Lomé")
    lome_upper = rec("PLACE", "LOME").model_copy(update={"id": "place/lome-upper"})
    res = resolve([lome, lome_upper])
    assert together(res, lome, lome_upper)
    assert res.merges[0].reason == "transliteration"


def test_numbers_must_be_equal() -> None:
    a = rec("ORGANIZATION", "Brigade 44")
    b = rec("ORGANIZATION", "Brigade 4-4")
    res = resolve([a, b])  # same key "brigade44", but 44 is not 4 and 4
    assert not together(res, a, b)
    assert split(res, a, b) == "different_numbers"


def test_low_score_when_folds_rewrite_too_much() -> None:
    a, b = rec("PERSON", "Qoosheeq"), rec("PERSON", "Kushik")
    res = resolve([a, b])  # one key ("kushik") but most letters rewritten
    assert not together(res, a, b)
    assert split(res, a, b) == "low_score"


def test_ambiguous_surname_stays_apart() -> None:
    ana = rec("PERSON", "Ana Kovic", docs=("da",))
    marko = rec("PERSON", "Marko Kovic", docs=("da",))
    bare = rec("PERSON", "Kovic", docs=("da",))
    res = resolve([ana, marko, bare])
    assert len(set(res.canonical.values())) == 3
    assert split(res, bare, ana) == split(res, bare, marko) == "ambiguous_surname"


def test_ambiguous_surname_in_the_store_without_same_document_names() -> None:
    ana = rec("PERSON", "Ana Kovic", docs=("da",))
    marko = rec("PERSON", "Marko Kovic", docs=("db",))
    bare = rec("PERSON", "Kovic", docs=("dc",))
    res = resolve([ana, marko, bare])
    assert len(set(res.canonical.values())) == 3
    assert split(res, bare, ana) == "ambiguous_surname"


def test_ambiguous_acronym_stays_apart() -> None:
    one = rec(
        "ORGANIZATION", "National Unity Movement", evidence=(("NUM", "acronym", "doc/da/m/1-4"),)
    )
    two = rec(
        "ORGANIZATION",
        "Northern Uplands Militia",
        docs=("db",),
        evidence=(("NUM", "acronym", "doc/db/m/8-11"),),
    )
    bare = rec("ORGANIZATION", "NUM", docs=("dc",))
    res = resolve([one, two, bare])
    assert len(set(res.canonical.values())) == 3
    assert split(res, bare, one) == split(res, bare, two) == "ambiguous_acronym"


def test_acronym_must_fit_its_long_form() -> None:
    long = rec(
        "ORGANIZATION", "National Unity Movement", evidence=(("PKD", "acronym", "doc/da/m/1-4"),)
    )
    bare = rec("ORGANIZATION", "PKD", docs=("db",))
    res = resolve([long, bare])
    assert not together(res, long, bare)
    assert split(res, long, bare) == "acronym_mismatch"


def test_ambiguous_also_known_as() -> None:
    a = rec("PERSON", "Juma Mwinyi", evidence=(("Abu Salama", "also_known_as", "doc/da/m/1"),))
    b = rec(
        "PERSON",
        "Hamisi Bakari",
        docs=("db",),
        evidence=(("Abu Salama", "also_known_as", "doc/db/m/1"),),
    )
    nick = rec("PERSON", "Abu Salama", docs=("dc",))
    res = resolve([a, b, nick])
    assert len(set(res.canonical.values())) == 3
    assert split(res, a, nick) == "ambiguous_alias"


def test_chain_guard_on_surnames() -> None:
    # "Kovic" first joins "Marko Petrenko" through a shared id (a wrong link, say); the surname rule
    # then may not chain "Ana Kovic" into a cluster holding another surname.
    petrenko = rec("PERSON", "Marko Petrenko", docs=("db",), links={"wikidata": "Q77"})
    bare = rec("PERSON", "Kovic", docs=("da",), links={"wikidata": "Q77"})
    ana = rec("PERSON", "Ana Kovic", docs=("da",))
    res = resolve([petrenko, bare, ana])
    assert together(res, petrenko, bare)
    assert not together(res, bare, ana)
    assert split(res, bare, ana) == "different_surname"


def test_chain_guard_on_place_ids() -> None:
    # Three spellings with one key; two carry different GeoNames ids: never one cluster.
    north = rec("PLACE", "Al-Mansura", links={"geonames": "111"})
    south = rec("PLACE", "El Mansura", links={"geonames": "222"})
    bare = rec("PLACE", "Mansura")
    res = resolve([north, south, bare])
    assert not together(res, north, south)
    assert split(res, north, south) == "different_geonames"
    assert together(res, bare, north) or together(res, bare, south)
    assert res.link_conflicts == ()


def test_guard_holds_for_a_direct_different_id() -> None:
    a = rec("PLACE", "Kharkiv", links={"geonames": "1"})
    b = rec("PLACE", "Harkiv", links={"geonames": "2"})
    res = resolve([a, b])
    assert not together(res, a, b)
    assert split(res, a, b) == "different_geonames"


def _descriptor(doc: str, label: str) -> EntityRecord:
    """A descriptor record as extraction makes it: per document, subtype ``descriptor``."""
    return EntityRecord(
        id=f"group/descriptor/{doc}/{label.lower().replace(' ', '-')}",
        label=label,
        type="GROUP",
        subtype="descriptor",
        mentions=3,
        documents=(doc,),
    )


def test_descriptors_of_two_documents_never_merge() -> None:
    a, b = _descriptor("da", "civilians"), _descriptor("db", "civilians")
    named = rec("GROUP", "civilians")  # a named group of that label does not take them either
    res = resolve([a, b, named])
    assert not together(res, a, b)
    assert not together(res, a, named)
    assert split(res, a, b) == "descriptor"


def test_the_descriptor_guard_leaves_named_records_alone() -> None:
    a, b = rec("GROUP", "Hassan Clan", docs=("da",)), rec("GROUP", "Hasan Clan", docs=("db",))
    assert together(resolve([a, b]), a, b)  # a transliteration: named records still merge
    x, y = _descriptor("da", "Hassan Clan"), _descriptor("db", "Hasan Clan")
    res = resolve([x, y])
    assert not together(res, x, y)
    assert split(res, x, y) == "descriptor"


def test_vowel_folds_keep_different_surnames_apart() -> None:
    a, b = rec("PERSON", "Ali al-Hassan"), rec("PERSON", "Ali al-Hussein", docs=("db",))
    assert not together(resolve([a, b]), a, b)


def test_vowel_folds_keep_different_geonames_apart() -> None:
    a = rec("PLACE", "al-Qosair", links={"geonames": "101"})
    b = rec("PLACE", "al-Qusair", docs=("db",), links={"geonames": "202"})
    res = resolve([a, b])
    assert not together(res, a, b)
    assert "different_geonames" in {r for _, _, r in res.split_reasons}
