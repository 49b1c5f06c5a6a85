"""Reads of releases, shared by pages, the API, papers and exports."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone

from core.errors import SignInRequired
from releases.choices import (
    CLOSED_STATUSES,
    IN_SCOPE,
    DatePrecision,
    Inclusion,
    MilestoneKind,
    date_label,
)
from releases.models import Decision, Milestone, Release, RidNarrative, ScopeItem

# The milestones the timeline across releases draws; go-live comes from the release itself.
TIMELINE_KINDS = (
    MilestoneKind.RID_BASELINE,
    MilestoneKind.SIT_START,
    MilestoneKind.UIT_START,
    MilestoneKind.GO_NO_GO,
)


def release_list(*, today: datetime.date | None = None, user=None) -> QuerySet[Release]:
    """Every release `user` may read, with its scope counts and its next milestone: one query,
    however many."""
    today = today or timezone.localdate()
    visible = Release.objects.visible_to(user)
    in_scope = Q(scope_items__inclusion__in=IN_SCOPE)
    upcoming = Milestone.objects.filter(release=OuterRef("pk"), date__gte=today).order_by(
        "date", "position", "id"
    )
    return visible.annotate(
        approved_count=Count("scope_items", filter=Q(scope_items__inclusion=Inclusion.APPROVED)),
        targeted_count=Count("scope_items", filter=Q(scope_items__inclusion=Inclusion.TARGETED)),
        dcc_impacting_count=Count(
            "scope_items", filter=in_scope & Q(scope_items__impacts_dcc_systems=True)
        ),
        # Document-only: it has scope, and none of it impacts DCC Systems (June 2021). A release
        # with no scope yet is not called document-only.
        document_only=Exists(
            ScopeItem.objects.filter(release=OuterRef("pk"), inclusion__in=IN_SCOPE)
        )
        & ~Exists(
            ScopeItem.objects.filter(
                release=OuterRef("pk"), inclusion__in=IN_SCOPE, impacts_dcc_systems=True
            )
        ),
        next_milestone_event=Subquery(upcoming.values("event")[:1]),
        next_milestone_date=Subquery(upcoming.values("date")[:1]),
        next_milestone_precision=Subquery(upcoming.values("precision")[:1]),
    ).order_by("planned_go_live", "name")


def _day(value: datetime.date | None, precision: str = DatePrecision.DAY) -> str:
    return date_label(value, precision, missing="—")


def release_overview(*, today: datetime.date | None = None, user=None) -> list[Release]:
    """Every release `user` may read, for the overview pages, each with what its row shows
    ready to print: scope counts, document-only, next milestone, link and dates.

    Three plain queries (releases with the id of their next milestone; scope counts grouped by
    release; those milestones) instead of one with a join and five subqueries: the same answer
    for a fifth of the database and Python time, however many releases there are.
    """
    from core.urls import url_maker

    today = today or timezone.localdate()
    upcoming = Milestone.objects.filter(release=OuterRef("pk"), date__gte=today).order_by(
        "date", "position", "id"
    )
    visible = Release.objects.visible_to(user)
    releases = list(
        visible.annotate(next_milestone_id=Subquery(upcoming.values("id")[:1])).order_by(
            "planned_go_live", "name"
        )
    )
    counts: dict[int, dict[str, int]] = {}
    grouped = (
        ScopeItem.objects.filter(inclusion__in=IN_SCOPE)
        .order_by()
        .values_list("release_id", "inclusion", "impacts_dcc_systems")
        .annotate(n=Count("id"))
    )
    for release_id, inclusion, dcc, n in grouped:
        c = counts.setdefault(release_id, {"APPROVED": 0, "TARGETED": 0, "dcc": 0})
        c[inclusion] += n
        if dcc:
            c["dcc"] += n
    next_ids = [r.next_milestone_id for r in releases if r.next_milestone_id]
    nexts = {
        pk: (_day(date, precision), event)
        for pk, event, date, precision in Milestone.objects.filter(pk__in=next_ids).values_list(
            "id", "event", "date", "precision"
        )
    }
    detail_url = url_maker("releases:detail")
    for release in releases:
        c = counts.get(release.pk, {"APPROVED": 0, "TARGETED": 0, "dcc": 0})
        release.approved_count = c["APPROVED"]
        release.targeted_count = c["TARGETED"]
        release.dcc_impacting_count = c["dcc"]
        release.document_only = bool(c["APPROVED"] + c["TARGETED"]) and not c["dcc"]
        release.next_milestone = nexts.get(release.next_milestone_id)
        release.url = detail_url(release.slug)
        release.planned_display = _day(release.planned_go_live)
        release.actual_display = _day(release.actual_go_live)
        release.outcome_unrecorded_on = (
            release.status not in CLOSED_STATUSES and release.planned_go_live < today
        )
    return releases


def timeline_milestones(releases) -> QuerySet[Milestone]:
    """The key milestones (RID baseline, SIT, UIT, go/no-go) of `releases`, in one query."""
    return (
        Milestone.objects.filter(
            release__in=[r.pk for r in releases], kind__in=TIMELINE_KINDS, date__isnull=False
        )
        .only("id", "release_id", "kind", "event", "date", "precision")
        .order_by("release_id", "date", "position", "id")
    )


def release_is_document_only(release: Release) -> bool:
    """No item in scope impacts DCC Systems (June 2021)."""
    return not release.scope_items.filter(inclusion__in=IN_SCOPE, impacts_dcc_systems=True).exists()


def release_check_visible(release: Release, user) -> Release:
    """`release` if `user` may read it (Release.is_visible_to); else the sign-in page for an
    anonymous reader (401 in the API), 403 for a signed-in user whose roles do not read it."""
    if release.is_visible_to(user):
        return release
    label = release.get_classification_display()
    if user is None or not user.is_authenticated:
        raise SignInRequired(f"This release is classified {label}: sign in to read it.")
    raise PermissionDenied(
        f"This release is classified {label}: only roles that read releases may see it."
    )


def release_get(slug: str, *, user) -> Release:
    """One release by its slug (404 if none), refused if `user` may not read it."""
    return release_check_visible(get_object_or_404(Release, slug=slug), user)


def release_for_page(slug: str, *, user) -> Release:
    """One release (404 if none; refused if `user` may not read it) knowing whether it has
    concurrent programmes and DCC Change Requests, so that the page only asks for them when
    there are some (most have none), and whether a signed-in `user` follows it (`followed`,
    for the follow button)."""
    from core.queries import has_rows
    from governance.selectors import release_annotations
    from notifications.models import Follow
    from releases.models import ConcurrentProgramme, DccChangeRequest

    releases = Release.objects.annotate(
        has_programmes=has_rows(ConcurrentProgramme, "release", Release),
        has_change_requests=has_rows(DccChangeRequest, "release", Release),
        # The Release Management Policy's line on the page: subqueries, no query of their own.
        **release_annotations(timezone.localdate()),
    )
    if user is not None and user.is_authenticated:
        releases = releases.annotate(
            followed=Exists(Follow.objects.filter(user=user, release=OuterRef("pk")))
        )
    return release_check_visible(get_object_or_404(releases, slug=slug), user)


def open_releases(*, exclude: Release | None = None) -> QuerySet[Release]:
    """Releases whose scope can still change: where an item can be moved to."""
    releases = Release.objects.exclude(status__in=CLOSED_STATUSES).order_by("planned_go_live")
    if exclude is not None:
        releases = releases.exclude(pk=exclude.pk)
    return releases


def scope_items_for(release: Release) -> QuerySet[ScopeItem]:
    """The release's scope as the Panel paper shows it: in-scope items first, each with its
    modification and the text of its latest status update, in one query."""
    from modifications.models import StatusUpdate

    latest = StatusUpdate.objects.filter(modification=OuterRef("modification")).order_by(
        "-as_of", "-id"
    )
    return (
        release.scope_items.select_related("modification", "deferred_to")
        .annotate(
            latest_status=Subquery(latest.values("text")[:1]),
            latest_status_on=Subquery(latest.values("as_of")[:1]),
            out_of_scope=Case(
                When(inclusion__in=IN_SCOPE, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
        .order_by("out_of_scope", "position", "id")
    )


# What the scope table, its exports and the page's missed cut-off alerts read of each row: the
# rest (timestamps, summaries, versions) would only be fetched and converted to be dropped.
SCOPE_TABLE_FIELDS = (
    "release_id",
    "modification_id",
    "part",
    "inclusion",
    "decision_cutoff",
    "impacts_dcc_systems",
    "note",
    "reason",
    "deferred_to_id",
    "position",
    "modification__reference",
    "modification__title",
    "modification__url",
    "modification__phase",
    "modification__approved_on",
    "modification__impacts_dcc_systems",
    "deferred_to__slug",
    "deferred_to__name",
    "deferred_to__classification",
)


def scope_table(release: Release, *, user=None) -> list[ScopeItem]:
    """The release's scope as its page and its exports show it: in-scope items first (by
    position), then those that left, each with its modification and the text and date of that
    modification's latest status update (`latest_status`, `latest_status_on`). An item deferred
    to a release `user` may not read is deferred to "another release" (no `deferred_to`).

    Two plain queries (the items with their modification; the status updates of those
    modifications, newest first) cost less than one with two correlated subqueries and a CASE
    ordering, which Django spends longer compiling than the database running.
    """
    from modifications.models import StatusUpdate

    items = list(
        release.scope_items.select_related("modification", "deferred_to")
        .only(*SCOPE_TABLE_FIELDS)
        .order_by("position", "id")
    )
    latest: dict[int, tuple[str, datetime.date]] = {}
    updates = (
        StatusUpdate.objects.filter(modification_id__in={i.modification_id for i in items})
        .order_by("modification_id", "-as_of", "-id")
        .values_list("modification_id", "text", "as_of")
    )
    for modification_id, text, as_of in updates:
        latest.setdefault(modification_id, (text, as_of))
    for item in items:
        item.latest_status, item.latest_status_on = latest.get(item.modification_id, (None, None))
        if item.deferred_to_id and not item.deferred_to.is_visible_to(user):
            item.deferred_to = None
    items.sort(key=lambda item: item.inclusion not in IN_SCOPE)  # stable: positions kept
    return items


def scope_item_get(release: Release, pk: int) -> ScopeItem:
    """One scope item of `release` with what its row shows (404 if it belongs elsewhere)."""
    return get_object_or_404(scope_items_for(release), pk=pk)


def milestones_for(release: Release) -> QuerySet[Milestone]:
    """The release's timeline in date order (undated last), each with its rule's anchor."""
    return release.milestones.select_related("anchor").order_by(
        F("date").asc(nulls_last=True), "position", "id"
    )


def timeline_rows(release: Release) -> QuerySet[Milestone]:
    """`milestones_for`, with only what the page's timeline shows (its anchors by event)."""
    return milestones_for(release).only(
        "release_id",
        "kind",
        "event",
        "notes",
        "responsible",
        "date",
        "precision",
        "anchor_id",
        "offset_working_days",
        "position",
        "anchor__event",
    )


def decisions_for(release: Release) -> QuerySet[Decision]:
    return release.decisions.order_by("meeting_date", "id")


def concurrent_programmes_for(release: Release):
    return release.concurrent_programmes.order_by("name", "id")


def dcc_change_requests_for(release: Release):
    return release.dcc_change_requests.order_by("reference")


def release_for_history(slug: str, *, user) -> Release:
    """One release (404 if none; refused if `user` may not read it) knowing whether its
    concurrent programmes and RID narrative have any history (`has_programme_history`,
    `has_narrative_history`): most have none, and then their history is not asked for."""
    from core.queries import has_rows
    from releases.models import ConcurrentProgramme

    release = get_object_or_404(
        Release.objects.annotate(
            has_programme_history=has_rows(ConcurrentProgramme.history.model, "release", Release),
            has_narrative_history=has_rows(RidNarrative.history.model, "release", Release),
        ),
        slug=slug,
    )
    return release_check_visible(release, user)


def release_history_sources(release: Release, *, user=None):
    """The historical records of a release and of everything on its page, one query per model
    (none for programmes or the RID narrative when `release_for_history` found they have no
    history), each record with the names its foreign keys point at (for
    `core.history.history_entries`); a release `user` may not read is named HIDDEN_RELEASE_NAME."""
    from core.history import Source, with_username
    from modifications.models import Modification
    from releases.models import ConcurrentProgramme, may_read_restricted, release_name_for

    def records(model, present=True, **filters):
        if not present:
            return []
        return with_username(model.history.filter(**filters)).order_by()

    def name_of(model, field, column):
        return Subquery(model.objects.filter(pk=OuterRef(field)).order_by().values(column)[:1])

    # Each scope record with the reference of its modification and the name (and classification)
    # of the release it was deferred to, read with it (a deleted one reads None: "#id (deleted)").
    scope = list(
        records(ScopeItem, release_id=release.pk).annotate(
            modification_reference=name_of(Modification, "modification_id", "reference"),
            deferred_to_name=name_of(Release, "deferred_to_id", "name"),
            deferred_to_classification=name_of(Release, "deferred_to_id", "classification"),
        )
    )
    milestones = list(records(Milestone, release_id=release.pk))
    references = {
        r.modification_id: r.modification_reference for r in scope if r.modification_reference
    }
    everything = may_read_restricted(user)
    release_names = {release.pk: release.name} | {
        r.deferred_to_id: release_name_for(
            r.deferred_to_name, r.deferred_to_classification, everything=everything
        )
        for r in scope
        if r.deferred_to_name
    }
    milestone_events = {r.id: r.event for r in milestones}

    def scope_subject(record):
        reference = references.get(record.modification_id, f"#{record.modification_id}")
        return f"{reference} ({record.part})" if record.part else reference

    release_labels = {"release": release_names, "deferred_to": release_names}
    return [
        Source("Release", records(Release, id=release.pk), lambda r: r.name),
        Source(
            "Scope item",
            scope,
            scope_subject,
            labels={**release_labels, "modification": references},
            hidden=frozenset({"release"}),
        ),
        Source(
            "Milestone",
            milestones,
            lambda r: r.event,
            labels={"anchor": milestone_events},
            hidden=frozenset({"release"}),
        ),
        Source(
            "Decision",
            records(Decision, release_id=release.pk),
            lambda r: f"{r.get_body_display()} {r.meeting_date:%d %b %Y}",
            hidden=frozenset({"release"}),
        ),
        Source(
            "Concurrent programme",
            records(
                ConcurrentProgramme,
                getattr(release, "has_programme_history", True),
                release_id=release.pk,
            ),
            lambda r: r.name,
            hidden=frozenset({"release"}),
        ),
        Source(
            "RID narrative",
            records(
                RidNarrative, getattr(release, "has_narrative_history", True), release_id=release.pk
            ),
            lambda r: "the RID’s narrative",
            hidden=frozenset({"release", "version"}),
        ),
    ]


def rid_baselines_for(release: Release):
    """The release's RID baselines, oldest version first, with their decisions (one query)."""
    from releases.models import RidBaseline

    return (
        RidBaseline.objects.filter(release=release)
        .select_related("decision", "baselined_by")
        .defer("snapshot")
        .order_by("version")
    )


def rid_baseline_get(release: Release, version) -> "RidBaseline":  # noqa: F821
    """One baseline by its version number (404 for none, or for a version that is not one)."""
    from django.http import Http404

    from core.errors import ApplicationError
    from releases.models import RidBaseline
    from releases.rid.baselines import parse_version

    try:
        number = parse_version(version)
    except ApplicationError:
        raise Http404(f"‘{version}’ is not a RID version.") from None
    return get_object_or_404(
        RidBaseline.objects.select_related("release", "decision", "baselined_by", "override_by"),
        release=release,
        version=number,
    )


def rid_comments_of_draft(release: Release) -> list:
    """The comments of the draft RID's current review (raised since the last baseline), oldest
    first, with their authors and resolvers: one query, whatever their number."""
    from releases.models import RidComment

    return list(
        RidComment.objects.filter(release=release, baseline__isnull=True)
        .select_related("author", "resolved_by")
        .order_by("created_at", "id")
    )


def rid_comments_of_baseline(baseline) -> list:
    """The comments of the review a baseline closed, oldest first (one query)."""
    return list(
        baseline.comments.select_related("author", "resolved_by").order_by("created_at", "id")
    )
