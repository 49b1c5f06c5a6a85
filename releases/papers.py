"""Reads for the Panel paper "SEC Releases Update" (`000` sections 2-7), as it stood on a meeting.

The paper reports every release not yet live on the meeting date (and those that went live since
the Panel's previous meeting): each one's scope with the latest status narrative on or before the
meeting, its next milestones, then the recommendations. One query per kind of row, however many
releases and items there are.

What "as it stood" means for the scope: an item's own history (simple_history) says what it was on
the day, when the history reaches back that far. Rows loaded later (the reference data, loaded
years after the meetings it records) have no history then: for them the dated status narratives
are the record, as they are in the papers themselves. Such an item is reported when its
modification has a narrative on or before the meeting, with that narrative alone as its status
(000 prints "The DCC is currently carrying out an Impact Assessment" for MP104, not its later
inclusion); an item that joined the release by a deferral not yet on record is left out.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F, Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.choices import Body, Classification
from releases.choices import (
    IN_SCOPE,
    DatePrecision,
    DecisionAsk,
    Inclusion,
    MilestoneKind,
    ReleaseKind,
    ReleaseStatus,
)
from releases.models import (
    ConcurrentProgramme,
    Decision,
    Milestone,
    Release,
    ScopeItem,
    visible_release_q,
)

# How many of a release's coming milestones the paper lists; the RID carries the whole timeline.
UPCOMING_MILESTONES = 3
# The order generated recommendations read in (000: AGREE, BASELINE, NOTE).
ASK_ORDER = [
    DecisionAsk.AGREE,
    DecisionAsk.APPROVE,
    DecisionAsk.DETERMINE,
    DecisionAsk.BASELINE,
    DecisionAsk.NOTE,
]


@dataclass
class PaperItem:
    """One row of a release's scope table as the paper prints it."""

    reference: str
    title: str
    part: str
    url: str
    inclusion: str  # "" when only the narrative is on record for the day
    status: str
    status_on: datetime.date | None
    impacts_dcc_systems: bool


@dataclass
class PaperRelease:
    release: Release
    went_live: bool
    items: list[PaperItem] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    programmes: list[str] = field(default_factory=list)

    @property
    def document_only(self) -> bool:
        """Scope, and none of it impacts DCC Systems (June 2021)."""
        return bool(self.items) and not any(i.impacts_dcc_systems for i in self.items)


@dataclass
class Recommendation:
    ask: str
    text: str


@dataclass
class ReleasesUpdate:
    meeting: datetime.date
    previous_meeting: datetime.date | None
    releases: list[PaperRelease]
    recommendations: list[Recommendation]
    recorded: bool  # the recommendations are the decisions recorded for the meeting
    paper_reference: str

    @property
    def classification(self) -> str:
        """The paper carries the most restricted classification of the releases it reports."""
        order = list(Classification)
        found = [Classification(r.release.classification) for r in self.releases]
        return max(found, key=order.index, default=Classification.WHITE).label


def _day(value: datetime.date) -> str:
    return f"{value.day} {value:%B %Y}"


def next_panel_meeting(*, today: datetime.date | None = None) -> datetime.date:
    """The next Panel meeting the record knows of (a Panel milestone or decision), else today."""
    today = today or timezone.localdate()
    milestone = (
        Milestone.objects.filter(
            responsible=Body.PANEL, precision=DatePrecision.DAY, date__gte=today
        )
        .order_by("date")
        .values_list("date", flat=True)
        .first()
    )
    decision = (
        Decision.objects.filter(body=Body.PANEL, meeting_date__gte=today)
        .order_by("meeting_date")
        .values_list("meeting_date", flat=True)
        .first()
    )
    found = [d for d in (milestone, decision) if d]
    return min(found) if found else today


def previous_panel_meeting(meeting: datetime.date) -> datetime.date | None:
    """The Panel's last meeting before `meeting` on record: a decision, or a dated Panel milestone."""
    decided = Decision.objects.filter(body=Body.PANEL, meeting_date__lt=meeting).aggregate(
        d=Max("meeting_date")
    )["d"]
    planned = Milestone.objects.filter(
        responsible=Body.PANEL, precision=DatePrecision.DAY, date__lt=meeting
    ).aggregate(d=Max("date"))["d"]
    found = [d for d in (decided, planned) if d]
    return max(found) if found else None


def _releases_on(meeting: datetime.date, previous: datetime.date | None, user) -> list[Release]:
    """Not live on the meeting date (and not cancelled), or live since the previous meeting: of
    those `user` may read."""
    pending = Q(actual_go_live__isnull=True) | Q(actual_go_live__gt=meeting)
    wanted = pending & ~Q(status=ReleaseStatus.CANCELLED)
    if previous is not None:
        wanted |= Q(actual_go_live__gt=previous, actual_go_live__lte=meeting)
    return list(
        Release.objects.visible_to(user)
        .filter(wanted)
        .annotate(go_live_on=Coalesce("actual_go_live", "planned_go_live"))
        .order_by("go_live_on", "name")
    )


def _scope_on(releases: list[Release], meeting: datetime.date) -> dict[int, list[PaperItem]]:
    """Each release's scope table as it stood on `meeting` (three queries)."""
    from modifications.models import StatusUpdate

    ids = [r.pk for r in releases]
    items = list(
        ScopeItem.objects.filter(Q(release_id__in=ids) | Q(deferred_to_id__in=ids))
        .select_related("modification")
        .order_by("release_id", "position", "id")
    )
    end_of_day = timezone.make_aware(
        datetime.datetime.combine(meeting + datetime.timedelta(days=1), datetime.time.min)
    )
    then = {}
    for record in (
        ScopeItem.history.filter(id__in=[i.pk for i in items], history_date__lt=end_of_day)
        .order_by("id", "-history_date", "-history_id")
        .only("id", "inclusion", "decision_cutoff", "impacts_dcc_systems", "history_type")
    ):
        then.setdefault(record.id, record)
    narratives: dict[int, tuple[str, datetime.date]] = {}
    for modification_id, text, as_of in (
        StatusUpdate.objects.filter(
            modification_id__in={i.modification_id for i in items}, as_of__lte=meeting
        )
        .order_by("modification_id", "-as_of", "-id")
        .values_list("modification_id", "text", "as_of")
    ):
        narratives.setdefault(modification_id, (text, as_of))
    # A deferral with no history by the meeting: the release it went to had not got it yet.
    unrecorded_arrivals = {
        (i.deferred_to_id, i.modification_id, i.part)
        for i in items
        if i.inclusion == Inclusion.DEFERRED and i.pk not in then
    }
    tables: dict[int, list[PaperItem]] = defaultdict(list)
    for item in items:
        if item.release_id not in ids:
            continue
        text, as_of = narratives.get(item.modification_id, ("", None))
        record = then.get(item.pk)
        if record is not None:
            if record.history_type == "-" or record.inclusion not in IN_SCOPE:
                continue
            inclusion = record.get_inclusion_display()
            if record.inclusion == Inclusion.TARGETED and record.decision_cutoff:
                inclusion = f"Targeted: included if approved by {_day(record.decision_cutoff)}"
            impacts = record.impacts_dcc_systems
            # The narrative, unless it only repeats the inclusion ("Approved for inclusion.").
            if text.strip().rstrip(".") == inclusion:
                text = ""
        elif as_of is None or (item.release_id, item.modification_id, item.part) in (
            unrecorded_arrivals
        ):
            continue
        else:
            inclusion, impacts = "", item.impacts_dcc_systems
        modification = item.modification
        tables[item.release_id].append(
            PaperItem(
                reference=modification.reference,
                title=modification.title,
                part=item.part,
                url=modification.url,
                inclusion=inclusion,
                status=text,
                status_on=as_of,
                impacts_dcc_systems=impacts,
            )
        )
    return tables


def _milestones_on(releases: list[Release], meeting: datetime.date) -> dict[int, list[Milestone]]:
    """Each release's milestones from the meeting on (a month-only one counts for its month)."""
    month_start = meeting.replace(day=1)
    found: dict[int, list[Milestone]] = defaultdict(list)
    for milestone in (
        Milestone.objects.filter(release_id__in=[r.pk for r in releases], date__gte=month_start)
        .exclude(precision=DatePrecision.DAY, date__lt=meeting)
        .order_by("release_id", F("date").asc(), "position", "id")
    ):
        found[milestone.release_id].append(milestone)
    return found


def _at_meeting(milestone: Milestone, meeting: datetime.date) -> bool:
    if milestone.precision == DatePrecision.MONTH:
        return (milestone.date.year, milestone.date.month) == (meeting.year, meeting.month)
    return milestone.date == meeting


def _generated_recommendations(
    releases: list[PaperRelease], meeting: datetime.date
) -> list[Recommendation]:
    """What the paper asks when no decision is recorded for the meeting: AGREE a go-live and
    BASELINE a RID that the timeline puts at this meeting, and NOTE the paper."""
    asks = []
    for paper_release in releases:
        release = paper_release.release
        for milestone in paper_release.milestones:
            if milestone.responsible != Body.PANEL or not _at_meeting(milestone, meeting):
                continue
            if milestone.kind == MilestoneKind.GO_NO_GO:
                asks.append(
                    Recommendation(
                        DecisionAsk.AGREE,
                        f"that the {release.name} can be set live on {_day(release.go_live)}",
                    )
                )
            elif milestone.kind == MilestoneKind.RID_BASELINE:
                asks.append(
                    Recommendation(
                        DecisionAsk.BASELINE, f"the {release.name} Implementation Document"
                    )
                )
    asks.append(Recommendation(DecisionAsk.NOTE, "the contents of this paper"))
    return sorted(asks, key=lambda r: ASK_ORDER.index(r.ask))


def releases_update(*, meeting: datetime.date, user=None) -> ReleasesUpdate:
    """The paper for the Panel meeting of `meeting`, from the record as it stood that day, with
    the releases `user` may read (None: anonymous, White ones only)."""
    previous = previous_panel_meeting(meeting)
    releases = _releases_on(meeting, previous, user)
    tables = _scope_on(releases, meeting)
    milestones = _milestones_on(releases, meeting)
    programmes: dict[int, list[str]] = defaultdict(list)
    for release_id, name in (
        ConcurrentProgramme.objects.filter(release_id__in=[r.pk for r in releases])
        .order_by("name", "id")
        .values_list("release_id", "name")
    ):
        programmes[release_id].append(name)

    paper_releases = []
    for release in releases:
        went_live = release.actual_go_live is not None and release.actual_go_live <= meeting
        items = tables.get(release.pk, [])
        # An ad hoc release with nothing on record by the meeting did not exist yet.
        if not items and release.kind == ReleaseKind.AD_HOC:
            continue
        paper_releases.append(
            PaperRelease(
                release=release,
                went_live=went_live,
                items=items,
                milestones=milestones.get(release.pk, []),
                programmes=programmes.get(release.pk, []),
            )
        )

    decisions = list(
        Decision.objects.filter(
            visible_release_q(user, or_none=True), body=Body.PANEL, meeting_date=meeting
        ).order_by("id")
    )
    if decisions:  # in the order they were recorded, as the paper put them
        recommendations = [Recommendation(d.ask, d.summary) for d in decisions]
    else:
        recommendations = _generated_recommendations(paper_releases, meeting)
    for paper_release in paper_releases:
        paper_release.milestones = paper_release.milestones[:UPCOMING_MILESTONES]
    return ReleasesUpdate(
        meeting=meeting,
        previous_meeting=previous,
        releases=paper_releases,
        recommendations=recommendations,
        recorded=bool(decisions),
        paper_reference=next((d.paper_reference for d in decisions if d.paper_reference), ""),
    )
