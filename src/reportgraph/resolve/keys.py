"""Name keys that make transliteration variants of one name equal.

Three forms of a name, from strict to loose:

* :func:`light_tokens` -- ``ids.normalise_name`` (case, spacing, leading "the", final possessive),
  then ``anyascii`` (diacritics and non-Latin scripts: "Nguyễn Văn An" -> "nguyen van an"), a
  possessive ``'s`` at the end of any word, apostrophes (ʿayn, hamza: "Sana'a" -> "sanaa"),
  Arabic articles (``data/resolve_keys.json``) and every other non-alphanumeric character (the
  words are split there: "Jean-Pierre" -> "jean", "pierre"). Articles go when written with a hyphen
  before a following word ("al-", "el-", the assimilated "ash-", "ad-", ...: "Al-Fashir" ->
  "fashir", "Nasr ad-Dawla" -> "nasr", "dawla") or as a separate word "al"/"el" before another
  word -- except as the first word of a PERSON name, where "Al" is a given name ("Al Brooks").
* :func:`fold_token` -- each light word rewritten by these rules, in this order:

  1. ``kh`` at the start of a word -> ``h`` (Khalid/Halid, Kharkiv/Harkiv: Turkish, Ukrainian
     Latin and several other romanisations write the same sound with H);
  2. ``dj`` at the start of a word -> ``j`` (French "Dj" for the English "J");
  3. ``dh`` -> ``d``, ``q`` -> ``k``, ``x`` -> ``ks`` (Qasim/Kasim, Alexei/Aleksei);
  4. ``ou`` -> ``u``, ``oo`` -> ``u``, ``ee`` -> ``i`` (French and English spellings of long
     vowels: Youssouf/Yusuf, Mansoor/Mansur, Nabeel/Nabil);
  5. final ``ah`` -> ``a`` (ta marbuta written with or without h); final ``iy`` and final ``y``
     after a consonant -> ``i`` (Dmitriy/Dmitry/Dmitri);
  6. the glides: ``iy`` (or ``iyy``) before a vowel -> ``i`` (Kafriya/Kafria, Hamidiyya/Hamidia),
     ``ay`` before a consonant or at the end -> ``ai`` (Qusayr/Qusair, Husayn/Husain);
  7. a run of one repeated letter -> one letter (Hassan/Hasan, Dmitrii); digits are never touched.

  Other vowel differences are NOT folded: distinct names often differ only in their vowels
  (Mario/Maria, Daniel/Daniela). So "Mohammed" and "Muhammad" get different keys; so do
  "Abd al-Karim" ("abdkarim": the article is dropped) and "Abdulkarim" ("abdulkarim": the
  article is fused into the word with a vowel that no safe rule can remove), and
  "Ouagadougou"/"Wagadugu" (French "ou" for /w/ is not folded to "w"; places like it are merged by
  a shared GeoNames id instead). Use the overrides file for such pairs.
* :func:`fold_key` -- the folded words joined without spaces ("Abdul Karim" = "Abdulkarim").
* :func:`loose_key` -- :func:`match_key` with two vowel folds more, ``o`` -> ``u`` and
  ``e`` -> ``i`` (Qorashi/Qurashi, Hossein/Husain), which romanisations of Arabic and Persian write
  either way. They are unsafe for other names (Rosso/Russo, Kristen/Kristin), so resolution
  compares loose keys only when one of the two names is :func:`transliterated` (an Arabic
  article or particle, or a letter sequence such as "kh", "q", "aa", "iy":
  ``data/resolve_keys.json``). ``e`` and ``a`` are never folded together (Mehdi and Mahdi keep
  different keys), nor ``a`` and ``o`` (Omar/Amar).

:func:`match_key` is what resolution compares: the folded key, except for short names (at most 4
letters once folded), which only ever match on their light form ("=" + light words joined), so
folds never make "Adham" equal "Adam" or "Dohah" equal "Doha".
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from anyascii import anyascii
from pydantic import Field

from reportgraph import ids
from reportgraph.data_files import Lexicon, Words, load_lexicon

SHORT_NAME_LETTERS = 4

_TOKEN_POSSESSIVE = re.compile(r"'s$")
_APOSTROPHES = re.compile(r"['`\u2018\u2019\u02bb\u02bc\u02be\u02bf]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_DIGITS = re.compile(r"[0-9]+")
_FOLDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^kh"), "h"),
    (re.compile(r"^dj"), "j"),
    (re.compile(r"dh"), "d"),
    (re.compile(r"q"), "k"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"ou"), "u"),
    (re.compile(r"oo"), "u"),
    (re.compile(r"ee"), "i"),
    (re.compile(r"ah$"), "a"),
    (re.compile(r"iy$"), "i"),
    (re.compile(r"(?<=[b-df-hj-np-tv-z])y$"), "i"),
    (re.compile(r"iy+(?=[aeiou])"), "i"),
    (re.compile(r"ay(?=[b-df-hj-np-tv-z]|$)"), "ai"),
    (re.compile(r"([a-z])\1+"), r"\1"),
)
_VOWEL_FOLDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"o"), "u"),
    (re.compile(r"e"), "i"),
    (re.compile(r"([a-z])\1+"), r"\1"),
)


class Markers(Lexicon):
    """What shows a name romanised from Arabic or Persian (see :func:`transliterated`)."""

    pieces: tuple[str, ...]  # letter sequences inside a word
    particles: frozenset[str]  # whole words


class KeyLexicon(Lexicon):
    """The model of ``data/resolve_keys.json``: the words name keys skip."""

    hyphenated_articles: frozenset[str]
    standalone_articles: frozenset[str]
    function_words: frozenset[str] = Field(alias="acronym_function_words")
    markers: Markers = Field(alias="transliteration_markers")
    legal_forms: Words
    company_descriptors: Words
    government_words: Words
    generic_core_words: Words


@cache
def _words() -> KeyLexicon:
    return load_lexicon(KeyLexicon, "resolve_keys.json")


def key_words() -> KeyLexicon:
    """The word lists of ``data/resolve_keys.json`` (read once)."""
    return _words()


def _ascii(name: str) -> str:
    return anyascii(ids.normalise_name(name)).casefold()


def _split_word(word: str, articles: frozenset[str]) -> list[str]:
    word = _TOKEN_POSSESSIVE.sub("", word)
    pieces = word.split("-")
    kept = [p for i, p in enumerate(pieces) if i == len(pieces) - 1 or p not in articles]
    return [p for p in _NON_ALNUM.split(_APOSTROPHES.sub("", "-".join(kept))) if p]


@lru_cache(maxsize=200_000)
def light_tokens(name: str, person: bool = False) -> tuple[str, ...]:
    """Lower-case ASCII words of ``name`` without articles, apostrophes or punctuation."""
    words = _words()
    raw = _ascii(name).split()
    out: list[str] = []
    for i, word in enumerate(raw):
        standalone = word in words.standalone_articles and i < len(raw) - 1
        if standalone and (i > 0 or not person):
            continue
        out.extend(_split_word(word, words.hyphenated_articles))
    if not out:  # a name that is only an article or punctuation keeps its plain words
        out = [w for w in _NON_ALNUM.split(_ascii(name)) if w]
    return tuple(out)


@lru_cache(maxsize=200_000)
def fold_token(token: str) -> str:
    """One light word with the transliteration folds of the module docstring applied."""
    if token.isdigit():
        return token
    for pattern, repl in _FOLDS:
        token = pattern.sub(repl, token)
    return token


def fold_tokens(name: str, person: bool = False) -> tuple[str, ...]:
    return tuple(fold_token(t) for t in light_tokens(name, person))


def fold_key(name: str, person: bool = False) -> str:
    return "".join(fold_tokens(name, person))


def light_compact(name: str, person: bool = False) -> str:
    """The light form without spaces: what transliteration scores compare."""
    return "".join(light_tokens(name, person))


def _short_or_folded(light: tuple[str, ...]) -> str:
    folded = "".join(fold_token(t) for t in light)
    if sum(c.isalpha() for c in folded) <= SHORT_NAME_LETTERS:
        return "=" + "".join(light)
    return folded


def tokens_key(light: tuple[str, ...]) -> str:
    """:func:`match_key` of light words already split (short names: their exact form)."""
    return _short_or_folded(light)


@lru_cache(maxsize=200_000)  # the same names come back in every document that names them
def match_key(name: str, person: bool = False) -> str:
    """The key two names must share to be transliteration variants (short names: exact form)."""
    return _short_or_folded(light_tokens(name, person))


@lru_cache(maxsize=200_000)
def _vowel_fold(token: str) -> str:
    for pattern, repl in _VOWEL_FOLDS:
        token = pattern.sub(repl, token)
    return token


def loose_key(name: str, person: bool = False) -> str:
    """:func:`match_key` with ``o`` -> ``u`` and ``e`` -> ``i`` folded as well (short names keep
    their exact light form: "Omar" and "Umar" stay apart)."""
    key = match_key(name, person)
    return key if key.startswith("=") else _vowel_fold(key)


def loose_token_key(token: str) -> str:
    """:func:`loose_key` of one light word (the surname guard)."""
    key = token_key(token)
    return key if key.startswith("=") else _vowel_fold(key)


@lru_cache(maxsize=200_000)
def transliterated(name: str) -> bool:
    """Whether ``name`` shows a romanisation of Arabic or Persian (an article or particle word,
    a hyphenated article, or one of the marker letter sequences)."""
    words = _words()
    for word in _ascii(name).split():
        if any(p in words.hyphenated_articles for p in word.split("-")[:-1]):
            return True
        pieces = [p for p in _NON_ALNUM.split(_APOSTROPHES.sub("", word)) if p]
        if any(p in words.markers.particles for p in pieces):
            return True
        if any(m in p for p in pieces for m in words.markers.pieces):
            return True
    return False


def token_key(token: str) -> str:
    """:func:`match_key` of one light word (surnames)."""
    return _short_or_folded((token,))


def numbers(name: str) -> tuple[str, ...]:
    """The digit runs of a name, in order ("Brigade 44" -> ("44",))."""
    return tuple(_DIGITS.findall(anyascii(name)))


def acronym_letters(name: str) -> str | None:
    """``name`` as acronym letters ("U.N." -> "un"), or None when it cannot be an acronym."""
    compact = re.sub(r"[.\s]", "", anyascii(name)).casefold()
    if not 2 <= len(compact) <= 10 or not compact.isalnum():
        return None
    return compact


@lru_cache(maxsize=200_000)
def acronym_fits(short: str, long: str) -> bool:
    """Whether ``short`` is made of the initials (or word beginnings) of ``long``'s words.

    Every content word gives a non-empty prefix in order ("Frente de Libertacao" -> "FreLi");
    function words ("of", "the", "al", ...; see ``data/resolve_keys.json``) give their initial or
    nothing: "Jaysh Nasr al-Bahr" fits "JNB", "United Nations High Commissioner for Refugees" fits
    "UNHCR".
    """
    letters = acronym_letters(short)
    words = [w for w in _NON_ALNUM.split(anyascii(long).casefold()) if w]
    if letters is None or len(words) < 2:
        return False
    function = _words().function_words
    memo: dict[tuple[int, int], bool] = {}

    def fits(i: int, j: int) -> bool:
        if (i, j) not in memo:
            memo[(i, j)] = _fits(i, j)
        return memo[(i, j)]

    def _fits(i: int, j: int) -> bool:
        if j == len(words):
            return i == len(letters)
        word = words[j]
        if word in function:
            return fits(i, j + 1) or (
                i < len(letters) and letters[i] == word[0] and fits(i + 1, j + 1)
            )
        k = 1
        while i + k <= len(letters) and k <= len(word) and letters[i : i + k] == word[:k]:
            if fits(i + k, j + 1):
                return True
            k += 1
        return False

    return fits(0, 0)
