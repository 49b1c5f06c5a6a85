"""`Authorization: Token <key>`, checked against the stored digest, its expiry and revocation."""

import datetime

from django.db.models import F
from django.utils import timezone
from rest_framework import authentication, exceptions

from api.models import ApiToken, token_digest

# Record a token's use at most this often: a write per request would cost every request.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=15)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "The Authorization header must be 'Token <key>', with one key and no spaces."
            )
        try:
            key = header[1].decode()
        except UnicodeError as error:
            raise exceptions.AuthenticationFailed(
                "The token contains invalid characters."
            ) from error
        # The token, its user and the user's role names in one query: one row per role.
        rows = list(
            ApiToken.objects.select_related("user")
            .filter(digest=token_digest(key))
            .annotate(role_name=F("user__groups__name"))
        )
        if not rows:
            raise exceptions.AuthenticationFailed("The token is not valid.")
        token = rows[0]
        token.user._role_names = frozenset(row.role_name for row in rows if row.role_name)
        now = timezone.now()
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(
                f"The token was revoked on {timezone.localtime(token.revoked_at):%d %B %Y %H:%M}."
            )
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed(
                f"The token expired on {timezone.localtime(token.expires_at):%d %B %Y %H:%M}; "
                "ask for a new one."
            )
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("The token's user is inactive.")
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword
