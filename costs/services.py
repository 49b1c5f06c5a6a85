"""Reporting the actual costs of a live release: the DCC per modification and stage, SECAS per
line of its effort. The pages, the API and any command call `cost_actual_report`.

A line has one figure. Reporting it again is refused unless it is sent as a correction (with a
note saying why): the correction replaces the amount, and the figure it replaced stays in the
actual's history, so the report never counts a cost twice and nothing reported is lost.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from core.errors import ApplicationError
from core.services import validated_save
from costs.choices import Reporter
from costs.models import CostActual
from costs.selectors import cost_lines_for
from modifications.choices import WHOLE_COVERS, CostStage
from modifications.models import DccCost, Modification
from releases.choices import IN_SCOPE
from releases.models import Release, SecasCost

DCC_PERMISSION = "costs.report_dcc_actual"
SECAS_PERMISSION = "costs.report_secas_actual"


def _require(actor, permission: str, message: str) -> None:
    if actor is None or not actor.has_perm(permission):
        raise ApplicationError(message, status=403)


def _check_amount(amount) -> Decimal:
    if amount is None:
        raise ApplicationError("Give the amount in pounds.", field="amount")
    amount = Decimal(amount)
    if amount < 0:
        raise ApplicationError(
            f"An actual cost cannot be negative ({amount:,}); report what was spent, in pounds.",
            field="amount",
        )
    if amount != amount.to_integral_value():
        raise ApplicationError(
            "Report whole pounds, as the estimates are (no pence).", field="amount"
        )
    return amount.quantize(Decimal(1))


def _check_reported_on(release: Release, reported_on: datetime.date | None) -> None:
    if reported_on is None:
        raise ApplicationError("Give the date the cost was reported.", field="reported_on")
    if reported_on < release.actual_go_live:
        raise ApplicationError(
            f"Actuals are reported after go-live: the {release.name} went live on "
            f"{release.actual_go_live:%-d %B %Y}, after {reported_on:%-d %B %Y}.",
            field="reported_on",
        )
    today = timezone.localdate()
    if reported_on > today:
        raise ApplicationError(
            f"{reported_on:%-d %B %Y} is in the future: report a cost once it is known.",
            field="reported_on",
        )


def _check_dcc_line(release: Release, modification: Modification, stage: str) -> None:
    """The modification counts in this release and the stage is one of its cost breakdown."""
    counted = {m.pk: (key, note) for m, key, note in cost_lines_for(release)}
    if modification.pk not in counted:
        in_scope = release.scope_items.filter(
            modification=modification, inclusion__in=IN_SCOPE
        ).exists()
        raise ApplicationError(
            f"{modification.reference} is in the {release.name}'s scope but does not impact DCC "
            "Systems there: the DCC has no cost to report for it."
            if in_scope
            else f"{modification.reference} is not in the {release.name}'s scope.",
            field="modification",
        )
    key, note = counted[modification.pk]
    if note:
        raise ApplicationError(
            f"{key}'s DCC costs are not counted in the {release.name}: {note}",
            field="modification",
        )
    if stage not in CostStage.values:
        raise ApplicationError(
            f"‘{stage}’ is not a DCC cost stage; one of: "
            + ", ".join(f"{value} ({label})" for value, label in CostStage.choices)
            + ".",
            field="stage",
        )
    stages = set(DccCost.objects.filter(modification=modification).values_list("stage", flat=True))
    if stage == CostStage.IMPLEMENTATION_WHOLE and stages & WHOLE_COVERS:
        raise ApplicationError(
            f"The DCC estimated {modification.reference} stage by stage: report each stage "
            "(Design, Build & PIT; SIT; UIT; Implement to live), not the whole implementation.",
            field="stage",
        )
    if stage in WHOLE_COVERS and CostStage.IMPLEMENTATION_WHOLE in stages:
        raise ApplicationError(
            f"The DCC estimated {modification.reference} as one figure for the whole "
            "implementation: report it against ‘Implementation (all stages)’, not "
            f"{CostStage(stage).label}.",
            field="stage",
        )


@transaction.atomic
def cost_actual_report(
    *,
    release: Release,
    amount,
    reported_on: datetime.date,
    modification: Modification | None = None,
    stage: str = "",
    secas_cost: SecasCost | None = None,
    note: str = "",
    correction: bool = False,
    actor,
) -> tuple[CostActual, bool]:
    """Record the actual cost of one line of a live release's forecast; `(actual, created)`.

    The DCC reports a modification's stage (`modification`, `stage`); SECAS a line of its effort
    (`secas_cost`). A line already reported is refused unless `correction` (with a `note`): the
    new figure then replaces it, the old one kept in the history.
    """
    if (modification is None) == (secas_cost is None):
        raise ApplicationError(
            "Name either the modification and stage (a DCC cost) or the SECAS effort line.",
            field="modification",
        )
    if modification is not None:
        _require(actor, DCC_PERMISSION, "Only the DCC reports the DCC's actual costs.")
    else:
        _require(actor, SECAS_PERMISSION, "Only SECAS reports SECAS's actual costs.")
    # Serialise reports on one release: the duplicate check below then sees every earlier one.
    release = Release.objects.select_for_update().get(pk=release.pk)
    if not release.is_live:
        raise ApplicationError(
            f"The {release.name} is not live ({release.get_status_display()}): actual costs "
            "are reported after go-live.",
            field="release",
        )
    amount = _check_amount(amount)
    _check_reported_on(release, reported_on)
    note = (note or "").strip()
    if modification is not None:
        stage = stage or ""
        _check_dcc_line(release, modification, stage)
        existing = CostActual.objects.filter(
            release=release, modification=modification, stage=stage
        ).first()
        line = f"{modification.reference} {CostStage(stage).label}"
        line_field = "stage"
    else:
        if secas_cost.release_id != release.pk:
            raise ApplicationError(
                f"‘{secas_cost.activity}’ is not one of the {release.name}'s SECAS costs.",
                field="secas_cost",
            )
        stage = ""
        existing = CostActual.objects.filter(secas_cost=secas_cost).first()
        line = f"SECAS's ‘{secas_cost.activity}’"
        line_field = "secas_cost"

    if existing is not None and not correction:
        raise ApplicationError(
            f"{existing.get_reported_by_display()} reported £{existing.amount:,.0f} for {line} "
            f"on {existing.reported_on:%-d %B %Y}: to change it, send a correction (the figure "
            "it replaces stays in the history).",
            field=line_field,
        )
    if existing is None and correction:
        raise ApplicationError(
            f"Nothing has been reported for {line} yet: there is nothing to correct.",
            field="correction",
        )
    if correction and not note:
        raise ApplicationError(
            "Say in the note why the figure reported before is corrected.", field="note"
        )

    actual = existing or CostActual(
        release=release,
        modification=modification,
        stage=stage,
        secas_cost=secas_cost,
        reported_by=Reporter.DCC if modification is not None else Reporter.SECAS,
    )
    actual.amount = amount
    actual.reported_on = reported_on
    actual.note = note
    if getattr(actor, "is_authenticated", False):
        actual.recorded_by = actor
    validated_save(actual, actor=actor)
    return actual, existing is None
