"""The Panel SEC Release Management Policy (SEC D10.7-D10.9) as data the Panel maintains.

A policy is a series of numbered versions. Each is drafted, consulted on with the DCC and Users
(D10.9: "before it makes any changes"), then published to take effect on a date after the
consultation closes. A published version never changes: a change is a new version. Change-freeze
windows (D10.8) belong to the version that defines them, so adding or moving one is a policy
change the Panel consults on, like any other; a new draft starts from the previous version's
windows.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel
from governance.choices import ExceptionCovers
from releases.choices import date_label

# A year of Working Days: a notice period longer than that is a slip of the keyboard.
MAX_NOTICE_WORKING_DAYS = 260


class PolicyVersion(TimeStampedModel):
    """One version of the Panel SEC Release Management Policy: a draft until the Panel
    publishes it, then immutable and in effect from `effective_from`."""

    number = models.PositiveIntegerField(unique=True)
    notice_period_working_days = models.PositiveSmallIntegerField(
        "notice period (Working Days)",
        help_text="Fewer than this many Working Days before a release's planned go-live, its RID "
        "and scope can no longer change without a Panel exception (D10.15).",
    )
    allocation_rule = models.TextField(
        "rule for allocating modifications to releases", help_text="D10.8(b)."
    )
    cost_review = models.TextField(
        "how the Panel reviews forecast and actual costs",
        help_text="D10.8(d): and how it reports on them to the Authority if asked.",
    )
    go_live_decision = models.TextField("how the Panel decides go-live", help_text="D10.8(e).")
    consultation_opened_on = models.DateField("consultation opened")
    consultation_closed_on = models.DateField("consultation closed")
    effective_from = models.DateField("takes effect on", db_index=True)
    decision_reference = models.CharField(
        "Panel decision or paper", max_length=100, help_text="SECP_93_1806_21, for instance."
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-number"]
        permissions = [("publish_policyversion", "Can publish a version of the policy")]
        constraints = [
            models.CheckConstraint(
                condition=Q(consultation_closed_on__gte=F("consultation_opened_on")),
                name="policy_consultation_closes_after_it_opens",
            ),
            models.CheckConstraint(
                condition=Q(effective_from__gt=F("consultation_closed_on")),
                name="policy_takes_effect_after_consultation",
            ),
        ]

    def __str__(self) -> str:
        return f"Release Management Policy v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def clean(self) -> None:
        errors = {}
        opened, closed = self.consultation_opened_on, self.consultation_closed_on
        if opened and closed and closed < opened:
            errors["consultation_closed_on"] = (
                f"The consultation cannot close ({date_label(closed)}) before it opens "
                f"({date_label(opened)})."
            )
        if closed and self.effective_from and self.effective_from <= closed:
            errors["effective_from"] = (
                f"A version takes effect only after its consultation closes (D10.9): "
                f"{date_label(self.effective_from)} is not after {date_label(closed)}."
            )
        if (
            self.notice_period_working_days is not None
            and self.notice_period_working_days > MAX_NOTICE_WORKING_DAYS
        ):
            errors["notice_period_working_days"] = (
                f"A notice period of {self.notice_period_working_days} Working Days is more than "
                f"a year ({MAX_NOTICE_WORKING_DAYS})."
            )
        if errors:
            raise ValidationError(errors)


class FreezeWindow(TimeStampedModel):
    """A change-freeze (D10.8): from `starts_on` to `ends_on`, both included, no release may go
    live. Part of the policy version that defines it."""

    policy = models.ForeignKey(
        PolicyVersion, on_delete=models.CASCADE, related_name="freeze_windows"
    )
    starts_on = models.DateField("starts")
    ends_on = models.DateField("ends")
    reason = models.CharField(max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="freeze_window_ends_after_it_starts"
            ),
        ]

    def __str__(self) -> str:
        return f"Change freeze {date_label(self.starts_on)} to {date_label(self.ends_on)}"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {
                    "ends_on": f"A freeze window cannot end ({date_label(self.ends_on)}) before it "
                    f"starts ({date_label(self.starts_on)})."
                }
            )


class PanelException(TimeStampedModel):
    """The Panel's decision to let a release's RID baseline or scope change inside its notice
    period (D10.15). It covers every change of that kind to that release from when it is
    recorded: a late change is rarely one write (a move touches two releases, a late scope item
    is followed by a re-baseline), and the Panel decides on the release, with its reasons and
    paper. Recorded once, never edited (history kept)."""

    release = models.ForeignKey(
        "releases.Release", on_delete=models.CASCADE, related_name="panel_exceptions"
    )
    covers = models.CharField(max_length=20, choices=ExceptionCovers.choices)
    reason = models.TextField()
    decision_reference = models.CharField("Panel decision or paper", max_length=100)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Panel exception for {self.release}: {self.get_covers_display()}"
