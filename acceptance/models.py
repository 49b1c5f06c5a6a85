"""Release acceptance: the criteria, the DCC's readiness, the groups' views, testing and go/no-go."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from acceptance.choices import (
    CriterionOwner,
    CriterionSet,
    GoNoGoOutcome,
    ReviewGroup,
    RiskLevel,
    TadReviewOutcome,
    TadStatus,
    TestPhase,
)
from core.choices import Body, Rag
from core.models import TimeStampedModel

SEVERITY_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]
PERCENT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


class AcceptanceCriterion(TimeStampedModel):
    """A criterion the release must meet before it goes live (RID section 6)."""

    release = models.ForeignKey(
        "releases.Release", on_delete=models.CASCADE, related_name="acceptance_criteria"
    )
    criterion_set = models.CharField(max_length=12, choices=CriterionSet.choices)
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    title = models.CharField(max_length=120)
    text = models.TextField()
    owner = models.CharField(max_length=5, choices=CriterionOwner.choices)
    reviewing_group = models.CharField(max_length=4, choices=ReviewGroup.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["release", "criterion_set", "number"]
        verbose_name_plural = "acceptance criteria"
        permissions = [
            ("record_opsg_view", "Can record the OPSG's view on operational criteria"),
            ("record_tag_view", "Can record the TAG's view on testing criteria"),
            ("review_tad", "Can record the TAG's review of a TAD"),
            ("submit_dcc_evidence", "Can submit the DCC's TADs, statements and testing evidence"),
            ("decide_go_no_go", "Can record the go/no-go decision"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["release", "criterion_set", "number"], name="criterion_number_unique"
            )
        ]

    def __str__(self):
        return f"{self.get_criterion_set_display()} criterion {self.number}: {self.title}"

    @property
    def label(self) -> str:
        """As the papers cite it: "Operational 2", "Testing 5"."""
        return f"{self.get_criterion_set_display()} {self.number}"


class ReadinessStatement(TimeStampedModel):
    """The owner's statement of readiness against a criterion; each revision is a new version."""

    criterion = models.ForeignKey(
        AcceptanceCriterion, on_delete=models.CASCADE, related_name="readiness_statements"
    )
    version = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    text = models.TextField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["criterion", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "version"], name="readiness_statement_version_unique"
            )
        ]

    def __str__(self):
        return f"Statement v{self.version} on {self.criterion}"


class GroupView(TimeStampedModel):
    """A review group's view and RAG status on a criterion; each revision is a new version."""

    criterion = models.ForeignKey(
        AcceptanceCriterion, on_delete=models.CASCADE, related_name="group_views"
    )
    version = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    group = models.CharField(max_length=4, choices=ReviewGroup.choices)
    rag = models.CharField("RAG status", max_length=5, choices=Rag.choices)
    text = models.TextField()
    qualification = models.TextField(
        blank=True, help_text="Why the status is AMBER or RED, as the paper summarises it."
    )
    meeting_date = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["criterion", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "version"], name="group_view_version_unique"
            )
        ]

    def __str__(self):
        return f"{self.get_group_display()} view v{self.version} on {self.criterion}: {self.rag}"

    def clean(self):
        if self.criterion_id and self.group != self.criterion.reviewing_group:
            raise ValidationError(
                {
                    "group": f"{self.criterion.label} is reviewed by the {self.criterion.reviewing_group}."
                }
            )
        if self.rag in (Rag.AMBER, Rag.RED) and not self.qualification.strip():
            raise ValidationError(
                {"qualification": "An AMBER or RED status needs its qualification."}
            )


class Tad(TimeStampedModel):
    """A version of the DCC's SEC Release Testing Approach Document (D10.18-D10.20)."""

    release = models.ForeignKey("releases.Release", on_delete=models.CASCADE, related_name="tads")
    version = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    objectives = models.TextField(help_text="The testing objectives and the assurance to achieve.")
    strategy = models.TextField(help_text="The testing strategy that will be followed.")
    consequences = models.TextField(help_text="Costs and risks of the strategy, in business terms.")
    attachment = models.FileField(upload_to="tads/", blank=True)
    status = models.CharField(
        max_length=18, choices=TadStatus.choices, default=TadStatus.SUBMITTED, db_index=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["release", "-version"]
        verbose_name = "TAD"
        constraints = [
            models.UniqueConstraint(fields=["release", "version"], name="tad_version_unique")
        ]

    def __str__(self):
        return f"{self.release.name} TAD v{self.version}"


class TadReview(TimeStampedModel):
    """The TAG's review of a TAD version."""

    tad = models.ForeignKey(Tad, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    outcome = models.CharField(max_length=18, choices=TadReviewOutcome.choices)
    comments = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["tad", "reviewed_on"]
        verbose_name = "TAD review"

    def __str__(self):
        return f"TAG review of {self.tad}: {self.get_outcome_display()}"


class TestingIssueCount(TimeStampedModel):
    """How many Testing Issues (TIs) of one severity a test phase has outstanding, as of a date."""

    release = models.ForeignKey(
        "releases.Release", on_delete=models.CASCADE, related_name="testing_issue_counts"
    )
    phase = models.CharField(max_length=10, choices=TestPhase.choices)
    severity = models.PositiveSmallIntegerField(validators=SEVERITY_VALIDATORS)
    outstanding = models.PositiveIntegerField()
    closed = models.PositiveIntegerField(null=True, blank=True)
    as_of = models.DateField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["release", "phase", "severity", "-as_of"]
        constraints = [
            models.UniqueConstraint(
                fields=["release", "phase", "severity", "as_of"], name="testing_issue_count_unique"
            ),
            models.CheckConstraint(
                condition=Q(severity__gte=1, severity__lte=5),
                name="testing_issue_severity_1_to_5",
                violation_error_message="Severity is 1 to 5.",
            ),
        ]

    def __str__(self):
        return f"{self.phase} Severity {self.severity}: {self.outstanding} outstanding"


class TestingExclusion(TimeStampedModel):
    """TIs the TAG agreed to leave out of the exit criteria, with its reason."""

    release = models.ForeignKey(
        "releases.Release", on_delete=models.CASCADE, related_name="testing_exclusions"
    )
    phase = models.CharField(max_length=10, choices=TestPhase.choices)
    count = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    reason = models.TextField()
    agreed_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["release", "phase", "id"]

    def __str__(self):
        return f"{self.count} {self.phase} TIs excluded: {self.reason[:60]}"


class TestingThreshold(models.Model):
    """The most TIs of a severity a phase may leave outstanding, as agreed in the TAD."""

    release = models.ForeignKey(
        "releases.Release", on_delete=models.CASCADE, related_name="testing_thresholds"
    )
    phase = models.CharField(max_length=10, choices=TestPhase.choices)
    severity = models.PositiveSmallIntegerField(validators=SEVERITY_VALIDATORS)
    max_outstanding = models.PositiveIntegerField()

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["release", "phase", "severity"], name="testing_threshold_unique"
            )
        ]

    def __str__(self):
        return f"{self.phase} Severity {self.severity}: at most {self.max_outstanding}"


class RegressionResult(TimeStampedModel):
    """The regression pass rate the TAD requires and the one achieved."""

    release = models.ForeignKey(
        "releases.Release", on_delete=models.CASCADE, related_name="regression_results"
    )
    as_of = models.DateField()
    required_pass_rate = models.DecimalField(
        max_digits=5, decimal_places=2, validators=PERCENT_VALIDATORS
    )
    achieved_pass_rate = models.DecimalField(
        max_digits=5, decimal_places=2, validators=PERCENT_VALIDATORS
    )
    failed_tests = models.PositiveIntegerField(default=0)
    notes = models.TextField(blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["release", "-as_of"]
        constraints = [
            models.CheckConstraint(
                condition=Q(required_pass_rate__gte=0, required_pass_rate__lte=100)
                & Q(achieved_pass_rate__gte=0, achieved_pass_rate__lte=100),
                name="regression_rates_are_percentages",
                violation_error_message="A pass rate is between 0% and 100%.",
            )
        ]

    def __str__(self):
        return f"Regression {self.achieved_pass_rate}% of {self.required_pass_rate}% required"

    @property
    def met(self) -> bool:
        return self.achieved_pass_rate >= self.required_pass_rate


class ResidualRisk(TimeStampedModel):
    """A risk that remains as the release goes live."""

    release = models.ForeignKey(
        "releases.Release", on_delete=models.CASCADE, related_name="residual_risks"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    level = models.CharField(max_length=6, choices=RiskLevel.choices)
    owner = models.CharField(max_length=100)
    mitigation = models.TextField(blank=True)
    raised_by = models.CharField(max_length=20, choices=Body.choices, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["release", "level", "id"]

    def __str__(self):
        return f"{self.get_level_display()}: {self.title}"


class GoNoGoDecision(TimeStampedModel):
    """The CSC's (or Panel's) decision whether the release goes live as planned."""

    release = models.OneToOneField(
        "releases.Release", on_delete=models.CASCADE, related_name="go_no_go"
    )
    decision = models.OneToOneField(
        "releases.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="go_no_go",
        help_text="The meeting and paper where it was taken.",
    )
    body = models.CharField(
        max_length=5, choices=[(Body.CSC, Body.CSC.label), (Body.PANEL, Body.PANEL.label)]
    )
    decided_on = models.DateField()
    outcome = models.CharField(max_length=5, choices=GoNoGoOutcome.choices)
    opsg_recommendation = models.TextField(blank=True)
    tag_recommendation = models.TextField(blank=True)
    recommendations = models.TextField(blank=True, help_text="What the body was asked to do.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "go/no-go decision"

    def __str__(self):
        return f"{self.release.name}: {self.get_outcome_display()} ({self.decided_on:%d %b %Y})"
