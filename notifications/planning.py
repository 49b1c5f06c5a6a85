"""The sweep's decisions, as pure functions over dated items: which dates to look at, who is
reminded of what as of a day, what is skipped and why. No database, no clock: the services
collect the items (selectors), call these, and claim the result.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from core.workdays import working_days_between
from notifications.choices import OVERDUE, ItemKind
from notifications.leadtimes import due_dates_for, remind_on
from notifications.selectors import DatedItem, Recipients


@dataclass(frozen=True)
class PlannedReminder:
    """One reminder the sweep should claim: the unique key, plus the text to deliver."""

    kind: str
    object_id: int
    due_on: datetime.date
    lead: int
    recipient_id: int
    remind_on: datetime.date
    release_id: int | None
    subject: str
    body: str
    url: str
    reason: str

    @property
    def key(self) -> tuple:
        return (self.kind, self.object_id, self.due_on, self.lead, self.recipient_id)


@dataclass(frozen=True)
class Skipped:
    """An item the sweep could not remind anyone of, and why."""

    kind: str
    title: str
    reason: str

    def as_dict(self) -> dict:
        return {"kind": self.kind, "title": self.title, "reason": self.reason}

    def __str__(self):
        return f"{ItemKind(self.kind).label}: {self.title}: {self.reason}"


def dates_to_sweep(as_of: datetime.date, leads_by_kind: dict[str, list[int]]) -> dict[str, set]:
    """For each kind, the due dates whose reminder at one of its leads falls on `as_of`."""
    return {
        kind: {day for lead in leads for day in due_dates_for(as_of, lead)}
        for kind, leads in leads_by_kind.items()
    }


def _day(d: datetime.date) -> str:
    return f"{d:%A} {d.day} {d:%B %Y}"


def _short(d: datetime.date) -> str:
    return f"{d.day} {d:%b %Y}"


def reminder_text(item: DatedItem, lead: int, as_of: datetime.date) -> tuple[str, str]:
    """The subject and body of the reminder of `item` at `lead`, sent as of `as_of`."""
    due = item.due_on
    detail = item.detail.replace("{due}", _day(due))
    if lead == OVERDUE:
        subject = f"Overdue: {item.title}, {_short(due)}"
        body = f"{detail} That date has passed. {item.overdue_advice}".strip()
        return subject, body
    count = working_days_between(as_of, due)
    if count <= 0:
        # On the day; or, for a date on a weekend or bank holiday, the Working Day before it.
        when, that = ("Today", "today") if due == as_of else ("Next", "before the next Working Day")
        subject = f"{when}: {item.title}, {_short(due)}"
        body = f"{detail} That is {that}. {item.before_advice}".strip()
        return subject, body
    days = f"{count} Working Day{'s' if count != 1 else ''}"
    subject = f"In {days}: {item.title}, {_short(due)}"
    body = f"{detail} That is {days} away. {item.before_advice}".strip()
    return subject, body


def plan_reminders(
    *,
    items: list[DatedItem],
    leads_by_kind: dict[str, list[int]],
    recipients: Recipients,
    as_of: datetime.date,
) -> tuple[list[PlannedReminder], list[Skipped]]:
    """Who is reminded of what as of `as_of`, and what is skipped.

    An item is reminded of at a lead when that lead's reminder day is `as_of`. Nobody is
    reminded of something done by then (approved, completed) or not begun by then (a decision
    not yet published), which is what makes a sweep as of a past day behave as it would have
    on that day, and today's sweep silent about old history: overdue fires only on the first
    Working Day after the date.
    """
    planned: list[PlannedReminder] = []
    skipped: list[Skipped] = []
    for item in items:
        if item.problem:
            skipped.append(Skipped(item.kind, item.title, item.problem))
            continue
        if item.done_on is not None and item.done_on <= as_of:
            continue
        if item.starts_on is not None and item.starts_on > as_of:
            continue
        leads = [
            lead
            for lead in leads_by_kind.get(item.kind, ())
            if remind_on(item.due_on, lead) == as_of
        ]
        if not leads:
            continue
        people = recipients.for_item(item)
        if not people:
            roles = ", ".join(sorted(item.roles)) or "none"
            skipped.append(
                Skipped(item.kind, item.title, f"nobody to remind: no active user in {roles}")
            )
            continue
        for lead in leads:
            subject, body = reminder_text(item, lead, as_of)
            for user_id, reason in people.items():
                planned.append(
                    PlannedReminder(
                        kind=item.kind,
                        object_id=item.object_id,
                        due_on=item.due_on,
                        lead=lead,
                        recipient_id=user_id,
                        remind_on=as_of,
                        release_id=item.release_id,
                        subject=subject[:300],
                        body=body,
                        url=item.url,
                        reason=reason[:200],
                    )
                )
    return planned, skipped


def plan_digest(
    *,
    items: list[DatedItem],
    recipients: Recipients,
    as_of: datetime.date,
    until: datetime.date,
) -> dict[int, list[DatedItem]]:
    """{user id: the items due from `as_of` to `until` they would be reminded of}, by date."""
    by_user: dict[int, list[DatedItem]] = defaultdict(list)
    for item in sorted(items, key=lambda i: (i.due_on or datetime.date.max, i.title)):
        if item.problem or item.due_on is None or not (as_of <= item.due_on <= until):
            continue
        if item.done_on is not None and item.done_on <= as_of:
            continue
        if item.starts_on is not None and item.starts_on > as_of:
            continue
        for user_id in recipients.for_item(item):
            by_user[user_id].append(item)
    return dict(by_user)
