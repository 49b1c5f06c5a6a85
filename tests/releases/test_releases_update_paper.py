"""The Panel paper "SEC Releases Update" (000 sections 2-7) for a meeting date, page and PDF."""

import datetime
import io
import re

import pytest
from pypdf import PdfReader

from core.choices import Body
from releases.choices import DatePrecision, DecisionAsk, Inclusion, MilestoneKind
from releases.services import scope_item_remove
from tests.factories import (
    DecisionFactory,
    MilestoneFactory,
    ModificationFactory,
    ReleaseFactory,
    ScopeItemFactory,
    StatusUpdateFactory,
)
from tests.reference.conftest import sec_history  # noqa: F401  (the loaded reference data)

pytestmark = pytest.mark.django_db

D = datetime.date
PAGE = "/papers/releases-update/"
PDF = "/papers/releases-update.pdf"


def _html(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def _section(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end, text.index(start))]


JUNE_2022_IN_000 = [
    "SECMP0015 ‘GPF timestamp for reading instantaneous Gas values’ (DUIS and MMC changes only)",
    "SECMP0024 ‘Enduring Approach to Communication Hub Firmware Management’",
    "MP104 ‘Security Improvements’ The DCC is currently carrying out an Impact Assessment which "
    "it expects to complete by 7 July 2021.",
    "MP117 ‘Bulk CH returns’ On 9 June 2021, the Proposer stated that they have decided to "
    "withdraw the Modification Proposal.",
]
RECOMMENDATIONS_OF_000 = (
    "The Panel is requested to: "
    "AGREE that the June 2021 SEC Release can be set live on 24 June 2021; "
    "BASELINE the June 2022 SEC Release Implementation Document for the scope of the release "
    "on DCC Systems; and "
    "NOTE the updates on the other 2021 and 2022 SEC Releases."
)


def test_the_paper_of_18_june_2021_has_the_sections_of_000(sec_history, client):  # noqa: F811
    response = client.get(PAGE, {"meeting": "2021-06-18"})  # anyone: the paper is White

    html = _html(response)
    text = _text(html)
    assert response.status_code == 200
    assert re.findall(r'<h2 id="[^"]+">(\d+\..*?)</h2>', html) == [
        "1. Purpose",
        "2. June 2021 SEC Release",
        "3. November 2021 SEC Release",
        "4. February 2022 SEC Release",
        "5. June 2022 SEC Release",
        "6. November 2022 SEC Release",
        "7. Recommendations",
    ]
    assert "Paper Reference: SECP_93_1806_21" in text
    june_2022 = _section(text, "5. June 2022 SEC Release", "6. November 2022")
    for row in JUNE_2022_IN_000:
        assert row in june_2022
    # Allocated later (their only narratives are of 30 June 2022): not in the paper of 2021.
    for later in ("MP159", "MP195", "MP199", "Implemented in SEC v61.0"):
        assert later not in text
    assert "No modifications are currently in scope of the February 2022 SEC Release." in text
    assert (
        "The June 2021 SEC Release will be a document-only release and will not contain any DCC "
        "System impacting modifications." in text
    )
    assert RECOMMENDATIONS_OF_000 in text
    assert "follow from the release timelines" not in text  # recorded, not generated
    # Ad hoc releases of later in 2021 did not exist yet; the live February 2021 one is history.
    for absent in ("SEC v45.0", "February 2021 SEC Release"):
        assert absent not in _section(text, "1. Purpose", "7. Recommendations")


def test_the_pdf_of_18_june_2021_reads_as_the_page(sec_history, client):  # noqa: F811
    response = client.get(PDF, {"meeting": "2021-06-18"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"] == 'inline; filename="sec-releases-update-2021-06-18.pdf"'
    )
    text = _pdf_text(response.content)
    assert text.startswith("Paper Reference: SECP_93_1806_21 SEC Releases Update")
    assert "This document has a Classification of White" in text
    assert "SECP_93_1806_21 – SEC Releases Update Page 1 of" in text
    june_2022 = _section(text, "5. June 2022 SEC Release", "6. November 2022")
    for reference in ("SECMP0015", "SECMP0024", "MP104 ‘Security Improvements’", "MP117"):
        assert reference in june_2022
    assert "7. Recommendations" in text
    assert RECOMMENDATIONS_OF_000 in text
    assert "Implemented in SEC v61.0" not in text


def test_a_release_live_since_the_previous_meeting_is_reported_with_its_go_live(
    sec_history,  # noqa: F811
    client,
):
    text = _text(_html(client.get(PAGE, {"meeting": "2021-08-20"})))

    assert "2. June 2021 SEC Release" in text
    assert "The June 2021 SEC Release went live on 24 June 2021, implementing SEC v40.0." in text
    # No decision recorded for 20 August: the timeline's "Aug 2021 Panel baselines RID" asks it.
    assert (
        "The Panel is requested to: BASELINE the February 2022 SEC Release Implementation "
        "Document; and NOTE the contents of this paper." in text
    )
    assert "follow from the release timelines" in text


@pytest.mark.parametrize("url", [PAGE, PDF])
@pytest.mark.parametrize("value", ["2021-13-45", "18/06/2021x", "", "9999-12-31", "0001-01-01"])
def test_a_bad_meeting_date_is_a_form_error_naming_the_field(client, url, value):
    response = client.get(url, {"meeting": value})

    assert response.status_code == 400
    body = response.content.decode()
    if url == PAGE:
        assert 'id="id_meeting_error"' in body
        assert 'aria-invalid="true"' in body
    else:
        assert body.startswith("meeting: ")


def test_without_a_date_the_form_offers_the_next_panel_meeting(client, time_machine):
    time_machine.move_to("2030-03-01 09:00")
    release = ReleaseFactory(slug="june-2030", planned_go_live=D(2030, 6, 27))
    MilestoneFactory(
        release=release,
        kind=MilestoneKind.RID_BASELINE,
        responsible=Body.PANEL,
        date=D(2030, 3, 15),
    )

    html = _html(client.get(PAGE))

    assert 'value="2030-03-15"' in html
    assert "SEC Panel meeting of 15 March 2030" in html
    assert "<strong>BASELINE</strong> the June 2030 SEC Release Implementation Document;" in html


def test_the_scope_is_the_one_on_record_on_the_meeting_day(client, time_machine, django_user_model):
    """An item's own history decides: targeted then (with its cut-off), removed since."""
    secas = django_user_model.objects.create_user("secas-author")
    time_machine.move_to("2030-01-10 09:00")
    release = ReleaseFactory(slug="june-2031", planned_go_live=D(2031, 6, 26))
    kept = ScopeItemFactory(
        release=release,
        modification=ModificationFactory(reference="MP401", title="Kept", impacts_dcc_systems=True),
        inclusion=Inclusion.TARGETED,
        decision_cutoff=D(2031, 1, 31),
    )
    removed = ScopeItemFactory(
        release=release, modification=ModificationFactory(reference="MP402", title="Removed")
    )
    StatusUpdateFactory(modification=kept.modification, as_of=D(2030, 1, 5), text="IA under way.")
    StatusUpdateFactory(modification=kept.modification, as_of=D(2030, 3, 1), text="IA complete.")
    time_machine.move_to("2030-02-20 09:00")
    scope_item_remove(item=removed, reason="Withdrawn.", actor=secas)
    time_machine.move_to("2030-04-01 09:00")
    ScopeItemFactory(release=release, modification=ModificationFactory(reference="MP403"))

    before = _text(_html(client.get(PAGE, {"meeting": "2030-02-12"})))
    after = _text(_html(client.get(PAGE, {"meeting": "2030-03-12"})))

    assert (
        "MP401 ‘Kept’ Targeted: included if approved by 31 January 2031. IA under way. ✓ Yes"
        in before
    )
    assert "MP402 ‘Removed’ Approved for inclusion. No" in before
    assert "IA complete." not in before and "MP403" not in before
    assert "IA complete." in after and "IA under way." not in after
    assert "MP402" not in after and "MP403" not in after


def _build(n_releases: int, items_each: int) -> None:
    """`n_releases` pending releases, each with items, narratives, milestones and a decision."""
    for r in range(n_releases):
        release = ReleaseFactory(planned_go_live=D(2031, 6, 26) + datetime.timedelta(days=r))
        for _ in range(items_each):
            item = ScopeItemFactory(release=release)
            StatusUpdateFactory(modification=item.modification, as_of=D(2030, 1, 5))
        for month in (3, 4, 5, 6):
            MilestoneFactory(release=release, date=D(2030, month, 1), precision=DatePrecision.DAY)
        DecisionFactory(release=release, meeting_date=D(2030, 2, 12), ask=DecisionAsk.NOTE)


@pytest.mark.parametrize("n_releases, items_each", [(1, 2), (4, 8)])
def test_the_paper_costs_the_same_queries_however_many_releases_and_items(
    client, time_machine, django_assert_num_queries, n_releases, items_each
):
    time_machine.move_to("2030-01-10 09:00")
    _build(n_releases, items_each)

    # The previous Panel meeting (decisions, milestones: 2), the releases, their scope items,
    # those items' history up to the day, the narratives, the milestones, the concurrent
    # programmes and the meeting's decisions.
    with django_assert_num_queries(9):
        response = client.get(PAGE, {"meeting": "2030-02-12"})

    assert response.status_code == 200
    assert response.content.decode().count("Modification number") == n_releases * items_each


def test_the_releases_list_links_the_paper(client):
    assert f'href="{PAGE}"' in client.get("/releases/").content.decode()
