import datetime
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from api.services import api_token_issue
from releases.choices import ReleaseKind, ReleaseStatus
from releases.services import release_create

ROLES = ("secas", "panel", "csc", "opsg", "tag", "dcc", "auditor")
READERS = ("secas", "panel", "csc", "opsg", "tag", "dcc")


@pytest.fixture
def token_for(user_with_role):
    """An API key for a new user holding `role`: `token_for("dcc")`."""

    def make(role: str, username: str | None = None) -> str:
        user = user_with_role(role, username=username)
        _, key = api_token_issue(user=user)
        return key

    return make


@pytest.fixture
def client_for(token_for):
    """An APIClient sending `Authorization: Token <key>` for a user of `role` (None: anonymous)."""

    def make(role: str | None, username: str | None = None) -> APIClient:
        client = APIClient()
        if role is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(role, username)}")
        return client

    return make


@pytest.fixture
def november_2022(db):
    """A release in planning, as the reference data leaves November 2022: open to submissions."""
    return release_create(
        slug="november-2022",
        name="November 2022 SEC Release",
        kind=ReleaseKind.NOVEMBER,
        planned_go_live=datetime.date(2022, 11, 3),
        actor=None,
    )


@pytest.fixture
def decided_release(db):
    """A release whose go/no-go the CSC has decided."""
    from tests.factories import GoNoGoDecisionFactory

    release = release_create(
        slug="november-2021",
        name="November 2021 SEC Release",
        kind=ReleaseKind.NOVEMBER,
        planned_go_live=datetime.date(2021, 11, 4),
        actor=None,
    )
    release.status = ReleaseStatus.GO_NO_GO
    release.sec_version = Decimal("50.0")
    release.save()
    GoNoGoDecisionFactory(release=release, decided_on=datetime.date(2021, 10, 26))
    return release


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files go to a fresh folder per test."""
    settings.MEDIA_ROOT = tmp_path / "media"
