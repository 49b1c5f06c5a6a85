"""What each group records in the browser: through the same services as the API, refusals
shown next to the field, nothing written."""

import datetime

import pytest

from acceptance import models as acceptance_models
from acceptance.models import AcceptanceCriterion, GoNoGoDecision, GroupView, ResidualRisk, Tad
from releases.choices import ReleaseKind
from releases.models import Decision
from releases.services import release_create
from tests.factories import GoNoGoDecisionFactory, TadFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def release(db):
    return release_create(
        slug="june-2022",
        name="June 2022 SEC Release",
        kind=ReleaseKind.JUNE,
        planned_go_live=datetime.date(2022, 6, 30),
        actor=None,
    )


def criterion(release, criterion_set, number) -> AcceptanceCriterion:
    return release.acceptance_criteria.get(criterion_set=criterion_set, number=number)


def signed_in(client, user_with_role, role):
    client.force_login(user_with_role(role))
    return client


VIEW = {"rag": "AMBER", "text": "Regression is behind plan.", "meeting_date": "2022-05-25"}


def test_a_tag_member_records_amber_with_its_qualification(release, client, user_with_role):
    testing_3 = criterion(release, "TESTING", 3)
    tag = signed_in(client, user_with_role, "tag")

    response = tag.post(
        f"/releases/june-2022/readiness/criteria/{testing_3.pk}/view/",
        {**VIEW, "qualification": "Two regression packs are still to run."},
    )

    assert response.status_code == 302
    view = GroupView.objects.get()
    assert (view.criterion, view.group, view.rag, view.version) == (testing_3, "TAG", "AMBER", 1)
    assert view.qualification == "Two regression packs are still to run."
    assert view.recorded_by.username == "tag-user"


def test_amber_without_a_qualification_is_refused(release, client, user_with_role):
    testing_3 = criterion(release, "TESTING", 3)
    tag = signed_in(client, user_with_role, "tag")

    response = tag.post(f"/releases/june-2022/readiness/criteria/{testing_3.pk}/view/", VIEW)

    assert response.status_code == 400
    assert "An AMBER or RED status needs its qualification." in response.content.decode()
    assert GroupView.objects.count() == 0


def test_a_later_view_is_a_new_version_and_the_earlier_stays_visible(
    release, client, user_with_role
):
    testing_3 = criterion(release, "TESTING", 3)
    tag = signed_in(client, user_with_role, "tag")
    url = f"/releases/june-2022/readiness/criteria/{testing_3.pk}/view/"
    tag.post(url, {**VIEW, "qualification": "Two packs to run."})

    tag.post(
        url, {**VIEW, "rag": "GREEN", "text": "All packs passed.", "meeting_date": "2022-06-07"}
    )

    assert list(GroupView.objects.values_list("version", "rag")) == [(2, "GREEN"), (1, "AMBER")]
    page = tag.get(f"/releases/june-2022/readiness/criteria/{testing_3.pk}/").content.decode()
    assert "Version 2 (current)" in page
    assert "Version 1" in page
    assert "Two packs to run." in page


def test_the_opsg_cannot_give_the_tags_view(release, client, user_with_role):
    testing_3 = criterion(release, "TESTING", 3)
    opsg = signed_in(client, user_with_role, "opsg")

    response = opsg.post(
        f"/releases/june-2022/readiness/criteria/{testing_3.pk}/view/",
        {**VIEW, "qualification": "x"},
    )

    assert response.status_code == 403
    assert GroupView.objects.count() == 0


def test_no_view_is_recorded_after_the_decision(release, client, user_with_role):
    GoNoGoDecisionFactory(release=release, decided_on=datetime.date(2022, 6, 21))
    operational_2 = criterion(release, "OPERATIONAL", 2)
    opsg = signed_in(client, user_with_role, "opsg")

    response = opsg.post(
        f"/releases/june-2022/readiness/criteria/{operational_2.pk}/view/",
        {**VIEW, "qualification": "x"},
    )

    assert response.status_code == 400
    assert "its readiness can no longer change" in response.content.decode()
    assert GroupView.objects.count() == 0


def test_the_tag_excludes_testing_issues_and_the_dcc_cannot(release, client, user_with_role):
    body = {"phase": "SIT", "count": 5, "reason": "Five identical TIs", "agreed_on": "2022-05-25"}
    dcc = signed_in(client, user_with_role, "dcc")
    refused = dcc.post("/releases/june-2022/readiness/exclusions/new/", body)
    tag = signed_in(client, user_with_role, "tag")

    accepted = tag.post("/releases/june-2022/readiness/exclusions/new/", body)

    assert refused.status_code == 403
    assert accepted.status_code == 302
    assert list(acceptance_models.TestingExclusion.objects.values_list("count", "reason")) == [
        (5, "Five identical TIs")
    ]


def test_the_tag_approves_a_tad_and_the_earlier_approved_version_is_superseded(
    release, client, user_with_role
):
    TadFactory(release=release, version=1, status="APPROVED")
    TadFactory(release=release, version=2)
    tag = signed_in(client, user_with_role, "tag")

    response = tag.post(
        "/releases/june-2022/readiness/tads/2/review/",
        {"outcome": "APPROVED", "reviewed_on": "2022-03-09"},
    )

    assert response.status_code == 302
    assert dict(Tad.objects.values_list("version", "status")) == {1: "SUPERSEDED", 2: "APPROVED"}


def test_asking_for_changes_needs_the_changes(release, client, user_with_role):
    TadFactory(release=release, version=1)
    tag = signed_in(client, user_with_role, "tag")

    response = tag.post(
        "/releases/june-2022/readiness/tads/1/review/",
        {"outcome": "CHANGES_REQUESTED", "reviewed_on": "2022-03-09"},
    )

    assert response.status_code == 400
    assert "Say which changes the TAG asks for." in response.content.decode()
    assert Tad.objects.get().status == "SUBMITTED"


def test_the_csc_records_the_go_no_go_and_it_freezes_readiness(release, client, user_with_role):
    csc = signed_in(client, user_with_role, "csc")

    response = csc.post(
        "/releases/june-2022/readiness/decision/",
        {
            "body": "CSC",
            "outcome": "GO",
            "decided_on": "2022-06-21",
            "paper_reference": "CSC_40_2106",
            "recommendations": "AGREE that the June 2022 SEC Release can be set live.",
        },
    )

    assert response.status_code == 302
    decision = GoNoGoDecision.objects.get()
    assert (decision.body, decision.outcome, decision.decided_on) == (
        "CSC",
        "GO",
        datetime.date(2022, 6, 21),
    )
    assert Decision.objects.get().paper_reference == "CSC_40_2106"
    again = csc.post(
        "/releases/june-2022/readiness/decision/",
        {"body": "CSC", "outcome": "NO_GO", "decided_on": "2022-06-22"},
    )
    assert again.status_code == 400
    assert GoNoGoDecision.objects.count() == 1


@pytest.mark.parametrize("role", ["opsg", "tag", "dcc", "secas"])
def test_only_the_csc_or_panel_decides(release, client, user_with_role, role):
    response = signed_in(client, user_with_role, role).post(
        "/releases/june-2022/readiness/decision/",
        {"body": "CSC", "outcome": "GO", "decided_on": "2022-06-21"},
    )

    assert response.status_code == 403
    assert GoNoGoDecision.objects.count() == 0


def test_a_panel_member_cannot_record_the_cscs_decision(release, client, user_with_role):
    response = signed_in(client, user_with_role, "panel").post(
        "/releases/june-2022/readiness/decision/",
        {"body": "CSC", "outcome": "GO", "decided_on": "2022-06-21"},
    )

    assert response.status_code == 403
    assert GoNoGoDecision.objects.count() == 0


def test_secas_edits_a_criterion_for_one_release_only(release, client, user_with_role):
    operational_9 = criterion(release, "OPERATIONAL", 9)
    secas = signed_in(client, user_with_role, "secas")

    response = secas.post(
        f"/releases/june-2022/readiness/criteria/{operational_9.pk}/edit/",
        {
            "title": "SECAS ready",
            "text": "SECAS will publish the new SEC on the go-live date.",
            "owner": "SECAS",
            "reviewing_group": "OPSG",
        },
    )

    assert response.status_code == 302
    operational_9.refresh_from_db()
    assert operational_9.text == "SECAS will publish the new SEC on the go-live date."
    assert operational_9.history.count() == 2


def test_secas_records_a_residual_risk(release, client, user_with_role):
    response = signed_in(client, user_with_role, "secas").post(
        "/releases/june-2022/readiness/risks/new/",
        {"title": "ECoS alongside", "level": "MEDIUM", "owner": "DCC"},
    )

    assert response.status_code == 302
    assert ResidualRisk.objects.get().get_level_display() == "Medium"


def test_the_dcc_submits_figures_in_the_browser(release, client, user_with_role, time_machine):
    time_machine.move_to(datetime.datetime(2022, 6, 1, 12, 0))
    dcc = signed_in(client, user_with_role, "dcc")

    response = dcc.post(
        "/releases/june-2022/readiness/figures/new/",
        {
            "phase": "REGRESSION",
            "as_of": "2022-05-31",
            "severity_3": 2,
            "required_pass_rate": "100",
            "achieved_pass_rate": "98.5",
            "failed_tests": 3,
        },
    )

    assert response.status_code == 302
    assert release.regression_results.get().achieved_pass_rate == 98.5
    assert release.testing_issue_counts.get().outstanding == 2


@pytest.mark.parametrize("role", ["secas", "panel", "csc", "opsg", "tag", "dcc"])
def test_every_readiness_page_opens_for_each_role(release, client, user_with_role, role):
    TadFactory(release=release, version=1)
    signed_in(client, user_with_role, role)
    pk = criterion(release, "OPERATIONAL", 1).pk

    for url in ["", f"criteria/{pk}/", "paper/"]:
        assert client.get(f"/releases/june-2022/readiness/{url}").status_code == 200, url
