"""Every kind of dated item starts reminded 10, 5 and 1 Working Days before, and on the first
Working Day overdue; SECAS changes them afterwards."""

from django.db import migrations

KINDS = (
    "MILESTONE",
    "TAD_DUE",
    "DECISION_CUTOFF",
    "ASSESSMENT",
    "APPEAL_WINDOW",
    "REFERRAL_PERIOD",
)


def create_defaults(apps, schema_editor):
    ReminderSchedule = apps.get_model("notifications", "ReminderSchedule")
    for kind in KINDS:
        ReminderSchedule.objects.get_or_create(
            kind=kind, defaults={"lead_times": [10, 5, 1], "remind_when_overdue": True}
        )


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_reminders_inbox_follows")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
