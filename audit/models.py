"""External auditors the Panel appoints to a release (SEC D10.11), and the log of what they read."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel


class AuditorAppointmentQuerySet(models.QuerySet):
    def current(self, today: datetime.date | None = None) -> "AuditorAppointmentQuerySet":
        """Appointments in force on `today` (the local date): begun, not ended, not revoked."""
        today = today or timezone.localdate()
        return self.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today),
            starts_on__lte=today,
            revoked_at__isnull=True,
        )


class AuditorAppointment(TimeStampedModel):
    """An external auditor appointed by the Panel to one release (SEC D10.11).

    While it is current (from `starts_on` to `ends_on`, unless revoked) the auditor reads
    everything about that release and writes nothing (audit.access); revoking keeps the row.
    """

    release = models.ForeignKey(
        "releases.Release", on_delete=models.PROTECT, related_name="auditor_appointments"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="auditor_appointments"
    )
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField("from")
    ends_on = models.DateField("until", null=True, blank=True, help_text="Blank: until revoked.")
    decision_reference = models.CharField(
        "Panel decision",
        max_length=40,
        help_text="The Panel paper or decision that appoints the auditor (SECP_93_1806_21).",
    )
    terms_of_reference = models.TextField(
        blank=True, help_text="The terms of reference the Panel approved (D10.11)."
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    revocation_reason = models.TextField(blank=True)

    history = HistoricalRecords()

    objects = AuditorAppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        permissions = [
            ("appoint_auditor", "Can appoint and revoke a release's external auditors (Panel)"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="auditorappointment_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True, revoked_by__isnull=True)
                | Q(revoked_at__isnull=False, revoked_by__isnull=False),
                name="auditorappointment_revoked_by_someone",
            ),
        ]
        indexes = [models.Index(fields=["user", "release"])]

    def __str__(self):
        return f"{self.user} auditing {self.release}"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The appointment cannot end before it starts."})

    def is_current(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.revoked_at is None
            and self.starts_on <= today
            and (self.ends_on is None or today <= self.ends_on)
        )

    def state(self, today: datetime.date | None = None) -> str:
        """What the Panel's page says of it: current, not yet begun, ended or revoked."""
        today = today or timezone.localdate()
        if self.revoked_at is not None:
            return "revoked"
        if today < self.starts_on:
            return "not yet begun"
        if self.ends_on is not None and self.ends_on < today:
            return "ended"
        return "current"


class AuditorPageView(models.Model):
    """One request by a member of the auditor group, allowed or refused, page or API: written by
    audit.middleware after the response, in one INSERT. Never edited."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="auditor_page_views"
    )
    release = models.ForeignKey(
        "releases.Release",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="auditor_page_views",
        help_text="The release the address names, if any (appointed to it or not).",
    )
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=2000)
    status_code = models.PositiveSmallIntegerField()
    viewed_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-viewed_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-viewed_at"]),
            models.Index(fields=["release", "-viewed_at"]),
        ]

    def __str__(self):
        return f"{self.user} {self.method} {self.path} → {self.status_code}"
