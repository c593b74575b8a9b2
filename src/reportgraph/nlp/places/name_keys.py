"""Spelling-insensitive keys for place names: one key for the usual transliteration variants.

:func:`place_key` folds a name so that common variants of the same name meet:

* script and diacritics (``anyascii``), case, spaces, hyphens and apostrophes;
* a trailing possessive ("'s") and a leading Arabic article ("al-", "el-", "Al ", and the
  assimilated "ad-", "ash-", "az-"... when written with a hyphen);
* "Kh" at the start of a word read as "H", "ou" as "u", doubled letters as one;
* a word-final "-ah" or "-eh" as "-a" (words of four letters or more).

:func:`article_variants` gives the extra keys the gazetteer indexes for names written with a
space-separated assimilated article ("Ar Raqqah"), so that "Raqqa" finds them too.
:func:`place_keys` folds many names at once (the regexes run over one joined string), which is
what keeps building the gazetteer fast.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from anyascii import anyascii

_HYPHEN_ONLY = "ad|ar|as|ash|at|az|an|ed|er|es|et|ez|en"
_POSSESSIVE = re.compile(r"'s$|(?<=s)'$", re.M)
_APOSTROPHES = str.maketrans("", "", "'`")
_EDGE_SPACE = re.compile(r"^[ \t]+|[ \t]+$", re.M)
_ARTICLE = re.compile(rf"^(?:(?:al|el)[ \t-]+|(?:{_HYPHEN_ONLY})-+)(?=[a-z0-9])", re.M)
_SPACE_ARTICLE = re.compile(rf"^(?:{_HYPHEN_ONLY})[ \t]+(?=[a-z0-9])")
_KH = re.compile(r"\bkh")
_FINAL_AH = re.compile(r"(?<=[a-z]{2})[ae]h\b")
_NON_ALNUM = re.compile(r"[^a-z0-9\n]+")
_DOUBLE = re.compile(r"([a-z])\1+")


def _ascii(name: str) -> str:
    name = name.replace("\n", " ")
    return (name if name.isascii() else anyascii(name)).lower()


def _fold(text: str) -> str:
    """Fold lowercase ASCII lines (joined by line breaks) into keys, line by line."""
    text = _POSSESSIVE.sub("", text).translate(_APOSTROPHES)
    text = _ARTICLE.sub("", _EDGE_SPACE.sub("", text))
    text = _FINAL_AH.sub("a", _KH.sub("h", text).replace("ou", "u"))
    return _DOUBLE.sub(r"\1", _NON_ALNUM.sub("", text))


def place_keys(names: Sequence[str]) -> list[str]:
    """:func:`place_key` of each name (faster than one call per name)."""
    if not names:
        return []
    return _fold("\n".join(_ascii(n) for n in names)).split("\n")


@lru_cache(maxsize=50_000)
def place_key(name: str) -> str:
    """The folded key of a place name ("" when it has no letters or digits)."""
    return _fold(_ascii(name))


def _bare(name: str) -> str:
    return _POSSESSIVE.sub("", _ascii(name).strip()).translate(_APOSTROPHES)


def has_article(name: str) -> bool:
    """Whether ``name`` starts with an Arabic article ("al-", "Al ", "ash-", "As "...)."""
    text = _bare(name)
    return _ARTICLE.match(text) is not None or _SPACE_ARTICLE.match(text) is not None


def article_variants(name: str) -> list[str]:
    """Extra keys for ``name`` without a space-separated assimilated article ("As X" -> "X")."""
    text = _bare(name)
    match = _SPACE_ARTICLE.match(text)
    return [_fold(text[match.end() :])] if match is not None else []
