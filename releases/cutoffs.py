"""How a targeted item's decision cut-off stands today, in Working Days: a pure function."""

import datetime
from dataclasses import dataclass

from core.workdays import working_days_between

# Inside this many Working Days a cut-off is shown as close (the reminders' first lead time).
SOON_WORKING_DAYS = 10


@dataclass(frozen=True)
class CutoffStatus:
    """`days` counts Working Days: left until the cut-off, or past it when `overdue`."""

    cutoff: datetime.date
    days: int
    overdue: bool
    closed: bool = False

    @property
    def label(self) -> str:
        if self.closed:
            return f"Cut-off was {self.cutoff.day} {self.cutoff:%b %Y}"
        if self.overdue and self.days == 0:
            return "Cut-off passed"
        if self.overdue:
            unit = "Working Day" if self.days == 1 else "Working Days"
            return f"Cut-off passed {self.days} {unit} ago"
        if self.days == 0:
            return "Cut-off today"
        unit = "Working Day" if self.days == 1 else "Working Days"
        return f"{self.days} {unit} to cut-off"

    @property
    def tone(self) -> str:
        """The Bootstrap colour: grey when settled, red when passed, amber when close."""
        if self.closed:
            return "secondary"
        if self.overdue or self.days == 0:
            return "danger"
        if self.days <= SOON_WORKING_DAYS:
            return "warning"
        return "info"


def cutoff_status(
    cutoff: datetime.date | None, today: datetime.date, *, release_closed: bool = False
) -> CutoffStatus | None:
    """Working Days from `today` to `cutoff`; past it, how many Working Days ago it passed.

    A cut-off counts as passed the day after it. A release that is live
    or cancelled shows the date only: counting from history would only alarm.
    """
    if cutoff is None:
        return None
    if release_closed:
        return CutoffStatus(cutoff=cutoff, days=0, overdue=False, closed=True)
    if cutoff >= today:
        return CutoffStatus(cutoff=cutoff, days=working_days_between(today, cutoff), overdue=False)
    return CutoffStatus(cutoff=cutoff, days=working_days_between(cutoff, today), overdue=True)
