"""Regular expressions for English time expressions (general calendar English, no names).

Month and weekday names must be capitalised ("March 6", not "march on"); the function words
around them are matched in any case. Each pattern matches a whole expression, with its leading
preposition ("on Thursday", "since Monday", "over the past three days") when there is one.
"""

from __future__ import annotations

import re

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
MONTH_ABBREVIATIONS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}

_WD = r"(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = (
    r"(?-i:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
)
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_PART = r"(?:\s+(?:morning|afternoon|evening|night))"
_NUM = (
    r"(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"fifteen|twenty|thirty|forty|fifty|sixty|a\s+few|few|several|a\s+couple\s+of)"
)
_UNIT = r"(?:hours?|days?|nights?|weeks?|months?|years?)"
_PERIOD = r"(?:early|mid|late)[\s-]+"

_PREP_WORDS = r"on|in|since|from|until|till|by|during|over|throughout|at|before|after|as\s+of"
_PREP = rf"(?:(?:{_PREP_WORDS})\s+)"
_PREP_NEEDED = r"(?:(?:in|since|from|until|till|by|during|throughout|before|after)\s+)"

MONTH_DAY = rf"(?:{_PERIOD})?{_MONTH}\s+{_DAY}(?:\s*[-–]\s*{_DAY})?(?:,?\s+{_YEAR})?"
DAY_MONTH = rf"(?:the\s+)?{_DAY}(?:\s*[-–]\s*{_DAY})?\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?"
MONTH_YEAR = rf"(?:{_PERIOD})?{_MONTH},?\s+{_YEAR}"
MONTH_ALONE = rf"(?:{_PERIOD})?{_MONTH}"
YEAR = rf"(?:{_PERIOD})?{_YEAR}"
ISO_DATE = r"\d{4}-\d{2}-\d{2}"
WEEKDAY_GROUP = (
    rf"(?:(?:last|this|past|early|late)\s+)?{_WD}{_PART}?"
    rf"(?:(?:\s*,\s*(?:and\s+)?|\s+(?:and|or|to|through|into)\s+){_WD}{_PART}?)*"
    rf"(?:,?\s+(?:{MONTH_DAY}|{DAY_MONTH}))?"
)
RELATIVE_UNIT = (
    r"(?:(?:earlier|later)\s+)?(?:this|last|past|previous|next|the\s+(?:past|last|previous))\s+"
    r"(?:week|weekend|month|year|fortnight)|the\s+weekend"
)
PAST_N = rf"(?:the\s+)?(?:past|last|previous)\s+{_NUM}\s+{_UNIT}"
AGO = rf"{_NUM}\s+{_UNIT}\s+ago"
DAY_WORD = (
    r"today|yesterday|tonight|overnight|last\s+night|this\s+(?:morning|afternoon|evening)|"
    r"the\s+day\s+before\s+yesterday"
)

_UNIT_WORD = r"(?i:hour|day|night|week|month|year)"
# Each finder with its key: a cheap scan for a word every match of the finder contains, so a
# sentence without the key is skipped (most sentences have no time expression).
_CORES: tuple[tuple[str, str], ...] = (
    (ISO_DATE, r"\d-\d"),
    (WEEKDAY_GROUP, _WD),
    (MONTH_DAY, _MONTH),
    (DAY_MONTH, _MONTH),
    (MONTH_YEAR, _MONTH),
    (RELATIVE_UNIT, r"(?i:week|month|year|fortnight)"),
    (PAST_N, _UNIT_WORD),
    (AGO, _UNIT_WORD),
    (DAY_WORD, r"(?i:today|yesterday|tonight|overnight|night|morning|afternoon|evening)"),
)


def _compile(body: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


# Patterns that find expressions in running text (a bare month or year needs a preposition),
# each with its key pattern.
FINDERS: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    *((_compile(rf"{_PREP}?(?:{core})"), re.compile(key)) for core, key in _CORES),
    (
        _compile(rf"{_PREP_NEEDED}(?:{MONTH_ALONE}|{YEAR})|{_PERIOD}{_MONTH}"),
        re.compile(rf"{_MONTH}|\d"),
    ),
)


def full(body: str) -> re.Pattern[str]:
    """A pattern matching exactly ``body`` (case-insensitive function words)."""
    return re.compile(rf"(?:{body})", re.IGNORECASE)


FULL_WEEKDAYS = full(WEEKDAY_GROUP)
FULL_MONTH_DAY = full(MONTH_DAY)
FULL_DAY_MONTH = full(DAY_MONTH)
FULL_MONTH_YEAR = full(MONTH_YEAR)
FULL_MONTH_ALONE = full(MONTH_ALONE)
FULL_YEAR = full(YEAR)
FULL_ISO = full(ISO_DATE)
FULL_RELATIVE_UNIT = full(RELATIVE_UNIT)
FULL_PAST_N = full(PAST_N)
FULL_AGO = full(AGO)
FULL_DAY_WORD = full(DAY_WORD)
WEEKDAY_NAME = re.compile(_WD, re.IGNORECASE)
MONTH_NAME = re.compile(_MONTH, re.IGNORECASE)
DAY_NUMBER = re.compile(r"(?<![\d])(3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d)")
YEAR_NUMBER = re.compile(_YEAR)
PERIOD_WORD = re.compile(r"^(early|mid|late)[\s-]+", re.IGNORECASE)
LEADING_PREP = re.compile(rf"^({_PREP_WORDS})\s+", re.IGNORECASE)
