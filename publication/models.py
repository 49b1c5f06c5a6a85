"""What SECAS publishes when a release goes live: the release note (the SEC's "SEC v61.0
published for the June 2022 SEC Release" news item), with its summary of each change and the
documents affected. The Document Log itself is `modifications.DocumentVersion`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel


class NoteStatus(models.TextChoices):
    DRAFT = "DRAFT", "Draft"
    PUBLISHED = "PUBLISHED", "Published"


HELPDESK = (
    "If you have any questions, you can call the SECAS Helpdesk at 020 7090 7755 or email "
    "sec.change@gemserv.com."
)


class ReleaseNote(TimeStampedModel):
    """The public news item for a release that went live: generated from the release's data as a
    draft, edited by SECAS, then published (and frozen) once the release is live."""

    release = models.OneToOneField(
        "releases.Release", on_delete=models.PROTECT, related_name="release_note"
    )
    title = models.CharField(
        max_length=300,
        help_text="SEC v61.0 published for the June 2022 SEC Release and to support the ECoS "
        "arrangements",
    )
    dated = models.DateField(
        null=True, blank=True, help_text="The date the note carries (the go-live date)."
    )
    introduction = models.TextField(blank=True)
    redlining = models.TextField("where the redlining is", blank=True)
    redlining_url = models.URLField(
        "redlining link",
        max_length=300,
        blank=True,
        help_text="The page with the marked-up documents not on CodeWorks.",
    )
    further_information = models.TextField(blank=True, default=HELPDESK)
    status = models.CharField(
        max_length=10, choices=NoteStatus.choices, default=NoteStatus.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-dated", "-id"]
        permissions = [("publish_releasenote", "Can publish a release note")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=NoteStatus.DRAFT) | Q(published_at__isnull=False),
                name="release_note_published_has_time",
                violation_error_message="A published note needs the time it was published.",
            )
        ]

    def __str__(self):
        return self.title or f"Release note for {self.release}"

    @property
    def is_published(self) -> bool:
        return self.status == NoteStatus.PUBLISHED


class ReleaseNoteItem(models.Model):
    """One change the note summarises: a modification (or the part of it in this release), or a
    Government designation implemented beside them."""

    note = models.ForeignKey(ReleaseNote, on_delete=models.CASCADE, related_name="items")
    modification = models.ForeignKey(
        "modifications.Modification",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="release_note_items",
    )
    designation = models.ForeignKey(
        "modifications.Designation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="release_note_items",
    )
    part = models.CharField(max_length=200, blank=True, help_text="The part in this release.")
    summary = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["note", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(modification__isnull=False, designation__isnull=True)
                | Q(modification__isnull=True, designation__isnull=False),
                name="release_note_item_one_subject",
                violation_error_message="A note item is about a modification or a designation.",
            ),
            models.UniqueConstraint(
                fields=["note", "modification", "part"],
                condition=Q(modification__isnull=False),
                name="release_note_item_modification_once",
            ),
            models.UniqueConstraint(
                fields=["note", "designation"],
                condition=Q(designation__isnull=False),
                name="release_note_item_designation_once",
            ),
        ]

    def __str__(self):
        subject = self.modification or self.designation
        return f"{subject} in {self.note}"


class ReleaseNoteDocument(models.Model):
    """A row of "What parts of the SEC were affected?", with the flags of the v50.0 table."""

    note = models.ForeignKey(ReleaseNote, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "modifications.SecDocument", on_delete=models.PROTECT, related_name="release_notes"
    )
    on_codeworks = models.BooleanField("available on CodeWorks", default=True)
    by_modification = models.BooleanField("SEC Modification", default=True)
    by_designation = models.BooleanField("BEIS Designation", default=False)
    version = models.CharField(
        max_length=16, blank=True, help_text="The version this release put into effect."
    )
    position = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["note", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["note", "document"], name="release_note_document_once")
        ]

    def __str__(self):
        return f"{self.document.code} in {self.note}"
