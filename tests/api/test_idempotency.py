"""A POST repeated with the same Idempotency-Key is written once; a different body is a 422."""

import datetime

import pytest

from acceptance import models as acceptance_models
from api.models import IdempotencyRecord
from tests.api.documents import pdf, tad_body

pytestmark = pytest.mark.django_db

STATEMENTS = "/api/v1/releases/november-2022/readiness-statements/"
STATEMENT = {"criterion_set": "OPERATIONAL", "criterion_number": 2, "text": "Stable."}


@pytest.fixture(autouse=True)
def _october_2022(time_machine):
    time_machine.move_to(datetime.datetime(2022, 10, 1, 12, 0))


def test_a_repeated_post_returns_the_first_result_and_writes_once(november_2022, client_for):
    dcc = client_for("dcc")

    first = dcc.post(STATEMENTS, STATEMENT, format="json", HTTP_IDEMPOTENCY_KEY="run-42")
    again = dcc.post(STATEMENTS, STATEMENT, format="json", HTTP_IDEMPOTENCY_KEY="run-42")

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert acceptance_models.ReadinessStatement.objects.count() == 1
    assert first.json()["version"] == 1


def test_without_a_key_each_post_is_a_new_version(november_2022, client_for):
    dcc = client_for("dcc")

    dcc.post(STATEMENTS, STATEMENT, format="json")
    second = dcc.post(STATEMENTS, STATEMENT, format="json")

    assert second.json()["version"] == 2


def test_a_key_reused_with_a_different_body_is_refused(november_2022, client_for):
    dcc = client_for("dcc")
    dcc.post(STATEMENTS, STATEMENT, format="json", HTTP_IDEMPOTENCY_KEY="run-42")

    response = dcc.post(
        STATEMENTS, {**STATEMENT, "text": "Changed."}, format="json", HTTP_IDEMPOTENCY_KEY="run-42"
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "idempotency_key_reused"
    assert acceptance_models.ReadinessStatement.objects.count() == 1


def test_a_key_reused_on_another_endpoint_is_refused(november_2022, client_for):
    dcc = client_for("dcc")
    dcc.post(STATEMENTS, STATEMENT, format="json", HTTP_IDEMPOTENCY_KEY="run-42")

    response = dcc.post(
        "/api/v1/releases/november-2022/testing-evidence/",
        {"phase": "SIT", "as_of": "2022-09-29", "issues": [{"severity": 3, "outstanding": 4}]},
        format="json",
        HTTP_IDEMPOTENCY_KEY="run-42",
    )

    assert response.status_code == 422
    assert acceptance_models.TestingIssueCount.objects.count() == 0


def test_keys_belong_to_their_user(november_2022, client_for):
    first = client_for("dcc", "dcc-a").post(
        STATEMENTS, STATEMENT, format="json", HTTP_IDEMPOTENCY_KEY="k"
    )

    other = client_for("dcc", "dcc-b").post(
        STATEMENTS, STATEMENT, format="json", HTTP_IDEMPOTENCY_KEY="k"
    )

    assert first.status_code == other.status_code == 201
    assert acceptance_models.ReadinessStatement.objects.count() == 2


def test_a_refused_request_keeps_nothing_so_the_key_can_be_used_again(november_2022, client_for):
    dcc = client_for("dcc")
    refused = dcc.post(
        STATEMENTS, {**STATEMENT, "criterion_number": 99}, format="json", HTTP_IDEMPOTENCY_KEY="k"
    )

    accepted = dcc.post(STATEMENTS, STATEMENT, format="json", HTTP_IDEMPOTENCY_KEY="k")

    assert refused.status_code == 400
    assert accepted.status_code == 201
    assert IdempotencyRecord.objects.count() == 1


def test_a_repeated_tad_upload_is_one_version(november_2022, client_for):
    dcc = client_for("dcc")

    first = dcc.post(
        "/api/v1/releases/november-2022/tads/", tad_body(pdf()), HTTP_IDEMPOTENCY_KEY="t"
    )
    again = dcc.post(
        "/api/v1/releases/november-2022/tads/", tad_body(pdf()), HTTP_IDEMPOTENCY_KEY="t"
    )

    assert again.json() == first.json()
    assert (first.json()["id"], first.json()["version"]) == (
        acceptance_models.Tad.objects.get().pk,
        1,
    )


def test_a_blank_or_overlong_key_is_refused(november_2022, client_for):
    dcc = client_for("dcc")

    response = dcc.post(STATEMENTS, STATEMENT, format="json", HTTP_IDEMPOTENCY_KEY="x" * 256)

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"
    assert acceptance_models.ReadinessStatement.objects.count() == 0


def test_a_key_is_forgotten_after_a_day_and_then_writes_afresh(
    november_2022, client_for, time_machine
):
    dcc = client_for("dcc")
    dcc.post(STATEMENTS, STATEMENT, format="json", HTTP_IDEMPOTENCY_KEY="run-42")

    time_machine.shift(datetime.timedelta(hours=25))
    again = dcc.post(STATEMENTS, STATEMENT, format="json", HTTP_IDEMPOTENCY_KEY="run-42")

    assert again.status_code == 201
    assert "Idempotent-Replayed" not in again
    assert again.json()["version"] == 2
    assert IdempotencyRecord.objects.get().created_at.date() == datetime.date(2022, 10, 2)


def test_the_daily_purge_deletes_only_expired_keys(november_2022, client_for, time_machine):
    from api.tasks import idempotency_records_purge

    dcc = client_for("dcc")
    dcc.post(STATEMENTS, STATEMENT, format="json", HTTP_IDEMPOTENCY_KEY="old")
    time_machine.shift(datetime.timedelta(hours=23))
    dcc.post(STATEMENTS, STATEMENT, format="json", HTTP_IDEMPOTENCY_KEY="recent")
    time_machine.shift(datetime.timedelta(hours=2))

    assert idempotency_records_purge.delay().get() == 1
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["recent"]
