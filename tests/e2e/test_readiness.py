import datetime
import io
import re

import pytest
from pypdf import PdfReader

from releases.choices import ReleaseKind
from releases.services import release_create

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_tag_member_records_amber_and_it_appears_in_the_papers_pdf(
    page, sign_in, screenshot, user_with_role
):
    release_create(
        slug="november-2022",
        name="November 2022 SEC Release",
        kind=ReleaseKind.NOVEMBER,
        planned_go_live=datetime.date(2022, 11, 3),
        actor=None,
    )
    user_with_role("tag", username="tess")
    sign_in(page, "tess")

    page.goto("/releases/november-2022/")
    page.get_by_role("link", name="Readiness").click()
    page.get_by_role("link", name="Testing 3", exact=True).click()
    page.get_by_role("link", name="Record the TAG's view").click()
    page.get_by_label("Amber").check()
    page.get_by_label("The group's view").fill("Regression is behind plan.")
    page.get_by_label("Qualification").fill(
        "Two regression packs are still to run against the SMETS1 devices."
    )
    page.get_by_label("Meeting date").fill("2022-09-28")
    page.get_by_role("button", name="Save").click()

    assert page.get_by_role("alert").first.inner_text() == (
        "The TAG's view on Testing 3 is recorded."
    )
    assert "Version 1 (current)" in page.content()
    page.get_by_role("link", name="Back to readiness").click()
    row = page.get_by_role("row", name=re.compile("^Testing 3"))
    assert "AMBER" in row.inner_text()
    assert "Two regression packs are still to run" in row.inner_text()
    screenshot(page, "readiness-tag-amber")

    pdf = page.request.get("/releases/november-2022/readiness/paper.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    text = re.sub(r"\s+", " ", text)
    assert "Acceptance Criterion 3: Regression testing completed (AMBER)" in text
    assert "Two regression packs are still to run against the SMETS1 devices." in text


def test_the_readiness_page_fits_a_phone(mobile_page, sign_in, screenshot, user_with_role):
    release_create(
        slug="november-2022",
        name="November 2022 SEC Release",
        kind=ReleaseKind.NOVEMBER,
        planned_go_live=datetime.date(2022, 11, 3),
        actor=None,
    )
    user_with_role("opsg", username="otto")
    sign_in(mobile_page, "otto")

    mobile_page.goto("/releases/november-2022/readiness/")

    assert mobile_page.get_by_role("heading", name="Acceptance criteria").is_visible()
    width = mobile_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot(mobile_page, "readiness-390")
