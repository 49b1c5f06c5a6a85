"""The Panel appoints and revokes a release's auditors on /releases/<slug>/auditors/, and reads
there every page each auditor opened (SEC D10.11)."""

import datetime

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.middleware import log_page_view
from audit.models import AuditorAppointment, AuditorPageView
from audit.services import auditor_appoint
from core.errors import ApplicationError
from releases.models import Release
from tests.audit.conftest import JUNE, NOVEMBER

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sec_history")]

URL = f"/releases/{JUNE}/auditors/"
TODAY = datetime.datetime(2022, 5, 2, 12, 0)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def _counts() -> dict[str, int]:
    skip = {"sessions.Session", "audit.AuditorPageView"}
    return {
        m._meta.label: m._base_manager.count()
        for m in apps.get_models()
        if m._meta.label not in skip
    }


def _form(**changes) -> dict:
    return {
        "username": "ext-auditor",
        "starts_on": "2022-05-03",
        "ends_on": "2022-07-29",
        "decision_reference": "SECP_104_2801_22",
        "terms_of_reference": "Monitor the DCC's UIT.",
        **changes,
    }


@pytest.fixture
def candidate(django_user_model):
    return django_user_model.objects.create_user("ext-auditor", password="pw")


def test_the_panel_appoints_an_auditor_who_joins_the_auditor_group(client, panel, candidate):
    client.force_login(panel)

    response = client.post(URL, _form())

    assert response.status_code == 302
    appointment = AuditorAppointment.objects.get()
    assert (appointment.release.slug, appointment.user, appointment.appointed_by) == (
        JUNE,
        candidate,
        panel,
    )
    assert (appointment.starts_on, appointment.ends_on) == (
        datetime.date(2022, 5, 3),
        datetime.date(2022, 7, 29),
    )
    assert appointment.decision_reference == "SECP_104_2801_22"
    assert list(candidate.groups.values_list("name", flat=True)) == ["auditor"]
    assert appointment.history.get().history_user == panel
    page = client.get(URL).content.decode()
    assert "ext-auditor" in page and "Not yet begun" in page and "SECP_104_2801_22" in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"username": "nobody"}, "username", "No user has the username ‘nobody’"),
        ({"username": "panel-user"}, "username", "holds the SEC Panel role"),
        ({"ends_on": "2022-05-01"}, "ends_on", "cannot end (1 May 2022) before it starts"),
        (
            {"starts_on": "2022-01-01", "ends_on": "2022-04-30"},
            "ends_on",
            "30 April 2022 has passed",
        ),
        ({"starts_on": "2022-13-45"}, "starts_on", "Enter a valid date."),
        ({"decision_reference": " "}, "decision_reference", "This field is required."),
        ({"username": ""}, "username", "This field is required."),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(
    client, panel, candidate, changes, field, message
):
    client.force_login(panel)
    before = _counts()

    response = client.post(URL, _form(**changes))

    assert response.status_code == 422
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in errors[field][0]
    assert _counts() == before


def test_an_overlapping_appointment_is_refused(client, panel, candidate):
    client.force_login(panel)
    client.post(URL, _form())
    before = _counts()

    response = client.post(URL, _form(starts_on="2022-07-01", ends_on=""))

    assert response.status_code == 422
    assert (
        "already appointed to the June 2022 SEC Release from 3 May 2022 until 29 July 2022"
        in (response.context["form"].errors["username"][0])
    )
    assert _counts() == before


@pytest.mark.parametrize("role", ["secas", "csc", "dcc", "auditor"])
def test_only_the_panel_appoints(client, user_with_role, candidate, role):
    client.force_login(user_with_role(role))
    before = _counts()

    assert client.post(URL, _form()).status_code == 403
    assert client.get(URL).status_code == 403
    assert _counts() == before
    with pytest.raises(ApplicationError) as refusal:
        auditor_appoint(
            release=Release.objects.get(slug=JUNE),
            username="ext-auditor",
            starts_on=datetime.date(2022, 5, 3),
            ends_on=None,
            decision_reference="SECP_104_2801_22",
            actor=user_with_role(role, username=f"{role}-2"),
        )
    assert refusal.value.status == 403
    assert _counts() == before | {"auth.User": before["auth.User"] + 1}


def test_an_appointed_auditor_cannot_read_the_auditors_page(client, auditor):
    client.force_login(auditor)

    assert client.get(URL).status_code == 403


def test_the_panel_revokes_an_appointment_giving_a_reason(client, panel, auditor):
    appointment = AuditorAppointment.objects.get(user=auditor)
    client.force_login(panel)
    before = _counts()

    refused = client.post(f"{URL}{appointment.pk}/revoke/", {"reason": ""})
    assert refused.status_code == 422
    assert _counts() == before

    response = client.post(f"{URL}{appointment.pk}/revoke/", {"reason": "The audit is done."})

    assert response.status_code == 302
    appointment.refresh_from_db()
    assert (appointment.revoked_by, appointment.revocation_reason) == (panel, "The audit is done.")
    assert appointment.revoked_at is not None
    again = client.post(f"{URL}{appointment.pk}/revoke/", {"reason": "Twice."})
    assert again.status_code == 409
    assert "already revoked" in again.content.decode()


def test_an_auditor_cannot_be_revoked_through_another_releases_page(client, panel, auditor):
    appointment = AuditorAppointment.objects.get(user=auditor)
    client.force_login(panel)

    response = client.post(
        f"/releases/{NOVEMBER}/auditors/{appointment.pk}/revoke/", {"reason": "x"}
    )

    assert response.status_code == 404
    appointment.refresh_from_db()
    assert appointment.revoked_at is None


# -- the log ------------------------------------------------------------------------------------


def test_every_request_of_an_auditor_is_logged_with_its_status(client, auditor, material):
    client.force_login(auditor)

    client.get(f"/releases/{JUNE}/readiness/")
    client.get(f"/releases/{NOVEMBER}/readiness/")
    client.get(f"/releases/{JUNE}/readiness/tads/1/attachment/")
    client.post(f"/releases/{JUNE}/scope/add/", {"modification": "MP104"})
    client.get("/modifications/MP104/")
    client.get("/releases/no-such-release/readiness/")
    client.get("/no/such/page/?q=1")

    rows = list(
        AuditorPageView.objects.filter(user=auditor)
        .order_by("id")
        .values_list("method", "path", "status_code", "release__slug")
    )
    assert rows == [
        ("GET", f"/releases/{JUNE}/readiness/", 200, JUNE),
        ("GET", f"/releases/{NOVEMBER}/readiness/", 403, NOVEMBER),
        ("GET", f"/releases/{JUNE}/readiness/tads/1/attachment/", 200, JUNE),
        ("POST", f"/releases/{JUNE}/scope/add/", 403, JUNE),
        ("GET", "/modifications/MP104/", 200, None),
        ("GET", "/releases/no-such-release/readiness/", 404, None),
        ("GET", "/no/such/page/?q=1", 404, None),
    ]
    assert {v.viewed_at for v in AuditorPageView.objects.all()} == {
        datetime.datetime(2022, 5, 2, 12, 0, tzinfo=datetime.UTC)
    }


def test_other_users_are_not_logged(client, user_with_role, material):
    client.force_login(user_with_role("tag"))

    client.get(f"/releases/{JUNE}/readiness/")

    assert not AuditorPageView.objects.exists()


def test_logging_is_one_insert(rf, auditor):
    request = rf.get(f"/releases/{JUNE}/readiness/")

    class Response:
        status_code = 200

    with CaptureQueriesContext(connection) as queries:
        log_page_view(request, Response(), user=auditor, slug=JUNE)

    assert len(queries) == 1
    assert queries[0]["sql"].startswith("INSERT")
    assert AuditorPageView.objects.get().release.slug == JUNE


def test_a_failure_to_log_never_breaks_the_page(client, auditor, material, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the log table is gone")

    monkeypatch.setattr(AuditorPageView.objects, "create", broken)
    client.force_login(auditor)

    assert client.get(f"/releases/{JUNE}/readiness/").status_code == 200


def test_the_panel_reads_the_log_of_every_auditor_of_the_release(
    client, panel, auditor, material, django_assert_max_num_queries
):
    auditor_client = client_class_login(auditor)
    auditor_client.get(f"/releases/{JUNE}/readiness/")
    auditor_client.get(f"/releases/{NOVEMBER}/readiness/")
    client.force_login(panel)

    # session, user, roles, release, appointments, log count, log page
    with django_assert_max_num_queries(8):
        response = client.get(URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert f"GET /releases/{JUNE}/readiness/" in page
    assert f"GET /releases/{NOVEMBER}/readiness/" in page
    assert ">403<" in page


def client_class_login(user):
    from django.test import Client

    other = Client()
    other.force_login(user)
    return other


def test_the_auditor_group_exists_and_holds_no_permission():
    assert not Group.objects.get(name="auditor").permissions.exists()
