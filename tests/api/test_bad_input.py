"""Each bad input is a 4xx naming the field and the rule, and writes nothing."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from acceptance import models as acceptance_models
from api.models import ApiToken
from tests.api.documents import PDF_BYTES, docx, pdf, plain_zip_bytes, tad_body

pytestmark = pytest.mark.django_db

STATEMENTS = "/api/v1/releases/november-2022/readiness-statements/"
EVIDENCE = "/api/v1/releases/november-2022/testing-evidence/"
TADS = "/api/v1/releases/november-2022/tads/"


@pytest.fixture(autouse=True)
def _october_2022(time_machine):
    time_machine.move_to(datetime.datetime(2022, 10, 1, 12, 0))


@pytest.fixture
def dcc(client_for):
    return client_for("dcc")


def nothing_written():
    return (
        acceptance_models.ReadinessStatement.objects.count(),
        acceptance_models.TestingIssueCount.objects.count(),
        acceptance_models.RegressionResult.objects.count(),
        acceptance_models.Tad.objects.count(),
    ) == (0, 0, 0, 0)


def only_error(response) -> dict:
    body = response.json()
    assert len(body["errors"]) == 1, body
    return body["errors"][0]


def test_an_unknown_criterion_is_refused(november_2022, dcc):
    response = dcc.post(
        STATEMENTS,
        {"criterion_set": "OPERATIONAL", "criterion_number": 12, "text": "Ready."},
        format="json",
    )

    assert response.status_code == 400
    assert only_error(response) == {
        "field": "criterion_number",
        "code": "unknown_criterion",
        "message": "The November 2022 SEC Release has no operational criterion 12.",
    }
    assert nothing_written()


def test_the_dcc_does_not_state_readiness_on_a_secas_criterion(november_2022, dcc):
    response = dcc.post(
        STATEMENTS,
        {"criterion_set": "OPERATIONAL", "criterion_number": 9, "text": "Ready."},
        format="json",
    )

    assert response.status_code == 400
    assert only_error(response)["message"] == (
        "Operational 9 is SECAS's own criterion: the DCC does not state readiness on it."
    )
    assert nothing_written()


def test_a_wrong_release_is_not_found(november_2022, dcc):
    response = dcc.post(
        "/api/v1/releases/november-2029/readiness-statements/",
        {"criterion_set": "OPERATIONAL", "criterion_number": 2, "text": "Ready."},
        format="json",
    )

    assert response.status_code == 404
    assert response.json()["detail"] == "There is no release ‘november-2029’."
    assert nothing_written()


@pytest.mark.parametrize("severity", [0, 6, -1])
def test_a_severity_outside_1_to_5_is_refused(november_2022, dcc, severity):
    response = dcc.post(
        EVIDENCE,
        {
            "phase": "SIT",
            "as_of": "2022-09-29",
            "issues": [{"severity": severity, "outstanding": 1}],
        },
        format="json",
    )

    assert response.status_code == 400
    error = only_error(response)
    assert error["field"] == "issues.0.severity"
    assert error["code"] in {"min_value", "max_value"}
    assert nothing_written()


@pytest.mark.parametrize("field", ["outstanding", "closed"])
def test_a_negative_count_is_refused(november_2022, dcc, field):
    figures = {"severity": 3, "outstanding": 4, "closed": 2, field: -1}
    response = dcc.post(
        EVIDENCE, {"phase": "SIT", "as_of": "2022-09-29", "issues": [figures]}, format="json"
    )

    assert response.status_code == 400
    assert only_error(response) == {
        "field": f"issues.0.{field}",
        "code": "min_value",
        "message": "Ensure this value is greater than or equal to 0.",
    }
    assert nothing_written()


@pytest.mark.parametrize("field", ["required_pass_rate", "achieved_pass_rate"])
def test_a_pass_rate_over_100_percent_is_refused(november_2022, dcc, field):
    regression = {"required_pass_rate": 100, "achieved_pass_rate": 99, field: 100.5}
    response = dcc.post(
        EVIDENCE,
        {"phase": "REGRESSION", "as_of": "2022-09-29", "regression": regression},
        format="json",
    )

    assert response.status_code == 400
    assert only_error(response) == {
        "field": f"regression.{field}",
        "code": "max_value",
        "message": "Ensure this value is less than or equal to 100.",
    }
    assert nothing_written()


def test_a_pass_rate_outside_the_regression_phase_is_refused(november_2022, dcc):
    response = dcc.post(
        EVIDENCE,
        {
            "phase": "SIT",
            "as_of": "2022-09-29",
            "regression": {"required_pass_rate": 100, "achieved_pass_rate": 99},
        },
        format="json",
    )

    assert response.status_code == 400
    assert only_error(response)["field"] == "regression"
    assert nothing_written()


def test_figures_as_of_a_future_date_are_refused(november_2022, dcc):
    response = dcc.post(
        EVIDENCE,
        {"phase": "SIT", "as_of": "2022-10-02", "issues": [{"severity": 3, "outstanding": 4}]},
        format="json",
    )

    assert response.status_code == 400
    assert only_error(response) == {
        "field": "as_of",
        "code": "invalid",
        "message": "The figures cannot be as of a future date.",
    }
    assert nothing_written()


def test_an_empty_submission_of_evidence_is_refused(november_2022, dcc):
    response = dcc.post(EVIDENCE, {"phase": "SIT", "as_of": "2022-09-29"}, format="json")

    assert response.status_code == 400
    assert only_error(response)["message"] == (
        "Send testing issue figures, a regression result, or both."
    )


def test_a_severity_twice_in_one_submission_is_refused(november_2022, dcc):
    issues = [{"severity": 3, "outstanding": 4}, {"severity": 3, "outstanding": 5}]
    response = dcc.post(
        EVIDENCE, {"phase": "SIT", "as_of": "2022-09-29", "issues": issues}, format="json"
    )

    assert response.status_code == 400
    assert only_error(response)["field"] == "issues"
    assert nothing_written()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("tad.pdf", b"PK\x03\x04 not really", content_type="application/pdf"),
            "‘tad.pdf’ is named as a PDF but its content is neither a PDF nor a DOCX.",
        ),
        (
            SimpleUploadedFile("tad.docx", PDF_BYTES),
            "‘tad.docx’ is named as a DOCX but its content is a PDF.",
        ),
        (
            SimpleUploadedFile("tad.docx", plain_zip_bytes()),
            "‘tad.docx’ is named as a DOCX but its content is neither a PDF nor a DOCX.",
        ),
        (
            SimpleUploadedFile("tad.exe", PDF_BYTES),
            "‘tad.exe’ is neither a .pdf nor a .docx file: attach the TAD as PDF or DOCX.",
        ),
    ],
    ids=["zip-named-pdf", "pdf-named-docx", "zip-named-docx", "exe"],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(november_2022, dcc, upload, message):
    response = dcc.post(TADS, tad_body(upload), format="multipart")

    assert response.status_code == 400
    assert only_error(response) == {"field": "attachment", "code": "file_type", "message": message}
    assert nothing_written()


def test_a_docx_tad_is_accepted(november_2022, dcc):
    response = dcc.post(TADS, tad_body(docx()), format="multipart")

    assert response.status_code == 201
    assert response.json()["attachment"]["name"] == "november-2022-tad-v1.docx"


def test_a_tad_without_its_objectives_is_refused(november_2022, dcc):
    body = tad_body(pdf())
    del body["objectives"]

    response = dcc.post(TADS, body, format="multipart")

    assert response.status_code == 400
    assert only_error(response) == {
        "field": "objectives",
        "code": "required",
        "message": "This field is required.",
    }
    assert nothing_written()


def test_a_body_declared_over_the_limit_is_refused_before_it_is_read(november_2022, dcc):
    # The declared length alone decides: the view answers without parsing the body.
    response = dcc.generic(
        "POST",
        TADS,
        b"",
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(21 * 1024 * 1024),
    )

    assert response.status_code == 413
    assert only_error(response)["code"] == "too_large"
    assert "at most 20 MB" in response.json()["detail"]
    assert nothing_written()


@override_settings(TAD_ATTACHMENT_MAX_BYTES=64 * 1024)
def test_an_attachment_over_the_limit_is_refused(november_2022, dcc):
    big = SimpleUploadedFile("tad.pdf", PDF_BYTES + b"0" * (100 * 1024))

    response = dcc.post(TADS, tad_body(big), format="multipart")

    assert response.status_code == 413
    assert response.json()["detail"] == "The attachment is larger than 64 KB."
    assert nothing_written()


def test_a_json_tad_is_an_unsupported_media_type(november_2022, dcc):
    response = dcc.post(TADS, {"objectives": "x"}, format="json")

    assert response.status_code == 415
    assert nothing_written()


def test_a_submission_after_the_decision_is_refused(decided_release, client_for):
    dcc = client_for("dcc")

    response = dcc.post(
        "/api/v1/releases/november-2021/readiness-statements/",
        {"criterion_set": "OPERATIONAL", "criterion_number": 2, "text": "Stable."},
        format="json",
    )

    assert response.status_code == 409
    assert only_error(response) == {
        "field": "release",
        "code": "rule",
        "message": "The Change Sub-Committee decided the go/no-go of the November 2021 SEC "
        "Release on 26 October 2021: its readiness can no longer change.",
    }
    assert nothing_written()


@pytest.mark.parametrize(
    ("url", "fmt", "body"),
    [
        ("tads/", "multipart", None),
        (
            "testing-evidence/",
            "json",
            {"phase": "SIT", "as_of": "2021-09-29", "issues": [{"severity": 3, "outstanding": 4}]},
        ),
    ],
)
def test_every_dcc_submission_is_refused_after_the_decision(
    decided_release, client_for, url, fmt, body
):
    response = client_for("dcc").post(
        f"/api/v1/releases/november-2021/{url}", body or tad_body(), format=fmt
    )

    assert response.status_code == 409
    assert nothing_written()


def test_a_write_with_a_non_dcc_token_is_refused(november_2022, client_for):
    response = client_for("tag").post(
        STATEMENTS,
        {"criterion_set": "TESTING", "criterion_number": 2, "text": "Done."},
        format="json",
    )

    assert response.status_code == 403
    assert (
        response.json()["detail"] == "Only the DCC writes DCC submissions; your role may read them."
    )
    assert nothing_written()


def _with_token(client, key):
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_an_expired_token_is_refused(november_2022, token_for, client, time_machine):
    from rest_framework.test import APIClient

    key = token_for("dcc")
    time_machine.move_to(datetime.datetime(2023, 1, 1, 12, 0))

    response = _with_token(APIClient(), key).post(
        STATEMENTS,
        {"criterion_set": "OPERATIONAL", "criterion_number": 2, "text": "Stable."},
        format="json",
    )

    assert response.status_code == 401
    assert response.json()["detail"].startswith("The token expired on 30 December 2022")
    assert nothing_written()


def test_a_revoked_token_is_refused(november_2022, token_for):
    from rest_framework.test import APIClient

    from api.services import api_token_revoke

    key = token_for("dcc", username="dcc-release-manager")
    api_token_revoke(user=ApiToken.objects.get().user)

    response = _with_token(APIClient(), key).post(
        STATEMENTS,
        {"criterion_set": "OPERATIONAL", "criterion_number": 2, "text": "Stable."},
        format="json",
    )

    assert response.status_code == 401
    assert response.json()["detail"] == "The token was revoked on 01 October 2022 13:00."
    assert nothing_written()


def test_an_unknown_token_is_refused(november_2022):
    from rest_framework.test import APIClient

    response = _with_token(APIClient(), "not-a-token").get(STATEMENTS)

    assert response.status_code == 401
    assert response.json()["detail"] == "The token is not valid."


def test_a_text_with_a_nul_character_is_refused(november_2022, dcc):
    response = dcc.post(
        STATEMENTS,
        {"criterion_set": "OPERATIONAL", "criterion_number": 2, "text": "Sta\x00ble"},
        format="json",
    )

    assert response.status_code == 400
    assert only_error(response)["field"] == "text"
    assert nothing_written()
