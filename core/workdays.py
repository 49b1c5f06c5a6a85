"""Working Days: Monday to Friday, less the bank holidays of England and Wales.

The SEC counts every deadline in Working Days ("10 Working Days before UIT begins", the 10 Working
Day appeal window of D10.17), so every date rule in the product goes through these functions. They
are pure: no database, no clock.
"""

import datetime
from functools import cache

import holidays

SATURDAY = 5


@cache
def bank_holidays(year: int) -> frozenset[datetime.date]:
    """The bank holidays of England and Wales in `year` (substitute days included)."""
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def bank_holiday_name(day: datetime.date) -> str | None:
    """The name of the bank holiday on `day` ("Platinum Jubilee of Elizabeth II"), if any."""
    if day not in bank_holidays(day.year):
        return None
    return holidays.country_holidays("GB", subdiv="ENG", years=day.year).get(day)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < SATURDAY and day not in bank_holidays(day.year)


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """The `count`th Working Day after `day` (before it when `count` is negative).

    `count == 0` gives `day` itself, whatever it is. `add_working_days(19 May 2022, -10)` is
    5 May 2022: "10 Working Days before UIT begins".
    """
    step = 1 if count > 0 else -1
    remaining = abs(count)
    while remaining:
        day += datetime.timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """The signed count of Working Days from `start` to `end`: the inverse of `add_working_days`.

    `working_days_between(d, add_working_days(d, n)) == n` for every `d` and `n`. Going forward it
    counts the Working Days after `start` up to and including `end` (7 Oct 2021 to 21 Oct 2021 is
    10); going back, those from `end` up to but excluding `start`, negated.
    """
    if end >= start:
        first, last, sign = start + datetime.timedelta(days=1), end, 1
    else:
        first, last, sign = end, start - datetime.timedelta(days=1), -1
    return sign * _working_days_in(first, last)


def _working_days_in(first: datetime.date, last: datetime.date) -> int:
    """Working Days from `first` to `last`, both included: whole weeks by arithmetic, then the
    bank holidays that fall on a weekday subtracted (a page counts years ahead in no time)."""
    if last < first:
        return 0
    days = (last - first).days + 1
    weeks, rest = divmod(days, 7)
    weekdays = weeks * 5 + sum(
        1 for offset in range(rest) if (first.weekday() + offset) % 7 < SATURDAY
    )
    holidays_on_weekdays = sum(
        1
        for year in range(first.year, last.year + 1)
        for holiday in bank_holidays(year)
        if first <= holiday <= last and holiday.weekday() < SATURDAY
    )
    return weekdays - holidays_on_weekdays


def next_working_day(day: datetime.date) -> datetime.date:
    """`day` itself when it is a Working Day, else the first Working Day after it."""
    return day if is_working_day(day) else add_working_days(day, 1)
