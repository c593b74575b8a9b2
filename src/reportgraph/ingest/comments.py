"""Reader comments scraped below an article -> ``reader_comment`` segments.

Precision over recall: article prose must never become a comment, so a comment zone needs
positive evidence, found in two ways (cues in ``data/ingest_comment_cues.json``):

1. Markers. A line that is a comment-section marker ("23 Comments", "Leave a Reply",
   "Join the discussion", "Comments are closed" ...) starts a zone, and so does a commenter
   header with a timestamp ("Name says: March 3, 2025 at 10:14 am", "Name on March 3, 2025 at
   10:14 am", "Name · 2 hours ago"). Inside a zone, headers start comments (their name and
   timestamp are kept as ``author_name``/``date_text``), and separator lines ("Reply",
   "Report comment", "12 likes") end them. Marker and separator lines stay ``body``.
2. Style. Every paragraph (every line, in texts whose paragraphs are single lines) gets a
   commenter score (first/second person outside quotation marks, questions, exclamations,
   "?!", "...", "lol", "IMO", openers like "Thank you"/"What about", imperative openings,
   talking about the article or other commenters, shortness) and an article score (reporting
   cues "said"/"according to", dates, figures, length). A zone needs three consecutive
   commenter-style paragraphs, starting after the first 30% of the text, in a text whose
   article part is *not* itself commenter-styled (so a first-person column is never split).
   It may reach back over up to three preceding non-article paragraphs to a commenter-style
   one.

A zone ends at the end of the text, at an end line ("Read more here: ...", "Source: ..."), or
where article prose resumes: two article-style paragraphs in a row, or a headline-like line
followed by an article-style paragraph (scraped pages sometimes paste a second article after
the comments). Without headers, each paragraph (line) of a zone is one comment, so each has
its own anonymous commenter. Known limit: comments below a first-person column are only found
with markers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

from reportgraph.data_files import Lexicon, Regex, load_lexicon
from reportgraph.ingest.dates import DATE_PATTERN
from reportgraph.models import Segment

UnitKind = Literal["text", "marker", "separator", "end", "header", "timestamp", "taken"]
Style = Literal["comment", "article", "neutral"]

MIN_RUN = 3  # consecutive commenter-style paragraphs that open a zone
MIN_START_SHARE = 0.3  # a style zone never starts in the first 30% of the text
MAX_PREFIX_COMMENT_SHARE = 0.25  # above this, the article itself is commenter-styled
MAX_REACH_BACK = 3
_SHORT_WORDS = 25
_LONG_WORDS = 50
_HEADLINE_WORDS = 16

_QUOTE = re.compile(r"“[^”]*(?:”|$)|«[^»]*(?:»|$)|„[^“”]*(?:[“”]|$)|\"[^\"]*(?:\"|$)")
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?(?!\.[A-Za-z])")  # "U.S." is no "u"
_NUMBER = re.compile(r"\b\d{1,3}(?:,\d{3})+\b|\b\d{2,}\b|\b\d+%")
_CALENDAR = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march"
    r"|april|june|july|august|september|october|november|december)\b",
    re.I,
)
_TIME = r"\d{1,2}[:.]\d{2}(?:[ \t]*[ap]\.?m\.?)?"
_AGO = r"(?:\d+|an?|one)[ \t]+(?:sec(?:ond)?|min(?:ute)?|hour|hr|day|week|month|year)s?[ \t]+ago"
_STAMP = (
    rf"(?:(?:{DATE_PATTERN})(?:[ \t]*(?:at|,|@|-)?[ \t]*{_TIME})?"
    rf"|{_TIME}(?:[ \t]+on)?[ \t]+(?:{DATE_PATTERN})|{_AGO}"
    rf"|(?:yesterday|today)[ \t]+at[ \t]+{_TIME})"
)
_STAMP_LINE = re.compile(rf"^(?:posted[ \t]+)?(?:on[ \t]+)?(?P<date>{_STAMP})$", re.I)
_NAMED_STAMP = re.compile(
    rf"^(?P<name>[^\n:]{{1,60}}?)[ \t]*(?:[,·•|–—-][ \t]*|[ \t]+on[ \t]+|[ \t]+)"
    rf"(?P<date>{_STAMP})$",
    re.I,
)
_GAP = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")
_CLOCK = re.compile(rf"{_TIME}|{_AGO}", re.I)


class CommentCueLexicon(Lexicon):
    """The model of ``data/ingest_comment_cues.json``: patterns are whole-line regular
    expressions (case ignored), the rest are words and phrases."""

    section_markers: tuple[Regex, ...]
    separator_lines: tuple[Regex, ...]
    header_verbs: tuple[str, ...]
    header_excluded_starts: tuple[str, ...]
    end_lines: tuple[Regex, ...]
    first_person: tuple[str, ...]
    second_person: tuple[str, ...]
    first_plural: tuple[str, ...]
    informal_tokens: tuple[str, ...]
    comment_openers: tuple[str, ...]
    imperative_openers: tuple[str, ...]
    article_references: tuple[str, ...]
    reporting_cues: tuple[str, ...]


@dataclass(frozen=True)
class Cues:
    """The cue lists of ``ingest_comment_cues.json``, compiled."""

    markers: re.Pattern[str]
    separators: re.Pattern[str]
    ends: re.Pattern[str]
    says: re.Pattern[str]
    excluded_starts: frozenset[str]
    first_person: frozenset[str]
    second_person: frozenset[str]
    first_plural: frozenset[str]
    informal: frozenset[str]
    openers: tuple[str, ...]
    imperatives: tuple[str, ...]
    references: tuple[str, ...]
    reporting: re.Pattern[str]


def _whole_line(patterns: Sequence[re.Pattern[str]]) -> re.Pattern[str]:
    return re.compile("^(?:" + "|".join(f"(?:{p.pattern})" for p in patterns) + ")$", re.I)


def _lower_set(words: Sequence[str]) -> frozenset[str]:
    return frozenset(w.lower().replace("’", "'") for w in words)


@cache
def load_cues() -> Cues:
    """The comment cues, read once from ``data/ingest_comment_cues.json`` (RG210 when the file
    does not fit :class:`CommentCueLexicon`)."""
    raw = load_lexicon(CommentCueLexicon, "ingest_comment_cues.json")
    verbs = "|".join(re.escape(v) for v in raw.header_verbs)
    reporting = "|".join(re.escape(c) for c in raw.reporting_cues)
    return Cues(
        markers=_whole_line(raw.section_markers),
        separators=_whole_line(raw.separator_lines),
        ends=_whole_line(raw.end_lines),
        says=re.compile(
            rf"^(?P<name>[^\n:]{{1,60}}?)[ \t]+(?:{verbs})[ \t]*:[ \t]*(?P<rest>.*)$", re.I
        ),
        excluded_starts=_lower_set(raw.header_excluded_starts),
        first_person=_lower_set(raw.first_person),
        second_person=_lower_set(raw.second_person),
        first_plural=_lower_set(raw.first_plural),
        informal=_lower_set(raw.informal_tokens),
        openers=tuple(o.lower() for o in raw.comment_openers),
        imperatives=tuple(o.lower().replace("’", "'") for o in raw.imperative_openers),
        references=tuple(r.lower() for r in raw.article_references),
        reporting=re.compile(rf"\b(?:{reporting})\b", re.I),
    )


@dataclass(frozen=True)
class StyleScore:
    """Why a paragraph reads like a reader comment or like article prose."""

    comment: int
    article: int
    cues: tuple[str, ...]  # the cues that fired, for explanations and debugging
    headline_like: bool

    @property
    def style(self) -> Style:
        if self.comment >= 2 and self.comment > self.article:
            return "comment"
        if self.article >= 2 and self.article > self.comment:
            return "article"
        return "neutral"


def unquoted(text: str) -> str:
    """``text`` without what is inside double quotes (an unclosed quote runs to the end)."""
    return _QUOTE.sub(" ", text)


@cache
def _opening(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for "starts with one of ``phrases`` as whole words" (the alternation
    backtracks, so it matches exactly where one phrase's own pattern would)."""
    return re.compile("(?:" + "|".join(re.escape(p) for p in phrases) + ")(?![A-Za-z])")


def _starts_with(text: str, phrases: tuple[str, ...]) -> bool:
    return bool(phrases) and _opening(phrases).match(text) is not None


def score_paragraph(text: str) -> StyleScore:
    """The commenter and article scores of one paragraph (see the module docstring)."""
    cues = load_cues()
    own = unquoted(text)
    words = [w.lower().replace("’", "'") for w in _WORD.findall(own)]
    fired: list[str] = []
    comment = 0

    def add(points: int, cue: str) -> None:
        nonlocal comment
        comment += points
        fired.append(cue)

    wordset = set(words)
    if wordset & cues.first_person:
        add(2, "first person")
    if wordset & cues.second_person:
        add(2, "second person")
    if wordset & cues.first_plural:
        add(1, "we/our")
    questions = own.count("?")
    if questions:
        add(min(questions, 2), "question")
    if "!" in own:
        add(1, "exclamation")
    if re.search(r"\?!|!\?|!!|\?\?|…|\.\.\.| = ", own):
        add(1, "rhetorical punctuation")
    if wordset & cues.informal:
        add(2, "informal word")
    low = own.lower()
    sentences = [s.strip().lower().replace("’", "'") for s in re.split(r"(?<=[.?!…])\s+", own)]
    if _starts_with(low.strip(), cues.openers):
        add(1, "comment opener")
    if any(_starts_with(s, cues.imperatives) for s in sentences if s):
        add(1, "imperative")
    if any(r in low for r in cues.references):
        add(2, "talks about the article or commenters")
    reporting = {m.lower() for m in cues.reporting.findall(text)}
    if len(words) < _SHORT_WORDS and not reporting:
        add(1, "short")
    article = min(len(reporting), 3)
    if reporting:
        fired.append("reporting: " + ", ".join(sorted(reporting)))
    if _CALENDAR.search(text):
        article += 1
        fired.append("date")
    if _NUMBER.search(text):
        article += 1
        fired.append("figure")
    personal = wordset & (cues.first_person | cues.second_person)
    if len(words) > _LONG_WORDS and not personal:
        article += 1
        fired.append("long")
    headline = len(words) <= _HEADLINE_WORDS and not personal and not (wordset & cues.informal)
    return StyleScore(comment, article, tuple(fired), headline)


@dataclass(frozen=True)
class Unit:
    """A paragraph (or a line of page chrome) with its span in the text, trimmed."""

    start: int
    end: int
    kind: UnitKind
    name: str | None = None
    date: str | None = None
    score: StyleScore | None = None

    @property
    def style(self) -> Style:
        return self.score.style if self.score is not None else "neutral"


def _header(line: str, cues: Cues) -> tuple[str, str | None] | None:
    """(name, timestamp) when ``line`` is a commenter header ("Name says:", "Name · 2h ago")."""
    match = cues.says.match(line)
    if match:
        rest = match["rest"].strip()
        stamp = _STAMP_LINE.match(rest) if rest else None
        name, date = match["name"].strip(), stamp["date"] if stamp else None
        if rest and stamp is None:
            return None  # "X says: <text>" is speech, not a header
    else:
        match = _NAMED_STAMP.match(line)
        if not match:
            return None
        name, date = match["name"].strip(" \t,·•|–—-"), match["date"]
    first = name.split()[0].lower().rstrip(":,") if name.split() else ""
    if not name or len(name.split()) > 5 or first in cues.excluded_starts:
        return None
    if name[-1] in ".?!" and not re.search(r"(?:^|\s)[A-Z]\.$", name):  # "Tomas K." is a name
        return None
    return name, date


def _line_kind(line: str, cues: Cues) -> tuple[UnitKind, str | None, str | None]:
    if cues.markers.match(line):
        return "marker", None, None
    if cues.separators.match(line):
        return "separator", None, None
    if cues.ends.match(line):
        return "end", None, None
    stamp = _STAMP_LINE.match(line)
    if stamp:
        return "timestamp", None, stamp["date"]
    head = _header(line, cues)
    if head is not None:
        return "header", head[0], head[1]
    return "text", None, None


def _by_line(text: str) -> bool:
    """Paragraphs are single lines: few blank lines, many single line breaks (as in segments)."""
    gaps = [g.group() for g in _GAP.finditer(text)]
    singles = text.count("\n") - sum(g.count("\n") for g in gaps)
    return singles >= 3 and singles > 2 * len(gaps)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    pattern = r"[^\n]+" if _by_line(text) else r"\S(?:.|\n(?![ \t]*\n))*"
    spans = []
    for match in re.finditer(pattern, text):
        chunk = match.group()
        start = match.start() + len(chunk) - len(chunk.lstrip())
        end = match.start() + len(chunk.rstrip())
        if end > start:
            spans.append((start, end))
    return spans


def _overlaps(start: int, end: int, taken: Sequence[Segment]) -> bool:
    return any(start < seg.end and seg.start < end for seg in taken)


def split_units(text: str, taken: Sequence[Segment] = ()) -> list[Unit]:
    """Paragraphs of ``text``, with marker, separator, header and end lines split out."""
    cues = load_cues()
    units: list[Unit] = []
    for p_start, p_end in _paragraphs(text):
        run: tuple[int, int] | None = None
        for match in re.finditer(r"[^\n]+", text[p_start:p_end]):
            raw = match.group()
            start = p_start + match.start() + len(raw) - len(raw.lstrip())
            end = p_start + match.start() + len(raw.rstrip())
            if end <= start:
                continue
            kind, name, date = _line_kind(text[start:end], cues)
            if _overlaps(start, end, taken):
                kind = "taken"
            if kind == "text":
                run = (run[0], end) if run else (start, end)
                continue
            if run:
                units.append(_text_unit(text, *run))
                run = None
            units.append(Unit(start, end, kind, name, date))
        if run:
            units.append(_text_unit(text, *run))
    return units


def _text_unit(text: str, start: int, end: int) -> Unit:
    return Unit(start, end, "text", score=score_paragraph(text[start:end]))


def _next_text(units: Sequence[Unit], i: int) -> Unit | None:
    for unit in units[i + 1 :]:
        if unit.kind == "text":
            return unit
        if unit.kind != "taken":
            return None
    return None


def _resumes(units: Sequence[Unit], i: int) -> bool:
    """Article prose resumes at ``units[i]``."""
    unit = units[i]
    if unit.kind != "text" or unit.score is None:
        return False
    following = _next_text(units, i)
    if following is None or following.style != "article":
        return False
    return unit.style == "article" or unit.score.headline_like


def _style_run(units: Sequence[Unit], i: int) -> bool:
    count = 0
    for unit in units[i:]:
        if unit.kind == "taken":
            continue
        if unit.kind != "text" or unit.style != "comment":
            break
        count += 1
        if count >= MIN_RUN:
            return True
    return False


def _prefix_is_article(units: Sequence[Unit], i: int, zoned: set[int]) -> bool:
    before = [u for j, u in enumerate(units[:i]) if u.kind == "text" and j not in zoned]
    if not before:
        return False
    chatty = len([u for u in before if u.style == "comment"])
    return chatty <= MAX_PREFIX_COMMENT_SHARE * len(before)


def _reach_back(units: Sequence[Unit], i: int, floor: int, min_start: float) -> int:
    """The earliest commenter-style unit among up to MAX_REACH_BACK non-article units before i."""
    best = i
    seen = 0
    j = i - 1
    while j > floor and seen < MAX_REACH_BACK:
        unit = units[j]
        if unit.kind == "taken":
            j -= 1
            continue
        if unit.kind != "text" or unit.style == "article" or unit.start < min_start:
            break
        seen += 1
        if unit.style == "comment":
            best = j
        j -= 1
    return best


def _text_before(units: Sequence[Unit], i: int) -> int:
    return sum(u.kind == "text" for u in units[:i])


def comment_zones(text: str, units: Sequence[Unit]) -> list[tuple[int, int]]:
    """Index ranges ``[first, last)`` of ``units`` that are comment zones."""
    min_start = MIN_START_SHARE * len(text)
    zones: list[tuple[int, int]] = []
    zoned: set[int] = set()
    floor = -1  # units at or before this index belong to an earlier zone or ended one
    i = 0
    while i < len(units):
        unit = units[i]
        begin: int | None = None
        if _opens_zone(units, i):
            begin = i
        elif (
            unit.kind == "text"
            and unit.start >= min_start
            and _style_run(units, i)
            and _prefix_is_article(units, i, zoned)
        ):
            begin = _reach_back(units, i, floor, min_start)
        if begin is None:
            i += 1
            continue
        end = i + 1
        while end < len(units) and units[end].kind != "end" and not _resumes(units, end):
            end += 1
        zones.append((begin, end))
        zoned.update(range(begin, end))
        floor = end - 1
        i = end
    return zones


def _opens_zone(units: Sequence[Unit], i: int) -> bool:
    """A marker after some text, or a timestamped header after two paragraphs, opens a zone."""
    unit = units[i]
    if unit.kind == "marker":
        return _text_before(units, i) >= 1
    strong = unit.date is not None and _CLOCK.search(unit.date) is not None
    return unit.kind == "header" and strong and _text_before(units, i) >= 2


@dataclass
class _Draft:
    """A comment being built from a header and the paragraphs after it."""

    start: int
    end: int
    name: str | None
    date: str | None

    def segment(self) -> Segment:
        return Segment(
            kind="reader_comment",
            start=self.start,
            end=self.end,
            author_name=self.name,
            date_text=self.date,
        )


def _comments_in_zone(units: Sequence[Unit]) -> list[Segment]:
    segments: list[Segment] = []
    draft: _Draft | None = None  # an open comment started by a header
    for unit in units:
        if unit.kind == "header":
            if draft is not None:
                segments.append(draft.segment())
            draft = _Draft(unit.start, unit.end, unit.name, unit.date)
        elif unit.kind == "timestamp" and draft is not None and draft.date is None:
            draft.date, draft.end = unit.date, unit.end
        elif unit.kind == "text" and draft is not None:
            draft.end = unit.end
        elif unit.kind == "text":
            segments.append(Segment(kind="reader_comment", start=unit.start, end=unit.end))
        elif unit.kind != "taken":  # marker, separator, stray timestamp: page chrome
            if draft is not None:
                segments.append(draft.segment())
            draft = None
    if draft is not None:
        segments.append(draft.segment())
    return segments


def find_comments(text: str, taken: Sequence[Segment] = ()) -> list[Segment]:
    """``reader_comment`` segments of ``text``, none overlapping ``taken`` (sorted)."""
    units = split_units(text, taken)
    found: list[Segment] = []
    for first, last in comment_zones(text, units):
        found += _comments_in_zone(units[first:last])
    return [s for s in found if not _overlaps(s.start, s.end, taken)]


#: Between a page's main text and its comment section in HTML-derived text (see ingest.html).
#: Whitespace only, and never produced otherwise: extracted HTML text has single blank lines.
HTML_COMMENTS_SEPARATOR = "\n\n\n\n"


def html_comments_start(text: str) -> int | None:
    """Where the comment section of an HTML page's extracted text starts, if it has one."""
    pos = text.find(HTML_COMMENTS_SEPARATOR)
    if pos < 0 or not text[:pos].strip():
        return None
    start = pos + len(HTML_COMMENTS_SEPARATOR)
    while start < len(text) and text[start].isspace():
        start += 1
    return start if start < len(text) else None


def comments_after(text: str, start: int, taken: Sequence[Segment] = ()) -> list[Segment]:
    """Everything from ``start`` on is a comment section: its paragraphs (or header-led runs)."""
    units = [u for u in split_units(text, taken) if u.start >= start]
    return _comments_in_zone(units)
