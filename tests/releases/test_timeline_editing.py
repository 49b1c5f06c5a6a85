"""SECAS edits milestones (a rule's date follows its anchor) and records decisions in place."""

import datetime

import pytest
import time_machine

from releases.choices import MilestoneKind
from releases.models import Decision, Milestone
from tests.factories import MilestoneFactory, ReleaseFactory

pytestmark = pytest.mark.django_db
D = datetime.date
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2021, 6, 11, 12, 0), tick=False):
        yield


@pytest.fixture
def june():
    return ReleaseFactory(
        slug="june-2022", name="June 2022 SEC Release", planned_go_live=D(2022, 6, 30)
    )


@pytest.fixture
def secas(client, user_with_role):
    user = user_with_role("secas", username="sam")
    client.force_login(user)
    return user


def _milestones():
    return sorted(Milestone.objects.values_list("event", "date", "offset_working_days", "version"))


def _error(html: str, field_id: str) -> str:
    marker = f'id="{field_id}_error"'
    assert marker in html, html
    start = html.index(">", html.index(marker)) + 1
    return html[start : html.index("</div>", start)].strip()


def _form(milestone, **changes):
    data = {
        "event": milestone.event,
        "kind": milestone.kind,
        "responsible": milestone.responsible,
        "date": milestone.date.isoformat() if milestone.date else "",
        "precision": milestone.precision,
        "anchor": milestone.anchor_id or "",
        "offset_working_days": ""
        if milestone.offset_working_days is None
        else milestone.offset_working_days,
        "notes": milestone.notes,
        "version": milestone.version,
    }
    data.update(changes)
    return data


def test_a_milestone_added_with_a_rule_takes_its_date_from_the_anchor(client, secas, june):
    uit = MilestoneFactory(release=june, event="UIT commences", date=D(2022, 5, 19))

    response = client.post(
        "/releases/june-2022/milestones/add/",
        {
            "event": "Test Participants inform DCC of regression testing plans",
            "kind": MilestoneKind.REGRESSION_PLANS_DUE,
            "responsible": "TEST_PARTICIPANTS",
            "precision": "DAY",
            "anchor": uit.pk,
            "offset_working_days": "-10",
        },
        **HTMX,
    )

    assert response.status_code == 200
    assert response["HX-Retarget"] == "#milestones"
    html = response.content.decode()
    assert (
        "Milestone “Test Participants inform DCC of regression testing plans” added on 5 May 2022."
        in html
    )
    assert "10 Working Days before ‘UIT commences’" in html
    plans = Milestone.objects.get(anchor=uit)
    assert plans.date == D(2022, 5, 5)


def test_moving_an_anchor_moves_the_milestones_its_rules_set(client, secas, june):
    closes = MilestoneFactory(release=june, event="UIT window closes", date=D(2022, 6, 29))
    results = MilestoneFactory(
        release=june,
        event="Regression results due",
        anchor=closes,
        offset_working_days=-5,
        date=D(2022, 6, 22),
    )

    response = client.post(
        f"/releases/june-2022/milestones/{closes.pk}/edit/",
        _form(closes, date="2022-06-08"),
        **HTMX,
    )

    assert response.status_code == 200
    assert (
        "Milestone “UIT window closes” saved: 8 Jun 2022. 1 milestone set by a rule from it moved "
        "with it." in response.content.decode()
    )
    results.refresh_from_db()
    # Five Working Days before 8 June 2022, skipping the Jubilee bank holidays.
    assert results.date == D(2022, 5, 30)
    assert results.history.first().history_user == secas


def test_a_rule_cannot_count_from_a_milestone_that_counts_from_it(client, secas, june):
    first = MilestoneFactory(release=june, event="First", date=D(2022, 5, 19))
    second = MilestoneFactory(
        release=june, event="Second", anchor=first, offset_working_days=5, date=D(2022, 5, 26)
    )
    before = _milestones()

    response = client.post(
        f"/releases/june-2022/milestones/{first.pk}/edit/",
        _form(first, anchor=second.pk, offset_working_days="2"),
        **HTMX,
    )

    assert response.status_code == 422
    assert (
        _error(response.content.decode(), f"milestone_{first.pk}_anchor")
        == "This rule would make the milestone depend on itself."
    )
    assert _milestones() == before


def test_an_offset_without_an_anchor_is_refused_next_to_the_anchor(client, secas, june):
    response = client.post(
        "/releases/june-2022/milestones/add/",
        {
            "event": "Chase",
            "kind": "OTHER",
            "responsible": "SECAS",
            "precision": "DAY",
            "offset_working_days": "3",
        },
        **HTMX,
    )

    assert response.status_code == 422
    assert (
        _error(response.content.decode(), "milestone_new_anchor")
        == "A Working Day rule needs the milestone it counts from."
    )
    assert not Milestone.objects.exists()


@pytest.mark.parametrize("offset", ["1001", "-1001", "2000000000"])
def test_a_rule_counting_years_away_is_refused_next_to_the_offset(client, secas, june, offset):
    """2,000,000,000 Working Days walked off the calendar (a 500 after seconds of counting)."""
    uit = MilestoneFactory(release=june, event="UIT commences", date=D(2022, 5, 19))

    response = client.post(
        "/releases/june-2022/milestones/add/",
        {
            "event": "Chase",
            "kind": "OTHER",
            "responsible": "SECAS",
            "precision": "DAY",
            "anchor": uit.pk,
            "offset_working_days": offset,
        },
        **HTMX,
    )

    assert response.status_code == 422
    assert _error(response.content.decode(), "milestone_new_offset_working_days") == (
        "A rule counts at most 1000 Working Days (about four years) from its anchor."
    )
    assert _milestones() == [("UIT commences", D(2022, 5, 19), None, 1)]


@pytest.mark.parametrize("date", ["9999-12-30", "0001-01-03", "2012-12-31", "2100-01-01"])
def test_an_anchor_moved_off_the_years_of_the_sec_is_refused_before_its_rules_follow(
    client, secas, june, date
):
    """9999-12-30 with a rule 5 Working Days after it overflowed the calendar (a 500)."""
    uit = MilestoneFactory(release=june, event="UIT commences", date=D(2022, 5, 19))
    MilestoneFactory(
        release=june, event="Chase", date=D(2022, 5, 26), anchor=uit, offset_working_days=5
    )

    response = client.post(
        f"/releases/june-2022/milestones/{uit.pk}/edit/", _form(uit, date=date), **HTMX
    )

    assert response.status_code == 422
    assert (
        _error(response.content.decode(), f"milestone_{uit.pk}_date")
        == "A milestone falls between 2013 and 2099."
    )
    assert _milestones() == [
        ("Chase", D(2022, 5, 26), 5, 1),
        ("UIT commences", D(2022, 5, 19), None, 1),
    ]


def test_the_milestone_service_refuses_an_offset_out_of_range_before_counting(secas, june):
    from core.errors import ApplicationError
    from releases.services import milestone_save

    uit = MilestoneFactory(release=june, event="UIT commences", date=D(2022, 5, 19))
    chase = Milestone(release=june, event="Chase", responsible="SECAS", anchor=uit)
    chase.offset_working_days = 5_000_000

    with pytest.raises(ApplicationError) as refused:
        milestone_save(milestone=chase, actor=secas)

    assert refused.value.field == "offset_working_days"
    assert _milestones() == [("UIT commences", D(2022, 5, 19), None, 1)]


def test_a_stale_milestone_edit_is_refused(client, secas, june):
    uit = MilestoneFactory(release=june, event="UIT commences", date=D(2022, 5, 19))
    opened = _form(uit)
    client.post(
        f"/releases/june-2022/milestones/{uit.pk}/edit/", _form(uit, date="2022-05-20"), **HTMX
    )

    response = client.post(
        f"/releases/june-2022/milestones/{uit.pk}/edit/", {**opened, "date": "2022-05-26"}, **HTMX
    )

    assert response.status_code == 409
    assert "changed by someone else since you opened it" in response.content.decode()
    assert _milestones() == [("UIT commences", D(2022, 5, 20), None, 2)]


def test_a_month_only_date_is_kept_as_its_month(client, secas, june):
    client.post(
        "/releases/june-2022/milestones/add/",
        {
            "event": "DCC submits draft TAD",
            "kind": "TAD_DRAFT_DUE",
            "responsible": "DCC",
            "date": "2021-10-14",
            "precision": "MONTH",
        },
        **HTMX,
    )

    milestone = Milestone.objects.get()
    assert (milestone.date, milestone.display_date) == (D(2021, 10, 1), "Oct 2021")


def test_secas_records_a_decision_with_its_paper_reference(client, secas, june):
    response = client.post(
        "/releases/june-2022/decisions/add/",
        {
            "body": "PANEL",
            "meeting_date": "2021-06-18",
            "paper_reference": "SECP_93_1806_21",
            "ask": "BASELINE",
            "summary": "Baseline the June 2022 RID for the scope on DCC Systems",
            "outcome": "APPROVED",
            "published_on": "2021-06-18",
        },
        **HTMX,
    )

    assert response.status_code == 200
    assert "Decision recorded: SEC Panel, 18 June 2021, BASELINE." in response.content.decode()
    decision = Decision.objects.get()
    assert (decision.release, decision.paper_reference) == (june, "SECP_93_1806_21")


def test_a_decision_published_before_its_meeting_is_refused(client, secas, june):
    response = client.post(
        "/releases/june-2022/decisions/add/",
        {
            "body": "PANEL",
            "meeting_date": "2021-06-18",
            "ask": "NOTE",
            "summary": "Note the update",
            "outcome": "NOTED",
            "published_on": "2021-06-17",
        },
        **HTMX,
    )

    assert response.status_code == 422
    assert (
        _error(response.content.decode(), "decision_published_on")
        == "A decision is published on or after its meeting."
    )
    assert not Decision.objects.exists()


def test_a_decision_published_but_with_no_meeting_date_names_the_missing_date(client, secas, june):
    """The model's published-after-meeting rule compared a date with None (a 500)."""
    response = client.post(
        "/releases/june-2022/decisions/add/",
        {"body": "PANEL", "ask": "NOTE", "outcome": "NOTED", "published_on": "2021-06-17"},
        **HTMX,
    )

    assert response.status_code == 422
    assert _error(response.content.decode(), "decision_meeting_date") == "This field is required."
    assert not Decision.objects.exists()


@pytest.mark.parametrize("role", ["panel", "csc", "dcc"])
def test_other_roles_cannot_edit_the_timeline_or_record_decisions_here(
    client, user_with_role, june, role
):
    client.force_login(user_with_role(role))
    uit = MilestoneFactory(release=june, event="UIT commences", date=D(2022, 5, 19))

    responses = [
        client.post("/releases/june-2022/milestones/add/", {"event": "x"}),
        client.post(
            f"/releases/june-2022/milestones/{uit.pk}/edit/", _form(uit, date="2022-05-26")
        ),
        client.post("/releases/june-2022/decisions/add/", {"body": "PANEL"}),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403]
    assert _milestones() == [("UIT commences", D(2022, 5, 19), None, 1)]
    assert not Decision.objects.exists()
