"""The reference data's June 2022 RID v0.1, baselined by the Panel on 18 June 2021."""

import datetime
import io
from decimal import Decimal

import pypdf
import pytest
from django.core.files.storage import default_storage

from core.pdf import sha256_hex
from releases.choices import Inclusion
from releases.models import RidBaseline, ScopeItem
from releases.rid.content import rid_snapshot
from tests.reference.conftest import run_loader
from tests.releases.rid_june_2022 import june_2022_as_in_v01

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sec_history")]


@pytest.fixture
def v01():
    return RidBaseline.objects.select_related("decision").get(
        release__slug="june-2022", version=Decimal("0.1")
    )


def test_the_panel_baselined_v0_1_on_paper_secp_93_1806_21(v01):
    assert RidBaseline.objects.count() == 1
    assert v01.issued_on == datetime.date(2021, 6, 11)
    assert v01.changes == (
        "First draft issued to the Panel to baseline the scope of the release on the DCC Systems."
    )
    decision = v01.decision
    assert (decision.body, decision.ask, decision.paper_reference) == (
        "PANEL",
        "BASELINE",
        "SECP_93_1806_21",
    )
    assert (decision.meeting_date, decision.published_on) == (
        datetime.date(2021, 6, 18),
        datetime.date(2021, 6, 18),
    )
    assert v01.baselined_by is None


def test_its_snapshot_has_the_scope_of_11_june_2021_not_the_scope_the_release_ended_with(v01):
    scope = v01.snapshot["scope"]
    assert [i["key"] for i in scope["approved"]] == ["SECMP0015 (DUIS and MMC changes only)"]
    assert [i["key"] for i in scope["targeted"]] == ["SECMP0024", "MP104", "MP117"]
    assert v01.snapshot["document"]["version"] == "0.1"
    assert v01.snapshot["document"]["status"] == "Baselined"
    assert v01.snapshot["document"]["issued_on"] == "2021-06-11"
    # The loader put the scope back inside a savepoint it rolled back: the data is as it ended.
    assert ScopeItem.objects.get(
        release__slug="june-2022", modification__reference="MP159"
    ).inclusion == (Inclusion.APPROVED)
    # Every section but the cover and Appendix 1 is the draft of 11 June 2021.
    draft = rid_snapshot(june_2022_as_in_v01())
    for section in ("scope", "impacts", "timeline", "costs", "criteria", "narrative"):
        assert v01.snapshot[section] == draft[section], section


def test_its_pdf_is_stored_and_matches_its_sha256(v01):
    with default_storage.open(v01.pdf.name, "rb") as handle:
        data = handle.read()
    assert sha256_hex(data) == v01.pdf_sha256
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert "June 2022 SEC Release" in text
    assert "SECMP0024" in text
    assert "First draft issued to the Panel" in text
    assert (
        "Version 0.1, issued on 11 Jun 2021; baselined by the SEC Panel on 18 Jun 2021 "
        "(SECP_93_1806_21)." in " ".join(text.split())
    )


def test_loading_twice_is_loading_once_no_second_baseline_no_second_render(v01):
    output = run_loader()

    assert "rid_baselines.csv                0 created     0 updated     1 unchanged" in output
    again = RidBaseline.objects.get(pk=v01.pk)
    assert RidBaseline.objects.count() == 1
    assert (again.pdf.name, again.pdf_sha256) == (v01.pdf.name, v01.pdf_sha256)


def test_a_row_that_disagrees_with_the_recorded_baseline_is_refused(v01, data_copy):
    from releases.reference import MalformedRow, load
    from tests.reference.conftest import edit

    edit(data_copy / "rid_baselines.csv", "First draft issued", "Second draft issued")

    with pytest.raises(MalformedRow, match="a baseline never changes"):
        load(data_copy)
    assert RidBaseline.objects.get(pk=v01.pk).changes.startswith("First draft")
