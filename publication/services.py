"""Every write to a release note: draft it from the data, edit it, publish it."""

from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from core.errors import ApplicationError
from core.services import check_version, validated_save
from modifications.models import Designation, DocumentVersion
from modifications.selectors import document_sort_key, release_document_changes
from publication import drafting
from publication.models import (
    HELPDESK,
    NoteStatus,
    ReleaseNote,
    ReleaseNoteDocument,
    ReleaseNoteItem,
)
from releases.choices import Inclusion, ReleaseKind, ReleaseStatus
from releases.models import Release
from releases.services import release_default_sec_version


def _require(actor, permission: str, doing: str) -> None:
    if not actor.has_perm(permission):
        raise ApplicationError(f"Only SECAS can {doing}.", status=403)


def _refuse_published(note: ReleaseNote) -> None:
    if note.is_published:
        raise ApplicationError(
            f"The note was published on {drafting.long_date(note.published_at.date())}: a "
            "published note no longer changes.",
            field="note",
        )


@transaction.atomic
def release_note_draft(*, release: Release, actor) -> ReleaseNote:
    """Write (or rewrite) the release's draft note from its data: title, introduction, a
    summary per approved modification and per designation, the documents affected with their
    flags and versions, where the redlining is. SECAS edits it afterwards.

    Once live, the documents are the ones the go-live put into the Document Log; before, the
    ones the scope and designations would change (a draft written early is rewritten later).
    """
    _require(actor, "publication.add_releasenote", "draft a release note")
    release = Release.objects.select_for_update().get(pk=release.pk)
    note = ReleaseNote.objects.filter(release=release).first()
    if note is not None:
        _refuse_published(note)
    items = list(
        release.scope_items.filter(inclusion=Inclusion.APPROVED)
        .select_related("modification")
        .order_by("position", "id")
    )
    designations = list(Designation.objects.filter(release=release).order_by("designated_on", "id"))
    ad_hoc = release.kind == ReleaseKind.AD_HOC
    sec_version = release.sec_version or release_default_sec_version(release)
    references = list(dict.fromkeys(i.modification.reference for i in items))
    modifications = list(
        dict.fromkeys((i.modification.reference, i.modification.title) for i in items)
    )

    on = release.actual_go_live or release.planned_go_live
    changes = {
        c.document.pk: c
        for c in release_document_changes(release, on=on, sec_version=release.sec_version)
    }
    if release.status == ReleaseStatus.LIVE:
        applied = list(DocumentVersion.objects.filter(release=release).select_related("document"))
        rows = [
            (
                entry.document,
                changes[entry.document_id].by_modification
                if entry.document_id in changes
                else True,
                changes[entry.document_id].by_designation
                if entry.document_id in changes
                else False,
                entry.version,
            )
            for entry in applied
        ]
    else:
        rows = [
            (c.document, c.by_modification, c.by_designation, c.proposed_version)
            for c in changes.values()
        ]
    rows.sort(key=lambda row: document_sort_key(row[0]))

    if note is None:
        note = ReleaseNote(release=release)
    else:
        note.version += 1
    note.title = drafting.note_title(
        release_name=release.name,
        ad_hoc=ad_hoc,
        sec_version=sec_version,
        references=references,
        designations=len(designations),
    )
    note.dated = release.actual_go_live
    note.introduction = drafting.note_introduction(
        release_name=release.name,
        ad_hoc=ad_hoc,
        sec_version=sec_version,
        go_live=release.actual_go_live,
        modifications=modifications,
        designations=len(designations),
    )
    note.redlining = drafting.redlining_text(
        release_name=release.name,
        off_codeworks=[document.code for document, *_ in rows if not document.on_codeworks],
    )
    note.further_information = drafting.further_information_text(
        ad_hoc=ad_hoc, references=references, helpdesk=HELPDESK
    )
    validated_save(note, actor=actor)

    note.items.all().delete()
    note.documents.all().delete()
    position = 0
    for item in items:
        position += 1
        validated_save(
            ReleaseNoteItem(
                note=note,
                modification=item.modification,
                part=item.part,
                summary=drafting.item_summary(
                    summary=item.modification.summary,
                    part=item.part,
                    reference=item.modification.reference,
                    title=item.modification.title,
                ),
                position=position,
            ),
            actor=actor,
        )
    for designation in designations:
        position += 1
        validated_save(
            ReleaseNoteItem(
                note=note, designation=designation, summary=designation.summary, position=position
            ),
            actor=actor,
        )
    for position, (document, by_modification, by_designation, version) in enumerate(rows, 1):
        validated_save(
            ReleaseNoteDocument(
                note=note,
                document=document,
                on_codeworks=document.on_codeworks,
                by_modification=by_modification,
                by_designation=by_designation,
                version=version,
                position=position,
            ),
            actor=actor,
        )
    return note


@transaction.atomic
def release_note_update(
    *,
    note: ReleaseNote,
    actor,
    title: str,
    introduction: str,
    dated=None,
    redlining: str = "",
    redlining_url: str = "",
    further_information: str = "",
    item_summaries: Mapping[int, str] | None = None,
    document_flags: Mapping[int, Mapping[str, bool]] | None = None,
    expected_version: int | None = None,
) -> ReleaseNote:
    """SECAS's edits to a draft: its texts, each item's summary, each document's flags."""
    _require(actor, "publication.change_releasenote", "edit a release note")
    note = ReleaseNote.objects.select_for_update().get(pk=note.pk)
    check_version(note, expected_version)
    _refuse_published(note)
    if not title.strip():
        raise ApplicationError("A release note needs its title.", field="title")
    note.title = title.strip()
    note.introduction = introduction.strip()
    note.dated = dated
    note.redlining = redlining.strip()
    note.redlining_url = redlining_url.strip()
    note.further_information = further_information.strip()
    note.version += 1
    validated_save(note, actor=actor)
    items = {item.pk: item for item in note.items.all()}
    for pk, summary in (item_summaries or {}).items():
        if pk not in items:
            raise ApplicationError("That item is not part of this note.", field="items")
        items[pk].summary = summary.strip()
        validated_save(items[pk], actor=actor)
    rows = {row.pk: row for row in note.documents.all()}
    for pk, flags in (document_flags or {}).items():
        if pk not in rows:
            raise ApplicationError("That document is not part of this note.", field="documents")
        for flag in ("on_codeworks", "by_modification", "by_designation"):
            if flag in flags:
                setattr(rows[pk], flag, bool(flags[flag]))
        validated_save(rows[pk], actor=actor)
    return note


@transaction.atomic
def release_note_publish(
    *, note: ReleaseNote, actor, expected_version: int | None = None
) -> ReleaseNote:
    """Publish the note on /news/ and its feed: only for a live release, and only once."""
    _require(actor, "publication.publish_releasenote", "publish a release note")
    note = ReleaseNote.objects.select_for_update().select_related("release").get(pk=note.pk)
    check_version(note, expected_version)
    _refuse_published(note)
    release = note.release
    if release.status != ReleaseStatus.LIVE:
        raise ApplicationError(
            f"{release.name} is not live ({release.get_status_display().lower()}): its note can "
            "be published once it has gone live.",
            field="release",
        )
    if not note.title.strip():
        raise ApplicationError("A release note needs its title.", field="title")
    note.status = NoteStatus.PUBLISHED
    note.published_at = timezone.now()
    note.published_by = actor if getattr(actor, "is_authenticated", False) else None
    note.dated = note.dated or release.actual_go_live
    note.version += 1
    validated_save(note, actor=actor)
    return note
