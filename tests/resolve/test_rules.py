"""Resolution rules: each one merges what it should, with its reason and evidence."""

from __future__ import annotations

from reportgraph.resolve import resolve
from resolve_helpers import reasons, rec, together


def test_lone_records_are_their_own_canonical() -> None:
    a, b = rec("PERSON", "Wanjiru Otieno"), rec("PLACE", "Mombasa")
    res = resolve([a, b])
    assert res.canonical == {a.id: a.id, b.id: b.id}
    assert res.labels == {a.id: "Wanjiru Otieno", b.id: "Mombasa"}
    assert res.merges == () and res.splits == ()


def test_acronym_in_another_document_joins_its_long_form() -> None:
    mention = "doc/da/m/40-43"
    long = rec(
        "ORGANIZATION",
        "National Unity Movement",
        mentions=3,
        evidence=(("NUM", "acronym", mention),),
    )
    bare = rec("ORGANIZATION", "NUM", docs=("db",), mentions=2)
    res = resolve([long, bare])
    assert res.canonical[bare.id] == long.id
    assert res.labels[long.id] == "National Unity Movement"
    (merge,) = res.merges
    assert (merge.canonical, merge.member, merge.reason) == (long.id, bare.id, "acronym")
    assert merge.evidence == (mention,)
    assert merge.score == 1.0


def test_acronym_holder_labelled_with_the_acronym() -> None:
    holder = rec(
        "ORGANIZATION",
        "FLD",
        mentions=5,
        evidence=(("Front for the Liberation of Dorvia", "acronym", "doc/da/m/1-4"),),
    )
    long = rec("ORGANIZATION", "Front for the Liberation of Dorvia", docs=("db",))
    res = resolve([holder, long])
    assert together(res, holder, long)
    assert res.canonical[long.id] == holder.id  # most mentions wins
    assert reasons(res) == ["acronym"]


def test_formerly_joins_a_renamed_person_across_the_surname_guard() -> None:
    now = rec(
        "PERSON",
        "Ivan Sidorenko",
        mentions=4,
        evidence=(("Ivan Petrenko", "formerly", "doc/da/m/9-22"),),
    )
    before = rec("PERSON", "Ivan Petrenko", docs=("db",))
    res = resolve([now, before])
    assert together(res, now, before)
    assert reasons(res) == ["formerly"]
    assert res.merges[0].evidence == ("doc/da/m/9-22",)


def test_also_known_as_joins_a_nickname() -> None:
    person = rec(
        "PERSON",
        "Juma Mwinyi",
        evidence=(("Abu Salama", "also_known_as", "doc/da/m/0-11"),),
    )
    nickname = rec("PERSON", "Abu Salama", docs=("dc",))
    res = resolve([person, nickname])
    assert together(res, person, nickname)
    assert reasons(res) == ["also_known_as"]


def test_other_evidence_reasons_do_not_merge_across_documents() -> None:
    person = rec("PERSON", "Juma Mwinyi", evidence=(("the minister", "apposition", "doc/da/m/1"),))
    other = rec("PERSON", "the minister", docs=("db",))
    assert not together(resolve([person, other]), person, other)


def test_shared_geonames_id_merges_places_with_unrelated_spellings() -> None:
    french = rec("PLACE", "Ouagadougou", mentions=3, links={"geonames": "2357048"})
    english = rec("PLACE", "Wagadugu", docs=("db",), links={"geonames": "2357048"})
    res = resolve([french, english])
    assert together(res, french, english)
    assert reasons(res) == ["shared_link"]
    assert res.merges[0].evidence == ("geonames:2357048",)
    assert res.links == {french.id: {"geonames": "2357048"}}
    # without the link the spellings stay apart (different keys, see test_resolve_keys)
    plain = resolve([rec("PLACE", "Ouagadougou"), rec("PLACE", "Wagadugu")])
    assert len(set(plain.canonical.values())) == 2


def test_transliteration_variants_merge_with_their_score() -> None:
    pairs = [
        ("PERSON", "Khalid Mansoor", "Halid Mansur"),
        ("PLACE", "Kharkiv", "Harkiv"),
        ("PLACE", "Al-Fashir", "Fashir"),
        ("PERSON", "Abdul Karim Salah", "Abdulkarim Salah"),
        ("ORGANIZATION", "Dmitriy Volkov Foundation", "Dmitry Volkov Foundation"),
    ]
    for type_, a_label, b_label in pairs:
        a, b = rec(type_, a_label, mentions=2), rec(type_, b_label, docs=("db",))
        res = resolve([a, b])
        assert together(res, a, b), (a_label, b_label)
        (merge,) = res.merges
        assert merge.reason == "transliteration"
        assert 0.7 <= merge.score <= 1.0
        assert merge.evidence == tuple(sorted((a_label, b_label)))
        assert res.canonical[b.id] == a.id


def test_diacritics_alone_are_the_same_id_already() -> None:
    # ids.entity_id folds diacritics, so these are one record before resolution (same_name)
    assert rec("PERSON", "Nguyễn Văn An").id == rec("PERSON", "Nguyen Van An").id


def test_decided_non_variants_stay_apart() -> None:
    for type_, a_label, b_label in [
        ("PERSON", "Mohammed Idris", "Muhammad Idris"),
        ("PERSON", "Abd al-Karim Salah", "Abdulkarim Salah"),
    ]:
        a, b = rec(type_, a_label), rec(type_, b_label)
        assert not together(resolve([a, b]), a, b)


def test_surname_joins_the_full_name_of_the_same_document() -> None:
    full = rec("PERSON", "Ana Kovic", docs=("da",), mentions=2)
    other = rec("PERSON", "Marko Kovic", docs=("db",))
    bare = rec("PERSON", "Kovic", docs=("da",), mentions=3)
    res = resolve([full, other, bare])
    assert together(res, full, bare)
    assert not together(res, other, bare)
    (merge,) = res.merges
    assert merge.reason == "surname" and merge.score == 1.0
    # a full name names the cluster even when the bare surname is mentioned more often
    assert merge.canonical == full.id
    assert res.canonical[bare.id] == full.id
    assert res.labels[full.id] == "Ana Kovic"


def test_surname_falls_back_to_the_unique_full_name_of_the_store() -> None:
    full = rec("PERSON", "Ana Kovic", docs=("da",))
    bare = rec("PERSON", "Kovič", docs=("dc",))
    res = resolve([full, bare])
    assert together(res, full, bare)
    assert res.merges[0].reason == "surname"
    assert res.merges[0].score == 0.8


def test_surname_with_a_transliterated_full_name() -> None:
    a = rec("PERSON", "Ana Kovic", docs=("da",))
    b = rec("PERSON", "Anna Kovic", docs=("db",))
    bare = rec("PERSON", "Kovic", docs=("dc",))
    res = resolve([a, b, bare])
    assert together(res, a, b, bare)  # two records, one person: not ambiguous
    assert sorted(reasons(res)) == ["surname", "transliteration"]


def test_canonical_prefers_mentions_then_longer_label_then_id() -> None:
    a = rec("PLACE", "Harkiv", mentions=1)
    b = rec("PLACE", "Kharkiv", mentions=1)
    assert resolve([a, b]).canonical[a.id] == b.id  # longer label
    c = rec("PLACE", "Harkiv", mentions=5)
    assert resolve([c, b]).canonical[b.id] == c.id  # more mentions
    d = rec("PLACE", "Kharkov Oblast", mentions=2)
    e = rec("PLACE", "Kharkov-Oblast", mentions=2)
    e = e.model_copy(update={"id": "place/zz-kharkov-oblast"})
    assert resolve([d, e]).canonical[e.id] == d.id  # same label length: smaller id


def test_links_are_the_union_of_the_members() -> None:
    a = rec("PLACE", "Kharkiv", links={"geonames": "706483"})
    b = rec("PLACE", "Harkiv", links={"wikidata": "Q42"})
    res = resolve([a, b])
    assert res.links == {a.id: {"geonames": "706483", "wikidata": "Q42"}}


def test_vowel_variants_join_when_one_name_is_transliterated() -> None:
    a = rec("PERSON", "Jamal al-Tomani", mentions=2)
    b = rec("PERSON", "Jamal Tumani", docs=("db",))
    res = resolve([a, b])
    assert together(res, a, b)
    assert reasons(res) == ["transliteration"]


def test_vowel_variants_of_unmarked_names_stay_apart() -> None:
    a, b = rec("PERSON", "Lorenzo Bortolo"), rec("PERSON", "Lorenzo Burtulu", docs=("db",))
    assert not together(resolve([a, b]), a, b)


def test_glide_variant_places_join() -> None:
    a, b = rec("PLACE", "Ras Baniyat"), rec("PLACE", "Ras Baniat", docs=("db",))
    assert together(resolve([a, b]), a, b)


def test_a_former_name_joins_its_other_romanisation() -> None:
    """ "X (formerly al-Qorashi)" joins the record spelt "al-Qurashi" in another article."""
    spelt = rec("PERSON", "Al-Qurashi", docs=("d0",))
    renamed = rec(
        "PERSON", "Hamid al-Tikrity", evidence=(("al-Qorashi", "formerly", "m1"),), docs=("d1",)
    )
    res = resolve([spelt, renamed])
    assert together(res, spelt, renamed)
    assert reasons(res) == ["formerly"]


def test_a_former_name_is_not_loosely_matched_outside_romanised_names() -> None:
    other = rec("PERSON", "Julian Berger", docs=("d0",))
    renamed = rec(
        "PERSON", "John Smith", evidence=(("Jolian Berger", "formerly", "m1"),), docs=("d1",)
    )
    assert not together(resolve([other, renamed]), other, renamed)
