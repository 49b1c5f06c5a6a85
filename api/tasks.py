"""The API's housekeeping, run by beat."""

from celery import shared_task

from api import idempotency


@shared_task(acks_late=True)
def idempotency_records_purge() -> int:
    """Forget the Idempotency-Keys older than IDEMPOTENCY_KEY_TTL_HOURS (safe to run twice)."""
    return idempotency.idempotency_records_purge()
