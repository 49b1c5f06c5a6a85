"""Time the June 2022 RID's PDF as the real code path makes it, against WeasyPrint alone.

    python bench/pdf.py [--runs 10]

Builds a throwaway test database (SQLite, or PostgreSQL when DATABASE_URL is set), loads the
reference data and puts June 2022 back to its RID v0.1 scope (11 June 2021). Each run times the
whole path (snapshot from the database + template + WeasyPrint) and, interleaved with it,
WeasyPrint rendering the same HTML alone; prints both medians, their ratio, and the parts.
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secrelease.settings.test")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()

    import django

    django.setup()
    import logging

    from django.db import connection
    from django.test.runner import DiscoverRunner

    # WeasyPrint warns once per font that it subsets with fontTools; not what is measured here.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    runner = DiscoverRunner(verbosity=0)
    runner.setup_test_environment()
    old_config = runner.setup_databases()
    try:
        import pypdf

        from core.pdf import html_to_pdf
        from releases import reference
        from releases.rid.content import rid_snapshot
        from releases.rid.render import rid_html, rid_pdf
        from tests.releases.rid_june_2022 import june_2022_as_in_v01

        reference.load()
        release = june_2022_as_in_v01()
        html = rid_html(rid_snapshot(release), for_pdf=True)
        pages = len(pypdf.PdfReader(io.BytesIO(html_to_pdf(html))).pages)  # warm

        whole, alone, snapshots, templates = [], [], [], []
        for n in range(args.runs):
            start = time.perf_counter()
            snapshot = rid_snapshot(release)
            built = time.perf_counter()
            rid_html(snapshot, for_pdf=True)
            rendered = time.perf_counter()
            snapshots.append(built - start)
            templates.append(rendered - built)

            # Alternate which goes first, so neither gains from the other's warm caches.
            for first in (n % 2 == 0, n % 2 == 1):
                start = time.perf_counter()
                if first:
                    rid_pdf(rid_snapshot(release))  # the real code path, end to end
                    whole.append(time.perf_counter() - start)
                else:
                    html_to_pdf(html)
                    alone.append(time.perf_counter() - start)

        def ms(values):
            return statistics.median(values) * 1000

        print(
            f"June 2022 RID v0.1: {pages} pages; database: {connection.vendor}; runs: {args.runs}"
        )
        print(f"{'snapshot (queries + glossary)':<36} {ms(snapshots):>8.1f} ms")
        print(f"{'template (HTML)':<36} {ms(templates):>8.1f} ms")
        print(f"{'whole path (snapshot+HTML+PDF)':<36} {ms(whole):>8.1f} ms")
        print(f"{'WeasyPrint alone, same HTML':<36} {ms(alone):>8.1f} ms")
        print(f"{'ratio whole / WeasyPrint':<36} {ms(whole) / ms(alone):>8.2f} x")
        print(f"{'WeasyPrint per page':<36} {ms(alone) / pages:>8.1f} ms")
    finally:
        runner.teardown_databases(old_config)
        runner.teardown_test_environment()


if __name__ == "__main__":
    main()
