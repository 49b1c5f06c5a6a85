"""What anyone reads on the release pages: the list with its timeline, and one release as the
Panel paper shows it."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine

from core.choices import Body
from releases.choices import DatePrecision, Inclusion, MilestoneKind, ReleaseKind, ReleaseStatus
from tests.factories import (
    ConcurrentProgrammeFactory,
    DecisionFactory,
    MilestoneFactory,
    ModificationFactory,
    ReleaseFactory,
    ScopeItemFactory,
    StatusUpdateFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2021, 6, 11, 12, 0), tick=False):
        yield


def _text(html: str) -> str:
    """The page's visible words, tags removed, spaces collapsed."""
    html = re.sub(r"<svg.*?</svg>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.fixture
def june_2022():
    """The June 2022 release as section 5 of the Panel paper SECP_93_1806_21 shows it."""
    release = ReleaseFactory(
        slug="june-2022",
        name="June 2022 SEC Release",
        kind=ReleaseKind.JUNE,
        planned_go_live=D(2022, 6, 30),
    )
    secmp0015 = ModificationFactory(
        reference="SECMP0015",
        title="GPF timestamp for reading instantaneous Gas values",
        impacts_dcc_systems=True,
    )
    ScopeItemFactory(
        release=release,
        modification=secmp0015,
        part="DUIS and MMC changes only",
        position=1,
        note="The DUIS and MMC changes will be implemented in the June 2022 SEC Release.",
    )
    mp104 = ModificationFactory(
        reference="MP104", title="Security Improvements", impacts_dcc_systems=True
    )
    ScopeItemFactory(
        release=release,
        modification=mp104,
        inclusion=Inclusion.TARGETED,
        decision_cutoff=D(2021, 6, 25),
        position=2,
    )
    StatusUpdateFactory(
        modification=mp104,
        as_of=D(2021, 6, 11),
        text="The DCC is currently carrying out an Impact Assessment which it expects to "
        "complete by 7 July 2021.",
    )
    StatusUpdateFactory(modification=mp104, as_of=D(2021, 5, 1), text="An older narrative.")
    mp117 = ModificationFactory(
        reference="MP117", title="Bulk CH returns", impacts_dcc_systems=True
    )
    ScopeItemFactory(
        release=release,
        modification=mp117,
        inclusion=Inclusion.REMOVED,
        reason="Withdrawn by the Proposer on 9 June 2021",
        position=3,
    )
    uit = MilestoneFactory(
        release=release,
        kind=MilestoneKind.UIT_START,
        event="UIT commences",
        responsible=Body.DCC,
        date=D(2022, 5, 19),
    )
    MilestoneFactory(
        release=release,
        kind=MilestoneKind.REGRESSION_PLANS_DUE,
        event="Test Participants inform DCC of regression testing plans",
        responsible=Body.TEST_PARTICIPANTS,
        anchor=uit,
        offset_working_days=-10,
        date=D(2022, 5, 5),
    )
    MilestoneFactory(
        release=release,
        kind=MilestoneKind.TAD_DRAFT_DUE,
        event="DCC submits draft TAD",
        date=D(2021, 10, 1),
        precision=DatePrecision.MONTH,
    )
    MilestoneFactory(
        release=release,
        kind=MilestoneKind.RID_BASELINE,
        event="Panel baselines RID for system-impacting modifications",
        responsible=Body.PANEL,
        date=D(2021, 6, 18),
    )
    DecisionFactory(release=release)
    ConcurrentProgrammeFactory(
        release=release,
        name="Enduring Change of Supplier (ECoS)",
        description="Also targeted for June 2022; it impacts the DUIS.",
    )
    return release


def test_the_scope_table_reads_like_the_panel_paper(client, june_2022):
    html = client.get("/releases/june-2022/").content.decode()
    text = _text(html)

    assert '<a href="/modifications/SECMP0015/">SECMP0015</a> ‘GPF timestamp' in html
    assert (
        "SECMP0015 ‘GPF timestamp for reading instantaneous Gas values’ (DUIS and MMC changes "
        "only) Approved for inclusion. The DUIS and MMC changes will be implemented in the June "
        "2022 SEC Release." in text
    )
    assert (
        "MP104 ‘Security Improvements’ Targeted: included only if approved by 25 June 2021. "
        "The DCC is currently carrying out an Impact Assessment which it expects to complete by "
        "7 July 2021. (status of 11 Jun 2021) 10 Working Days to cut-off ✓ Yes" in text
    )
    assert "An older narrative" not in text
    # Items that left the scope come last, with the reason.
    assert text.index("MP117") > text.index("MP104")
    assert (
        "MP117 ‘Bulk CH returns’ Removed. Reason: Withdrawn by the Proposer on 9 June 2021" in text
    )
    assert "2 modifications in scope." in text
    assert "Document-only" not in text


def test_a_release_without_dcc_impacting_scope_is_marked_document_only(client):
    release = ReleaseFactory(slug="june-2021", name="June 2021 SEC Release")
    ScopeItemFactory(release=release, modification=ModificationFactory(reference="MP106"))

    text = _text(client.get("/releases/june-2021/").content.decode())

    assert "Document-only" in text
    assert "A document-only release : no modification in scope impacts DCC Systems." in text


def test_milestones_show_their_dates_and_rules(client, june_2022):
    text = _text(client.get("/releases/june-2022/").content.decode())

    assert (
        "5 May 2022 by rule Test Participants inform DCC of regression testing plans Regression "
        "plans due Test Participants 10 Working Days before ‘UIT commences’" in text
    )
    assert "Oct 2021 DCC submits draft TAD" in text
    assert text.index("18 Jun 2021 Panel baselines") < text.index("Oct 2021 DCC submits")


def test_decisions_show_their_paper_reference_and_programmes_run_alongside(client, june_2022):
    text = _text(client.get("/releases/june-2022/").content.decode())

    assert (
        "18 Jun 2021 SEC Panel SECP_93_1806_21 BASELINE Baseline the RID for the scope of the "
        "release on DCC Systems Approved" in text
    )
    assert (
        "Enduring Change of Supplier (ECoS) : Also targeted for June 2022; it impacts the DUIS."
        in text
    )


def test_the_page_links_its_exports_history_and_keeps_the_alerts_slot(client, june_2022):
    html = client.get("/releases/june-2022/").content.decode()

    assert 'href="/releases/june-2022/scope.csv"' in html
    assert 'href="/releases/june-2022/scope.xlsx"' in html
    assert 'href="/releases/june-2022/history/"' in html


def test_anyone_reads_a_release_without_signing_in_and_sees_no_edit_control(client, june_2022):
    response = client.get("/releases/june-2022/")

    html = response.content.decode()
    assert response.status_code == 200
    for control in (
        "Add a modification",
        ">Move<",
        ">Remove<",
        "Add a milestone",
        "Record a decision",
        ">Edit<",
        'hx-post="/releases/',
        'hx-get="/releases/',
    ):
        assert control not in html


@pytest.mark.parametrize("role", ["panel", "csc", "opsg", "tag", "dcc", "auditor"])
def test_other_roles_see_the_same_page_read_only(client, user_with_role, june_2022, role):
    client.force_login(user_with_role(role))

    html = client.get("/releases/june-2022/").content.decode()

    assert "MP104 ‘Security Improvements’" in _text(html)
    # Their own follow button posts to /notifications/; nothing on the page edits the release.
    assert 'hx-post="/releases/' not in html and 'hx-get="/releases/' not in html
    assert 'href="/releases/june-2022/scope/' not in html


def test_secas_sees_the_edit_controls(client, user_with_role, june_2022):
    client.force_login(user_with_role("secas"))

    html = client.get("/releases/june-2022/").content.decode()

    assert "Add a modification to this release" in html
    assert html.count(">Move<span") == 2  # the two items in scope, not the removed one
    assert "Add a milestone" in html and "Record a decision" in html


def test_an_ad_hoc_release_is_found_by_its_sec_version(client):
    ReleaseFactory(slug="v62.0", name="SEC v62.0 (MP200)", kind=ReleaseKind.AD_HOC)

    assert client.get("/releases/v62.0/").status_code == 200


def test_an_unknown_release_gets_the_clear_404(client):
    response = client.get("/releases/june-2099/")

    assert response.status_code == 404
    assert "a release is named like" in _text(response.content.decode()).lower()


def test_the_list_shows_status_dates_version_counts_and_next_milestone(client, june_2022):
    live = ReleaseFactory(
        slug="november-2021",
        name="November 2021 SEC Release",
        planned_go_live=D(2021, 11, 4),
        actual_go_live=D(2021, 11, 4),
        sec_version=Decimal("50.0"),
        status=ReleaseStatus.LIVE,
    )
    ScopeItemFactory.create_batch(2, release=live, impacts_dcc_systems=True)

    text = _text(client.get("/releases/").content.decode())

    assert "November 2021 SEC Release Live 4 Nov 2021 4 Nov 2021 v50.0 2 0 2 None scheduled" in text
    assert (
        "June 2022 SEC Release Planning 30 Jun 2022 — — 1 1 2 18 Jun 2021 Panel baselines RID "
        "for system-impacting modifications" in text
    )


def test_the_list_draws_the_timeline_with_a_table_alternative(client, june_2022):
    html = client.get("/releases/").content.decode()

    svg = re.search(r"<svg.*?</svg>", html, flags=re.S).group(0)
    assert 'aria-labelledby="timeline-title timeline-desc"' in svg
    assert "<title>June 2022: RID baseline, 18 Jun 2021</title>" in svg
    assert "<title>June 2022: UIT starts, 19 May 2022</title>" in svg
    assert "Today, 11 Jun 2021" in svg
    text = _text(html)
    assert "The timeline as a table" in text
    assert "June 2022 SEC Release 18 Jun 2021 — 19 May 2022 — 30 Jun 2022 (planned)" in text


def test_a_narrative_that_only_repeats_the_status_is_not_shown_twice(client):
    release = ReleaseFactory(slug="november-2022", name="November 2022 SEC Release")
    secmp0056 = ModificationFactory(reference="SECMP0056", title="IHD / PPMID Zigbee Attributes")
    ScopeItemFactory(release=release, modification=secmp0056)
    StatusUpdateFactory(modification=secmp0056, text="Approved for inclusion.")

    text = _text(client.get("/releases/november-2022/").content.decode())

    assert "SECMP0056 ‘IHD / PPMID Zigbee Attributes’ Approved for inclusion. None" in text
    assert text.count("Approved for inclusion.") == 1
