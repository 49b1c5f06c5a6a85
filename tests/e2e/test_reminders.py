"""The inbox, the unread count in the header, following a release and the cut-off alert, in a
real browser at desktop and phone widths."""

import datetime

import pytest
import time_machine

from modifications.choices import Phase
from notifications.services import reminders_sweep
from releases.choices import Inclusion, ReleaseStatus
from tests.factories import ModificationFactory, ReleaseFactory, ScopeItemFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
D = datetime.date


@pytest.fixture
def november_2021():
    release = ReleaseFactory(
        slug="november-2021",
        name="November 2021 SEC Release",
        planned_go_live=D(2021, 11, 4),
        status=ReleaseStatus.IN_TEST,
    )
    for reference, title, cutoff in [
        ("MP149", "Effecting Changes to the Smart Energy Code efficiently", D(2021, 10, 21)),
        ("MP180", "Market-wide Half-Hourly Settlement Implementation", D(2021, 10, 28)),
    ]:
        ScopeItemFactory(
            release=release,
            modification=ModificationFactory(
                reference=reference, title=title, phase=Phase.DECISION
            ),
            inclusion=Inclusion.TARGETED,
            decision_cutoff=cutoff,
        )
    return release


def test_secas_reads_the_reminders_in_the_inbox(
    page, mobile_page, sign_in, screenshot, user_with_role, november_2021
):
    user_with_role("secas", username="sam")
    reminders_sweep(as_of=D(2021, 10, 14))  # delivered at once: tasks run eagerly in tests

    sign_in(page, "sam")

    badge = page.locator("[data-unread-count]")
    badge.wait_for()
    assert " ".join(badge.text_content().split()) == "2 unread"
    page.get_by_role("link", name="Inbox").click()
    assert page.get_by_role("heading", name="Inbox", level=1).is_visible()
    items = page.get_by_role("list", name="Notifications").get_by_role("listitem")
    assert items.count() == 2
    assert (
        "In 5 Working Days: MP149 decision cut-off"
        in items.nth(0).inner_text() + items.nth(1).inner_text()
    )
    screenshot(page, "inbox-unread")

    page.get_by_role("button", name="Mark read: In 5 Working Days: MP149").click()
    page.locator("[data-unread-count='1']").wait_for()
    page.get_by_role("button", name="Mark all read").click()
    assert page.get_by_role("link", name="Unread (0)").is_visible()
    assert page.locator("[data-unread-count]").count() == 0

    sign_in(mobile_page, "sam")
    mobile_page.goto("/notifications/")
    assert mobile_page.get_by_role("heading", name="Inbox", level=1).is_visible()
    width = mobile_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot(mobile_page, "inbox-mobile")


@time_machine.travel(datetime.datetime(2021, 10, 22, 9, 0))
def test_a_missed_cutoff_is_an_alert_and_a_member_follows_the_release(
    page, mobile_page, sign_in, screenshot, user_with_role, november_2021
):
    user_with_role("panel", username="pat")
    sign_in(page, "pat")

    page.goto("/releases/november-2021/")

    alert = page.locator("[data-missed-cutoff='MP149']")
    assert alert.get_attribute("role") == "alert"
    assert "Decision cut-off passed: MP149 not approved" in alert.inner_text()
    assert page.locator("[data-missed-cutoff='MP180']").count() == 0  # its cut-off is ahead
    page.get_by_role("button", name="Follow November 2021 SEC Release").click()
    page.get_by_role("button", name="Following November 2021 SEC Release: stop").wait_for()
    assert page.get_by_role("status").inner_text() == (
        "You follow November 2021 SEC Release: its reminders reach you too."
    )
    screenshot(page, "release-missed-cutoff")

    mobile_page.goto("/releases/november-2021/")
    assert mobile_page.locator("[data-missed-cutoff='MP149']").is_visible()
    assert mobile_page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(mobile_page, "release-missed-cutoff-mobile")
