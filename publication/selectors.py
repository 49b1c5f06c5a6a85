"""Reads for the public pages: release notes, the news list, the Document Log and the calendars.
Each spells out what it fetches, so a page's query count does not grow with the data.

Each takes the reader (`user`, None for anonymous) and leaves out the releases they may not read
(`Release.is_visible_to`: White is public, the rest needs a role). The Document Log keeps every
version in effect, a public fact of the SEC, and only hides the release that made it."""

import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from modifications.models import DocumentVersion, SecDocument
from modifications.selectors import document_sort_key
from publication.models import NoteStatus, ReleaseNote, ReleaseNoteDocument, ReleaseNoteItem
from releases.choices import MilestoneKind, ReleaseStatus
from releases.models import Milestone, Release, visible_release_q


def published_notes(*, user=None) -> QuerySet[ReleaseNote]:
    """Every published note of a release `user` may read, newest first, with its release: one
    query."""
    return (
        ReleaseNote.objects.filter(visible_release_q(user), status=NoteStatus.PUBLISHED)
        .select_related("release")
        .order_by("-dated", "-published_at", "-id")
    )


def note_for_release(release: Release) -> ReleaseNote | None:
    """The release's note with everything its page shows: three queries."""
    return (
        ReleaseNote.objects.filter(release=release)
        .select_related("release")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=ReleaseNoteItem.objects.select_related(
                    "modification", "designation"
                ).order_by("position", "id"),
            ),
            Prefetch(
                "documents",
                queryset=ReleaseNoteDocument.objects.select_related("document").order_by(
                    "position", "id"
                ),
            ),
        )
        .first()
    )


def _hide_releases(versions, user) -> None:
    """Blank, for this reader only, the release of a version they may not read: the version in
    effect is public, the release that made it is not."""
    for version in versions:
        if version.release_id and not version.release.is_visible_to(user):
            version.release = None


def document_log(on: datetime.date, *, user=None) -> list[SecDocument]:
    """Every SEC document with the version in effect on `on` (the latest from on or before it),
    the release that made it, and how many versions it has had: one query, whatever the length
    of each document's history (that is on its own page, `document_history`)."""
    in_effect = DocumentVersion.objects.filter(
        document=OuterRef("pk"), effective_from__lte=on
    ).order_by("-effective_from", "-id")
    documents = SecDocument.objects.annotate(
        in_effect_id=Subquery(in_effect.values("pk")[:1]),
        version_count=Count("versions"),
    )
    rows = list(documents)
    entries = DocumentVersion.objects.select_related("release").in_bulk(
        [d.in_effect_id for d in rows if d.in_effect_id]
    )
    _hide_releases(entries.values(), user)
    for document in rows:
        document.in_effect = entries.get(document.in_effect_id)
    return sorted(rows, key=document_sort_key)


def document_history(slug: str, *, user=None) -> tuple[SecDocument, list[DocumentVersion]]:
    """A document (named by its slugified code: 'appendix-ab') and every version it has had,
    newest first, each with the release that made it: two queries."""
    from django.http import Http404
    from django.utils.text import slugify

    document = next((d for d in SecDocument.objects.all() if slugify(d.code) == slug), None)
    if document is None:
        raise Http404(f"No SEC document {slug}")
    history = list(document.versions.select_related("release").order_by("-effective_from", "-id"))
    _hide_releases(history, user)
    return document, history


# What a feed's event reads (publication/calendar.py): a 3,000-event feed spends more time
# making model instances than writing text, so the rest of the columns stay in the database.
CALENDAR_FIELDS = (
    "kind",
    "event",
    "notes",
    "responsible",
    "date",
    "precision",
    "offset_working_days",
    "version",
    "updated_at",
    "anchor__event",
    *(
        f"release__{name}"
        for name in (
            "name",
            "slug",
            "status",
            "sec_version",
            "planned_go_live",
            "actual_go_live",
            "version",
            "updated_at",
        )
    ),
)


def future_milestones(today: datetime.date, *, user=None) -> QuerySet[Milestone]:
    """Every dated milestone from today on, of releases not cancelled that `user` may read: one
    query. A month-only milestone counts while its month lasts."""
    from releases.choices import DatePrecision

    this_month = Q(precision=DatePrecision.MONTH, date__gte=today.replace(day=1))
    return (
        Milestone.objects.filter(Q(date__gte=today) | this_month, visible_release_q(user))
        .exclude(release__status=ReleaseStatus.CANCELLED)
        .select_related("release", "anchor")
        .only(*CALENDAR_FIELDS)
        .order_by("date", "release__planned_go_live", "position", "id")
    )


def calendar_milestones(release: Release) -> QuerySet[Milestone]:
    """A release's dated milestones: one query."""
    return (
        release.milestones.filter(date__isnull=False)
        .select_related("release", "anchor")
        .only(*CALENDAR_FIELDS)
        .order_by("date", "position", "id")
    )


def releases_going_live(
    *, today: datetime.date | None = None, release: Release | None = None, user=None
):
    """Releases whose go-live the calendars show as an event of its own: those not cancelled,
    that `user` may read, and without a go-live milestone (which would say the same). One query."""
    go_live_milestone = Milestone.objects.filter(release=OuterRef("pk"), kind=MilestoneKind.GO_LIVE)
    visible = Release.objects.visible_to(user)
    releases = visible.exclude(status=ReleaseStatus.CANCELLED).filter(~Exists(go_live_milestone))
    if release is not None:
        releases = releases.filter(pk=release.pk)
    if today is not None:  # Release.go_live, in SQL
        releases = releases.alias(live_on=Coalesce("actual_go_live", "planned_go_live")).filter(
            live_on__gte=today
        )
    return list(releases)
