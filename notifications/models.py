"""Reminders of dated items, the in-app inbox, follows and how each user wants to be told.

Exactly once rests on the database, not on the code being careful:
- `Reminder` is unique per (kind, item, due date, lead time, recipient): however many sweeps run,
  at once or again after a crash, one row per reminder can exist (the claim);
- its `sent_at` is set by a compare-and-swap before anything is delivered, in the same
  transaction that writes the inbox `Notification` (unique per reminder);
- an `Email` row is the outbox: written in that transaction, sent by a task that claims it with
  a compare-and-swap on its own `sent_at`.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel
from notifications.choices import DEFAULT_LEAD_TIMES, OVERDUE, Delivery, ItemKind
from notifications.leadtimes import lead_label, parse_lead_times


def default_lead_times() -> list[int]:
    return list(DEFAULT_LEAD_TIMES)


class ReminderSchedule(TimeStampedModel):
    """The lead times, in Working Days, at which one kind of dated item is reminded of."""

    kind = models.CharField(max_length=20, choices=ItemKind.choices, unique=True)
    lead_times = models.JSONField(
        default=default_lead_times,
        help_text="Working Days before the date, e.g. 10, 5, 1 (0 means on the day itself).",
    )
    remind_when_overdue = models.BooleanField(
        "remind on the first day overdue",
        default=True,
        help_text="Also remind on the first Working Day after the date.",
    )
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.lead_times_display}"

    def clean(self):
        try:
            self.lead_times = parse_lead_times(self.lead_times)
        except ValidationError as error:
            raise ValidationError({"lead_times": error.messages}) from error
        if not self.lead_times and not self.remind_when_overdue:
            raise ValidationError(
                {"lead_times": "Give at least one lead time, or remind on the first day overdue."}
            )

    @property
    def leads(self) -> list[int]:
        """Every lead the sweep uses for this kind, OVERDUE included when chosen."""
        return list(self.lead_times) + ([OVERDUE] if self.remind_when_overdue else [])

    @property
    def lead_times_display(self) -> str:
        parts = [lead_label(lead) for lead in self.leads]
        return ", ".join(parts) or "never"


class SweepRun(models.Model):
    """One run of the reminder sweep as of a day: what it claimed and what it skipped.

    Reminders point at the run that claimed them, so a run can tell exactly what it sent even
    while another races it; the daily job catches up from the last finished run.
    """

    class Trigger(models.TextChoices):
        BEAT = "BEAT", "Daily job"
        COMMAND = "COMMAND", "send_reminders command"

    as_of = models.DateField(db_index=True)
    trigger = models.CharField(max_length=8, choices=Trigger.choices, default=Trigger.BEAT)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True, db_index=True)
    items_due = models.PositiveIntegerField(default=0)
    claimed = models.PositiveIntegerField(default=0)
    skipped = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self):
        return f"Sweep as of {self.as_of:%d %b %Y} ({self.get_trigger_display()})"


class Reminder(models.Model):
    """The claim that one recipient is reminded of one dated item at one lead time.

    `(kind, object_id)` names the item (a milestone, scope item, assessment, RID baseline or
    modification, by kind); `due_on` is part of the key, so a date that moves is a new deadline
    reminded of afresh, while the same date is never reminded of twice.
    """

    kind = models.CharField(max_length=20, choices=ItemKind.choices)
    object_id = models.PositiveBigIntegerField()
    due_on = models.DateField()
    lead = models.SmallIntegerField(
        help_text="Working Days before the date; -1: first day overdue."
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    remind_on = models.DateField(db_index=True, help_text="The day the sweep reminded as of.")
    release = models.ForeignKey(
        "releases.Release", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    subject = models.CharField(max_length=300)
    body = models.TextField()
    url = models.CharField(max_length=300, blank=True)
    reason = models.CharField(max_length=200, blank=True, help_text="Why this user is told.")
    sweep = models.ForeignKey(
        SweepRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="reminders"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["remind_on", "due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "due_on", "lead", "recipient"],
                name="reminder_once_per_item_lead_recipient",
            ),
            models.CheckConstraint(
                condition=Q(lead__gte=OVERDUE), name="reminder_lead_not_below_overdue"
            ),
        ]
        indexes = [
            models.Index(
                fields=["recipient"], condition=Q(sent_at__isnull=True), name="reminder_unsent"
            )
        ]

    def __str__(self):
        return self.subject

    @property
    def lead_display(self) -> str:
        return lead_label(self.lead)


class Digest(models.Model):
    """The claim that a user's Monday digest for one week was written (once per user and week)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests"
    )
    week_of = models.DateField(help_text="The Monday the digest covers two weeks from.")
    item_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-week_of"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "week_of"], name="digest_once_per_week")
        ]

    def __str__(self):
        return f"Digest for {self.recipient} from {self.week_of:%d %b %Y}"


class Notification(models.Model):
    """An entry of a user's in-app inbox: a reminder, or a weekly digest."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    reminder = models.OneToOneField(
        Reminder, null=True, blank=True, on_delete=models.CASCADE, related_name="notification"
    )
    digest = models.OneToOneField(
        Digest, null=True, blank=True, on_delete=models.CASCADE, related_name="notification"
    )
    subject = models.CharField(max_length=300)
    body = models.TextField()
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
        ]

    def __str__(self):
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Email(models.Model):
    """The outbox: an e-mail to send, written with the notifications it carries.

    The sending task claims it by setting `sent_at` only where it is still empty; a failed
    attempt gives the claim back and retries, so an e-mail is sent at most once and retried
    until it goes.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="emails"
    )
    to_address = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    message_id = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "e-mail"
        indexes = [
            models.Index(
                fields=["created_at"], condition=Q(sent_at__isnull=True), name="email_unsent"
            )
        ]

    def __str__(self):
        return f"{self.subject} to {self.to_address}"


class Follow(models.Model):
    """A user who wants every reminder about a release, or about a modification."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    release = models.ForeignKey(
        "releases.Release",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="followers",
    )
    modification = models.ForeignKey(
        "modifications.Modification",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="followers",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(release__isnull=False, modification__isnull=True)
                | Q(release__isnull=True, modification__isnull=False),
                name="follow_one_thing",
                violation_error_message="Follow either a release or a modification.",
            ),
            models.UniqueConstraint(
                fields=["user", "release"],
                condition=Q(release__isnull=False),
                name="follow_release_once",
                violation_error_message="You already follow this release.",
            ),
            models.UniqueConstraint(
                fields=["user", "modification"],
                condition=Q(modification__isnull=False),
                name="follow_modification_once",
                violation_error_message="You already follow this modification.",
            ),
        ]

    def __str__(self):
        return f"{self.user} follows {self.release or self.modification}"

    @property
    def target(self):
        return self.release or self.modification


class DeliveryPreference(models.Model):
    """How a user wants reminders: e-mail and in the app, or in the app only.

    No row means the default, e-mail; a user with no e-mail address is told in the app only.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="delivery_preference"
    )
    delivery = models.CharField(max_length=8, choices=Delivery.choices, default=Delivery.EMAIL)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    def __str__(self):
        return f"{self.user}: {self.get_delivery_display()}"


def week_of(day: datetime.date) -> datetime.date:
    """The Monday of `day`'s week."""
    return day - datetime.timedelta(days=day.weekday())
