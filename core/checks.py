"""Start-up checks: production must not run with the development demo users in its database."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError

from core.roles import DEMO_PASSWORD, DEMO_USERS


def demo_users_present() -> list[str]:
    """The demo users (named after a role, password "demo") found in the database."""
    from django.contrib.auth import get_user_model

    try:
        users = list(get_user_model().objects.filter(username__in=DEMO_USERS))
    except DatabaseError:  # not migrated yet: there can be no demo user
        return []
    return sorted(u.username for u in users if u.check_password(DEMO_PASSWORD))


@register(Tags.security, Tags.database)
def check_no_demo_users(app_configs=None, databases=None, **kwargs):
    if settings.DEMO_USERS_ALLOWED or not databases:
        return []
    present = demo_users_present()
    if not present:
        return []
    return [
        Error(
            f"Demo users are present: {', '.join(present)}.",
            hint="Delete them (or change their passwords) before running with production settings.",
            id="secrelease.E001",
        )
    ]


def refuse_to_start_with_demo_users() -> None:
    """Called as the web server and the workers start: raise unless the demo users are absent."""
    errors = check_no_demo_users(databases=["default"])
    if errors:
        raise ImproperlyConfigured(f"{errors[0].msg} {errors[0].hint}")
