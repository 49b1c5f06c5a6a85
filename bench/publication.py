"""Time the public pages of the publication app on a large data set, in-process.

    python bench/publication.py [--runs 30]

Builds a throwaway test database (SQLite, or PostgreSQL when DATABASE_URL is set) and loads the
reference data; times the two iCalendar feeds at that size; then adds 300 live releases each
with a published note, 200 SEC documents with 20 Document Log entries each and 3,000 future
milestones, and times every page. Each page is fetched `--runs` times with Django's test client;
printed: the median and p95 in milliseconds, the queries used and, for a feed, its events.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secrelease.settings.test")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.runner import DiscoverRunner

    settings.ALLOWED_HOSTS = ["*"]
    runner = DiscoverRunner(verbosity=0)
    runner.setup_test_environment()
    old_config = runner.setup_databases()
    try:
        from django.test import Client

        from releases import reference

        client = Client()
        feeds = ["/releases/calendar.ics", "/releases/june-2022/calendar.ics"]
        reference.load()
        print("reference data")
        _table(client, feeds, args.runs)
        _build()
        pages = [
            "/news/",
            "/news/feed/",
            "/document-log/?date=2022-07-01",
            *feeds,
            "/releases/june-2022/notes/",
        ]
        print("reference data + 300 releases, 4,000 Document Log entries, 3,000 milestones")
        _table(client, pages, args.runs)
        print(f"database: {connection.vendor}; runs per page: {args.runs}")
    finally:
        runner.teardown_databases(old_config)
        runner.teardown_test_environment()


def _table(client, urls: list[str], runs: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    print(f"  {'page':<36} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'events':>7}")
    for url in urls:
        client.get(url)  # warm
        timings = []
        for _ in range(runs):
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        timings.sort()
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        events = response.content.count(b"BEGIN:VEVENT") if url.endswith(".ics") else ""
        print(
            f"  {url:<36} {statistics.median(timings):>10.1f} {p95:>8.1f} {len(queries):>8}"
            f" {events:>7}"
        )


def _build() -> None:
    from django.utils import timezone

    from modifications.models import DocumentVersion, SecDocument
    from publication.models import NoteStatus, ReleaseNote
    from releases.models import Milestone, Release

    now = timezone.now()
    start = datetime.date(2000, 1, 6)
    releases = Release.objects.bulk_create(
        [
            Release(
                slug=f"bench-{n}",
                name=f"Bench release {n}",
                kind="AD_HOC",
                planned_go_live=start + datetime.timedelta(days=7 * n),
                actual_go_live=start + datetime.timedelta(days=7 * n),
                sec_version=Decimal(100 + n),
                status="LIVE",
            )
            for n in range(300)
        ]
    )
    ReleaseNote.objects.bulk_create(
        [
            ReleaseNote(
                release=r,
                title=f"SEC v{r.sec_version} released",
                dated=r.actual_go_live,
                introduction="An updated version of the SEC came into effect. " * 5,
                status=NoteStatus.PUBLISHED,
                published_at=now,
            )
            for r in releases
        ]
    )
    documents = SecDocument.objects.bulk_create(
        [
            SecDocument(code=f"Appendix Z{n}", title=f"Bench document {n}", kind="APPENDIX")
            for n in range(200)
        ]
    )
    DocumentVersion.objects.bulk_create(
        [
            DocumentVersion(
                document=d,
                version=f"{k + 1}.0",
                effective_from=releases[k * 10].actual_go_live,
                release=releases[k * 10],
            )
            for d in documents
            for k in range(20)
        ]
    )
    june = Release.objects.get(slug="june-2022")
    Milestone.objects.bulk_create(
        [
            Milestone(
                release=releases[n % 300] if n % 2 else june,
                event=f"Bench milestone {n}",
                responsible="DCC",
                date=datetime.date.today() + datetime.timedelta(days=n % 400),
                position=n,
            )
            for n in range(3000)
        ]
    )


if __name__ == "__main__":
    main()
