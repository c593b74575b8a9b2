"""Plural and organisation-suffix variants: one entity, and distinct bodies kept apart."""

from __future__ import annotations

import pytest

from reportgraph.resolve import resolve
from reportgraph.resolve.variants import org_cores, singular_key
from resolve_helpers import reasons, rec, together


@pytest.mark.parametrize(
    ("singular", "plural"),
    [
        ("Kurd", "Kurds"),
        ("Christian", "Christians"),
        ("Tutsi", "Tutsis"),
        ("Ismaili", "Ismailis"),
        ("Karen Baptist", "Karen Baptists"),
    ],
)
def test_a_group_and_its_plural_are_one_entity(singular: str, plural: str) -> None:
    one, many = rec("GROUP", singular), rec("GROUP", plural, docs=("db",))
    res = resolve([one, many])
    assert together(res, one, many)
    assert reasons(res) == ["plural"]
    assert res.merges[0].evidence == tuple(sorted((singular, plural)))


def test_names_without_a_plural_s_have_no_singular() -> None:
    assert singular_key("Rohingya") is None
    assert singular_key("Swiss") is None  # -ss is no plural
    assert singular_key("Druze") is None


def test_plural_rule_is_for_groups_only() -> None:
    a, b = rec("ORGANIZATION", "Ranger"), rec("ORGANIZATION", "Rangers")
    c, d = rec("PERSON", "Tomas Ruiz Field"), rec("PERSON", "Tomas Ruiz Fields")
    res = resolve([a, b, c, d])
    assert not together(res, a, b)
    assert not together(res, c, d)


def test_a_plural_does_not_join_a_different_group() -> None:
    a, b = rec("GROUP", "Hausa"), rec("GROUP", "Hutus")
    assert not together(resolve([a, b]), a, b)


@pytest.mark.parametrize(
    "variant",
    [
        "Kestrel Inc.",
        "Kestrel Corp.",
        "Kestrel Ltd",
        "Kestrel Motor Company",
        "Kestrel Motors",
        "Kestrel Computer",
        "Kestrel Motor Co. Ltd",
    ],
)
def test_company_suffix_variants_join_the_bare_name(variant: str) -> None:
    bare, other = rec("ORGANIZATION", "Kestrel", mentions=3), rec("ORGANIZATION", variant)
    res = resolve([bare, other])
    assert together(res, bare, other)
    assert reasons(res) == ["name_variant"]


def test_legal_forms_join_each_other_without_a_bare_name() -> None:
    a, b = rec("ORGANIZATION", "Orvado Inc."), rec("ORGANIZATION", "Orvado Corporation")
    assert together(resolve([a, b]), a, b)


def test_descriptor_variants_need_the_bare_name() -> None:
    motors, computer = rec("ORGANIZATION", "Orvado Motors"), rec("ORGANIZATION", "Orvado Computer")
    assert not together(resolve([motors, computer]), motors, computer)
    bare = rec("ORGANIZATION", "Orvado Inc.")
    assert together(resolve([motors, computer, bare]), motors, computer, bare)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kestrel Foundation", "Kestrel Motor Company"),
        ("Kestrel Foundation", "Kestrel"),
        ("National Bank of Veloria", "National Guard of Veloria"),
        ("Kestrel Records", "Kestrel Inc."),
        ("General Motors", "General"),  # a generic one-word core
        ("Kestrel Motors", "Kestrel Motors Workers Union"),
    ],
)
def test_distinct_organisations_sharing_a_word_stay_apart(a: str, b: str) -> None:
    x, y = rec("ORGANIZATION", a), rec("ORGANIZATION", b)
    assert not together(resolve([x, y]), x, y)


def test_a_person_never_joins_the_company() -> None:
    person, company = rec("PERSON", "Henry Kestrel"), rec("ORGANIZATION", "Kestrel Motor Company")
    surname = rec("PERSON", "Kestrel")
    res = resolve([person, company, surname, rec("ORGANIZATION", "Kestrel")])
    assert not together(res, person, company)
    assert not together(res, surname, company)


def test_government_variants_are_one_organisation() -> None:
    a = rec("ORGANIZATION", "the Veloria government")
    b = rec("ORGANIZATION", "Government of Veloria")
    c = rec("ORGANIZATION", "Veloria's government")
    country = rec("PLACE", "Veloria")
    res = resolve([a, b, c, country])
    assert together(res, a, b, c)
    assert not together(res, a, country)  # the country is a place, its government an actor
    assert org_cores("Government")[0] is None
