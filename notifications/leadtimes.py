"""When a reminder is due, in Working Days: pure functions, no database, no clock.

A lead time L > 0 reminds on the L-th Working Day before the due date; L = 0 on the day itself
(on the last Working Day before it when the day is not one); OVERDUE on the first Working Day
after it. `due_dates_for` is the inverse the sweep uses: the due dates whose reminder for lead L
falls on a given day, so a sweep asks the database for items on those few dates only.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError

from core.workdays import add_working_days, is_working_day
from notifications.choices import MAX_LEAD_TIME, OVERDUE

ONE_DAY = datetime.timedelta(days=1)


def remind_on(due: datetime.date, lead: int) -> datetime.date:
    """The Working Day on which the reminder for `lead` of an item due on `due` is sent."""
    if lead == OVERDUE:
        return add_working_days(due, 1)
    if lead == 0:
        return due if is_working_day(due) else add_working_days(due, -1)
    return add_working_days(due, -lead)


def due_dates_for(as_of: datetime.date, lead: int) -> list[datetime.date]:
    """Every due date whose reminder for `lead` falls on `as_of` (none when it is not a Working
    Day): a Working Day, plus the weekend or bank holiday next to it that maps to the same day."""
    if not is_working_day(as_of):
        return []
    if lead == OVERDUE:
        first, stop = add_working_days(as_of, -1), as_of  # [previous Working Day, as_of)
    elif lead == 0:
        first, stop = as_of, add_working_days(as_of, 1)  # [as_of, next Working Day)
    else:
        # (the (L-1)th Working Day after as_of, the L-th]
        first, stop = add_working_days(as_of, lead - 1) + ONE_DAY, add_working_days(as_of, lead)
        stop += ONE_DAY
    days = []
    day = first
    while day < stop:
        days.append(day)
        day += ONE_DAY
    return days


def lead_label(lead: int) -> str:
    """How a lead time reads: "10 Working Days before", "on the day", "first day overdue"."""
    if lead == OVERDUE:
        return "first day overdue"
    if lead == 0:
        return "on the day"
    return f"{lead} Working Day{'s' if lead != 1 else ''} before"


def parse_lead_times(value: str | Iterable) -> list[int]:
    """Lead times typed as "10, 5, 1" (or a list), as distinct whole numbers, largest first.

    Refuses, naming the culprit: anything that is not a whole number ("1.5", "ten"), a negative
    number (overdue reminders are a separate choice), more than MAX_LEAD_TIME, a repeat.
    """
    if isinstance(value, str):
        parts = [p.strip() for p in value.replace(";", ",").split(",")]
        parts = [p for p in parts if p]
    elif isinstance(value, Iterable):
        parts = list(value)
    else:
        raise ValidationError("Lead times are a list of whole numbers of Working Days.")
    leads: list[int] = []
    for part in parts:
        text = str(part).strip()
        if isinstance(part, bool) or not text.lstrip("-").isdigit():
            raise ValidationError(
                f"‘{text}’ is not a whole number of Working Days: give lead times such as 10, 5, 1.",
                code="not_whole",
            )
        lead = int(text)
        if lead < 0:
            raise ValidationError(
                f"‘{text}’ is negative: a lead time counts Working Days before the date "
                "(tick “remind on the first day overdue” for a reminder after it).",
                code="negative",
            )
        if lead > MAX_LEAD_TIME:
            raise ValidationError(
                f"‘{text}’ is more than {MAX_LEAD_TIME} Working Days (about three months) ahead.",
                code="too_long",
            )
        if lead in leads:
            raise ValidationError(f"‘{text}’ is given twice.", code="repeated")
        leads.append(lead)
    return sorted(leads, reverse=True)
