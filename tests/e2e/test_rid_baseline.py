"""In the browser: a Panel member baselines the draft RID from the RID page, sees that its PDF
is being rendered, and gets the PDF link once a real Celery worker has rendered it."""

import pytest

from releases.models import RidBaseline
from tests.notifications.test_worker import broker, processes  # noqa: F401
from tests.releases.rid_helpers import release_to_baseline

pytestmark = [pytest.mark.e2e, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def tasks_to(request, monkeypatch):
    """This process (the live server) queues tasks on the test's Redis instead of running them.

    Celery reads CELERY_BROKER_URL from the environment before its configuration (CI sets it),
    so the variable is pointed at the test's Redis too."""
    from secrelease.celery import app

    url = request.getfixturevalue("broker")

    monkeypatch.setenv("CELERY_BROKER_URL", url)
    saved = {
        "task_always_eager": app.conf.task_always_eager,
        "broker_url": app.conf.broker_url,
        "task_default_queue": app.conf.task_default_queue,
    }
    app.conf.update(task_always_eager=False, broker_url=url, task_default_queue=url.queue)
    app._pool = app.amqp._producer_pool = None  # connect afresh, to this broker
    yield url
    app.conf.update(**saved)
    app._pool = app.amqp._producer_pool = None


@pytest.mark.parametrize("broker", [12], indirect=True)
@pytest.mark.usefixtures("broker", "tasks_to")
def test_a_panel_member_baselines_the_draft_and_gets_its_pdf(
    request, page, sign_in, screenshot, user_with_role
):
    start = request.getfixturevalue("processes")
    release = release_to_baseline()
    user_with_role("panel", username="pat")

    sign_in(page, "pat")
    page.goto(f"/releases/{release.slug}/rid/")
    page.get_by_role("textbox", name="Version number").fill("0.1")
    page.get_by_label("What this version changes").fill(
        "First draft issued to the Panel to baseline the scope on the DCC Systems."
    )
    page.get_by_label("Meeting date").fill("2021-06-18")
    page.get_by_label("Paper reference").fill("SECP_93_1806_21")
    page.get_by_label("Decision published on").fill("2021-06-18")
    page.get_by_role("button", name="Baseline the RID").click()
    page.wait_for_load_state()

    assert page.url.endswith(f"/releases/{release.slug}/rid/0.1/")
    assert "being rendered" in page.locator("#baseline-pdf").inner_text()
    assert RidBaseline.objects.get().pdf_sha256 == ""
    screenshot(page, "rid-baseline-rendering")

    # No worker was running: the task waits on Redis until one starts.
    worker = start("worker", "rid-e2e", "--concurrency=1")
    link = page.get_by_role("link", name="Download the PDF of v0.1")
    link.wait_for(timeout=120_000)
    screenshot(page, "rid-baseline-rendered")
    baseline = RidBaseline.objects.get()
    assert baseline.pdf_sha256, worker.log_path.read_text()[-2000:]
    assert baseline.pdf_sha256 in page.locator("#baseline-pdf").inner_text()
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == f"{release.slug}-rid-v0.1.pdf"
    with open(download.value.path(), "rb") as handle:
        assert handle.read(4) == b"%PDF"


@pytest.mark.parametrize("path", ["rid/", "rid/1.0/", "rid/compare/?from=1.0&to=draft"])
def test_the_rid_pages_fit_a_phone(mobile_page, screenshot, path):
    """The RID's wide tables (impact matrices, costs) scroll inside the page at 390 px."""
    from decimal import Decimal

    from tests.factories import RidBaselineFactory

    release = release_to_baseline()
    RidBaselineFactory(release=release, version=Decimal("1.0"))

    mobile_page.goto(f"/releases/{release.slug}/{path}")

    assert mobile_page.get_by_role("heading", level=1).count() == 1
    assert mobile_page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(mobile_page, "rid-" + path.split("?")[0].strip("/").replace("/", "-") + "-390")
