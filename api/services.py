"""Issuing and revoking API tokens."""

import datetime
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from api.models import ApiToken, token_digest
from core.errors import ApplicationError


@transaction.atomic
def api_token_issue(*, user, days: int | None = None) -> tuple[ApiToken, str]:
    """A new token for `user`, replacing any earlier one; returns the row and the key (shown once)."""
    if not user.is_active:
        raise ApplicationError(f"{user} is inactive: an inactive user gets no token.", field="user")
    days = settings.API_TOKEN_TTL_DAYS if days is None else days
    if days < 1:
        raise ApplicationError("A token lasts at least one day.", field="days")
    key = secrets.token_urlsafe(32)
    now = timezone.now()
    token, _ = ApiToken.objects.update_or_create(
        user=user,
        defaults={
            "digest": token_digest(key),
            "prefix": key[:8],
            "created_at": now,
            "expires_at": now + datetime.timedelta(days=days),
            "revoked_at": None,
            "last_used_at": None,
        },
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, user) -> ApiToken:
    """Stop `user`'s token working at once."""
    token = ApiToken.objects.select_for_update().filter(user=user).first()
    if token is None:
        raise ApplicationError(f"{user} has no API token.", field="user")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
