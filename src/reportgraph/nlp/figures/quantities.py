"""Reported figures: the number with its qualifier and bounds, what it counts, and the outcome.

"at least 17 civilians were killed" -> value 17, qualifier "at least", counted "civilians",
kind "killed", anchor = "killed". The steps, each general English and driven by
``data/nlp_quantities.json``:

1. number expressions with qualifier and bounds (``numerals.py``); non-counts dropped
   (``non_counts.py``);
2. what is counted: the noun the number modifies ("745 civilians"), or the object of a partitive
   "of" ("five of their neighbours", "hundreds of people"), with its compound/adjective modifiers
   kept ("yazidi civilians", "security personnel") except quantity words ("more", "other") and
   outcome words ("displaced people" -> "people"). "members of X" becomes "x members". An outcome
   noun as head ("civilian deaths") gives the kind and counts its modifier ("civilians").
   No noun: "people" when an outcome is found, else "";
3. the outcome kind: an outcome word on the figure itself ("17 dead", "people killed in",
   "civilians who were killed"), else up the parse through subject/object/conjunct/apposition
   links and partitive "of" to the first verb ("were executed", "have lost their lives",
   "sought refuge"), or a toll noun next to that verb ("put the toll at 1,383");
4. anchor: the first verb above the figure, else the figure's head token.

A figure with no noun right after another ("at least five civilians, possibly as many as 21")
shares the other's counted noun and kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from reportgraph.nlp.figures.lexicon import QuantityLexicon
from reportgraph.nlp.figures.non_counts import is_non_figure
from reportgraph.nlp.figures.numerals import NumberExpression, number_expressions, parse_number
from reportgraph.nlp.frames import QuantityFrame
from reportgraph.nlp.sentences import Sentence

if TYPE_CHECKING:
    from reportgraph.nlp.lexicons import Lexicons

__all__ = ["find_quantities", "parse_number"]

_NOUNS = ("NOUN", "PROPN")
_PATH_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "appos", "conj", "oprd", "nmod"})
_FIGURE_PREPOSITIONS = frozenset({"at", "to", "of"})
_OTHER_CLAUSE_DEPS = frozenset({"conj", "advcl", "ccomp", "parataxis", "relcl", "xcomp"})
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "punct", "npadvmod", "nummod", "quantmod"})


@dataclass(frozen=True)
class _Counted:
    head: int | None  # token index of the counted noun (None: no noun)
    end: int  # one past the last token of the figure phrase
    text: str  # normalised counted phrase ("" when none)
    kind: str | None  # outcome given by the counted noun itself ("deaths")
    drop: bool = False  # the "noun" shows this is no count ("three days", "one of")


def _norm(tokens: list[Token]) -> str:
    text = "".join(t.text_with_ws for t in tokens).strip().lower()
    return re.sub(r"\s+", " ", text)


def _kind_word(token: Token, lex: QuantityLexicon) -> str | None:
    return lex.kind_of_word.get(token.lemma_.lower(), lex.kind_of_word.get(token.lower_))


def _plural(word: str, lex: QuantityLexicon) -> str:
    if word in lex.irregular_plurals:
        return lex.irregular_plurals[word]
    if word.endswith("s"):
        return word
    if word.endswith(("x", "ch", "sh")):
        return word + "es"
    return word + "s"


def _modifiers(doc: Doc, lo: int, head: int, lex: QuantityLexicon) -> list[Token]:
    """The run of kept modifier tokens right before ``head`` (from ``lo`` at the earliest)."""
    first = head
    while first - 1 >= lo:
        token = doc[first - 1]
        if (
            token.pos_ == "CCONJ"
            and first - 2 >= lo
            and doc[first - 2].pos_ in ("ADJ", "PROPN")
            and doc[first - 2].lower_ not in lex.dropped_modifiers
        ):
            first -= 1  # "christian and yazidi civilians"
            continue
        if (
            token.lower_ in lex.dropped_modifiers
            or _kind_word(token, lex) is not None
            or token.like_num
            or token.pos_ in ("DET", "PRON", "ADP", "CCONJ", "NUM")
            or (token.is_punct and token.text not in ("-", "–"))
        ):
            break
        first -= 1
    while first < head and doc[first].text in ("-", "–"):
        first += 1
    return list(doc[first:head])


def _phrase(doc: Doc, lo: int, head: int, lex: QuantityLexicon) -> tuple[str, str | None]:
    """Normalised counted phrase ending at noun ``head`` and the outcome the head itself names."""
    mods = _modifiers(doc, lo, head, lex)
    token = doc[head]
    kind = _kind_word(token, lex) if token.pos_ == "NOUN" else None
    if token.lemma_.lower() in lex.figure_nouns:
        return "", None
    if kind is not None:  # "civilian deaths" counts civilians; "745 deaths" counts people
        if not mods:
            return "people", kind
        words = _norm(mods).split(" ")
        return " ".join([*words[:-1], _plural(words[-1], lex)]), kind
    if token.lower_ in lex.partitive_heads:
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                objects = [c for c in child.children if c.dep_ == "pobj" and c.pos_ in _NOUNS]
                if objects:
                    obj = objects[0]
                    inner = _modifiers(doc, child.i + 1, obj.i, lex)
                    return f"{_norm([*inner, obj])} {_norm([*mods, token])}", None
    return _norm([*mods, token]), None


def _partitive_end(token: Token) -> int:
    """One past the end of "members of the border guard" (the of-object's head)."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0].i + 1
    return token.i + 1


def _unit_noun(token: Token, lex: QuantityLexicon) -> bool:
    low = token.lower_
    return low in lex.time_units or low in lex.measure_units or low in lex.currency_words


def _counted(doc: Doc, expr: NumberExpression, hi: int, lex: QuantityLexicon) -> _Counted:
    j = expr.end
    none = _Counted(None, expr.end, "", None)
    if j < hi and doc[j].lower_ == "of":  # partitive: "hundreds of people", "five of them"
        objects = [c for c in doc[j].children if c.dep_ == "pobj" and c.i < hi]
        if not objects or objects[0].pos_ not in _NOUNS:
            return none
        obj = objects[0]
        if _unit_noun(obj, lex) or obj.lower_ in lex.months:
            return _Counted(None, expr.end, "", None, drop=True)
        text, kind = _phrase(doc, j + 1, obj.i, lex)
        end = _partitive_end(obj) if obj.lower_ in lex.partitive_heads else obj.i + 1
        return _Counted(obj.i, end, text, kind)
    while j < hi and doc[j].lower_ in lex.skip_before_noun:
        j += 1
    if j >= hi:
        return none
    token = doc[j]
    if token.pos_ not in (*_NOUNS, "ADJ") and token.dep_ not in ("amod", "compound"):
        return none
    while (
        token.dep_ in _MODIFIER_DEPS
        and token.i < token.head.i < hi
        and token.head.i - j <= 6
        and token.head.pos_ != "VERB"
    ):
        token = token.head
    if token.pos_ not in _NOUNS:
        return none  # "17 dead": the adjective is the outcome, not what is counted
    if _unit_noun(token, lex):
        return _Counted(None, expr.end, "", None, drop=True)
    text, kind = _phrase(doc, j, token.i, lex)
    end = _partitive_end(token) if token.lower_ in lex.partitive_heads else token.i + 1
    return _Counted(token.i, end, text, kind)


def _top(doc: Doc, expr: NumberExpression, counted: _Counted) -> Token:
    """The token of the figure phrase that hangs outside it (the phrase's syntactic head)."""
    end = counted.end
    token = doc[counted.head if counted.head is not None else expr.main]
    seen = {token.i}
    while expr.start <= token.head.i < end and token.head.i not in seen:
        token = token.head
        seen.add(token.i)
    return token


def _verb_kind(verb: Token, lex: QuantityLexicon, people: bool) -> str | None:
    kind = _kind_word(verb, lex) if verb.pos_ in ("VERB", "ADJ") else None
    if kind is not None:
        return kind
    for child in verb.children:  # "were found dead", "were reported missing"
        if child.dep_ in ("acomp", "oprd", "xcomp") and child.pos_ in ("ADJ", "VERB"):
            kind = _kind_word(child, lex)
            if kind is not None:
                return kind
    after = verb.nbor(1) if verb.i + 1 < len(verb.doc) else None
    if after is not None and after.pos_ == "ADJ":  # "shot dead 12 villagers" (any attachment)
        kind = _kind_word(after, lex)
        if kind is not None:
            return kind
    lemma = verb.lemma_.lower()
    objects = {c.lemma_.lower() for c in verb.children if c.dep_ in ("dobj", "attr", "pobj")}
    objects |= {c.lower_ for c in verb.children if c.dep_ in ("dobj", "attr")}
    for trigger in lex.kind_with_object:
        if lemma in trigger.verbs and objects & trigger.objects:
            return trigger.kind
    if people and lemma in lex.kind_with_people:
        return lex.kind_with_people[lemma]
    return None


def _toll_kind(verb: Token, lex: QuantityLexicon) -> str | None:
    """The kind of a toll/figure noun governed by ``verb`` ("put the death toll at ...")."""
    for child in verb.children:
        if (
            child.dep_ in ("nsubj", "nsubjpass", "dobj")
            and child.pos_ == "NOUN"
            and child.lemma_.lower() in lex.figure_nouns
        ):
            kinds = [_kind_word(t, lex) for t in child.subtree]
            return next((k for k in kinds if k is not None), None)
    return None


def _own_kind(tokens: list[Token], lex: QuantityLexicon) -> str | None:
    """An outcome word on the figure: "17 dead", "people killed in", "who were killed"."""
    for token in tokens:
        for child in token.children:
            if child.dep_ in ("amod", "acl", "relcl", "conj", "appos") and child.i > token.i:
                kind = _kind_word(child, lex) if child.pos_ in ("VERB", "ADJ") else None
                kind = kind or (
                    _verb_kind(child, lex, True) if child.dep_ in ("acl", "relcl") else None
                )
                if kind is not None:
                    return kind
        if token.dep_ in ("nsubj", "nsubjpass", "nummod", "npadvmod") and token.head.pos_ == "ADJ":
            kind = _kind_word(token.head, lex)
            if kind is not None:
                return kind
    return None


def _is_people(token: Token | None, lex: QuantityLexicon, demonyms: tuple[str, ...]) -> bool:
    if token is None:
        return True
    low = token.lower_
    return (
        low in lex.people_nouns or token.ent_type_ == "NORP" or low.rstrip("s").endswith(demonyms)
    )


def _path_kind(top: Token, lex: QuantityLexicon, people: bool) -> str | None:
    """Walk up from the figure to its verb; the first outcome word on the way names the kind."""
    token = top
    for _ in range(8):
        head = token.head
        if head.i == token.i:
            return None
        if token.dep_ == "pobj":
            prep, governor = head, head.head
            if prep.lower_ in lex.inclusive_prepositions:
                token = prep  # "40 people, including 9 children"
                continue
            if governor.lower_ in lex.additive_nouns and governor.dep_ == "pobj":
                token = governor.head  # "in addition to 120 fighters"
                continue
            if prep.lower_ == "of" and governor.pos_ in _NOUNS:
                kind = _kind_word(governor, lex)
                if kind is not None:
                    return kind
                token = governor
                continue
            if prep.lower_ in _FIGURE_PREPOSITIONS and governor.pos_ in _NOUNS:
                return _kind_word(governor, lex)  # "a death toll of / at"
            if prep.lower_ in _FIGURE_PREPOSITIONS and governor.pos_ in ("VERB", "AUX"):
                return _toll_kind(governor, lex) or _object_only_kind(governor, lex)
            return None
        if token.dep_ not in _PATH_DEPS and token.dep_ != "prep":
            return None
        if head.pos_ in ("VERB", "AUX", "ADJ"):
            return _verb_kind(head, lex, people) or (
                _toll_kind(head, lex) if token.dep_ == "attr" else None
            )
        kind = _kind_word(head, lex) if head.pos_ == "NOUN" else None
        if kind is not None and token.dep_ != "conj":
            return kind
        token = head
    return None


def _object_only_kind(verb: Token, lex: QuantityLexicon) -> str | None:
    """ "gives refuge to thousands": only verbs that need their object count via a preposition."""
    lemma = verb.lemma_.lower()
    objects = {c.lemma_.lower() for c in verb.children if c.dep_ == "dobj"}
    for trigger in lex.kind_with_object:
        if lemma in trigger.verbs and objects & trigger.objects:
            return trigger.kind
    return None


def _clause_kind(anchor: Token, number: Token, lex: QuantityLexicon) -> str | None:
    """A bare number ("the figure of 745 ... killed"): the nearest outcome word of its clause."""
    best: tuple[int, str] | None = None
    for token in anchor.subtree:
        path = [token, *(a for a in token.ancestors if a.i != anchor.i and anchor.is_ancestor(a))]
        if any(t.dep_ in _OTHER_CLAUSE_DEPS for t in path if t.i != anchor.i):
            continue  # another clause: "... a monitor who said they were killed"
        kind = _kind_word(token, lex) if token.pos_ in ("VERB", "ADJ", "NOUN") else None
        if kind is not None and (best is None or abs(token.i - number.i) < best[0]):
            best = (abs(token.i - number.i), kind)
    return best[1] if best is not None else None


def _anchor(top: Token) -> Token:
    for ancestor in top.ancestors:
        if ancestor.pos_ in ("VERB", "AUX"):
            return ancestor
    return top.head


def _frame(
    text: str,
    doc: Doc,
    expr: NumberExpression,
    hi: int,
    lex: QuantityLexicon,
    demonyms: tuple[str, ...],
) -> tuple[QuantityFrame, int] | None:
    counted = _counted(doc, expr, hi, lex)
    if counted.drop:
        return None
    if doc[expr.num_start].lower_ in lex.words_needing_noun and (
        counted.head is None or doc[expr.main].dep_ != "nummod"
    ):
        return None
    top = _top(doc, expr, counted)
    people = counted.head is None or _is_people(doc[counted.head], lex, demonyms)
    phrase = [doc[expr.main]] + ([doc[counted.head]] if counted.head is not None else [])
    anchor = _anchor(top)
    kind = (
        counted.kind
        or _own_kind(phrase, lex)
        or _path_kind(top, lex, people)
        or (_clause_kind(anchor, doc[expr.main], lex) if counted.head is None else None)
        or lex.implied_by_counted.get(counted.text.split(" ")[-1])
    )
    if counted.head is None and kind is None and not expr.has_digits and expr.value is not None:
        return None  # a lone number word ("the two", "three of them") is too often no figure
    counted_text = counted.text or ("people" if kind is not None else "")
    number_end = doc[expr.end - 1].idx + len(doc[expr.end - 1].text)
    end = doc[counted.end - 1].idx + len(doc[counted.end - 1].text)
    start = doc[expr.start].idx
    frame = QuantityFrame(
        start=start,
        end=end,
        text=text[start:end],
        number_start=start,
        number_end=number_end,
        value=expr.value,
        qualifier=expr.qualifier,
        upper=expr.upper,
        counted=counted_text,
        kind=kind,
        anchor=anchor.i,
    )
    return frame, top.i


def _shares(text: str, doc: Doc, prev: QuantityFrame, frame: QuantityFrame, top: int) -> bool:
    """ "at least five civilians, possibly as many as 21": the second figure has no noun."""
    if frame.end != frame.number_end:
        return False
    between = text[prev.end : frame.number_start]
    if between.strip(" ,;(–—-") in ("", "or", "and", "but"):
        return True
    head = doc[top].head
    return head.idx < prev.end and head.idx >= prev.start


def find_quantities(
    text: str, doc: Doc, sentence: Sentence, lexicons: Lexicons
) -> list[QuantityFrame]:
    """The reported figures of ``sentence`` in text order (see the module docstring); ``doc``
    is made from ``text``, the document's text."""
    lex, demonyms = lexicons.figures, lexicons.general.demonym_suffixes
    lo, hi = sentence.first_token, sentence.end_token
    frames: list[QuantityFrame] = []
    for expr in number_expressions(doc, lo, hi, lex):
        if is_non_figure(text, doc, expr, lo, hi, lex):
            continue
        made = _frame(text, doc, expr, hi, lex, demonyms)
        if made is None:
            continue
        frame, top = made
        if frames and _shares(text, doc, frames[-1], frame, top):
            prev = frames[-1]
            if frame.counted in ("", "people") and prev.counted:
                frame = replace(frame, counted=prev.counted, kind=frame.kind or prev.kind)
        frames.append(frame)
    return frames
