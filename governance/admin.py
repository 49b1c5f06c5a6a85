from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from governance import models


class FreezeWindowInline(admin.TabularInline):
    model = models.FreezeWindow
    extra = 0
    fields = ["starts_on", "ends_on", "reason"]


@admin.register(models.PolicyVersion)
class PolicyVersionAdmin(SimpleHistoryAdmin):
    """Read the versions here; write them through /policy/draft/, whose services keep the rules
    (consultation before effect, a published version never changes)."""

    list_display = [
        "number",
        "notice_period_working_days",
        "consultation_opened_on",
        "consultation_closed_on",
        "effective_from",
        "decision_reference",
        "published_at",
    ]
    readonly_fields = ["published_at", "published_by"]
    inlines = [FreezeWindowInline]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_published:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_published:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(models.PanelException)
class PanelExceptionAdmin(SimpleHistoryAdmin):
    """Exceptions are recorded from the release page; here they are read."""

    list_display = ["release", "covers", "decision_reference", "recorded_by", "created_at"]
    list_select_related = ["release", "recorded_by"]
    list_filter = ["covers"]
    search_fields = ["release__name", "decision_reference", "reason"]
    readonly_fields = ["recorded_by"]

    def has_add_permission(self, request):
        return False  # governance.services.panel_exception_record keeps the rules

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)
