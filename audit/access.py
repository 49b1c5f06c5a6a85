"""What an appointed auditor may read, decided in one place for every view (SEC D10.11).

An auditor's group holds no permission (core/roles.py). Instead, for the length of one request
whose URL names a release (`release_slug_of`), a user in the auditor group who holds a current
appointment to that release is granted the read-only permissions of `AUDITED_RELEASE_PERMISSIONS`
(asked by `core.backends.RolePermissionBackend`), and every release the user is currently
appointed to is visible to them even when restricted (`appointed_release_ids`, asked by
`releases.models`' visibility rules). Nothing else changes: each view keeps asking
`user.has_perm(...)` and `release_get(slug, user=...)` as it does for every role, so existing and
future views need no edit.

The request's release is kept in a context variable set by `audit.middleware.AuditMiddleware`
(before the view) and cleared after it: it does not depend on which object the user is, so the
API's token authentication (which DRF does inside the view, after every middleware) is covered
the same way as a browser session. Outside a request (tasks, commands, the shell) no release is
named and nothing is granted.
"""

import re
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

from core.roles import AUDITED_RELEASE_PERMISSIONS, Role, _matches, user_roles

# The release slug the current request's URL names, or None.
_request_release: ContextVar[str | None] = ContextVar("audited_request_release", default=None)

# A route names a release when it has a `slug` under /releases/<slug>/ or /api/v1/releases/<slug>/
# (the pages of the releases, acceptance, publication and costs apps and the API's nested
# endpoints). /papers/, /modifications/ and /document-log/<slug>/ do not name one.
RELEASE_ROUTE = re.compile(r"^(?:api/v\d+/)?releases/")

# Never granted to an auditor: it opens every restricted release (releases.models).
NEVER_GRANTED = frozenset({"releases.view_release"})


def release_slug_of(resolver_match) -> str | None:
    """The slug of the release a resolved URL names, or None."""
    if resolver_match is None:
        return None
    slug = resolver_match.kwargs.get("slug")
    if isinstance(slug, str) and RELEASE_ROUTE.match(resolver_match.route or ""):
        return slug
    return None


def is_auditor(user) -> bool:
    """A signed-in, active member of the auditor group (appointed or not)."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and Role.AUDITOR in user_roles(user)
    )


def appointed_releases(user) -> dict[str, int]:
    """{slug: id} of the releases `user` (an auditor) holds a current appointment to: one query,
    read once per request (cached on the user object); {} without a query for anyone else."""
    if not is_auditor(user):
        return {}
    cached = user.__dict__.get("_appointed_releases")
    if cached is None:
        from audit.models import AuditorAppointment

        cached = dict(
            AuditorAppointment.objects.current(timezone.localdate())
            .filter(user_id=user.pk)
            .order_by()
            .values_list("release__slug", "release_id")
        )
        user.__dict__["_appointed_releases"] = cached
    return cached


def appointed_release_ids(user) -> frozenset[int]:
    """The releases an auditor sees even when restricted: the ones they are appointed to."""
    return frozenset(appointed_releases(user).values())


def audited_release_id(user) -> int | None:
    """The release this request's URL names, if `user` is currently appointed to it."""
    slug = _request_release.get()
    if slug is None:
        return None
    return appointed_releases(user).get(slug)


def is_auditor_read(perm: str) -> bool:
    """Whether `perm` is one an appointed auditor holds on their release's pages."""
    if perm in NEVER_GRANTED or "." not in perm:
        return False
    app_label, codename = perm.split(".", 1)
    return any(_matches(pattern, app_label, codename) for pattern in AUDITED_RELEASE_PERMISSIONS)


def auditor_grants(user, perm: str) -> bool:
    """Whether `user` holds `perm` as the appointed auditor of the release this request names."""
    return is_auditor_read(perm) and audited_release_id(user) is not None


@contextmanager
def request_release(slug: str | None):
    """Name `slug` as the release of the current request inside the block (the middleware does
    it for real requests; tests and commands that act as one use this)."""
    token = _request_release.set(slug)
    try:
        yield
    finally:
        _request_release.reset(token)
