"""Writes for reminders: the sweep's claims, delivery, the digest, follows and preferences.

The sweep claims reminders by inserting their unique rows and queues their delivery in the same
transaction; delivery sets `sent_at` by compare-and-swap before writing the inbox entry and the
outbox e-mail; the e-mail task claims the e-mail the same way before handing it to the mail
server. Every step can run twice, at once or after a crash, and still tell each person once.
"""

import datetime
import logging
from dataclasses import dataclass, field
from itertools import groupby
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from core.errors import ApplicationError
from core.services import check_version, validated_save
from core.workdays import add_working_days, is_working_day
from notifications.choices import Delivery, ItemKind
from notifications.leadtimes import parse_lead_times
from notifications.models import (
    DeliveryPreference,
    Digest,
    Email,
    Follow,
    Notification,
    Reminder,
    ReminderSchedule,
    SweepRun,
    week_of,
)
from notifications.planning import (
    PlannedReminder,
    Skipped,
    dates_to_sweep,
    plan_digest,
    plan_reminders,
)
from notifications.selectors import dated_items, recipients_for, schedules_by_kind

logger = logging.getLogger(__name__)

# Reminders claimed per transaction: small enough not to hold the (SQLite) write lock for long,
# large enough that a sweep takes a handful of inserts.
CLAIM_CHUNK = 500
# Reminders delivered per transaction (and per e-mail); more wait for the next delivery task.
DELIVERY_CHUNK = 200
# The daily job catches up at most this many Working Days missed while nothing ran.
CATCH_UP_WORKING_DAYS = 5
DIGEST_DAYS = 14


@dataclass
class SweepResult:
    """What a sweep did (or, dry, would do) as of a day."""

    as_of: datetime.date
    dry_run: bool
    sent: list[PlannedReminder] = field(default_factory=list)
    already_sent: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    items_due: int = 0
    run: SweepRun | None = None


def _queue_delivery(recipient_ids) -> None:
    from notifications.tasks import deliver_reminders

    for recipient_id in sorted(set(recipient_ids)):
        transaction.on_commit(lambda pk=recipient_id: deliver_reminders.delay(pk))


def _claim_chunks(planned: list[PlannedReminder]):
    """Chunks of about CLAIM_CHUNK reminders, each recipient's reminders kept together so that
    one delivery (one e-mail) carries all of a person's reminders of the day."""
    chunk: list[PlannedReminder] = []
    ordered = sorted(planned, key=lambda p: (p.recipient_id, p.due_on, p.kind, p.object_id, p.lead))
    for _, group in groupby(ordered, key=lambda p: p.recipient_id):
        group = list(group)
        if chunk and len(chunk) + len(group) > CLAIM_CHUNK:
            yield chunk
            chunk = []
        chunk.extend(group)
        while len(chunk) >= CLAIM_CHUNK:
            yield chunk[:CLAIM_CHUNK]
            chunk = chunk[CLAIM_CHUNK:]
    if chunk:
        yield chunk


@transaction.atomic
def _claim(chunk: list[PlannedReminder], run: SweepRun) -> None:
    """Insert the chunk's unique rows (a row someone else claimed first is left alone) and queue
    their delivery when, and only if, the claims commit."""
    Reminder.objects.bulk_create(
        [
            Reminder(
                kind=p.kind,
                object_id=p.object_id,
                due_on=p.due_on,
                lead=p.lead,
                recipient_id=p.recipient_id,
                remind_on=p.remind_on,
                release_id=p.release_id,
                subject=p.subject,
                body=p.body,
                url=p.url,
                reason=p.reason,
                sweep=run,
            )
            for p in chunk
        ],
        ignore_conflicts=True,
    )
    _queue_delivery(p.recipient_id for p in chunk)


def reminders_sweep(
    *,
    as_of: datetime.date,
    dry_run: bool = False,
    trigger: str = SweepRun.Trigger.BEAT,
) -> SweepResult:
    """Remind everyone of everything due as of `as_of`, once.

    Collects the dated items due at a lead time (a fixed number of queries), decides who is
    told what (pure), and claims the reminders not claimed before, in chunks, queueing delivery
    with each. Items that cannot be reminded of are skipped and reported; the rest go on.
    A dry run does everything but claim.
    """
    schedules = schedules_by_kind()
    leads = {kind: schedule.leads for kind, schedule in schedules.items()}
    dates = dates_to_sweep(as_of, leads)
    items = dated_items(dates_by_kind=dates, as_of=as_of)
    due = [item for item in items if not item.problem]
    planned, skipped = plan_reminders(
        items=items, leads_by_kind=leads, recipients=recipients_for(due), as_of=as_of
    )
    result = SweepResult(as_of=as_of, dry_run=dry_run, skipped=skipped, items_due=len(due))
    # One query: what earlier sweeps already claimed of these (so a re-run claims only the rest).
    all_dates = set().union(*dates.values())
    claimed_before = set(
        Reminder.objects.filter(due_on__in=all_dates).values_list(
            "kind", "object_id", "due_on", "lead", "recipient_id"
        )
    )
    new = [p for p in planned if p.key not in claimed_before]
    result.already_sent = len(planned) - len(new)
    if dry_run:
        result.sent = new
        return result

    run = SweepRun.objects.create(
        as_of=as_of,
        trigger=trigger,
        items_due=len(due),
        skipped=[s.as_dict() for s in skipped],
    )
    result.run = run
    for chunk in _claim_chunks(new):
        _claim(chunk, run)
    # What this run claimed, exactly, even if another sweep raced it for some rows.
    mine = set(run.reminders.values_list("kind", "object_id", "due_on", "lead", "recipient_id"))
    result.sent = [p for p in new if p.key in mine]
    result.already_sent = len(planned) - len(result.sent)
    SweepRun.objects.filter(pk=run.pk).update(claimed=len(mine), finished_at=timezone.now())
    # A delivery lost in a crash between claim and send: its reminders are still unsent.
    leftover = (
        Reminder.objects.filter(sent_at__isnull=True)
        .exclude(sweep=run)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    _queue_delivery(leftover)
    return result


def reminders_catch_up(*, today: datetime.date) -> list[SweepResult]:
    """The daily job: sweep today and any Working Day since the last finished sweep that was
    missed while nothing ran (at most CATCH_UP_WORKING_DAYS back), oldest first."""
    last = (
        SweepRun.objects.filter(finished_at__isnull=False, as_of__lt=today)
        .order_by("-as_of")
        .values_list("as_of", flat=True)
        .first()
    )
    days = []
    if last is not None:
        earliest = max(
            last + datetime.timedelta(days=1), add_working_days(today, -CATCH_UP_WORKING_DAYS)
        )
        day = earliest
        while day < today:
            if is_working_day(day):
                days.append(day)
            day += datetime.timedelta(days=1)
    days.append(today)
    return [reminders_sweep(as_of=day) for day in days]


def _site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "secrelease.local"


def _absolute(url: str) -> str:
    return settings.SITE_URL.rstrip("/") + url if url.startswith("/") else url


def _wants_email(user) -> bool:
    if not user.email:
        return False
    pref = getattr(user, "delivery_preference", None)
    return pref is None or pref.delivery == Delivery.EMAIL


def _outbox(*, user, subject: str, body: str, message_id: str) -> None:
    """Write the e-mail to the outbox and send it once this transaction commits."""
    from notifications.tasks import send_email

    email = Email.objects.create(
        recipient=user,
        to_address=user.email,
        subject=subject[:300],
        body=body,
        message_id=message_id,
    )
    transaction.on_commit(lambda: send_email.delay(email.pk))


def reminders_deliver(*, recipient_id: int) -> int:
    """Deliver a user's unsent reminders: the inbox entry for each, and (by their choice) one
    e-mail listing them. Returns how many this call delivered (0 when another got there first).
    """
    user = (
        get_user_model()
        .objects.filter(pk=recipient_id, is_active=True)
        .select_related("delivery_preference")
        .first()
    )
    if user is None:
        return 0
    with transaction.atomic():
        pending = list(
            Reminder.objects.filter(recipient=user, sent_at__isnull=True).order_by(
                "remind_on", "due_on", "id"
            )[: DELIVERY_CHUNK + 1]
        )
        more = len(pending) > DELIVERY_CHUNK
        now = timezone.now()
        # Compare-and-swap, one row at a time, in id order: a concurrent delivery of the same
        # row waits for this transaction, then changes nothing.
        mine = [
            r
            for r in pending[:DELIVERY_CHUNK]
            if Reminder.objects.filter(pk=r.pk, sent_at__isnull=True).update(sent_at=now)
        ]
        if not mine:
            return 0
        Notification.objects.bulk_create(
            [
                Notification(recipient=user, reminder=r, subject=r.subject, body=r.body, url=r.url)
                for r in mine
            ]
        )
        if _wants_email(user):
            if len(mine) == 1:
                subject = mine[0].subject
            else:
                subject = f"{len(mine)} reminders: {mine[0].subject} and {len(mine) - 1} more"
            body = render_to_string(
                "notifications/email/reminders.txt",
                {
                    "user": user,
                    "reminders": [(r, _absolute(r.url)) for r in mine],
                    "inbox_url": _absolute("/notifications/"),
                    "preferences_url": _absolute("/notifications/preferences/"),
                },
            )
            _outbox(
                user=user,
                subject=subject,
                body=body,
                message_id=f"<reminders.{mine[0].pk}.{len(mine)}.u{user.pk}@{_site_host()}>",
            )
        if more:
            _queue_delivery([user.pk])
    return len(mine)


class EmailNotSent(Exception):
    """The mail server refused or could not be reached; the e-mail goes back to the outbox."""


def email_send(*, email_id: int) -> bool:
    """Send one outbox e-mail, once: claim it, hand it to the mail server, give the claim back
    if that fails (so a retry sends it). False when it was already sent or claimed."""
    claimed = Email.objects.filter(pk=email_id, sent_at__isnull=True).update(
        sent_at=timezone.now(), attempts=F("attempts") + 1
    )
    if not claimed:
        return False
    email = Email.objects.get(pk=email_id)
    message = EmailMessage(
        subject=email.subject,
        body=email.body,
        to=[email.to_address],
        headers={"Message-ID": email.message_id},
    )
    try:
        message.send()
    except Exception as error:  # any failure of the mail server: give the claim back
        Email.objects.filter(pk=email_id).update(sent_at=None, last_error=str(error)[:2000])
        raise EmailNotSent(str(error)) from error
    Email.objects.filter(pk=email_id).update(last_error="")
    return True


def emails_unsent(*, older_than: datetime.timedelta = datetime.timedelta(minutes=10)) -> list[int]:
    """Outbox e-mails still waiting (their task lost, or out of retries), to queue again."""
    cutoff = timezone.now() - older_than
    return list(
        Email.objects.filter(sent_at__isnull=True, created_at__lt=cutoff).values_list(
            "pk", flat=True
        )
    )


def digest_send(*, week: datetime.date) -> int:
    """Each user's Monday digest: one message listing their dates in the two weeks from the
    Monday of `week`. Once per user and week, however often it runs. Returns how many were
    written by this call."""
    monday = week_of(week)
    until = monday + datetime.timedelta(days=DIGEST_DAYS - 1)
    days = {monday + datetime.timedelta(days=n) for n in range(DIGEST_DAYS)}
    items = dated_items(
        dates_by_kind=dict.fromkeys(ItemKind.values, days), as_of=monday, report_undated=False
    )
    by_user = plan_digest(items=items, recipients=recipients_for(items), as_of=monday, until=until)
    users = (
        get_user_model()
        .objects.filter(pk__in=by_user, is_active=True)
        .select_related("delivery_preference")
        .order_by("pk")
    )
    done = set(
        Digest.objects.filter(week_of=monday, recipient__in=by_user).values_list(
            "recipient_id", flat=True
        )
    )
    written = 0
    for user in users:
        if user.pk in done:
            continue
        user_items = by_user[user.pk]
        try:
            with transaction.atomic():
                digest = Digest.objects.create(
                    recipient=user, week_of=monday, item_count=len(user_items)
                )
                context = {
                    "user": user,
                    "monday": monday,
                    "until": until,
                    "items": [(i, _absolute(i.url)) for i in user_items],
                    "inbox_url": _absolute("/notifications/"),
                    "preferences_url": _absolute("/notifications/preferences/"),
                }
                subject = (
                    f"Your dates from {monday.day} {monday:%b} to {until.day} {until:%b %Y}: "
                    f"{len(user_items)} item{'s' if len(user_items) != 1 else ''}"
                )
                body = render_to_string("notifications/email/digest.txt", context)
                Notification.objects.create(
                    recipient=user, digest=digest, subject=subject, body=body, url="/notifications/"
                )
                if _wants_email(user):
                    _outbox(
                        user=user,
                        subject=subject,
                        body=body,
                        message_id=f"<digest.{monday:%Y%m%d}.u{user.pk}@{_site_host()}>",
                    )
        except IntegrityError:
            continue  # another digest run wrote this user's digest first
        written += 1
    return written


# --- What a user does -----------------------------------------------------------------------


@transaction.atomic
def follow_create(*, user, release=None, modification=None) -> Follow:
    """Follow a release or a modification: its reminders reach the user too. Following twice
    keeps the one follow."""
    if not user.is_authenticated:
        raise ApplicationError("Sign in to follow a release or a modification.")
    if (release is None) == (modification is None):
        raise ApplicationError("Follow either a release or a modification.")
    existing = Follow.objects.filter(user=user, release=release, modification=modification).first()
    if existing:
        return existing
    follow = Follow(user=user, release=release, modification=modification)
    validated_save(follow, actor=user)
    return follow


@transaction.atomic
def follow_delete(*, user, release=None, modification=None) -> int:
    if (release is None) == (modification is None):
        raise ApplicationError("Unfollow either a release or a modification.")
    deleted, _ = Follow.objects.filter(
        user=user, release=release, modification=modification
    ).delete()
    return deleted


@transaction.atomic
def delivery_preference_set(*, user, delivery: str) -> DeliveryPreference:
    if delivery not in Delivery.values:
        choices = " or ".join(f"‘{label}’" for label in Delivery.labels)
        raise ApplicationError(f"Choose {choices}.", field="delivery")
    pref, _ = DeliveryPreference.objects.get_or_create(user=user)
    pref.delivery = delivery
    validated_save(pref, actor=user)
    return pref


@transaction.atomic
def notification_mark_read(*, user, notification_id: int) -> Notification:
    """Mark one of the user's own notifications read (someone else's is not found)."""
    notification = Notification.objects.filter(pk=notification_id, recipient=user).first()
    if notification is None:
        raise ApplicationError("No such notification in your inbox.", status=404)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def reminder_schedule_update(
    *,
    schedule: ReminderSchedule,
    lead_times,
    remind_when_overdue: bool,
    actor,
    expected_version: int | None = None,
) -> ReminderSchedule:
    """Change the lead times of one kind of item (SECAS). `lead_times` as typed ("10, 5, 1")
    or a list; anything but whole numbers of Working Days, 0 or more, is refused."""
    if not actor.has_perm("notifications.change_reminderschedule"):
        raise ApplicationError("Only SECAS can change reminder lead times.", status=403)
    schedule = ReminderSchedule.objects.select_for_update().get(pk=schedule.pk)
    check_version(schedule, expected_version)
    try:
        schedule.lead_times = parse_lead_times(lead_times)
    except ValidationError as error:
        raise ApplicationError(error.messages[0], field="lead_times") from error
    schedule.remind_when_overdue = remind_when_overdue
    schedule.version += 1
    validated_save(schedule, actor=actor)
    return schedule
