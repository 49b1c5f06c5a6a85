"""The policy in the browser: the public page, the Panel's draft and freeze windows, the
exception form, and the line on a release page."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance.choices import ExceptionCovers
from governance.models import FreezeWindow, PanelException, PolicyVersion
from tests.factories import ReleaseFactory
from tests.governance.factories import (
    FreezeWindowFactory,
    PolicyVersionFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date

FORM = {
    "notice_period_working_days": "10",
    "allocation_rule": "Approved modifications join the next scheduled release.",
    "cost_review": "SECAS reports forecast and actual costs after go-live.",
    "go_live_decision": "The CSC decides go/no-go.",
    "consultation_opened_on": "2026-01-05",
    "consultation_closed_on": "2026-02-02",
    "effective_from": "2026-03-02",
    "decision_reference": "SECP_140_2301_26",
}


def on(day: datetime.date):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 12, 0), tick=False)


def _versions(count: int) -> None:
    for n in range(1, count + 1):
        version = PolicyVersionFactory(
            number=n,
            notice_period_working_days=5 + n,
            consultation_opened_on=D(2020 + n, 1, 4),
            consultation_closed_on=D(2020 + n, 2, 1),
            effective_from=D(2020 + n, 3, 1),
        )
        FreezeWindowFactory(
            policy=version, starts_on=D(2020 + n, 12, 20), ends_on=D(2020 + n, 12, 31)
        )
        FreezeWindowFactory(policy=version, starts_on=D(2020 + n, 8, 1), ends_on=D(2020 + n, 8, 5))


def test_the_policy_page_is_public_and_shows_the_version_in_effect_and_the_history(client):
    _versions(2)
    PolicyVersionFactory(number=3, published_at=None)  # a draft: not shown

    with on(D(2022, 6, 1)):
        response = client.get("/policy/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "In effect today: version 2" in page
    assert "7 Working Days before a release's planned go-live" in page
    assert "20 December 2022 to 31 December 2022: Christmas and New Year" in page
    assert "Approved modifications join the next scheduled release" in page
    assert "4 January 2022 to 1 February 2022" in page  # v2's consultation
    assert '<th scope="row">v1</th>' in page and '<th scope="row">v2</th>' in page
    assert "v3" not in page
    assert "Draft the next version" not in page


def test_with_no_policy_the_page_says_so(client):
    response = client.get("/policy/")

    assert response.status_code == 200
    assert "No version of the policy is in effect yet" in response.content.decode()


@pytest.mark.parametrize("count", [1, 6])
def test_the_policy_page_runs_the_same_queries_whatever_the_number_of_versions(
    client, django_assert_num_queries, count
):
    _versions(count)
    # The published versions (with who published them), their freeze windows.
    with django_assert_num_queries(2):
        response = client.get("/policy/")
    assert response.status_code == 200


def test_a_panel_member_drafts_adds_a_freeze_window_and_publishes(client, panel):
    client.force_login(panel)

    response = client.post("/policy/draft/", FORM)
    assert response.status_code == 302
    draft = PolicyVersion.objects.get()
    assert (draft.number, draft.notice_period_working_days, draft.is_published) == (1, 10, False)

    response = client.post(
        "/policy/draft/freeze-windows/",
        {"starts_on": "2026-12-21", "ends_on": "2027-01-01", "reason": "Christmas"},
    )
    assert response.status_code == 302
    assert list(draft.freeze_windows.values_list("reason", flat=True)) == ["Christmas"]

    with on(D(2026, 2, 3)):
        response = client.post("/policy/draft/publish/")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published

    with on(D(2026, 3, 2)):
        page = client.get("/policy/").content.decode()
    assert "In effect today: version 1" in page
    assert "21 December 2026 to 1 January 2027: Christmas" in page


def test_a_bad_draft_is_shown_again_with_the_message_by_its_field(client, panel):
    client.force_login(panel)

    response = client.post("/policy/draft/", {**FORM, "effective_from": "2026-01-30"})

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "effective_from": [
            "A version takes effect only after its consultation closes (D10.9): 30 Jan 2026 is "
            "not after 2 Feb 2026."
        ]
    }
    assert PolicyVersion.objects.count() == 0


def test_a_freeze_window_ending_before_it_starts_is_shown_again_with_its_message(client, panel):
    client.force_login(panel)
    client.post("/policy/draft/", FORM)

    response = client.post(
        "/policy/draft/freeze-windows/",
        {"starts_on": "2026-12-21", "ends_on": "2026-12-01", "reason": "Christmas"},
    )

    assert response.status_code == 400
    assert response.context["window_form"].errors == {
        "ends_on": ["A freeze window cannot end (1 Dec 2026) before it starts (21 Dec 2026)."]
    }
    assert FreezeWindow.objects.count() == 0


def test_only_the_panel_reaches_the_draft(client, secas):
    assert client.get("/policy/draft/")["Location"].startswith("/accounts/login/")
    client.force_login(secas)

    assert client.get("/policy/draft/").status_code == 403
    assert client.post("/policy/draft/", FORM).status_code == 403
    assert PolicyVersion.objects.count() == 0


def test_the_panel_records_an_exception_and_the_release_page_shows_it(client, panel):
    PolicyVersionFactory(number=1, notice_period_working_days=10)
    release = ReleaseFactory(slug="june-2031", planned_go_live=D(2031, 6, 26))
    client.force_login(panel)

    response = client.post(
        "/releases/june-2031/policy-exceptions/new/",
        {
            "covers": ExceptionCovers.SCOPE_CHANGE,
            "reason": "MP180 must be in this release.",
            "decision_reference": "SECP_96_1510_21",
        },
    )

    assert response.status_code == 302
    exception = PanelException.objects.get()
    assert (exception.release, exception.recorded_by) == (release, panel)
    client.logout()
    page = client.get("/releases/june-2031/").content.decode()
    assert "Release Management Policy v1</a>) begins 13 June 2031" in page
    assert "Panel exceptions: Scope change (SECP_96_1510_21" in page


def test_a_bad_exception_is_refused_by_field_and_others_may_not_record_one(client, panel, secas):
    ReleaseFactory(slug="june-2031", planned_go_live=D(2031, 6, 26))
    client.force_login(panel)

    response = client.post(
        "/releases/june-2031/policy-exceptions/new/",
        {"covers": "ANYTHING", "reason": "x", "decision_reference": "SECP_1"},
    )
    assert response.status_code == 400
    assert "covers" in response.context["form"].errors

    client.force_login(secas)
    response = client.post(
        "/releases/june-2031/policy-exceptions/new/",
        {"covers": ExceptionCovers.SCOPE_CHANGE, "reason": "x", "decision_reference": "SECP_1"},
    )
    assert response.status_code == 403
    assert PanelException.objects.count() == 0


def test_the_release_page_costs_no_query_more_for_the_policy_line(client):
    ReleaseFactory(slug="june-2031", planned_go_live=D(2031, 6, 26))
    with CaptureQueriesContext(connection) as without_policy:
        client.get("/releases/june-2031/")

    PolicyVersionFactory()
    with CaptureQueriesContext(connection) as with_policy:
        page = client.get("/releases/june-2031/").content.decode()

    assert len(with_policy) == len(without_policy)
    assert "begins 13 June 2031" in page
