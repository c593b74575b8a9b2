"""N-Quads terms written directly (``rdf/nquads.py``): the same text Oxigraph writes, and text
that parses back to the same terms."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportgraph.rdf import nquads
from reportgraph.rdf.vocab import RG, XSD

ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=80)


def parse_one(line: str) -> ox.Quad:
    (quad,) = ox.parse(line.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    return quad


@given(ANY_TEXT)
def test_a_literal_is_what_oxigraph_writes_and_parses_back(text: str) -> None:
    assert nquads.literal(text) == str(ox.Literal(text))
    quad = parse_one(f"<urn:s> <urn:p> {nquads.literal(text)} <urn:g> .\n")
    assert quad.object == ox.Literal(text)


@pytest.mark.parametrize(
    "text",
    ['a "quoted" word', "back\\slash", "tab\there", "cr\rlf\n", "bell\x07", "del\x7f", "nul\x00"],
)
def test_characters_that_need_escaping_are_escaped(text: str) -> None:
    written = nquads.literal(text)
    assert "\n" not in written and "\r" not in written
    assert parse_one(f"<urn:s> <urn:p> {written} <urn:g> .\n").object.value == text


def test_integers_and_typed_literals() -> None:
    assert parse_one(f"<urn:s> <urn:p> {nquads.integer(42)} <urn:g> .\n").object == ox.Literal(
        "42", datatype=XSD.integer
    )
    typed = nquads.typed("2025-03-07", XSD.date)
    assert parse_one(f"<urn:s> <urn:p> {typed} <urn:g> .\n").object == ox.Literal(
        "2025-03-07", datatype=XSD.date
    )


def test_terms_render_once_as_iris() -> None:
    assert nquads.term(RG.Claim) == f"<{RG.Claim.value}>"
    assert nquads.iri("https://example.org/id/doc/abc/m/1-5") == (
        "<https://example.org/id/doc/abc/m/1-5>"
    )


@pytest.mark.parametrize("bad", ["a b", "a<b", "a>b", 'a"b', "a{b", "a|b", "a^b", "a`b", "a\\b"])
def test_an_iri_with_a_forbidden_character_is_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        nquads.iri(f"https://example.org/{bad}")
    with pytest.raises(ValueError):  # as Oxigraph refuses it
        ox.NamedNode(f"https://example.org/{bad}")
