"""SEC Releases: their scope, timeline, decisions and the baselines of their RID."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.choices import Body, Classification
from core.models import TimeStampedModel
from core.workdays import add_working_days
from releases.choices import (
    IN_SCOPE,
    DatePrecision,
    DecisionAsk,
    DecisionOutcome,
    Inclusion,
    MilestoneKind,
    ReleaseKind,
    ReleaseStatus,
    RidSection,
    date_label,
)

validate_release_slug = RegexValidator(
    r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$",
    "A release slug is lower-case letters and digits joined by '-' or '.' (june-2022, v62.0).",
)


# Who may read a release (issue 6). The Panel Information Policy's White is public, as the SEC's
# own site is: anyone reads it, signed in or not. Green, Amber and Red are for signed-in users
# holding this permission (every role but the auditor, core/roles.py); an external auditor reads
# the ones they are appointed to (audited_release_ids). Lists, counts and feeds leave out what
# the reader may not see; a detail page refuses it (sign-in, or 403).
PUBLIC_CLASSIFICATION = Classification.WHITE
RESTRICTED_READ_PERMISSION = "releases.view_release"
HIDDEN_RELEASE_NAME = "another release"


def may_read_restricted(user) -> bool:
    """Whether `user` may read releases classified above White."""
    return bool(
        user is not None and user.is_authenticated and user.has_perm(RESTRICTED_READ_PERMISSION)
    )


def audited_release_ids(user) -> frozenset[int]:
    """The releases an external auditor is currently appointed to (SEC D10.11): readable by
    them even when restricted, whatever page they are on. Empty, without a query, for anyone
    not in the auditor group (audit.access)."""
    if user is None:
        return frozenset()
    from audit.access import appointed_release_ids

    return appointed_release_ids(user)


class ReleaseQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ReleaseQuerySet":
        """The releases `user` may read (None: an anonymous reader)."""
        if may_read_restricted(user):
            return self
        public = Q(classification=PUBLIC_CLASSIFICATION)
        audited = audited_release_ids(user)
        return self.filter(public | Q(pk__in=audited) if audited else public)

    def names_for(self, user) -> dict[int, str]:
        """{pk: name} of these releases, with HIDDEN_RELEASE_NAME for one `user` may not read
        (where a history names a release by its id): one query."""
        everything = may_read_restricted(user)
        audited = frozenset() if everything else audited_release_ids(user)
        return {
            pk: release_name_for(name, classification, everything=everything or pk in audited)
            for pk, name, classification in self.values_list("pk", "name", "classification")
        }


def release_name_for(name: str, classification: str, *, everything: bool) -> str:
    """A release's name as a reader sees it: HIDDEN_RELEASE_NAME unless the reader may read
    every release (`everything`, may_read_restricted) or this one is public."""
    return name if everything or classification == PUBLIC_CLASSIFICATION else HIDDEN_RELEASE_NAME


def visible_release_q(user, prefix: str = "release", *, or_none: bool = False) -> Q:
    """`ReleaseQuerySet.visible_to` for a model that points at a release (`prefix` names the
    path to it; `or_none` keeps the rows that point at none): Q() when `user` may read every
    release."""
    if may_read_restricted(user):
        return Q()
    public = Q(**{f"{prefix}__classification": PUBLIC_CLASSIFICATION})
    audited = audited_release_ids(user)
    if audited:
        public |= Q(**{f"{prefix}__in": audited})
    return public | Q(**{f"{prefix}__isnull": True}) if or_none else public


class Release(TimeStampedModel):
    """A SEC Release: a package of modifications that go live together on one date."""

    slug = models.CharField(max_length=40, unique=True, validators=[validate_release_slug])
    name = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=10, choices=ReleaseKind.choices)
    planned_go_live = models.DateField(db_index=True)
    actual_go_live = models.DateField(null=True, blank=True)
    sec_version = models.DecimalField(
        "SEC version",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        unique=True,
        validators=[MinValueValidator(1)],
        help_text="The SEC version the release produces (61.0).",
    )
    status = models.CharField(
        max_length=16, choices=ReleaseStatus.choices, default=ReleaseStatus.PLANNING, db_index=True
    )
    notes = models.TextField(blank=True)
    classification = models.CharField(
        max_length=8, choices=Classification.choices, default=Classification.WHITE
    )
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["planned_go_live", "name"]
        permissions = [
            ("baseline_rid", "Can baseline a RID (Panel: system-impacting scope)"),
            ("rebaseline_rid", "Can re-baseline a RID for non-system-impacting scope (CSC)"),
            ("set_live", "Can set a release live"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.status == ReleaseStatus.LIVE and not self.actual_go_live:
            raise ValidationError(
                {"actual_go_live": "A live release needs its actual go-live date."}
            )
        if self.actual_go_live and self.status not in (ReleaseStatus.LIVE,):
            raise ValidationError(
                {"actual_go_live": "Only a live release has an actual go-live date."}
            )

    @property
    def go_live(self) -> datetime.date:
        """The actual go-live date once live, else the planned one."""
        return self.actual_go_live or self.planned_go_live

    @property
    def sec_version_display(self) -> str:
        return f"v{self.sec_version}" if self.sec_version is not None else ""

    @property
    def is_public(self) -> bool:
        return self.classification == PUBLIC_CLASSIFICATION

    def is_visible_to(self, user) -> bool:
        """`ReleaseQuerySet.visible_to` for one release: a White one asks nothing of the user."""
        return self.is_public or may_read_restricted(user) or self.pk in audited_release_ids(user)

    @property
    def is_live(self) -> bool:
        return self.status == ReleaseStatus.LIVE

    @property
    def outcome_unrecorded(self) -> bool:
        """Planned go-live has passed with no go-live or cancellation recorded (Nov 2022)."""
        return (
            self.status not in (ReleaseStatus.LIVE, ReleaseStatus.CANCELLED)
            and self.planned_go_live < datetime.date.today()
        )


class ScopeItem(TimeStampedModel):
    """A modification (or the part of it) in a release's scope, with how it stands there."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="scope_items")
    modification = models.ForeignKey(
        "modifications.Modification", on_delete=models.PROTECT, related_name="scope_items"
    )
    # A modification split across releases names the part each covers; blank means all of it.
    part = models.CharField(max_length=200, blank=True)
    inclusion = models.CharField(max_length=10, choices=Inclusion.choices, db_index=True)
    decision_cutoff = models.DateField(
        null=True,
        blank=True,
        db_index=True,
        help_text="Targeted items are included only if approved by this date.",
    )
    impacts_dcc_systems = models.BooleanField("impacts DCC Systems", default=False)
    note = models.TextField(blank=True, help_text="What the paper says about this item here.")
    cost_note = models.TextField(
        blank=True, help_text="Why the DCC costs are not shown in this release (shown as N/A)."
    )
    reason = models.TextField(blank=True, help_text="Why the item was removed or deferred.")
    deferred_to = models.ForeignKey(
        Release, null=True, blank=True, on_delete=models.SET_NULL, related_name="deferred_items"
    )
    # Set when the release goes live: this part of the modification is in the SEC from this date.
    # A split modification (SECMP0015) is Implemented only once every part has one.
    implemented_on = models.DateField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["release", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["release", "modification", "part"],
                condition=Q(inclusion__in=[Inclusion.APPROVED, Inclusion.TARGETED]),
                name="scope_item_part_once_per_release",
                violation_error_message="This part of the modification is already in the release's scope.",
            ),
            models.CheckConstraint(
                condition=Q(inclusion=Inclusion.TARGETED) | Q(decision_cutoff__isnull=True),
                name="scope_item_cutoff_only_when_targeted",
                violation_error_message="Only a targeted item has a decision cut-off.",
            ),
        ]

    def __str__(self):
        part = f" ({self.part})" if self.part else ""
        return f"{self.modification.reference}{part} in {self.release.name}"

    @property
    def in_scope(self) -> bool:
        return self.inclusion in IN_SCOPE

    def clean(self):
        if self.decision_cutoff and self.release_id:
            go_live = self.release.go_live
            if self.decision_cutoff > go_live:
                raise ValidationError(
                    {
                        "decision_cutoff": f"The decision cut-off must be on or before the release's "
                        f"go-live date ({go_live:%d %B %Y})."
                    }
                )
        if self.inclusion == Inclusion.DEFERRED and self.deferred_to_id == self.release_id:
            raise ValidationError({"deferred_to": "An item cannot be deferred to its own release."})
        if self.inclusion in (Inclusion.REMOVED, Inclusion.DEFERRED) and not self.reason.strip():
            raise ValidationError({"reason": "Say why the item left the scope."})


class ConcurrentProgramme(models.Model):
    """Another programme implemented alongside the release (ECoS beside June 2022)."""

    release = models.ForeignKey(
        Release, on_delete=models.CASCADE, related_name="concurrent_programmes"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    def __str__(self):
        return f"{self.name} alongside {self.release.name}"


class DccChangeRequest(models.Model):
    """A DCC Change Request implemented alongside the release."""

    release = models.ForeignKey(
        Release, on_delete=models.CASCADE, related_name="dcc_change_requests"
    )
    reference = models.CharField(max_length=32)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["release", "reference"], name="dcc_cr_once_per_release")
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"


class SecasCost(models.Model):
    """SECAS's own effort and cost for the release (RID section 5, "SECAS costs")."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="secas_costs")
    activity = models.CharField(max_length=200)
    effort_days = models.DecimalField(
        max_digits=6, decimal_places=1, validators=[MinValueValidator(0)]
    )
    amount = models.DecimalField(max_digits=10, decimal_places=0, validators=[MinValueValidator(0)])
    is_maximum = models.BooleanField(default=False, help_text="An upper estimate ('a maximum of').")

    history = HistoricalRecords()

    def __str__(self):
        return f"{self.activity}: {self.effort_days} days, £{self.amount:,.0f}"


# A Working Day rule counts at most this far from its anchor (about four years): further is a
# typing slip, and a count in the millions would walk off the calendar.
MAX_RULE_WORKING_DAYS = 1000
# The years a release's dates fall in: the SEC came into force in 2013, and a date near year 9999
# leaves no room for the rules counting from it.
FIRST_DAY = datetime.date(2013, 1, 1)
LAST_DAY = datetime.date(2099, 12, 31)


class Milestone(TimeStampedModel):
    """A dated event in a release's implementation timeline.

    Its date is either set directly (some only to the month: "Oct 2021") or derived from a rule:
    `offset_working_days` Working Days from its `anchor` ("by 10 Working Days before UIT begins").
    A derived date is stored, so it can be searched, and recomputed whenever the anchor moves
    (see `releases.services.milestone_update`).
    """

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(
        max_length=24, choices=MilestoneKind.choices, default=MilestoneKind.OTHER, db_index=True
    )
    event = models.CharField(max_length=200)
    notes = models.TextField(blank=True)
    responsible = models.CharField(max_length=20, choices=Body.choices)
    date = models.DateField(null=True, blank=True, db_index=True)
    precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    anchor = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="dependants"
    )
    offset_working_days = models.IntegerField(
        null=True, blank=True, help_text="Working Days from the anchor; negative means before."
    )
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["release", "date", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(anchor__isnull=True) | Q(offset_working_days__isnull=False),
                name="milestone_anchor_needs_offset",
                violation_error_message="A Working Day rule needs both an anchor and an offset.",
            ),
            models.CheckConstraint(
                condition=~Q(anchor=models.F("id")),
                name="milestone_not_own_anchor",
                violation_error_message="A milestone cannot be anchored on itself.",
            ),
        ]

    def __str__(self):
        return f"{self.display_date} {self.event}"

    @property
    def has_rule(self) -> bool:
        return self.offset_working_days is not None

    @property
    def rule_is_broken(self) -> bool:
        """The rule's anchor has been deleted: the date can no longer be derived."""
        return self.has_rule and self.anchor_id is None

    @property
    def rule_display(self) -> str:
        if not self.has_rule:
            return ""
        n = self.offset_working_days
        anchor = self.anchor.event if self.anchor_id else "a deleted milestone"
        direction = "before" if n < 0 else "after"
        days = "Working Day" if abs(n) == 1 else "Working Days"
        return f"{abs(n)} {days} {direction} ‘{anchor}’"

    @property
    def display_date(self) -> str:
        return date_label(self.date, self.precision)

    def derived_date(self) -> datetime.date | None:
        """The date the rule gives from the anchor's current date (None without a rule, or with
        one out of range: `clean` refuses that)."""
        if not self.has_rule or self.anchor_id is None or self.anchor.date is None:
            return None
        if abs(self.offset_working_days) > MAX_RULE_WORKING_DAYS:
            return None
        return add_working_days(self.anchor.date, self.offset_working_days)

    def clean(self):
        if self.date and not FIRST_DAY <= self.date <= LAST_DAY:
            raise ValidationError(
                {"date": f"A milestone falls between {FIRST_DAY.year} and {LAST_DAY.year}."}
            )
        if (
            self.offset_working_days is not None
            and abs(self.offset_working_days) > MAX_RULE_WORKING_DAYS
        ):
            raise ValidationError(
                {
                    "offset_working_days": f"A rule counts at most {MAX_RULE_WORKING_DAYS} "
                    "Working Days (about four years) from its anchor."
                }
            )
        if self.offset_working_days is not None and self.anchor_id is None and self._state.adding:
            raise ValidationError(
                {"anchor": "A Working Day rule needs the milestone it counts from."}
            )
        if self.anchor_id is not None and self.offset_working_days is None:
            raise ValidationError(
                {"offset_working_days": "Say how many Working Days from the anchor."}
            )
        if self.anchor_id is not None:
            if self.pk and self.anchor_id == self.pk:
                raise ValidationError({"anchor": "A milestone's rule cannot refer to itself."})
            if self.release_id and self.anchor.release_id != self.release_id:
                raise ValidationError(
                    {"anchor": "The anchor must be a milestone of the same release."}
                )
            seen = {self.pk} if self.pk else set()
            node = self.anchor
            while node is not None:
                if node.pk in seen:
                    raise ValidationError(
                        {"anchor": "This rule would make the milestone depend on itself."}
                    )
                seen.add(node.pk)
                node = node.anchor
            if self.precision == DatePrecision.MONTH:
                raise ValidationError({"precision": "A date derived by a rule is an exact day."})


class Decision(TimeStampedModel):
    """A decision a body took at a meeting, on a paper: "BASELINE the June 2022 RID"."""

    release = models.ForeignKey(
        Release, null=True, blank=True, on_delete=models.CASCADE, related_name="decisions"
    )
    body = models.CharField(max_length=20, choices=Body.choices)
    meeting_date = models.DateField(db_index=True)
    paper_reference = models.CharField(max_length=40, blank=True, db_index=True)
    ask = models.CharField(max_length=10, choices=DecisionAsk.choices)
    summary = models.CharField(max_length=300, help_text="What the body was asked.")
    outcome = models.CharField(
        max_length=10, choices=DecisionOutcome.choices, default=DecisionOutcome.PENDING
    )
    minutes = models.TextField(blank=True)
    published_on = models.DateField(
        null=True, blank=True, help_text="When the decision was published (starts appeal windows)."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting_date", "id"]

    def __str__(self):
        ref = f" ({self.paper_reference})" if self.paper_reference else ""
        return f"{self.get_body_display()} {self.meeting_date:%d %b %Y}{ref}: {self.ask} {self.summary}"

    def clean(self):
        # Without a meeting date the field itself is in error: nothing to compare with.
        if self.published_on and self.meeting_date and self.published_on < self.meeting_date:
            raise ValidationError(
                {"published_on": "A decision is published on or after its meeting."}
            )


class FrozenBaseline(Exception):
    """Raised when code tries to change or delete a RID baseline: a change means a new version."""


FROZEN_MESSAGE = "A RID baseline is frozen: a change means a new version, never an edit."


class RidBaselineQuerySet(models.QuerySet):
    """Refuses bulk writes: `update()` and `delete()` would bypass the model's guard."""

    def update(self, **kwargs):
        raise FrozenBaseline(FROZEN_MESSAGE)

    def delete(self):
        raise FrozenBaseline(FROZEN_MESSAGE)

    def fill_pdf(self, pk: int, *, name: str, sha256: str) -> bool:
        """Store the rendered PDF of a baseline that has none yet: the one write allowed after
        creation. A compare-and-swap, so two renders of one baseline store one file: True when
        this call stored it."""
        claimed = models.QuerySet.update(
            self.filter(pk=pk, pdf="", pdf_sha256=""), pdf=name, pdf_sha256=sha256
        )
        return claimed == 1


class RidBaseline(models.Model):
    """A version of a release's RID approved by the Panel or the CSC, frozen as it was approved.

    `snapshot` holds every section as it stood; `pdf` is the rendered document and `pdf_sha256`
    its digest, so a later reader can prove the file is the one approved. Nothing changes a
    baseline once written: `save()` of an existing row, `delete()` and the queryset's bulk writes
    raise FrozenBaseline, and database triggers (migration 0004) refuse any UPDATE or DELETE
    made in raw SQL. The one exception is the render filling `pdf` and `pdf_sha256` once, from
    empty (`RidBaseline.objects.fill_pdf`).
    """

    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="rid_baselines")
    version = models.DecimalField(max_digits=5, decimal_places=1, validators=[MinValueValidator(0)])
    issued_on = models.DateField()
    changes = models.TextField(help_text="The Version control entry: what this version changed.")
    snapshot = models.JSONField(default=dict)
    pdf = models.FileField(upload_to="rid/", blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="rid_baselines"
    )
    baselined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    baselined_at = models.DateTimeField(auto_now_add=True)
    # The review of the draft this version closed (`RidComment`), frozen with it: how many
    # comments were raised and resolved, and who baselined with some still open, and why.
    comments_raised = models.PositiveIntegerField(default=0)
    comments_resolved = models.PositiveIntegerField(default=0)
    override_reason = models.TextField(
        blank=True, help_text="Why the RID was baselined with review comments unresolved."
    )
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = RidBaselineQuerySet.as_manager()

    class Meta:
        ordering = ["release", "version"]
        verbose_name = "RID baseline"
        constraints = [
            models.UniqueConstraint(
                fields=["release", "version"], name="rid_baseline_version_unique"
            )
        ]

    def __str__(self):
        return f"{self.release.name} RID v{self.version}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise FrozenBaseline(FROZEN_MESSAGE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise FrozenBaseline(FROZEN_MESSAGE)

    @property
    def version_display(self) -> str:
        return f"{self.version:.1f}"

    @property
    def comments_unresolved(self) -> int:
        return self.comments_raised - self.comments_resolved

    @property
    def is_rendered(self) -> bool:
        return bool(self.pdf_sha256)


class AppealOutcome(models.TextChoices):
    PENDING = "PENDING", "Pending"
    UPHELD = "UPHELD", "Upheld"
    DISMISSED = "DISMISSED", "Dismissed"


class RidAppeal(TimeStampedModel):
    """A Party's appeal against the approval of a RID baseline (D10.17), and what became of it.

    Lodged within 10 Working Days of the decision's publication (the service checks it);
    SECAS records the Authority's outcome.
    """

    baseline = models.ForeignKey(RidBaseline, on_delete=models.PROTECT, related_name="appeals")
    appellant = models.CharField(max_length=200, help_text="The SEC Party appealing.")
    lodged_on = models.DateField()
    grounds = models.TextField(help_text="The reasons for the appeal (D10.17).")
    outcome = models.CharField(
        max_length=10,
        choices=AppealOutcome.choices,
        default=AppealOutcome.PENDING,
        db_index=True,
    )
    decided_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["baseline", "lodged_on", "id"]
        verbose_name = "RID appeal"
        constraints = [
            models.CheckConstraint(
                condition=(Q(outcome=AppealOutcome.PENDING) & Q(decided_on__isnull=True))
                | (~Q(outcome=AppealOutcome.PENDING) & Q(decided_on__isnull=False)),
                name="rid_appeal_decided_on_with_outcome",
                violation_error_message="An appeal's outcome and its decision date go together.",
            )
        ]

    def __str__(self):
        return f"Appeal by {self.appellant} against {self.baseline}"

    def clean(self):
        if self.decided_on and self.lodged_on and self.decided_on < self.lodged_on:
            raise ValidationError(
                {"decided_on": "An appeal is decided on or after the day it was lodged."}
            )
        if self.outcome != AppealOutcome.PENDING and not self.decided_on:
            raise ValidationError({"decided_on": "Give the date the appeal was decided."})
        if self.outcome == AppealOutcome.PENDING and self.decided_on:
            raise ValidationError({"outcome": "A decided appeal is upheld or dismissed."})


class RidDraftPdf(models.Model):
    """The PDF of a release's live draft RID as it stood, cached by the snapshot's digest.

    The same draft asked for twice is rendered once; an empty `pdf_sha256` means the render is
    queued or running.
    """

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="rid_draft_pdfs")
    digest = models.CharField(max_length=64, help_text="SHA-256 of the snapshot's JSON.")
    snapshot = models.JSONField()
    pdf = models.FileField(upload_to="rid/drafts/", blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "RID draft PDF"
        constraints = [
            models.UniqueConstraint(fields=["release", "digest"], name="rid_draft_pdf_once")
        ]

    def __str__(self):
        return f"{self.release.name} draft RID {self.digest[:12]}"

    @property
    def is_rendered(self) -> bool:
        return bool(self.pdf_sha256)


class RidNarrative(models.Model):
    """The few texts of a release's RID that its data cannot say, written by SECAS.

    Everything else in the RID is generated from the release (see `releases.rid.content`). A
    release without a row reads `RID_NARRATIVE_DEFAULTS`, the wording of the June 2022 RID v0.1.
    """

    release = models.OneToOneField(Release, on_delete=models.CASCADE, related_name="rid_narrative")
    scope_note = models.TextField(
        "scope outlook",
        blank=True,
        help_text="After the targeted modifications: whether more are expected (section 1).",
    )
    dcc_test_approach = models.TextField(
        "DCC’s testing approach", blank=True, help_text="Section 4: the DCC’s approach to SIT."
    )
    user_test_approach = models.TextField(
        "User testing approach", blank=True, help_text="Section 4: the approach to UIT."
    )
    dcc_costs_summary = models.TextField(
        "DCC costs summary", blank=True, help_text="Section 5, before the DCC cost breakdown."
    )
    operational_costs = models.TextField(
        blank=True, help_text="Section 5, after the breakdown: impacts on operational costs."
    )
    dcc_costs_outlook = models.TextField(
        "DCC costs outlook", blank=True, help_text="Section 5: what the DCC will provide next."
    )
    secas_costs_note = models.TextField(
        "SECAS costs note", blank=True, help_text="Section 5, after SECAS's effort and cost."
    )
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "RID narrative"

    def __str__(self):
        return f"RID narrative of the {self.release.name}"


# The narrative texts of the June 2022 RID v0.1 (`000`, Appendix A), which suit any release until
# SECAS writes its own.
RID_NARRATIVE_DEFAULTS: dict[str, str] = {
    "scope_note": "",
    "dcc_test_approach": "The DCC’s SEC Release Testing Approach Document will be provided as "
    "Annex A to this document in due course. This will cover the DCC’s approach to SIT.",
    "user_test_approach": "The DCC’s SEC Release Testing Approach Document will be provided as "
    "Annex A to this document in due course. This will cover the DCC’s approach to UIT.",
    "dcc_costs_summary": "The total DCC implementation costs of this release have not yet been "
    "determined.",
    "operational_costs": "No impact on operational costs have been identified.",
    "dcc_costs_outlook": "",
    "secas_costs_note": "This cost has already been accounted for in the SECAS budget, and so "
    "Parties will not incur any additional costs.",
}
RID_NARRATIVE_FIELDS = tuple(RID_NARRATIVE_DEFAULTS)


def rid_narrative_texts(narrative: RidNarrative | None) -> dict[str, str]:
    """The narrative texts a RID shows: the saved ones, or the defaults for a release without."""
    if narrative is None:
        return dict(RID_NARRATIVE_DEFAULTS)
    return {name: getattr(narrative, name) for name in RID_NARRATIVE_FIELDS}


class RidComment(TimeStampedModel):
    """A Panel, CSC or SECAS member's comment on a section of a draft RID, or on a row of one of
    its tables, and SECAS's answer that resolves it.

    Raised on the live draft; `baseline` stays empty while the draft is under review. Baselining
    closes the review: the comments raised until then belong to that version (`baseline`, with
    its counts on `RidBaseline`), and the next draft's review starts empty. Not public: readers
    need `releases.view_ridcomment`.
    """

    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="rid_comments")
    section = models.CharField(max_length=12, choices=RidSection.choices)
    row = models.CharField(
        max_length=200, blank=True, help_text="The key of a row of the section's tables, if any."
    )
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answer = models.TextField(blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    baseline = models.ForeignKey(
        RidBaseline,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="comments",
        help_text="The version whose review the comment belongs to (empty: the current draft).",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["release", "created_at", "id"]
        verbose_name = "RID review comment"
        permissions = [("resolve_ridcomment", "Can answer and resolve a RID review comment")]
        indexes = [models.Index(fields=["release", "baseline"], name="rid_comment_review")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(resolved_at__isnull=True) & Q(resolved_by__isnull=True))
                | (Q(resolved_at__isnull=False) & Q(resolved_by__isnull=False) & ~Q(answer="")),
                name="rid_comment_resolved_with_answer",
                violation_error_message="A resolved comment has its answer, who resolved it and when.",
            )
        ]

    def __str__(self):
        where = f"{self.get_section_display()}{f' ({self.row})' if self.row else ''}"
        return f"Comment on the {self.release.name} RID, {where}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None
