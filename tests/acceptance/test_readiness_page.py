import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from acceptance.selectors import release_readiness
from tests.acceptance.november_2021 import build_november_2021

pytestmark = pytest.mark.django_db


def test_november_2021_readiness_is_complete_with_operational_2_amber():
    release = build_november_2021()

    readiness = release_readiness(release)

    assert [r.criterion.number for r in readiness.operational] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert [r.criterion.number for r in readiness.testing] == [1, 2, 3, 4, 5, 6, 7]
    assert {r.criterion.label: r.rag for r in readiness.rows if r.rag != "GREEN"} == {
        "Operational 2": "AMBER"
    }
    assert readiness.missing == []
    assert readiness.ready
    sit = readiness.phase("SIT")
    assert [(line.severity, line.outstanding) for line in sit.outstanding_lines] == [(3, 4)]
    assert sit.excluded_total == 24
    assert sit.breaches == []
    assert (readiness.regression.required_pass_rate, readiness.regression.achieved_pass_rate) == (
        100,
        99,
    )
    assert readiness.flags == [
        "Operational 2 is AMBER: " + readiness.operational[1].view.qualification,
        "Regression pass rate 99% against 100% required. Accepted by the TAG under Testing 3.",
    ]


def test_a_new_release_lists_what_is_missing_by_owner_and_group():
    from releases.services import release_create

    release = release_create(
        slug="june-2022",
        name="June 2022 SEC Release",
        kind="JUNE",
        planned_go_live=datetime.date(2022, 6, 30),
        actor=None,
    )
    from tests.factories import ModificationFactory, ScopeItemFactory

    ScopeItemFactory(release=release, modification=ModificationFactory(impacts_dcc_systems=True))

    readiness = release_readiness(release)

    assert readiness.missing == [
        "No statement of readiness from DCC on Operational 1, 2, 3, 4, 5, 6, 7 and 8.",
        "No statement of readiness from SECAS on Operational 9 and 10.",
        "No view from the OPSG on Operational 1, 2, 3, 4, 5, 6, 7, 8, 9 and 10.",
        "No view from the TAG on Testing 1, 2, 3, 4, 5, 6 and 7.",
        "No Testing Approach Document approved by the TAG.",
        "No SIT testing issue figures from the DCC.",
        "No regression pass rate from the DCC.",
    ]


def test_missing_pieces_are_named(user_with_role):
    release = build_november_2021()
    release.acceptance_criteria.get(
        criterion_set="OPERATIONAL", number=4
    ).group_views.all().delete()
    release.acceptance_criteria.get(criterion_set="TESTING", number=3).group_views.all().delete()

    readiness = release_readiness(release)

    assert readiness.missing == [
        "No view from the OPSG on Operational 4.",
        "No view from the TAG on Testing 3.",
        "Regression pass rate 99% against 100% required. The TAG has not accepted it.",
    ]


def test_the_readiness_page_shows_the_matrix_and_the_evidence(client, user_with_role):
    release = build_november_2021()
    client.force_login(user_with_role("opsg"))

    response = client.get(f"/releases/{release.slug}/readiness/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Ready for its go/no-go." in html
    assert html.count('badge text-bg-warning">AMBER') == 1
    assert html.count('badge text-bg-success">GREEN') == 14
    assert "24 TIs excluded by the TAG" in html
    assert "Pass rate required <strong>100%</strong>, achieved <strong>99%</strong>" in html
    assert 'href="/releases/november-2021/readiness/" aria-current="page' not in html  # tab link
    assert ">Readiness</a>" in html


def test_the_readiness_page_needs_sign_in_and_a_role(client, user_with_role):
    release = build_november_2021()

    anonymous = client.get(f"/releases/{release.slug}/readiness/")
    client.force_login(user_with_role("auditor"))
    auditor = client.get(f"/releases/{release.slug}/readiness/")

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")
    assert auditor.status_code == 403


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_readiness_page_makes_the_same_queries_whatever_the_history(client, user_with_role):
    client.force_login(user_with_role("tag"))
    build_november_2021()
    small = _queries(client, "/releases/november-2021/readiness/")
    from releases.models import Release

    Release.objects.all().delete()
    build_november_2021(extra_versions=5)

    large = _queries(client, "/releases/november-2021/readiness/")

    # session, user, release, perms (groups), criteria + statements + views, counts,
    # thresholds, exclusions, regressions, TADs + reviews, risks, go/no-go, document-only check
    assert small == large


def test_a_decided_release_says_so(client, user_with_role):
    build_november_2021(decided=True)
    client.force_login(user_with_role("csc"))

    response = client.get("/releases/november-2021/readiness/")

    assert "On 26 October 2021 the Change Sub-Committee decided: <strong>Go</strong>" in (
        response.content.decode()
    )
    assert "Record the go/no-go decision" not in response.content.decode()
