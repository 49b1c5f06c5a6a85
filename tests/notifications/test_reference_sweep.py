"""The sweep over the real 2021-2022 history (the reference data), at frozen dates: who is
reminded of what, with bank holidays between, and nothing for history when swept today."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction

from core.choices import Body
from core.roles import Role
from core.workdays import add_working_days, is_working_day
from notifications.choices import BODY_ROLES, OVERDUE
from notifications.leadtimes import remind_on
from notifications.models import Digest, Notification, Reminder
from notifications.services import digest_send, reminders_catch_up, reminders_sweep
from releases.choices import DatePrecision
from releases.models import Milestone, Release, RidBaseline
from tests.notifications.factories import FollowFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(scope="module")
def sec_history(django_db_setup, django_db_blocker):
    """The reference data (`load_sec_history`), loaded once for the module and rolled back after
    its last test; each test runs in its own savepoint on top."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("load_sec_history", stdout=StringIO())
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def people(sec_history, user_with_role):
    """One user in each role (named after it: secas-user, dcc-user, ...)."""
    return {role.value: user_with_role(role.value) for role in Role if role != Role.AUDITOR}


def _sent(result) -> list[tuple[str, str, int]]:
    from django.contrib.auth import get_user_model

    names = dict(get_user_model().objects.values_list("pk", "username"))
    return sorted((names[p.recipient_id], p.subject, p.lead) for p in result.sent)


def test_on_7_october_2021_secas_is_reminded_that_mp149s_cutoff_of_21_october_is_10_working_days_away(
    people,
):
    result = reminders_sweep(as_of=D(2021, 10, 7))

    assert _sent(result) == [
        (
            "secas-user",
            "In 10 Working Days: MP149 decision cut-off (November 2021 SEC Release), 21 Oct 2021",
            10,
        )
    ]
    assert Reminder.objects.get().body == (
        "MP149 ‘Effecting Changes to the Smart Energy Code efficiently’ is targeted for the "
        "November 2021 SEC Release: it is included only if approved by the decision cut-off on "
        "Thursday 21 October 2021. That is 10 Working Days away. Check where the decision stands."
    )
    # The November 2022 targeted items have no cut-off yet: reported, not guessed.
    assert [s.title for s in result.skipped] == [
        f"{ref} decision cut-off (November 2022 SEC Release)"
        for ref in ("MP078", "MP107", "MP109", "MP119", "MP134B", "MP140", "MP141")
    ]
    assert {s.reason for s in result.skipped} == {"targeted with no decision cut-off date"}


def test_mp149_is_chased_at_5_and_1_working_days_and_on_the_first_day_overdue_with_the_rest(people):
    subjects = {
        day: _sent(reminders_sweep(as_of=day))
        for day in (D(2021, 10, 14), D(2021, 10, 20), D(2021, 10, 22))
    }

    assert subjects == {
        D(2021, 10, 14): [
            (
                "secas-user",
                "In 5 Working Days: MP149 decision cut-off (November 2021 SEC Release), 21 Oct 2021",
                5,
            )
        ],
        D(2021, 10, 20): [
            (
                "dcc-user",
                "In 10 Working Days: DCC go/no-go decision (November 2021 SEC Release), 3 Nov 2021",
                10,
            ),
            (
                "secas-user",
                "In 1 Working Day: MP149 decision cut-off (November 2021 SEC Release), 21 Oct 2021",
                1,
            ),
        ],
        # MP149 is still with the Authority in the record: on 22 October the cut-off has passed.
        D(2021, 10, 22): [
            (
                "secas-user",
                "Overdue: MP149 decision cut-off (November 2021 SEC Release), 21 Oct 2021",
                OVERDUE,
            )
        ],
    }


def test_a_follower_of_the_november_2021_release_is_reminded_too(people, django_user_model):
    fan = django_user_model.objects.create_user("fan", email="fan@example.org")
    FollowFactory(user=fan, release=Release.objects.get(slug="november-2021"))

    result = reminders_sweep(as_of=D(2021, 10, 7))

    assert [(name, lead) for name, _, lead in _sent(result)] == [("fan", 10), ("secas-user", 10)]


def test_the_dcc_hears_of_the_regression_plans_due_5_may_2022_with_the_bank_holiday_between(people):
    # 5 May 2022 is "10 Working Days before UIT begins" (19 May); 20 April is 10 Working Days
    # before 5 May because Monday 2 May was the early May bank holiday.
    assert add_working_days(D(2022, 4, 20), 10) == D(2022, 5, 5)
    assert not is_working_day(D(2022, 5, 2))

    on_20_april = reminders_sweep(as_of=D(2022, 4, 20))
    on_5_may = reminders_sweep(as_of=D(2022, 5, 5))

    assert _sent(on_20_april) == [
        (
            "dcc-user",
            "In 10 Working Days: Test Participants inform DCC of their regression testing plans "
            "(June 2022 SEC Release), 5 May 2022",
            10,
        )
    ]
    assert _sent(on_5_may) == [
        ("dcc-user", "In 10 Working Days: UIT commences (June 2022 SEC Release), 19 May 2022", 10)
    ]


def test_june_2021_the_mp104_assessment_and_the_mp117_referral_period(people):
    sent = {
        day: _sent(reminders_sweep(as_of=day))
        for day in (D(2021, 6, 22), D(2021, 6, 23), D(2021, 6, 24))
    }

    assert sent == {
        # MP117 was withdrawn on 9 June 2021: a Party may adopt it until 23 June.
        D(2021, 6, 22): [
            ("secas-user", "In 1 Working Day: Referral period for withdrawn MP117, 23 Jun 2021", 1)
        ],
        D(2021, 6, 23): [
            ("dcc-user", "In 10 Working Days: Impact Assessment of MP104, 7 Jul 2021", 10),
            (
                "secas-user",
                "In 1 Working Day: Release go-live (June 2021 SEC Release), 24 Jun 2021",
                1,
            ),
            ("secas-user", "In 10 Working Days: Impact Assessment of MP104, 7 Jul 2021", 10),
        ],
        D(2021, 6, 24): [
            ("secas-user", "Overdue: Referral period for withdrawn MP117, 23 Jun 2021", OVERDUE)
        ],
    }


def test_a_month_only_milestone_with_christmas_between_is_reported_not_guessed(people):
    # "CSC baselines RID ... January 2022": 1 January 2022 is ten Working Days after
    # 16 December 2021 (Christmas and Boxing Day fell on a weekend: the 27th and 28th are off).
    assert remind_on(D(2022, 1, 1), 10) == D(2021, 12, 16)

    result = reminders_sweep(as_of=D(2021, 12, 16))

    assert result.sent == []
    assert str(result.skipped[0]) == (
        "Release milestone: CSC baselines RID for non-system-impacting modifications (June 2022 "
        "SEC Release): only the month is known (Jan 2022)"
    )


def test_the_appeal_window_of_the_june_2022_rid_baselined_on_18_june_2021(people):
    # The Panel's baseline of v0.1 (SECP_93_1806_21) is reference data (rid_baselines.csv).
    assert RidBaseline.objects.get(release__slug="june-2022").version == Decimal("0.1")

    opened = reminders_sweep(as_of=D(2021, 6, 18))
    closed = reminders_sweep(as_of=D(2021, 7, 5))

    subject = "Appeal window for the June 2022 SEC Release RID v0.1"
    assert [(n, s, lead) for n, s, lead in _sent(opened) if "Appeal" in s] == [
        ("panel-user", f"In 10 Working Days: {subject}, 2 Jul 2021", 10),
        ("secas-user", f"In 10 Working Days: {subject}, 2 Jul 2021", 10),
    ]
    assert _sent(closed) == [
        ("panel-user", f"Overdue: {subject}, 2 Jul 2021", OVERDUE),
        ("secas-user", f"Overdue: {subject}, 2 Jul 2021", OVERDUE),
    ]


@time_machine.travel(datetime.datetime(2025, 6, 2, 7, 0), tick=False)
def test_todays_sweep_sends_nothing_for_history_that_old(people):
    # November 2022's go-live date (3 November 2022) passed with no outcome recorded: today is
    # years later, so no overdue reminder for it.
    results = reminders_catch_up(today=D(2025, 6, 2))

    assert [(r.as_of, r.sent, r.skipped) for r in results] == [(D(2025, 6, 2), [], [])]
    # As of the day after, the sweep would have said so.
    assert _sent(reminders_sweep(as_of=D(2022, 11, 4))) == [
        ("dcc-user", "Overdue: Release go-live (November 2022 SEC Release), 3 Nov 2022", OVERDUE)
    ]


def test_the_monday_digest_of_11_october_2021(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        digest_send(week=D(2021, 10, 11))

    assert list(Digest.objects.values_list("recipient__username", "item_count")) == [
        ("secas-user", 1)
    ]
    body = Notification.objects.get(digest__isnull=False).body
    assert "Your dates from Monday 11 October to Sunday 24 October 2021:" in body
    assert "* Thu 21 Oct: MP149 decision cut-off (November 2021 SEC Release)" in body


def test_a_sweep_of_every_day_of_2021_and_2022_reminds_of_every_exact_milestone_once(people):
    # Every Working Day (no reminder falls on another day: see test_leadtimes).
    day, end = D(2021, 1, 1), D(2022, 12, 31)
    while day <= end:
        if is_working_day(day):
            reminders_sweep(as_of=day)
        day += datetime.timedelta(days=1)
    again = reminders_sweep(as_of=D(2021, 10, 7))

    # Never missed: each milestone with an exact date is reminded of at 10, 5 and 1 Working
    # Days before and on the first day overdue, to its body's role, whenever those days fall
    # in the two years swept.
    expected = set()
    for m in Milestone.objects.filter(precision=DatePrecision.DAY, date__isnull=False):
        role = (
            Role.DCC if m.kind in ("TAD_DRAFT_DUE", "TAD_UPDATE_DUE") else BODY_ROLES[m.responsible]
        )
        for lead in (10, 5, 1, OVERDUE):
            if D(2021, 1, 1) <= remind_on(m.date, lead) <= end:
                expected.add((m.pk, lead, f"{role}-user"))
    got = set(
        Reminder.objects.filter(kind__in=["MILESTONE", "TAD_DUE"]).values_list(
            "object_id", "lead", "recipient__username"
        )
    )
    assert got == expected
    assert (
        len(expected)
        == 4
        * Milestone.objects.filter(precision=DatePrecision.DAY, date__gte=D(2021, 1, 18)).count()
    )
    # Never repeated: a second sweep of a day already swept claims nothing.
    assert again.sent == [] and again.already_sent == 1
    assert Body.TEST_PARTICIPANTS in set(Milestone.objects.values_list("responsible", flat=True))
