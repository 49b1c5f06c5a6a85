"""The reminder sweep at frozen dates: who is reminded of what, what is skipped, and once only."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.choices import Body
from modifications.choices import Phase
from notifications.choices import OVERDUE, ItemKind
from notifications.models import Reminder, ReminderSchedule, SweepRun
from notifications.services import reminders_catch_up, reminders_sweep
from releases.choices import DatePrecision, Inclusion, MilestoneKind, ReleaseStatus
from tests.factories import (
    AssessmentFactory,
    DecisionFactory,
    MilestoneFactory,
    ModificationFactory,
    ReleaseFactory,
    RidBaselineFactory,
    ScopeItemFactory,
)
from tests.notifications.factories import FollowFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def _sent(result) -> list[tuple[str, str, str]]:
    """(username, subject, lead) of what a sweep claimed, sorted."""
    from django.contrib.auth import get_user_model

    names = dict(get_user_model().objects.values_list("pk", "username"))
    return sorted((names[p.recipient_id], p.subject, p.lead) for p in result.sent)


@pytest.fixture
def people(user_with_role):
    return {role: user_with_role(role) for role in ("secas", "panel", "csc", "dcc", "tag", "opsg")}


@pytest.fixture
def november_2021():
    """The November 2021 SEC Release as the CSC paper of 19 October 2021 has it: MP149 and MP180
    targeted with their cut-offs. (It went live on 4 November 2021: today's status, which a
    sweep as of 2021 must not look at.)"""
    release = ReleaseFactory(
        slug="november-2021",
        name="November 2021 SEC Release",
        planned_go_live=D(2021, 11, 4),
        actual_go_live=D(2021, 11, 4),
        status=ReleaseStatus.LIVE,
        sec_version=Decimal("50.0"),
    )
    mp149 = ModificationFactory(
        reference="MP149",
        title="Effecting Changes to the Smart Energy Code efficiently",
        phase=Phase.DECISION,
    )
    mp180 = ModificationFactory(
        reference="MP180",
        title="Market-wide Half-Hourly Settlement Implementation",
        phase=Phase.DECISION,
    )
    ScopeItemFactory(
        release=release,
        modification=mp149,
        inclusion=Inclusion.TARGETED,
        decision_cutoff=D(2021, 10, 21),
    )
    ScopeItemFactory(
        release=release,
        modification=mp180,
        inclusion=Inclusion.TARGETED,
        decision_cutoff=D(2021, 10, 28),
    )
    return release


def test_on_7_october_2021_secas_is_reminded_that_mp149s_cutoff_is_10_working_days_away(
    people, november_2021
):
    result = reminders_sweep(as_of=D(2021, 10, 7))

    assert _sent(result) == [
        (
            "secas-user",
            "In 10 Working Days: MP149 decision cut-off (November 2021 SEC Release), 21 Oct 2021",
            10,
        )
    ]
    reminder = Reminder.objects.get()
    assert reminder.body == (
        "MP149 ‘Effecting Changes to the Smart Energy Code efficiently’ is targeted for the "
        "November 2021 SEC Release: it is included only if approved by the decision cut-off on "
        "Thursday 21 October 2021. That is 10 Working Days away. Check where the decision stands."
    )
    assert reminder.url == "/releases/november-2021/"
    assert reminder.reason == "you are in the SECAS group"
    assert (reminder.kind, reminder.due_on, reminder.remind_on) == (
        ItemKind.DECISION_CUTOFF,
        D(2021, 10, 21),
        D(2021, 10, 7),
    )


def test_on_14_october_2021_secas_hears_of_both_cutoffs(people, november_2021):
    result = reminders_sweep(as_of=D(2021, 10, 14))

    assert _sent(result) == [
        (
            "secas-user",
            "In 10 Working Days: MP180 decision cut-off (November 2021 SEC Release), 28 Oct 2021",
            10,
        ),
        (
            "secas-user",
            "In 5 Working Days: MP149 decision cut-off (November 2021 SEC Release), 21 Oct 2021",
            5,
        ),
    ]


def test_a_cutoff_passed_without_approval_is_overdue_on_the_next_working_day(people, november_2021):
    result = reminders_sweep(as_of=D(2021, 10, 22))

    assert _sent(result) == [
        (
            "secas-user",
            "Overdue: MP149 decision cut-off (November 2021 SEC Release), 21 Oct 2021",
            OVERDUE,
        )
    ]
    assert Reminder.objects.get().body.endswith(
        "That date has passed. It was not approved by the cut-off: take it out of scope or "
        "re-baseline the RID."
    )


def test_a_modification_approved_in_time_is_not_chased(people, november_2021):
    ModificationFactory._meta.model.objects.filter(reference="MP149").update(
        phase=Phase.APPROVED, approved_on=D(2021, 10, 21)
    )

    assert _sent(reminders_sweep(as_of=D(2021, 10, 22))) == []
    # As of the day before the approval it was still open, and the sweep says so.
    assert len(reminders_sweep(as_of=D(2021, 10, 20)).sent) == 1  # 1 Working Day before


def test_a_sweep_as_of_a_past_day_does_what_it_would_have_done_then_and_today_says_nothing(
    people, november_2021
):
    # The release is live today; as of 7 October 2021 it was not, and the sweep filters by
    # dates, not by today's status.
    assert len(reminders_sweep(as_of=D(2021, 10, 7)).sent) == 1

    # Today (years later) there is nothing to remind of, and no overdue for old history.
    assert reminders_sweep(as_of=D(2025, 3, 4)).sent == []


def test_the_dcc_is_reminded_of_a_milestone_with_a_bank_holiday_between(people):
    june = ReleaseFactory(
        slug="june-2022", name="June 2022 SEC Release", planned_go_live=D(2022, 6, 30)
    )
    uit = MilestoneFactory(
        release=june, kind=MilestoneKind.UIT_START, event="UIT commences", date=D(2022, 5, 19)
    )
    MilestoneFactory(
        release=june,
        kind=MilestoneKind.REGRESSION_PLANS_DUE,
        event="Test Participants inform DCC of their regression testing plans",
        responsible=Body.TEST_PARTICIPANTS,
        anchor=uit,
        offset_working_days=-10,
        date=D(2022, 5, 5),
    )

    # 20 April to 5 May 2022 is 10 Working Days: the early May bank holiday (2 May) between.
    result = reminders_sweep(as_of=D(2022, 4, 20))

    assert _sent(result) == [
        (
            "dcc-user",
            "In 10 Working Days: Test Participants inform DCC of their regression testing plans "
            "(June 2022 SEC Release), 5 May 2022",
            10,
        )
    ]
    assert Reminder.objects.get().body == (
        "The June 2022 SEC Release milestone ‘Test Participants inform DCC of their regression "
        "testing plans’ (Test Participants) is on Thursday 5 May 2022. That is 10 Working Days away."
    )
    # And on 5 May, UIT is 10 Working Days away for the DCC.
    assert _sent(reminders_sweep(as_of=D(2022, 5, 5))) == [
        ("dcc-user", "In 10 Working Days: UIT commences (June 2022 SEC Release), 19 May 2022", 10)
    ]


@pytest.mark.parametrize(
    ("body", "reminded"),
    [
        (Body.PANEL, "panel-user"),
        (Body.CSC, "csc-user"),
        (Body.DCC, "dcc-user"),
        (Body.TAG, "tag-user"),
        (Body.OPSG, "opsg-user"),
        (Body.SECAS, "secas-user"),
        (Body.TEST_PARTICIPANTS, "dcc-user"),
        (Body.AUTHORITY, "secas-user"),
        (Body.CHANGE_BOARD, "secas-user"),
        (Body.TABASC, "secas-user"),
        (Body.BEIS, "secas-user"),
    ],
)
def test_a_milestone_reminds_the_role_of_the_body_responsible(people, body, reminded):
    MilestoneFactory(responsible=body, kind=MilestoneKind.OTHER, event="X", date=D(2022, 5, 19))

    result = reminders_sweep(as_of=D(2022, 5, 18))

    assert [name for name, _, _ in _sent(result)] == [reminded]


def test_tad_due_dates_go_to_the_dcc_with_their_own_lead_times(people):
    ReminderSchedule.objects.filter(kind=ItemKind.TAD_DUE).update(lead_times=[15])
    MilestoneFactory(
        kind=MilestoneKind.TAD_DRAFT_DUE,
        event="DCC submits the draft TAD",
        responsible=Body.DCC,
        date=D(2021, 9, 1),
    )

    # 15 Working Days before 1 September 2021 (the summer bank holiday, 30 August, between).
    result = reminders_sweep(as_of=D(2021, 8, 10))

    assert [(n, lead) for n, _, lead in _sent(result)] == [("dcc-user", 15)]
    assert Reminder.objects.get().kind == ItemKind.TAD_DUE
    # The milestone defaults (10) do not apply to a TAD due date any more.
    assert reminders_sweep(as_of=D(2021, 8, 17)).sent == []


def test_an_assessment_reminds_the_dcc_and_secas_until_it_is_completed(people):
    mp104 = ModificationFactory(
        reference="MP104", title="Security Improvements", phase=Phase.REFINEMENT
    )
    AssessmentFactory(modification=mp104, expected_completion_on=D(2021, 7, 7))

    result = reminders_sweep(as_of=D(2021, 6, 23))

    assert _sent(result) == [
        ("dcc-user", "In 10 Working Days: Impact Assessment of MP104, 7 Jul 2021", 10),
        ("secas-user", "In 10 Working Days: Impact Assessment of MP104, 7 Jul 2021", 10),
    ]
    assert Reminder.objects.first().body == (
        "The DCC expects to complete its Impact Assessment of MP104 ‘Security Improvements’ by "
        "Wednesday 7 July 2021. That is 10 Working Days away."
    )
    assert Reminder.objects.first().url == "/modifications/MP104/"


def test_a_completed_assessment_is_not_chased(people):
    AssessmentFactory(expected_completion_on=D(2021, 7, 7), completed_on=D(2021, 6, 21))

    assert reminders_sweep(as_of=D(2021, 6, 23)).sent == []
    assert reminders_sweep(as_of=D(2021, 7, 8)).sent == []


def test_the_rid_appeal_window_closes_10_working_days_after_the_decision_is_published(people):
    june = ReleaseFactory(
        slug="june-2022", name="June 2022 SEC Release", planned_go_live=D(2022, 6, 30)
    )
    decision = DecisionFactory(release=june, body=Body.PANEL, published_on=D(2021, 6, 18))
    RidBaselineFactory(release=june, version=Decimal("1.0"), decision=decision)

    # Published Friday 18 June 2021: the window closes Friday 2 July 2021.
    on_the_day = reminders_sweep(as_of=D(2021, 6, 18))
    closed = reminders_sweep(as_of=D(2021, 7, 5))

    subject = "Appeal window for the June 2022 SEC Release RID v1.0"
    assert _sent(on_the_day) == [
        ("panel-user", f"In 10 Working Days: {subject}, 2 Jul 2021", 10),
        ("secas-user", f"In 10 Working Days: {subject}, 2 Jul 2021", 10),
    ]
    assert _sent(closed) == [
        ("panel-user", f"Overdue: {subject}, 2 Jul 2021", OVERDUE),
        ("secas-user", f"Overdue: {subject}, 2 Jul 2021", OVERDUE),
    ]
    assert Reminder.objects.filter(lead=OVERDUE).first().body == (
        "Any Party may appeal the baseline of the June 2022 SEC Release RID v1.0 until Friday "
        "2 July 2021, 10 Working Days after the decision was published (18 June 2021). That "
        "date has passed. The appeal window has closed: the baseline stands unless an appeal "
        "was lodged in time."
    )


def test_a_csc_rebaseline_reminds_the_csc(people):
    decision = DecisionFactory(
        body=Body.CSC, published_on=D(2022, 3, 1), meeting_date=D(2022, 2, 28)
    )
    RidBaselineFactory(release=decision.release, version=Decimal("2.0"), decision=decision)

    result = reminders_sweep(as_of=D(2022, 3, 14))  # 1 Working Day before 15 March

    assert [(n, lead) for n, _, lead in _sent(result)] == [("csc-user", 1), ("secas-user", 1)]


def test_the_referral_period_of_a_withdrawn_modification_closes_after_10_working_days(people):
    ModificationFactory(
        reference="MP117",
        title="Bulk CH returns",
        phase=Phase.WITHDRAWN,
        withdrawn_on=D(2021, 6, 9),
    )

    result = reminders_sweep(as_of=D(2021, 6, 22))

    assert _sent(result) == [
        ("secas-user", "In 1 Working Day: Referral period for withdrawn MP117, 23 Jun 2021", 1)
    ]
    assert Reminder.objects.get().body == (
        "MP117 ‘Bulk CH returns’ was withdrawn on 9 June 2021: a Party may adopt it until the "
        "referral period closes on Wednesday 23 June 2021. That is 1 Working Day away."
    )
    # As of a day before the withdrawal (lead 10 on 9 June is the day itself), nothing.
    ReminderSchedule.objects.filter(kind=ItemKind.REFERRAL_PERIOD).update(lead_times=[11])
    assert reminders_sweep(as_of=D(2021, 6, 8)).sent == []


def test_followers_of_a_release_or_a_modification_are_reminded_too(
    people, november_2021, django_user_model
):
    fan = django_user_model.objects.create_user("fan", email="fan@example.org")
    watcher = django_user_model.objects.create_user("watcher", email="watcher@example.org")
    FollowFactory(user=fan, release=november_2021)
    FollowFactory(
        user=watcher,
        release=None,
        modification=ModificationFactory._meta.model.objects.get(reference="MP149"),
    )
    # A follower who is also SECAS is told once.
    FollowFactory(user=people["secas"], release=november_2021)

    result = reminders_sweep(as_of=D(2021, 10, 7))

    reasons = dict(Reminder.objects.values_list("recipient__username", "reason"))
    assert reasons == {
        "fan": "you follow this release",
        "secas-user": "you are in the SECAS group",
        "watcher": "you follow this modification",
    }
    assert len(result.sent) == 3


def test_inactive_users_are_not_reminded_and_an_item_nobody_can_hear_is_reported(people):
    people["opsg"].is_active = False
    people["opsg"].save()
    MilestoneFactory(
        release=ReleaseFactory(slug="june-2022", name="June 2022 SEC Release"),
        responsible=Body.OPSG,
        event="OPSG review",
        date=D(2022, 5, 19),
    )

    result = reminders_sweep(as_of=D(2022, 5, 18))

    assert result.sent == []
    assert [str(s) for s in result.skipped] == [
        "Release milestone: OPSG review (June 2022 SEC Release): nobody to remind: no active "
        "user in opsg"
    ]


def test_items_that_cannot_be_reminded_of_are_skipped_and_reported_and_the_rest_go_on(people):
    june = ReleaseFactory(
        slug="june-2022", name="June 2022 SEC Release", planned_go_live=D(2022, 6, 30)
    )
    MilestoneFactory(release=june, event="UIT commences", date=D(2022, 5, 19))
    MilestoneFactory(release=june, event="OPSG review", date=None)
    MilestoneFactory(
        release=june,
        event="SIT Completion Report",
        date=D(2022, 5, 1),
        precision=DatePrecision.MONTH,
    )
    anchor = MilestoneFactory(release=june, event="Anchor", date=D(2022, 4, 1))
    broken = MilestoneFactory(
        release=june,
        event="Regression plans due",
        anchor=anchor,
        offset_working_days=-10,
        date=D(2022, 3, 18),
    )
    anchor.delete()  # the rule now points at a deleted milestone
    broken.refresh_from_db()
    assert broken.rule_is_broken
    ScopeItemFactory(
        release=june,
        inclusion=Inclusion.TARGETED,
        decision_cutoff=None,
        modification=ModificationFactory(reference="MP104"),
    )
    AssessmentFactory(
        modification=ModificationFactory(reference="SECMP0024", phase=Phase.REFINEMENT),
        requested_on=D(2022, 1, 10),
        expected_completion_on=None,
    )
    RidBaselineFactory(release=june, version=Decimal("0.1"), decision=None)
    # A cancelled release is neither reminded of nor reported.
    cancelled = ReleaseFactory(
        slug="cancelled", status=ReleaseStatus.CANCELLED, planned_go_live=D(2022, 6, 30)
    )
    MilestoneFactory(release=cancelled, event="Never", date=None)

    result = reminders_sweep(as_of=D(2022, 5, 5))

    assert _sent(result) == [
        ("dcc-user", "In 10 Working Days: UIT commences (June 2022 SEC Release), 19 May 2022", 10)
    ]
    assert sorted(str(s) for s in result.skipped) == [
        "DCC assessment expected completion: Impact Assessment of SECMP0024: no expected "
        "completion date",
        "Decision cut-off of a targeted modification: MP104 decision cut-off (June 2022 SEC "
        "Release): targeted with no decision cut-off date",
        "RID appeal window closing: Appeal window for the June 2022 SEC Release RID v0.1: the "
        "baselining decision's publication date is not recorded, so the appeal window is unknown",
        "Release milestone: OPSG review (June 2022 SEC Release): no date (TBC)",
        "Release milestone: Regression plans due (June 2022 SEC Release): its date rule counts "
        "from a milestone that has been deleted",
    ]
    assert SweepRun.objects.get().skipped[0].keys() == {"kind", "title", "reason"}


def test_a_month_only_date_in_the_window_is_skipped_not_guessed(people):
    MilestoneFactory(event="SIT completes", date=D(2021, 10, 1), precision=DatePrecision.MONTH)

    result = reminders_sweep(as_of=D(2021, 9, 17))  # 10 Working Days before 1 October

    assert result.sent == []
    assert [s.reason for s in result.skipped] == ["only the month is known (Oct 2021)"]


def test_a_second_sweep_of_the_same_day_sends_nothing_again(people, november_2021):
    first = reminders_sweep(as_of=D(2021, 10, 14))
    second = reminders_sweep(as_of=D(2021, 10, 14))

    assert len(first.sent) == 2
    assert (second.sent, second.already_sent) == ([], 2)
    assert Reminder.objects.count() == 2
    assert list(SweepRun.objects.order_by("started_at").values_list("claimed", flat=True)) == [2, 0]


def test_a_date_that_moves_is_a_new_deadline_reminded_of_afresh(people, november_2021):
    reminders_sweep(as_of=D(2021, 10, 7))
    item = november_2021.scope_items.get(modification__reference="MP149")
    item.decision_cutoff = D(2021, 10, 22)
    item.save()

    result = reminders_sweep(as_of=D(2021, 10, 8))

    assert _sent(result) == [
        (
            "secas-user",
            "In 10 Working Days: MP149 decision cut-off (November 2021 SEC Release), 22 Oct 2021",
            10,
        )
    ]


def test_a_dry_run_writes_nothing(people, november_2021):
    result = reminders_sweep(as_of=D(2021, 10, 7), dry_run=True)

    assert len(result.sent) == 1
    assert (Reminder.objects.count(), SweepRun.objects.count()) == (0, 0)


def test_no_reminder_is_sent_on_a_weekend_or_bank_holiday(people, november_2021):
    assert reminders_sweep(as_of=D(2021, 10, 9)).sent == []  # a Saturday
    assert reminders_sweep(as_of=D(2021, 12, 27)).sent == []  # Christmas substitute day


def test_the_daily_job_catches_up_the_working_days_it_missed(people, november_2021):
    reminders_sweep(as_of=D(2021, 10, 6))  # last ran on Wednesday 6 October

    # Nothing ran on Thursday 7 October (MP149, 10 Working Days) nor on Friday 8.
    results = reminders_catch_up(today=D(2021, 10, 11))

    assert [r.as_of for r in results] == [D(2021, 10, 7), D(2021, 10, 8), D(2021, 10, 11)]
    assert [len(r.sent) for r in results] == [1, 0, 0]


def test_the_first_daily_job_sweeps_only_today(people, november_2021):
    results = reminders_catch_up(today=D(2021, 10, 8))

    assert [r.as_of for r in results] == [D(2021, 10, 8)]


def _dated_items(n: int, due: datetime.date) -> None:
    """n milestones (DCC), n targeted cut-offs (SECAS), n assessments (DCC and SECAS) due."""
    release = ReleaseFactory()
    for i in range(n):
        MilestoneFactory(release=release, event=f"M{i}", date=due)
        ScopeItemFactory(
            release=release,
            inclusion=Inclusion.TARGETED,
            decision_cutoff=due,
            modification=ModificationFactory(phase=Phase.DECISION),
        )
        AssessmentFactory(expected_completion_on=due, requested_on=D(2022, 1, 1))


def _sweep_queries(as_of: datetime.date) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        result = reminders_sweep(as_of=as_of)
    return len(queries), len(result.sent)


# The schedules; milestones, cut-offs, assessments, RID baselines, withdrawn proposals; role
# users; follows; what is already claimed; the run's row; per chunk of claims a savepoint, the
# insert(s) and its release; this run's claims; the run's update; unsent leftovers.
SWEEP_QUERIES = 16


def test_the_sweep_costs_the_same_queries_however_many_items_are_not_due(people):
    _dated_items(3, D(2022, 5, 19))
    few = _sweep_queries(D(2022, 5, 5))
    Reminder.objects.all().delete()
    for day in (D(2022, 5, 16), D(2022, 5, 17), D(2022, 6, 20), D(2023, 1, 5)):
        _dated_items(25, day)  # 300 more dated items, none due on 5 May

    many = _sweep_queries(D(2022, 5, 5))

    assert few == many == (SWEEP_QUERIES, 12)


def test_the_sweep_grows_only_by_insert_batches_with_the_reminders_it_claims(people):
    _dated_items(60, D(2022, 5, 19))

    queries, sent = _sweep_queries(D(2022, 5, 5))

    # 240 reminders claimed in one chunk; SQLite inserts 76 rows a statement (999 parameters),
    # PostgreSQL all of them in one.
    per_insert = connection.ops.bulk_batch_size(
        [f for f in Reminder._meta.concrete_fields if not f.primary_key], [None] * sent
    )
    inserts = -(-sent // per_insert)
    assert (queries, sent) == (SWEEP_QUERIES - 1 + inserts, 240)
