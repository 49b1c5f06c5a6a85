from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from publication import models


class ReleaseNoteItemInline(admin.TabularInline):
    model = models.ReleaseNoteItem
    extra = 0
    fields = ["position", "modification", "part", "designation", "summary"]
    raw_id_fields = ["modification", "designation"]


class ReleaseNoteDocumentInline(admin.TabularInline):
    model = models.ReleaseNoteDocument
    extra = 0
    fields = [
        "position",
        "document",
        "on_codeworks",
        "by_modification",
        "by_designation",
        "version",
    ]
    raw_id_fields = ["document"]


@admin.register(models.ReleaseNote)
class ReleaseNoteAdmin(SimpleHistoryAdmin):
    """Read the notes here; write them through the note page, whose services keep the rules
    (a published note does not change)."""

    list_display = ["title", "release", "dated", "status", "published_at"]
    list_select_related = ["release"]
    list_filter = ["status"]
    search_fields = ["title", "release__name"]
    readonly_fields = ["status", "published_at", "published_by", "version"]
    inlines = [ReleaseNoteItemInline, ReleaseNoteDocumentInline]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_published:
            return False
        return super().has_change_permission(request, obj)
