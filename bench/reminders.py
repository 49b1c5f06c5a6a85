"""Benchmark the reminder sweep over generated dated items: time and queries, at two sizes.

    python bench/reminders.py                      # 5,000 and 50,000 items, SQLite (a temp file)
    DATABASE_URL=postgres://... python bench/reminders.py --sizes 50000

Each size gets a fresh throw-away database (Django's test-database machinery: a temporary
SQLite file, or `bench_<name>` on PostgreSQL, dropped afterwards), filled with that many dated
items spread over the Working Days of 2020-2024: release milestones and TAD due dates, targeted
cut-offs, DCC assessments, RID baselines (appeal windows) and withdrawn proposals (referral
periods), plus 1% with no date (reported as skipped), and three users in each role. It then
sweeps one day, as the daily job does, and prints the wall time and the queries, by kind.
Delivery runs in the workers, one task per person; its cost is printed separately.
"""

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secrelease.settings.local")
os.environ["CELERY_BROKER_URL"] = "memory://localhost/"  # delivery tasks are queued, not run, here
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from core.choices import Body  # noqa: E402
from core.roles import Role  # noqa: E402
from core.workdays import is_working_day  # noqa: E402
from modifications.choices import AssessmentKind, Phase  # noqa: E402
from modifications.models import Assessment, Modification  # noqa: E402
from notifications.models import Reminder  # noqa: E402
from notifications.services import reminders_deliver, reminders_sweep  # noqa: E402
from releases.choices import DecisionAsk, Inclusion, MilestoneKind, ReleaseKind  # noqa: E402
from releases.models import Decision, Milestone, Release, RidBaseline, ScopeItem  # noqa: E402

AS_OF = datetime.date(2022, 5, 5)
BODIES = [Body.DCC, Body.SECAS, Body.PANEL, Body.TAG, Body.OPSG, Body.CSC, Body.TEST_PARTICIPANTS]
USERS_PER_ROLE = 3


def working_days(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    days, day = [], start
    while day <= end:
        if is_working_day(day):
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def generate(total: int, seed: int = 4) -> dict[str, int]:
    """`total` dated items in bulk, by kind: 40% milestones (a tenth of them TAD due dates), 20%
    targeted cut-offs, 20% assessments, 10% RID baselines, 10% withdrawn proposals; 1% undated."""
    rng = random.Random(seed)
    days = working_days(datetime.date(2020, 1, 1), datetime.date(2024, 12, 31))
    n_milestones, n_cutoffs, n_assessments = total * 40 // 100, total * 20 // 100, total * 20 // 100
    n_baselines, n_withdrawn = total * 10 // 100, total - total * 90 // 100

    User = get_user_model()
    users = User.objects.bulk_create(
        [
            User(username=f"{role}{n}", email=f"{role}{n}@example.org")
            for role in Role
            if role != Role.AUDITOR
            for n in range(USERS_PER_ROLE)
        ]
    )
    groups = {g.name: g for g in Group.objects.all()}
    Membership = User.groups.through
    Membership.objects.bulk_create(
        [
            Membership(user_id=u.pk, group_id=groups[u.username.rstrip("0123456789")].pk)
            for u in users
        ]
    )

    releases = Release.objects.bulk_create(
        [
            Release(
                slug=f"bench-{n}",
                name=f"Bench release {n}",
                kind=ReleaseKind.AD_HOC,
                planned_go_live=datetime.date(2025, 1, 1) + datetime.timedelta(days=n),
            )
            for n in range(200)
        ]
    )
    modifications = Modification.objects.bulk_create(
        [
            Modification(reference=f"MP{n:04d}", title=f"Modification {n}", phase=Phase.DECISION)
            for n in range(2000)
        ]
    )

    def date_or_none():
        return None if rng.random() < 0.01 else rng.choice(days)

    milestones = []
    for n in range(n_milestones):
        tad = n % 10 == 0
        milestones.append(
            Milestone(
                release=releases[n % len(releases)],
                kind=MilestoneKind.TAD_DRAFT_DUE if tad else MilestoneKind.UIT_START,
                event=f"Milestone {n}",
                responsible=Body.DCC if tad else rng.choice(BODIES),
                date=date_or_none(),
                position=n,
            )
        )
    Milestone.objects.bulk_create(milestones, batch_size=2000)

    # A targeted item per (release, modification): 200 releases x 2,000 modifications allow 400,000.
    cutoffs = []
    for n in range(n_cutoffs):
        cutoffs.append(
            ScopeItem(
                release=releases[n % len(releases)],
                modification=modifications[n // len(releases)],
                inclusion=Inclusion.TARGETED,
                decision_cutoff=date_or_none(),
                position=n,
            )
        )
    ScopeItem.objects.bulk_create(cutoffs, batch_size=2000)

    Assessment.objects.bulk_create(
        [
            Assessment(
                modification=modifications[n % len(modifications)],
                kind=AssessmentKind.IMPACT,
                requested_on=datetime.date(2019, 12, 1),
                expected_completion_on=date_or_none(),
            )
            for n in range(n_assessments)
        ],
        batch_size=2000,
    )

    decisions = Decision.objects.bulk_create(
        [
            Decision(
                release=releases[n % len(releases)],
                body=rng.choice([Body.PANEL, Body.CSC]),
                meeting_date=datetime.date(2019, 12, 2),
                ask=DecisionAsk.BASELINE,
                summary="Baseline the RID",
                published_on=date_or_none(),
            )
            for n in range(n_baselines)
        ],
        batch_size=2000,
    )
    RidBaseline.objects.bulk_create(
        [
            RidBaseline(
                release=d.release,
                version=Decimal(n // len(releases) + 1),
                issued_on=datetime.date(2019, 12, 2),
                changes="Baselined.",
                decision=d,
            )
            for n, d in enumerate(decisions)
        ],
        batch_size=2000,
    )

    Modification.objects.bulk_create(
        [
            Modification(
                reference=f"SECMP{n:04d}" if n < 10000 else f"DP{n % 10000:04d}",
                title=f"Withdrawn {n}",
                phase=Phase.WITHDRAWN,
                withdrawn_on=rng.choice(days),
            )
            for n in range(n_withdrawn)
        ],
        batch_size=2000,
    )
    return {
        "milestones (a tenth TAD due dates)": n_milestones,
        "targeted cut-offs": n_cutoffs,
        "assessments": n_assessments,
        "RID baselines": n_baselines,
        "withdrawn proposals": n_withdrawn,
    }


def kind_of(sql: str) -> str:
    word = sql.lstrip().split(None, 1)[0].upper()
    return word if word in {"SELECT", "INSERT", "UPDATE", "DELETE"} else "other"


def timed_sweep(**kwargs):
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = reminders_sweep(as_of=AS_OF, **kwargs)
        elapsed = time.perf_counter() - start
    by_kind = Counter(kind_of(q["sql"]) for q in queries.captured_queries)
    return result, elapsed, len(queries), by_kind


def run(total: int) -> None:
    print(f"\n=== {total:,} dated items on {connection.vendor} ===")
    start = time.perf_counter()
    made = generate(total)
    print(
        f"generated in {time.perf_counter() - start:.1f} s: "
        + ", ".join(f"{v:,} {k}" for k, v in made.items())
    )

    dry, t_dry, q_dry, k_dry = timed_sweep(dry_run=True)
    print(
        f"dry run   : {t_dry * 1000:7.0f} ms, {q_dry:3d} queries {dict(k_dry)}; "
        f"{dry.items_due:,} items due, {len(dry.sent):,} reminders would be sent, "
        f"{len(dry.skipped):,} items skipped (no date)"
    )
    result, t_sweep, q_sweep, k_sweep = timed_sweep()
    print(
        f"sweep     : {t_sweep * 1000:7.0f} ms, {q_sweep:3d} queries {dict(k_sweep)}; "
        f"{len(result.sent):,} reminders claimed and queued"
    )
    again, t_again, q_again, k_again = timed_sweep()
    print(
        f"sweep again: {t_again * 1000:6.0f} ms, {q_again:3d} queries {dict(k_again)}; "
        f"{len(again.sent)} claimed, {again.already_sent:,} already sent"
    )
    recipients = sorted(
        set(Reminder.objects.filter(sent_at__isnull=True).values_list("recipient_id", flat=True))
    )
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        delivered = 0
        for recipient_id in recipients:
            while True:  # a delivery takes 200 reminders at most; workers loop the same way
                n = reminders_deliver(recipient_id=recipient_id)
                delivered += n
                if not n:
                    break
        t_deliver = time.perf_counter() - start
    print(
        f"delivery  : {t_deliver * 1000:7.0f} ms, {len(queries):5d} queries for {delivered:,} "
        f"reminders to {len(recipients)} people (in the workers, one task per person)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 50000])
    args = parser.parse_args()
    print(f"Sweep as of {AS_OF:%A %d %B %Y} (leads 10, 5, 1 Working Days and first day overdue)")
    for total in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            if connection.vendor == "sqlite":
                connection.settings_dict["TEST"]["NAME"] = str(Path(tmp) / "bench.sqlite3")
            else:  # not test_<name>: a test run may be using that one
                connection.settings_dict["TEST"]["NAME"] = (
                    f"bench_{connection.settings_dict['NAME']}"
                )
            real_name = connection.settings_dict["NAME"]
            connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
            try:
                run(total)
            finally:
                connection.creation.destroy_test_db(real_name, verbosity=0)


if __name__ == "__main__":
    main()
