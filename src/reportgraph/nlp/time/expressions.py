"""Time expressions of a sentence, as written and normalised against the publication date.

:func:`find_times` finds expressions with the patterns of :mod:`reportgraph.nlp.time.patterns`
("on Thursday", "since Monday", "last week", "earlier this week", "on Saturday afternoon",
"March 6", "6 March 2025", "in December", "two days ago", "over the past three days") and takes
spaCy's DATE/TIME entities as hints for the rest (a bare "March" or "2011"), keeping a hint only
when it denotes a point or a stretch of the calendar. Durations ("for two days", "a 14-year
war") are not time frames. Whether an expression is found never depends on the publication date;
only its value does.

:func:`normalise_time` gives an ISO 8601 date ("2025-03-06") or interval
("2025-03-03/2025-03-09"); dateparser (RELATIVE_BASE = the publication date, PREFER_DATES_FROM
"past") resolves weekdays, dates without a year and "N days ago". Never the date of today:

* unknown stays unknown: with ``published=None`` every relative expression is None; dates with
  a year ("March 6, 2025", "March 2025", "in 2011", "2025-03-06") still normalise;
* "on Thursday" / "Thursday": the most recent Thursday on or before the publication date — the
  publication day itself when it is a Thursday (news use a day name for today too);
  "last Thursday": strictly before the publication day; "Thursday and Friday": an interval;
* "since X" / "from X": interval X .. publication date; "until/till/by/before/after X": None;
* "last week/month/year": the calendar week (ISO, Monday..Sunday), month or year before the
  publication's; "this week", "earlier this week/month/year": start of that unit .. publication;
  "the past week", "the last month": a rolling stretch ending at the publication date;
  "later this week", "next month": None (the future is not reported fact);
* "(over) the past three days": publication date minus three days .. publication date;
* "March 6": that date in the publication year, or the year before when it would fall after
  the publication date; "in December", "early March": the month (or its first/middle/last
  third), the most recent one not starting after the publication date;
* "yesterday", "last night": the day before; "overnight": day before .. publication date;
  "the weekend": the most recent Saturday..Sunday (cut at the publication date);
  vague counts ("a few days ago", "the past several weeks") stay None.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from functools import lru_cache

import dateparser
from spacy.tokens import Doc, Span
from text_to_num import text2num

from reportgraph.nlp.frames import TimeFrame
from reportgraph.nlp.sentences import Sentence
from reportgraph.nlp.time import patterns as p

Interval = tuple[dt.date, dt.date]

_OPEN_ENDED = frozenset({"until", "till", "by", "before", "after"})
_TO_PUBLICATION = frozenset({"since", "from"})
_HINT_LABELS = frozenset({"DATE", "TIME"})
_HINT_PREP = re.compile(r"(?<![\w-])(?:on|in|since|from|until|till|by|during|over|at)\s+$", re.I)
_REFERENCE = dt.date(2001, 6, 15)  # only to test whether a hint denotes a date at all
_VAGUE = frozenset({"few", "several", "couple"})


def _parse(text: str, base: dt.date | None, parts: list[str]) -> dt.date | None:
    """dateparser with a fixed base (noon of ``base``), preferring the past."""
    anchor = dt.datetime.combine(base or _REFERENCE, dt.time(12))
    settings = {
        "RELATIVE_BASE": anchor,
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "REQUIRE_PARTS": parts,
    }
    found = dateparser.parse(text, languages=["en"], settings=settings)
    return found.date() if found is not None else None


def _latest_on_or_before(month: int, day: int, published: dt.date) -> dt.date | None:
    """The latest ``month``/``day`` on or before ``published`` (None if no year has it): what
    dateparser's PREFER_DATES_FROM="past" gives, by arithmetic instead of a parse per call. A
    29 February goes back to the last leap year (at most eight years back, as 1900 or 2100)."""
    for year in range(published.year, published.year - 9, -1):
        try:
            day_in_year = dt.date(year, month, day)
        except ValueError:
            continue
        if day_in_year <= published:
            return day_in_year
    return None


def _month_number(text: str) -> int:
    name = p.MONTH_NAME.search(text)
    word = name.group().rstrip(".").lower() if name else ""
    return p.MONTHS.get(word) or p.MONTH_ABBREVIATIONS[word]


def _year_number(text: str) -> int | None:
    found = re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", text)
    return int(found.group()) if found else None


def _month_span(year: int, month: int, period: str | None) -> Interval:
    last = calendar.monthrange(year, month)[1]
    first_day, last_day = {"early": (1, 10), "mid": (11, 20), "late": (21, last)}.get(
        period or "", (1, last)
    )
    return dt.date(year, month, first_day), dt.date(year, month, last_day)


def _period(text: str) -> tuple[str | None, str]:
    found = p.PERIOD_WORD.match(text)
    return (found.group(1).lower(), text[found.end() :]) if found else (None, text)


def _calendar_date(text: str, published: dt.date | None) -> Interval | None:
    _, text = _period(text)
    month = _month_number(text)
    year = _year_number(text)
    bare = re.sub(r"(?<!\d)(?:19|20)\d\d(?!\d)", " ", text)
    days = [int(d) for d in p.DAY_NUMBER.findall(bare)]
    if not days:
        return None
    if year is None:
        if published is None:
            return None
        first = _latest_on_or_before(month, days[0], published)
        if first is None:
            return None
        year = first.year
    try:
        dates = [dt.date(year, month, d) for d in days]
    except ValueError:
        return None
    if dates[-1] < dates[0]:
        return None
    return dates[0], dates[-1]


def _month(text: str, published: dt.date | None) -> Interval | None:
    period, text = _period(text)
    month = _month_number(text)
    year = _year_number(text)
    if year is None:
        if published is None:
            return None
        year = published.year if month <= published.month else published.year - 1
    return _month_span(year, month, period)


def _year(text: str) -> Interval:
    period, text = _period(text)
    year = int(text)
    months = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}.get(period or "", (1, 12))
    return dt.date(year, months[0], 1), _month_span(year, months[1], None)[1]


def _weekdays(text: str, published: dt.date | None) -> Interval | None:
    dated = re.search(rf"{p.MONTH_DAY}|{p.DAY_MONTH}", text, re.IGNORECASE)
    if dated is not None:
        return _calendar_date(dated.group(), published)
    if published is None:
        return None
    strict = text.lower().startswith(("last ", "past "))
    dates: list[dt.date] = []
    for name in p.WEEKDAY_NAME.findall(text):
        target = p.WEEKDAYS.index(name.lower())
        if not strict and published.weekday() == target:
            dates.append(published)
            continue
        # the most recent such weekday strictly before the publication day (plain arithmetic:
        # what dateparser's PREFER_DATES_FROM="past" gives, without its per-call cost)
        dates.append(published - dt.timedelta(days=(published.weekday() - target - 1) % 7 + 1))
    return min(dates), max(dates)


def _minus_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _back(published: dt.date, count: int, unit: str) -> dt.date:
    unit = unit.lower().rstrip("s")
    if unit == "hour":
        return published - dt.timedelta(days=-(-count // 24))
    if unit in ("day", "night"):
        return published - dt.timedelta(days=count)
    if unit in ("week", "fortnight"):
        return published - dt.timedelta(days=count * (14 if unit == "fortnight" else 7))
    return _minus_months(published, count * (12 if unit == "year" else 1))


def _weekend(published: dt.date, previous: bool) -> Interval:
    saturday = published - dt.timedelta(days=(published.weekday() - 5) % 7)
    if previous and published - saturday < dt.timedelta(days=2):
        saturday -= dt.timedelta(days=7)
    return saturday, min(saturday + dt.timedelta(days=1), published)


def _relative_unit(text: str, published: dt.date) -> Interval | None:
    words = text.lower().split()
    unit = words[-1]
    if "next" in words or "later" in words:
        return None
    if unit == "weekend":
        return _weekend(published, bool({"last", "past", "previous"} & set(words)))
    if words[0] == "the" or "past" in words or unit == "fortnight":
        return _back(published, 1, unit), published
    if "this" in words:
        starts = {
            "week": published - dt.timedelta(days=published.weekday()),
            "month": published.replace(day=1),
            "year": published.replace(month=1, day=1),
        }
        return starts[unit], published
    if unit == "week":
        monday = published - dt.timedelta(days=published.weekday() + 7)
        return monday, monday + dt.timedelta(days=6)
    if unit == "month":
        start = _minus_months(published.replace(day=1), 1)
        return _month_span(start.year, start.month, None)
    year = published.year - 1
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _count(text: str) -> int | None:
    words = text.lower().split()
    if not words or _VAGUE & set(words):
        return None
    if words[0].isdigit():
        return int(words[0])
    if words[0] in ("a", "an"):
        return 1
    try:
        return int(text2num(words[0], "en"))
    except ValueError:
        return None


def _past_n(text: str, published: dt.date) -> Interval | None:
    words = [w for w in text.lower().split() if w not in ("the", "past", "last", "previous")]
    count = _count(" ".join(words[:-1]))
    if count is None:
        return None
    return _back(published, count, words[-1]), published


def _ago(text: str, published: dt.date) -> Interval | None:
    words = text.lower().split()[:-1]
    count = _count(" ".join(words[:-1]))
    if count is None:
        return None
    unit = words[-1].rstrip("s")
    if unit == "hour":  # counted back from noon of the publication day, as dateparser does
        day = (dt.datetime.combine(published, dt.time(12)) - dt.timedelta(hours=count)).date()
    else:  # the same dates as dateparser, without its per-call cost ("nights" as days)
        day = _back(published, count, unit)
    return day, day


def _day_word(text: str, published: dt.date) -> Interval:
    word = " ".join(text.lower().split())
    day = dt.timedelta(days=1)
    if word == "overnight":
        return published - day, published
    if word in ("yesterday", "last night"):
        return published - day, published - day
    if word == "the day before yesterday":
        return published - 2 * day, published - 2 * day
    return published, published


def _core(text: str, published: dt.date | None) -> Interval | None:
    if p.FULL_ISO.fullmatch(text):
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            return None
        return day, day
    if p.FULL_WEEKDAYS.fullmatch(text):
        return _weekdays(text, published)
    if p.FULL_MONTH_DAY.fullmatch(text) or p.FULL_DAY_MONTH.fullmatch(text):
        return _calendar_date(text, published)
    if p.FULL_MONTH_YEAR.fullmatch(text) or p.FULL_MONTH_ALONE.fullmatch(text):
        return _month(text, published)
    if p.FULL_YEAR.fullmatch(text):
        return _year(text)
    if published is None:
        return None
    if p.FULL_RELATIVE_UNIT.fullmatch(text):
        return _relative_unit(text, published)
    if p.FULL_PAST_N.fullmatch(text):
        return _past_n(text, published)
    if p.FULL_AGO.fullmatch(text):
        return _ago(text, published)
    if p.FULL_DAY_WORD.fullmatch(text):
        return _day_word(text, published)
    return None


@lru_cache(maxsize=4096)
def _normalise(text: str, published: dt.date | None) -> str | None:
    prep = None
    found = p.LEADING_PREP.match(text)
    if found is not None:
        prep = " ".join(found.group(1).lower().split())
        text = text[found.end() :]
    if prep in _OPEN_ENDED:
        return None
    span = _core(text, published)
    if span is None:
        return None
    start, end = span
    if prep in _TO_PUBLICATION:
        if published is None or start > published:
            return None
        end = published
    return start.isoformat() if start == end else f"{start.isoformat()}/{end.isoformat()}"


def normalise_time(text: str, published: dt.date | None) -> str | None:
    """ISO date or interval for a time expression, or None when it cannot be known."""
    return _normalise(" ".join(text.split()).strip(" ,;:"), published)


def _candidates(sentence: Sentence, ents: Sequence[Span]) -> list[tuple[int, int]]:
    text = sentence.text
    lowered = text.lower()
    found: list[tuple[int, int]] = []
    keys: dict[int, bool] = {}  # finders share keys: test each once per sentence
    for pattern, key in p.FINDERS:
        has = keys.get(id(key))
        if has is None:
            has = keys[id(key)] = key.found_in(text, lowered)
        if has:
            found.extend((m.start(), m.end()) for m in pattern.finditer(text))
    for ent in ents:
        if ent.label_ not in _HINT_LABELS:
            continue
        if ent.start_char < sentence.start or ent.end_char > sentence.end:
            continue  # not inside the sentence
        start, end = ent.start_char - sentence.start, ent.end_char - sentence.start
        prep = _HINT_PREP.search(text, 0, start)
        if prep is not None:
            start = prep.start()
        if normalise_time(text[start:end], _REFERENCE) is not None:
            found.append((start, end))
    chosen: list[tuple[int, int]] = []
    for start, end in sorted(set(found), key=lambda s: (s[0] - s[1], s[0])):
        if all(end <= a or start >= b for a, b in chosen):
            chosen.append((start, end))
    return sorted(chosen)


def find_times(
    doc: Doc, sentence: Sentence, published: dt.date | None, ents: Sequence[Span]
) -> list[TimeFrame]:
    """Time expressions of ``sentence`` in text order; offsets index the document text.

    ``ents`` are entities of ``doc`` (``doc.ents``, or those near the sentence); the DATE and
    TIME ones inside the sentence are hints.
    """
    frames: list[TimeFrame] = []
    for start, end in _candidates(sentence, ents):
        text = sentence.text[start:end]
        a, b = sentence.start + start, sentence.start + end
        span = doc.char_span(a, b, alignment_mode="expand")
        if span is None or not len(span):
            continue
        anchor = span.root.i
        frames.append(TimeFrame(a, b, text, normalise_time(text, published), anchor))
    return frames
