"""Every write to the Release Management Policy. The Panel establishes the policy (D10.7-D10.9):
drafting, publishing, freeze windows and exceptions are all the Panel's, and refused to anyone
else with a 403; SECAS reads it like everyone."""

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from core.errors import ApplicationError
from core.services import validated_save
from governance.models import FreezeWindow, PanelException, PolicyVersion
from releases.choices import CLOSED_STATUSES, ReleaseStatus, date_label

VERSION_FIELDS = (
    "notice_period_working_days",
    "allocation_rule",
    "cost_review",
    "go_live_decision",
    "consultation_opened_on",
    "consultation_closed_on",
    "effective_from",
    "decision_reference",
)


def _require(actor, permission: str, message: str) -> None:
    if actor is None or not actor.has_perm(permission):
        raise ApplicationError(message, status=403)


def _refuse_published(policy: PolicyVersion) -> None:
    if policy.is_published:
        raise ApplicationError(
            f"{policy} is published and never changes: a change is a new version, consulted on "
            "before it takes effect (D10.9).",
            field="policy",
        )


def _check_after_last_published(policy: PolicyVersion) -> None:
    last = (
        PolicyVersion.objects.filter(published_at__isnull=False)
        .exclude(pk=policy.pk)
        .order_by("-effective_from")
        .first()
    )
    if last is not None and policy.effective_from and policy.effective_from <= last.effective_from:
        raise ApplicationError(
            f"{last} takes effect on {date_label(last.effective_from)}: a new version must take "
            f"effect after it, not on {date_label(policy.effective_from)}.",
            field="effective_from",
        )


def _check_no_live_go_live(starts_on: datetime.date, ends_on: datetime.date) -> None:
    from releases.models import Release

    live = (
        Release.objects.filter(
            status=ReleaseStatus.LIVE, actual_go_live__gte=starts_on, actual_go_live__lte=ends_on
        )
        .order_by("actual_go_live")
        .first()
    )
    if live is not None:
        raise ApplicationError(
            f"The {live.name} went live on {date_label(live.actual_go_live)}, inside this freeze "
            f"window ({date_label(starts_on)} to {date_label(ends_on)}): a freeze cannot cover a "
            "go-live that has happened.",
            field="starts_on",
        )


@transaction.atomic
def policy_version_create(*, actor, **fields) -> PolicyVersion:
    """Start the next version as a draft, with the previous version's freeze windows (a new
    version usually changes one thing; the rest carries over). One draft at a time."""
    _require(actor, "governance.add_policyversion", "Only the SEC Panel drafts the policy.")
    if PolicyVersion.objects.select_for_update().filter(published_at__isnull=True).exists():
        raise ApplicationError(
            "A draft version already exists: change it or publish it first.", field="policy"
        )
    last = PolicyVersion.objects.aggregate(Max("number"))["number__max"] or 0
    policy = PolicyVersion(number=last + 1, **{k: fields[k] for k in VERSION_FIELDS})
    _check_after_last_published(policy)
    validated_save(policy, actor=actor)
    previous = PolicyVersion.objects.filter(number=last).first()
    if previous is not None:
        for window in previous.freeze_windows.all():
            validated_save(
                FreezeWindow(
                    policy=policy,
                    starts_on=window.starts_on,
                    ends_on=window.ends_on,
                    reason=window.reason,
                ),
                actor=actor,
            )
    return policy


@transaction.atomic
def policy_version_update(*, policy: PolicyVersion, actor, **fields) -> PolicyVersion:
    """Change the draft; a published version is refused."""
    _require(actor, "governance.change_policyversion", "Only the SEC Panel drafts the policy.")
    policy = PolicyVersion.objects.select_for_update().get(pk=policy.pk)
    _refuse_published(policy)
    for name in VERSION_FIELDS:
        setattr(policy, name, fields[name])
    _check_after_last_published(policy)
    validated_save(policy, actor=actor)
    return policy


@transaction.atomic
def policy_version_publish(*, policy: PolicyVersion, actor) -> PolicyVersion:
    """Publish the draft once consulted on: from then on it never changes, and it is in effect
    from its date. Refused: a date in the past (the policy is not changed retroactively), a
    consultation not closed yet, or a freeze window over a go-live that has happened since."""
    _require(actor, "governance.publish_policyversion", "Only the SEC Panel publishes the policy.")
    policy = PolicyVersion.objects.select_for_update().get(pk=policy.pk)
    _refuse_published(policy)
    today = timezone.localdate()
    if policy.consultation_closed_on >= today:
        raise ApplicationError(
            f"The consultation closes on {date_label(policy.consultation_closed_on)}: publish "
            "the version once it has closed (D10.9).",
            field="consultation_closed_on",
        )
    if policy.effective_from < today:
        raise ApplicationError(
            f"{policy} would take effect on {date_label(policy.effective_from)}, in the past: "
            "give a date from today on.",
            field="effective_from",
        )
    _check_after_last_published(policy)
    for window in policy.freeze_windows.all():
        _check_no_live_go_live(window.starts_on, window.ends_on)
    policy.published_at = timezone.now()
    policy.published_by = actor
    validated_save(policy, actor=actor)
    return policy


@transaction.atomic
def freeze_window_add(
    *, policy: PolicyVersion, starts_on: datetime.date, ends_on: datetime.date, reason: str, actor
) -> FreezeWindow:
    """A change-freeze window in the draft version. Refused: one that ends before it starts, or
    that covers the day a live release went live."""
    _require(actor, "governance.add_freezewindow", "Only the SEC Panel sets change freezes.")
    policy = PolicyVersion.objects.select_for_update().get(pk=policy.pk)
    _refuse_published(policy)
    if starts_on and ends_on and starts_on <= ends_on:
        _check_no_live_go_live(starts_on, ends_on)
    window = FreezeWindow(
        policy=policy, starts_on=starts_on, ends_on=ends_on, reason=reason.strip()
    )
    validated_save(window, actor=actor)
    return window


@transaction.atomic
def freeze_window_remove(*, window: FreezeWindow, actor) -> None:
    _require(actor, "governance.delete_freezewindow", "Only the SEC Panel sets change freezes.")
    window = FreezeWindow.objects.select_related("policy").get(pk=window.pk)
    _refuse_published(window.policy)
    window._history_user = actor
    window.delete()


@transaction.atomic
def panel_exception_record(
    *, release, covers: str, reason: str, decision_reference: str, actor
) -> PanelException:
    """Record the Panel's exception to the notice period for `release` (D10.15): from now on a
    change of kind `covers` to it is allowed inside the period."""
    _require(
        actor,
        "governance.add_panelexception",
        "Only the SEC Panel grants exceptions to the notice period.",
    )
    if release.status in CLOSED_STATUSES:
        raise ApplicationError(
            f"The {release.name} is {release.get_status_display().lower()}: nothing in it can "
            "change, so there is nothing to except.",
            field="release",
        )
    exception = PanelException(
        release=release,
        covers=covers,
        reason=reason.strip(),
        decision_reference=decision_reference.strip(),
        recorded_by=actor,
    )
    validated_save(exception, actor=actor)
    return exception
