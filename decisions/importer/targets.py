"""When does a promise come back? Dutch time phrases in a sentence, resolved against the meeting date.

`resolve_target(sentence, meeting_date=..., meetings=...)` finds the time phrase of a sentence and
returns a `Target`: its kind (the values of `FollowUp.TargetKind`), the due date, the exact phrase as
it stands in the sentence, and for a month target the first day of that month.

Rules, all relative to the date of the meeting the terugkoppeling reports on:

==========================================  ==============  =============================================
phrase                                      kind            date
==========================================  ==============  =============================================
het volgende / een volgend / het            next_meeting    the first of `meetings` after the meeting,
eerstvolgende LOVP, de volgende                             else None
vergadering, de volgende keer
het LOVP van 9 maart, op 9 maart a.s.,      date            that date (the next one after the meeting
19 april, 9 maart 2021, 09-03-2021                          when no year is given); kind "meeting" when
                                                            `meetings` holds that very date
in het LOVP van februari, in april,         month           last day of the month; `month` = its first
in september 2021, deze/volgende maand                      day. Without a year: the first such month
                                                            after the meeting's month (the meeting's own
                                                            month only when `meetings` holds a later
                                                            meeting in it)
vóór april                                  period          last day of the month before
begin / medio (half) / eind april           period          10th / 20th / last day of that month
begin 2021, begin volgend jaar              period          31 March
medio 2021                                  period          30 June
eind 2021, eind dit jaar, in 2021,          period          31 December
in de loop van 2021, volgend jaar
het eerste kwartaal 2023, Q1 2023, ...      period          last day of the quarter (the first such
                                                            quarter ending after the meeting without
                                                            a year); volgend / dit kwartaal likewise
het eerste / tweede half jaar (van) 2023,   period          30 June / 31 December
de eerste / tweede helft van 2023
voor de zomer                               period          30 June     } of the meeting's year, or the
na de zomer                                 period          30 September} next year when already past
voor de kerst / voor de jaarwisseling       period          24 / 31 December
het voorjaar (van 2024), de lente,          period          31 May (the first such end after the
dit / komend / volgend voorjaar                            meeting when no year is given)
de zomer                                    period          31 August
het najaar, de herfst                       period          30 November
de winter (van 2024)                        period          end of February (of that year)
het komende half jaar, binnen drie          period          meeting date + 6 months, + 3 months,
maanden, over twee weken, de komende                        + 14 days, ...
drie maanden, het komende jaar
snel, binnenkort, op korte termijn,         unspecified     None (phrase kept)
te zijner tijd, op termijn, later
no time at all                              unspecified     None (phrase None)
==========================================  ==============  =============================================

A phrase that lies in the past ("23 november jl.", "begin 2020" in a meeting of late 2020) is not a
target. When a sentence holds several phrases, the most specific wins (a meeting before a date
before a month before a period before a duration before a vague word), and among equals the first.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# The values of decisions.models.FollowUp.TargetKind (kept as plain strings: no Django needed here).
MEETING = "meeting"
NEXT_MEETING = "next_meeting"
MONTH = "month"
DATE = "date"
PERIOD = "period"
UNSPECIFIED = "unspecified"
KINDS = (MEETING, NEXT_MEETING, MONTH, DATE, PERIOD, UNSPECIFIED)


@dataclass(frozen=True)
class Target:
    """When something comes back. `date` is the due date (None when unknown)."""

    kind: str = UNSPECIFIED
    date: datetime.date | None = None
    phrase: str | None = None
    month: datetime.date | None = None

    def to_json_dict(self) -> dict:
        return {
            "kind": self.kind,
            "date": self.date.isoformat() if self.date else None,
            "phrase": self.phrase,
        }


# --- vocabulary ---------------------------------------------------------------------------------

MONTHS = {
    "januari": 1,
    "februari": 2,
    "maart": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "augustus": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}
# Abbreviations are only trusted next to a day number ("9 mrt.", "9 mrt. 2021"): "jan", "dec" and
# "nov" are words or names on their own.
MONTH_ABBREVIATIONS = {
    "jan": 1,
    "feb": 2,
    "febr": 2,
    "mrt": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "nov": 11,
    "dec": 12,
}
NUMBERS = {
    "een": 1,
    "één": 1,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
    "tien": 10,
    "elf": 11,
    "twaalf": 12,
    "anderhalf": 1.5,
    "anderhalve": 1.5,
}

_MONTH_FULL = "|".join(MONTHS)
_MONTH_ANY = "|".join(
    [*MONTHS, *(rf"{abbr}\.?" for abbr in sorted(MONTH_ABBREVIATIONS, key=len, reverse=True))]
)
_WEEKDAY = r"(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)"
_NUM = r"\d{1,2}|" + "|".join(sorted(NUMBERS, key=len, reverse=True))
# Words that may stand before a time phrase and belong to it ("in april", "op 9 maart a.s.").
_PREP = r"(?:(?:in|tijdens|op|bij|voor|vóór|naar|rond|rondom|per|uiterlijk|tot|vanaf|ergens\s+in)\s+)"
_YEAR_WORDS = (
    r"\d{4}|dit\s+jaar|volgend\s+jaar|komend\s+jaar|het\s+(?:volgende|komende)\s+jaar|volgende\s+jaar"
    r"|het\s+jaar"
)
_MEETING_WORD = r"(?:LOVP(?:-overleg|-vergadering)?|overleg|vergadering|bijeenkomst)"
_FLAGS = re.IGNORECASE


def _month_number(word: str) -> int | None:
    word = word.lower().rstrip(".")
    return MONTHS.get(word) or MONTH_ABBREVIATIONS.get(word)


def _number(word: str | None, default: float = 1) -> float:
    if not word:
        return default
    word = word.lower()
    return float(word) if word.isdigit() else NUMBERS.get(word, default)


def last_day(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class _Context:
    meeting_date: datetime.date
    meetings: tuple[datetime.date, ...]

    def year_of(self, text: str | None) -> int | None:
        """A year from "2021", "21", "dit jaar", "volgend jaar", "het jaar"; None when absent."""
        if not text:
            return None
        text = " ".join(text.lower().split())
        if text.isdigit():
            return int(text) if len(text) == 4 else 2000 + int(text)
        if "volgend" in text or "komend" in text:
            return self.meeting_date.year + 1
        return self.meeting_date.year

    def next_meeting(self) -> datetime.date | None:
        later = [day for day in self.meetings if day > self.meeting_date]
        return min(later) if later else None

    def after(self, make: Callable[[int], datetime.date | None], year: int | None) -> datetime.date | None:
        """The date `make(year)`; without a year the first such date after the meeting."""
        if year is not None:
            day = make(year)
            return day if day and day > self.meeting_date else None
        for candidate in (self.meeting_date.year, self.meeting_date.year + 1, self.meeting_date.year + 2):
            day = make(candidate)
            if day and day > self.meeting_date:
                return day
        return None


_Result = tuple[str, datetime.date | None, datetime.date | None]  # kind, date, month


def _safe_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


# --- rules --------------------------------------------------------------------------------------


def _next_meeting(match: re.Match, ctx: _Context) -> _Result:
    return NEXT_MEETING, ctx.next_meeting(), None


def _exact_date(match: re.Match, ctx: _Context) -> _Result | None:
    relative = (match.groupdict().get("rel") or "").lower()
    if relative.startswith("j"):  # "jl.", "jongstleden": in the past
        return None
    month = match.group("month")
    month = int(month) if month.isdigit() else _month_number(month)
    if not month or not 1 <= month <= 12:
        return None
    day_number = int(match.group("day"))
    year = ctx.year_of(match.group("year"))
    day = ctx.after(lambda y: _safe_date(y, month, day_number), year)
    if day is None:
        return None
    return (MEETING if day in ctx.meetings else DATE), day, None


def _meeting_month(match: re.Match, ctx: _Context) -> _Result | None:
    month = _month_number(match.group("month"))
    year = ctx.year_of(match.group("year"))
    if year is None:
        if month > ctx.meeting_date.month:
            year = ctx.meeting_date.year
        elif month == ctx.meeting_date.month and any(
            day > ctx.meeting_date and (day.year, day.month) == (ctx.meeting_date.year, month)
            for day in ctx.meetings
        ):
            year = ctx.meeting_date.year
        else:
            year = ctx.meeting_date.year + 1
    end = last_day(year, month)
    if end <= ctx.meeting_date:
        return None
    return MONTH, end, datetime.date(year, month, 1)


def _month(match: re.Match, ctx: _Context) -> _Result | None:
    preposition = (match.group("prep") or "").lower()
    before = match.string[: match.start()].rstrip().lower()
    if preposition == "na" or before.endswith(("na", "sinds", "vanaf")):
        return None
    result = _meeting_month(match, ctx)
    if result and preposition in ("voor", "vóór"):
        # "vóór april": at the latest the last day of March.
        first = result[2]
        return PERIOD, first - datetime.timedelta(days=1), None
    return result


def _relative_month(match: re.Match, ctx: _Context) -> _Result:
    offset = 0 if match.group("which").lower() == "deze" else 1
    first = add_months(ctx.meeting_date.replace(day=1), offset)
    return MONTH, last_day(first.year, first.month), first


def _part_of_month(match: re.Match, ctx: _Context) -> _Result | None:
    part = match.group("part").lower()
    month = _month_number(match.group("month"))
    year = ctx.year_of(match.group("year"))

    def make(y: int) -> datetime.date:
        if part == "begin":
            return datetime.date(y, month, 10)
        if part in ("medio", "half", "halverwege", "midden"):
            return datetime.date(y, month, 20)
        return last_day(y, month)

    day = ctx.after(make, year)
    return (PERIOD, day, None) if day else None


_QUARTERS = {
    "eerste": 1,
    "1e": 1,
    "tweede": 2,
    "2e": 2,
    "derde": 3,
    "3e": 3,
    "vierde": 4,
    "4e": 4,
    "laatste": 4,
}


def _quarter(match: re.Match, ctx: _Context) -> _Result | None:
    quarter = match.group("q").lower()
    number = int(quarter) if quarter.isdigit() else _QUARTERS[quarter]
    year = ctx.year_of(match.group("year"))
    day = ctx.after(lambda y: last_day(y, number * 3), year)
    return (PERIOD, day, None) if day else None


def _relative_quarter(match: re.Match, ctx: _Context) -> _Result:
    current = (ctx.meeting_date.month - 1) // 3 + 1
    offset = 0 if match.group("which").lower() == "dit" else 1
    month_index = ctx.meeting_date.year * 12 + (current + offset) * 3 - 1
    year, month = divmod(month_index, 12)
    return PERIOD, last_day(year, month + 1), None


def _half_year(match: re.Match, ctx: _Context) -> _Result | None:
    half = match.group("h").lower()
    month = 6 if half in ("eerste", "1e", "1") else 12
    year = ctx.year_of(match.group("year"))
    day = ctx.after(lambda y: last_day(y, month), year)
    return (PERIOD, day, None) if day else None


_AROUND = {
    ("voor", "zomer"): (6, 30),
    ("na", "zomer"): (9, 30),
    ("voor", "kerst"): (12, 24),
    ("voor", "jaarwisseling"): (12, 31),
}


def _before_after(match: re.Match, ctx: _Context) -> _Result | None:
    preposition = match.group("prep").lower().replace("vóór", "voor")
    what = match.group("what").lower()
    key = next((stem for (p, stem) in _AROUND if p == preposition and what.startswith(stem)), None)
    if key is None:
        return None
    month, day_number = _AROUND[(preposition, key)]
    year = ctx.year_of(match.group("year"))
    day = ctx.after(lambda y: datetime.date(y, month, day_number), year)
    return (PERIOD, day, None) if day else None


_SEASON_END = {
    "voorjaar": (5, 31),
    "lente": (5, 31),
    "zomer": (8, 31),
    "najaar": (11, 30),
    "herfst": (11, 30),
}


def _season(match: re.Match, ctx: _Context) -> _Result | None:
    season = match.group("season").lower()
    year = ctx.year_of(match.group("year"))
    if season == "winter":
        day = ctx.after(lambda y: last_day(y, 2), year)
    else:
        month, day_number = _SEASON_END[season]
        day = ctx.after(lambda y: datetime.date(y, month, day_number), year)
    return (PERIOD, day, None) if day else None


def _part_of_year(match: re.Match, ctx: _Context) -> _Result | None:
    part = " ".join(match.group("part").lower().split())
    year = ctx.year_of(match.group("year"))
    if "begin" in part:
        month, day_number = 3, 31
    elif any(word in part for word in ("medio", "half", "halverwege", "midden")):
        month, day_number = 6, 30
    else:  # eind, einde, in de loop van, gedurende
        month, day_number = 12, 31
    day = ctx.after(lambda y: datetime.date(y, month, day_number), year)
    return (PERIOD, day, None) if day else None


def _year(match: re.Match, ctx: _Context) -> _Result | None:
    year = ctx.year_of(match.group("year") or match.group("year2"))
    day = datetime.date(year, 12, 31)
    return (PERIOD, day, None) if day > ctx.meeting_date else None


def _duration(match: re.Match, ctx: _Context) -> _Result | None:
    unit = match.group("unit").lower()
    count = _number(match.group("n"))
    if match.group("half") or unit == "halfjaar":
        count, unit = count * 0.5, "jaar"
    if unit.startswith("we"):
        return PERIOD, ctx.meeting_date + datetime.timedelta(weeks=count), None
    if unit.startswith("dag"):
        return PERIOD, ctx.meeting_date + datetime.timedelta(days=count), None
    months = count * (12 if unit.startswith("ja") else 1)
    if months != int(months):
        return None
    return PERIOD, add_months(ctx.meeting_date, int(months)), None


def _vague(match: re.Match, ctx: _Context) -> _Result:
    return UNSPECIFIED, None, None


def _compile(pattern: str) -> re.Pattern:
    return re.compile(pattern, _FLAGS)


# (priority, pattern, handler): a lower priority number wins.
_RULES: list[tuple[int, re.Pattern, Callable[[re.Match, _Context], _Result | None]]] = [
    (
        0,
        _compile(
            rf"\b{_PREP}?(?:het|een|de)\s+(?:volgende?|eerstvolgende|eerstkomende|(?:aan)?komende|daaropvolgende)\s+"
            rf"{_MEETING_WORD}\b"
        ),
        _next_meeting,
    ),
    (0, _compile(rf"\b{_PREP}?(?:de\s+)?volgende\s+keer\b"), _next_meeting),
    (
        0,
        _compile(
            rf"\b{_PREP}?(?:het|de)\s+(?:extra\s+)?{_MEETING_WORD}\s+(?:van|op)\s+(?:{_WEEKDAY}\s+)?"
            rf"(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH_ANY})(?:\s+(?P<year>\d{{4}}))?"
            rf"(?:\s+(?P<rel>a\.s\.|aanstaande|jl\.|jongstleden))?"
        ),
        _exact_date,
    ),
    (
        0,
        _compile(
            rf"\b{_PREP}?(?:het|de)\s+(?:extra\s+)?{_MEETING_WORD}\s+(?:van|in)\s+(?P<month>{_MONTH_FULL})"
            rf"(?:\s+(?P<year>\d{{4}}))?\b"
        ),
        _meeting_month,
    ),
    (
        1,
        _compile(
            rf"(?<![\w-]){_PREP}?(?:{_WEEKDAY}\s+)?(?P<day>\d{{1,2}})(?:e|ste|de)?\s+(?P<month>{_MONTH_ANY})"
            rf"(?:\s+(?P<year>\d{{4}}))?(?:\s+(?P<rel>a\.s\.|aanstaande|jl\.|jongstleden))?(?!\w)"
        ),
        _exact_date,
    ),
    (
        1,
        _compile(
            rf"(?<![\w-]){_PREP}?(?P<day>\d{{1,2}})[-/](?P<month>\d{{1,2}})[-/](?P<year>\d{{4}})(?![\w-])"
        ),
        _exact_date,
    ),
    (
        1,
        _compile(rf"(?<![\w-]){_PREP}?(?P<year>\d{{4}})-(?P<month>\d{{2}})-(?P<day>\d{{2}})(?![\w-])"),
        _exact_date,
    ),
    (
        2,
        _compile(
            rf"\b{_PREP}?(?P<part>begin|eind|einde|ultimo|medio|half|halverwege|midden)\s+(?:van\s+)?"
            rf"(?P<month>{_MONTH_FULL})(?:\s+(?P<year>\d{{4}}))?\b"
        ),
        _part_of_month,
    ),
    (
        3,
        _compile(
            rf"\b(?:(?P<prep>in|tijdens|rond|voor|vóór|per|uiterlijk|eind|na)\s+)?(?:de\s+maand\s+)?"
            rf"(?P<month>{_MONTH_FULL})(?:\s+(?P<year>\d{{4}}))?\b"
        ),
        _month,
    ),
    (3, _compile(rf"\b{_PREP}?(?:de\s+)?(?P<which>deze|volgende|komende)\s+maand\b"), _relative_month),
    (
        4,
        _compile(
            rf"\b{_PREP}?(?:het\s+)?(?P<q>eerste|tweede|derde|vierde|laatste|[1-4]e)\s+kwartaal"
            rf"(?:\s+(?:van\s+)?(?P<year>{_YEAR_WORDS}))?\b"
        ),
        _quarter,
    ),
    (4, _compile(rf"\b{_PREP}?Q(?P<q>[1-4])(?:\s*(?:van\s+)?'?(?P<year>\d{{4}}|\d{{2}}))?\b"), _quarter),
    (4, _compile(rf"\b{_PREP}?(?:het\s+)?(?P<which>dit|volgende?|komende?)\s+kwartaal\b"), _relative_quarter),
    (
        4,
        _compile(
            rf"\b{_PREP}?(?:het\s+|de\s+)?(?P<h>eerste|tweede|1e|2e)\s+(?:half\s*jaar|halfjaar|helft)"
            rf"(?:\s+(?:van\s+)?(?P<year>{_YEAR_WORDS}))?\b"
        ),
        _half_year,
    ),
    (4, _compile(rf"\b{_PREP}?H(?P<h>[12])\s+(?P<year>\d{{4}})\b"), _half_year),
    (
        4,
        _compile(
            r"\b(?P<prep>voor|vóór|na)\s+(?:de|het)\s+(?P<what>zomer(?:vakantie|reces|periode)?|kerst(?:reces|vakantie)?"
            r"|jaarwisseling)(?:\s+(?:van\s+)?(?P<year>\d{4}))?\b"
        ),
        _before_after,
    ),
    (
        4,
        _compile(
            rf"\b{_PREP}?(?:(?:het|de|dit|deze|komend|komende|aankomend|aankomende|volgend|volgende)\s+)?"
            rf"(?P<season>voorjaar|lente|zomer|najaar|herfst|winter)"
            rf"(?:\s+(?:van\s+)?(?P<year>\d{{4}}|dit\s+jaar|volgend\s+jaar))?\b"
        ),
        _season,
    ),
    (
        4,
        _compile(
            rf"\b{_PREP}?(?:(?:het|de)\s+)?(?P<part>aan\s+het\s+begin|aan\s+het\s+eind|aan\s+het\s+einde|begin|eind|einde|"
            rf"medio|half|halverwege|midden|in\s+de\s+loop|de\s+loop|gedurende)\s+(?:van\s+)?(?P<year>{_YEAR_WORDS})\b"
        ),
        _part_of_year,
    ),
    (
        5,
        _compile(
            r"\b(?:(?:in|uiterlijk|ergens\s+in|gedurende)\s+(?P<year>\d{4})"
            r"|(?:in\s+)?(?P<year2>dit\s+jaar|volgend\s+jaar|komend\s+jaar))\b"
        ),
        _year,
    ),
    (
        5,
        _compile(
            rf"\b(?:(?:binnen|over|in|gedurende)\s+)?(?:het|de)\s+(?:komende|eerstkomende|aankomende|volgende)\s+"
            rf"(?:(?P<n>{_NUM})\s+)?(?P<half>half\s*)?(?P<unit>jaar|halfjaar|maanden|maand|weken|week)\b"
        ),
        lambda m, ctx: (
            None
            if (m.group("unit").lower() in ("maanden", "weken") and not m.group("n"))
            else _duration(m, ctx)
        ),
    ),
    (
        5,
        _compile(
            rf"\b(?:uiterlijk\s+)?(?:binnen|over|na)\s+(?:(?P<n>{_NUM})\s+)?(?P<half>half\s*)?"
            rf"(?P<unit>jaar|halfjaar|maanden|maand|weken|week|dagen)\b"
        ),
        _duration,
    ),
    (
        9,
        _compile(
            r"\b(?:binnenkort|op\s+korte\s+termijn|zo\s+snel\s+mogelijk|zo\s+spoedig\s+mogelijk|zsm|spoedig|snel|"
            r"te\s+zijner\s+tijd|op\s+termijn|op\s+een\s+later(?:\s+moment|\s+tijdstip)?|in\s+een\s+later\s+stadium|"
            r"later|in\s+de\s+toekomst)\b|(?<!\w)(?:z\.s\.m\.|t\.z\.t\.)"
        ),
        _vague,
    ),
]


def resolve_target(
    sentence: str, *, meeting_date: datetime.date, meetings: Sequence[datetime.date] = ()
) -> Target:
    """The time a sentence promises to come back at, relative to `meeting_date`.

    `meetings` are known meeting dates (any order); the first one after `meeting_date` is "the next
    meeting", and a month without a year only means the meeting's own month when one of them falls in
    it after the meeting.
    """
    ctx = _Context(meeting_date, tuple(sorted(meetings)))
    best: tuple[int, int, int, Target] | None = None
    # A phrase that was recognised but lies in the past ("23 november jl.") must not be read again by
    # a looser rule ("november").
    rejected: list[tuple[int, int]] = []
    for priority, pattern, handler in _RULES:
        for match in pattern.finditer(sentence):
            if any(match.start() < end and start < match.end() for start, end in rejected):
                continue
            result = handler(match, ctx)
            if result is None:
                rejected.append(match.span())
                continue
            kind, day, month = result
            phrase = sentence[match.start() : match.end()].strip()
            key = (priority, match.start(), -len(phrase))
            if best is None or key < best[:3]:
                best = (*key, Target(kind=kind, date=day, phrase=phrase, month=month))
    return best[3] if best else Target()


# --- plain dates (publication dates, title dates) -------------------------------------------------

_PLAIN_DATE = re.compile(
    rf"(?<!\d)(?:(?P<day>\d{{1,2}})(?:e|ste|de)?\s+(?P<month>{_MONTH_ANY})\s+(?P<year>\d{{4}})"
    rf"|(?P<nday>\d{{1,2}})[-/.](?P<nmonth>\d{{1,2}})[-/.](?P<nyear>\d{{4}})"
    rf"|(?P<iyear>\d{{4}})-(?P<imonth>\d{{2}})-(?P<iday>\d{{2}}))(?!\d)",
    _FLAGS,
)


def find_date(text: str) -> datetime.date | None:
    """The first full date (day, month and year) written in `text`, e.g. "8 februari 2021"."""
    for match in _PLAIN_DATE.finditer(text):
        if match.group("day"):
            day = _safe_date(
                int(match.group("year")), _month_number(match.group("month")), int(match.group("day"))
            )
        elif match.group("nday"):
            day = _safe_date(int(match.group("nyear")), int(match.group("nmonth")), int(match.group("nday")))
        else:
            day = _safe_date(int(match.group("iyear")), int(match.group("imonth")), int(match.group("iday")))
        if day:
            return day
    return None


DATE_ONLY = re.compile(
    rf"^(?:(?:datum|gepubliceerd(?:\s+op)?|publicatiedatum|den\s+haag|utrecht)\s*[:,]?\s*)?(?:{_WEEKDAY}\s+)?"
    rf"{_PLAIN_DATE.pattern}\.?$",
    _FLAGS,
)
