"""The Celery tasks (run eagerly here; tests/notifications/test_worker.py runs a real worker)."""

import datetime

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core import mail

from modifications.choices import Phase
from notifications import tasks
from notifications.models import Email, Notification, SweepRun
from releases.choices import Inclusion
from secrelease.celery import app
from tests.factories import ModificationFactory, ReleaseFactory, ScopeItemFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def mp149(user_with_role):
    user_with_role("secas")
    ScopeItemFactory(
        release=ReleaseFactory(slug="november-2021", name="November 2021 SEC Release"),
        modification=ModificationFactory(reference="MP149", phase=Phase.DECISION),
        inclusion=Inclusion.TARGETED,
        decision_cutoff=D(2021, 10, 21),
    )


def test_the_beat_schedule_runs_the_sweep_daily_and_the_digest_on_mondays():
    schedule = settings.CELERY_BEAT_SCHEDULE

    assert schedule["reminders-daily-sweep"]["task"] == "notifications.tasks.reminders_sweep"
    assert schedule["reminders-daily-sweep"]["schedule"] == crontab(hour=7, minute=0)
    assert schedule["reminders-monday-digest"]["task"] == "notifications.tasks.digest_weekly"
    assert schedule["reminders-monday-digest"]["schedule"] == crontab(
        hour=7, minute=30, day_of_week="mon"
    )
    app.loader.import_default_modules()  # what a worker does at start: every app's tasks.py
    for entry in schedule.values():
        assert entry["task"] in app.tasks


def test_the_broker_settings_let_a_killed_workers_task_come_back():
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    for task in (
        tasks.reminders_sweep,
        tasks.deliver_reminders,
        tasks.send_email,
        tasks.digest_weekly,
    ):
        assert task.acks_late is True
    # The longest e-mail retry wait stays below Redis's visibility timeout (300 s by default).
    assert max(tasks.EMAIL_RETRY_COUNTDOWNS) < 300


def test_the_sweep_task_sweeps_the_given_day_and_delivers(
    mp149, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        summary = tasks.reminders_sweep.delay(as_of="2021-10-07").get()

    assert summary == [{"as_of": "2021-10-07", "sent": 1, "already_sent": 0, "skipped": 0}]
    assert Notification.objects.get().subject.startswith("In 10 Working Days: MP149")
    assert len(mail.outbox) == 1


def test_the_sweep_task_without_a_date_sweeps_today(mp149, time_machine):
    time_machine.move_to(datetime.datetime(2021, 10, 7, 7, 0), tick=False)

    summary = tasks.reminders_sweep.delay().get()

    assert summary == [{"as_of": "2021-10-07", "sent": 1, "already_sent": 0, "skipped": 0}]
    assert SweepRun.objects.get().trigger == "BEAT"


def test_an_email_the_server_refuses_goes_back_to_the_outbox_and_is_retried(
    mp149, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2

    with (
        pytest.raises(Exception, match="Connection refused"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        tasks.reminders_sweep.delay(as_of="2021-10-07")

    # The task asked for a retry (a worker would run it again 30 s later); its claim was given
    # back, so the retry, or the daily sweep's look at the outbox, sends it.
    email = Email.objects.get()
    assert (email.sent_at, email.attempts) == (None, 1)
    assert "Connection refused" in email.last_error
    assert Notification.objects.count() == 1  # the inbox has it whatever the mail server does


def test_the_digest_task(mp149, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        written = tasks.digest_weekly.delay(week="2021-10-11").get()

    assert written == 1
    assert mail.outbox[0].subject == "Your dates from 11 Oct to 24 Oct 2021: 1 item"
