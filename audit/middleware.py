"""Name the release of each request for audit.access, and log every request an auditor makes.

Placed after AuthenticationMiddleware. `process_view` runs once the URL is resolved and before
the view: it records the release the URL names (audit.access.release_slug_of) for the
permission backend and the visibility rules. After the response, a request by a member of the
auditor group (signed in by session, or by API token: DRF puts its user on the request) is
logged in one INSERT, whatever its outcome (200, 403, 404 ...). A failure to log is itself
logged and never breaks the response.
"""

import logging

from django.db.models import Subquery

from audit.access import _request_release, is_auditor, release_slug_of

logger = logging.getLogger(__name__)

PATH_MAX = 2000


class AuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_release.set(None)
        try:
            response = self.get_response(request)
            slug = _request_release.get()
        finally:
            _request_release.reset(token)
        user = getattr(request, "user", None)
        if is_auditor(user):
            log_page_view(request, response, user=user, slug=slug)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        _request_release.set(release_slug_of(request.resolver_match))


def log_page_view(request, response, *, user, slug: str | None) -> None:
    """One INSERT: the release is looked up by its slug inside it (NULL when none has it)."""
    from audit.models import AuditorPageView
    from releases.models import Release

    try:
        release_id = None
        if slug is not None:
            release_id = Subquery(Release.objects.filter(slug=slug).values("pk")[:1])
        AuditorPageView.objects.create(
            user_id=user.pk,
            release_id=release_id,
            method=request.method[:10],
            path=request.get_full_path()[:PATH_MAX],
            status_code=response.status_code,
        )
    except Exception:  # the page the auditor asked for matters more than its log line
        logger.exception("Could not log the auditor's request %s %s", request.method, request.path)
