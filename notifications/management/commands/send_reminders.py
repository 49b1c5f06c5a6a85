import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications.leadtimes import lead_label
from notifications.models import SweepRun
from notifications.services import reminders_sweep


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--date must be a date as YYYY-MM-DD, not ‘{value}’.") from error


class Command(BaseCommand):
    help = (
        "Run the reminder sweep the daily job runs, as of a day (default today): for catching "
        "up after downtime and for checking the rules. Prints what it sent (or, with "
        "--dry-run, would send) and what it skipped. Reminders already sent are never sent again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", type=str, help="Sweep as of this day (YYYY-MM-DD).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be sent; send nothing."
        )

    def handle(self, *args, date=None, dry_run=False, **options):
        as_of = _date(date) if date else timezone.localdate()
        result = reminders_sweep(as_of=as_of, dry_run=dry_run, trigger=SweepRun.Trigger.COMMAND)
        verb = "Would send" if dry_run else "Sent"
        self.stdout.write(
            f"Reminder sweep as of {as_of:%A %d %B %Y}{' (dry run)' if dry_run else ''}"
        )
        self.stdout.write(
            f"{verb} {len(result.sent)} reminder{'s' if len(result.sent) != 1 else ''}:"
        )
        users = _usernames({p.recipient_id for p in result.sent})
        for p in sorted(result.sent, key=lambda p: (p.due_on, p.subject, users[p.recipient_id])):
            self.stdout.write(f"  {users[p.recipient_id]}: {p.subject} [{lead_label(p.lead)}]")
        if result.already_sent:
            self.stdout.write(f"Already sent before, not sent again: {result.already_sent}")
        self.stdout.write(
            f"Skipped {len(result.skipped)} item{'s' if len(result.skipped) != 1 else ''}:"
        )
        for skipped in result.skipped:
            self.stdout.write(f"  {skipped}")


def _usernames(ids: set[int]) -> dict[int, str]:
    from django.contrib.auth import get_user_model

    return dict(get_user_model().objects.filter(pk__in=ids).values_list("pk", "username"))
