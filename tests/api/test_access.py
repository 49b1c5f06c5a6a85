"""Every endpoint against every role: who reads, who writes, and that a refusal writes nothing."""

import datetime

import pytest

from acceptance import models as acceptance_models
from tests.api.conftest import READERS, ROLES
from tests.api.documents import tad_body
from tests.factories import (
    ModificationFactory,
    RidBaselineFactory,
    ScopeItemFactory,
    TadFactory,
)

pytestmark = pytest.mark.django_db

PUBLIC_READS = [
    "/api/v1/releases/",
    "/api/v1/releases/november-2022/",
    "/api/v1/releases/november-2022/rid/",
    "/api/v1/modifications/",
    "/api/v1/modifications/MP200/",
]
PROTECTED_READS = [
    "/api/v1/releases/november-2022/tads/",
    "/api/v1/releases/november-2022/tads/1/attachment/",
    "/api/v1/releases/november-2022/readiness-statements/",
    "/api/v1/releases/november-2022/testing-evidence/",
]


@pytest.fixture
def published(november_2022):
    modification = ModificationFactory(reference="MP200", title="Security Sub-Committee changes")
    ScopeItemFactory(release=november_2022, modification=modification)
    RidBaselineFactory(release=november_2022)
    from django.core.files.base import ContentFile

    tad = TadFactory(release=november_2022)
    tad.attachment.save("november-2022-tad-v1.pdf", ContentFile(b"%PDF-1.4 tad"), save=True)
    return november_2022


@pytest.mark.parametrize("role", [None, *ROLES])
@pytest.mark.parametrize("url", PUBLIC_READS)
def test_white_material_is_read_by_anyone_with_or_without_a_token(published, client_for, role, url):
    response = client_for(role).get(url)

    assert response.status_code == 200, response.content


@pytest.mark.parametrize("role", READERS)
@pytest.mark.parametrize("url", PROTECTED_READS)
def test_the_roles_following_acceptance_read_the_dcc_submissions(published, client_for, role, url):
    response = client_for(role).get(url)

    assert response.status_code == 200, response.content


@pytest.mark.parametrize("url", PROTECTED_READS)
def test_an_auditor_without_a_grant_is_refused_the_dcc_submissions(published, client_for, url):
    response = client_for("auditor").get(url)

    assert response.status_code == 403
    assert response.json()["errors"][0]["field"] is None
    assert "does not give access" in response.json()["detail"]


@pytest.mark.parametrize("url", PROTECTED_READS)
def test_the_dcc_submissions_need_a_token(published, client_for, url):
    response = client_for(None).get(url)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["errors"] == [
        {
            "field": None,
            "code": "not_authenticated",
            "message": "Authentication credentials were not provided.",
        }
    ]


def _writes(release):
    return [
        ("/api/v1/releases/november-2022/tads/", "multipart", tad_body(), acceptance_models.Tad),
        (
            "/api/v1/releases/november-2022/readiness-statements/",
            "json",
            {"criterion_set": "OPERATIONAL", "criterion_number": 2, "text": "Stable."},
            acceptance_models.ReadinessStatement,
        ),
        (
            "/api/v1/releases/november-2022/testing-evidence/",
            "json",
            {
                "phase": "SIT",
                "as_of": "2022-09-29",
                "issues": [{"severity": 3, "outstanding": 4, "closed": 20}],
            },
            acceptance_models.TestingIssueCount,
        ),
    ]


@pytest.mark.parametrize(
    "kind", [0, 1, 2], ids=["tads", "readiness-statements", "testing-evidence"]
)
def test_the_dcc_writes_its_submissions(november_2022, client_for, kind, time_machine):
    time_machine.move_to(datetime.datetime(2022, 10, 1, 12, 0))
    url, fmt, body, model = _writes(november_2022)[kind]

    response = client_for("dcc").post(url, body, format=fmt)

    assert response.status_code == 201, response.content
    assert model.objects.count() == 1


@pytest.mark.parametrize("role", [r for r in ROLES if r != "dcc"])
@pytest.mark.parametrize(
    "kind", [0, 1, 2], ids=["tads", "readiness-statements", "testing-evidence"]
)
def test_no_other_role_writes_a_dcc_submission(november_2022, client_for, role, kind, time_machine):
    time_machine.move_to(datetime.datetime(2022, 10, 1, 12, 0))
    url, fmt, body, model = _writes(november_2022)[kind]

    response = client_for(role).post(url, body, format=fmt)

    assert response.status_code == 403
    assert "DCC" in response.json()["detail"]
    assert model.objects.count() == 0


@pytest.mark.parametrize(
    "kind", [0, 1, 2], ids=["tads", "readiness-statements", "testing-evidence"]
)
def test_an_anonymous_write_is_refused_unauthenticated(november_2022, client_for, kind):
    url, fmt, body, model = _writes(november_2022)[kind]

    response = client_for(None).post(url, body, format=fmt)

    assert response.status_code == 401
    assert model.objects.count() == 0


def test_the_api_docs_and_schema_are_served_without_a_cdn(client):
    schema = client.get("/api/schema/?format=json")
    docs = client.get("/api/docs/")

    assert schema.status_code == 200
    assert schema.json()["openapi"].startswith("3.")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower()
    assert "/static/drf_spectacular_sidecar/" in html
