import datetime
from decimal import Decimal

import pytest

from releases.choices import ReleaseStatus
from tests.factories import ReleaseFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_member_signs_in_sees_the_releases_and_signs_out(
    page, sign_in, screenshot, user_with_role
):
    ReleaseFactory(
        slug="november-2021",
        name="November 2021 SEC Release",
        planned_go_live=datetime.date(2021, 11, 4),
        actual_go_live=datetime.date(2021, 11, 4),
        sec_version=Decimal("50.0"),
        status=ReleaseStatus.LIVE,
    )
    user_with_role("panel", username="pat")

    sign_in(page, "pat")

    assert page.get_by_text("Signed in as").inner_text().startswith("Signed in as pat")
    row = page.get_by_role("row", name="November 2021 SEC Release")
    assert "v50.0" in row.inner_text()
    screenshot(page, "home-signed-in")
    page.get_by_role("button", name="Sign out").click()
    assert page.get_by_role("link", name="Sign in").is_visible()


def test_a_wrong_password_is_refused_with_a_message(page, sign_in, user_with_role):
    user_with_role("secas", username="sam")

    sign_in(page, "sam", "wrong")

    assert page.get_by_role("alert").is_visible()
    assert "Signed in as" not in page.content()
