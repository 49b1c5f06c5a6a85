"""On the reference data: November 2022 (outcome not recorded) takes the DCC's submissions;
November 2021, whose go/no-go the CSC decided, refuses them."""

import datetime

import pytest

from acceptance.models import ReadinessStatement
from tests.reference.conftest import sec_history  # noqa: F401  (the loaded reference data)

pytestmark = pytest.mark.django_db

STATEMENT = {"criterion_set": "OPERATIONAL", "criterion_number": 1, "text": "Components ready."}


def test_november_2022_accepts_the_dcc_submissions(sec_history, client_for, time_machine):  # noqa: F811
    time_machine.move_to(datetime.datetime(2022, 10, 3, 10, 0))
    dcc = client_for("dcc")

    statement = dcc.post(
        "/api/v1/releases/november-2022/readiness-statements/", STATEMENT, format="json"
    )
    evidence = dcc.post(
        "/api/v1/releases/november-2022/testing-evidence/",
        {"phase": "SIT", "as_of": "2022-09-30", "issues": [{"severity": 3, "outstanding": 2}]},
        format="json",
    )

    assert statement.status_code == 201, statement.content
    assert statement.json()["version"] == 1
    assert evidence.status_code == 201, evidence.content


def test_november_2021_refuses_a_readiness_statement_after_its_decision(sec_history, client_for):  # noqa: F811
    before = ReadinessStatement.objects.count()

    response = client_for("dcc").post(
        "/api/v1/releases/november-2021/readiness-statements/", STATEMENT, format="json"
    )

    assert response.status_code == 409
    assert response.json()["detail"] == (
        "release: The Change Sub-Committee decided the go/no-go of the November 2021 SEC Release "
        "on 26 October 2021: its readiness can no longer change."
    )
    assert ReadinessStatement.objects.count() == before


def test_the_release_api_lists_the_reference_releases(sec_history, client_for):  # noqa: F811
    response = client_for(None).get("/api/v1/releases/?kind=NOVEMBER")

    assert [r["slug"] for r in response.json()["results"]] == ["november-2021", "november-2022"]
    assert response.json()["results"][0]["sec_version"] == "50.0"
