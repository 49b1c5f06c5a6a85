import datetime

import pytest

from core.workdays import add_working_days, is_working_day, working_days_between

D = datetime.date


def test_ten_working_days_before_uit_begins_is_5_may_2022():
    # RID timeline: "5 May 2022 Test Participants inform DCC of their regression testing plans:
    # by 10 Working Days before UIT begins" (19 May 2022).
    assert add_working_days(D(2022, 5, 19), -10) == D(2022, 5, 5)


def test_five_working_days_before_uit_window_closes_is_22_june_2022():
    assert add_working_days(D(2022, 6, 29), -5) == D(2022, 6, 22)


def test_platinum_jubilee_week_skips_two_bank_holidays():
    # Thursday 2 and Friday 3 June 2022 were bank holidays.
    assert not is_working_day(D(2022, 6, 2))
    assert not is_working_day(D(2022, 6, 3))
    assert add_working_days(D(2022, 6, 1), 1) == D(2022, 6, 6)
    # 31 May, 1 June, then 6-10 June.
    assert working_days_between(D(2022, 5, 30), D(2022, 6, 10)) == 7


def test_easter_and_christmas():
    assert add_working_days(D(2022, 4, 14), 1) == D(2022, 4, 19)  # Good Friday, Easter Monday
    assert add_working_days(D(2022, 12, 23), 1) == D(2022, 12, 28)  # Boxing Day and substitute


def test_mp149_cutoff_is_ten_working_days_after_7_october_2021():
    assert working_days_between(D(2021, 10, 7), D(2021, 10, 21)) == 10
    assert working_days_between(D(2021, 10, 21), D(2021, 10, 7)) == -10


def test_weekends_are_not_working_days():
    assert not is_working_day(D(2022, 5, 21))
    assert not is_working_day(D(2022, 5, 22))
    assert add_working_days(D(2022, 5, 20), 1) == D(2022, 5, 23)
    assert add_working_days(D(2022, 5, 21), -1) == D(2022, 5, 20)


def test_zero_working_days_is_the_day_itself():
    assert add_working_days(D(2022, 5, 21), 0) == D(2022, 5, 21)
    assert working_days_between(D(2022, 5, 21), D(2022, 5, 21)) == 0


@pytest.mark.parametrize("offset", [-25, -10, -5, -1, 1, 5, 10, 25])
def test_counting_is_the_inverse_of_adding_every_day_of_2022(offset):
    day = D(2022, 1, 1)
    while day.year == 2022:
        assert working_days_between(day, add_working_days(day, offset)) == offset, day
        day += datetime.timedelta(days=1)
