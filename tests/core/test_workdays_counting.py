"""working_days_between counts by arithmetic: it must agree with counting day by day."""

import datetime
import random

from core.workdays import is_working_day, working_days_between


def _by_hand(start: datetime.date, end: datetime.date) -> int:
    step = 1 if end >= start else -1
    count, day = 0, start
    while day != end:
        if step == 1:
            day += datetime.timedelta(days=1)
            count += is_working_day(day)
        else:
            count -= is_working_day(day - datetime.timedelta(days=1))
            day -= datetime.timedelta(days=1)
    return count


def test_it_agrees_with_a_day_by_day_count_over_many_ranges():
    rng = random.Random(2022)
    base = datetime.date(2020, 1, 1)
    for _ in range(400):
        start = base + datetime.timedelta(days=rng.randrange(0, 3000))
        end = start + datetime.timedelta(days=rng.randrange(-800, 800))
        assert working_days_between(start, end) == _by_hand(start, end), (start, end)


def test_the_jubilee_week_of_2022_has_three_working_days():
    # Mon 30 May to Fri 3 June 2022: Thursday 2 and Friday 3 June were bank holidays.
    assert working_days_between(datetime.date(2022, 5, 29), datetime.date(2022, 6, 3)) == 3
