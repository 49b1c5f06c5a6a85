"""Modification Proposals, the SEC documents they change, and what the DCC says they cost."""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from simple_history.models import HistoricalRecords

from core.choices import Body
from core.models import TimeStampedModel
from core.workdays import add_working_days
from modifications.choices import (
    AssessmentKind,
    CostBasis,
    CostStage,
    DccArea,
    DocumentKind,
    ParticipantCategory,
    PartyAudience,
    Path,
    Phase,
    phase_transition_error,
)

REFERENCE_PATTERN = r"^(DP|MP|SECMP)\d{3,4}[A-Z]?$"
validate_reference = RegexValidator(
    REFERENCE_PATTERN,
    "A modification reference is DP, MP or SECMP, then three or four digits and an optional "
    "capital letter (e.g. MP104, MP134A, SECMP0015, DP157).",
)
REFERRAL_PERIOD_WORKING_DAYS = 10


def reference_sort_key(reference: str) -> tuple[int, str]:
    """Order references as the papers do: SECMPnnnn first, then by number (MP077 < MP104)."""
    match = re.match(r"^(DP|MP|SECMP)(\d+)([A-Z]?)$", reference)
    if not match:
        return (99, reference)
    prefix, number, suffix = match.groups()
    return (0 if prefix == "SECMP" else 1, f"{int(number):05d}{suffix}")


class Modification(TimeStampedModel):
    """A Modification Proposal (or a Draft Proposal before the CSC converts it)."""

    reference = models.CharField(max_length=12, unique=True, validators=[validate_reference])
    # The Draft Proposal reference it had before conversion (DP157 -> MP157), kept findable.
    former_reference = models.CharField(max_length=12, blank=True, validators=[validate_reference])
    title = models.CharField(max_length=300)
    url = models.URLField("web page", max_length=300, blank=True)
    summary = models.TextField(blank=True, help_text="What the proposal does, as the RID says it.")
    phase = models.CharField(
        max_length=20, choices=Phase.choices, default=Phase.DEVELOPMENT, db_index=True
    )
    path = models.CharField(max_length=10, choices=Path.choices, blank=True, db_index=True)
    authority_led_variation = models.BooleanField(
        default=False, help_text="An Authority-Led Variation (D9A), treated as Path 1."
    )
    impacts_dcc_systems = models.BooleanField("impacts DCC Systems", default=False)
    # Set when the proposer withdraws: the referral period runs from here (D6, MP117).
    withdrawn_on = models.DateField(null=True, blank=True)
    approved_on = models.DateField(null=True, blank=True)
    # Optimistic lock: a save carrying a stale version is refused (no lost update).
    version = models.PositiveIntegerField(default=1)
    # The register's natural order, kept by the database: SECMPnnnn first, then MP by number
    # (MP99 < MP100) as the papers list them; `reference` breaks ties. Indexed with it, a page
    # of the register is read in order, without computing and sorting every row's key.
    reference_rank = models.GeneratedField(
        expression=models.Case(
            models.When(reference__startswith="SECMP", then=models.Value(0)),
            models.When(reference__startswith="MP", then=models.Value(100)),
            default=models.Value(200),
        )
        + Length("reference"),
        output_field=models.IntegerField(),
        db_persist=True,
    )

    history = HistoricalRecords(excluded_fields=["reference_rank"])

    class Meta:
        ordering = ["reference"]
        indexes = [
            models.Index(fields=["reference_rank", "reference"], name="modification_natural_order")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["former_reference"],
                condition=~Q(former_reference=""),
                name="modification_former_reference_unique",
            ),
        ]

    def __str__(self):
        return f"{self.reference} ‘{self.title}’"

    def clean(self):
        if self.pk:
            old_phase = (
                Modification.objects.filter(pk=self.pk).values_list("phase", flat=True).first()
            )
            error = old_phase and phase_transition_error(old_phase, self.phase)
            if error:
                raise ValidationError({"phase": error})
        if self.phase == Phase.WITHDRAWN and self.withdrawn_on is None:
            raise ValidationError(
                {"withdrawn_on": "A withdrawn proposal needs its withdrawal date."}
            )
        if self.former_reference and self.former_reference == self.reference:
            raise ValidationError(
                {"former_reference": "The former reference must differ from the reference."}
            )

    @property
    def referral_period_ends(self) -> datetime.date | None:
        """The last day a Party may adopt a withdrawn proposal: 10 Working Days after withdrawal."""
        if self.phase != Phase.WITHDRAWN or self.withdrawn_on is None:
            return None
        return add_working_days(self.withdrawn_on, REFERRAL_PERIOD_WORKING_DAYS)


class StatusUpdate(TimeStampedModel):
    """A dated narrative of where a proposal stands; the latest is what a Panel paper shows."""

    modification = models.ForeignKey(
        Modification, on_delete=models.CASCADE, related_name="status_updates"
    )
    as_of = models.DateField(db_index=True)
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-as_of", "-id"]
        get_latest_by = ["as_of", "id"]
        indexes = [
            # "The latest status of each of these modifications": every page, paper and export
            # that shows a scope table asks it.
            models.Index(fields=["modification", "-as_of", "-id"], name="status_update_latest"),
        ]

    def __str__(self):
        return f"{self.modification.reference} {self.as_of:%d %b %Y}"


class Assessment(TimeStampedModel):
    """A DCC Preliminary or Impact Assessment of a proposal, with its dates."""

    modification = models.ForeignKey(
        Modification, on_delete=models.CASCADE, related_name="assessments"
    )
    kind = models.CharField(max_length=12, choices=AssessmentKind.choices)
    requested_on = models.DateField(null=True, blank=True)
    expected_completion_on = models.DateField(null=True, blank=True, db_index=True)
    completed_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["modification", "kind", "requested_on"]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.modification.reference}"

    def clean(self):
        if (
            self.requested_on
            and self.expected_completion_on
            and self.expected_completion_on < self.requested_on
        ):
            raise ValidationError(
                {"expected_completion_on": "The expected completion cannot be before the request."}
            )
        if self.requested_on and self.completed_on and self.completed_on < self.requested_on:
            raise ValidationError({"completed_on": "The completion cannot be before the request."})


class ParticipantImpact(models.Model):
    """A tick in the participant impact matrix: this proposal impacts this category."""

    modification = models.ForeignKey(
        Modification, on_delete=models.CASCADE, related_name="participant_impacts"
    )
    category = models.CharField(max_length=24, choices=ParticipantCategory.choices)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["modification", "category"], name="participant_impact_unique"
            )
        ]

    def __str__(self):
        return f"{self.modification.reference} impacts {self.get_category_display()}"


class PartyImpactSummary(models.Model):
    """A bullet of the RID's SEC Party impacts table: what changes for this audience."""

    modification = models.ForeignKey(
        Modification, on_delete=models.CASCADE, related_name="party_impact_summaries"
    )
    audience = models.CharField(max_length=32, choices=PartyAudience.choices)
    summary = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["modification", "audience", "id"]

    def __str__(self):
        return f"{self.modification.reference}: {self.get_audience_display()}"


class DccImpact(models.Model):
    """What a proposal changes in one area of the DCC's systems."""

    modification = models.ForeignKey(
        Modification, on_delete=models.CASCADE, related_name="dcc_impacts"
    )
    area = models.CharField(max_length=8, choices=DccArea.choices)
    summary = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["modification", "area", "id"]

    def __str__(self):
        return f"{self.modification.reference}: {self.get_area_display()}"


class SecDocument(models.Model):
    """A part of the SEC: a Section, Schedule or Appendix, some of them Technical Specifications."""

    code = models.CharField(
        max_length=32, unique=True, help_text="As the Document Log names it: 'Section A'."
    )
    title = models.CharField(max_length=200, help_text="'Definitions and Interpretation'")
    kind = models.CharField(max_length=10, choices=DocumentKind.choices)
    short_name = models.CharField(
        max_length=16, blank=True, help_text="The acronym a Technical Specification goes by: DUIS."
    )
    is_technical_specification = models.BooleanField(default=False)
    on_codeworks = models.BooleanField("available on CodeWorks", default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = "SEC document"

    def __str__(self):
        return f"{self.code} ‘{self.title}’"


class DocumentVersion(TimeStampedModel):
    """A line of the Document Log: a document's version in effect from a date."""

    document = models.ForeignKey(SecDocument, on_delete=models.CASCADE, related_name="versions")
    version = models.CharField(max_length=16)
    effective_from = models.DateField(db_index=True)
    release = models.ForeignKey(
        "releases.Release",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="document_versions",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["document", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "effective_from"], name="document_version_one_per_day"
            ),
            models.UniqueConstraint(fields=["document", "version"], name="document_version_unique"),
        ]

    def __str__(self):
        return f"{self.document.code} v{self.version} from {self.effective_from}"


VERSION_PATTERN = r"^\d{1,4}(\.\d{1,4}){0,3}$"
validate_version = RegexValidator(
    VERSION_PATTERN, "A version is numbers joined by dots, as the SEC writes them: 6.0, 4.1, 61.0."
)


def version_key(version: str) -> tuple[int, ...]:
    """A version as numbers to compare: '4.10' comes after '4.9'; '6' equals '6.0'."""
    parts = [int(p) for p in version.split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


class Designation(TimeStampedModel):
    """A change the Government (BEIS, for the Secretary of State) made to the SEC outside the
    modification process, implemented with a release beside its modifications: CRP613/CRP649
    designated into GBCS v4.1 with the November 2021 release, the ECoS changes with June 2022.

    It lives beside the Modification Proposals because it is the other way SEC documents change:
    the Document Log and the release note treat both alike (SEC Modification | BEIS Designation).
    """

    reference = models.SlugField(
        max_length=60, unique=True, help_text="A short key: 'crp613-crp649-gbcs-4-1'."
    )
    title = models.CharField(
        max_length=300,
        help_text="As the release note heads it: 'BEIS designation of CRP613 and CRP649 into the "
        "GB Companion Specification v4.1'.",
    )
    designated_by = models.CharField(
        max_length=20,
        choices=[(Body.BEIS, Body.BEIS.label)],
        default=Body.BEIS,
        help_text="The Government department acting for the Secretary of State.",
    )
    release = models.ForeignKey(
        "releases.Release",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="designations",
        help_text="The release it is implemented with.",
    )
    designated_on = models.DateField(null=True, blank=True, help_text="The date of the letter.")
    summary = models.TextField(blank=True)
    changes = models.TextField(
        blank=True,
        help_text="The changes it designates, one per line: CRP613 ‘CRP535 clarification for "
        "binding on rejoin’.",
    )
    url = models.URLField("letter", max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["designated_on", "reference"]

    def __str__(self):
        return self.title

    @property
    def change_lines(self) -> list[str]:
        return [line.strip() for line in self.changes.splitlines() if line.strip()]


class DesignatedDocument(models.Model):
    """A SEC document a Government designation changes (and, for a Technical Specification,
    the version it designates: GBCS v4.1)."""

    designation = models.ForeignKey(Designation, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(SecDocument, on_delete=models.PROTECT, related_name="designations")
    new_version = models.CharField(max_length=16, blank=True, validators=[validate_version])

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["designation", "document"], name="designated_document_unique"
            )
        ]

    def __str__(self):
        version = f" v{self.new_version}" if self.new_version else ""
        return f"{self.designation.reference} changes {self.document.code}{version}"


class DocumentImpact(models.Model):
    """A tick in the RID's SEC document impact matrix."""

    modification = models.ForeignKey(
        Modification, on_delete=models.CASCADE, related_name="document_impacts"
    )
    document = models.ForeignKey(SecDocument, on_delete=models.PROTECT, related_name="impacts")
    provisional = models.BooleanField(
        default=True, help_text="Provisional until the solution settles."
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["modification", "document"], name="document_impact_unique"
            )
        ]

    def __str__(self):
        return f"{self.modification.reference} changes {self.document.code}"


class TechSpecImpact(models.Model):
    """A tick in the Technical Specification version matrix: this proposal needs DUIS v6.0."""

    modification = models.ForeignKey(
        Modification, on_delete=models.CASCADE, related_name="tech_spec_impacts"
    )
    document = models.ForeignKey(
        SecDocument,
        on_delete=models.PROTECT,
        related_name="tech_spec_impacts",
        limit_choices_to={"is_technical_specification": True},
    )
    new_version = models.CharField(max_length=16)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["modification", "document"], name="tech_spec_impact_unique"
            )
        ]

    def __str__(self):
        return f"{self.modification.reference}: {self.document.short_name} v{self.new_version}"

    def clean(self):
        if self.document_id and not self.document.is_technical_specification:
            raise ValidationError(
                {"document": "Only a Technical Specification has a version here."}
            )


class OtherCodeImpact(models.Model):
    """An impact on another Energy Code (the BSC, the REC, ...)."""

    modification = models.ForeignKey(
        Modification, on_delete=models.CASCADE, related_name="other_code_impacts"
    )
    code = models.CharField(max_length=100)
    summary = models.TextField(blank=True)

    history = HistoricalRecords()

    def __str__(self):
        return f"{self.modification.reference} impacts {self.code}"


class DccCost(models.Model):
    """The DCC's implementation cost of a proposal for one stage: a range in GBP, or TBC."""

    modification = models.ForeignKey(Modification, on_delete=models.CASCADE, related_name="costs")
    stage = models.CharField(max_length=24, choices=CostStage.choices)
    # Both empty means "TBC".
    low = models.DecimalField(
        max_digits=12, decimal_places=0, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    high = models.DecimalField(
        max_digits=12, decimal_places=0, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    basis = models.CharField(max_length=10, choices=CostBasis.choices, default=CostBasis.ESTIMATED)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["modification", "stage"], name="dcc_cost_stage_unique"),
            models.CheckConstraint(
                condition=Q(low__isnull=True, high__isnull=True)
                | Q(low__isnull=False, high__isnull=False, low__lte=models.F("high")),
                name="dcc_cost_range_valid",
                violation_error_message="A cost range needs both ends, the low end first (or neither, for TBC).",
            ),
        ]

    def __str__(self):
        return f"{self.modification.reference} {self.get_stage_display()}: {self.display}"

    @property
    def is_tbc(self) -> bool:
        return self.low is None

    @property
    def display(self) -> str:
        if self.is_tbc:
            return "TBC"
        if self.low == self.high:
            return f"£{self.low:,.0f}"
        return f"£{self.low:,.0f} – £{self.high:,.0f}"
