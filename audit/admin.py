from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from audit import models
from core.admin import ReadOnlyAdminMixin


@admin.register(models.AuditorAppointment)
class AuditorAppointmentAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Read here; the Panel appoints and revokes on the release's auditors page, whose services
    keep the rules (no other role, no overlap, the auditor group)."""

    list_display = ["user", "release", "starts_on", "ends_on", "decision_reference", "revoked_at"]
    list_select_related = ["user", "release"]
    list_filter = ["release"]
    search_fields = ["user__username", "release__name", "decision_reference"]


@admin.register(models.AuditorPageView)
class AuditorPageViewAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Every request an auditor made: a log, read-only."""

    list_display = ["viewed_at", "user", "release", "method", "path", "status_code"]
    list_select_related = ["user", "release"]
    list_filter = ["status_code", "method", "release"]
    search_fields = ["user__username", "path"]
    date_hierarchy = "viewed_at"
