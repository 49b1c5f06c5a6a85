"""`manage.py flush`, which empties every table: the one command allowed to delete RID
baselines (the test suite empties its database this way between tests)."""

from django.core.management.commands.flush import Command as FlushCommand

from releases.frozen import baselines_unlocked


class Command(FlushCommand):
    def handle(self, **options):
        with baselines_unlocked():
            return super().handle(**options)
