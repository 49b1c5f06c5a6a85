"""Reads for the public pages: release notes, the news list, the Document Log and the calendars.
Each spells out what it fetches, so a page's query count does not grow with the data."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from modifications.models import DocumentVersion, SecDocument
from modifications.selectors import document_sort_key
from publication.models import NoteStatus, ReleaseNote, ReleaseNoteDocument, ReleaseNoteItem
from releases.choices import MilestoneKind, ReleaseStatus
from releases.models import Milestone, Release


def published_notes() -> QuerySet[ReleaseNote]:
    """Every published note, newest first, each with its release: one query."""
    return (
        ReleaseNote.objects.filter(status=NoteStatus.PUBLISHED)
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


@dataclass
class LogRow:
    """A document, the version in effect on the date asked, and its whole history."""

    document: SecDocument
    in_effect: DocumentVersion | None
    history: list[DocumentVersion]


def document_log(on: datetime.date) -> list[LogRow]:
    """Every SEC document with the version in effect on `on` (the latest from on or before it)
    and its history newest first, each entry with the release that made it: two queries."""
    documents = SecDocument.objects.prefetch_related(
        Prefetch(
            "versions",
            queryset=DocumentVersion.objects.select_related("release").order_by(
                "-effective_from", "-id"
            ),
        )
    )
    rows = []
    for document in documents:
        history = list(document.versions.all())
        in_effect = next((v for v in history if v.effective_from <= on), None)
        rows.append(LogRow(document=document, in_effect=in_effect, history=history))
    return sorted(rows, key=lambda row: document_sort_key(row.document))


def future_milestones(today: datetime.date) -> QuerySet[Milestone]:
    """Every dated milestone from today on, of releases not cancelled: one query. A month-only
    milestone counts while its month lasts."""
    from releases.choices import DatePrecision

    this_month = Q(precision=DatePrecision.MONTH, date__gte=today.replace(day=1))
    return (
        Milestone.objects.filter(Q(date__gte=today) | this_month)
        .exclude(release__status=ReleaseStatus.CANCELLED)
        .select_related("release", "anchor")
        .order_by("date", "release__planned_go_live", "position", "id")
    )


def calendar_milestones(release: Release) -> QuerySet[Milestone]:
    """A release's dated milestones: one query."""
    return (
        release.milestones.filter(date__isnull=False)
        .select_related("release", "anchor")
        .order_by("date", "position", "id")
    )


def releases_going_live(*, today: datetime.date | None = None, release: Release | None = None):
    """Releases whose go-live the calendars show as an event of its own: those not cancelled
    and without a go-live milestone (which would say the same). One query."""
    go_live_milestone = Milestone.objects.filter(release=OuterRef("pk"), kind=MilestoneKind.GO_LIVE)
    releases = Release.objects.exclude(status=ReleaseStatus.CANCELLED).filter(
        ~Exists(go_live_milestone)
    )
    if release is not None:
        releases = releases.filter(pk=release.pk)
    if today is not None:
        releases = [r for r in releases if r.go_live >= today]
    return list(releases)
