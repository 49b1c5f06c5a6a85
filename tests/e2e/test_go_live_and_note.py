"""In the browser: the Panel sets June 2022 live, SECAS drafts and publishes its note, anyone
reads it, at 1280 px and at 390 px."""

import pytest

from releases.choices import ReleaseStatus
from releases.models import Release
from tests.publication.conftest import build_june_2022

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_panel_sets_june_2022_live_and_secas_publishes_its_note(
    browser, live_server, page, mobile_page, sign_in, screenshot, user_with_role
):
    build_june_2022()
    user_with_role("panel", username="pat")
    user_with_role("secas", username="sam")

    sign_in(page, "pat")
    page.goto("/releases/june-2022/")
    page.get_by_role("link", name="Go-live").click()
    page.get_by_label("New SEC version").fill("61.0")
    screenshot(page, "go-live-form")
    page.get_by_role("button", name="Set live").click()
    page.wait_for_load_state()

    assert Release.objects.get(slug="june-2022").status == ReleaseStatus.LIVE
    assert "is live as SEC v61.0" in page.get_by_role("alert").first.inner_text()

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "sam")
    page.goto("/releases/june-2022/notes/")
    page.get_by_role("button", name="Draft the release note").click()
    page.get_by_role("link", name="Edit the draft").click()
    page.get_by_label("Title").fill(
        "SEC v61.0 published for the June 2022 SEC Release and to support the ECoS arrangements"
    )
    page.get_by_role("button", name="Save the draft").click()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_load_state()
    assert "Published" in page.get_by_role("heading", name="Published", exact=True).inner_text()

    mobile_page.goto("/releases/june-2022/notes/")
    heading = mobile_page.get_by_role("heading", level=1).inner_text()
    assert heading == (
        "SEC v61.0 published for the June 2022 SEC Release and to support the ECoS arrangements"
    )
    table = mobile_page.get_by_role("table", name="SEC documents affected by SEC v61.0")
    assert table.get_by_role("row").count() == 8  # the header and the seven documents
    screenshot(mobile_page, "release-note-390")
    mobile_page.goto("/document-log/?date=2022-07-01")
    screenshot(mobile_page, "document-log-390")
    page.goto("/releases/june-2022/notes/")
    screenshot(page, "release-note-1280")
