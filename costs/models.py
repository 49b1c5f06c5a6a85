"""What a release actually cost, as the DCC and SECAS report it after go-live (SEC D10.8(d)).

The forecast is not copied here: it is the DCC's estimates (`modifications.DccCost`) and SECAS's
effort (`releases.SecasCost`), read as they stand when the report is made.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel
from costs.choices import Reporter
from modifications.choices import CostStage


class CostActual(TimeStampedModel):
    """One actual cost of a live release: the DCC's for a modification and stage, or SECAS's for
    one line of its effort estimate. Whole pounds, like the estimates it is compared with.

    One figure per line: a correction replaces the amount (the figure it replaced stays in the
    history), so the report never adds two reports of the same cost.
    """

    release = models.ForeignKey(
        "releases.Release", on_delete=models.CASCADE, related_name="cost_actuals"
    )
    # A DCC actual names the modification and the stage; a SECAS actual the SECAS effort line.
    modification = models.ForeignKey(
        "modifications.Modification",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cost_actuals",
    )
    stage = models.CharField(max_length=24, choices=CostStage.choices, blank=True)
    secas_cost = models.ForeignKey(
        "releases.SecasCost",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actuals",
        verbose_name="SECAS effort line",
    )
    amount = models.DecimalField(
        "amount (GBP)", max_digits=12, decimal_places=0, validators=[MinValueValidator(0)]
    )
    reported_by = models.CharField(max_length=5, choices=Reporter.choices, db_index=True)
    reported_on = models.DateField()
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["release", "id"]
        permissions = [
            ("report_dcc_actual", "Can report the DCC's actual costs of a live release"),
            ("report_secas_actual", "Can report SECAS's actual costs of a live release"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    modification__isnull=False,
                    secas_cost__isnull=True,
                    reported_by=Reporter.DCC,
                )
                & ~Q(stage="")
                | Q(
                    modification__isnull=True,
                    secas_cost__isnull=False,
                    reported_by=Reporter.SECAS,
                    stage="",
                ),
                name="cost_actual_dcc_or_secas_line",
                violation_error_message=(
                    "An actual is either the DCC's, for a modification and stage, or SECAS's, "
                    "for a line of its effort."
                ),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="cost_actual_amount_not_negative",
                violation_error_message="An actual cost cannot be negative.",
            ),
            models.UniqueConstraint(
                fields=["release", "modification", "stage"],
                condition=Q(modification__isnull=False),
                name="cost_actual_dcc_once",
                violation_error_message=(
                    "This modification's cost for this stage is already reported: correct it."
                ),
            ),
            models.UniqueConstraint(
                fields=["secas_cost"],
                condition=Q(secas_cost__isnull=False),
                name="cost_actual_secas_once",
                violation_error_message="This SECAS line is already reported: correct it.",
            ),
        ]

    def __str__(self):
        return f"{self.line_label} in {self.release}: £{self.amount:,.0f}"

    @property
    def line_label(self) -> str:
        if self.secas_cost_id:
            return f"SECAS: {self.secas_cost.activity}"
        return f"{self.modification.reference} {self.get_stage_display()}"
