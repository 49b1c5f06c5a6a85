"""Latency of the pages SECAS lives in, each next to its floor, on a large generated data set.

    python bench/pages.py [--requests 60] [--keep]

Generates 60 releases x 30 scope items, 1,500 modifications, 5,000 status updates (with their
history, 12 milestones and 2 decisions a release) in a throwaway database: a PostgreSQL database
named after yours with `_bench` in it (secrelease_i6 -> secrelease_bench_i6) when DATABASE_URL is
set, else the SQLite file var/bench-pages.sqlite3. It is dropped and made again at every run.

Each page is requested in-process through Django's test Client (the whole middleware stack, the
same settings as the tests), alternating with its floor: a bare view that fetches the same rows
with one query and renders them into the same base template (or the same CSV/XLSX writer). It
prints median and p95 latency of both and their ratio; the target is every page within 2x.
"""

import argparse
import csv
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secrelease.settings.test")


def _bench_database_url() -> str:
    """The throwaway database's URL, created empty (dropping any earlier one)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        path = ROOT / "var" / "bench-pages.sqlite3"
        path.parent.mkdir(exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import dj_database_url
    import psycopg2

    config = dj_database_url.parse(url)
    name = config["NAME"]
    bench = (
        name.replace("secrelease", "secrelease_bench", 1)
        if "secrelease" in name
        else f"{name}_bench"
    )
    admin = psycopg2.connect(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"],
        host=config["HOST"],
        port=config["PORT"] or 5432,
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{bench}"')
        cursor.execute(f'CREATE DATABASE "{bench}"')
    admin.close()
    return url.rsplit("/", 1)[0] + "/" + bench


os.environ["DATABASE_URL"] = _bench_database_url()

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import include, path  # noqa: E402

# The bench serves the product's URLs plus the floors, from this module.
settings.ROOT_URLCONF = __name__

FLOOR_TEMPLATE = engines["django"].from_string(
    '{% extends "base.html" %}{% block content %}<h1>Floor</h1><table class="table">'
    "{% for row in rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>"
    "{% endfor %}</table>{% endblock %}"
)
WIDTH = 8  # every floor query returns this many columns, as text (UNION ALL needs one shape)


def _floor(request, rows):
    return HttpResponse(FLOOR_TEMPLATE.render({"rows": rows}, request))


def _text_rows(queryset, *columns):
    """`queryset` as rows of WIDTH text columns: each column a field path or an expression."""
    from django.db.models import CharField, F, TextField, Value
    from django.db.models.functions import Cast

    names = {}
    for index, column in enumerate(columns):
        expression = F(column) if isinstance(column, str) else column
        names[f"c{index}"] = Cast(expression, TextField())
    for index in range(len(columns), WIDTH):
        names[f"c{index}"] = Value("", output_field=CharField())
    return queryset.order_by().annotate(**names).values_list(*(f"c{i}" for i in range(WIDTH)))


def _union(*querysets):
    first, *rest = querysets
    return list(first.union(*rest, all=True)) if rest else list(first)


def _latest_status(field: str, outer: str = "modification"):
    from django.db.models import OuterRef, Subquery

    from modifications.models import StatusUpdate

    latest = StatusUpdate.objects.filter(modification=OuterRef(outer)).order_by("-as_of", "-id")
    return Subquery(latest.values(field)[:1])


def _release_rows():
    """The releases with their scope counts and next milestone: the overview table's rows. Each count is a subquery on the release's own scope rows: a join
    grouped by every column would evaluate the next-milestone subquery once per scope row."""
    from django.db.models import Count, IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce
    from django.utils import timezone

    from releases.models import Milestone, Release, ScopeItem

    def count(inclusion):
        rows = ScopeItem.objects.filter(release=OuterRef("pk"), inclusion=inclusion).order_by()
        counted = rows.values("release_id").annotate(n=Count("*")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

    upcoming = Milestone.objects.filter(
        release=OuterRef("pk"), date__gte=timezone.localdate()
    ).order_by("date", "position", "id")
    return _text_rows(
        Release.objects.all(),
        "name",
        "status",
        "planned_go_live",
        "actual_go_live",
        "sec_version",
        count("APPROVED"),
        count("TARGETED"),
        Subquery(upcoming.values("event")[:1]),
    )


def floor_home(request):
    return _floor(request, list(_release_rows()))


def floor_releases(request):
    """The overview rows and the timeline's key milestones, in one query."""
    from releases.models import Milestone
    from releases.selectors import TIMELINE_KINDS

    key = _text_rows(
        Milestone.objects.filter(kind__in=TIMELINE_KINDS, date__isnull=False),
        "release__name",
        "kind",
        "date",
        "precision",
        "event",
    )
    return _floor(request, _union(_release_rows(), key))


def floor_release(request, slug):
    """Everything the release page lists: scope with latest status, milestones, decisions."""
    from releases.models import Decision, Milestone, ScopeItem

    scope = _text_rows(
        ScopeItem.objects.filter(release__slug=slug),
        "modification__reference",
        "modification__title",
        "part",
        "inclusion",
        "decision_cutoff",
        "impacts_dcc_systems",
        _latest_status("text"),
        _latest_status("as_of"),
    )
    milestones = _text_rows(
        Milestone.objects.filter(release__slug=slug),
        "date",
        "event",
        "responsible",
        "kind",
        "notes",
        "offset_working_days",
        "anchor__event",
        "precision",
    )
    decisions = _text_rows(
        Decision.objects.filter(release__slug=slug),
        "meeting_date",
        "body",
        "paper_reference",
        "ask",
        "summary",
        "outcome",
        "published_on",
        "minutes",
    )
    return _floor(request, _union(scope, milestones, decisions))


def floor_release_history(request, slug):
    """The history records of the release and of its scope, milestones and decisions (all of
    them, as the page needs them for its diffs); the 50 newest rendered, as the page does."""
    from releases.models import Decision, Milestone, Release, ScopeItem

    def history(model, *fields, **filters):
        return _text_rows(
            model.history.filter(**filters),
            "history_date",
            "history_type",
            "history_user__username",
            "id",
            *fields,
        )

    release = Release.objects.get(slug=slug)
    # Each record with four of its fields: the page shows what each record changed.
    rows = _union(
        history(Release, "name", "status", "planned_go_live", "sec_version", id=release.pk),
        history(
            ScopeItem,
            "modification_id",
            "inclusion",
            "decision_cutoff",
            "reason",
            release_id=release.pk,
        ),
        history(Milestone, "event", "date", "kind", "responsible", release_id=release.pk),
        history(Decision, "meeting_date", "body", "ask", "summary", release_id=release.pk),
    )
    rows.sort(reverse=True)
    return _floor(request, rows[:50])


def _scope_export_rows(slug):
    from releases.models import ScopeItem

    return _text_rows(
        ScopeItem.objects.filter(release__slug=slug).order_by("position", "id"),
        "modification__reference",
        "modification__title",
        "part",
        "inclusion",
        "decision_cutoff",
        "impacts_dcc_systems",
        _latest_status("text"),
        _latest_status("as_of"),
    )


def floor_csv(request, slug):
    out = io.StringIO()
    csv.writer(out).writerows(_scope_export_rows(slug))
    return HttpResponse(out.getvalue(), content_type="text/csv")


def floor_xlsx(request, slug):
    from openpyxl import Workbook

    workbook = Workbook()
    for row in _scope_export_rows(slug):
        workbook.active.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return HttpResponse(out.getvalue())


def floor_modifications(request):
    """A page of the register: the same 50 modifications (same search, filters, sort and page
    as the URL asks) with their latest status date, in one query."""
    from django.db.models import OuterRef, Q, Subquery

    from modifications.models import Modification
    from releases.models import ScopeItem

    modifications = Modification.objects.all()
    q, phase, dcc = request.GET.get("q"), request.GET.get("phase"), request.GET.get("dcc")
    if q:
        modifications = modifications.filter(Q(reference__icontains=q) | Q(title__icontains=q))
    if phase:
        modifications = modifications.filter(phase=phase)
    if dcc:
        modifications = modifications.filter(impacts_dcc_systems=dcc == "yes")
    order = "-c5" if request.GET.get("sort") == "-updated" else "c0"
    start = (int(request.GET.get("page", 1)) - 1) * 50
    in_scope = ScopeItem.objects.filter(
        modification=OuterRef("pk"), inclusion__in=["APPROVED", "TARGETED"]
    ).order_by("release__planned_go_live")
    rows = _text_rows(
        modifications,
        "reference",
        "title",
        "phase",
        "path",
        "impacts_dcc_systems",
        _latest_status("as_of", outer="pk"),
        Subquery(in_scope.values("release__name")[:1]),  # the "In the scope of" column
    ).order_by(order)[start : start + 50]
    return _floor(request, list(rows))


def floor_modification(request, reference):
    """Everything the modification page lists: status updates, releases, assessments, costs."""
    from modifications.models import Assessment, DccCost, StatusUpdate
    from releases.models import ScopeItem

    rows = _union(
        _text_rows(StatusUpdate.objects.filter(modification__reference=reference), "as_of", "text"),
        _text_rows(
            ScopeItem.objects.filter(modification__reference=reference),
            "release__name",
            "part",
            "inclusion",
            "decision_cutoff",
            "impacts_dcc_systems",
        ),
        _text_rows(
            Assessment.objects.filter(modification__reference=reference),
            "kind",
            "requested_on",
            "expected_completion_on",
            "completed_on",
        ),
        _text_rows(
            DccCost.objects.filter(modification__reference=reference),
            "stage",
            "low",
            "high",
            "basis",
        ),
    )
    return _floor(request, rows)


def floor_modification_history(request, reference):
    from modifications.models import Modification, StatusUpdate
    from releases.models import ScopeItem

    modification = Modification.objects.get(reference=reference)

    def history(model, *fields, **filters):
        return _text_rows(
            model.history.filter(**filters),
            "history_date",
            "history_type",
            "history_user__username",
            "id",
            *fields,
        )

    rows = _union(
        history(Modification, "reference", "title", "phase", "path", id=modification.pk),
        history(StatusUpdate, "as_of", "text", modification_id=modification.pk),
        history(
            ScopeItem,
            "release_id",
            "inclusion",
            "decision_cutoff",
            "reason",
            modification_id=modification.pk,
        ),
    )
    rows.sort(reverse=True)
    return _floor(request, rows[:50])


urlpatterns = [
    path("floor/home/", floor_home),
    path("floor/releases/", floor_releases),
    path("floor/release/<str:slug>/", floor_release),
    path("floor/release-history/<str:slug>/", floor_release_history),
    path("floor/scope-csv/<str:slug>/", floor_csv),
    path("floor/scope-xlsx/<str:slug>/", floor_xlsx),
    path("floor/modifications/", floor_modifications),
    path("floor/modification/<str:reference>/", floor_modification),
    path("floor/modification-history/<str:reference>/", floor_modification_history),
    path("", include("secrelease.urls")),
]
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"


def generate() -> dict:
    """60 releases x 30 scope items, 1,500 modifications, 5,000 status updates, with history."""
    import datetime
    import random

    from simple_history.utils import bulk_create_with_history

    from core.choices import Body
    from modifications.models import Modification, StatusUpdate
    from releases.choices import DecisionAsk, Inclusion, MilestoneKind, ReleaseKind
    from releases.models import Decision, Milestone, Release, ScopeItem

    rng = random.Random(6)
    start = datetime.date(2021, 2, 25)
    releases = bulk_create_with_history(
        [
            Release(
                slug=f"bench-{n:02d}",
                name=f"Bench {n:02d} SEC Release",
                kind=ReleaseKind.JUNE,
                planned_go_live=start + datetime.timedelta(days=120 * n),
            )
            for n in range(60)
        ],
        Release,
    )
    releases = list(Release.objects.order_by("planned_go_live"))
    modifications = bulk_create_with_history(
        [
            Modification(
                reference=f"MP{1000 + n}",
                title=f"Incorporation of Issue Resolution Proposals, batch {n}",
                phase=rng.choice(["REFINEMENT", "REPORT", "APPROVED", "DECISION"]),
                path=rng.choice(["PATH_1", "PATH_2", "PATH_3"]),
                impacts_dcc_systems=n % 3 != 0,
            )
            for n in range(1500)
        ],
        Modification,
    )
    modifications = list(Modification.objects.order_by("id"))
    items = []
    for r, release in enumerate(releases):
        for k in range(30):
            modification = modifications[(r * 30 + k) % 1500]
            targeted = k % 4 == 0
            items.append(
                ScopeItem(
                    release=release,
                    modification=modification,
                    inclusion=Inclusion.TARGETED if targeted else Inclusion.APPROVED,
                    decision_cutoff=release.planned_go_live - datetime.timedelta(days=90)
                    if targeted
                    else None,
                    impacts_dcc_systems=modification.impacts_dcc_systems,
                    position=k,
                )
            )
    bulk_create_with_history(items, ScopeItem, batch_size=500)
    updates = []
    for n in range(5000):
        modification = modifications[n % 1500]
        updates.append(
            StatusUpdate(
                modification=modification,
                as_of=datetime.date(2021, 1, 1) + datetime.timedelta(days=n // 3),
                text=f"The DCC is carrying out an Impact Assessment which it expects to complete "
                f"by week {n % 52}. The Working Group discussed the solution ({n}).",
            )
        )
    bulk_create_with_history(updates, StatusUpdate, batch_size=1000)
    kinds = [
        MilestoneKind.RID_BASELINE,
        MilestoneKind.TAD_DRAFT_DUE,
        MilestoneKind.TAD_REVIEW,
        MilestoneKind.SIT_START,
        MilestoneKind.SIT_COMPLETION_REPORT,
        MilestoneKind.UIT_START,
        MilestoneKind.UIT_WINDOW_CLOSES,
        MilestoneKind.OPSG_REVIEW,
        MilestoneKind.GO_NO_GO,
        MilestoneKind.GO_LIVE,
    ]
    for release in releases:
        created = []
        for i, kind in enumerate(kinds):
            created.append(
                Milestone(
                    release=release,
                    kind=kind,
                    event=f"{kind.label} of {release.name}",
                    responsible=Body.DCC,
                    date=release.planned_go_live - datetime.timedelta(days=30 * (len(kinds) - i)),
                    position=i,
                )
            )
        created = bulk_create_with_history(created, Milestone)
        uit = Milestone.objects.get(release=release, kind=MilestoneKind.UIT_START)
        for offset, event in ((-10, "Regression plans due"), (5, "Regression results due")):
            Milestone.objects.create(
                release=release,
                kind=MilestoneKind.OTHER,
                event=event,
                responsible=Body.TEST_PARTICIPANTS,
                anchor=uit,
                offset_working_days=offset,
                date=uit.date + datetime.timedelta(days=offset * 7 // 5),
            )
    bulk_create_with_history(
        [
            Decision(
                release=release,
                body=Body.PANEL,
                meeting_date=release.planned_go_live - datetime.timedelta(days=365 - d * 300),
                paper_reference=f"SECP_{n}_{d}",
                ask=DecisionAsk.BASELINE if d == 0 else DecisionAsk.AGREE,
                summary="Baseline the RID" if d == 0 else "Agree the go-live",
            )
            for n, release in enumerate(releases)
            for d in range(2)
        ],
        Decision,
    )
    secas = User.objects.create_user("bench-secas", password="pw")
    secas.groups.add(Group.objects.get(name="secas"))
    middle = releases[30]
    reference = modifications[900].reference
    return {"release": middle.slug, "modification": reference, "secas": secas}


def measure(client: Client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=60, help="timed requests per page")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    data = generate()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would soon: plans use the statistics
    print(
        f"Generated on {connection.vendor} in {time.perf_counter() - started:.1f} s: "
        "60 releases x 30 scope items, 1,500 modifications, 5,000 status updates."
    )
    slug, reference = data["release"], data["modification"]
    pages = [
        ("home /", "/", "/floor/home/"),
        ("/releases/", "/releases/", "/floor/releases/"),
        ("/releases/<slug>/", f"/releases/{slug}/", f"/floor/release/{slug}/"),
        (
            "/releases/<slug>/history/",
            f"/releases/{slug}/history/",
            f"/floor/release-history/{slug}/",
        ),
        ("/releases/<slug>/scope.csv", f"/releases/{slug}/scope.csv", f"/floor/scope-csv/{slug}/"),
        (
            "/releases/<slug>/scope.xlsx",
            f"/releases/{slug}/scope.xlsx",
            f"/floor/scope-xlsx/{slug}/",
        ),
        ("/modifications/", "/modifications/", "/floor/modifications/"),
        (
            "/modifications/?q=&filters&sort",
            "/modifications/?q=batch&phase=APPROVED&dcc=yes&sort=-updated&page=2",
            "/floor/modifications/?q=batch&phase=APPROVED&dcc=yes&sort=-updated&page=2",
        ),
        (
            "/modifications/<ref>/",
            f"/modifications/{reference}/",
            f"/floor/modification/{reference}/",
        ),
        (
            "/modifications/<ref>/history/",
            f"/modifications/{reference}/history/",
            f"/floor/modification-history/{reference}/",
        ),
    ]
    anonymous, secas = Client(), Client()
    secas.force_login(data["secas"])
    results = []
    for who, client in (("anonymous", anonymous), ("secas", secas)):
        for name, url, floor in pages:
            for _ in range(5):  # warm caches, templates, connections
                measure(client, url)
                measure(client, floor)
            page_times, floor_times = [], []
            for _ in range(args.requests):
                page_times.append(measure(client, url))
                floor_times.append(measure(client, floor))
            results.append((who, name, page_times, floor_times))

    print(f"\n{args.requests} requests each, in-process (Django test Client), {connection.vendor}.")
    header = f"{'who':<10} {'page':<36} {'median':>8} {'p95':>8} {'floor med':>10} {'floor p95':>10} {'ratio':>6}"
    print(header)
    print("-" * len(header))
    worst = 0.0
    for who, name, page_times, floor_times in results:
        median, floor_median = statistics.median(page_times), statistics.median(floor_times)
        ratio = median / floor_median
        worst = max(worst, ratio)
        print(
            f"{who:<10} {name:<36} {median:>6.1f}ms {percentile(page_times, 0.95):>6.1f}ms "
            f"{floor_median:>8.1f}ms {percentile(floor_times, 0.95):>8.1f}ms {ratio:>5.2f}x"
        )
    verdict = "every page within 2x its floor" if worst <= 2 else "NOT every page within 2x"
    print(f"\nWorst ratio {worst:.2f}x: {verdict}.")


if __name__ == "__main__":
    main()
