"""Delivery: the inbox entry and the e-mail, once each, by each user's choice; the Monday digest."""

import datetime

import pytest
from django.core import mail

from modifications.choices import Phase
from notifications.choices import Delivery
from notifications.models import Digest, Email, Notification, Reminder
from notifications.services import (
    EmailNotSent,
    digest_send,
    email_send,
    emails_unsent,
    reminders_deliver,
    reminders_sweep,
)
from releases.choices import Inclusion
from tests.factories import MilestoneFactory, ModificationFactory, ReleaseFactory, ScopeItemFactory
from tests.notifications.factories import DeliveryPreferenceFactory, FollowFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def november_2021():
    release = ReleaseFactory(
        slug="november-2021", name="November 2021 SEC Release", planned_go_live=D(2021, 11, 4)
    )
    for reference, title, cutoff in [
        ("MP149", "Effecting Changes to the Smart Energy Code efficiently", D(2021, 10, 21)),
        ("MP180", "Market-wide Half-Hourly Settlement Implementation", D(2021, 10, 28)),
    ]:
        ScopeItemFactory(
            release=release,
            modification=ModificationFactory(
                reference=reference, title=title, phase=Phase.DECISION
            ),
            inclusion=Inclusion.TARGETED,
            decision_cutoff=cutoff,
        )
    return release


def test_a_sweep_delivers_each_reminder_to_the_inbox_and_one_email_per_person(
    user_with_role, november_2021, django_capture_on_commit_callbacks
):
    secas = user_with_role("secas")

    with django_capture_on_commit_callbacks(execute=True):
        reminders_sweep(as_of=D(2021, 10, 14))

    assert sorted(Notification.objects.values_list("recipient__username", "subject")) == [
        (
            "secas-user",
            "In 10 Working Days: MP180 decision cut-off (November 2021 SEC Release), 28 Oct 2021",
        ),
        (
            "secas-user",
            "In 5 Working Days: MP149 decision cut-off (November 2021 SEC Release), 21 Oct 2021",
        ),
    ]
    assert Reminder.objects.filter(sent_at__isnull=True).count() == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [secas.email]
    assert message.subject == (
        "2 reminders: In 5 Working Days: MP149 decision cut-off (November 2021 SEC Release), "
        "21 Oct 2021 and 1 more"
    )
    assert "http://127.0.0.1:8000/releases/november-2021/" in message.body
    assert "(You are told because you are in the SECAS group.)" in message.body
    assert (
        "Choose e-mail or in-app only: http://127.0.0.1:8000/notifications/preferences/"
        in message.body
    )
    email = Email.objects.get()
    assert message.extra_headers["Message-ID"] == email.message_id
    assert email.sent_at is not None


def test_in_app_only_users_and_users_without_an_address_get_no_email(
    user_with_role, november_2021, django_capture_on_commit_callbacks, django_user_model
):
    quiet = user_with_role("secas", username="quiet")
    DeliveryPreferenceFactory(user=quiet, delivery=Delivery.IN_APP)
    no_address = django_user_model.objects.create_user("no-address", email="")
    FollowFactory(user=no_address, release=november_2021)

    with django_capture_on_commit_callbacks(execute=True):
        reminders_sweep(as_of=D(2021, 10, 7))

    assert sorted(Notification.objects.values_list("recipient__username", flat=True)) == [
        "no-address",
        "quiet",
    ]
    assert mail.outbox == []
    assert Email.objects.count() == 0


def test_delivering_twice_delivers_once(user_with_role, november_2021):
    secas = user_with_role("secas")
    reminders_sweep(as_of=D(2021, 10, 14))  # claimed; delivery not run (no commit in this test)

    first = reminders_deliver(recipient_id=secas.pk)
    second = reminders_deliver(recipient_id=secas.pk)

    assert (first, second) == (2, 0)
    assert Notification.objects.count() == 2
    assert Email.objects.count() == 1


def test_an_email_is_sent_once_however_often_its_task_runs(user_with_role, november_2021):
    secas = user_with_role("secas")
    reminders_sweep(as_of=D(2021, 10, 7))
    reminders_deliver(recipient_id=secas.pk)
    email = Email.objects.get()

    assert [email_send(email_id=email.pk) for _ in range(3)] == [True, False, False]
    assert len(mail.outbox) == 1


def test_a_mail_server_that_fails_gives_the_email_back_to_be_retried(
    user_with_role, november_2021, settings
):
    secas = user_with_role("secas")
    reminders_sweep(as_of=D(2021, 10, 7))
    reminders_deliver(recipient_id=secas.pk)
    email = Email.objects.get()
    # A real SMTP connection to a port nothing listens on.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2

    with pytest.raises(EmailNotSent):
        email_send(email_id=email.pk)

    email.refresh_from_db()
    assert (email.sent_at, email.attempts) == (None, 1)
    assert email.last_error != ""
    assert emails_unsent(older_than=datetime.timedelta(0)) == [email.pk]
    # The mail server is back: the retry sends it.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert email_send(email_id=email.pk) is True
    email.refresh_from_db()
    assert (email.attempts, email.last_error, len(mail.outbox)) == (2, "", 1)


def test_an_inactive_user_gets_nothing(user_with_role, november_2021):
    secas = user_with_role("secas")
    reminders_sweep(as_of=D(2021, 10, 7))
    secas.is_active = False
    secas.save()

    assert reminders_deliver(recipient_id=secas.pk) == 0
    assert Notification.objects.count() == 0


def test_the_monday_digest_lists_each_users_next_two_weeks_once(
    user_with_role, november_2021, django_capture_on_commit_callbacks
):
    secas = user_with_role("secas")
    dcc = user_with_role("dcc")
    user_with_role("panel")  # nothing due for the Panel: no digest
    MilestoneFactory(
        release=november_2021, event="DCC submits readiness statements", date=D(2021, 10, 15)
    )
    MilestoneFactory(release=november_2021, event="Go-live", date=D(2021, 11, 4))  # too late

    with django_capture_on_commit_callbacks(execute=True):
        written = digest_send(week=D(2021, 10, 13))  # any day of the week of Monday 11 October
    again = digest_send(week=D(2021, 10, 11))

    assert (written, again) == (2, 0)
    assert sorted(Digest.objects.values_list("recipient__username", "week_of", "item_count")) == [
        ("dcc-user", D(2021, 10, 11), 1),
        ("secas-user", D(2021, 10, 11), 1),
    ]
    secas_digest = Notification.objects.get(recipient=secas, digest__isnull=False)
    assert secas_digest.subject == "Your dates from 11 Oct to 24 Oct 2021: 1 item"
    assert "* Thu 21 Oct: MP149 decision cut-off (November 2021 SEC Release)" in secas_digest.body
    assert "MP180" not in secas_digest.body  # 28 October is beyond the two weeks
    dcc_mail = next(m for m in mail.outbox if m.to == [dcc.email])
    assert "* Fri 15 Oct: DCC submits readiness statements (November 2021 SEC Release)" in (
        dcc_mail.body
    )
    assert len(mail.outbox) == 2
