"""In the browser: a Panel member drafts the Release Management Policy with a change freeze and
publishes it; anyone reads it on /policy/, at 1280 px and at 390 px."""

import datetime

import pytest
from django.utils import timezone

from governance.models import PolicyVersion

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_panel_drafts_and_publishes_the_policy_and_anyone_reads_it(
    page, mobile_page, sign_in, screenshot, user_with_role
):
    today = timezone.localdate()
    effective = today + datetime.timedelta(days=7)
    freeze_start, freeze_end = today + datetime.timedelta(days=20), today + datetime.timedelta(30)
    user_with_role("panel", username="pat")

    sign_in(page, "pat")
    page.goto("/policy/")
    page.get_by_role("link", name="Draft the next version").click()
    page.get_by_label("Notice period (Working Days)").fill("10")
    page.get_by_label("Rule for allocating modifications to releases").fill(
        "Approved modifications join the next scheduled release whose cut-off has not passed."
    )
    page.get_by_label("How the Panel reviews forecast and actual costs").fill(
        "SECAS reports forecast and actual costs to the Panel after each go-live."
    )
    page.get_by_label("How the Panel decides go-live").fill("The CSC decides go/no-go.")
    page.get_by_label("Consultation opened").fill(str(today - datetime.timedelta(days=30)))
    page.get_by_label("Consultation closed").fill(str(today - datetime.timedelta(days=1)))
    page.get_by_label("Takes effect on").fill(str(effective))
    page.get_by_label("Panel decision or paper").fill("SECP_140_2311_26")
    page.get_by_role("button", name="Save the draft").click()
    page.wait_for_load_state()
    assert PolicyVersion.objects.get().number == 1

    # A window backwards is shown again with its message.
    page.get_by_label("Starts").fill(str(freeze_end))
    page.get_by_label("Ends").fill(str(freeze_start))
    page.get_by_label("Reason").fill("Year-end")
    page.get_by_role("button", name="Add the window").click()
    page.wait_for_load_state()
    assert "A freeze window cannot end" in page.get_by_role("alert").first.inner_text()
    page.get_by_label("Starts").fill(str(freeze_start))
    page.get_by_label("Ends").fill(str(freeze_end))
    page.get_by_role("button", name="Add the window").click()
    page.wait_for_load_state()
    screenshot(page, "policy-draft")
    page.get_by_role("button", name="Publish Release Management Policy v1").click()
    page.wait_for_load_state()
    assert PolicyVersion.objects.get().is_published

    mobile_page.goto("/policy/")
    text = mobile_page.get_by_role("main").inner_text()
    assert f"Version 1, from {effective.day} {effective:%B %Y}" in text
    assert "10 Working Days before a release's planned go-live" in text
    assert "Year-end" in text
    screenshot(mobile_page, "policy-390")
