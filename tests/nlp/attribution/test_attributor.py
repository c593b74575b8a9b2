"""Attribution on short invented sentences: source, chain (via), cue and certainty per anchor."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from reportgraph import ids
from reportgraph.ingest import read_text
from reportgraph.models import Document, Segment
from reportgraph.nlp.attribution.attributor import (
    Attribution,
    Attributor,
    _alternation,
    _quote_marks,
    _quote_open_after,
    account_source,
    attribute,
    document_label,
    publication_source,
)
from reportgraph.nlp.entities.mentions import collect_mentions
from reportgraph.nlp.entities.merging import merge_mentions
from reportgraph.nlp.lexicons import Lexicons
from reportgraph.nlp.sentences import Sentence, split_sentences

PUBLISHER = "Harbour Daily"


@dataclass
class Parsed:
    document: Document
    doc: Doc
    sentences: list[Sentence]
    attributor: Attributor

    def at(self, word: str, nth: int = 0) -> Attribution:
        """Attribution of the ``nth`` token written ``word`` (the anchor)."""
        hits = [t for t in self.doc if t.text == word]
        assert len(hits) > nth, f"anchor {word!r} not in text"
        token = hits[nth]
        sentence = next(s for s in self.sentences if s.first_token <= token.i < s.end_token)
        return self.attributor(sentence, token.i)

    def sentence(self, k: int) -> Attribution:
        return self.attributor(self.sentences[k])


def parse(
    nlp: Language,
    lexicons: Lexicons,
    text: str,
    publisher: str | None = PUBLISHER,
    document: Document | None = None,
) -> Parsed:
    if document is None:
        document = read_text(text, path="t.txt", publisher=publisher)
    doc = nlp(document.text)
    sentences, token_sentence = split_sentences(document, doc)
    raws = collect_mentions(document.text, doc, sentences, token_sentence, lexicons.general)
    entities, _ = merge_mentions(document, raws, sentences, lex=lexicons.general)
    return Parsed(document, doc, sentences, Attributor(document, lexicons, doc, entities))


# (text, anchor word, source label, source kind, via labels before the publication, cue, certainty)
CASES: list[tuple[str, str, str, str, list[str], str | None, str]] = [
    # said / says / stated / announced / added / warned / estimated / explained
    (
        "Amnesty International said soldiers burned 40 homes in Tigray.",
        "burned",
        "Amnesty International",
        "organization",
        [],
        "said",
        "reported",
    ),
    (
        "A witness says gunmen stormed the clinic in Kidal.",
        "stormed",
        "witness",
        "anonymous",
        [],
        "says",
        "reported",
    ),
    (
        "The army stated that two soldiers died in the ambush.",
        "died",
        "army",
        "anonymous",
        [],
        "stated",
        "reported",
    ),
    (
        "The governor added that four schools were destroyed.",
        "destroyed",
        "governor",
        "anonymous",
        [],
        "added",
        "reported",
    ),
    (
        "The mayor warned that the dam could collapse.",
        "collapse",
        "mayor",
        "anonymous",
        [],
        "warned",
        "reported",
    ),
    (
        "Authorities estimated that 12,000 people had fled the district.",
        "fled",
        "authorities",
        "anonymous",
        [],
        "estimated",
        "reported",
    ),
    (
        "The rebels announced they had taken control of the border post.",
        "taken",
        "rebels",
        "anonymous",
        [],
        "announced",
        "reported",
    ),
    # told Y: a chain through Y, ending at the publication
    (
        "A witness told Reuters that soldiers burned the market.",
        "burned",
        "witness",
        "anonymous",
        ["Reuters"],
        "told",
        "reported",
    ),
    (
        "Relief agencies in Darfur told Al Jazeera that 300 people were killed.",
        "killed",
        "relief agencies",
        "anonymous",
        ["Al Jazeera"],
        "told",
        "reported",
    ),
    (
        "Local sources reported to Reuters that 40 civilians died in Kalemie.",
        "died",
        "local sources",
        "anonymous",
        ["Reuters"],
        "reported",
        "reported",
    ),
    (
        "Local sources speaking with Al Jazeera said the militia looted the market.",
        "looted",
        "local sources",
        "anonymous",
        ["Al Jazeera"],
        "said",
        "reported",
    ),
    (
        "The rebels said in an interview with the BBC that they had withdrawn.",
        "withdrawn",
        "rebels",
        "anonymous",
        ["BBC"],
        "said",
        "reported",
    ),
    (
        "Reuters reported, citing a witness, that drones struck the depot.",
        "struck",
        "witness",
        "anonymous",
        ["Reuters"],
        "reported",
        "reported",
    ),
    # named people and organisations, generic heads of names
    (
        "Maria Lopez, a farmer from Cauca, said soldiers burned her house.",
        "burned",
        "Maria Lopez",
        "person",
        [],
        "said",
        "reported",
    ),
    (
        "Members of the Wagner Group said they had captured the mine.",
        "captured",
        "Wagner Group",
        "organization",
        [],
        "said",
        "reported",
    ),
    (
        "The UN human rights office has verified at least 90 civilian deaths.",
        "90",
        "UN",
        "organization",
        [],
        "verified",
        "verified",
    ),
    # according to / per / X's figure / by X's count / X put the toll at
    (
        "According to the UN, over 2,000 people fled the camps near Goma.",
        "fled",
        "UN",
        "organization",
        [],
        "according to",
        "reported",
    ),
    (
        "According to local sources, militiamen executed six farmers.",
        "executed",
        "local sources",
        "anonymous",
        [],
        "according to",
        "reported",
    ),
    (
        "According to reports from Amnesty International, 40 detainees died in custody.",
        "died",
        "Amnesty International",
        "organization",
        [],
        "according to",
        "reported",
    ),
    (
        "The Sudan Doctors Network put the toll at 45.",
        "45",
        "Sudan Doctors Network",
        "organization",
        [],
        "put the toll at",
        "reported",
    ),
    (
        "Kyiv's tally of 70 dead includes nine children.",
        "70",
        "Kyiv",
        "organization",
        [],
        "tally",
        "reported",
    ),
    # unnamed reports, passives, quotations
    (
        "Reports say that 300 families fled to Chad.",
        "fled",
        "unnamed reports",
        "unnamed",
        [],
        "say",
        "reported",
    ),
    (
        "It was reported that gunmen abducted 20 students in Zamfara.",
        "abducted",
        "unnamed reports",
        "unnamed",
        [],
        "reported",
        "reported",
    ),
    (
        "There have been reports of bodies strewn along the road to Wad Madani.",
        "strewn",
        "unnamed reports",
        "unnamed",
        [],
        "reports",
        "reported",
    ),
    (
        "Hundreds of families are said to be sheltering in the cathedral.",
        "sheltering",
        "unnamed reports",
        "unnamed",
        [],
        "said",
        "reported",
    ),
    (
        '"We buried twelve people," a nurse in Kadugli said.',
        "buried",
        "nurse",
        "anonymous",
        [],
        "said",
        "reported",
    ),
    (
        'The spokesman said: "Our forces did not enter the town."',
        "enter",
        "spokesman",
        "anonymous",
        [],
        "said",
        "reported",
    ),
    # alleged: claimed, accused, allegations, reportedly
    (
        "Ukraine accused Russia of shelling the hospital in Kherson.",
        "shelling",
        "Ukraine",
        "organization",
        [],
        "accused",
        "alleged",
    ),
    (
        "The junta claimed that rebels had mined the highway.",
        "mined",
        "junta",
        "anonymous",
        [],
        "claimed",
        "alleged",
    ),
    (
        "Allegations have surfaced accusing Sudanese troops of killing dozens of civilians.",
        "killing",
        "unnamed reports",
        "unnamed",
        [],
        "accusing",
        "alleged",
    ),
    (
        "Rebels had reportedly seized the airport in Bunia.",
        "seized",
        "unnamed reports",
        "unnamed",
        [],
        "reportedly",
        "alleged",
    ),
    (
        "Militants reportedly kidnapped 20 students, officials said.",
        "kidnapped",
        "officials",
        "anonymous",
        [],
        "said",
        "alleged",
    ),
    # verified / unverified / denied
    (
        "Amnesty International documented 23 unlawful killings in Tigray.",
        "23",
        "Amnesty International",
        "organization",
        [],
        "documented",
        "verified",
    ),
    (
        "Doctors confirmed that nine patients died after the strike.",
        "died",
        "doctors",
        "anonymous",
        [],
        "confirmed",
        "verified",
    ),
    (
        "The governor did not confirm that the bridge was destroyed.",
        "destroyed",
        "governor",
        "anonymous",
        [],
        "confirm",
        "unverified",
    ),
    (
        "The army's figure of 200 dead could not be independently verified.",
        "200",
        "army",
        "anonymous",
        [],
        "figure",
        "unverified",
    ),
    (
        "Activists said 50 people were killed, a figure that remains unconfirmed.",
        "killed",
        "activists",
        "anonymous",
        [],
        "said",
        "unverified",
    ),
    (
        "The ministry denied that its forces shelled the camp.",
        "shelled",
        "ministry",
        "anonymous",
        [],
        "denied",
        "denied",
    ),
    (
        "The militia rejected claims that its fighters looted the village.",
        "looted",
        "militia",
        "anonymous",
        [],
        "rejected",
        "denied",
    ),
    # no cue: the publication asserts it
    (
        "Militants burned three churches in Ituri province on Sunday.",
        "burned",
        PUBLISHER,
        "publication",
        [],
        None,
        "asserted",
    ),
    (
        "Floods displaced 4,000 families across Sindh last month.",
        "displaced",
        PUBLISHER,
        "publication",
        [],
        None,
        "asserted",
    ),
    (
        "The ceasefire collapsed after two days of heavy shelling near Kramatorsk.",
        "collapsed",
        PUBLISHER,
        "publication",
        [],
        None,
        "asserted",
    ),
]


@pytest.mark.parametrize(
    ("text", "anchor", "label", "kind", "via", "cue", "certainty"),
    CASES,
    ids=[f"{i:02d}-{c[0][:40]}" for i, c in enumerate(CASES)],
)
def test_attribution_of_anchor(
    nlp: Language,
    lexicons: Lexicons,
    text: str,
    anchor: str,
    label: str,
    kind: str,
    via: list[str],
    cue: str | None,
    certainty: str,
) -> None:
    p = parse(nlp, lexicons, text)
    a = p.at(anchor)
    assert (a.source.label, a.source.kind) == (label, kind)
    assert [v.label for v in a.via] == ([*via, PUBLISHER] if kind != "publication" else [])
    assert a.cue == cue
    assert a.certainty == certainty
    if a.source.mention is not None:
        m = a.source.mention
        assert p.document.text[m.start : m.end] == m.text
        assert m.sentence_start <= m.start < m.end <= m.sentence_end


# --- two claims in one sentence: each anchor gets its own speaker ---

TWO_CLAIMS = [
    (
        "The Myanmar army said 30 rebels were killed, while the Arakan Army claimed it had "
        "captured the base.",
        ("killed", "Myanmar army", "said", "reported"),
        ("captured", "Arakan Army", "claimed", "alleged"),
    ),
    (
        "Police said the crowd attacked first, but protesters denied that they threw stones.",
        ("attacked", "police", "said", "reported"),
        ("threw", "protesters", "denied", "denied"),
    ),
]


@pytest.mark.parametrize(("text", "first", "second"), TWO_CLAIMS)
def test_two_claims_two_speakers(
    nlp: Language,
    lexicons: Lexicons,
    text: str,
    first: tuple[str, str, str, str],
    second: tuple[str, str, str, str],
) -> None:
    p = parse(nlp, lexicons, text)
    for anchor, label, cue, certainty in (first, second):
        a = p.at(anchor)
        assert (a.source.label, a.cue, a.certainty) == (label, cue, certainty)


def test_source_ids_entities_and_document_scope(nlp: Language, lexicons: Lexicons) -> None:
    p = parse(nlp, lexicons, "A witness told Reuters that soldiers burned the market in Kidal.")
    a = p.at("burned")
    assert a.source.id == ids.source_id("anonymous", f"{p.document.id}:witness")
    assert a.via[0].kind == "organization" and a.via[0].entity_id is not None
    assert a.via[-1] == publication_source(p.document)
    other = parse(nlp, lexicons, "A witness told Reuters that soldiers burned the depot in Gao.")
    assert other.at("burned").source.id != a.source.id  # two witnesses, two articles
    q = parse(nlp, lexicons, "Amnesty International said soldiers burned 40 homes in Tigray.")
    src = q.at("burned").source
    assert src.entity_id is not None and src.entity_id.startswith("organization/")
    assert src.id == ids.source_id("organization", "Amnesty International")
    assert src.mention is not None and src.mention.text == "Amnesty International"


def test_unnamed_mention_is_on_the_cue(nlp: Language, lexicons: Lexicons) -> None:
    p = parse(nlp, lexicons, "It was reported that gunmen abducted 20 students in Zamfara.")
    a = p.at("abducted")
    assert a.source.id == ids.source_id("unnamed", f"{p.document.id}:reports")
    assert a.source.mention is not None and a.source.mention.text == "It was reported"


# --- pronouns, definite descriptions and carry-over across sentences ---


def test_pronoun_resolves_to_the_latest_person(nlp: Language, lexicons: Lexicons) -> None:
    text = (
        "Maria Lopez, a farmer from Cauca, said soldiers burned her house. "
        "She said soldiers later returned and looted the farm."
    )
    a = parse(nlp, lexicons, text).at("looted")
    assert (a.source.label, a.source.kind, a.cue) == ("Maria Lopez", "person", "said")
    assert a.source.mention is not None and a.source.mention.text == "She"


def test_they_resolves_to_a_plural_source_and_keeps_its_chain(
    nlp: Language, lexicons: Lexicons
) -> None:
    text = (
        "Relief agencies in Darfur told Al Jazeera that the toll was much higher. "
        "They said over 500 civilians were killed."
    )
    a = parse(nlp, lexicons, text).at("killed")
    assert a.source.label == "relief agencies"
    assert [v.label for v in a.via] == ["Al Jazeera", PUBLISHER]


def test_spoke_to_who_told_them_chain(nlp: Language, lexicons: Lexicons) -> None:
    text = "The BBC spoke to nurses in Khartoum who told them the hospital was shelled."
    a = parse(nlp, lexicons, text).at("shelled")
    assert a.source.label == "nurses"
    assert [v.label for v in a.via] == ["BBC", PUBLISHER]


def test_pronoun_without_antecedent_leaves_the_publication(
    nlp: Language, lexicons: Lexicons
) -> None:
    """A wrong source is worse than none: an unresolved "he" is not guessed, nor made an
    unnamed report; the publication reports it, as ``reported``."""
    a = parse(nlp, lexicons, "He said the convoy was ambushed near Gao.").at("ambushed")
    assert a.source.kind == "publication"
    assert (a.cue, a.certainty) == ("said", "reported")


@pytest.mark.parametrize(
    ("text", "anchor", "label"),
    [
        ("LIMA (Andes Wire) — Residents of Callao said the water was cut.", "cut", "residents"),
        ("NAIROBI (Rift Daily) — Traders said prices rose again.", "rose", "traders"),
        ("Villagers of the Tana Delta Trust said the river flooded.", "flooded", "villagers"),
    ],
)
def test_dateline_city_is_not_the_speaker(
    nlp: Language, lexicons: Lexicons, text: str, anchor: str, label: str
) -> None:
    """The parser may make the dateline's city the subject of "said", with the real subject as
    its apposition; neither the city nor a place inside the speaker's phrase speaks."""
    a = parse(nlp, lexicons, text).at(anchor)
    assert a.source.label.casefold().startswith(label)
    assert a.source.kind == "anonymous"


def test_definite_description_found_by_the_organisation_name(
    nlp: Language, lexicons: Lexicons
) -> None:
    """ "The monitor" is the organisation called "... Monitor", even with another organisation
    named in between and more than a few sentences back; with no such name it stays unnamed."""
    text = (
        "The Andean Rights Monitor said police shot three miners in Oruro. "
        "A nurse told Radio Fides that the clinic was full. "
        "The governor denied it. Roads stayed closed. "
        "The monitor said 200 families fled the town."
    )
    a = parse(nlp, lexicons, text).at("fled")
    assert (a.source.label, a.source.kind) == ("Andean Rights Monitor", "organization")
    alone = parse(nlp, lexicons, "Roads stayed closed. The monitor said 200 families fled.")
    assert alone.at("fled").source.kind == "anonymous"


def test_definite_description_refers_to_the_named_organisation(
    nlp: Language, lexicons: Lexicons
) -> None:
    text = (
        "Two residents told the AP that gunmen looted shops in Wau. "
        "One resident told the news agency that the gunmen burned the market."
    )
    a = parse(nlp, lexicons, text).at("burned")
    assert a.source.label == "one resident"
    assert [v.label for v in a.via] == ["AP", PUBLISHER]
    text = "Human Rights Watch said 14 people were shot in Mandalay. The group said soldiers fired."
    b = parse(nlp, lexicons, text).at("fired")
    assert b.source.label == "Human Rights Watch"


def test_quotation_carries_over_to_the_sentence_before(nlp: Language, lexicons: Lexicons) -> None:
    text = '"It was terrible.\n\nWe saw bodies everywhere," said Maria Lopez, a farmer from Cauca.'
    p = parse(nlp, lexicons, text)
    assert len(p.sentences) == 2
    first = p.sentence(0)
    assert (first.source.label, first.cue) == ("Maria Lopez", "said")


def test_hedge_in_next_sentence_refers_back(nlp: Language, lexicons: Lexicons) -> None:
    text = "Rebels killed 40 villagers near Beni, the UN said. These claims could not be verified."
    p = parse(nlp, lexicons, text)
    a = p.at("killed")
    assert (a.source.label, a.certainty) == ("UN", "unverified")
    plain = parse(
        nlp, lexicons, "Rebels killed 40 villagers near Beni, the UN said. Aid arrived today."
    )
    assert plain.at("killed").certainty == "reported"


def test_hedge_without_cue_marks_the_publication_unverified(
    nlp: Language, lexicons: Lexicons
) -> None:
    a = parse(nlp, lexicons, "Casualty figures from the front remain unverified.").at("remain")
    assert a.source.kind == "publication"
    assert a.certainty == "unverified"


def test_speaker_phrase_is_not_its_own_claim(nlp: Language, lexicons: Lexicons) -> None:
    text = "Militants burned three churches in Ituri. Officials in Bunia gave no figure."
    p = parse(nlp, lexicons, text)
    assert p.at("burned").source.kind == "publication"
    assert p.at("gave").source.kind == "publication"


# --- publication, segments, chains ending at the publication ---


def test_publication_as_intermediary_is_not_repeated(nlp: Language, lexicons: Lexicons) -> None:
    p = parse(
        nlp,
        lexicons,
        "A witness told Reuters that soldiers burned the market.",
        publisher="Reuters",
    )
    a = p.at("burned")
    assert [v.kind for v in a.via] == ["publication"]
    assert a.via[0] == publication_source(p.document)


def test_publication_as_speaker_is_the_publication(nlp: Language, lexicons: Lexicons) -> None:
    p = parse(nlp, lexicons, "Reuters reported that drones struck the depot.", publisher="Reuters")
    a = p.at("struck")
    assert a.source.kind == "publication" and a.via == ()
    assert a.cue == "reported"


def test_reader_comment_is_an_anonymous_commenter(nlp: Language, lexicons: Lexicons) -> None:
    body = "Troops shelled Avdiivka on Monday, officials said."
    comment = "The army never shelled anyone, they said so themselves."
    text = f"{body}\n{comment}"
    start = len(body) + 1
    document = Document(
        id=ids.document_id(text),
        path="t.txt",
        text=text,
        source_format="txt",
        publisher=PUBLISHER,
        segments=(
            Segment(kind="body", start=0, end=len(body)),
            Segment(kind="reader_comment", start=start, end=len(text)),
        ),
    )
    p = parse(nlp, lexicons, text, document=document)
    a = p.at("shelled", 1)
    assert a.source.kind == "anonymous" and a.source.label == "reader comment"
    assert a.source.id == ids.source_id("anonymous", f"{document.id}:commenter:{start}")
    assert a.certainty == "asserted"
    assert [v.label for v in a.via] == [PUBLISHER]
    assert p.at("shelled", 0).source.label == "officials"


def test_embedded_post_is_its_account(nlp: Language, lexicons: Lexicons) -> None:
    body = "Fighting spread to the outskirts of Sittwe."
    post = "Drones hit the port at dawn, locals said."
    text = f"{body}\n\n{post}"
    start = len(body) + 2
    seg = Segment(kind="embedded_post", start=start, end=len(text), author_handle="@rakhine_watch")
    document = Document(
        id=ids.document_id(text),
        path="t.txt",
        text=text,
        source_format="txt",
        publisher=PUBLISHER,
        segments=(Segment(kind="body", start=0, end=len(body)), seg),
    )
    p = parse(nlp, lexicons, text, document=document)
    a = p.at("hit")
    assert a.source == account_source(seg)
    assert (a.certainty, [v.label for v in a.via]) == ("asserted", [PUBLISHER])


def test_without_a_parse_only_segments_and_hedges_apply(nlp: Language, lexicons: Lexicons) -> None:
    document = read_text("Rebels said they shelled the base. It remains unconfirmed.", path="t.txt")
    doc = nlp(document.text)
    sentences, _ = split_sentences(document, doc)
    first = attribute(document, sentences[0], lexicons)
    assert first.source == publication_source(document)
    assert attribute(document, sentences[1], lexicons).certainty == "unverified"


def test_results_are_cached_and_stable(nlp: Language, lexicons: Lexicons) -> None:
    p = parse(nlp, lexicons, "A witness told Reuters that soldiers burned the market.")
    token = next(t for t in p.doc if t.text == "burned")
    first = p.attributor(p.sentences[0], token.i)
    assert p.attributor(p.sentences[0], token.i) is first
    again = parse(nlp, lexicons, "A witness told Reuters that soldiers burned the market.")
    assert again.at("burned") == first


def test_alternation_matches_where_one_pattern_does(lexicons: Lexicons) -> None:
    patterns = (
        re.compile(r"\bun(?:verified|confirmed)\b", re.I),
        re.compile(r"\bnot\s+yet\b", re.I),
    )
    joined = _alternation(patterns)
    assert joined is not None
    for text in ("Still UNVERIFIED.", "not yet known", "unverifiable", "nothing yet", ""):
        assert (joined.search(text) is not None) == any(p.search(text) for p in patterns)
    assert _alternation((re.compile(r"(a)\1"),)) is None  # a group number would shift
    assert _alternation((re.compile("a", re.I), re.compile("b"))) is None
    assert _alternation(()) is None
    assert _alternation(lexicons.cues.unverified) is not None


def test_quote_state_follows_the_marks(lexicons: Lexicons) -> None:
    lex = lexicons.cues
    marks = _quote_marks(lex)
    assert _quote_open_after('He said "we will', False, lex, marks)
    assert not _quote_open_after('He said "we will" and left', False, lex, marks)
    assert not _quote_open_after("leave now,\u201d she said", True, lex, marks)
    assert _quote_open_after("no marks here", True, lex, marks)


def test_given_sentences_change_nothing(nlp: Language, lexicons: Lexicons) -> None:
    text = (
        "According to the Red Cross, 12 people were killed near Goma on Monday. "
        "The governor reportedly told Reuters that the toll would rise. "
        "Local officials put the toll at 30, but reports of more deaths could not be verified. "
        '"We buried them ourselves," a farmer said. Per the army, the town is calm.'
    )
    document = read_text(text, path="t.txt", publisher="Lakeside Post")
    doc = nlp(document.text)
    sentences, token_sentence = split_sentences(document, doc)
    raws = collect_mentions(document.text, doc, sentences, token_sentence, lexicons.general)
    entities, _ = merge_mentions(document, raws, sentences, lex=lexicons.general)
    own = Attributor(document, lexicons, doc, entities)
    given = Attributor(document, lexicons, doc, entities, sentences=sentences)
    for sentence in sentences:
        for anchor in (None, *range(sentence.first_token, sentence.end_token)):
            assert own(sentence, anchor) == given(sentence, anchor)


def test_document_label_is_the_title_else_the_first_line() -> None:
    """A document with no publisher is named by its title, else its headline's first words,
    with its file name: never by a date line or words running on into the body."""
    text = "Floods close the port of Beira for a second week\n\nPublished: 3 May 2021\n\nBody."
    doc = read_text(text, path="in/beira-17.txt", publisher=None)
    assert document_label(doc) == "Floods close the port of Beira for a … (beira-17.txt)"
    short = read_text("Port reopens\n\nThe port reopened.", path="b.txt", publisher=None)
    assert document_label(short) == "Port reopens (b.txt)"
    titled = short.model_copy(update={"title": "Beira port reopens"})
    assert document_label(titled) == "Beira port reopens (b.txt)"
