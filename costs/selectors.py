"""The cost review of a release (SEC D10.8(d)): each forecast against its actual, with totals.

How a forecast is compared (the report says the same in words):
- a DCC estimate is a range (`low`-`high`, one figure when both are equal): an actual inside it is
  "within range"; above it, "over" by `actual - high`; below it, "under" by `low - actual`. The
  report also shows the actual against each bound (`actual - low`, `actual - high`).
- a SECAS estimate is one figure (a range of one), the same rule applies.
- a TBC estimate has nothing to compare: shown as TBC, with no variance; it adds nothing to the
  forecast totals, and a total that includes one says so.
- a total compares the sum of the actuals reported with the sum of the known forecasts; it says how
  many of its lines are TBC or not reported yet.

Only the release's own scope counts: the in-scope items that impact DCC Systems, less those whose
costs the RID shows in another release (a split modification's `cost_note`).
"""

from dataclasses import dataclass, field

from costs.choices import Standing
from costs.models import CostActual
from modifications.choices import COST_STAGES, CostBasis, CostStage
from modifications.models import DccCost
from releases.choices import IN_SCOPE
from releases.models import Release

STAGE_ORDER = (CostStage.IMPLEMENTATION_WHOLE, *COST_STAGES)


def pounds(amount: int | None) -> str:
    if amount is None:
        return ""
    sign = "−" if amount < 0 else ""
    return f"{sign}£{abs(amount):,}"


def signed_pounds(amount: int | None) -> str:
    """A difference, with its sign: "+£20,000", "−£5,000", "£0"."""
    if amount is None:
        return ""
    return f"+£{amount:,}" if amount > 0 else pounds(amount)


def range_display(low: int | None, high: int | None) -> str:
    if low is None:
        return "TBC"
    if low == high:
        return pounds(low)
    return f"{pounds(low)} – {pounds(high)}"


def compare(low: int | None, high: int | None, actual: int | None) -> tuple[str, int | None]:
    """How `actual` stands against the range `low`-`high`, and by how much it lies outside it."""
    if actual is None:
        return Standing.NO_ACTUAL, None
    if low is None:
        return Standing.TBC, None
    if actual > high:
        return Standing.OVER, actual - high
    if actual < low:
        return Standing.UNDER, actual - low
    return Standing.WITHIN, 0


class _Compared:
    """A forecast range (`low`, `high`) and an actual figure (`actual_value`), compared."""

    low: int | None
    high: int | None

    @property
    def actual_value(self) -> int | None:
        raise NotImplementedError

    @property
    def forecast_display(self) -> str:
        return range_display(self.low, self.high)

    @property
    def actual_display(self) -> str:
        return pounds(self.actual_value) if self.actual_value is not None else "Not reported"

    @property
    def standing(self) -> str:
        return compare(self.low, self.high, self.actual_value)[0]

    @property
    def standing_label(self) -> str:
        return Standing(self.standing).label

    @property
    def variance(self) -> int | None:
        """How far the actual lies outside the range: + over the upper bound, − under the lower."""
        return compare(self.low, self.high, self.actual_value)[1]

    @property
    def variance_display(self) -> str:
        standing, amount = compare(self.low, self.high, self.actual_value)
        if standing == Standing.OVER:
            return f"Over by {pounds(amount)}"
        if standing == Standing.UNDER:
            return f"Under by {pounds(-amount)}"
        return Standing(standing).label

    @property
    def against_low(self) -> int | None:
        if self.low is None or self.actual_value is None:
            return None
        return self.actual_value - self.low

    @property
    def against_high(self) -> int | None:
        if self.high is None or self.actual_value is None:
            return None
        return self.actual_value - self.high

    @property
    def against_low_display(self) -> str:
        return signed_pounds(self.against_low)

    @property
    def against_high_display(self) -> str:
        return signed_pounds(self.against_high)


@dataclass
class Line(_Compared):
    """One forecast (a DCC stage of a modification, or a SECAS effort line) and its actual."""

    label: str
    low: int | None
    high: int | None
    actual: CostActual | None = None
    stage: str = ""
    firm: bool = False
    estimated: bool = False  # recorded at all (False: the DCC gave no figure: TBC)
    effort_days: str = ""
    is_maximum: bool = False

    @property
    def actual_value(self) -> int | None:
        return None if self.actual is None else int(self.actual.amount)

    @property
    def forecast_display(self) -> str:
        text = range_display(self.low, self.high)
        return f"a maximum of {text}" if self.is_maximum and self.low is not None else text

    @property
    def basis_label(self) -> str:
        if not self.stage:
            return "SECAS estimate"
        if not self.estimated:
            return "No estimate"
        return "Firm" if self.firm else "Estimated"


@dataclass
class Total(_Compared):
    """The sum of some lines: known forecasts, actuals reported, what is missing from either."""

    label: str
    lines: list[Line] = field(default_factory=list)

    @property
    def low(self) -> int | None:
        known = [line.low for line in self.lines if line.low is not None]
        return sum(known) if known else None

    @property
    def high(self) -> int | None:
        known = [line.high for line in self.lines if line.high is not None]
        return sum(known) if known else None

    @property
    def actual_value(self) -> int | None:
        reported = [line.actual_value for line in self.lines if line.actual is not None]
        return sum(reported) if reported else None

    @property
    def tbc(self) -> int:
        return sum(1 for line in self.lines if line.low is None)

    @property
    def not_reported(self) -> int:
        return sum(1 for line in self.lines if line.actual is None)

    @property
    def caveats(self) -> str:
        parts = []
        if self.tbc:
            parts.append(f"{self.tbc} TBC forecast{'s' if self.tbc != 1 else ''} not counted")
        if self.not_reported:
            parts.append(f"{self.not_reported} not reported yet")
        return "; ".join(parts)


@dataclass
class ModificationCosts:
    """The DCC's lines for one modification in the release's scope."""

    reference: str
    title: str
    key: str  # with the part, for a split modification
    lines: list[Line]
    not_applicable: str = ""  # why its costs are not counted in this release

    @property
    def total(self) -> Total:
        return Total(f"{self.key} total", self.lines)


@dataclass
class CostReport:
    release: Release
    modifications: list[ModificationCosts]
    secas: list[Line]
    actuals: list[CostActual]  # each with `replaced`: the figures its corrections replaced

    @property
    def dcc_lines(self) -> list[Line]:
        return [line for mod in self.modifications for line in mod.lines]

    @property
    def stage_totals(self) -> list[Total]:
        by_stage: dict[str, list[Line]] = {}
        for line in self.dcc_lines:
            by_stage.setdefault(line.stage, []).append(line)
        return [
            Total(CostStage(stage).label, by_stage[stage])
            for stage in STAGE_ORDER
            if stage in by_stage
        ]

    @property
    def dcc_total(self) -> Total:
        return Total("DCC total", self.dcc_lines)

    @property
    def secas_total(self) -> Total:
        return Total("SECAS total", self.secas)

    @property
    def grand_total(self) -> Total:
        return Total("Grand total", self.dcc_lines + self.secas)

    @property
    def summary(self) -> list[Total]:
        return [self.dcc_total, self.secas_total, self.grand_total]


def _money(amount) -> int | None:
    return None if amount is None else int(amount)


def cost_lines_for(release: Release) -> list[tuple[object, str, str]]:
    """(modification, key, cost_note) of each modification whose DCC costs the release may count:
    in scope and impacting DCC Systems, in the scope's order; one per modification (its parts
    joined); `cost_note` set when every part's costs are shown in another release."""
    items = (
        release.scope_items.filter(inclusion__in=IN_SCOPE, impacts_dcc_systems=True)
        .select_related("modification")
        .order_by("position", "id")
    )
    found: dict[int, list] = {}
    for item in items:
        found.setdefault(item.modification_id, []).append(item)
    lines = []
    for parts in found.values():
        modification = parts[0].modification
        named = [item.part for item in parts if item.part]
        key = f"{modification.reference} ({'; '.join(named)})" if named else modification.reference
        counted = [item for item in parts if not item.cost_note]
        note = "" if counted else parts[0].cost_note
        lines.append((modification, key, note))
    return lines


def stages_for(estimates: dict[str, DccCost]) -> tuple[str, ...]:
    """The stages a modification's costs are broken into: the RID's five, or the whole
    implementation and Application Support when the DCC gave one figure for the first four."""
    if CostStage.IMPLEMENTATION_WHOLE in estimates:
        return (CostStage.IMPLEMENTATION_WHOLE, CostStage.APPLICATION_SUPPORT)
    return COST_STAGES


def _replaced_figures(release: Release, actuals: list[CostActual]) -> None:
    """Give each actual `replaced`: [(amount, reported_on)] its corrections replaced, oldest
    first, from the history (one query)."""
    versions: dict[int, list] = {}
    for row in (
        CostActual.history.filter(release_id=release.pk)
        .order_by("history_date", "history_id")
        .values_list("id", "amount", "reported_on")
    ):
        versions.setdefault(row[0], []).append(row[1:])
    for actual in actuals:
        earlier = versions.get(actual.pk, [])[:-1]
        actual.replaced = [
            (int(amount), on)
            for n, (amount, on) in enumerate(earlier)
            if n == 0 or (amount, on) != earlier[n - 1]
        ]


def cost_report(release: Release) -> CostReport:
    """The release's forecast against its actuals, in five queries whatever its size: the scope,
    the DCC's estimates, SECAS's lines, the actuals and their history."""
    scope = cost_lines_for(release)
    estimates: dict[int, dict[str, DccCost]] = {}
    for cost in DccCost.objects.filter(modification_id__in=[m.pk for m, _, _ in scope]):
        estimates.setdefault(cost.modification_id, {})[cost.stage] = cost
    secas_costs = list(release.secas_costs.order_by("id"))
    actuals = list(cost_actuals_for(release))
    _replaced_figures(release, actuals)
    dcc_actuals = {(a.modification_id, a.stage): a for a in actuals if a.modification_id}
    secas_actuals = {a.secas_cost_id: a for a in actuals if a.secas_cost_id}

    modifications = []
    for modification, key, note in scope:
        lines = []
        if not note:
            by_stage = estimates.get(modification.pk, {})
            stages = list(stages_for(by_stage))
            # An actual on a stage the breakdown has since left keeps its line: totals add up.
            stages += [
                stage
                for (mod_id, stage) in dcc_actuals
                if mod_id == modification.pk and stage not in stages
            ]
            for stage in stages:
                estimate = by_stage.get(stage)
                lines.append(
                    Line(
                        label=CostStage(stage).label,
                        stage=stage,
                        low=_money(estimate.low) if estimate else None,
                        high=_money(estimate.high) if estimate else None,
                        firm=bool(estimate and estimate.basis == CostBasis.FIRM),
                        estimated=estimate is not None,
                        actual=dcc_actuals.get((modification.pk, stage)),
                    )
                )
        modifications.append(
            ModificationCosts(
                reference=modification.reference,
                title=modification.title,
                key=key,
                lines=lines,
                not_applicable=note,
            )
        )
    secas = [
        Line(
            label=cost.activity,
            low=int(cost.amount),
            high=int(cost.amount),
            effort_days=f"{cost.effort_days.normalize():f}",
            is_maximum=cost.is_maximum,
            actual=secas_actuals.get(cost.pk),
        )
        for cost in secas_costs
    ]
    return CostReport(release=release, modifications=modifications, secas=secas, actuals=actuals)


def cost_actuals_for(release: Release):
    """The actuals reported for a release, as the API lists them."""
    return (
        CostActual.objects.filter(release=release)
        .select_related("modification", "secas_cost", "recorded_by")
        .order_by("id")
    )
