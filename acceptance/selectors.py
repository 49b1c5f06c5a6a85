"""Reads of a release's acceptance, shared by the readiness page, the paper, its PDF and the API.

`release_readiness` gathers everything in a fixed number of queries, whatever the number of
criteria, versions or figures: each relation is fetched once and grouped in Python.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from acceptance.choices import (
    CriterionOwner,
    CriterionSet,
    ReviewGroup,
    RiskLevel,
    TadStatus,
    TestPhase,
)
from acceptance.models import (
    AcceptanceCriterion,
    GoNoGoDecision,
    GroupView,
    ReadinessStatement,
    RegressionResult,
    ResidualRisk,
    Tad,
    TestingExclusion,
    TestingIssueCount,
    TestingThreshold,
)
from core.choices import Rag
from releases.models import Release

SEVERITIES = (1, 2, 3, 4, 5)
# Testing criterion 5: no Severity 1 or 2 defect may be deployed, whatever the TAD says.
DEFAULT_THRESHOLDS = {1: 0, 2: 0}
# The testing criteria under which the TAG accepts a breach of a threshold or of the pass rate.
THRESHOLD_CRITERION = 6
REGRESSION_CRITERION = 3


@dataclass
class CriterionRow:
    """A criterion with its statements and views, newest first."""

    criterion: AcceptanceCriterion
    statements: list[ReadinessStatement]
    views: list[GroupView]

    @property
    def statement(self) -> ReadinessStatement | None:
        return self.statements[0] if self.statements else None

    @property
    def view(self) -> GroupView | None:
        return self.views[0] if self.views else None

    @property
    def earlier_statements(self) -> list[ReadinessStatement]:
        return self.statements[1:]

    @property
    def earlier_views(self) -> list[GroupView]:
        return self.views[1:]

    @property
    def rag(self) -> str | None:
        return self.view.rag if self.view else None

    @property
    def needs_statement(self) -> bool:
        # Operational criteria are judged on their owner's statement (Appendix 1 of the paper);
        # testing criteria on the testing evidence (Appendix 2 has no statement column).
        return self.criterion.criterion_set == CriterionSet.OPERATIONAL


@dataclass
class SeverityLine:
    severity: int
    count: TestingIssueCount | None
    threshold: int | None

    @property
    def outstanding(self) -> int | None:
        return self.count.outstanding if self.count else None

    @property
    def breached(self) -> bool:
        return (
            self.threshold is not None
            and self.outstanding is not None
            and self.outstanding > self.threshold
        )


@dataclass
class PhaseEvidence:
    phase: str
    label: str
    severities: list[SeverityLine]
    exclusions: list[TestingExclusion]
    regression: RegressionResult | None = None
    regression_history: list[RegressionResult] = field(default_factory=list)

    @property
    def has_figures(self) -> bool:
        return any(line.count for line in self.severities)

    @property
    def as_of(self) -> datetime.date | None:
        dates = [line.count.as_of for line in self.severities if line.count]
        return max(dates) if dates else None

    @property
    def excluded_total(self) -> int:
        return sum(e.count for e in self.exclusions)

    @property
    def outstanding_total(self) -> int:
        return sum(line.outstanding or 0 for line in self.severities)

    @property
    def outstanding_lines(self) -> list[SeverityLine]:
        return [line for line in self.severities if line.outstanding]

    @property
    def breaches(self) -> list[SeverityLine]:
        return [line for line in self.severities if line.breached]

    @property
    def regression_shortfall(self) -> bool:
        return self.regression is not None and not self.regression.met


@dataclass
class Readiness:
    """Everything the readiness page and the approval paper show about one release."""

    release: Release
    operational: list[CriterionRow]
    testing: list[CriterionRow]
    phases: list[PhaseEvidence]
    tads: list[Tad]
    risks: list[ResidualRisk]
    go_no_go: GoNoGoDecision | None
    document_only: bool
    missing: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    # Criteria nobody addressed before the go/no-go was decided: not part of that review (the
    # November 2021 RID had eight operational criteria; SECAS's own 9 and 10 came later).
    not_assessed: list[CriterionRow] = field(default_factory=list)

    @property
    def rows(self) -> list[CriterionRow]:
        return self.operational + self.testing

    @property
    def ready(self) -> bool:
        return not self.missing

    @property
    def recorded_approval(self) -> list[str]:
        """For a decided release, the paper's "Approval to proceed" as recorded with the decision:
        the paragraphs of its recommendations before the list of what the body was asked."""
        if not self.go_no_go or not self.go_no_go.recommendations:
            return []
        paragraphs = [p.strip() for p in self.go_no_go.recommendations.split("\n\n") if p.strip()]
        return [p for p in paragraphs if "is requested to" not in p and not p.startswith("•")]

    @property
    def decided(self) -> bool:
        return self.go_no_go is not None

    @property
    def approved_tad(self) -> Tad | None:
        return next((t for t in self.tads if t.status == TadStatus.APPROVED), None)

    @property
    def qualified(self) -> list[CriterionRow]:
        """Every AMBER or RED view, and every GREEN one that carries a qualification."""
        return [
            r for r in self.rows if r.view and (r.view.rag != Rag.GREEN or r.view.qualification)
        ]

    def group_rows(self, group: str) -> list[CriterionRow]:
        return [r for r in self.rows if r.criterion.reviewing_group == group]

    def meeting_date(self, group: str) -> datetime.date | None:
        dates = [r.view.meeting_date for r in self.group_rows(group) if r.view]
        return max(dates) if dates else None

    @property
    def opsg_meeting(self):
        return self.meeting_date(ReviewGroup.OPSG)

    @property
    def tag_meeting(self):
        return self.meeting_date(ReviewGroup.TAG)

    def rag_counts(self, group: str) -> dict[str, int]:
        counts = {Rag.GREEN: 0, Rag.AMBER: 0, Rag.RED: 0}
        for row in self.group_rows(group):
            if row.view:
                counts[row.view.rag] += 1
        return counts

    @property
    def opsg_counts(self) -> dict[str, int]:
        return self.rag_counts(ReviewGroup.OPSG)

    @property
    def opsg_owners_all_dcc(self) -> bool:
        return all(r.criterion.owner == CriterionOwner.DCC for r in self.opsg_rows)

    @property
    def regression(self) -> RegressionResult | None:
        return self.phase(TestPhase.REGRESSION).regression

    @property
    def opsg_rows(self):
        return self.group_rows(ReviewGroup.OPSG)

    @property
    def tag_rows(self):
        return self.group_rows(ReviewGroup.TAG)

    @property
    def opsg_qualified(self):
        return [r for r in self.qualified if r.criterion.reviewing_group == ReviewGroup.OPSG]

    @property
    def tag_qualified(self):
        return [r for r in self.qualified if r.criterion.reviewing_group == ReviewGroup.TAG]

    @property
    def significant_risks(self) -> list[ResidualRisk]:
        return [r for r in self.risks if r.level in (RiskLevel.MEDIUM, RiskLevel.HIGH)]

    @property
    def testing_statements_given(self) -> bool:
        return any(r.statement for r in self.testing)

    def phase(self, phase: str) -> PhaseEvidence:
        return next(p for p in self.phases if p.phase == phase)


def criteria_for(release: Release) -> QuerySet[AcceptanceCriterion]:
    """The release's criteria, each with every version of its statements and views (3 queries)."""
    return (
        AcceptanceCriterion.objects.filter(release=release)
        .order_by("criterion_set", "number")
        .prefetch_related(
            Prefetch(
                "readiness_statements",
                queryset=ReadinessStatement.objects.select_related("submitted_by").order_by(
                    "-version"
                ),
            ),
            Prefetch(
                "group_views",
                queryset=GroupView.objects.select_related("recorded_by").order_by("-version"),
            ),
        )
    )


def _latest_by(rows, key):
    """The first row per key of rows already ordered newest first."""
    latest = {}
    for row in rows:
        latest.setdefault(key(row), row)
    return latest


def release_readiness(release: Release) -> Readiness:
    """The matrix, the testing evidence, the risks, the decision, and what is missing."""
    from releases.selectors import release_is_document_only

    criteria = list(criteria_for(release))
    rows = [
        CriterionRow(c, list(c.readiness_statements.all()), list(c.group_views.all()))
        for c in criteria
    ]
    counts = _latest_by(
        TestingIssueCount.objects.filter(release=release).order_by("-as_of", "-id"),
        lambda c: (c.phase, c.severity),
    )
    thresholds = {
        (t.phase, t.severity): t.max_outstanding
        for t in TestingThreshold.objects.filter(release=release)
    }
    exclusions = defaultdict(list)
    for exclusion in TestingExclusion.objects.filter(release=release).order_by("agreed_on", "id"):
        exclusions[exclusion.phase].append(exclusion)
    regressions = list(RegressionResult.objects.filter(release=release).order_by("-as_of", "-id"))
    phases = []
    for phase in TestPhase:
        lines = [
            SeverityLine(
                severity,
                counts.get((phase.value, severity)),
                thresholds.get((phase.value, severity), DEFAULT_THRESHOLDS.get(severity)),
            )
            for severity in SEVERITIES
        ]
        evidence = PhaseEvidence(phase.value, phase.label, lines, exclusions[phase.value])
        if phase == TestPhase.REGRESSION:
            evidence.regression = regressions[0] if regressions else None
            evidence.regression_history = regressions[1:]
        phases.append(evidence)
    tads = list(
        Tad.objects.filter(release=release)
        .select_related("submitted_by")
        .prefetch_related("reviews")
        .order_by("-version")
    )
    risks = list(ResidualRisk.objects.filter(release=release).order_by("-level", "id"))
    risk_order = {RiskLevel.HIGH: 0, RiskLevel.MEDIUM: 1, RiskLevel.LOW: 2}
    risks.sort(key=lambda r: (risk_order.get(r.level, 3), r.id))
    go_no_go = GoNoGoDecision.objects.filter(release=release).select_related("decision").first()
    not_assessed = []
    if go_no_go is not None:
        not_assessed = [r for r in rows if not r.statements and not r.views]
        rows = [r for r in rows if r not in not_assessed]
    readiness = Readiness(
        release=release,
        operational=[r for r in rows if r.criterion.criterion_set == CriterionSet.OPERATIONAL],
        testing=[r for r in rows if r.criterion.criterion_set == CriterionSet.TESTING],
        not_assessed=not_assessed,
        phases=phases,
        tads=tads,
        risks=risks,
        go_no_go=go_no_go,
        document_only=release_is_document_only(release),
    )
    _assess(readiness)
    return readiness


def _accepted_by_tag(readiness: Readiness, number: int) -> bool:
    row = next((r for r in readiness.testing if r.criterion.number == number), None)
    return bool(row and row.view and row.view.rag in (Rag.GREEN, Rag.AMBER))


def _assess(readiness: Readiness) -> None:
    """Fill `missing` (what stops the go/no-go) and `flags` (what the decision must weigh)."""
    missing, flags = readiness.missing, readiness.flags
    if not readiness.rows:
        missing.append("The release has no acceptance criteria.")
    no_statement: dict[tuple[str, str], list[int]] = defaultdict(list)
    no_view: dict[tuple[str, str], list[int]] = defaultdict(list)
    for row in readiness.rows:
        c = row.criterion
        set_label = c.get_criterion_set_display()
        if row.needs_statement and row.statement is None:
            no_statement[(c.get_owner_display(), set_label)].append(c.number)
        if row.view is None:
            no_view[(c.reviewing_group, set_label)].append(c.number)
        elif row.view.rag == Rag.RED:
            missing.append(f"{c.label} is RED: {row.view.qualification}")
        elif row.view.rag == Rag.AMBER:
            flags.append(f"{c.label} is AMBER: {row.view.qualification}")
    for (owner, set_label), numbers in no_statement.items():
        missing.append(f"No statement of readiness from {owner} on {set_label} {_and(numbers)}.")
    for (group, set_label), numbers in no_view.items():
        missing.append(f"No view from the {group} on {set_label} {_and(numbers)}.")
    if readiness.document_only:
        # No DCC System changes: there is nothing for the DCC to test.
        return
    if readiness.approved_tad is None:
        missing.append("No Testing Approach Document approved by the TAG.")
    sit = readiness.phase(TestPhase.SIT)
    if not sit.has_figures:
        missing.append("No SIT testing issue figures from the DCC.")
    regression = readiness.phase(TestPhase.REGRESSION)
    if regression.regression is None:
        missing.append("No regression pass rate from the DCC.")
    for phase in readiness.phases:
        for line in phase.breaches:
            text = (
                f"{phase.phase}: {line.outstanding} Severity {line.severity} TIs outstanding, "
                f"above the threshold of {line.threshold}."
            )
            if line.severity <= 2 or not _accepted_by_tag(readiness, THRESHOLD_CRITERION):
                missing.append(text + " The TAG has not accepted it.")
            else:
                flags.append(text + f" Accepted by the TAG under Testing {THRESHOLD_CRITERION}.")
    result = regression.regression
    if result is not None and not result.met:
        text = (
            f"Regression pass rate {_percent(result.achieved_pass_rate)} against "
            f"{_percent(result.required_pass_rate)} required."
        )
        if _accepted_by_tag(readiness, REGRESSION_CRITERION):
            flags.append(text + f" Accepted by the TAG under Testing {REGRESSION_CRITERION}.")
        else:
            missing.append(text + " The TAG has not accepted it.")


def _and(numbers: list[int]) -> str:
    """1, 2 and 3."""
    words = [str(n) for n in numbers]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _percent(value: Decimal) -> str:
    return f"{value.normalize():f}%"


def tads_for(release: Release) -> QuerySet[Tad]:
    return (
        Tad.objects.filter(release=release)
        .select_related("submitted_by")
        .prefetch_related("reviews")
        .order_by("-version")
    )


def readiness_statements_for(release: Release | str) -> QuerySet[ReadinessStatement]:
    """Every version of every statement of the release (given as a row or by its slug)."""
    where = (
        {"criterion__release__slug": release}
        if isinstance(release, str)
        else {"criterion__release": release}
    )
    return (
        ReadinessStatement.objects.filter(**where)
        .select_related("criterion", "submitted_by")
        .order_by("criterion__criterion_set", "criterion__number", "-version")
    )
