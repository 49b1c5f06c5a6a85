"""Celery tasks that render RID PDFs: each takes an id, calls a service, and is safe to run twice
(acks_late is on: a task whose worker dies runs again; the services store a PDF once)."""

import logging

from celery import shared_task

from releases.rid import baselines

logger = logging.getLogger(__name__)

RETRY_COUNTDOWNS = (10, 30, 60)


def _retry(task, error: Exception):
    """The task's next try after `error`, later each time (RETRY_COUNTDOWNS)."""
    countdown = RETRY_COUNTDOWNS[min(task.request.retries, len(RETRY_COUNTDOWNS) - 1)]
    return task.retry(exc=error, countdown=countdown)


@shared_task(bind=True, acks_late=True, max_retries=len(RETRY_COUNTDOWNS))
def render_rid_baseline(self, baseline_id: int):
    """Render a baseline's PDF from its frozen snapshot and store it with its SHA-256."""
    try:
        stored = baselines.rid_baseline_render(baseline_id=baseline_id)
    except OSError as error:  # storage trouble: try again; a render error would fail the same
        logger.warning("RID baseline %s not rendered (%s); retrying", baseline_id, error)
        raise _retry(self, error) from error
    logger.info("RID baseline %s: %s", baseline_id, "rendered" if stored else "already rendered")
    return stored


@shared_task(acks_late=True)
def render_rid_baselines_pending() -> list[int]:
    """Queue again every baseline still without its PDF: a render lost with a broker outage at
    commit would otherwise leave the baseline "being rendered" and block the next version."""
    pending = baselines.rid_baselines_unrendered()
    for baseline_id in pending:
        render_rid_baseline.delay(baseline_id)
    if pending:
        logger.info("RID baselines queued again for rendering: %s", pending)
    return pending


@shared_task(bind=True, acks_late=True, max_retries=len(RETRY_COUNTDOWNS))
def render_rid_draft(self, draft_id: int):
    """Render the PDF of a draft snapshot (cached by its digest)."""
    try:
        return baselines.rid_draft_render(draft_id=draft_id)
    except OSError as error:
        raise _retry(self, error) from error
