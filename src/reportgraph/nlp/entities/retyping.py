"""Typing fixes and recall for a document's mentions (before they are merged into entities).

:func:`refine_mentions` (per document, before merging):

* a name followed by a facility noun ("X airbase", "X Hospital") is a PLACE; a capitalised noun
  ("X Air Base") joins the mention, a lowercase one does not;
* a name that is a collective (nationality, religious or ethnic group, from
  data/nlp_typing.json), a plural demonym ("-ites", "-ians", "-ese"; "-ans"/"-is" when the
  singular is known or used in the document), or is followed by "community", "sect",
  "minority"... is a GROUP;
* a PERSON/ORGANIZATION/GROUP name that the gazetteer knows as a country, a first-level
  subdivision or a city of at least :data:`MIN_CITY_POPULATION` people is a PLACE when the text
  says so: a place preposition before it, "city of X", "X province", or the same name typed
  PLACE elsewhere in the document;
* a one-word ORGANIZATION name that the document puts before an eponym noun ("the X regime",
  "X loyalists") and that is the surname of one of its PERSONs ("Daniel X", "al-X": spellings
  folded) is a PERSON in all its mentions, unless it is a known organisation, a collective or a
  gazetteer place;
* capitalised names NER missed (1-3 words) are added as PLACE when they are a country or
  subdivision name, or a city name (same population floor) with one of those place cues;
* shouted words and headline fragments are dropped first (:mod:`.junk`), and a name in a
  reporting position with a media cue is a media outlet (:mod:`.media`), whatever NER said.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from reportgraph.models import Document
from reportgraph.nlp.entities.junk import drop_junk
from reportgraph.nlp.entities.media import media_outlet
from reportgraph.nlp.entities.mentions import RawMention
from reportgraph.nlp.places.gazetteer import Gazetteer, PlaceMatch
from reportgraph.nlp.places.name_keys import place_key
from reportgraph.nlp.sentences import Sentence

if TYPE_CHECKING:
    from reportgraph.nlp.lexicons import Lexicons

MIN_CITY_POPULATION = 15000
MAX_NAME_WORDS = 3
_ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ed", "er", "es"})


# --- refine_mentions -------------------------------------------------------------------------


class _DocView:
    """One document being retyped: its text and Doc, its sentences, the PLACE names so far."""

    def __init__(
        self,
        text: str,
        doc: Doc,
        sentences: Sequence[Sentence],
        raws: list[RawMention],
        lexicons: Lexicons,
    ) -> None:
        self.text = text  # the text ``doc`` is made from
        self.doc = doc
        self.sentences = sentences
        self.typing = lexicons.typing
        self.reporting_verbs = lexicons.aliases.reporting_verbs
        self.label_map = lexicons.general.label_map
        self.places = lexicons.places
        self.place_keys = {place_key(r.text) for r in raws if r.type == "PLACE"}

    @cached_property
    def words(self) -> set[str]:
        """The capitalised words of the document."""
        return {t.text for t in self.doc if t.text[:1].isupper()}

    @cached_property
    def names(self) -> tuple[bool, ...]:
        """Whether each token is a name word (see :func:`_name_word`)."""
        return tuple(_name_word(t.text) for t in self.doc)

    def span(self, start: int, end: int) -> Span | None:
        """``doc.char_span(start, end, alignment_mode="expand")``: the tokens that hold the
        characters ``start`` to ``end``."""
        return self.doc.char_span(start, end, alignment_mode="expand")

    def before(self, start: int, sentence: int, n: int) -> list[str]:
        """Up to ``n`` lowercase words before ``start`` inside its sentence."""
        sent = self.sentences[sentence]
        first = self.span(start, start + 1)
        if not first:
            return []
        lo = max(sent.first_token, first.start - n)
        return [t.lower_ for t in self.doc[lo : first.start]]

    def after(self, end: int, sentence: int, possessive: bool = True) -> Token | None:
        """The token right after ``end`` inside its sentence (after a possessive "'s")."""
        sent = self.sentences[sentence]
        last = self.span(end - 1, end)
        if not last:
            return None
        i = last.end
        if possessive and i < sent.end_token and self.doc[i].tag_ == "POS":
            i += 1
        return self.doc[i] if i < sent.end_token else None


def _place_cue(
    view: _DocView, start: int, end: int, sentence: int, *, strict: bool = False
) -> bool:
    """A place preposition before, "city of" before, or "province" after the span; ``strict``
    leaves out the prepositions that also take people ("to", "from")."""
    lex = view.typing
    before = view.before(start, sentence, 2)
    cues = lex.place_cues_before - lex.weak_place_cues if strict else lex.place_cues_before
    if before and before[-1] in cues:
        return True
    if len(before) == 2 and before[1] == "of" and before[0] in lex.place_nouns_of:
        return True
    nxt = view.after(end, sentence)
    return nxt is not None and nxt.lower_ in lex.place_nouns_after


def _facility(view: _DocView, raw: RawMention) -> RawMention | None:
    """The mention as a PLACE when a facility noun follows it (joined if capitalised)."""
    facilities = view.typing.facilities
    nxt = view.after(raw.end, raw.sentence, possessive=False)
    if nxt is None or not nxt.is_alpha:
        return None
    nouns = [nxt]
    following = view.after(nxt.idx + len(nxt.text), raw.sentence, possessive=False)
    if following is not None and f"{nxt.lower_} {following.lower_}" in facilities:
        nouns.append(following)
    elif nxt.lower_ not in facilities:
        return None
    if all(t.text[:1].isupper() for t in nouns):
        end = nouns[-1].idx + len(nouns[-1].text)
        return RawMention(raw.start, end, view.text[raw.start : end], "PLACE", raw.sentence)
    cues = view.typing.place_cues_before
    faction = raw.type == "PERSON" and nouns[-1].lower_ in ("camp", "base")
    if faction and not cues.intersection(view.before(raw.start, raw.sentence, 3)):
        return None  # "the X camp" of a person is a faction, "at the X camp" a place
    return RawMention(raw.start, raw.end, raw.text, "PLACE", raw.sentence)


def _plural_demonym(view: _DocView, raw: RawMention, tokens: Span | None) -> bool:
    if tokens is None or len(tokens) != 1 or not raw.text[:1].isupper():
        return False
    word = raw.text
    lower = word.lower()
    suffixes = view.typing.plural_suffixes
    if not lower.endswith(suffixes):
        return False
    singular = word[:-1] if lower.endswith("s") else word
    if lower.endswith(("ites", "ians", "ese")):
        before = view.before(raw.start, raw.sentence, 1)
        return tokens[0].tag_ in ("NNPS", "NNS") or bool(before and before[0] == "the")
    return singular.lower() in view.typing.collectives or singular in view.words


def _is_group(view: _DocView, raw: RawMention, tokens: Span | None) -> bool:
    if view.typing.collective_kind(raw.text) is not None or _plural_demonym(view, raw, tokens):
        return True
    if raw.type == "PLACE":
        return False
    nxt = view.after(raw.end, raw.sentence)
    return (
        nxt is not None
        and nxt.lower_ in view.typing.collective_nouns
        and (tokens is None or len(tokens) <= 2)
        and not _gazetteer_place(view.places, raw.text)
    )


def _gazetteer_place(gaz: Gazetteer, name: str) -> list[PlaceMatch]:
    """Countries, subdivisions and cities above the population floor named ``name``."""
    return [
        m
        for m in gaz.matches(name)
        if m.record.kind != "city" or m.record.population >= MIN_CITY_POPULATION
    ]


def _retype(view: _DocView, raw: RawMention) -> RawMention:
    if raw.subtype is not None:
        return raw  # typed by its context (a media outlet)
    sentence = view.sentences[raw.sentence]
    sent_span = view.doc[sentence.first_token : sentence.end_token]
    media = media_outlet(view.doc, raw, sent_span, view.reporting_verbs, view.typing.media_cues)
    if media is not None:
        return media
    tokens = view.span(raw.start, raw.end)
    facility = _facility(view, raw) if view.typing.collective_kind(raw.text) is None else None
    if facility is not None:
        return facility
    if view.typing.facility_suffix(raw.text) is not None and raw.text.split()[-1][:1].isupper():
        return RawMention(raw.start, raw.end, raw.text, "PLACE", raw.sentence)
    if raw.type != "GROUP" and _is_group(view, raw, tokens):
        return RawMention(raw.start, raw.end, raw.text, "GROUP", raw.sentence)
    if raw.type != "PLACE" and _could_be_place(view, raw):
        suffix = raw.text.split()[-1].lower() in view.typing.admin_suffixes
        strict = raw.type == "PERSON"
        cue = suffix or _place_cue(view, raw.start, raw.end, raw.sentence, strict=strict)
        if cue or place_key(raw.text) in view.place_keys:
            return RawMention(raw.start, raw.end, raw.text, "PLACE", raw.sentence)
    return raw


def _surname_key(word: str) -> str:
    """A surname compared across spellings: lowercase, without an Arabic article ("al-"), with
    o/u and e/i folded ("Qorashi" and "al-Qurashi" give one key)."""
    word = word.lower()
    head, _, rest = word.partition("-")
    if rest and head in _ARTICLES:
        word = rest
    return word.replace("o", "u").replace("e", "i")


def _eponyms(view: _DocView, raws: Sequence[RawMention]) -> set[str]:
    """One-word ORGANIZATION names that the document uses as a person's surname: at least once
    before an eponym noun ("the X regime", "X loyalists"), while a PERSON of the document has
    that surname ("Daniel X", "al-X"). Known organisations, collectives and gazetteer places
    are left alone: "the Taliban government" names no person."""
    surnames = {_surname_key(r.text.split()[-1]) for r in raws if r.type == "PERSON"}
    lex = view.typing
    found: set[str] = set()
    for raw in raws:
        name = raw.text.strip()
        if raw.type != "ORGANIZATION" or raw.subtype is not None or " " in name or name.isupper():
            continue
        if name in found:
            continue
        after = view.after(raw.end, raw.sentence, possessive=False)
        if after is None or after.lower_ not in lex.eponym_heads:
            continue
        if _surname_key(name) not in surnames or lex.collective_kind(name) is not None:
            continue
        if any(name in cues.names for cues in lex.org_cues):
            continue
        if not _gazetteer_place(view.places, name):
            found.add(name)
    return found


def _could_be_place(view: _DocView, raw: RawMention) -> bool:
    """A gazetteer place name (a main name for PERSON mentions), not a collective or a common
    word such as "Central" or "Western"."""
    lex = view.typing
    if lex.collective_kind(raw.text) is not None or raw.text.lower() in lex.common_admin_words:
        return False
    found = _gazetteer_place(view.places, raw.text)
    return any(m.primary for m in found) if raw.type == "PERSON" else bool(found)


def _name_word(word: str) -> bool:
    """A capitalised word with a letter."""
    return word[:1].isupper() and any(c.isalpha() for c in word)


def _candidate_end(view: _DocView, first: int, stop: int) -> int | None:
    """Index one past the maximal name run starting at token ``first`` (None if too long)."""
    doc, names = view.doc, view.names
    i, words = first, 0
    while i < stop:
        if names[i]:
            words += 1
            i += 1
            continue
        token = doc[i]
        if (
            token.lower_ in _ARTICLES
            and i + 2 < stop
            and doc[i + 1].text == "-"
            and not doc[i + 1].whitespace_
            and names[i + 2]
        ):
            i += 2
        elif token.text == "-" and not token.whitespace_ and words and i + 1 < stop:
            i += 1
        else:
            break
    while i > first and not names[i - 1]:
        i -= 1
    return i if 0 < words <= MAX_NAME_WORDS else None


def _missed_place(view: _DocView, first: int, end: int, index: int) -> RawMention | None:
    doc = view.doc
    span = doc[first:end]
    start, stop = span.start_char, span.end_char
    text = view.text[start:stop]
    lex = view.typing
    names = view.label_map
    if any(t.ent_type_ and t.ent_type_ not in names for t in span) or text.lower() in STOP_WORDS:
        return None
    sentence_start = first == view.sentences[index].first_token
    opens = sentence_start or first == 0 or doc[first - 1].is_punct
    if opens and doc[first].pos_ != "PROPN":
        return None
    if not any(t.pos_ == "PROPN" for t in span) or lex.collective_kind(text) is not None:
        return None
    found = _gazetteer_place(view.places, text)
    if not found:
        return None
    named = any(m.primary and m.record.kind in ("country", "admin1") for m in found)
    if named and text.lower() not in lex.common_admin_words:
        return RawMention(start, stop, text, "PLACE", index)
    if _place_cue(view, start, stop, index) or place_key(text) in view.place_keys:
        return RawMention(start, stop, text, "PLACE", index)
    return None


def _missed_places(view: _DocView, covered: list[bool]) -> list[RawMention]:
    found: list[RawMention] = []
    doc, names = view.doc, view.names
    for index, sent in enumerate(view.sentences):
        i = sent.first_token
        while i < sent.end_token:
            if covered[i] or not (names[i] or doc[i].lower_ in _ARTICLES):
                i += 1
                continue
            end = _candidate_end(view, i, sent.end_token)
            if end is None or end <= i:
                i += 1
                continue
            if not any(covered[i:end]):
                mention = _missed_place(view, i, end, index)
                if mention is not None:
                    found.append(mention)
            i = end
    return found


def _coordinated_places(view: _DocView, raws: list[RawMention]) -> list[RawMention]:
    """A name listed among places is a place: in "A, B, C and D" (a coordination), a mention
    whose conjuncts are mostly PLACE mentions, at least one, becomes PLACE."""
    token_raw: dict[int, int] = {}
    for i, raw in enumerate(raws):
        for token in view.span(raw.start, raw.end) or ():
            token_raw[token.i] = i
    out = list(raws)
    for i, raw in enumerate(raws):
        if raw.type == "PLACE" or raw.subtype is not None:
            continue
        tokens = view.span(raw.start, raw.end)
        if tokens is None:
            continue
        root = tokens.root
        others = {token_raw[c.i] for c in root.conjuncts if c.i in token_raw} - {i}
        places = sum(raws[j].type == "PLACE" for j in others)
        if places and places > len(others) - places:
            out[i] = RawMention(raw.start, raw.end, raw.text, "PLACE", raw.sentence)
    return out


def refine_mentions(
    document: Document,
    doc: Doc,
    sentences: Sequence[Sentence],
    token_sentence: Sequence[int],
    raws: list[RawMention],
    lexicons: Lexicons,
) -> list[RawMention]:
    """``raws`` with corrected types and joined facility nouns, plus the place names NER missed;
    a new list in text order, without overlaps."""
    del token_sentence  # sentences carry their token ranges
    raws = drop_junk(document.text, sentences, raws, lexicons.typing, lexicons.aliases.org_heads)
    view = _DocView(document.text, doc, sentences, raws, lexicons)
    retyped = sorted(raws, key=lambda r: (r.start, -r.end))
    for _ in range(2):  # the second pass sees the places the first one found
        retyped = [_retype(view, raw) for raw in retyped]
        view.place_keys |= {place_key(r.text) for r in retyped if r.type == "PLACE"}
    retyped = _coordinated_places(view, retyped)
    eponyms = _eponyms(view, retyped)
    retyped = [
        RawMention(r.start, r.end, r.text, "PERSON", r.sentence)
        if r.type == "ORGANIZATION" and r.text.strip() in eponyms
        else r
        for r in retyped
    ]
    covered = [False] * len(doc)
    for raw in retyped:
        for token in view.span(raw.start, raw.end) or ():
            covered[token.i] = True
    merged = sorted([*retyped, *_missed_places(view, covered)], key=lambda r: (r.start, -r.end))
    out: list[RawMention] = []
    for raw in merged:
        if out and raw.start < out[-1].end:
            continue
        if document.text[raw.start : raw.end] == raw.text:
            out.append(raw)
    return out


__all__ = ["refine_mentions"]
