from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from costs import models


@admin.register(models.CostActual)
class CostActualAdmin(SimpleHistoryAdmin):
    """Actuals are reported through the pages and the API (the rules live in the service);
    the admin reads them and their history."""

    list_display = [
        "release",
        "modification",
        "stage",
        "secas_cost",
        "amount",
        "reported_by",
        "reported_on",
    ]
    list_select_related = ["release", "modification", "secas_cost"]
    list_filter = ["reported_by", "stage", "release"]
    readonly_fields = ["created_at", "updated_at"]
