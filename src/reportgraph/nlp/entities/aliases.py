"""Acronyms and aliases defined inside one document.

Two steps, both on one document and deterministic:

* :func:`acronym_mentions` adds the acronym mentions the model misses: both sides of a
  definition "Long Name (ACR)" / "ACR (Long Name)" (a truncated long side is completed), later
  bare uses of a defined acronym, an all-caps word that spells the initials of an ORGANIZATION
  of the document, and an all-caps word in an organisation context ("the X said", "X fighters",
  "X-led") -- never stop-listed words, words of an all-caps run, URLs or handles.
* :func:`find_aliases` finds the definitions between two mentions: acronyms (the acronym's letters
  are the initials of the long name's words; function words and name particles such as "of",
  "al-", "de" may be skipped or spell a letter; at most ``max_inside_letters`` come from inside
  a word), and cue phrases ("X (formerly Y)", "X, also known as Y", "Y, now known as X").

Cue words and stop lists are general English, in data/nlp_aliases.json.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from reportgraph import ids
from reportgraph.models import AliasReason, Document, EntityType
from reportgraph.nlp.entities.alias_lexicon import AliasLexicon
from reportgraph.nlp.entities.mentions import RawMention
from reportgraph.nlp.sentences import Sentence

_ACRONYM = re.compile(r"[A-Z][A-Za-z&-]{1,9}")
# A capital that starts a word: not after a word character, "@", "#", "&", ".", "/", an
# apostrophe or a hyphen. The look-behind follows the capital (it spans the character before
# and the capital itself), so that the regex engine scans for capitals quickly.
_WORD_CAPITAL = r"[A-Z](?<![\w@#&./'’-].)"
_AFTER_WORD = r"(?![\w@&]|\.\w)"
_CAPS_REST = rf"[A-Z&]{{1,5}}{_AFTER_WORD}"
_CAPS_WORD = re.compile(_WORD_CAPITAL + _CAPS_REST)
_PAREN = re.compile(r"\(\s*([^()]{1,150}?)\s*\)")
_WORD = re.compile(r"\S+")
_WEB = re.compile(r"https?://|www\.|\w\.[a-z]{2,}/|^[@#]|\.com\b", re.IGNORECASE)
_ROMAN = re.compile(r"[IVX]+")
_STOP_AFTER = frozenset(',;:.!?"”“)')


@dataclass(frozen=True)
class AliasDefinition:
    """Two mentions the text says name the same thing (indexes into the raw mentions)."""

    short: int  # the alias: the acronym, the former name, the other name
    long: int  # the name that labels the entity: the expansion, the current name
    reason: AliasReason
    start: int  # the defining phrase (inside one sentence)
    end: int


# --- acronym letters against a name ---


def is_acronym(text: str) -> bool:
    """An acronym as written: a capital first, at least two capitals, 2-10 letters (no digits)."""
    return (
        _ACRONYM.fullmatch(text) is not None
        and sum(c.isupper() for c in text) >= 2
        and sum(c.isupper() for c in text) * 2 >= sum(c.isalpha() for c in text)
    )


def _parts(name: str, lex: AliasLexicon) -> list[tuple[str, bool]]:
    """The name's word parts (split at spaces, hyphens and apostrophes), with a function flag."""
    name = re.sub(r"['’]s\b", "", name)
    parts = [p for p in re.split(r"[\s\-‐–'’.]+", name) if any(c.isalpha() for c in p)]
    return [(p.casefold(), p.casefold() in lex.function_words) for p in parts]


def acronym_matches(acronym: str, name: str, lex: AliasLexicon) -> bool:
    """Whether ``acronym`` spells the initials of ``name`` (see the module docstring)."""
    letters = [c.casefold() for c in acronym if c.isalpha()]
    parts = _parts(name, lex)
    if len(letters) < 2 or len(parts) < 2:
        return False
    limit = lex.max_inside_letters

    @cache
    def best(i: int, j: int) -> tuple[int, int] | None:
        """(inside letters, contributing parts) of the best match of letters[i:] on parts[j:]."""
        if j == len(parts):
            return (0, 0) if i == len(letters) else None
        word, function = parts[j]
        options: list[tuple[int, int]] = []
        if function:
            skipped = best(i, j + 1)
            if skipped is not None:
                options.append(skipped)
        if i < len(letters) and word[0] == letters[i]:
            # the initial, then 0.. letters from inside the word (in order)
            ends = [(i + 1, 1)]
            while ends:
                k, pos = ends.pop()
                rest = best(k, j + 1)
                if rest is not None:
                    options.append((rest[0] + k - i - 1, rest[1] + 1))
                if k < len(letters) and k - i <= limit and not function:
                    found = word.find(letters[k], pos)
                    if found > 0:
                        ends.append((k + 1, found + 1))
        return min(options, key=lambda o: (o[0], -o[1])) if options else None

    result = best(0, 0)
    return result is not None and result[0] <= limit and result[1] > result[0] and result[1] >= 2


def initials(name: str, lex: AliasLexicon) -> str:
    """Upper-case initials of the name's content words ("Army of the Free South" -> "AFS")."""
    return "".join(w[0] for w, function in _parts(name, lex) if not function).upper()


# --- "Long Name (ACR)" and "ACR (Long Name)" ---


@dataclass(frozen=True)
class _Pair:
    long: tuple[int, int]
    short: tuple[int, int]
    span: tuple[int, int]  # the whole definition, closing bracket included


def _left_words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The words just before ``end`` that a name may span (stops at punctuation and brackets)."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(text, start, end)]
    kept: list[tuple[int, int]] = []
    for i, (ws, we) in enumerate(reversed(words)):
        word = text[ws:we]
        if (i > 0 and word[-1] in _STOP_AFTER) or "(" in word or ")" in word:
            break
        kept.append((ws, we))
    return kept[::-1]


def _long_before(
    text: str, sentence: Sentence, open_at: int, acronym: str, lex: AliasLexicon
) -> list[int]:
    """Possible starts (nearest first) of a long name ending just before the bracket."""
    letters = sum(c.isalpha() for c in acronym)
    words = _left_words(text, sentence.start, open_at)[-min(letters + 5, 2 * letters) :]
    if not words or not text[words[-1][1] - 1].isalnum():
        return []
    end = words[-1][1]
    return [
        ws
        for ws, _ in reversed(words)
        if text[ws].isupper() and acronym_matches(acronym, text[ws:end], lex)
    ]


def _definition_pairs(
    text: str, sentence: Sentence, lex: AliasLexicon
) -> list[tuple[_Pair, list[int]]]:
    """Acronym definitions of a sentence: the pair, and for "Long (ACR)" the possible starts."""
    found: list[tuple[_Pair, list[int]]] = []
    for m in _PAREN.finditer(text, sentence.start, sentence.end):
        inner = (m.start(1), m.end(1))
        content = m.group(1)
        if is_acronym(content):
            starts = _long_before(text, sentence, m.start(), content, lex)
            if starts:
                end = _left_words(text, sentence.start, m.start())[-1][1]
                pair = _Pair((starts[0], end), inner, (starts[0], m.end()))
                found.append((pair, starts))
            continue
        before = _left_words(text, sentence.start, m.start())
        if not before:
            continue
        acr = before[-1]
        head = re.match(r"(?:the\s+)?([^,;]+)", content, re.IGNORECASE)
        if head is None or not is_acronym(text[acr[0] : acr[1]]):
            continue
        long = (inner[0] + head.start(1), inner[0] + head.end(1))
        name = text[long[0] : long[1]].rstrip()
        long = (long[0], long[0] + len(name))
        if name[:1].isupper() and acronym_matches(text[acr[0] : acr[1]], name, lex):
            found.append((_Pair(long, acr, (acr[0], m.end())), [long[0]]))
    return found


# --- acronym_mentions ---


def _overlaps(raw: RawMention, span: tuple[int, int]) -> bool:
    return raw.start < span[1] and span[0] < raw.end


def _sentence_of(sentences: Sequence[Sentence], starts: list[int], start: int, end: int) -> int:
    i = bisect.bisect_right(starts, start) - 1
    return i if i >= 0 and sentences[i].start <= start and end <= sentences[i].end else -1


def _apply_pair(
    text: str,
    raws: list[RawMention],
    pair: _Pair,
    starts: list[int],
    index: int,
    lex: AliasLexicon,
) -> list[RawMention]:
    """Make both sides of an acronym definition mentions (fixing a truncated long side)."""
    long_raw = next((r for r in raws if r.start < pair.long[1] <= r.end), None)
    if long_raw is not None and long_raw.start in starts and long_raw.end == pair.long[1]:
        pair = _Pair((long_raw.start, pair.long[1]), pair.short, pair.span)
    short_raw = next((r for r in raws if _overlaps(r, pair.short)), None)
    long_type: EntityType | None = long_raw.type if long_raw is not None else None
    short_type = short_raw.type if short_raw is not None else long_type
    if long_type is None:
        long_name = text[pair.long[0] : pair.long[1]]
        if short_type is None and any(w in lex.org_heads for w, _ in _parts(long_name, lex)):
            short_type = "ORGANIZATION"
        long_type = short_type
    if long_type is None or short_type is None:
        return raws
    wanted = [
        RawMention(s, e, text[s:e], t, index)
        for (s, e), t in ((pair.long, long_type), (pair.short, short_type))
    ]
    kept = [r for r in raws if not (_overlaps(r, pair.long) or _overlaps(r, pair.short))]
    return sorted([*kept, *wanted], key=lambda r: r.start)


def _extend_person(doc: Doc, raw: RawMention, sentence: Sentence, taken: list[RawMention]) -> int:
    """Start of a PERSON mention extended over the proper nouns just before it ("Kalev Tamm")."""
    span = doc.char_span(raw.start, raw.end, alignment_mode="expand")
    if raw.type != "PERSON" or span is None:
        return raw.start
    start = raw.start
    for token in reversed(doc[: span.start]):
        if not (
            token.pos_ == "PROPN"
            and token.ent_type_ in ("", "PERSON")
            and token.text[:1].isupper()
            and token.idx >= sentence.start
        ):
            break
        if any(_overlaps(r, (token.idx, token.idx + len(token))) for r in taken):
            break
        start = token.idx
    return start


def _cue_paren(
    text: str,
    doc: Doc,
    sentence: Sentence,
    index: int,
    raws: list[RawMention],
    lex: AliasLexicon,
) -> list[RawMention]:
    """Make "Y" of "X (formerly Y)" one mention of X's type (and complete a truncated person X)."""
    for m in _PAREN.finditer(text, sentence.start, sentence.end):
        content = m.group(1)
        cue = next((c for c in lex.cues if content.casefold().startswith(c.text)), None)
        if cue is None:
            continue
        name = re.match(rf".{{{len(cue.text)}}}\s+(?:the\s+)?(.+)", content, re.IGNORECASE)
        before = text[: m.start()].rstrip()
        x = next((r for r in raws if r.end == len(before)), None)
        if name is None or x is None:
            continue
        words = name.group(1).split()
        if len(words) > 6 or not all(
            w[:1].isupper() or w.casefold() in lex.function_words for w in words
        ):
            continue
        y = (m.start(1) + name.start(1), m.start(1) + name.end(1))
        others = [r for r in raws if r is not x and not _overlaps(r, y)]
        x_start = _extend_person(doc, x, sentence, others)
        new = [
            RawMention(x_start, x.end, text[x_start : x.end], x.type, index),
            RawMention(y[0], y[1], text[y[0] : y[1]], x.type, index),
        ]
        raws = sorted(
            [*(r for r in others if not _overlaps(r, (x_start, x.end))), *new],
            key=lambda r: r.start,
        )
    return raws


def _in_web_chunk(text: str, start: int, end: int) -> bool:
    left = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
    right = min(p for p in (text.find(" ", end), text.find("\n", end), len(text)) if p >= 0)
    return _WEB.search(text[left:right]) is not None


def _in_caps_run(text: str, sentence: Sentence, start: int, end: int) -> bool:
    """Whether a neighbouring word is all capitals too (a heading, a shouted sentence)."""
    before = re.findall(r"[^\W\d_]{2,}", text[sentence.start : start])
    after = re.findall(r"[^\W\d_]{2,}", text[end : sentence.end])
    return any(w.isupper() for w in before[-1:] + after[:1])


def _org_context(text: str, sentence: Sentence, start: int, end: int, lex: AliasLexicon) -> bool:
    after = text[end : sentence.end]
    before = text[sentence.start : start]
    hyphen = re.match(r"[-‐–]([a-z]+)", after)
    if hyphen is not None and hyphen.group(1) in lex.org_suffixes:
        return True
    following = re.match(r"(?:['’]s)?\s+([a-z]+)", after)
    if following is not None and following.group(1) in lex.org_member_nouns:
        return True
    if (
        following is not None
        and following.group(1) in lex.reporting_verbs
        and re.search(r"\bthe\s+$", before, re.IGNORECASE)
    ):
        return True
    return any(p.search(before) for p in lex.org_before)


def _defined_types(raws: Sequence[RawMention], pairs: Iterable[_Pair]) -> dict[str, EntityType]:
    """Acronym -> the type of its long form, for acronyms with one long form and one type."""
    longs: dict[str, set[tuple[str, EntityType]]] = defaultdict(set)
    for pair in pairs:
        long = next((r for r in raws if (r.start, r.end) == pair.long), None)
        short = next((r for r in raws if (r.start, r.end) == pair.short), None)
        if long is not None and short is not None:
            longs[short.text].add((ids.key(ids.normalise_name(long.text)), long.type))
    return {a: next(iter(v))[1] for a, v in longs.items() if len(v) == 1}


def _acronym_words(acronyms: Iterable[str]) -> re.Pattern[str]:
    """Whole words that are one of ``acronyms`` (longest first), else any all-caps word.

    Each acronym starts with a capital (see :func:`is_acronym`): the pattern matches that
    capital as a word start, then the rest of an acronym that begins with it.
    """
    rests = "|".join(
        f"(?<={re.escape(a[0])}){re.escape(a[1:])}" for a in sorted(acronyms, key=len, reverse=True)
    )
    return re.compile(rf"{_WORD_CAPITAL}(?:(?:{rests}){_AFTER_WORD}|{_CAPS_REST})")


class _Taken:
    """Whether a character range overlaps one of some mentions (sorted by start)."""

    def __init__(self, raws: Sequence[RawMention]):
        self.starts = [r.start for r in raws]
        self.reach = list(itertools.accumulate((r.end for r in raws), max))

    def overlaps(self, start: int, end: int) -> bool:
        """``any(_overlaps(r, (start, end)) for r in raws)``: of the mentions that start before
        ``end``, one ends after ``start``."""
        before = bisect.bisect_left(self.starts, end)
        return before > 0 and self.reach[before - 1] > start


def _org_initials(raws: Sequence[RawMention], lex: AliasLexicon) -> dict[str, str]:
    """Initials -> normalised name, for ORGANIZATION mentions whose initials are unambiguous."""
    names: dict[str, set[str]] = defaultdict(set)
    for raw in raws:
        if raw.type == "ORGANIZATION" and not is_acronym(raw.text):
            letters = initials(raw.text, lex)
            if len(letters) >= 2:
                names[letters].add(ids.key(ids.normalise_name(raw.text)))
    return {a: next(iter(v)) for a, v in names.items() if len(v) == 1}


def acronym_mentions(
    document: Document,
    doc: Doc,
    sentences: Sequence[Sentence],
    token_sentence: Sequence[int],
    raws: list[RawMention],
    lex: AliasLexicon,
) -> list[RawMention]:
    """``raws`` with the acronym mentions added (in text order, never overlapping)."""
    text = document.text
    out = sorted(raws, key=lambda r: r.start)
    pairs: list[_Pair] = []
    for index, sentence in enumerate(sentences):
        for pair, starts in _definition_pairs(text, sentence, lex):
            out = _apply_pair(text, out, pair, starts, index, lex)
            long = next((r for r in out if r.end == pair.long[1] and r.start in starts), None)
            if long is not None:
                pairs.append(_Pair((long.start, long.end), pair.short, pair.span))
        out = _cue_paren(text, doc, sentence, index, out, lex)
    defined = _defined_types(out, pairs)
    org_initials = _org_initials(out, lex)
    found: list[RawMention] = []
    words = _acronym_words(defined) if defined else _CAPS_WORD
    starts = [s.start for s in sentences]
    taken = _Taken(out)
    for m in words.finditer(text):
        start, end, word = m.start(), m.end(), m.group()
        index = _sentence_of(sentences, starts, start, end)
        if index < 0 or taken.overlaps(start, end):
            continue
        sentence = sentences[index]
        if _in_web_chunk(text, start, end) or _in_caps_run(text, sentence, start, end):
            continue
        etype: EntityType | None = defined.get(word)
        if (
            etype is None
            and not (
                word.upper() in lex.stoplist
                or word.casefold() in STOP_WORDS
                or _ROMAN.fullmatch(word)
                or not text[sentence.start : start].strip()
            )
            and (word in org_initials or _org_context(text, sentence, start, end, lex))
        ):
            etype = "ORGANIZATION"
        if etype is not None:
            found.append(RawMention(start, end, word, etype, index))
    return sorted([*out, *found], key=lambda r: r.start)


# --- find_aliases ---


def _cue_pairs(
    text: str, sentence: Sentence, raws: Sequence[tuple[int, RawMention]], lex: AliasLexicon
) -> list[AliasDefinition]:
    """Definitions by cue phrase between two neighbouring mentions of the sentence."""
    taken: list[tuple[int, int]] = []
    found: list[AliasDefinition] = []
    lowered = text[sentence.start : sentence.end].casefold()
    for cue, pattern in zip(lex.cues, lex.cue_patterns, strict=True):
        if cue.text.casefold() not in lowered:
            continue  # the pattern matches this literal text: nothing to find
        for m in pattern.finditer(lowered):
            cs, ce = sentence.start + m.start(), sentence.start + m.end()
            if any(s < ce and cs < e for s, e in taken):
                continue
            left = [(i, r) for i, r in raws if r.end <= cs]
            right = [(i, r) for i, r in raws if r.start >= ce]
            if not left or not right:
                continue
            (li, lr), (ri, rr) = left[-1], right[0]
            if not (
                lex.cue_left_gap.match(text[lr.end : cs])
                and lex.cue_right_gap.match(text[ce : rr.start])
            ):
                continue
            taken.append((cs, ce))
            end = rr.end + 1 if text[rr.end : rr.end + 1] in (")", "”", '"') else rr.end
            end = min(end, sentence.end)
            long, short = (li, ri) if cue.long_before else (ri, li)
            found.append(AliasDefinition(short, long, cue.reason, lr.start, end))
    return found


def find_aliases(
    document: Document,
    doc: Doc,
    sentences: Sequence[Sentence],
    raws: Sequence[RawMention],
    lex: AliasLexicon,
) -> list[AliasDefinition]:
    """Alias definitions between mentions of the document, in text order.

    Both sides are mentions of one sentence with different names; cue definitions need the same
    type (an acronym takes its long form's type later). A name defined as the alias of two
    different names maps to neither.
    """
    text = document.text
    by_sentence: dict[int, list[tuple[int, RawMention]]] = defaultdict(list)
    for i, raw in enumerate(raws):
        by_sentence[raw.sentence].append((i, raw))
    found: list[AliasDefinition] = []
    for index, listed in sorted(by_sentence.items()):
        if len(listed) < 2 or not 0 <= index < len(sentences):
            continue  # a definition is between two mentions of one sentence
        sentence = sentences[index]
        members = sorted(listed, key=lambda p: p[1].start)
        at = {(r.start, r.end): i for i, r in members}
        for pair, _ in _definition_pairs(text, sentence, lex):
            short = at.get(pair.short)
            acronym = text[pair.short[0] : pair.short[1]]
            long = next(
                (
                    i
                    for i, r in members
                    if r.end == pair.long[1] and acronym_matches(acronym, r.text, lex)
                ),
                None,
            )
            if short is not None and long is not None:
                start = min(pair.span[0], raws[long].start)
                found.append(AliasDefinition(short, long, "acronym", start, pair.span[1]))
        found.extend(
            d
            for d in _cue_pairs(text, sentence, members, lex)
            if raws[d.short].type == raws[d.long].type
        )

    def name(i: int) -> str:
        return ids.key(ids.normalise_name(raws[i].text))

    found = [d for d in found if name(d.short) != name(d.long)]
    longs: dict[str, set[str]] = defaultdict(set)
    for d in found:
        longs[name(d.short)].add(name(d.long))
    found = [d for d in found if len(longs[name(d.short)]) == 1]
    return sorted(set(found), key=lambda d: (d.start, d.end, d.short, d.long))
