"""In the browser: the DCC reports an actual of a live release, the Panel reads the cost review
with its variance, and downloads the PDF."""

import datetime
from decimal import Decimal

import pytest

from costs.models import CostActual
from releases.choices import ReleaseStatus
from tests.factories import (
    DccCostFactory,
    ModificationFactory,
    ReleaseFactory,
    ScopeItemFactory,
    SecasCostFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_dcc_reports_an_actual_and_the_panel_reads_the_variance(
    page, sign_in, screenshot, user_with_role
):
    release = ReleaseFactory(
        slug="june-2022",
        name="June 2022 SEC Release",
        status=ReleaseStatus.LIVE,
        actual_go_live=datetime.date(2022, 6, 30),
    )
    mp104 = ModificationFactory(reference="MP104", impacts_dcc_systems=True)
    DccCostFactory(modification=mp104, stage="DESIGN_BUILD_PIT", low=170000, high=280000)
    for stage in ("SIT", "UIT", "IMPLEMENT_TO_LIVE", "APPLICATION_SUPPORT"):
        DccCostFactory(modification=mp104, stage=stage, low=None, high=None)
    ScopeItemFactory(release=release, modification=mp104)
    SecasCostFactory(release=release, amount=Decimal("3000"))
    user_with_role("dcc", username="dana")
    user_with_role("panel", username="pat")

    sign_in(page, "dana")
    page.goto("/releases/june-2022/")
    page.get_by_role("link", name="Costs").click()
    page.get_by_role("link", name="Report a DCC actual").click()
    page.get_by_label("Modification").select_option(label="MP104")
    page.get_by_label("Stage").select_option(label="Design, Build & PIT")
    page.get_by_label("Amount (GBP)").fill("-300000")
    page.get_by_label("Reported on").fill("2022-09-30")
    page.get_by_role("button", name="Save").click()
    assert "cannot be negative" in page.get_by_role("alert").first.inner_text()
    assert CostActual.objects.count() == 0
    page.get_by_label("Amount (GBP)").fill("300000")
    screenshot(page, "cost-actual-form")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert CostActual.objects.get().amount == 300000

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "pat")
    page.goto("/releases/june-2022/costs/")
    table = page.get_by_role("table", name="DCC implementation costs")
    assert "Over by £20,000" in table.inner_text()
    summary = page.get_by_role("table", name="Totals, forecast against actual")
    assert "Grand total" in summary.inner_text()
    assert "Report a DCC actual" not in page.content()
    screenshot(page, "cost-review-1280")
    with page.expect_response("**/costs.pdf") as pdf:
        page.get_by_role("link", name="Download the PDF").click()
    assert pdf.value.headers["content-type"] == "application/pdf"
