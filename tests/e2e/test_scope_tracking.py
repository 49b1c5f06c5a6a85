"""SECAS tracks a release's scope in a real browser; other roles read the same pages only."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from core.choices import Body
from modifications.choices import Phase
from releases.choices import Inclusion, MilestoneKind, ReleaseKind, ReleaseStatus
from releases.models import ScopeItem
from tests.factories import (
    ConcurrentProgrammeFactory,
    DecisionFactory,
    MilestoneFactory,
    ModificationFactory,
    ReleaseFactory,
    ScopeItemFactory,
    StatusUpdateFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
D = datetime.date


@pytest.fixture(autouse=True)
def _today():
    # The day the Panel paper SECP_93_1806_21 was written; the server thread sees it too.
    with time_machine.travel(datetime.datetime(2021, 6, 11, 10, 0), tick=True):
        yield


@pytest.fixture
def releases():
    """The 2021-2022 releases as the Panel paper of 11 June 2021 shows them (abridged)."""
    june_2021 = ReleaseFactory(
        slug="june-2021",
        name="June 2021 SEC Release",
        planned_go_live=D(2021, 6, 24),
        status=ReleaseStatus.GO_NO_GO,
    )
    for reference, title in [
        ("MP106", "CHISM update for Unknown WAN Variant"),
        ("MP144", "Charging of Random Sample Privacy Assessments"),
    ]:
        ScopeItemFactory(
            release=june_2021, modification=ModificationFactory(reference=reference, title=title)
        )
    november = ReleaseFactory(
        slug="november-2021",
        name="November 2021 SEC Release",
        kind=ReleaseKind.NOVEMBER,
        planned_go_live=D(2021, 11, 4),
        status=ReleaseStatus.IN_TEST,
    )
    for reference, title in [
        ("SECMP0007", "Firmware update to IHDs and PPMIDs"),
        ("MP077", "DCC Service Flagging"),
    ]:
        ScopeItemFactory(
            release=november,
            modification=ModificationFactory(
                reference=reference, title=title, impacts_dcc_systems=True
            ),
        )
    mp149 = ModificationFactory(
        reference="MP149",
        title="Effecting Changes to the Smart Energy Code efficiently",
        phase=Phase.REFINEMENT,
    )
    ScopeItemFactory(
        release=november,
        modification=mp149,
        inclusion=Inclusion.TARGETED,
        decision_cutoff=D(2021, 6, 25),
    )
    StatusUpdateFactory(
        modification=mp149,
        as_of=D(2021, 6, 10),
        text="The strawman solution was discussed at the June Working Group meeting.",
    )
    MilestoneFactory(
        release=november,
        kind=MilestoneKind.GO_NO_GO,
        event="CSC go/no-go decision",
        responsible=Body.CSC,
        date=D(2021, 10, 26),
    )
    ReleaseFactory(
        slug="february-2022",
        name="February 2022 SEC Release",
        kind=ReleaseKind.FEBRUARY,
        planned_go_live=D(2022, 2, 24),
    )
    june_2022 = ReleaseFactory(
        slug="june-2022",
        name="June 2022 SEC Release",
        planned_go_live=D(2022, 6, 30),
    )
    uit = MilestoneFactory(
        release=june_2022,
        kind=MilestoneKind.UIT_START,
        event="UIT commences",
        date=D(2022, 5, 19),
    )
    MilestoneFactory(
        release=june_2022,
        kind=MilestoneKind.REGRESSION_PLANS_DUE,
        event="Test Participants inform DCC of regression testing plans",
        responsible=Body.TEST_PARTICIPANTS,
        anchor=uit,
        offset_working_days=-10,
        date=D(2022, 5, 5),
    )
    MilestoneFactory(
        release=june_2022,
        kind=MilestoneKind.RID_BASELINE,
        event="Panel baselines RID for system-impacting modifications",
        responsible=Body.PANEL,
        date=D(2021, 6, 18),
    )
    MilestoneFactory(
        release=june_2022,
        kind=MilestoneKind.SIT_START,
        event="SIT commences",
        date=D(2022, 1, 31),
    )
    ScopeItemFactory(
        release=june_2022,
        modification=ModificationFactory(
            reference="SECMP0015",
            title="GPF timestamp for reading instantaneous Gas values",
            impacts_dcc_systems=True,
        ),
        part="DUIS and MMC changes only",
    )
    DecisionFactory(release=june_2022)
    ConcurrentProgrammeFactory(release=june_2022)
    ReleaseFactory(
        slug="february-2021",
        name="February 2021 SEC Release",
        planned_go_live=D(2021, 2, 25),
        actual_go_live=D(2021, 2, 25),
        status=ReleaseStatus.LIVE,
        sec_version=Decimal("44.0"),
    )
    return november


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_secas_moves_a_targeted_modification_posts_an_update_and_finds_both_in_the_history(
    page, sign_in, screenshot, user_with_role, releases
):
    user_with_role("secas", username="sam")
    sign_in(page, "sam")

    page.goto("/releases/november-2021/")
    row = page.locator("#scope tr", has_text="MP149")
    assert "Targeted: included only if approved by 25 June 2021" in row.inner_text()
    assert "10 Working Days to cut-off" in row.inner_text()
    screenshot(page, "secas-release-detail-1280")

    # Move MP149 to February 2022, in place: the form opens in its row, focused.
    row.get_by_role("link", name="Move MP149", exact=True).click()
    form = page.locator("#scope form", has_text="Move MP149 to another release")
    form.wait_for()
    assert focused(page, "textContent", within="#scope form") == "Move MP149 to another release"
    form.get_by_label("Move to").select_option("february-2022")
    form.get_by_label("Decision cut-off in that release").fill("2022-01-27")
    form.get_by_label("Reason").fill("The Authority will not decide before 25 June 2021.")
    screenshot(page, "secas-move-form-1280")
    form.get_by_role("button", name="Move").click()

    success = page.locator("#scope .alert-success")
    success.wait_for()
    assert (
        success.inner_text()
        == "MP149 moved from November 2021 SEC Release to February 2022 SEC Release."
    )
    assert page.url.endswith("/releases/november-2021/")  # never left the page
    assert page.locator("#live").inner_text() == success.inner_text()
    assert (
        "Deferred to February 2022 SEC Release"
        in page.locator("#scope tr", has_text="MP149").inner_text()
    )
    assert ScopeItem.objects.get(release__slug="february-2022").decision_cutoff == D(2022, 1, 27)

    # A status update on MP149's page, in place.
    page.goto("/modifications/MP149/")
    page.get_by_role("link", name="Post a status update").click()
    page.get_by_label("Where it stands now").fill(
        "The Modification Report will be presented in July 2021."
    )
    page.get_by_role("button", name="Post update").click()
    page.locator("#status .alert-success").wait_for()
    latest = page.locator("#status li").first.inner_text()
    assert "11 June 2021" in latest and "posted by sam" in latest
    assert "The Modification Report will be presented in July 2021." in latest
    screenshot(page, "secas-modification-detail-1280")

    # Both in the modification's history, field by field.
    page.get_by_role("link", name="History").click()
    history = page.locator("main").inner_text()
    assert "sam\n·\nCreated Status update of 11 Jun 2021" in history.replace(" · ", "\n·\n")
    assert "The Modification Report will be presented in July 2021." in history
    assert "Changed Scope item November 2021 SEC Release" in history
    assert "Deferred to another release" in history
    assert "The Authority will not decide before 25 June 2021." in history
    screenshot(page, "secas-modification-history-1280")

    # And in the release's history.
    page.goto("/releases/november-2021/history/")
    assert "Changed Scope item MP149" in page.locator("main").inner_text()
    screenshot(page, "release-history-1280")


def test_a_bad_input_shows_its_message_next_to_the_field_and_saves_nothing(
    page, sign_in, user_with_role, releases
):
    user_with_role("secas", username="sam")
    sign_in(page, "sam")
    page.goto("/releases/november-2021/")
    before = sorted(ScopeItem.objects.values_list("pk", "inclusion"))

    page.get_by_role("link", name="Add a modification to this release").click()
    form = page.locator("#scope-add form")
    form.wait_for()
    assert focused(page, "textContent", within="#scope-add form") == (
        "Add a modification to this release"
    )
    form.get_by_label("Modification reference").fill("MP999")
    form.get_by_role("button", name="Add to scope").click()

    field = page.get_by_label("Modification reference")
    page.locator("#add_modification_error").wait_for()
    assert page.locator("#add_modification_error").inner_text() == (
        "No modification has the reference MP999."
    )
    assert field.get_attribute("aria-invalid") == "true"
    assert "add_modification_error" in field.get_attribute("aria-describedby")
    assert focused(page, "id", within="#scope-add form") == "add_modification"
    assert sorted(ScopeItem.objects.values_list("pk", "inclusion")) == before


def test_a_panel_member_sees_no_edit_controls_and_a_forged_post_gets_403(
    page, sign_in, screenshot, user_with_role, releases
):
    user_with_role("panel", username="pat")
    sign_in(page, "pat")
    item = ScopeItem.objects.get(modification__reference="MP149")

    page.goto("/releases/november-2021/")
    assert page.get_by_role("heading", name="Scope").is_visible()
    assert page.locator("#scope tr", has_text="MP149").is_visible()
    for name in ("Move MP149", "Remove MP149", "Edit CSC go/no-go decision"):
        assert page.get_by_role("link", name=name, exact=True).count() == 0
    for text in ("Add a modification to this release", "Add a milestone", "Record a decision"):
        assert page.get_by_text(text).count() == 0
    # Their follow button (a subscription of their own) is the only form on the page.
    assert page.locator("form[hx-post^='/releases/'], a[hx-get^='/releases/']").count() == 0
    screenshot(page, "panel-release-detail-1280")

    page.goto("/modifications/MP149/")
    assert page.get_by_text("Post a status update").count() == 0
    assert page.get_by_text("Change the phase").count() == 0
    assert (
        page.locator("form[hx-post^='/modifications/'], a[hx-get^='/modifications/']").count() == 0
    )

    # The server refuses whatever the page shows: a hand-made POST with a valid CSRF token.
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    forged = page.request.post(
        f"/releases/november-2021/scope/{item.pk}/move/",
        form={"to_release": "february-2022", "reason": "forged", "version": str(item.version)},
        headers={"X-CSRFToken": token},
    )
    assert forged.status == 403
    assert "You are not allowed to do that" in forged.text()
    forged_status = page.request.post(
        "/modifications/MP149/status/add/",
        form={"text": "forged"},
        headers={"X-CSRFToken": token},
    )
    assert forged_status.status == 403
    item.refresh_from_db()
    assert item.inclusion == Inclusion.TARGETED
    assert ScopeItem.objects.count() == 6


@pytest.mark.parametrize("width", ["1280", "390"])
def test_screenshots_of_the_main_pages(
    browser, live_server, screenshot, user_with_role, releases, width
):
    """The main pages as a reader and as SECAS see them, at 1280 and 390 px, without sideways
    scrolling of the page itself (wide tables scroll in their own box)."""
    user_with_role("secas", username="sam")
    viewport = {"width": int(width), "height": 900 if width == "1280" else 844}
    pages = [
        ("home", "/"),
        ("releases", "/releases/"),
        ("release-detail", "/releases/november-2021/"),
        ("release-june-2022", "/releases/june-2022/"),
        ("modifications", "/modifications/"),
        ("modification-detail", "/modifications/MP149/"),
        ("release-history", "/releases/november-2021/history/"),
        ("not-found", "/releases/june-2099/"),
    ]
    for who in ("public", "secas"):
        context = browser.new_context(base_url=live_server.url, viewport=viewport)
        page = context.new_page()
        if who == "secas":
            page.goto("/accounts/login/")
            page.get_by_label("Username").fill("sam")
            page.get_by_label("Password").fill("pw")
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_load_state()
        for name, url in pages:
            page.goto(url)
            assert page.locator("h1").count() == 1, url
            wide = page.evaluate(
                """() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-responsive, .timeline-scroll')).slice(0, 8).map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right))"""
            )
            assert _no_sideways_scroll(page), f"{url} scrolls sideways at {width} px: {wide}"
            screenshot(page, f"{who}-{name}-{width}")
        context.close()


def test_the_register_filters_in_place_and_keeps_the_address(page, releases):
    page.goto("/modifications/")
    page.get_by_label("Search reference or title").fill("firmware")
    page.wait_for_url("**/modifications/?*q=firmware*")
    rows = page.locator("#register-results tbody tr")
    rows.first.wait_for()
    page.wait_for_function("document.querySelectorAll('#register-results tbody tr').length === 1")
    assert "SECMP0007" in rows.first.inner_text()
    assert page.locator("#live").inner_text() == "1 modifications found"


def focused(page, attribute: str, *, within: str, timeout_ms: int = 5000) -> str:
    """The focused element's `attribute`, once focus is inside `within`: app.js moves it there
    on htmx:afterSettle, a moment after the swapped-in form is in the page."""
    page.wait_for_function(
        "(within) => document.activeElement && document.activeElement.closest(within)",
        arg=within,
        timeout=timeout_ms,
    )
    return page.evaluate(f"document.activeElement.{attribute}")
