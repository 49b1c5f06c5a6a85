"""The live draft RID: generated from factories' data, its page, and SECAS's narrative edits."""

import datetime
from decimal import Decimal

import pytest

from acceptance.choices import CriterionSet, ReviewGroup, TadStatus
from modifications.choices import CostBasis, CostStage, DccArea, ParticipantCategory
from releases.choices import DatePrecision, Inclusion
from releases.models import RID_NARRATIVE_DEFAULTS, RidNarrative
from releases.rid.content import rid_snapshot
from releases.rid.glossary import glossary_for
from releases.rid.render import rid_html
from tests.factories import (
    AcceptanceCriterionFactory,
    ConcurrentProgrammeFactory,
    DccChangeRequestFactory,
    DccCostFactory,
    DccImpactFactory,
    DesignatedDocumentFactory,
    DesignationFactory,
    DocumentImpactFactory,
    MilestoneFactory,
    ModificationFactory,
    OtherCodeImpactFactory,
    ParticipantImpactFactory,
    PartyImpactSummaryFactory,
    ReleaseFactory,
    RidBaselineFactory,
    ScopeItemFactory,
    SecasCostFactory,
    SecDocumentFactory,
    TadFactory,
    TadReviewFactory,
    TechnicalSpecificationFactory,
    TechSpecImpactFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date
HTMX = {"HTTP_HX_REQUEST": "true"}


def _release_with(n: int, slug: str):
    """A release of `n` DCC-impacting modifications, each with every kind of row the RID reads."""
    release = ReleaseFactory(slug=slug, name=f"{slug} SEC Release")
    spec = TechnicalSpecificationFactory()
    for i in range(n):
        modification = ModificationFactory(impacts_dcc_systems=True, summary="proposes things.")
        ScopeItemFactory(
            release=release,
            modification=modification,
            position=i,
            inclusion=Inclusion.TARGETED if i % 2 else Inclusion.APPROVED,
        )
        ParticipantImpactFactory(modification=modification)
        PartyImpactSummaryFactory(modification=modification)
        DccImpactFactory(modification=modification)
        DocumentImpactFactory(modification=modification, document=SecDocumentFactory())
        TechSpecImpactFactory(modification=modification, document=spec)
        OtherCodeImpactFactory(modification=modification)
        DccCostFactory(modification=modification)
        MilestoneFactory(release=release, event=f"Event {i}", date=D(2022, 1, 1 + i))
        SecasCostFactory(release=release, activity=f"Activity {i}")
        ConcurrentProgrammeFactory(release=release, name=f"Programme {i}")
        DccChangeRequestFactory(release=release, reference=f"CR{i:03d}")
        AcceptanceCriterionFactory(release=release, number=i + 1)
        RidBaselineFactory(release=release, version=Decimal(f"{i}.1"))
        DesignatedDocumentFactory(
            designation=DesignationFactory(release=release), document=SecDocumentFactory()
        )
    TadFactory(release=release, version=1, status=TadStatus.APPROVED)
    return release


def test_the_snapshot_costs_the_same_queries_whatever_the_size(django_assert_num_queries):
    small = _release_with(2, "june-2030")
    large = _release_with(7, "june-2031")
    # The in-scope items with their modifications; participant ticks; party summaries; DCC
    # impacts; document impacts; the documents designations change; Technical Specification
    # impacts; other codes; DCC costs; SECAS costs; the narrative; change requests; concurrent
    # programmes; milestones; the approved TAD; its approval date; the criteria; the baselines
    # with their decisions.
    for release, size in ((small, 2), (large, 7)):
        with django_assert_num_queries(18):
            snapshot = rid_snapshot(release)
        assert len(snapshot["scope"]["approved"]) + len(snapshot["scope"]["targeted"]) == size
        assert len(snapshot["impacts"]["participants"]) == size
        assert len(snapshot["costs"]["dcc_rows"]) == size
        assert len(snapshot["timeline"]) == size
        assert len(snapshot["version_control"]) == size
        assert len(snapshot["impacts"]["documents"]["rows"]) == 2 * size


def test_every_section_comes_from_the_release():
    release = ReleaseFactory(slug="june-2030", name="June 2030 SEC Release")
    smki = ModificationFactory(
        reference="MP300",
        title="Better SMKI",
        summary="MP300 ‘Better SMKI’ proposes a new SMKI check.",
        impacts_dcc_systems=True,
    )
    docs = ModificationFactory(reference="MP301", title="Tidy Section A", summary="")
    ScopeItemFactory(
        release=release,
        modification=smki,
        inclusion=Inclusion.TARGETED,
        decision_cutoff=D(2030, 1, 14),
        position=2,
    )
    ScopeItemFactory(release=release, modification=docs, position=1)
    ScopeItemFactory(
        release=release, modification=ModificationFactory(), inclusion=Inclusion.REMOVED, reason="x"
    )
    for category in (ParticipantCategory.SUPPLIERS, ParticipantCategory.DCC):
        ParticipantImpactFactory(modification=smki, category=category)
    DccImpactFactory(modification=smki, area=DccArea.CSP, summary="CSP change.")
    DccImpactFactory(modification=smki, area=DccArea.DUIS, summary="DUIS change.")
    for stage, low, basis in (
        (CostStage.DESIGN_BUILD_PIT, 100000, CostBasis.FIRM),
        (CostStage.SIT, None, CostBasis.ESTIMATED),
        (CostStage.APPLICATION_SUPPORT, 5000, CostBasis.ESTIMATED),
    ):
        DccCostFactory(modification=smki, stage=stage, low=low, high=low, basis=basis)
    MilestoneFactory(release=release, event="Go-live", date=D(2030, 6, 27))
    MilestoneFactory(
        release=release, event="CSC", date=D(2030, 1, 1), precision=DatePrecision.MONTH
    )
    MilestoneFactory(release=release, event="TBC thing", date=None)
    AcceptanceCriterionFactory(release=release, number=1, text="Ready.")
    AcceptanceCriterionFactory(
        release=release,
        criterion_set=CriterionSet.TESTING,
        number=1,
        text="Tested.",
        reviewing_group=ReviewGroup.TAG,
    )
    tad = TadFactory(release=release, version=2, status=TadStatus.APPROVED)
    TadReviewFactory(tad=tad, reviewed_on=D(2029, 11, 24))
    TadFactory(release=release, version=3, status=TadStatus.SUBMITTED)
    RidBaselineFactory(release=release, version=Decimal("1.0"), issued_on=D(2029, 7, 1))
    RidBaselineFactory(release=release, version=Decimal("0.1"), issued_on=D(2029, 6, 11))

    snapshot = rid_snapshot(release)

    assert [i["key"] for i in snapshot["scope"]["approved"]] == ["MP301"]
    targeted = snapshot["scope"]["targeted"][0]
    assert (targeted["key"], targeted["decision_cutoff"], targeted["summary"]) == (
        "MP300",
        "2030-01-14",
        "proposes a new SMKI check.",
    )
    assert targeted["document_only"] is False
    assert [r["reference"] for r in snapshot["impacts"]["participants"]] == ["MP301", "MP300"]
    assert [r["area"] for r in snapshot["impacts"]["dcc"]] == ["DUIS", "CSP"]
    cells = [(c["stage"], c["display"], c["firm"]) for c in snapshot["costs"]["dcc"]]
    assert cells == [
        ("DESIGN_BUILD_PIT", "£100,000", True),
        ("SIT", "TBC", False),
        ("UIT", "TBC", False),
        ("IMPLEMENT_TO_LIVE", "TBC", False),
        ("APPLICATION_SUPPORT", "£5,000", False),
    ]
    assert [c["recorded"] for c in snapshot["costs"]["dcc"]] == [True, True, False, False, True]
    assert [m["date_display"] for m in snapshot["timeline"]] == ["Jan 2030", "27 Jun 2030", "TBC"]
    assert snapshot["criteria"]["operational"][0]["text"] == "Ready."
    assert snapshot["criteria"]["testing"][0]["text"] == "Tested."
    assert snapshot["test_strategy"]["tad"]["version"] == 2
    assert snapshot["test_strategy"]["tad"]["approved_on"] == "2029-11-24"
    assert [v["version"] for v in snapshot["version_control"]] == ["0.1", "1.0"]
    assert snapshot["version_control"][0]["decision"] == "SECP_93_1806_21"
    assert snapshot["narrative"] == RID_NARRATIVE_DEFAULTS
    assert "SMKI" in [g["acronym"] for g in snapshot["glossary"]]

    html = rid_html(snapshot)
    assert "Annex A: SEC Release Testing Approach Document" in html
    assert "Decision cut-off: 14 January 2030." in html


def test_the_glossary_counts_plurals_and_possessives_but_not_parts_of_words():
    assert [g["acronym"] for g in glossary_for("Two CHs and the DCC’s TAD; DUISx; secas")] == [
        "CH",
        "DCC",
        "TAD",
    ]


@pytest.fixture
def june():
    release = ReleaseFactory(slug="june-2030", name="June 2030 SEC Release")
    ScopeItemFactory(release=release, modification=ModificationFactory(reference="MP300"))
    return release


def test_anyone_reads_the_draft_with_its_tab(client, june):
    response = client.get("/releases/june-2030/rid/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-current="page" href="/releases/june-2030/rid/">RID</a>' in html
    assert "1. Scope" in html and "MP300" in html
    assert "No version of this RID has been baselined yet." in html
    assert "Edit the narrative" not in html


def _narrative_post(**changes):
    return {**RID_NARRATIVE_DEFAULTS, **changes}


def test_secas_edits_the_narrative_in_place(client, user_with_role, june):
    client.force_login(user_with_role("secas"))
    form = client.get("/releases/june-2030/rid/narrative/", **HTMX)
    assert form.status_code == 200 and "Save the narrative" in form.content.decode()

    response = client.post(
        "/releases/june-2030/rid/narrative/",
        _narrative_post(scope_note="No more modifications are expected."),
        **HTMX,
    )

    assert response.status_code == 200
    assert response["HX-Retarget"] == "#rid-document"
    assert "No more modifications are expected." in response.content.decode()
    narrative = RidNarrative.objects.get(release=june)
    assert (narrative.scope_note, narrative.version) == ("No more modifications are expected.", 1)
    assert narrative.history.count() == 1
    assert rid_snapshot(june)["narrative"]["scope_note"] == "No more modifications are expected."

    again = client.post(
        "/releases/june-2030/rid/narrative/",
        _narrative_post(scope_note="Second edit.", version=1),
        **HTMX,
    )
    assert again.status_code == 200
    narrative.refresh_from_db()
    assert (narrative.scope_note, narrative.version) == ("Second edit.", 2)
    history = client.get("/releases/june-2030/history/").content.decode()
    assert "the RID’s narrative" in history and "Second edit." in history


def test_a_stale_narrative_edit_is_refused(client, user_with_role, june):
    client.force_login(user_with_role("secas"))
    RidNarrative.objects.create(release=june, scope_note="Someone else's.", version=3)

    response = client.post(
        "/releases/june-2030/rid/narrative/",
        _narrative_post(scope_note="Mine.", version=2),
        **HTMX,
    )

    assert response.status_code == 409
    assert "changed by someone else" in response.content.decode()
    assert RidNarrative.objects.get(release=june).scope_note == "Someone else's."

    # An editor who opened the defaults (no row yet) is refused too once a row exists.
    first = client.post(
        "/releases/june-2030/rid/narrative/", _narrative_post(scope_note="Mine."), **HTMX
    )
    assert first.status_code == 409
    assert RidNarrative.objects.get(release=june).version == 3


@pytest.mark.parametrize("role", ["panel", "dcc", None])
def test_only_secas_edits_the_narrative(client, user_with_role, june, role):
    if role:
        client.force_login(user_with_role(role))
    response = client.post(
        "/releases/june-2030/rid/narrative/", _narrative_post(scope_note="Mine."), **HTMX
    )
    assert response.status_code == 403
    assert not RidNarrative.objects.exists()
