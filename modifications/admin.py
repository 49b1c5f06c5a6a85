from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from modifications import models


class StatusUpdateInline(admin.TabularInline):
    model = models.StatusUpdate
    extra = 0
    fields = ["as_of", "text", "author"]
    autocomplete_fields = ["author"]


class AssessmentInline(admin.TabularInline):
    model = models.Assessment
    extra = 0


class ParticipantImpactInline(admin.TabularInline):
    model = models.ParticipantImpact
    extra = 0


class PartyImpactSummaryInline(admin.TabularInline):
    model = models.PartyImpactSummary
    extra = 0


class DccImpactInline(admin.TabularInline):
    model = models.DccImpact
    extra = 0


class DocumentImpactInline(admin.TabularInline):
    model = models.DocumentImpact
    extra = 0
    autocomplete_fields = ["document"]


class TechSpecImpactInline(admin.TabularInline):
    model = models.TechSpecImpact
    extra = 0


class OtherCodeImpactInline(admin.TabularInline):
    model = models.OtherCodeImpact
    extra = 0


class DccCostInline(admin.TabularInline):
    model = models.DccCost
    extra = 0


@admin.register(models.Modification)
class ModificationAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "title", "phase", "path", "impacts_dcc_systems"]
    list_filter = ["phase", "path", "impacts_dcc_systems"]
    search_fields = ["reference", "former_reference", "title"]
    readonly_fields = ["version"]
    inlines = [
        StatusUpdateInline,
        AssessmentInline,
        ParticipantImpactInline,
        PartyImpactSummaryInline,
        DccImpactInline,
        DocumentImpactInline,
        TechSpecImpactInline,
        OtherCodeImpactInline,
        DccCostInline,
    ]

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)


@admin.register(models.StatusUpdate)
class StatusUpdateAdmin(SimpleHistoryAdmin):
    list_display = ["modification", "as_of", "author"]
    list_select_related = ["modification", "author"]
    search_fields = ["modification__reference", "text"]
    date_hierarchy = "as_of"


@admin.register(models.Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = [
        "modification",
        "kind",
        "requested_on",
        "expected_completion_on",
        "completed_on",
    ]
    list_select_related = ["modification"]
    list_filter = ["kind"]


class DocumentVersionInline(admin.TabularInline):
    model = models.DocumentVersion
    extra = 0


@admin.register(models.SecDocument)
class SecDocumentAdmin(SimpleHistoryAdmin):
    list_display = [
        "code",
        "title",
        "kind",
        "short_name",
        "is_technical_specification",
        "on_codeworks",
    ]
    list_filter = ["kind", "is_technical_specification", "on_codeworks"]
    search_fields = ["code", "title", "short_name"]
    inlines = [DocumentVersionInline]


@admin.register(models.DocumentVersion)
class DocumentVersionAdmin(SimpleHistoryAdmin):
    list_display = ["document", "version", "effective_from", "release"]
    list_select_related = ["document", "release"]
    list_filter = ["release"]


class DesignatedDocumentInline(admin.TabularInline):
    model = models.DesignatedDocument
    extra = 0
    autocomplete_fields = ["document"]


@admin.register(models.Designation)
class DesignationAdmin(SimpleHistoryAdmin):
    list_display = ["title", "release", "designated_on", "designated_by"]
    list_select_related = ["release"]
    list_filter = ["designated_by"]
    search_fields = ["reference", "title", "changes"]
    inlines = [DesignatedDocumentInline]
