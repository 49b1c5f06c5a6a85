"""Celery tasks for reminders: each takes ids or a date, calls a service, and is safe to run
twice (acks_late is on: a task whose worker dies runs again)."""

import datetime
import logging

from celery import shared_task
from django.utils import timezone

from notifications import services

logger = logging.getLogger(__name__)

# Retries back off, but stay below the broker's visibility_timeout (300 s by default): a
# countdown longer than that would have Redis hand the waiting task to a second worker.
EMAIL_RETRY_COUNTDOWNS = (30, 60, 120, 240)


@shared_task(bind=True, acks_late=True)
def reminders_sweep(self, as_of: str | None = None):
    """The daily job: sweep today (and the Working Days missed since the last sweep), or the
    given day (YYYY-MM-DD). Also queues again any outbox e-mail whose task was lost."""
    if as_of:
        results = [services.reminders_sweep(as_of=datetime.date.fromisoformat(as_of))]
    else:
        results = services.reminders_catch_up(today=timezone.localdate())
    for email_id in services.emails_unsent():
        send_email.delay(email_id)
    summary = [
        {
            "as_of": r.as_of.isoformat(),
            "sent": len(r.sent),
            "already_sent": r.already_sent,
            "skipped": len(r.skipped),
        }
        for r in results
    ]
    logger.info("reminder sweep: %s", summary)
    return summary


@shared_task(bind=True, acks_late=True)
def deliver_reminders(self, recipient_id: int):
    """Deliver one user's unsent reminders (inbox, and e-mail by their choice)."""
    return services.reminders_deliver(recipient_id=recipient_id)


@shared_task(bind=True, acks_late=True, max_retries=len(EMAIL_RETRY_COUNTDOWNS))
def send_email(self, email_id: int):
    """Send one outbox e-mail; if the mail server fails, it goes back to the outbox and this
    retries later."""
    try:
        return services.email_send(email_id=email_id)
    except services.EmailNotSent as error:
        countdown = EMAIL_RETRY_COUNTDOWNS[
            min(self.request.retries, len(EMAIL_RETRY_COUNTDOWNS) - 1)
        ]
        logger.warning("e-mail %s not sent (%s); retrying in %s s", email_id, error, countdown)
        raise self.retry(exc=error, countdown=countdown) from error


@shared_task(bind=True, acks_late=True)
def digest_weekly(self, week: str | None = None):
    """The Monday digest: each user's dates in the next two weeks, once per user and week."""
    day = datetime.date.fromisoformat(week) if week else timezone.localdate()
    return services.digest_send(week=day)
