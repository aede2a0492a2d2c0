"""Demo calendar: dates relative to today, Easter and French bank holidays."""

import datetime
from collections.abc import Collection

from django.utils import timezone


def months_before(day: datetime.date, months: int) -> datetime.date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in range(day.day, 0, -1):
        try:
            return datetime.date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def easter(year: int) -> datetime.date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return datetime.date(year, month, day + 1)


def bank_holidays(year: int) -> list[tuple[datetime.date, str]]:
    sunday = easter(year)
    return [
        (datetime.date(year, 1, 1), "Jour de l’an"),
        (sunday + datetime.timedelta(days=1), "Lundi de Pâques"),
        (datetime.date(year, 5, 1), "Fête du Travail"),
        (datetime.date(year, 5, 8), "Victoire 1945"),
        (sunday + datetime.timedelta(days=39), "Ascension"),
        (sunday + datetime.timedelta(days=50), "Lundi de Pentecôte"),
        (datetime.date(year, 7, 14), "Fête nationale"),
        (datetime.date(year, 8, 15), "Assomption"),
        (datetime.date(year, 11, 1), "Toussaint"),
        (datetime.date(year, 11, 11), "Armistice 1918"),
        (datetime.date(year, 12, 25), "Noël"),
    ]


def aware(day: datetime.date, at: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, at))


def closures(
    *,
    weekdays: Collection[int],
    start: datetime.date,
    horizon: datetime.date,
    summer: tuple[int, int],
    summer_reason: str,
) -> list[tuple[datetime.date, datetime.date, str]]:
    """A venue's closures `(start, end, reason)` overlapping `start`…`horizon`, sorted.

    The year-end holidays, a summer break (August, days `summer`) and the bank
    holidays that fall on one of its opening `weekdays` outside those breaks.
    """
    years = range(start.year, horizon.year + 1)
    wanted: list[tuple[datetime.date, datetime.date, str]] = []
    for year in years:
        wanted.append(
            (
                datetime.date(year, 12, 24),
                datetime.date(year + 1, 1, 1),
                "Fermeture des fêtes de fin d’année",
            )
        )
        wanted.append(
            (datetime.date(year, 8, summer[0]), datetime.date(year, 8, summer[1]), summer_reason)
        )
    for year in years:
        for day, name in bank_holidays(year):
            if day.weekday() in weekdays and not any(s <= day <= e for s, e, _ in wanted):
                wanted.append((day, day, f"Jour férié : {name}"))
    return sorted((s, e, r) for s, e, r in wanted if e >= start and s <= horizon)
