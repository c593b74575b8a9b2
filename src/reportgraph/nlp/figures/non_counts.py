"""Numbers that are not reported counts: years, dates, times, ages, percentages, money, phone
numbers, numbers inside links or handles, durations, measurements, identifiers, list numbering.

spaCy's entity labels are one hint among several (the small pipeline mislabels): a number is
dropped when the label says percent/money/time/ordinal, or when the words around it say so.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from reportgraph.nlp.figures.lexicon import QuantityLexicon
from reportgraph.nlp.figures.numerals import DIGITS, NumberExpression

_PHONE = re.compile(
    r"(?<![\d,.])(?:\+\d{1,3}[ .-]?)?\(?\d{2,4}\)?[ .-]\d{3,4}[ .-]\d{3,4}(?![\d,])"
)
_SHORT_PHONE = re.compile(r"(?<![\d,.])\d{3}-\d{4}(?![\d,])|\+\d")
_LINKISH = re.compile(r"/|@|#|https?:|www\.|=|_|\d:\d|\d[-/.]\d+[-/.]\d|[A-Za-z]-?\d|\d[A-Za-z]")
_GLUED_SCALE = re.compile(r"\d(?:k|m|mn|bn)\b", re.IGNORECASE)
_YEAR = re.compile(r"^1[0-9]{3}$|^20[0-9]{2}$|^2100$")


def _chunk(text: str, start: int, end: int) -> str:
    """The whitespace-delimited chunk of ``text`` around ``start:end``, without edge punctuation."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end].strip(".,;:!?\"'()[]{}«»“”‘’…")


def _in_link_or_code(text: str, doc: Doc, expr: NumberExpression) -> bool:
    for token in doc[expr.num_start : expr.end]:
        if not DIGITS.match(token.text):
            continue
        chunk = _GLUED_SCALE.sub("0", _chunk(text, token.idx, token.idx + len(token.text)))
        if _LINKISH.search(chunk):
            return True
        window_start = max(0, token.idx - 20)
        window = text[window_start : token.idx + len(token.text) + 20]
        offset = token.idx - window_start
        for pattern in (_PHONE, _SHORT_PHONE):
            for match in pattern.finditer(window):
                if match.start() <= offset + len(token.text) and offset <= match.end():
                    return True
    return False


def _list_number(text: str, doc: Doc, expr: NumberExpression) -> bool:
    """ "1. First point" / "2) Second" at the start of a line."""
    start = doc[expr.num_start].idx
    end = doc[expr.end - 1].idx + len(doc[expr.end - 1].text)
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip(" \t(") != "":
        return False
    return text[end : end + 2] in (". ", ") ", ".\t", ")\t") or text[end : end + 1] in (".", ")")


def _is_year(doc: Doc, expr: NumberExpression, lo: int, lex: QuantityLexicon) -> bool:
    if expr.end - expr.num_start != 1 or not _YEAR.match(doc[expr.num_start].text):
        return False
    token = doc[expr.num_start]
    if token.ent_type_ == "DATE":
        return True
    prev = doc[expr.num_start - 1].lower_ if expr.num_start > lo else ""
    if prev in lex.year_prepositions or prev in lex.months or prev == ",":
        return True
    head = token.head
    return not (token.dep_ == "nummod" and head.i > token.i and head.pos_ in ("NOUN", "PROPN"))


def _next_word(doc: Doc, i: int, hi: int) -> str:
    """Lowercase text of the token at ``i``, stepping over one glued hyphen ("14-year")."""
    if i < hi and doc[i].text in ("-", "–") and i + 1 < hi:
        i += 1
    return doc[i].lower_ if i < hi else ""


def is_non_figure(
    text: str, doc: Doc, expr: NumberExpression, lo: int, hi: int, lex: QuantityLexicon
) -> bool:
    """Whether ``expr`` (inside tokens ``lo:hi``) is no reported count; ``text`` is the text
    ``doc`` was made from."""
    numerals = doc[expr.num_start : expr.end]
    if any(t.ent_type_ in lex.ignored_entity_labels for t in numerals):
        return True
    first = doc[expr.start]
    prev = doc[expr.start - 1] if expr.start > lo else None
    nxt = _next_word(doc, expr.end, hi)
    after = _next_word(doc, expr.end + 1, hi) if expr.end < hi else ""
    if prev is not None and (
        prev.text in lex.currency_symbols
        or prev.lower_ in lex.age_words
        or prev.lower_ in lex.identifier_words
        or (prev.lower_ in lex.months and prev.text[:1].isupper())
    ):
        return True
    if first.text in lex.currency_symbols:
        return True
    if nxt in lex.percent_words or nxt in lex.currency_words or nxt in lex.clock_words:
        return True
    if nxt in lex.time_units or nxt in lex.measure_units:
        return True
    if nxt == "of" and after in lex.months:
        return True
    if expr.end < hi and doc[expr.end].text[:1].isupper() and nxt in lex.months:
        return True
    if _is_year(doc, expr, lo, lex):
        return True
    return _in_link_or_code(text, doc, expr) or _list_number(text, doc, expr)
