"""Dates as news pages print them ("November 21, 2014 08:15pm", "19 Mar, 2024")."""

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}


def _month(n):
    return rf"(?P<month{n}>[A-Za-z]{{3,9}})\.?"


def _day(n):
    return rf"(?P<day{n}>\d{{1,2}})(?:st|nd|rd|th)?"


_YEAR = r"(?P<year>\d{4})"
_TIME = r"(?:\s*(?:at\s+)?(?P<hour>\d{1,2})[:.](?P<minute>\d{2})\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?)?"

# "November 21, 2014" and "21 Nov, 2014" (the sidebar's order), each maybe with a time.
PRINTED_DATE = re.compile(
    rf"(?:{_month(1)}\s+{_day(1)}|{_day(2)}\s+{_month(2)}),?\s+{_YEAR}{_TIME}"
)


def page_zone():
    return ZoneInfo(settings.NEWSARCHIVE["PAGE_IMPORT_TIME_ZONE"])


def _parts(match):
    groups = {k.rstrip("12"): v for k, v in match.groupdict().items() if v is not None}
    month = _MONTHS.get(groups["month"].lower())
    if month is None:
        return None
    try:
        day = date(int(groups["year"]), month, int(groups["day"]))
    except ValueError:
        return None
    at = None
    if "hour" in groups:
        hour, minute = int(groups["hour"]), int(groups["minute"])
        ampm = groups.get("ampm", "").replace(".", "").lower()
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        if hour > 23 or minute > 59:
            return None
        at = time(hour, minute)
    return day, at


def parse_printed_date(text):
    """The calendar date in ``text`` (which must be only a date), or None."""
    match = PRINTED_DATE.fullmatch(text.strip())
    if not match or match.group("hour"):
        return None
    parts = _parts(match)
    return parts[0] if parts else None


def parse_printed_datetime(text):
    """An aware datetime for a printed date and optional time, in the pages' zone.

    Without a time the article is placed at midnight that day: the page said
    only which day it appeared.
    """
    match = PRINTED_DATE.fullmatch(text.strip())
    if not match:
        return None
    parts = _parts(match)
    if not parts:
        return None
    day, at = parts
    return datetime.combine(day, at or time(0, 0), tzinfo=page_zone())


def find_printed_date(text):
    """The first printed date anywhere in ``text`` (for "Photo from Nov 20, 2014, shows …")."""
    match = PRINTED_DATE.search(text)
    if not match:
        return None
    parts = _parts(match)
    return parts[0] if parts else None
