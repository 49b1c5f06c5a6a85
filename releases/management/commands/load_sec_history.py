"""`manage.py load_sec_history`: load the real 2021-2022 SEC Release history (idempotent)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from releases import reference


class Command(BaseCommand):
    help = (
        "Load the reference data set (releases, modifications, the June 2022 RID v0.1, the "
        "November 2021 acceptance review) from CSV files. Running it twice is running it once; "
        "a malformed row refuses the whole load."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=reference.DATA_DIR,
            help="The folder holding the CSV files (default: releases/reference_data).",
        )

    def handle(self, *args, data_dir: Path, **options):
        try:
            summary = reference.load(data_dir)
        except reference.MalformedRow as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Loaded the SEC history from {data_dir}:")
        for line in summary.lines():
            self.stdout.write(f"  {line}" if not line.startswith("Total") else line)
        if not summary.changed_anything:
            self.stdout.write(
                self.style.SUCCESS("Nothing to change: the data set was already loaded.")
            )
