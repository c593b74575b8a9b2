"""Numbers as written: parse "4,000", "1.2 million", "twenty-one", "a dozen"; find them in a Doc.

:func:`parse_number` reads one number expression. :func:`number_expressions` scans a token range
for figures with their qualifier and bounds ("at least 17", "between 2 and 3 million",
"tens of thousands"); whether a figure counts anything is decided by ``quantities.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from text_to_num import text2num

from reportgraph.models import Qualifier
from reportgraph.nlp.figures.lexicon import QuantityLexicon

DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_DIGITS_SCALED = re.compile(r"^((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*([a-z]*)$")


def _scale(word: str, lex: QuantityLexicon) -> float | None:
    return lex.scale_words.get(word, lex.scale_abbreviations.get(word))


def _words_value(words: list[str], lex: QuantityLexicon) -> float | None:
    """Number words ("twenty one", "a hundred", "two dozen", "half a dozen") -> value."""
    if words[:3] == ["half", "a", "dozen"] and len(words) == 3:
        return 6.0
    if words and words[0] in ("a", "an"):
        words = ["one", *words[1:]]
    if words and words[-1] == "dozen":
        base = _words_value(words[:-1], lex) if len(words) > 1 else 1.0
        return None if base is None else base * 12
    if not words or "dozen" in words:
        return None
    try:
        return float(text2num(" ".join(words), "en"))
    except ValueError:
        return None


def parse_number(text: str, lex: QuantityLexicon) -> float | None:
    """The value of a number as written, or None when it has none ("thousands") or is no number.

    "4,000" -> 4000, "1.2 million" -> 1200000, "5k" -> 5000, "five" -> 5, "twenty-one" -> 21,
    "a dozen" -> 12, "two dozen" -> 24, "a hundred and twenty" -> 120.
    """
    words = re.sub(r"\s+", " ", text.strip().lower())
    if not words:
        return None
    match = _DIGITS_SCALED.match(words)
    if match:
        base = float(match.group(1).replace(",", ""))
        if not match.group(2):
            return base
        factor = _scale(match.group(2), lex)
        return None if factor is None else base * factor
    parts = words.split(" ")
    if len(parts) >= 2 and DIGITS.match(parts[0]):
        factors = [lex.scale_words.get(p) for p in parts[1:]]
        if any(f is None for f in factors):
            return None
        value = float(parts[0].replace(",", ""))
        for f in factors:
            value *= f or 1.0
        return value
    tokens = re.findall(r"[a-z]+", words)
    if any(t in lex.vague_plurals for t in tokens):
        return None  # "thousands": no value
    if len(tokens) != len(re.findall(r"\S+", words.replace("-", " "))):
        return None  # something that is neither a word nor a hyphen
    return _words_value(tokens, lex)


@dataclass(frozen=True)
class NumberExpression:
    """A figure's number in the Doc: token range with qualifier words, value and bounds."""

    start: int  # first token, qualifier words included
    num_start: int  # first token of the number itself
    end: int  # one past the last token of the number
    main: int  # token the number hangs on in the parse (its last numeral)
    value: float | None
    upper: float | None
    qualifier: Qualifier
    has_digits: bool


@dataclass(frozen=True)
class _Numeral:
    start: int
    end: int
    value: float | None  # None: vague
    scaled: bool  # ends in a scale word ("3 million")


def _glued(doc: Doc, i: int) -> bool:
    """Token ``i`` follows token ``i - 1`` without whitespace."""
    return i > 0 and not doc[i - 1].whitespace_


def _is_word_number(token: Token, lex: QuantityLexicon) -> bool:
    return token.lower_ in lex.number_words or token.lower_ in lex.scale_words


def _joins_number_words(doc: Doc, i: int, hi: int, lex: QuantityLexicon) -> bool:
    """Token ``i`` links two number words: "twenty-one", "a hundred and five"."""
    if i + 1 >= hi or doc[i + 1].lower_ not in lex.number_words:
        return False
    token = doc[i]
    if token.text == "-":
        return not token.whitespace_ and _glued(doc, i)
    return token.lower_ == "and" and doc[i - 1].lower_ in ("hundred", "thousand")


def _vague_at(doc: Doc, i: int, hi: int, lex: QuantityLexicon) -> _Numeral | None:
    low = doc[i].lower_
    if low in lex.vague_plurals:
        end = i + 1
        while end + 1 < hi and doc[end].lower_ == "of" and doc[end + 1].lower_ in lex.vague_plurals:
            end += 2
        if low == "tens" and end == i + 1:
            return None  # "tens" alone is no figure
        return _Numeral(i, end, None, False)
    for phrase in lex.vague_determiners:
        after = i + len(phrase)
        if after < hi and all(t.lower_ == w for t, w in zip(doc[i:after], phrase, strict=True)):
            nxt = doc[after].lower_
            if nxt in lex.scale_words or nxt in lex.vague_plurals:
                return _Numeral(i, after + 1, None, False)
    return None


def _numeral_at(doc: Doc, i: int, hi: int, lex: QuantityLexicon) -> _Numeral | None:
    token = doc[i]
    if token.lower_ not in lex.numeral_starts and not DIGITS.match(token.text):
        return None
    vague = _vague_at(doc, i, hi, lex)
    if vague is not None:
        return vague
    end = i
    if DIGITS.match(token.text):
        end = i + 1
        if end < hi and _glued(doc, end) and doc[end].lower_ in lex.scale_abbreviations:
            end += 1
        while end < hi and doc[end].lower_ in lex.scale_words:
            end += 1
    elif token.lower_ in ("a", "an", "half") or _is_word_number(token, lex):
        end = i
        if token.lower_ == "half" and doc[i + 1 : i + 3].text.lower() == "a dozen":
            end = i + 3
        elif token.lower_ in ("a", "an"):
            if i + 1 < hi and doc[i + 1].lower_ in lex.scale_words:
                end = i + 2
        else:
            end = i + 1
        if end == i:
            return None
        while end < hi:
            if _is_word_number(doc[end], lex):
                end += 1
            elif _joins_number_words(doc, end, hi, lex):
                end += 2
            else:
                break
    else:
        return None
    value = parse_number(doc[i:end].text, lex)
    if value is None:
        return None
    last = doc[end - 1].lower_
    return _Numeral(i, end, value, last in lex.scale_words or last in lex.scale_abbreviations)


def _qualifier_before(doc: Doc, i: int, lo: int, lex: QuantityLexicon) -> tuple[int, Qualifier]:
    """Longest qualifier phrase ending right before token ``i``: (its first token, qualifier)."""
    longest = min(lex.longest_qualifier, i - lo)
    words = tuple(t.lower_ for t in doc[i - longest : i])
    for size in range(longest, 0, -1):
        phrase = words[longest - size :]
        if phrase in lex.qualifiers:
            return i - size, lex.qualifiers[phrase]
    return i, "exact"


def _range_upper(
    doc: Doc, first: _Numeral, hi: int, opened: bool, lex: QuantityLexicon
) -> _Numeral | None:
    """The upper numeral of "2 and 3 million" (after "between"), "10-15", "20 to 30", "2 or 3"."""
    j = first.end
    if first.value is None or j + 1 >= hi:
        return None
    joiner = doc[j].lower_
    if joiner not in lex.range_joiners or (joiner == "and" and not opened):
        return None
    second = _numeral_at(doc, j + 1, hi, lex)
    if second is None or second.value is None:
        return None
    return second


def number_expressions(doc: Doc, lo: int, hi: int, lex: QuantityLexicon) -> list[NumberExpression]:
    """Number expressions of tokens ``lo`` to ``hi`` in text order (no filtering of dates etc.)."""
    found: list[NumberExpression] = []
    starts = lex.numeral_starts
    i = lo
    while i < hi:
        token = doc[i]
        if token.lower_ not in starts and not token.text[:1].isdecimal():
            i += 1  # cannot start a numeral (DIGITS needs a leading digit): skip the call
            continue
        numeral = _numeral_at(doc, i, hi, lex)
        if numeral is None:
            i += 1
            continue
        opened = i > lo and doc[i - 1].lower_ in lex.range_openers
        upper = _range_upper(doc, numeral, hi, opened, lex)
        from_to = i > lo and doc[i - 1].lower_ == "from"
        value = numeral.value
        qualifier: Qualifier
        if upper is not None and upper.value is not None and value is not None and not from_to:
            if upper.scaled and not numeral.scaled and numeral.end - numeral.start == 1:
                factor = _scale(doc[upper.end - 1].lower_, lex) or 1.0
                if value * factor <= upper.value:
                    value *= factor
            if value < upper.value:
                start = i - 1 if opened else _qualifier_before(doc, i, lo, lex)[0]
                found.append(
                    NumberExpression(
                        start,
                        i,
                        upper.end,
                        upper.end - 1,
                        value,
                        upper.value,
                        "range",
                        any(DIGITS.match(t.text) for t in doc[i : upper.end]),
                    )
                )
                i = upper.end
                continue
        start, qualifier = _qualifier_before(doc, i, lo, lex)
        if value is None:
            qualifier = "vague"
        found.append(
            NumberExpression(
                start,
                i,
                numeral.end,
                numeral.end - 1,
                value,
                None,
                qualifier,
                any(DIGITS.match(t.text) for t in doc[i : numeral.end]),
            )
        )
        i = numeral.end
    return found
