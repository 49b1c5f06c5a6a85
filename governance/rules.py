"""The Release Management Policy's rules, enforced where the product writes (DESIGN.md: "the
product enforces what it can"). The release services call them before their first write:

- `check_notice_period`: D10.15, no RID baseline or scope change inside a release's notice
  period without a Panel exception (releases/services.py scope_item_add / _remove / _move,
  releases/rid/baselines.py rid_baseline_create / rid_baseline_record);
- `check_freeze`: D10.8, no go-live inside a change-freeze window (release_set_live).

With no policy version in effect on the date in question, neither rule refuses anything.
"""

import datetime

from core.errors import ApplicationError
from core.workdays import add_working_days, working_days_between
from governance.choices import ExceptionCovers
from governance.models import FreezeWindow, PanelException, PolicyVersion
from governance.selectors import policy_in_effect
from releases.choices import date_label


def notice_period_start(planned_go_live: datetime.date, working_days: int) -> datetime.date | None:
    """The first day inside the notice period: the first Working Day with fewer than
    `working_days` Working Days left before `planned_go_live` (None for a period of 0).

    With 10 Working Days and a go-live on Thursday 4 November 2021, 21 October still has 10 left
    (22 October to 4 November) and the period begins on Friday 22 October.
    """
    if working_days <= 0:
        return None
    return add_working_days(planned_go_live, -(working_days - 1))


def in_notice_period(day: datetime.date, planned_go_live: datetime.date, working_days: int) -> bool:
    """Fewer than `working_days` Working Days from `day` to `planned_go_live` (pure)."""
    return working_days > 0 and working_days_between(day, planned_go_live) < working_days


def check_notice_period(
    *, release, on: datetime.date, covers: str, field: str = "release"
) -> PanelException | None:
    """Refuse a change of kind `covers` to `release` made on `on` inside its notice period,
    unless the Panel has recorded an exception for that release and kind; return the exception
    that allowed it (None when the period does not apply). Reads only: safe to call twice."""
    if on is None:
        return None
    policy = policy_in_effect(on)
    if policy is None or not in_notice_period(
        on, release.planned_go_live, policy.notice_period_working_days
    ):
        return None
    exception = (
        PanelException.objects.filter(release_id=release.pk, covers=covers)
        .order_by("created_at", "id")
        .first()
    )
    if exception is not None:
        return exception
    what = "RID baseline" if covers == ExceptionCovers.RID_BASELINE else "scope change"
    start = notice_period_start(release.planned_go_live, policy.notice_period_working_days)
    raise ApplicationError(
        f"The {release.name} is inside its notice period: under the Release Management Policy "
        f"v{policy.number} its RID cannot change fewer than {policy.notice_period_working_days} "
        f"Working Days before its planned go-live ({date_label(release.planned_go_live)}); the "
        f"period began on {date_label(start)}. A {what} now needs a Panel exception recorded "
        "for this release (D10.15).",
        field=field,
    )


def allowed_by(instance, exception: PanelException | None) -> None:
    """Name the exception that let a change through in the history row the save writes."""
    if exception is not None:
        instance._change_reason = f"Allowed by Panel exception {exception.decision_reference}"[:100]


def freeze_window_on(day: datetime.date) -> FreezeWindow | None:
    """The change-freeze window, of the policy version in effect on `day`, that `day` is in."""
    policy = policy_in_effect(day)
    if policy is None:
        return None
    return policy.freeze_windows.filter(starts_on__lte=day, ends_on__gte=day).first()


def check_freeze(*, release, go_live_on: datetime.date, field: str = "go_live_on") -> None:
    """Refuse a go-live inside a change-freeze window (D10.8)."""
    window = freeze_window_on(go_live_on)
    if window is None:
        return
    policy: PolicyVersion = window.policy
    raise ApplicationError(
        f"{date_label(go_live_on)} is inside a change freeze ({date_label(window.starts_on)} to "
        f"{date_label(window.ends_on)}: {window.reason}) of the Release Management Policy "
        f"v{policy.number}: the {release.name} cannot go live then.",
        field=field,
    )
