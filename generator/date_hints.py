"""What a date written the usual ways ("June 2025", "14/06/2025", "14th June 2025") is in the
format's own form: the exact text to write instead, for the error message."""

from __future__ import annotations

import datetime as dt
import re

from .model import MONTHS

_NAMES = {name.lower(): number for number, name in enumerate(MONTHS) if name}
_NAMES.update({name[:3]: number for name, number in list(_NAMES.items())})
_NAMES["sept"] = 9
_MONTH = "(" + "|".join(sorted(_NAMES, key=len, reverse=True)) + r")\.?"
_SEP = r"[/.\-]"
_PERIOD = r"(spring|summer|autumn|fall|winter|q[1-4]|early|mid|late|end of|start of|beginning of)"

_FORMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(f"^{pattern}$"), order)
    for pattern, order in (
        (rf"(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}}|\d{{2}})", "dmy"),
        (rf"(\d{{4}}){_SEP}(\d{{1,2}}){_SEP}(\d{{1,2}})", "ymd"),
        (rf"(\d{{4}}){_SEP}(\d{{1,2}})", "ym"),
        (rf"(\d{{1,2}}){_SEP}(\d{{4}})", "my"),
        (rf"(\d{{1,2}})(?:st|nd|rd|th)?[ \-]+(?:of )?{_MONTH}[ \-]+(\d{{4}})", "dMy"),
        (rf"{_MONTH} (\d{{1,2}})(?:st|nd|rd|th)? (\d{{4}})", "Mdy"),
        (rf"{_MONTH}[ \-]+(\d{{4}})", "My"),
        (rf"(\d{{4}}) {_MONTH}", "yM"),
    )
)


def _month(year: int, month: int) -> str | None:
    if not 1 <= month <= 12:
        return None
    return f"write it as {year:04d}-{month:02d} ({MONTHS[month]} {year})"


def _day(year: int, month: int, day: int) -> str | None:
    if not 1 <= month <= 12:
        return None
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return f"{MONTHS[month]} {year} has no day {day}"
    return f"write it as {date.isoformat()} ({date.day} {MONTHS[date.month]} {date.year})"


def _year(text: str) -> int:
    """A four-digit year as written; a two-digit one in this century (`25` is 2025)."""
    return int(text) if len(text) == 4 else 2000 + int(text)


def date_hint(text: str) -> str | None:
    """`write it as 2025-06 (June 2025)` for a date written another common way, a hint for a
    season or an impossible date, or None when the text does not look like a date at all."""
    words = re.sub(r"\s+", " ", text.strip().lower().replace(",", " ")).strip()
    if re.fullmatch(rf"{_PERIOD} (\d{{4}})", words):
        written_year = words.rsplit(" ", 1)[1]
        return f"write the year ({written_year}), or the month if you know it ({written_year}-MM)"
    iso = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", words)
    if iso:  # the right shape, but no such month or day
        if not 1 <= int(iso[2]) <= 12:
            return f"there is no month {int(iso[2])}: write YYYY-MM-DD, YYYY-MM or YYYY"
        return f"{MONTHS[int(iso[2])]} {iso[1]} has no day {int(iso[3])}"
    for pattern, order in _FORMS:
        match = pattern.match(words)
        if not match:
            continue
        parts = match.groups()
        written = None
        if order == "dmy":
            day, month, year = int(parts[0]), int(parts[1]), _year(parts[2])
            if month > 12 >= day:  # 06/14/2025: month first, as in the US
                day, month = month, day
            written = _day(year, month, day)
        elif order == "ymd":
            written = _day(int(parts[0]), int(parts[1]), int(parts[2]))
        elif order == "ym":
            written = _month(int(parts[0]), int(parts[1]))
        elif order == "my":
            written = _month(int(parts[1]), int(parts[0]))
        elif order == "dMy":
            written = _day(int(parts[2]), _NAMES[parts[1]], int(parts[0]))
        elif order == "Mdy":
            written = _day(int(parts[2]), _NAMES[parts[0]], int(parts[1]))
        elif order == "My":
            written = _month(int(parts[1]), _NAMES[parts[0]])
        elif order == "yM":
            written = _month(int(parts[0]), _NAMES[parts[1]])
        return written
    return None
