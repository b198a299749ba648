"""Dates, times with their zone, and durations, read against the publication date.

>>> from datetime import date
>>> [d.value for d in find_dates("held on the evening of December 2", date(2025, 12, 3))]
[datetime.date(2025, 12, 2)]
>>> [d.value for d in find_dates("on Tuesday", date(2025, 12, 3))]
[datetime.date(2025, 12, 2)]
>>> t = find_time("began at around 7:00 p.m. Kyiv time", date(2025, 12, 2))
>>> t.value.isoformat(), t.zone, t.approximation
('2025-12-02T19:00:00+02:00', 'Europe/Kyiv', 'around')
>>> d = find_duration("and lasted almost 5 hours")
>>> d.iso, d.approximation
('PT5H', 'almost')
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from functools import cache

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2,
    "several": 3, "a few": 3,
}  # fmt: skip
APPROXIMATIONS = (
    "almost", "nearly", "about", "around", "approximately", "roughly", "some", "more than",
    "over", "less than", "under", "just over", "just under", "at least", "shortly after",
    "shortly before",
)  # fmt: skip
# Zone abbreviations that are not IANA names themselves.
_ABBREVIATION_ZONES = {
    "msk": "Europe/Moscow", "bst": "Europe/London", "cest": "CET", "eest": "EET",
    "est": "America/New_York", "edt": "America/New_York",
}  # fmt: skip

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_PART = r"(?:(?:the\s+)?(?P<part>morning|afternoon|evening|night)\s+of\s+)?"
_YEAR = r"(?:,?\s+(?P<year>\d{4}))?"
_MONTH_DAY = re.compile(
    rf"\b(?:on\s+)?{_PART}{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b{_YEAR}", re.I
)
_DAY_MONTH = re.compile(
    rf"\b(?:on\s+)?{_PART}(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b{_YEAR}", re.I
)
_ISO = re.compile(r"\b(?P<iso>\d{4}-\d{2}-\d{2})\b")
_WEEKDAY = re.compile(
    r"\b(?:(?P<which>last|next|this|on)\s+)?" + _PART + r"(?P<weekday>" + "|".join(WEEKDAYS)
    + r")\b", re.I,
)  # fmt: skip
_NUMBER = "|".join(sorted((re.escape(n) for n in NUMBERS), key=len, reverse=True))
_OFFSET_WORDS = re.compile(
    rf"\b(?P<n>\d+|{_NUMBER})\s+(?P<unit>day|week|month|year)s?\s+(?P<dir>earlier|before|ago|later|after|previously)\b",
    re.I,
)
_DEICTIC = re.compile(
    r"\b(?P<word>yesterday|today|tomorrow|last week|next week|last month)\b", re.I
)
_FUTURE = re.compile(r"\b(will|planned|scheduled|expected|next|to be held|is due)\b", re.I)


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    value: date
    relative: bool  # computed from the publication (or a reference) date
    part_of_day: str | None = None


def _closest_year(month: int, day: int, published: date) -> date | None:
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    return min(candidates, key=lambda d: abs(d - published)) if candidates else None


def find_dates(text: str, published: date, reference: date | None = None) -> list[DateMention]:
    """Dates in ``text``: absolute ones (the year, when missing, is the one that puts the date
    nearest to ``published``) and relative ones ("on Tuesday", "two weeks earlier", "yesterday");
    "earlier"/"later" count from ``reference`` (the date the text was talking about), else from
    ``published``.

    >>> from datetime import date
    >>> [d.value.isoformat() for d in find_dates("Two weeks earlier he had offered it",
    ...                                          date(2026, 4, 3), reference=date(2026, 4, 2))]
    ['2026-03-19']
    >>> [d.value.isoformat() for d in find_dates("talks will resume on 5 January",
    ...                                          date(2025, 12, 30))]
    ['2026-01-05']
    """
    found: list[DateMention] = []
    taken: set[int] = set()

    def add(match: re.Match[str], value: date | None, relative: bool) -> None:
        if value is None or any(i in taken for i in range(match.start(), match.end())):
            return
        taken.update(range(match.start(), match.end()))
        part = match.groupdict().get("part")
        found.append(DateMention(match.start(), match.end(), match.group(0), value, relative, part))

    for match in _ISO.finditer(text):
        try:
            add(match, date.fromisoformat(match.group("iso")), False)
        except ValueError:
            continue
    for pattern in (_MONTH_DAY, _DAY_MONTH):
        for match in pattern.finditer(text):
            month, day = MONTHS[match.group("month").lower()], int(match.group("day"))
            if match.group("year"):
                try:
                    add(match, date(int(match.group("year")), month, day), False)
                except ValueError:
                    continue
            else:
                add(match, _closest_year(month, day, published), False)
    future = bool(_FUTURE.search(text))
    for match in _WEEKDAY.finditer(text):
        if match.group("which") is None and not match.group("part"):
            continue  # a bare weekday name is too often something else ("Monday's talks")
        wanted = WEEKDAYS.index(match.group("weekday").lower())
        which = (match.group("which") or "on").lower()
        if which == "next" or (which in {"on", "this"} and future):
            delta = (wanted - published.weekday()) % 7 or (7 if which == "next" else 0)
            add(match, published + timedelta(days=delta), True)
        else:
            delta = (published.weekday() - wanted) % 7 or (7 if which == "last" else 0)
            add(match, published - timedelta(days=delta), True)
    for match in _OFFSET_WORDS.finditer(text):
        n = match.group("n").lower()
        count = int(n) if n.isdigit() else NUMBERS[n]
        days = {"day": 1, "week": 7, "month": 30, "year": 365}[match.group("unit").lower()]
        direction = match.group("dir").lower()
        base = published if direction == "ago" else (reference or published)
        sign = 1 if direction in {"later", "after"} else -1
        add(match, base + timedelta(days=sign * count * days), True)
    for match in _DEICTIC.finditer(text):
        shift = {"yesterday": -1, "today": 0, "tomorrow": 1, "last week": -7, "next week": 7,
                 "last month": -30}[match.group("word").lower()]  # fmt: skip
        add(match, published + timedelta(days=shift), True)
    return sorted(found, key=lambda d: d.start)


# --- times --------------------------------------------------------------------------------

_APPROX = "|".join(sorted((re.escape(a) for a in APPROXIMATIONS), key=len, reverse=True))
_TIME = re.compile(
    rf"\b(?:at\s+)?(?:(?P<approx>{_APPROX})\s+)?"
    r"(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?(?:\s*(?P<ampm>a\.m\.|p\.m\.|am\b|pm\b))?"
    r"(?:\s+(?:(?P<local>local)|(?P<place>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?))\s+time\b"
    r"|\s+(?P<abbr>UTC|GMT|CET|CEST|EET|EEST|MSK|BST|EST|EDT)\b)?"
    r"(?:\s*\(?(?:UTC|GMT)\s*(?P<sign>[+−-])\s*(?P<oh>\d{1,2})(?::?(?P<om>\d{2}))?\)?)?",
)


@dataclass(frozen=True)
class TimeMention:
    start: int
    end: int
    text: str
    value: datetime  # with its UTC offset
    zone: str | None  # IANA name, when the report names a place or a zone
    approximation: str | None


@cache
def _zones_by_city() -> dict[str, str]:
    zones: dict[str, str] = {}
    for name in sorted(zoneinfo.available_timezones()):
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "posix/", "right/")):
            zones.setdefault(name.rsplit("/", 1)[1].replace("_", " ").casefold(), name)
    return zones


def zone_for(place: str) -> str | None:
    """The IANA time zone named after ``place`` (a city), if there is one.

    >>> zone_for("Kyiv"), zone_for("Moscow"), zone_for("New York"), zone_for("Atlantis")
    ('Europe/Kyiv', 'Europe/Moscow', 'America/New_York', None)
    """
    return _zones_by_city().get(place.strip().casefold())


def find_time(
    text: str, on: date, local_zone: str | None = None, published: date | None = None
) -> TimeMention | None:
    """The first clock time in ``text`` on the day ``on``, with its offset: from a named zone
    ("Kyiv time", "GMT"), an explicit offset ("(UTC+1)"), or for "local time" the zone of the
    event's place (``local_zone``). A time whose offset cannot be known is not returned.

    >>> from datetime import date
    >>> find_time("started at 10:00 local time (UTC+1)", date(2026, 3, 13)).value.isoformat()
    '2026-03-13T10:00:00+01:00'
    """
    for match in _TIME.finditer(text):
        if match.group("minute") is None and match.group("ampm") is None:
            continue  # "5 hours", "28 points": a bare number is no time
        hour, minute = int(match.group("hour")), int(match.group("minute") or 0)
        ampm = (match.group("ampm") or "").lower().replace(".", "")
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        if hour > 23 or minute > 59:
            continue
        zone_name: str | None = None
        tz: tzinfo | None = None
        if match.group("oh"):
            sign = -1 if match.group("sign") in "-−" else 1
            delta = timedelta(hours=int(match.group("oh")), minutes=int(match.group("om") or 0))
            tz = timezone(sign * delta)
        if match.group("place"):
            zone_name = zone_for(match.group("place"))
        elif match.group("abbr"):
            abbr = match.group("abbr")
            zone_name = (
                "UTC" if abbr in {"UTC", "GMT"} else _ABBREVIATION_ZONES.get(abbr.lower(), abbr)
            )
        elif match.group("local") and tz is None:
            zone_name = local_zone
        if tz is None and zone_name is not None:
            tz = zoneinfo.ZoneInfo(zone_name)
        if tz is None:
            continue
        value = datetime.combine(on, time(hour, minute), tz)
        offset = value.utcoffset() or timedelta(0)
        value = value.replace(tzinfo=timezone(offset))  # a fixed offset, as facts need
        approx = match.group("approx").lower() if match.group("approx") else None
        return TimeMention(match.start(), match.end(), match.group(0), value, zone_name, approx)
    return None


# --- durations ----------------------------------------------------------------------------

_DURATION = re.compile(
    rf"\b(?:(?P<approx>{_APPROX})\s+)?"
    rf"(?P<n>\d+(?:\.\d+)?|{_NUMBER})(?P<half>\s+and\s+a\s+half)?\s+(?P<unit>hour|minute|day)s?\b",
    re.I,
)
_HALF_HOUR = re.compile(
    rf"\b(?:(?P<approx>{_APPROX})\s+)?(?:half\s+an\s+hour|an\s+hour\s+and\s+a\s+half)\b", re.I
)


@dataclass(frozen=True)
class DurationMention:
    start: int
    end: int
    text: str
    iso: str  # ISO 8601 (PT5H, PT2H30M, P2D)
    approximation: str | None


def _iso_duration(minutes: float) -> str:
    if minutes >= 24 * 60 and minutes % (24 * 60) == 0:
        return f"P{int(minutes // (24 * 60))}D"
    hours, rest = divmod(round(minutes), 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest or not hours else "")


def find_duration(text: str) -> DurationMention | None:
    """The first duration in ``text``, as ISO 8601 with the report's hedge.

    >>> d = find_duration("The session lasted about two and a half hours.")
    >>> d.iso, d.approximation
    ('PT2H30M', 'about')
    """
    half = _HALF_HOUR.search(text)
    if half:
        minutes = 30 if "half an hour" in half.group(0).lower() else 90
        approx = half.group("approx").lower() if half.group("approx") else None
        return DurationMention(
            half.start(), half.end(), half.group(0), _iso_duration(minutes), approx
        )
    for match in _DURATION.finditer(text):
        n = match.group("n").lower()
        value = float(n) if n[0].isdigit() else float(NUMBERS[n])
        if match.group("half"):
            value += 0.5
        unit = {"hour": 60, "minute": 1, "day": 24 * 60}[match.group("unit").lower()]
        approx = match.group("approx").lower() if match.group("approx") else None
        return DurationMention(
            match.start(), match.end(), match.group(0), _iso_duration(value * unit), approx
        )
    return None
