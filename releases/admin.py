from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyAdminMixin
from releases import models, services


class ScopeItemInline(admin.TabularInline):
    model = models.ScopeItem
    fk_name = "release"
    extra = 0
    fields = [
        "modification",
        "part",
        "inclusion",
        "decision_cutoff",
        "impacts_dcc_systems",
        "position",
    ]
    autocomplete_fields = ["modification"]


class MilestoneInline(admin.TabularInline):
    model = models.Milestone
    extra = 0
    fields = ["date", "precision", "event", "kind", "responsible", "anchor", "offset_working_days"]
    show_change_link = True


class DecisionInline(admin.TabularInline):
    model = models.Decision
    extra = 0
    fields = [
        "body",
        "meeting_date",
        "paper_reference",
        "ask",
        "summary",
        "outcome",
        "published_on",
    ]


@admin.register(models.Release)
class ReleaseAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "status",
        "planned_go_live",
        "actual_go_live",
        "sec_version",
        "classification",
    ]
    list_filter = ["status", "kind", "classification"]
    search_fields = ["name", "slug"]
    readonly_fields = ["version"]
    inlines = [
        ScopeItemInline,
        MilestoneInline,
        DecisionInline,
    ]


@admin.register(models.ScopeItem)
class ScopeItemAdmin(SimpleHistoryAdmin):
    list_display = [
        "modification",
        "release",
        "part",
        "inclusion",
        "decision_cutoff",
        "impacts_dcc_systems",
    ]
    list_select_related = ["modification", "release"]
    list_filter = ["release", "inclusion", "impacts_dcc_systems"]
    search_fields = ["modification__reference", "modification__title"]
    autocomplete_fields = ["modification"]
    readonly_fields = ["version"]


@admin.register(models.Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = [
        "release",
        "date",
        "event",
        "kind",
        "responsible",
        "anchor",
        "offset_working_days",
    ]
    list_select_related = ["release", "anchor"]
    list_filter = ["release", "kind", "responsible"]
    readonly_fields = ["version"]

    def save_model(self, request, obj, form, change):
        # The service derives a rule's date and moves the milestones anchored on this one.
        services.milestone_save(milestone=obj, actor=request.user)


@admin.register(models.Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = [
        "meeting_date",
        "body",
        "paper_reference",
        "ask",
        "summary",
        "outcome",
        "release",
    ]
    list_select_related = ["release"]
    list_filter = ["body", "ask", "outcome"]
    search_fields = ["paper_reference", "summary"]


@admin.register(
    models.ConcurrentProgramme, models.DccChangeRequest, models.SecasCost, models.RidNarrative
)
class ReleasePartAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "release"]
    list_select_related = ["release"]


@admin.register(models.RidBaseline)
class RidBaselineAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Baselines are frozen: the admin shows them and never changes them."""

    list_display = ["release", "version", "issued_on", "decision", "pdf_sha256"]
    list_select_related = ["release", "decision"]
    exclude = ["snapshot"]  # thousands of lines of JSON: the baseline's page shows it rendered


@admin.register(models.RidAppeal)
class RidAppealAdmin(SimpleHistoryAdmin):
    """Appeals are SECAS's record of a Party's appeal and its outcome; the history keeps each
    change."""

    list_display = ["baseline", "appellant", "lodged_on", "outcome", "decided_on"]
    list_select_related = ["baseline__release"]
    list_filter = ["outcome"]
    readonly_fields = ["version"]

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)


@admin.register(models.RidComment)
class RidCommentAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Review comments are written and resolved on the draft RID's page (the services check who
    may); the admin lists them read-only, with their history."""

    list_display = ["release", "section", "row", "author", "created_at", "resolved_at", "baseline"]
    list_select_related = ["release", "author", "baseline__release"]
    list_filter = ["section", "release"]
    search_fields = ["text", "answer", "row"]
