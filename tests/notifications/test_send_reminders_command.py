"""`manage.py send_reminders`: the daily sweep by hand, as of a day, dry or not."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from modifications.choices import Phase
from notifications.models import Reminder, SweepRun
from releases.choices import Inclusion
from tests.factories import MilestoneFactory, ModificationFactory, ReleaseFactory, ScopeItemFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def november_2021(user_with_role):
    user_with_role("secas")
    release = ReleaseFactory(
        slug="november-2021", name="November 2021 SEC Release", planned_go_live=D(2021, 11, 4)
    )
    ScopeItemFactory(
        release=release,
        modification=ModificationFactory(reference="MP149", phase=Phase.DECISION),
        inclusion=Inclusion.TARGETED,
        decision_cutoff=D(2021, 10, 21),
    )
    MilestoneFactory(release=release, event="OPSG review", date=None)
    return release


def _run(*args) -> str:
    out = StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_prints_what_would_be_sent_and_skipped_and_sends_nothing(november_2021):
    output = _run("--date", "2021-10-07", "--dry-run")

    assert output == (
        "Reminder sweep as of Thursday 07 October 2021 (dry run)\n"
        "Would send 1 reminder:\n"
        "  secas-user: In 10 Working Days: MP149 decision cut-off (November 2021 SEC Release), "
        "21 Oct 2021 [10 Working Days before]\n"
        "Skipped 1 item:\n"
        "  Release milestone: OPSG review (November 2021 SEC Release): no date (TBC)\n"
    )
    assert Reminder.objects.count() == 0


def test_catching_up_sends_once_and_says_so_the_second_time(
    november_2021, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = _run("--date", "2021-10-07")
    second = _run("--date", "2021-10-07")

    assert "Sent 1 reminder:\n  secas-user: In 10 Working Days: MP149" in first
    assert "Sent 0 reminders:\nAlready sent before, not sent again: 1\n" in second
    assert Reminder.objects.get().sent_at is not None
    assert list(SweepRun.objects.values_list("trigger", flat=True)) == ["COMMAND", "COMMAND"]


@time_machine.travel(datetime.datetime(2021, 10, 7, 8, 0), tick=False)
def test_the_default_date_is_today(november_2021):
    assert "Reminder sweep as of Thursday 07 October 2021 (dry run)" in _run("--dry-run")


def test_a_date_that_is_not_a_date_is_refused(november_2021):
    with pytest.raises(CommandError, match="--date must be a date as YYYY-MM-DD, not ‘7/10/2021’."):
        _run("--date", "7/10/2021")
    assert SweepRun.objects.count() == 0
