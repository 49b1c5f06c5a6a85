import datetime

import pytest
from django.core.exceptions import ValidationError

from core.workdays import is_working_day
from notifications.choices import OVERDUE
from notifications.leadtimes import due_dates_for, parse_lead_times, remind_on

D = datetime.date
LEADS = [*range(16), OVERDUE]


def _days(start: datetime.date, end: datetime.date):
    day = start
    while day <= end:
        yield day
        day += datetime.timedelta(days=1)


def test_ten_working_days_before_21_october_2021_is_7_october():
    assert remind_on(D(2021, 10, 21), 10) == D(2021, 10, 7)
    assert due_dates_for(D(2021, 10, 7), 10) == [D(2021, 10, 21)]


def test_bank_holidays_between_push_the_reminder_earlier():
    # UIT begins 19 May 2022; the early May bank holiday (2 May) is not a Working Day, so ten
    # Working Days before is 5 May, as the June 2022 RID says for the regression plans.
    assert remind_on(D(2022, 5, 19), 10) == D(2022, 5, 5)
    # Christmas and Boxing Day 2021 fell on a weekend: substitute days 27 and 28 December.
    assert remind_on(D(2022, 1, 6), 5) == D(2021, 12, 29)
    # The Platinum Jubilee: 2 and 3 June 2022.
    assert remind_on(D(2022, 6, 6), 1) == D(2022, 6, 1)


def test_overdue_is_the_first_working_day_after_the_date():
    # Friday 27 May 2022 is due; Monday 30 May is the first Working Day after it.
    assert remind_on(D(2022, 5, 27), OVERDUE) == D(2022, 5, 30)
    # Due on the Jubilee Friday: overdue on Monday 6 June.
    assert remind_on(D(2022, 6, 3), OVERDUE) == D(2022, 6, 6)
    # The sweep of Monday 6 June looks for everything due from Wednesday 1 June (the last
    # Working Day before) up to Sunday 5 June.
    assert due_dates_for(D(2022, 6, 6), OVERDUE) == [
        D(2022, 6, 1),
        D(2022, 6, 2),
        D(2022, 6, 3),
        D(2022, 6, 4),
        D(2022, 6, 5),
    ]


def test_due_dates_for_is_exactly_the_inverse_of_remind_on_over_two_years():
    # Every due date from 2021 to 2022 and every lead: the sweep as of the reminder day finds it,
    # and no sweep on another day does.
    expected: dict[tuple, set] = {}
    for due in _days(D(2020, 12, 1), D(2023, 1, 31)):
        for lead in LEADS:
            expected.setdefault((remind_on(due, lead), lead), set()).add(due)
    for as_of in _days(D(2021, 1, 1), D(2022, 12, 31)):
        for lead in LEADS:
            assert set(due_dates_for(as_of, lead)) == expected.get((as_of, lead), set()), (
                as_of,
                lead,
            )


def test_no_reminder_falls_on_a_weekend_or_bank_holiday():
    for due in _days(D(2021, 1, 1), D(2022, 12, 31)):
        for lead in LEADS:
            assert is_working_day(remind_on(due, lead))
    assert due_dates_for(D(2022, 6, 2), 10) == []  # the Jubilee bank holiday


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("10, 5, 1", [10, 5, 1]), ("1,10 ,5", [10, 5, 1]), ("0", [0]), ("", []), ([3, 15], [15, 3])],
)
def test_lead_times_typed_as_a_list_of_whole_numbers(typed, expected):
    assert parse_lead_times(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "10, -5",
            "‘-5’ is negative: a lead time counts Working Days before the date (tick “remind on "
            "the first day overdue” for a reminder after it).",
        ),
        ("1.5", "‘1.5’ is not a whole number of Working Days: give lead times such as 10, 5, 1."),
        ("ten", "‘ten’ is not a whole number of Working Days: give lead times such as 10, 5, 1."),
        ("61", "‘61’ is more than 60 Working Days (about three months) ahead."),
        ("5, 5", "‘5’ is given twice."),
        ([2.5], "‘2.5’ is not a whole number of Working Days: give lead times such as 10, 5, 1."),
    ],
)
def test_a_lead_time_that_is_negative_or_not_whole_is_refused_naming_it(typed, message):
    with pytest.raises(ValidationError) as refused:
        parse_lead_times(typed)

    assert refused.value.messages == [message]
