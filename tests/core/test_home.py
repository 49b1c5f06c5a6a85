import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from releases.choices import Inclusion, ReleaseStatus
from tests.factories import ReleaseFactory, ScopeItemFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def test_home_lists_each_release_with_status_go_live_and_sec_version(client):
    live = ReleaseFactory(
        slug="november-2021",
        name="November 2021 SEC Release",
        planned_go_live=D(2021, 11, 4),
        actual_go_live=D(2021, 11, 4),
        sec_version=Decimal("50.0"),
        status=ReleaseStatus.LIVE,
    )
    ScopeItemFactory.create_batch(3, release=live, impacts_dcc_systems=True)
    ReleaseFactory(
        slug="november-2022", name="November 2022 SEC Release", planned_go_live=D(2022, 11, 3)
    )

    response = client.get("/")

    assert response.status_code == 200
    rows = response.content.decode()
    assert "November 2021 SEC Release" in rows
    assert "4 Nov 2021" in rows and "v50.0" in rows and "Live" in rows
    assert (
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", rows)).count(
            "November 2021 SEC Release Live 4 Nov 2021 4 Nov 2021 v50.0 3 0 3"
        )
        == 1
    )
    assert "November 2022 SEC Release" in rows and "Planning" in rows


def test_home_runs_the_same_queries_for_3_and_for_60_releases(client):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    for _ in range(3):
        ScopeItemFactory(release=ReleaseFactory(), inclusion=Inclusion.TARGETED)
    few = count_queries()
    for _ in range(57):
        ScopeItemFactory(release=ReleaseFactory())
    many = count_queries()

    # The releases with the id of their next milestone, then their scope counts (anonymous
    # visitor: no session query). With milestones ahead, a third fetches those.
    assert few == many == 2


def test_signed_in_users_see_who_they_are_and_their_role(client, user_with_role):
    client.force_login(user_with_role("panel", username="pat"))

    page = client.get("/").content.decode()

    assert "Signed in as <strong>pat</strong> (panel)" in page
    assert "Sign out" in page


def test_an_unknown_page_gets_the_clear_404(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
