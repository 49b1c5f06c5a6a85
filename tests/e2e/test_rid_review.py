"""In the browser: a Panel member comments on the draft RID's timeline (section 3), SECAS answers
and resolves the comment, and the Panel baselines the draft: the baseline records the review.

Each step happens in place on the draft page (htmx), without leaving it. The baseline's PDF
render is queued, as in production; a worker rendering it is test_rid_baseline.py's subject, so
here the queued task is recorded and run the way the worker runs it."""

import re

import pytest
from playwright.sync_api import expect

from releases.models import RidBaseline, RidComment
from releases.rid.baselines import rid_baseline_render
from tests.releases.rid_helpers import release_to_baseline

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def queued_renders(monkeypatch):
    """The baselines whose render was queued after commit (no broker, no worker here)."""
    queued: list[int] = []
    monkeypatch.setattr("releases.rid.baselines._queue_render", queued.append)
    return queued


@pytest.fixture
def second_page(browser, live_server):
    """Another person's browser (its own cookies)."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def test_panel_comments_on_the_timeline_secas_resolves_the_panel_baselines(
    page, second_page, sign_in, screenshot, user_with_role, queued_renders
):
    release = release_to_baseline()
    user_with_role("panel", "pat")
    user_with_role("secas", "sam")
    draft_url = f"/releases/{release.slug}/rid/"

    # The Panel member comments on the UIT row of section 3, in place.
    sign_in(page, "pat")
    page.goto(draft_url)
    counts = page.locator("#rid-review-counts")
    expect(counts).to_contain_text("0 comments")
    panel = page.locator("#review-timeline")
    panel.get_by_text("Comment on 3. Implementation timeline").click()
    panel.get_by_label("Row (optional)").select_option("UIT commences")
    panel.get_by_label("Comment").fill("Two weeks of UIT is too short for the Parties.")
    panel.get_by_role("button", name="Add the comment").click()

    panel = page.locator("#review-timeline")
    expect(panel).to_contain_text("Two weeks of UIT is too short for the Parties.")
    expect(panel).to_contain_text("on UIT commences")
    expect(counts).to_contain_text("1 open")
    assert page.url.endswith(draft_url)  # no page leave
    screenshot(page, "rid-review-comment")

    # SECAS answers and resolves it, in place.
    sign_in(second_page, "sam")
    second_page.goto(draft_url)
    panel = second_page.locator("#review-timeline")
    panel.get_by_label("Answer").fill("UIT now runs for four weeks: see the updated timeline.")
    panel.get_by_role("button", name="Answer and resolve").click()

    panel = second_page.locator("#review-timeline")
    expect(panel).to_contain_text("Resolved")
    expect(panel).to_contain_text("Answer by sam")
    expect(second_page.locator("#rid-review-counts")).to_contain_text("0 open")
    screenshot(second_page, "rid-review-resolved")

    # The Panel sees the answer, then baselines the draft: no override needed.
    page.reload()
    expect(page.locator("#review-timeline")).to_contain_text("UIT now runs for four weeks")
    expect(page.locator("#rid-review-counts")).to_contain_text("1 resolved")
    page.get_by_role("textbox", name="Version number").fill("0.1")
    page.get_by_label("What this version changes").fill(
        "First draft issued to the Panel to baseline the scope on the DCC Systems."
    )
    page.get_by_label("Meeting date").fill("2021-06-18")
    page.get_by_label("Paper reference").fill("SECP_93_1806_21")
    page.get_by_role("button", name="Baseline the RID").click()
    page.wait_for_url(re.compile(rf"/releases/{release.slug}/rid/0\.1/$"))

    expect(page.locator("#baseline-review")).to_have_text("1 comment raised, 1 resolved")
    expect(page.locator("#version-control")).to_contain_text(
        "Review of the draft: 1 comment raised, 1 resolved."
    )
    screenshot(page, "rid-review-baselined")
    baseline = RidBaseline.objects.get()
    assert (baseline.comments_raised, baseline.comments_resolved) == (1, 1)
    assert baseline.override_reason == ""
    assert RidComment.objects.get().baseline == baseline

    # The render the baseline queued, run as the worker runs it; the draft's review is new.
    assert queued_renders == [baseline.pk]
    assert rid_baseline_render(baseline_id=baseline.pk)
    page.reload()
    expect(page.get_by_role("link", name="Download the PDF of v0.1")).to_be_visible()
    page.goto(draft_url)
    expect(page.locator("#rid-review-counts")).to_contain_text("0 comments")
