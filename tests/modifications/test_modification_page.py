"""A modification's page: where it stands, its releases and parts, assessments, impacts, costs;
and SECAS keeping it current (status updates, phase changes) in place."""

import datetime
import re
from decimal import Decimal
from html import unescape

import pytest
import time_machine

from modifications.choices import (
    AssessmentKind,
    CostBasis,
    CostStage,
    DccArea,
    ParticipantCategory,
    Phase,
)
from modifications.models import Modification, StatusUpdate
from releases.choices import Inclusion
from tests.factories import (
    AssessmentFactory,
    DccCostFactory,
    DccImpactFactory,
    DocumentImpactFactory,
    ModificationFactory,
    ParticipantImpactFactory,
    ReleaseFactory,
    ScopeItemFactory,
    SecDocumentFactory,
    StatusUpdateFactory,
    TechSpecImpactFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2021, 6, 11, 12, 0), tick=False):
        yield


def _text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip())


def _error(html: str, field_id: str) -> str:
    marker = f'id="{field_id}_error"'
    assert marker in html, html
    start = html.index(">", html.index(marker)) + 1
    return html[start : html.index("</div>", start)].strip()


@pytest.fixture
def secmp0015():
    modification = ModificationFactory(
        reference="SECMP0015",
        title="GPF timestamp for reading instantaneous Gas values",
        phase=Phase.APPROVED,
        impacts_dcc_systems=True,
    )
    june = ReleaseFactory(
        slug="june-2022", name="June 2022 SEC Release", planned_go_live=D(2022, 6, 30)
    )
    november = ReleaseFactory(
        slug="november-2022", name="November 2022 SEC Release", planned_go_live=D(2022, 11, 3)
    )
    ScopeItemFactory(release=june, modification=modification, part="DUIS and MMC changes only")
    ScopeItemFactory(release=november, modification=modification)
    StatusUpdateFactory(
        modification=modification, as_of=D(2021, 5, 1), text="Approved by the Panel."
    )
    AssessmentFactory(
        modification=modification,
        kind=AssessmentKind.IMPACT,
        requested_on=D(2021, 1, 5),
        expected_completion_on=D(2021, 3, 1),
        completed_on=D(2021, 2, 26),
    )
    ParticipantImpactFactory(modification=modification, category=ParticipantCategory.SUPPLIERS)
    ParticipantImpactFactory(modification=modification, category=ParticipantCategory.DCC)
    DccImpactFactory(modification=modification, area=DccArea.DUIS, summary="New GPF timestamp.")
    DocumentImpactFactory(
        modification=modification,
        document=SecDocumentFactory(code="Section H", title="DCC Services"),
        provisional=True,
    )
    TechSpecImpactFactory(modification=modification, new_version="6.0")
    DccCostFactory(
        modification=modification,
        stage=CostStage.DESIGN_BUILD_PIT,
        low=Decimal("170000"),
        high=Decimal("280000"),
        basis=CostBasis.FIRM,
    )
    DccCostFactory(modification=modification, stage=CostStage.SIT, low=None, high=None)
    return modification


def test_the_page_shows_everything_known_about_the_proposal(client, secmp0015):
    text = _text(client.get("/modifications/SECMP0015/").content.decode())

    assert "SECMP0015 ‘GPF timestamp for reading instantaneous Gas values’" in text
    assert (
        "June 2022 SEC Release go-live 30 Jun 2022 DUIS and MMC changes only Approved for inclusion Yes"
        in text
    )
    assert (
        "November 2022 SEC Release go-live 3 Nov 2022 All of it Approved for inclusion Yes" in text
    )
    assert "1 May 2021 Latest" in text and "Approved by the Panel." in text
    assert "Impact Assessment 5 Jan 2021 1 Mar 2021 26 Feb 2021" in text
    assert "Participants impacted: Suppliers, DCC" in text
    assert "DCC User Interface Specification New GPF timestamp." in text
    assert "Section H ‘DCC Services’ provisional" in text
    assert "DUIS (Appendix AD) to version 6.0" in text
    assert "Design, Build & PIT £170,000 – £280,000 Firm (Impact Assessment)" in text
    assert "SIT TBC Estimated (Preliminary Assessment)" in text


def test_an_old_draft_proposal_reference_redirects_to_the_mp(client):
    ModificationFactory(reference="MP157", former_reference="DP157")

    response = client.get("/modifications/DP157/")

    assert response.status_code == 301
    assert response["Location"] == "/modifications/MP157/"


def test_an_unknown_reference_gets_the_clear_404(client):
    response = client.get("/modifications/MP999/")

    assert response.status_code == 404
    assert "Search the register" in response.content.decode()


def test_readers_see_no_edit_controls(client, user_with_role, secmp0015):
    client.force_login(user_with_role("panel"))

    html = client.get("/modifications/SECMP0015/").content.decode()

    assert "Post a status update" not in html and "Change the phase" not in html


# Status updates


def test_secas_posts_a_status_update_that_becomes_the_latest(client, user_with_role, secmp0015):
    sam = user_with_role("secas", username="sam")
    client.force_login(sam)

    response = client.post(
        "/modifications/SECMP0015/status/add/",
        {"text": "The DCC has started the build.", "as_of": "2021-06-10"},
        **HTMX,
    )

    assert response.status_code == 200
    assert response["HX-Retarget"] == "#status"
    text = _text(response.content.decode())
    assert "Status of SECMP0015 as of 10 June 2021 posted." in text
    assert "10 June 2021 Latest posted by sam The DCC has started the build." in text
    assert StatusUpdate.objects.filter(modification=secmp0015).latest().author == sam


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"text": "  "}, "status_text", "A status update needs its text."),
        (
            {"text": "Tomorrow", "as_of": "2021-06-12"},
            "status_as_of",
            "A status update says where things stand: date it today (11 June 2021) or earlier.",
        ),
    ],
)
def test_a_bad_status_update_is_refused_next_to_its_field(
    client, user_with_role, secmp0015, data, field, message
):
    client.force_login(user_with_role("secas"))

    response = client.post("/modifications/SECMP0015/status/add/", data, **HTMX)

    assert response.status_code == 422
    assert _error(response.content.decode(), field) == message
    assert StatusUpdate.objects.filter(modification=secmp0015).count() == 1


# Phase changes


def test_secas_changes_the_phase_to_an_allowed_one(client, user_with_role):
    client.force_login(user_with_role("secas"))
    mp104 = ModificationFactory(reference="MP104", phase=Phase.REFINEMENT)

    html = client.get("/modifications/MP104/phase/", **HTMX).content.decode()
    assert "From Refinement it can move to: Report, Withdrawn." in html
    assert '<option value="REPORT">Report</option>' in html
    assert '<option value="APPROVED">' not in html

    response = client.post(
        "/modifications/MP104/phase/", {"phase": "REPORT", "version": mp104.version}, **HTMX
    )

    assert response.status_code == 200
    assert "MP104 is now in Report." in response.content.decode()
    mp104.refresh_from_db()
    assert (mp104.phase, mp104.version) == (Phase.REPORT, 2)


def test_a_refused_phase_change_explains_the_rule(client, user_with_role):
    client.force_login(user_with_role("secas"))
    mp117 = ModificationFactory(
        reference="MP117", phase=Phase.WITHDRAWN, withdrawn_on=D(2021, 6, 9)
    )

    response = client.post(
        "/modifications/MP117/phase/", {"phase": "APPROVED", "version": mp117.version}, **HTMX
    )

    assert response.status_code == 422
    assert _error(response.content.decode(), "phase_phase") == (
        "A proposal cannot move from Withdrawn to Approved. Allowed from Withdrawn: Refinement."
    )
    mp117.refresh_from_db()
    assert mp117.phase == Phase.WITHDRAWN


def test_a_stale_phase_change_is_refused(client, user_with_role):
    client.force_login(user_with_role("secas"))
    mp104 = ModificationFactory(reference="MP104", phase=Phase.REFINEMENT)
    opened = mp104.version
    client.post("/modifications/MP104/phase/", {"phase": "REPORT", "version": opened}, **HTMX)

    response = client.post(
        "/modifications/MP104/phase/", {"phase": "WITHDRAWN", "version": opened}, **HTMX
    )

    assert response.status_code == 409
    assert "changed by someone else since you opened it" in response.content.decode()
    mp104.refresh_from_db()
    assert mp104.phase == Phase.REPORT


def test_converting_a_draft_proposal_sends_the_page_to_its_new_reference(client, user_with_role):
    client.force_login(user_with_role("secas"))
    ModificationFactory(reference="DP164", phase=Phase.DEVELOPMENT)

    response = client.post(
        "/modifications/DP164/phase/", {"phase": "REFINEMENT", "version": 1}, **HTMX
    )

    assert response.status_code == 204
    assert response["HX-Redirect"] == "/modifications/MP164/"
    assert Modification.objects.get().reference == "MP164"
    page = client.get("/modifications/MP164/").content.decode()
    assert "DP164 converted to MP164. MP164 is now in Refinement." in page


@pytest.mark.parametrize("role", ["panel", "csc", "opsg", "tag", "dcc", "auditor"])
def test_other_roles_are_refused_with_403(client, user_with_role, role):
    client.force_login(user_with_role(role))
    mp104 = ModificationFactory(reference="MP104", phase=Phase.REFINEMENT)

    responses = [
        client.post("/modifications/MP104/status/add/", {"text": "Forged"}),
        client.post("/modifications/MP104/phase/", {"phase": "REPORT", "version": 1}),
    ]

    assert [r.status_code for r in responses] == [403, 403]
    assert "Only SECAS staff update a modification" in responses[0].content.decode()
    mp104.refresh_from_db()
    assert (mp104.phase, mp104.status_updates.count()) == (Phase.REFINEMENT, 0)


def test_a_modification_history_by_old_reference_redirects(client):
    ModificationFactory(reference="MP157", former_reference="DP157")

    assert (
        client.get("/modifications/DP157/history/")["Location"] == "/modifications/MP157/history/"
    )


def test_the_inclusion_shows_on_the_modification_page_for_targeted_items(client):
    mp149 = ModificationFactory(reference="MP149")
    ScopeItemFactory(
        release=ReleaseFactory(
            slug="november-2021", name="November 2021 SEC Release", planned_go_live=D(2021, 11, 4)
        ),
        modification=mp149,
        inclusion=Inclusion.TARGETED,
        decision_cutoff=D(2021, 10, 21),
    )

    text = _text(client.get("/modifications/MP149/").content.decode())

    assert "Targeted: included only if approved by 21 October 2021" in text
