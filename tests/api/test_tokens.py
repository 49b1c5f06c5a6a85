"""API tokens: stored hashed, one per user, printed once by the command, revocable."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from api.models import ApiToken, token_digest

pytestmark = pytest.mark.django_db


def test_create_api_token_prints_a_key_and_stores_only_its_digest(user_with_role, time_machine):
    time_machine.move_to(datetime.datetime(2022, 10, 1, 12, 0, tzinfo=datetime.UTC), tick=False)
    user_with_role("dcc", username="dcc-release-manager")
    out = io.StringIO()

    call_command("create_api_token", "dcc-release-manager", stdout=out, stderr=io.StringIO())

    key = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert len(key) == 43
    assert token.digest == token_digest(key)
    assert key not in (token.digest, token.prefix)
    assert token.expires_at == datetime.datetime(2022, 12, 30, 12, 0, tzinfo=datetime.UTC)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/releases/").status_code == 200


def test_a_new_token_replaces_the_old_one(user_with_role):
    user_with_role("dcc", username="dcc-release-manager")
    first, second = io.StringIO(), io.StringIO()
    call_command("create_api_token", "dcc-release-manager", stdout=first, stderr=io.StringIO())

    call_command("create_api_token", "dcc-release-manager", stdout=second, stderr=io.StringIO())

    assert ApiToken.objects.count() == 1
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {first.getvalue().strip()}")
    assert client.get("/api/v1/releases/").status_code == 401


def test_revoke_api_token_stops_the_token(user_with_role):
    user_with_role("dcc", username="dcc-release-manager")
    out = io.StringIO()
    call_command("create_api_token", "dcc-release-manager", stdout=out, stderr=io.StringIO())

    call_command("revoke_api_token", "dcc-release-manager", stdout=io.StringIO())

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")
    assert client.get("/api/v1/releases/").status_code == 401
    assert ApiToken.objects.get().revoked_at is not None


def test_create_api_token_for_an_unknown_user_fails():
    with pytest.raises(CommandError, match="There is no user ‘nobody’."):
        call_command("create_api_token", "nobody", stdout=io.StringIO())
    assert ApiToken.objects.count() == 0
