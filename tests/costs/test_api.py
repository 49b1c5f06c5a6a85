"""The DCC reports actual costs over the API, as it submits its readiness evidence."""

import datetime

import pytest

from api.models import IdempotencyRecord
from costs.models import CostActual
from releases.choices import ReleaseStatus
from tests.api.conftest import READERS, ROLES
from tests.factories import (
    CostActualFactory,
    DccCostFactory,
    ModificationFactory,
    ReleaseFactory,
    ScopeItemFactory,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/releases/june-2031/cost-actuals/"
BODY = {
    "modification": "MP501",
    "stage": "DESIGN_BUILD_PIT",
    "amount": "250000",
    "reported_on": "2022-09-30",
    "note": "From the invoice.",
}
COST_READERS = ("secas", "panel", "csc", "dcc")


@pytest.fixture(autouse=True)
def _autumn_2022(time_machine):
    time_machine.move_to(datetime.datetime(2022, 10, 3, 12, 0))


@pytest.fixture
def live():
    release = ReleaseFactory(
        slug="june-2031", status=ReleaseStatus.LIVE, actual_go_live=datetime.date(2022, 6, 30)
    )
    modification = ModificationFactory(reference="MP501", impacts_dcc_systems=True)
    DccCostFactory(modification=modification, stage="DESIGN_BUILD_PIT")
    ScopeItemFactory(release=release, modification=modification)
    return release


def test_the_dcc_reports_an_actual(live, client_for):
    response = client_for("dcc", "dcc-release-team").post(URL, BODY, format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert {k: body[k] for k in ("modification", "stage", "amount", "reported_by")} == {
        "modification": "MP501",
        "stage": "DESIGN_BUILD_PIT",
        "amount": 250000,
        "reported_by": "DCC",
    }
    assert body["recorded_by"] == "dcc-release-team"
    assert CostActual.objects.get().amount == 250000


def test_a_correction_answers_200_and_replaces_the_figure(live, client_for):
    dcc = client_for("dcc")
    dcc.post(URL, BODY, format="json")

    again = dcc.post(URL, BODY, format="json")
    corrected = dcc.post(
        URL, {**BODY, "amount": "260000", "correction": True, "note": "VAT."}, format="json"
    )

    assert again.status_code == 400
    assert again.json()["errors"][0]["field"] == "stage"
    assert corrected.status_code == 200
    assert CostActual.objects.get().amount == 260000
    assert CostActual.history.count() == 2


def test_a_repeated_post_with_the_same_key_writes_once(live, client_for):
    dcc = client_for("dcc")

    first = dcc.post(URL, BODY, format="json", HTTP_IDEMPOTENCY_KEY="costs-1")
    again = dcc.post(URL, BODY, format="json", HTTP_IDEMPOTENCY_KEY="costs-1")
    other = dcc.post(URL, {**BODY, "amount": "1"}, format="json", HTTP_IDEMPOTENCY_KEY="costs-1")

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert other.status_code == 422
    assert CostActual.objects.count() == 1
    assert IdempotencyRecord.objects.count() == 1


@pytest.mark.parametrize("role", [r for r in ROLES if r != "dcc"])
def test_only_the_dcc_writes(live, client_for, role):
    response = client_for(role).post(URL, BODY, format="json")

    assert response.status_code == 403
    assert CostActual.objects.count() == 0


def test_anonymous_is_refused(live, client_for):
    assert client_for(None).post(URL, BODY, format="json").status_code == 401
    assert client_for(None).get(URL).status_code == 401
    assert CostActual.objects.count() == 0


@pytest.mark.parametrize("role", READERS + ("auditor",))
def test_who_reads_the_actuals(live, client_for, role):
    CostActualFactory(release=live, modification=live.scope_items.get().modification)

    response = client_for(role).get(URL)

    if role in COST_READERS:
        assert response.status_code == 200
        assert [row["amount"] for row in response.json()["results"]] == [200000]
    else:
        assert response.status_code == 403


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount": "-1"}, "amount"),
        ({"amount": "abc"}, "amount"),
        ({"amount": "10.5"}, "amount"),
        ({"stage": "TESTING"}, "stage"),
        ({"modification": "MP999"}, "modification"),
        ({"reported_on": "2022-13-45"}, "reported_on"),
        ({"reported_on": "2022-06-01"}, "reported_on"),
        ({"correction": True}, "correction"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(live, client_for, changes, field):
    ModificationFactory(reference="MP999", impacts_dcc_systems=True)

    response = client_for("dcc").post(URL, {**BODY, **changes}, format="json")

    assert response.status_code == 400, response.content
    assert response.json()["errors"][0]["field"] == field
    assert CostActual.objects.count() == 0


def test_a_release_not_live_is_refused(live, client_for):
    live.status, live.actual_go_live = ReleaseStatus.IN_TEST, None
    live.save()

    response = client_for("dcc").post(URL, BODY, format="json")

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "release"
    assert CostActual.objects.count() == 0


def test_an_unknown_release_is_404(client_for):
    response = client_for("dcc").post("/api/v1/releases/nowhere/cost-actuals/", BODY, format="json")

    assert response.status_code == 404


def test_the_list_reads_in_a_constant_number_of_queries(
    live,
    client_for,
    django_assert_max_num_queries,
):
    modification = live.scope_items.get().modification
    CostActualFactory(release=live, modification=modification, stage="SIT")
    panel = client_for("panel")
    panel.get(URL)
    with django_assert_max_num_queries(10) as few:
        panel.get(URL)
    for stage in ("UIT", "IMPLEMENT_TO_LIVE", "APPLICATION_SUPPORT"):
        CostActualFactory(release=live, modification=modification, stage=stage)
    # the token, the user's roles, the release, the count and the page (with modification, user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = panel.get(URL)
    assert response.json()["count"] == 4
