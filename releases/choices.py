"""The states and kinds of SEC Releases, their scope, milestones and decisions."""

import datetime

from django.db import models


class ReleaseKind(models.TextChoices):
    FEBRUARY = "FEBRUARY", "Scheduled: February"
    JUNE = "JUNE", "Scheduled: June"
    NOVEMBER = "NOVEMBER", "Scheduled: November"
    AD_HOC = "AD_HOC", "Ad hoc"


class ReleaseStatus(models.TextChoices):
    PLANNING = "PLANNING", "Planning"
    SCOPE_BASELINED = "SCOPE_BASELINED", "Scope baselined"
    IN_TEST = "IN_TEST", "In test"
    GO_NO_GO = "GO_NO_GO", "Go/no-go"
    LIVE = "LIVE", "Live"
    CANCELLED = "CANCELLED", "Cancelled"


RELEASE_TRANSITIONS: dict[str, frozenset[str]] = {
    ReleaseStatus.PLANNING: frozenset(
        {ReleaseStatus.SCOPE_BASELINED, ReleaseStatus.LIVE, ReleaseStatus.CANCELLED}
    ),
    ReleaseStatus.SCOPE_BASELINED: frozenset(
        {
            ReleaseStatus.PLANNING,
            ReleaseStatus.IN_TEST,
            ReleaseStatus.GO_NO_GO,
            ReleaseStatus.CANCELLED,
        }
    ),
    ReleaseStatus.IN_TEST: frozenset({ReleaseStatus.GO_NO_GO, ReleaseStatus.CANCELLED}),
    ReleaseStatus.GO_NO_GO: frozenset(
        {ReleaseStatus.LIVE, ReleaseStatus.IN_TEST, ReleaseStatus.CANCELLED}
    ),
    ReleaseStatus.LIVE: frozenset(),
    ReleaseStatus.CANCELLED: frozenset(),
}
CLOSED_STATUSES = frozenset({ReleaseStatus.LIVE, ReleaseStatus.CANCELLED})


class Inclusion(models.TextChoices):
    """How a modification stands in a release's scope (the Panel paper's "Status" column)."""

    APPROVED = "APPROVED", "Approved for inclusion"
    TARGETED = "TARGETED", "Targeted"
    REMOVED = "REMOVED", "Removed"
    DEFERRED = "DEFERRED", "Deferred to another release"


# Items that are in the release's scope (the others are kept for the record).
IN_SCOPE = frozenset({Inclusion.APPROVED, Inclusion.TARGETED})


class DatePrecision(models.TextChoices):
    DAY = "DAY", "Exact day"
    MONTH = "MONTH", "Month only"


def date_label(
    day: datetime.date | None, precision: str = DatePrecision.DAY, *, missing: str = "TBC"
) -> str:
    """A date as the SEC's papers and the RID write it: "18 Jun 2021", or "Jun 2021" for a
    month-only one; `missing` when there is none yet."""
    if day is None:
        return missing
    if precision == DatePrecision.MONTH:
        return f"{day:%b %Y}"
    return f"{day.day} {day:%b %Y}"


class MilestoneKind(models.TextChoices):
    RID_BASELINE = "RID_BASELINE", "RID baseline"
    TAD_DRAFT_DUE = "TAD_DRAFT_DUE", "TAD draft due"
    TAD_REVIEW = "TAD_REVIEW", "TAD review"
    TAD_CONSULTATION = "TAD_CONSULTATION", "TAD consultation"
    TAD_UPDATE_DUE = "TAD_UPDATE_DUE", "Updated TAD due"
    SIT_START = "SIT_START", "SIT start"
    SIT_COMPLETION_REPORT = "SIT_COMPLETION_REPORT", "SIT Completion Report"
    SIT_COMPLETION_REVIEW = "SIT_COMPLETION_REVIEW", "SIT Completion Report review"
    UIT_START = "UIT_START", "UIT start"
    UIT_WINDOW_CLOSES = "UIT_WINDOW_CLOSES", "UIT window closes"
    REGRESSION_PLANS_DUE = "REGRESSION_PLANS_DUE", "Regression plans due"
    REGRESSION_RESULTS_DUE = "REGRESSION_RESULTS_DUE", "Regression results due"
    OPSG_REVIEW = "OPSG_REVIEW", "OPSG review"
    GO_NO_GO = "GO_NO_GO", "Go/no-go decision"
    GO_LIVE = "GO_LIVE", "Go-live"
    OTHER = "OTHER", "Other"


class DecisionAsk(models.TextChoices):
    """What a paper asks the body to do (the capitals of its recommendations)."""

    AGREE = "AGREE", "AGREE"
    BASELINE = "BASELINE", "BASELINE"
    NOTE = "NOTE", "NOTE"
    APPROVE = "APPROVE", "APPROVE"
    DETERMINE = "DETERMINE", "DETERMINE"


class DecisionOutcome(models.TextChoices):
    APPROVED = "APPROVED", "Approved"
    REJECTED = "REJECTED", "Rejected"
    NOTED = "NOTED", "Noted"
    DEFERRED = "DEFERRED", "Deferred"
    PENDING = "PENDING", "Pending"


class RidSection(models.TextChoices):
    """The parts of a RID a review comment names, in the document's own numbering (the headings
    `templates/releases/rid/_document.html` renders; Annex A only once a TAD is approved)."""

    SCOPE = "1", "1. Scope"
    IMPACTS = "2", "2. Impacts"
    TIMELINE = "3", "3. Implementation timeline"
    TEST_STRATEGY = "4", "4. Test strategy"
    COSTS = "5", "5. Costs"
    CRITERIA = "6", "6. Acceptance criteria"
    VERSION_CONTROL = "appendix-1", "Appendix 1: Version control"
    GLOSSARY = "appendix-2", "Appendix 2: Glossary"
    ANNEX_A = "annex-a", "Annex A: Testing Approach Document"
