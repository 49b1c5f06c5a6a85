from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from core.errors import ApplicationError
from notifications import models, services
from notifications.forms import ReminderScheduleForm


@admin.register(models.ReminderSchedule)
class ReminderScheduleAdmin(SimpleHistoryAdmin):
    """SECAS sets each kind's lead times here (or on /notifications/lead-times/)."""

    form = ReminderScheduleForm
    list_display = ["kind", "lead_times_display", "remind_when_overdue", "updated_at"]
    readonly_fields = ["kind", "version"]
    fields = ["kind", "lead_times", "remind_when_overdue", "version"]

    def has_add_permission(self, request):
        return False  # one row per kind, made by a migration

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        try:
            services.reminder_schedule_update(
                schedule=obj,
                lead_times=form.cleaned_data["lead_times"],
                remind_when_overdue=form.cleaned_data["remind_when_overdue"],
                actor=request.user,
            )
        except ApplicationError as error:
            messages.error(request, error.message)


@admin.register(models.Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipient", "lead", "due_on", "remind_on", "sent_at"]
    list_select_related = ["recipient"]
    list_filter = ["kind", "lead", "remind_on"]
    search_fields = ["subject", "recipient__username"]
    date_hierarchy = "remind_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.SweepRun)
class SweepRunAdmin(admin.ModelAdmin):
    list_display = ["as_of", "trigger", "started_at", "finished_at", "items_due", "claimed"]
    list_filter = ["trigger"]
    date_hierarchy = "as_of"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.Email)
class EmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "to_address", "created_at", "sent_at", "attempts"]
    list_filter = ["sent_at"]
    search_fields = ["subject", "to_address"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "release", "modification", "created_at"]
    list_select_related = ["user", "release", "modification"]
    autocomplete_fields = ["modification"]


@admin.register(models.DeliveryPreference)
class DeliveryPreferenceAdmin(SimpleHistoryAdmin):
    list_display = ["user", "delivery", "updated_at"]
    list_select_related = ["user"]
