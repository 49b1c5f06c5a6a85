"""The reference data's November 2021 review (loaded by `load_sec_history`) renders as `001`."""

import io
import re

import pytest
from pypdf import PdfReader

from acceptance.selectors import release_readiness
from releases.models import Release
from tests.reference.conftest import sec_history  # noqa: F401  (the loaded reference data)

pytestmark = pytest.mark.django_db


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_review_is_operational_1_to_8_and_testing_1_to_7_with_operational_2_amber(
    sec_history,  # noqa: F811
):
    readiness = release_readiness(Release.objects.get(slug="november-2021"))

    assert [r.criterion.number for r in readiness.operational] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert [r.criterion.number for r in readiness.testing] == [1, 2, 3, 4, 5, 6, 7]
    assert all(r.statement for r in readiness.operational)
    assert all(r.view for r in readiness.rows)
    assert {r.criterion.label: r.rag for r in readiness.rows} == {
        **{f"Operational {n}": "GREEN" for n in range(1, 9)},
        "Operational 2": "AMBER",
        **{f"Testing {n}": "GREEN" for n in range(1, 8)},
    }
    assert [r.criterion.label for r in readiness.not_assessed] == [
        "Operational 9",
        "Operational 10",
    ]
    sit = readiness.phase("SIT")
    assert [(line.severity, line.outstanding) for line in sit.outstanding_lines] == [(3, 4)]
    assert sit.excluded_total == 24
    assert (readiness.regression.required_pass_rate, readiness.regression.achieved_pass_rate) == (
        100,
        99,
    )
    assert readiness.go_no_go.outcome == "GO"


def test_the_paper_reads_as_csc_32_2610(sec_history, client, user_with_role):  # noqa: F811
    client.force_login(user_with_role("csc"))

    html = _squash(client.get("/releases/november-2021/readiness/paper/").content.decode())

    assert "CSC_32_2610" in html
    assert "The OPSG agreed Green status for seven of the criteria, Amber for one" in html
    assert re.findall(r'<h4 class="qualification">Acceptance Criterion (\d+)', html) == [
        "2",
        "3",
        "7",
    ]
    assert (
        "The TAG noted that four Severity 3 Testing Issues (TIs) remained outstanding at the end "
        "of System Integration Testing (SIT) after the TAG had agreed to exclude 24 TIs" in html
    )
    assert "The required pass rate for regression testing is 100%, but 99% was achieved" in html
    assert (
        "Based on the views of the OPSG and the TAG, we believe that the November 2021 SEC Release "
        "is ready to be set live on 4 November 2021. We therefore recommend that the CSC approves "
        "the release to be implemented." in html
    )
    appendix_1 = html[html.index('id="appendix-1"') : html.index('id="appendix-2"')]
    appendix_2 = html[html.index('id="appendix-2"') :]
    assert re.findall(r'<td class="rag rag-\w+">(\w+)</td>', appendix_1) == [
        "GREEN",
        "AMBER",
        *["GREEN"] * 6,
    ]
    assert re.findall(r'<td class="rag rag-\w+">(\w+)</td>', appendix_2) == ["GREEN"] * 7
    assert "DCC Service Architecture has identified all new and changed components" in appendix_1
    assert "SECAS will be ready" not in appendix_1


def test_the_pdf_of_the_paper(sec_history, client, user_with_role):  # noqa: F811
    client.force_login(user_with_role("opsg"))

    pdf = client.get("/releases/november-2021/readiness/paper.pdf").content

    text = _squash(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert "CSC_32_2610 – Approval to implement the November 2021 SEC Release" in text
    assert "Acceptance Criterion 2: Service Stability (AMBER)" in text
    assert "exclude 24 TIs" in text
    assert "This document has a Classification of White" in text
