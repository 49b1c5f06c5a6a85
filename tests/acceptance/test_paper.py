"""The November 2021 review renders as the CSC paper `001`, as a page and as a PDF."""

import io
import re

import pytest
from pypdf import PdfReader

from tests.acceptance.november_2021 import build_november_2021

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def csc_client(client, user_with_role):
    client.force_login(user_with_role("csc"))
    return client


def test_the_paper_page_follows_the_csc_paper(csc_client, time_machine):
    time_machine.move_to("2021-10-19 09:00")
    build_november_2021()

    response = csc_client.get("/releases/november-2021/readiness/paper/")

    html = re.sub(r"\s+", " ", response.content.decode())
    assert response.status_code == 200
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", html)
    assert headings[1:] == [
        "1. Purpose",
        "2. Release scope",
        "3. Review of readiness against the acceptance criteria",
        "4. Residual risks",
        "5. Approval to proceed",
        "6. Recommendations",
        "Appendix 1: OPSG’s view on the statements of readiness",
        "Appendix 2: TAG’s view on the statements of readiness",
    ]
    assert "The November 2021 SEC Release is due to be implemented on 4 November 2021." in html
    assert (
        "The OPSG considered the operational readiness against the operational acceptance criteria on 5 October 2021."
        in html
    )
    assert (
        "The OPSG agreed Green status for seven of the criteria, Amber for one, with the following qualifications:"
        in html
    )
    assert re.findall(r'<h4 class="qualification">(.*?) <span', html) == [
        "Acceptance Criterion 2: Service Stability",
        "Acceptance Criterion 3: New services can be operated alongside existing services",
        "Acceptance Criterion 7: No detrimental impact on consumers&#x27; experience",
    ]
    assert (
        "The TAG noted that four Severity 3 Testing Issues (TIs) remained outstanding at the end "
        "of System Integration Testing (SIT) after the TAG had agreed to exclude 24 TIs for the "
        "following reasons:" in html
    )
    assert "<li>Five identical TIs were treated as a single TI;</li>" in html
    assert "<li>Two TIs related to issues with the relevant test environments.</li>" in html
    assert "This is within the tolerances agreed with the TAG." in html
    assert (
        "The required pass rate for regression testing is 100%, but 99% was achieved: four failed tests."
        in html
    )
    assert "No Medium or High residual risks have been identified" in html
    assert (
        "we believe that the November 2021 SEC Release is ready to be set live on 4 November 2021"
        in html
    )
    assert (
        "<strong>AGREE</strong> that the November 2021 SEC Release can be set live on 4 November 2021."
        in html
    )
    assert "MP149 ‘Effecting Changes to the Smart Energy Code efficiently’" in html
    assert "It will be included in this release if it is approved by 21 October 2021." in html


def test_the_appendices_list_each_criterion_with_its_status(csc_client):
    build_november_2021()

    html = csc_client.get("/releases/november-2021/readiness/paper/").content.decode()

    appendix_1 = html[html.index('id="appendix-1"') : html.index('id="appendix-2"')]
    appendix_2 = html[html.index('id="appendix-2"') :]
    statuses_1 = re.findall(r'<td class="rag rag-\w+">(\w+)</td>', appendix_1)
    statuses_2 = re.findall(r'<td class="rag rag-\w+">(\w+)</td>', appendix_2)
    assert statuses_1 == ["GREEN", "AMBER", "GREEN", "GREEN", "GREEN", "GREEN", "GREEN", "GREEN"]
    assert statuses_2 == ["GREEN"] * 7
    assert "DCC statement on operational criterion 8." in appendix_1
    assert (
        "There were no Severity 1 or 2 defects reported as outstanding at the end of SIT."
        in appendix_2
    )


def test_the_pdf_is_the_same_paper(csc_client):
    build_november_2021()

    response = csc_client.get("/releases/november-2021/readiness/paper.pdf")

    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "Approval to implement the November 2021 SEC Release" in text
    assert "This document has a Classification of White" in text
    assert re.search(r"Page 1 of \d+", text)
    for phrase in (
        "1. Purpose",
        "Acceptance Criterion 2: Service Stability (AMBER)",
        "four Severity 3 Testing Issues (TIs) remained outstanding",
        "exclude 24 TIs",
        "The required pass rate for regression testing is 100%, but 99% was achieved",
        "Appendix 1: OPSG’s view on the statements of readiness",
        "Appendix 2: TAG’s view on the statements of readiness",
    ):
        assert phrase in text, phrase


def test_a_release_not_yet_ready_says_what_is_missing(csc_client):
    release = build_november_2021()
    release.regression_results.all().delete()

    html = csc_client.get("/releases/november-2021/readiness/paper/").content.decode()

    assert "is not yet ready for its go/no-go decision" in html
    assert "<li>No regression pass rate from the DCC.</li>" in html
