"""Every write to a release's acceptance: criteria, statements, views, testing, go/no-go.

The same functions serve the pages, the API and the admin. Each checks who may write (through the
permissions `core.roles` grants) and refuses once the release's go/no-go has been decided: the
evidence the decision rested on is then the record and stays as it was.
"""

import datetime
import os
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max

from acceptance.choices import (
    CriterionOwner,
    GoNoGoOutcome,
    ReviewGroup,
    TadReviewOutcome,
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
    TadReview,
    TestingExclusion,
    TestingIssueCount,
    TestingThreshold,
)
from acceptance.standard import STANDARD_CRITERIA
from core.choices import Body
from core.errors import ApplicationError
from core.services import validated_save
from releases.choices import CLOSED_STATUSES, DecisionAsk, DecisionOutcome
from releases.models import Decision, Release

GROUP_PERMISSION = {
    ReviewGroup.OPSG: "acceptance.record_opsg_view",
    ReviewGroup.TAG: "acceptance.record_tag_view",
}
BODY_ROLE = {Body.CSC: "csc", Body.PANEL: "panel"}


def _require(actor, permission: str, message: str) -> None:
    if actor is None or not actor.has_perm(permission):
        raise ApplicationError(message, status=403)


def refuse_if_decided(release: Release) -> None:
    """Refuse any change to the readiness of a release once its go/no-go is decided (or it is closed)."""
    try:
        decision = release.go_no_go  # fetched with the lock (see _lock_release)
    except GoNoGoDecision.DoesNotExist:
        decision = None
    if decision is not None:
        raise ApplicationError(
            f"The {decision.get_body_display()} decided the go/no-go of the {release.name} on "
            f"{decision.decided_on:%-d %B %Y}: its readiness can no longer change.",
            field="release",
            status=409,
        )
    if release.status in CLOSED_STATUSES:
        raise ApplicationError(
            f"The {release.name} is {release.get_status_display().lower()}: its readiness can no "
            "longer change.",
            field="release",
            status=409,
        )


def _lock_release(release_id: int) -> Release:
    """Serialise writes to one release's readiness (version numbers, the decision check).

    The release's go/no-go decision comes in the same query; only the release row is locked.
    """
    return (
        Release.objects.select_for_update(of=("self",))
        .select_related("go_no_go")
        .get(pk=release_id)
    )


@transaction.atomic
def criteria_copy_standard(*, release, actor) -> list[AcceptanceCriterion]:
    """Give the release its own copy of the 10 operational and 7 testing criteria (skips any it has)."""
    have = set(release.acceptance_criteria.values_list("criterion_set", "number"))
    created = []
    for standard in STANDARD_CRITERIA:
        if (standard.criterion_set, standard.number) in have:
            continue
        criterion = AcceptanceCriterion(release=release, **standard._asdict())
        if getattr(actor, "is_authenticated", False):
            criterion._history_user = actor
        criterion.save()
        created.append(criterion)
    return created


@transaction.atomic
def criterion_update(
    *,
    criterion: AcceptanceCriterion,
    title: str,
    text: str,
    owner: str,
    reviewing_group: str,
    actor,
) -> AcceptanceCriterion:
    """SECAS edits a criterion of one release (the standard set is untouched)."""
    _require(
        actor,
        "acceptance.change_acceptancecriterion",
        "Only SECAS edits a release's acceptance criteria.",
    )
    release = _lock_release(criterion.release_id)
    refuse_if_decided(release)
    if reviewing_group != criterion.reviewing_group and criterion.group_views.exists():
        raise ApplicationError(
            f"The {criterion.get_reviewing_group_display()} has already given its view on "
            f"{criterion.label}: its reviewing group can no longer change.",
            field="reviewing_group",
        )
    criterion.title = title.strip()
    criterion.text = text.strip()
    criterion.owner = owner
    criterion.reviewing_group = reviewing_group
    validated_save(criterion, actor=actor)
    return criterion


def _next_version(queryset) -> int:
    return (queryset.aggregate(v=Max("version"))["v"] or 0) + 1


@transaction.atomic
def readiness_statement_submit(
    *, criterion: AcceptanceCriterion, text: str, actor
) -> ReadinessStatement:
    """The criterion's owner states its readiness; a later statement is a new version."""
    if criterion.owner == CriterionOwner.DCC:
        _require(
            actor,
            "acceptance.submit_dcc_evidence",
            f"Only the DCC states readiness on {criterion.label}.",
        )
    else:
        _require(
            actor,
            "acceptance.add_readinessstatement",
            f"{criterion.label} is SECAS's own criterion: only SECAS states readiness on it.",
        )
    release = _lock_release(criterion.release_id)
    refuse_if_decided(release)
    if not text.strip():
        raise ApplicationError("Write the statement of readiness.", field="text")
    statement = ReadinessStatement(
        criterion=criterion,
        version=_next_version(criterion.readiness_statements),
        text=text.strip(),
        submitted_by=actor,
    )
    # The criterion and the actor are rows just read, and the version was taken under the
    # release's lock: skip re-reading them (the database's unique constraint still holds).
    validated_save(statement, actor=actor, exclude=["criterion", "submitted_by"])
    return statement


@transaction.atomic
def group_view_record(
    *,
    criterion: AcceptanceCriterion,
    rag: str,
    text: str,
    qualification: str,
    meeting_date: datetime.date,
    actor,
) -> GroupView:
    """The reviewing group records its view and RAG status; a later view is a new version."""
    group = criterion.reviewing_group
    _require(
        actor,
        GROUP_PERMISSION[group],
        f"Only the {criterion.get_reviewing_group_display()} gives its view on {criterion.label}.",
    )
    release = _lock_release(criterion.release_id)
    refuse_if_decided(release)
    view = GroupView(
        criterion=criterion,
        version=_next_version(criterion.group_views),
        group=group,
        rag=rag,
        text=text.strip(),
        qualification=qualification.strip(),
        meeting_date=meeting_date,
        recorded_by=actor,
    )
    validated_save(view, actor=actor)
    return view


def _attachment_name(release: Release, version: int, upload: UploadedFile) -> str:
    extension = os.path.splitext(upload.name or "")[1].lower()
    return f"{release.slug}-tad-v{version}{extension}"


@transaction.atomic
def tad_submit(
    *,
    release: Release,
    objectives: str,
    strategy: str,
    consequences: str,
    attachment: UploadedFile | None,
    actor,
) -> Tad:
    """The DCC submits a new version of the release's Testing Approach Document (D10.18-D10.20).

    Earlier versions awaiting review are superseded by it; an approved one stays approved until
    the TAG approves its successor.
    """
    _require(actor, "acceptance.submit_dcc_evidence", "Only the DCC submits a TAD.")
    release = _lock_release(release.pk)
    refuse_if_decided(release)
    for field, value, rule in (
        ("objectives", objectives, "the testing objectives, including the assurance to achieve"),
        ("strategy", strategy, "the testing strategy that will be followed"),
        ("consequences", consequences, "the costs and risks of the strategy, in business terms"),
    ):
        if not (value or "").strip():
            raise ApplicationError(f"A TAD sets out {rule} (D10.19).", field=field)
    version = _next_version(release.tads)
    tad = Tad(
        release=release,
        version=version,
        objectives=objectives.strip(),
        strategy=strategy.strip(),
        consequences=consequences.strip(),
        submitted_by=actor,
    )
    if attachment is not None:
        attachment.name = _attachment_name(release, version, attachment)
        tad.attachment = attachment
    release.tads.filter(status__in=[TadStatus.SUBMITTED, TadStatus.CHANGES_REQUESTED]).update(
        status=TadStatus.SUPERSEDED
    )
    validated_save(tad, actor=actor)
    return tad


@transaction.atomic
def tad_review_record(
    *, tad: Tad, outcome: str, reviewed_on: datetime.date, comments: str, actor
) -> TadReview:
    """The TAG's review of a TAD version: approve it, or ask for changes."""
    _require(actor, "acceptance.review_tad", "Only the TAG reviews a TAD.")
    release = _lock_release(tad.release_id)
    refuse_if_decided(release)
    tad = Tad.objects.select_for_update().get(pk=tad.pk)
    if tad.status == TadStatus.SUPERSEDED:
        raise ApplicationError(
            f"TAD v{tad.version} has been superseded by a later version: review that one.",
            field="tad",
        )
    if outcome == TadReviewOutcome.CHANGES_REQUESTED and not comments.strip():
        raise ApplicationError("Say which changes the TAG asks for.", field="comments")
    review = TadReview(
        tad=tad,
        outcome=outcome,
        reviewed_on=reviewed_on,
        comments=comments.strip(),
        recorded_by=actor,
    )
    validated_save(review, actor=actor)
    if outcome == TadReviewOutcome.APPROVED:
        tad.release.tads.filter(status=TadStatus.APPROVED).exclude(pk=tad.pk).update(
            status=TadStatus.SUPERSEDED
        )
        tad.status = TadStatus.APPROVED
    else:
        tad.status = TadStatus.CHANGES_REQUESTED
    validated_save(tad, actor=actor)
    return review


@transaction.atomic
def testing_threshold_set(
    *, release: Release, phase: str, severity: int, max_outstanding: int, actor
) -> TestingThreshold:
    """The most TIs of a severity a phase may leave outstanding, as agreed with the TAG in the TAD."""
    _require(actor, "acceptance.review_tad", "Only the TAG records the TAD's thresholds.")
    release = _lock_release(release.pk)
    refuse_if_decided(release)
    threshold = TestingThreshold.objects.filter(
        release=release, phase=phase, severity=severity
    ).first() or TestingThreshold(release=release, phase=phase, severity=severity)
    threshold.max_outstanding = max_outstanding
    validated_save(threshold, actor=actor)
    return threshold


@transaction.atomic
def testing_exclusion_add(
    *, release: Release, phase: str, count: int, reason: str, agreed_on: datetime.date, actor
) -> TestingExclusion:
    """TIs the TAG agrees to leave out of a phase's exit criteria, with its reason."""
    _require(
        actor,
        "acceptance.add_testingexclusion",
        "Only the TAG agrees to exclude testing issues.",
    )
    release = _lock_release(release.pk)
    refuse_if_decided(release)
    if not reason.strip():
        raise ApplicationError("Say why the TAG excluded these testing issues.", field="reason")
    exclusion = TestingExclusion(
        release=release,
        phase=phase,
        count=count,
        reason=reason.strip(),
        agreed_on=agreed_on,
        recorded_by=actor,
    )
    validated_save(exclusion, actor=actor)
    return exclusion


@dataclass(frozen=True)
class IssueFigures:
    severity: int
    outstanding: int
    closed: int | None = None


@dataclass(frozen=True)
class RegressionFigures:
    required_pass_rate: Decimal
    achieved_pass_rate: Decimal
    failed_tests: int = 0
    notes: str = ""


@dataclass
class TestingEvidence:
    """What one submission of testing evidence wrote."""

    release: Release
    phase: str
    as_of: datetime.date
    issues: list[TestingIssueCount]
    regression: RegressionResult | None


@transaction.atomic
def testing_evidence_submit(
    *,
    release: Release,
    phase: str,
    as_of: datetime.date,
    issues: list[IssueFigures],
    regression: RegressionFigures | None,
    actor,
) -> TestingEvidence:
    """The DCC's figures for a test phase as of a date: TIs outstanding by severity and, for
    regression, the pass rate required and achieved.

    Figures for the same phase, severity and date replace the earlier ones (history keeps them):
    that is how the DCC corrects a figure.
    """
    _require(actor, "acceptance.submit_dcc_evidence", "Only the DCC submits testing evidence.")
    release = _lock_release(release.pk)
    refuse_if_decided(release)
    if not issues and regression is None:
        raise ApplicationError(
            "Send testing issue figures, a regression result, or both.", field="issues"
        )
    severities = [figures.severity for figures in issues]
    if len(set(severities)) != len(severities):
        raise ApplicationError("Give each severity once per submission.", field="issues")
    if regression is not None and phase != TestPhase.REGRESSION:
        raise ApplicationError(
            "A pass rate belongs to the regression phase: send it with phase REGRESSION.",
            field="regression",
        )
    written = []
    for figures in issues:
        row = TestingIssueCount.objects.filter(
            release=release, phase=phase, severity=figures.severity, as_of=as_of
        ).first() or TestingIssueCount(
            release=release, phase=phase, severity=figures.severity, as_of=as_of
        )
        row.outstanding = figures.outstanding
        row.closed = figures.closed
        row.submitted_by = actor
        validated_save(row, actor=actor)
        written.append(row)
    result = None
    if regression is not None:
        result = RegressionResult.objects.filter(release=release, as_of=as_of).first() or (
            RegressionResult(release=release, as_of=as_of)
        )
        result.required_pass_rate = regression.required_pass_rate
        result.achieved_pass_rate = regression.achieved_pass_rate
        result.failed_tests = regression.failed_tests
        result.notes = regression.notes.strip()
        result.submitted_by = actor
        validated_save(result, actor=actor)
    return TestingEvidence(release, phase, as_of, written, result)


@transaction.atomic
def residual_risk_add(
    *,
    release: Release,
    title: str,
    level: str,
    owner: str,
    description: str = "",
    mitigation: str = "",
    raised_by: str = "",
    actor,
) -> ResidualRisk:
    """A risk that remains as the release goes live (paper section 4)."""
    _require(actor, "acceptance.add_residualrisk", "Only SECAS records residual risks.")
    release = _lock_release(release.pk)
    refuse_if_decided(release)
    risk = ResidualRisk(
        release=release,
        title=title.strip(),
        level=level,
        owner=owner.strip(),
        description=description.strip(),
        mitigation=mitigation.strip(),
        raised_by=raised_by,
    )
    validated_save(risk, actor=actor)
    return risk


@transaction.atomic
def go_no_go_record(
    *,
    release: Release,
    body: str,
    outcome: str,
    decided_on: datetime.date,
    opsg_recommendation: str,
    tag_recommendation: str,
    recommendations: str,
    paper_reference: str = "",
    minutes: str = "",
    actor,
) -> GoNoGoDecision:
    """The CSC (or the Panel) decides whether the release goes live as planned.

    The decision is also entered among the release's decisions (AGREE that it can be set live),
    and from then on the release's readiness is frozen.
    """
    _require(actor, "acceptance.decide_go_no_go", "Only the CSC or the Panel decides the go/no-go.")
    role = BODY_ROLE.get(body)
    if role is None:
        raise ApplicationError("The go/no-go is decided by the CSC or the Panel.", field="body")
    if not actor.groups.filter(name=role).exists() and not actor.is_superuser:
        raise ApplicationError(
            f"You are not a member of the {Body(body).label}: record the decision of your own body.",
            field="body",
            status=403,
        )
    release = _lock_release(release.pk)
    refuse_if_decided(release)
    decision = Decision(
        release=release,
        body=body,
        meeting_date=decided_on,
        paper_reference=paper_reference.strip(),
        ask=DecisionAsk.AGREE,
        summary=f"that the {release.name} can be set live on {release.go_live:%-d %B %Y}",
        outcome=(
            DecisionOutcome.APPROVED if outcome == GoNoGoOutcome.GO else DecisionOutcome.REJECTED
        ),
        minutes=minutes.strip(),
        published_on=decided_on,
    )
    validated_save(decision, actor=actor)
    go_no_go = GoNoGoDecision(
        release=release,
        decision=decision,
        body=body,
        decided_on=decided_on,
        outcome=outcome,
        opsg_recommendation=opsg_recommendation.strip(),
        tag_recommendation=tag_recommendation.strip(),
        recommendations=recommendations.strip(),
        recorded_by=actor,
    )
    validated_save(go_no_go, actor=actor)
    return go_no_go
