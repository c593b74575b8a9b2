"""Statement claims on invented sentences: every act of reporting is a claim whose source is the
speaker, with the content said and the entities it names (``about``)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from factories import document, extracted
from reportgraph.models import Claim, DocumentExtraction, Segment
from reportgraph.nlp.extract import extract
from reportgraph.nlp.lexicons import Lexicons

PUBLISHER = "Harbour Ledger"


def run(nlp: Language, lexicons: Lexicons, text: str) -> DocumentExtraction:
    return extracted(nlp, lexicons, text, PUBLISHER)


def statements(ex: DocumentExtraction) -> list[Claim]:
    return [c for c in ex.claims if c.kind == "statement"]


def only(ex: DocumentExtraction) -> Claim:
    found = statements(ex)
    assert len(found) == 1, [(c.predicate, c.source.label) for c in found]
    return found[0]


def about(ex: DocumentExtraction, claim: Claim) -> set[str]:
    labels = {e.id: e.label for e in ex.entities}
    return {labels[a] for a in claim.about}


def content(claim: Claim) -> str:
    assert claim.content is not None
    return claim.content.text


@pytest.mark.parametrize(
    ("text", "speaker", "kind", "said"),
    [
        (
            "Governor Amina Yusuf said that she did not authorize the raid in Maiduguri.",
            "Amina Yusuf",
            "person",
            "she did not authorize the raid in Maiduguri",
        ),
        (
            "The Peruvian energy ministry warned that fuel stocks in Cusco would run out.",
            "Peruvian energy ministry",
            "organization",
            "fuel stocks in Cusco would run out",
        ),
        (
            "Armed men looted the market in Bunia, a witness told Reuters.",
            "witness",
            "anonymous",
            "Armed men looted the market in Bunia",
        ),
        (
            "According to the Colombian army, the convoy was ambushed near Tumaco.",
            "Colombian army",
            "organization",
            "the convoy was ambushed near Tumaco",
        ),
        (
            "The bank's chief executive, Lars Berg, announced on Monday that Nordbank would cut "
            "500 jobs.",
            "Lars Berg",  # the named person in apposition, not "the bank's chief executive"
            "person",
            "Nordbank would cut 500 jobs",  # the clause alone, not "on Monday that ..."
        ),
        (
            "In a statement, the Chilean mining ministry said the copper mine near Antofagasta "
            "had reopened.",
            "Chilean mining ministry",
            "organization",
            "the copper mine near Antofagasta had reopened",
        ),
        (
            "Senator Lindqvist tweeted that the tariff deal with Norway was dead.",
            "Lindqvist",
            "person",
            "the tariff deal with Norway was dead",
        ),
    ],
)
def test_reported_speech_is_a_statement_of_its_speaker(
    nlp: Language, lexicons: Lexicons, text: str, speaker: str, kind: str, said: str
) -> None:
    ex = run(nlp, lexicons, text)
    claim = only(ex)
    assert (claim.source.label, claim.source.kind) == (speaker, kind)
    assert content(claim) == said
    assert claim.via[-1].kind == "publication"  # the chain ends at the publication
    assert claim.subject is None and claim.object is None  # the speaker is the source
    assert claim.content is not None
    assert text[claim.content.start : claim.content.end] == said


def test_content_names_what_the_statement_is_about(nlp: Language, lexicons: Lexicons) -> None:
    text = "The Kenyan interior ministry said police in Mombasa had arrested members of Al-Shabaab."
    ex = run(nlp, lexicons, text)
    claim = only(ex)
    assert {"Mombasa", "Al-Shabaab"} <= about(ex, claim)
    assert "Kenyan interior ministry" not in about(ex, claim)  # the speaker is not its topic
    # every entity named in it is grounded among the claim's evidence mentions
    spans = {(m.start, m.end) for m in claim.mentions}
    assert any(text[s:e] == "Mombasa" for s, e in spans)


def test_dateline_is_not_the_speaker(nlp: Language, lexicons: Lexicons) -> None:
    text = "DAKAR — The Senegalese interior minister said on Friday that the border would reopen."
    claim = only(run(nlp, lexicons, text))
    assert claim.source.label == "Senegalese interior minister"
    assert content(claim) == "the border would reopen"


def test_quote_before_its_speaker(nlp: Language, lexicons: Lexicons) -> None:
    text = "“The strike will go on until wages rise,” the union leader Petra Kaur said on Monday."
    claim = only(run(nlp, lexicons, text))
    assert claim.source.label == "Petra Kaur"
    assert content(claim) == "The strike will go on until wages rise"


def test_quote_spanning_sentences_is_one_content(nlp: Language, lexicons: Lexicons) -> None:
    text = (
        "Floods cut the road to Sylhet. “We lost the harvest. Nobody came to help us,” "
        "said Rahim Uddin, a farmer."
    )
    ex = run(nlp, lexicons, text)
    claim = only(ex)
    assert claim.source.label == "Rahim Uddin"
    assert content(claim) == "We lost the harvest. Nobody came to help us"
    assert claim.evidence.start > claim.content.start  # type: ignore[union-attr]


def test_speaker_before_a_direct_quote(nlp: Language, lexicons: Lexicons) -> None:
    claim = only(run(nlp, lexicons, "Minister Okonjo said “It is really troubling”."))
    assert claim.source.label == "Okonjo"
    assert content(claim) == "It is really troubling"


def test_nominal_report_is_its_owners_statement(nlp: Language, lexicons: Lexicons) -> None:
    text = "The junta rejected Amnesty International's claim that soldiers tortured detainees."
    ex = run(nlp, lexicons, text)
    by_source = {c.source.label: c for c in statements(ex)}
    claim = by_source["Amnesty International"]
    assert content(claim) == "soldiers tortured detainees"
    assert claim.certainty == "alleged"


def test_hedged_report_keeps_its_speaker_and_is_alleged(nlp: Language, lexicons: Lexicons) -> None:
    claim = only(run(nlp, lexicons, "Volvo reportedly said it would close the plant in Ghent."))
    assert claim.source.label == "Volvo"
    assert claim.certainty == "alleged"
    assert content(claim) == "it would close the plant in Ghent"


def test_denial_is_a_denied_statement(nlp: Language, lexicons: Lexicons) -> None:
    text = "The Bolivian police denied that officers had fired on the marchers in El Alto."
    ex = run(nlp, lexicons, text)
    claim = only(ex)
    assert claim.certainty == "denied"
    assert "El Alto" in about(ex, claim)


def test_unclear_speaker_leaves_the_publication(nlp: Language, lexicons: Lexicons) -> None:
    """No one for "he" to be: the publication stays the source, as ``reported``."""
    claim = only(run(nlp, lexicons, "He said the talks in Geneva had failed."))
    assert claim.source.kind == "publication"
    assert claim.certainty == "reported"
    assert content(claim) == "the talks in Geneva had failed"


def test_pronoun_speaker_is_resolved(nlp: Language, lexicons: Lexicons) -> None:
    text = "Judge Maria Ortega adjourned the trial. She said the evidence from Lima was incomplete."
    claims = statements(run(nlp, lexicons, text))
    assert [c.source.label for c in claims] == ["Maria Ortega"]


def test_report_noun_speaker_is_one_act_of_reporting(nlp: Language, lexicons: Lexicons) -> None:
    claim = only(run(nlp, lexicons, "Reports say that thousands fled Kherson overnight."))
    assert claim.source.kind == "unnamed"
    assert content(claim) == "thousands fled Kherson overnight"


def test_inner_claims_share_the_speakers_source(nlp: Language, lexicons: Lexicons) -> None:
    text = "The Red Cross said gunmen killed 14 villagers near Djibo on Sunday."
    ex = run(nlp, lexicons, text)
    statement = only(ex)
    inner = [c for c in ex.claims if c.kind in ("figure", "event")]
    assert inner
    assert all(c.source.id == statement.source.id for c in inner)
    assert all(c.via == statement.via for c in inner)


@pytest.mark.parametrize(
    "text",
    [
        "The ambush claimed 13 lives near Kidal.",  # an idiom, not a report
        "Farmers in Punjab planted wheat early this year.",
        "The company will report its earnings on Tuesday",  # no content
    ],
)
def test_no_statement_without_an_act_of_reporting(
    nlp: Language, lexicons: Lexicons, text: str
) -> None:
    assert statements(run(nlp, lexicons, text)) == []


def test_a_report_inside_a_post_passes_through_its_author(
    nlp: Language, lexicons: Lexicons
) -> None:
    body = "Floods hit the delta overnight. "
    post = "The mayor of Tulcea said the dam had failed. They added that the water was rising."
    text = body + post
    post_segment = Segment(
        kind="embedded_post",
        start=len(body),
        end=len(text),
        author_name="Rivers Watch",
        author_handle="rivers_watch",
    )
    body_segment = Segment(kind="body", start=0, end=len(body))
    doc = document(text, "mem/post.txt", PUBLISHER, (body_segment, post_segment))
    by_content = {content(c): c for c in statements(extract(doc, nlp(text), lexicons))}
    mayor = by_content["the dam had failed"]
    assert mayor.source.label == "mayor of Tulcea"
    assert [v.label for v in mayor.via] == ["Rivers Watch (@rivers_watch)", PUBLISHER]
    unclear = by_content["the water was rising"]  # no one to be "they": the post's author
    assert unclear.source.label == "Rivers Watch (@rivers_watch)"
    assert [v.label for v in unclear.via] == [PUBLISHER]


def test_a_clause_parsed_on_the_statement_noun_is_the_content(
    nlp: Language, lexicons: Lexicons
) -> None:
    """ "wrote in a filing that ...": the small parser hangs the clause from "filing"."""
    claim = only(run(nlp, lexicons, "Pemex wrote in a filing that output fell in Tabasco."))
    assert claim.source.label == "Pemex"
    assert content(claim).endswith("output fell in Tabasco")
