"""The reference data set, loaded once for the module: the facts of the four documents."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from acceptance.models import (
    AcceptanceCriterion,
    GoNoGoDecision,
    GroupView,
    ReadinessStatement,
    RegressionResult,
    ResidualRisk,
)
from acceptance.models import TestingExclusion as Exclusion  # aliased: pytest collects Test*
from acceptance.models import TestingIssueCount as IssueCount
from modifications.models import (
    Assessment,
    DccCost,
    DocumentImpact,
    DocumentVersion,
    Modification,
    ParticipantImpact,
    SecDocument,
    TechSpecImpact,
)
from releases.models import ConcurrentProgramme, Decision, Milestone, Release, ScopeItem
from releases.reference import CHANGE_REASON
from releases.selectors import release_is_document_only, release_list
from tests.reference.conftest import edit, run_loader, table_counts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sec_history")]

D = datetime.date

NOVEMBER_2021_TEN = {
    "SECMP0007",
    "MP077",
    "MP090",
    "MP105",
    "MP138",
    "MP150",
    "MP157",
    "MP158",
    "MP164",
    "MP180",
}


def items(slug: str, **filters) -> list[ScopeItem]:
    return list(
        ScopeItem.objects.filter(release__slug=slug, **filters).select_related("modification")
    )


@pytest.mark.parametrize(
    ("slug", "name", "kind", "planned", "actual", "version", "status"),
    [
        ("february-2021", "February 2021 SEC Release", "FEBRUARY", D(2021, 2, 25), D(2021, 2, 25), "34.0", "LIVE"),
        ("june-2021", "June 2021 SEC Release", "JUNE", D(2021, 6, 24), D(2021, 6, 24), "40.0", "LIVE"),
        ("v45.0", "SEC v45.0 (MP161)", "AD_HOC", D(2021, 9, 1), D(2021, 9, 1), "45.0", "LIVE"),
        ("v47.0", "SEC v47.0 (MP134A)", "AD_HOC", D(2021, 10, 4), D(2021, 10, 4), "47.0", "LIVE"),
        ("november-2021", "November 2021 SEC Release", "NOVEMBER", D(2021, 11, 4), D(2021, 11, 4), "50.0", "LIVE"),
        ("v51.0", "SEC v51.0 (MP128B)", "AD_HOC", D(2021, 11, 11), D(2021, 11, 11), "51.0", "LIVE"),
        ("february-2022", "February 2022 SEC Release", "FEBRUARY", D(2022, 2, 24), D(2022, 2, 24), "57.0", "LIVE"),
        ("v59.0", "SEC v59.0 (MP201)", "AD_HOC", D(2022, 3, 24), D(2022, 3, 24), "59.0", "LIVE"),
        ("june-2022", "June 2022 SEC Release", "JUNE", D(2022, 6, 30), D(2022, 6, 30), "61.0", "LIVE"),
        ("v62.0", "SEC v62.0 (MP200)", "AD_HOC", D(2022, 7, 18), D(2022, 7, 18), "62.0", "LIVE"),
        ("november-2022", "November 2022 SEC Release", "NOVEMBER", D(2022, 11, 3), None, None, "PLANNING"),
    ],
)  # fmt: skip
def test_every_release_with_its_dates_version_and_status(
    slug, name, kind, planned, actual, version, status
):
    release = Release.objects.get(slug=slug)
    assert (release.name, release.kind, release.planned_go_live) == (name, kind, planned)
    assert release.actual_go_live == actual
    assert release.sec_version == (Decimal(version) if version else None)
    assert release.status == status


def test_eleven_releases_in_go_live_order():
    assert [r.slug for r in release_list()] == [
        "february-2021",
        "june-2021",
        "v45.0",
        "v47.0",
        "november-2021",
        "v51.0",
        "february-2022",
        "v59.0",
        "june-2022",
        "v62.0",
        "november-2022",
    ]


def test_june_2021_is_document_only_and_the_system_releases_are_not():
    document_only = {r.slug: r.document_only for r in release_list()}
    assert document_only["june-2021"] is True
    assert document_only["november-2021"] is False
    assert document_only["june-2022"] is False
    assert document_only["november-2022"] is False
    assert release_is_document_only(Release.objects.get(slug="june-2021"))
    assert not release_is_document_only(Release.objects.get(slug="november-2021"))
    june = items("june-2021")
    assert {i.modification.reference for i in june} == {
        "MP106",
        "MP144",
        "MP146",
        "MP147",
        "MP153",
        "SECMP0007",
    }
    assert all(i.inclusion == "APPROVED" and not i.impacts_dcc_systems for i in june)


def test_november_2021_went_live_as_v50_with_exactly_ten_approved_modifications():
    release = Release.objects.get(slug="november-2021")
    assert release.actual_go_live == D(2021, 11, 4)
    assert release.sec_version == Decimal("50.0")
    approved = items("november-2021", inclusion="APPROVED")
    assert {i.modification.reference for i in approved} == NOVEMBER_2021_TEN
    assert len(approved) == 10
    assert all(i.modification.phase == "IMPLEMENTED" for i in approved)
    ticked = {i.modification.reference for i in approved if i.impacts_dcc_systems}
    assert ticked == {"SECMP0007", "MP077", "MP090", "MP105"}


def test_mp149_stays_targeted_with_its_cutoff_and_mp116_moved_to_february_2022():
    (mp149,) = items("november-2021", modification__reference="MP149")
    assert mp149.inclusion == "TARGETED"
    assert mp149.decision_cutoff == D(2021, 10, 21)
    assert mp149.modification.phase == "DECISION"
    assert mp149.modification.path == "PATH_2"

    (mp116,) = items("november-2021", modification__reference="MP116")
    assert mp116.inclusion == "DEFERRED"
    assert mp116.deferred_to.slug == "february-2022"
    assert "February 2022" in mp116.reason
    (in_february,) = items("february-2022", modification__reference="MP116")
    assert in_february.inclusion == "APPROVED"


def test_secmp0007_is_split_between_june_and_november_2021():
    (june,) = items("june-2021", modification__reference="SECMP0007")
    (november,) = items("november-2021", modification__reference="SECMP0007")
    assert june.part == "Appendix R ‘Common Test Scenarios Document’ legal text only"
    assert not june.impacts_dcc_systems
    assert november.part.startswith("All changes other than the Appendix R")
    assert november.impacts_dcc_systems
    assert june.modification.title == "Firmware updates to IHDs and PPMIDs"


def test_secmp0015_is_split_between_june_and_november_2022():
    (june,) = items("june-2022", modification__reference="SECMP0015")
    (november,) = items("november-2022", modification__reference="SECMP0015")
    assert (june.part, june.inclusion, june.impacts_dcc_systems) == (
        "DUIS and MMC changes only",
        "APPROVED",
        True,
    )
    assert (november.part, november.inclusion, november.impacts_dcc_systems) == (
        "All other document and DCC System changes",
        "APPROVED",
        True,
    )
    assert june.cost_note.startswith(
        "The SECMP0015 implementation costs will be allocated to the November 2022 SEC Release"
    )
    assert "DUIS" in june.note and "November 2022 SEC Release" in june.note
    assert june.modification.phase == "APPROVED"


def test_june_2022_scope_and_the_withdrawn_mp117():
    in_scope = items("june-2022", inclusion__in=["APPROVED", "TARGETED"])
    assert [i.modification.reference for i in in_scope] == [
        "SECMP0015",
        "SECMP0024",
        "MP104",
        "MP159",
        "MP195",
        "MP199",
    ]
    (mp117,) = items("june-2022", modification__reference="MP117")
    assert mp117.inclusion == "REMOVED"
    assert mp117.reason.startswith("Withdrawn by its Proposer on 9 June 2021")
    modification = mp117.modification
    assert modification.phase == "WITHDRAWN"
    assert modification.withdrawn_on == D(2021, 6, 9)
    assert modification.referral_period_ends == D(2021, 6, 23)
    ecos = ConcurrentProgramme.objects.get(release__slug="june-2022")
    assert ecos.name == "Enduring Change of Supplier (ECoS)"
    assert ecos.description.startswith("The June 2022 SEC Release will be tested alongside")


def test_november_2022_targets_have_no_cutoff_and_the_release_has_no_go_live():
    release = Release.objects.get(slug="november-2022")
    assert release.actual_go_live is None and release.sec_version is None
    targeted = items("november-2022", inclusion="TARGETED")
    assert {i.modification.reference for i in targeted} == {
        "MP078",
        "MP107",
        "MP109",
        "MP119",
        "MP134B",
        "MP140",
        "MP141",
    }
    assert all(i.decision_cutoff is None and i.impacts_dcc_systems for i in targeted)
    approved = items("november-2022", inclusion="APPROVED")
    assert {i.modification.reference for i in approved} == {"SECMP0015", "SECMP0056", "MP099"}


def test_ad_hoc_releases_and_their_paths():
    expected = {
        "v45.0": ("MP161", "PATH_1", True),
        "v47.0": ("MP134A", "PATH_2", False),
        "v51.0": ("MP128B", "", False),
        "v59.0": ("MP201", "", False),
        "v62.0": ("MP200", "PATH_1", True),
    }
    for slug, (reference, path, alv) in expected.items():
        (item,) = items(slug)
        modification = item.modification
        assert (modification.reference, modification.path) == (reference, path)
        assert modification.authority_led_variation is alv
        assert modification.phase == "IMPLEMENTED"
    assert Modification.objects.get(reference="MP134A").approved_on == D(2021, 10, 1)
    assert Modification.objects.get(reference="MP138").path == "PATH_3"


def test_draft_proposals_keep_their_former_reference():
    mp157 = Modification.objects.get(former_reference="DP157")
    assert mp157.reference == "MP157"
    assert mp157.title == "Removal of DUIS v1.0 and v2.0"
    assert set(
        Modification.objects.exclude(former_reference="").values_list(
            "reference", "former_reference"
        )
    ) == {("MP157", "DP157"), ("MP158", "DP158"), ("MP164", "DP164")}


def test_every_modification_named_in_the_documents():
    assert Modification.objects.count() == 46
    assert not Modification.objects.filter(title="").exists()
    assert Modification.objects.get(reference="MP159").url == (
        "https://smartenergycodecompany.co.uk/modifications/credit-cover-review/"
    )
    assert Modification.objects.get(reference="SECMP0024").url == (
        "https://smartenergycodecompany.co.uk/modifications/"
        "enduring-approach-to-communication-hub-firmware-management/"
    )


def test_the_latest_status_update_is_the_latest_truth():
    mp149 = Modification.objects.get(reference="MP149")
    latest = mp149.status_updates.latest()
    assert latest.as_of == D(2021, 10, 19)
    assert latest.text.endswith("by 21 October 2021.")
    secmp0007 = Modification.objects.get(reference="SECMP0007")
    assert [u.as_of for u in secmp0007.status_updates.all()] == [
        D(2021, 11, 4),
        D(2021, 10, 19),
        D(2021, 6, 24),
        D(2021, 6, 11),
    ]
    assert secmp0007.status_updates.latest().text.startswith(
        "Implemented in SEC v50.0 on 4 November 2021"
    )
    assert Modification.objects.get(reference="MP104").status_updates.get(
        as_of=D(2021, 6, 11)
    ).text == (
        "The DCC is currently carrying out an Impact Assessment which it expects to complete by "
        "7 July 2021."
    )


def test_assessments():
    rows = {
        a.modification.reference: a
        for a in Assessment.objects.select_related("modification").filter(kind="IMPACT")
    }
    assert rows["SECMP0024"].completed_on == D(2021, 6, 7)
    assert rows["MP104"].expected_completion_on == D(2021, 7, 7)
    assert rows["MP078"].expected_completion_on == D(2021, 7, 26)
    assert rows["MP107"].expected_completion_on == D(2021, 6, 14)
    assert "week commencing 14 June" in rows["MP107"].notes


def test_june_2022_rid_impacts_and_costs():
    categories = {}
    for impact in ParticipantImpact.objects.select_related("modification"):
        categories.setdefault(impact.modification.reference, set()).add(impact.category)
    assert categories == {
        "SECMP0024": {"SUPPLIERS", "DCC"},
        "MP104": {
            "SUPPLIERS",
            "ELECTRICITY_NETWORKS",
            "GAS_NETWORKS",
            "OTHER_SEC_PARTIES",
            "DCC",
        },
        "MP117": {"SUPPLIERS", "DCC"},
    }
    section_a = DocumentImpact.objects.filter(document__code="Section A", provisional=True)
    assert {i.modification.reference for i in section_a} == {
        "SECMP0015",
        "SECMP0024",
        "MP104",
        "MP117",
    }
    tech = {
        (t.document.short_name, t.new_version, t.modification.reference)
        for t in TechSpecImpact.objects.select_related("document", "modification")
    }
    assert tech == {
        ("DUIS", "6.0", "SECMP0015"),
        ("DUIS", "6.0", "SECMP0024"),
        ("DUIS", "6.0", "MP104"),
        ("DUIS", "6.0", "MP117"),
        ("MMC", "6.0", "SECMP0015"),
    }
    costs = {
        (c.modification.reference, c.stage): (c.display, c.basis)
        for c in DccCost.objects.select_related("modification")
    }
    assert costs[("SECMP0024", "DESIGN_BUILD_PIT")] == ("£151,000 – £350,000", "FIRM")
    assert costs[("SECMP0024", "SIT")] == ("TBC", "FIRM")
    assert costs[("MP104", "DESIGN_BUILD_PIT")] == ("£170,000 – £280,000", "ESTIMATED")
    assert costs[("MP104", "APPLICATION_SUPPORT")] == ("TBC", "ESTIMATED")
    assert costs[("MP117", "IMPLEMENTATION_WHOLE")] == ("£300,000 – £350,000", "ESTIMATED")
    assert costs[("MP117", "APPLICATION_SUPPORT")] == ("£50,000 – £100,000", "ESTIMATED")
    assert not DccCost.objects.filter(modification__reference="SECMP0015").exists()
    secas = {
        c.activity: (c.effort_days, c.amount, c.is_maximum)
        for c in Release.objects.get(slug="june-2022").secas_costs.all()
    }
    assert secas == {
        "Update and implement the changes to the SEC": (Decimal("5"), Decimal("3000"), False),
        "Project management of the release": (Decimal("20"), Decimal("12000"), True),
    }


def test_sec_documents_and_the_document_log():
    specs = SecDocument.objects.filter(is_technical_specification=True)
    assert {(d.code, d.short_name) for d in specs} == {
        ("Schedule 8", "GBCS"),
        ("Schedule 9", "SMETS"),
        ("Schedule 10", "CHTS"),
        ("Appendix AD", "DUIS"),
        ("Appendix AF", "MMC"),
    }
    assert not SecDocument.objects.get(code="Appendix AL").on_codeworks
    assert SecDocument.objects.get(code="Section A").on_codeworks
    # The Technical Specification versions the documents state; no other one is invented.
    specs_log = {
        (v.document.short_name, v.version, v.effective_from, v.release.slug)
        for v in DocumentVersion.objects.select_related("document", "release").filter(
            document__is_technical_specification=True
        )
    }
    assert specs_log == {
        ("GBCS", "4.1", D(2021, 11, 4), "november-2021"),
        ("DUIS", "6.0", D(2022, 6, 30), "june-2022"),
        ("MMC", "6.0", D(2022, 6, 30), "june-2022"),
    }
    # Every other document the notes of 004 list carries the SEC version that changed it.
    section_a = DocumentVersion.objects.filter(document__code="Section A").order_by(
        "effective_from"
    )
    assert [(v.version, v.release.slug) for v in section_a] == [
        ("34.0", "february-2021"),
        ("45.0", "v45.0"),
        ("47.0", "v47.0"),
        ("50.0", "november-2021"),
        ("57.0", "february-2022"),
        ("59.0", "v59.0"),
        ("61.0", "june-2022"),
        ("62.0", "v62.0"),
    ]
    assert DocumentVersion.objects.count() == 82


def test_the_two_working_day_rules_derive_5_may_and_22_june_2022():
    milestones = Milestone.objects.filter(release__slug="june-2022").select_related("anchor")
    plans = milestones.get(kind="REGRESSION_PLANS_DUE")
    results = milestones.get(kind="REGRESSION_RESULTS_DUE")
    assert (plans.anchor.event, plans.anchor.date, plans.offset_working_days) == (
        "UIT commences",
        D(2022, 5, 19),
        -10,
    )
    assert plans.date == plans.derived_date() == D(2022, 5, 5)
    assert (results.anchor.event, results.anchor.date, results.offset_working_days) == (
        "UIT window closes",
        D(2022, 6, 29),
        -5,
    )
    assert results.date == results.derived_date() == D(2022, 6, 22)


def test_june_2022_timeline():
    milestones = list(Milestone.objects.filter(release__slug="june-2022"))
    assert len(milestones) == 21
    assert [m.display_date for m in milestones][:4] == [
        "18 Jun 2021",
        "22 Sep 2021",
        "29 Sep 2021",
        "Oct 2021",
    ]
    month_only = {m.event: m.display_date for m in milestones if m.precision == "MONTH"}
    assert month_only == {
        "DCC consults on draft SEC Release TAD": "Oct 2021",
        "CSC baselines RID for non-system-impacting modifications": "Jan 2022",
        "CSC go/no-go decision": "Jun 2022",
    }
    sit_report = next(m for m in milestones if m.kind == "SIT_COMPLETION_REPORT")
    assert sit_report.date == D(2022, 5, 18)
    assert sum(m.kind == "OPSG_REVIEW" for m in milestones) == 5


def test_every_release_has_a_go_live_milestone_at_its_planned_date():
    for release in Release.objects.all():
        (go_live,) = release.milestones.filter(kind="GO_LIVE")
        assert go_live.date == release.planned_go_live, release.slug
    november_2022 = Milestone.objects.get(release__slug="november-2022", kind="RID_BASELINE")
    assert november_2022.date == D(2021, 11, 12)
    february_2022 = Milestone.objects.get(release__slug="february-2022", kind="RID_BASELINE")
    assert february_2022.display_date == "Aug 2021"
    november_2021 = {
        (m.kind, m.responsible): m.date
        for m in Milestone.objects.filter(release__slug="november-2021")
    }
    assert november_2021 == {
        ("SIT_COMPLETION_REVIEW", "TAG"): D(2021, 9, 29),
        ("OPSG_REVIEW", "OPSG"): D(2021, 10, 5),
        ("GO_NO_GO", "CSC"): D(2021, 10, 26),
        ("GO_NO_GO", "DCC"): D(2021, 11, 3),
        ("GO_LIVE", "DCC"): D(2021, 11, 4),
    }


def test_decisions_of_the_panel_and_the_csc():
    panel = Decision.objects.filter(paper_reference="SECP_93_1806_21").order_by("id")
    assert [(d.ask, d.outcome, d.release and d.release.slug) for d in panel] == [
        ("AGREE", "APPROVED", "june-2021"),
        ("BASELINE", "APPROVED", "june-2022"),
        ("NOTE", "NOTED", None),
    ]
    assert all(d.body == "PANEL" and d.meeting_date == D(2021, 6, 18) for d in panel)
    assert panel[1].published_on == D(2021, 6, 18)
    csc = Decision.objects.filter(paper_reference="CSC_32_2610").order_by("id")
    assert [(d.ask, d.outcome) for d in csc] == [("NOTE", "NOTED"), ("AGREE", "APPROVED")]
    assert all(d.body == "CSC" and d.meeting_date == D(2021, 10, 26) for d in csc)


def test_seventeen_standard_criteria_per_release():
    assert AcceptanceCriterion.objects.count() == 17 * Release.objects.count()
    for release in Release.objects.all():
        criteria = release.acceptance_criteria.all()
        assert sum(c.criterion_set == "OPERATIONAL" for c in criteria) == 10
        assert sum(c.criterion_set == "TESTING" for c in criteria) == 7
        secas_owned = {c.number for c in criteria if c.owner == "SECAS"}
        assert secas_owned == {9, 10}


def test_november_2021_acceptance_review():
    views = GroupView.objects.filter(criterion__release__slug="november-2021").select_related(
        "criterion"
    )
    opsg = {v.criterion.number: v for v in views if v.group == "OPSG"}
    tag = {v.criterion.number: v for v in views if v.group == "TAG"}
    assert sorted(opsg) == [1, 2, 3, 4, 5, 6, 7, 8]
    assert {n: v.rag for n, v in opsg.items()} == {
        1: "GREEN",
        2: "AMBER",
        3: "GREEN",
        4: "GREEN",
        5: "GREEN",
        6: "GREEN",
        7: "GREEN",
        8: "GREEN",
    }
    assert all(v.meeting_date == D(2021, 10, 5) for v in opsg.values())
    assert opsg[2].qualification.startswith("The OPSG raised concerns regarding the stability")
    assert "MP077 ‘DCC Service Flagging’" in opsg[7].text
    assert sorted(tag) == [1, 2, 3, 4, 5, 6, 7]
    assert all(v.rag == "GREEN" and v.meeting_date == D(2021, 9, 29) for v in tag.values())
    assert tag[5].text == (
        "There were no Severity 1 or 2 defects reported as outstanding at the end of SIT."
    )
    statements = ReadinessStatement.objects.filter(criterion__release__slug="november-2021")
    assert sorted(s.criterion.number for s in statements) == [1, 2, 3, 4, 5, 6, 7, 8]
    assert all(s.version == 1 and s.criterion.criterion_set == "OPERATIONAL" for s in statements)


def test_november_2021_testing_evidence_and_go_no_go():
    counts = {
        c.severity: c.outstanding
        for c in IssueCount.objects.filter(release__slug="november-2021", phase="SIT")
    }
    assert counts == {1: 0, 2: 0, 3: 4}
    exclusions = Exclusion.objects.filter(release__slug="november-2021").order_by("id")
    assert [e.count for e in exclusions] == [5, 9, 8, 2]
    assert sum(e.count for e in exclusions) == 24
    assert exclusions[0].reason == "Five identical TIs were treated as a single TI"
    assert all(e.agreed_on == D(2021, 9, 29) for e in exclusions)
    (regression,) = RegressionResult.objects.filter(release__slug="november-2021")
    assert (regression.required_pass_rate, regression.achieved_pass_rate) == (100, 99)
    assert regression.failed_tests == 4
    assert not regression.met
    (risk,) = ResidualRisk.objects.filter(release__slug="november-2021")
    assert (risk.level, risk.owner, risk.raised_by) == ("LOW", "DCC", "SECAS")
    assert "SECMP0007" in risk.description
    go = GoNoGoDecision.objects.select_related("decision").get(release__slug="november-2021")
    assert (go.body, go.decided_on, go.outcome) == ("CSC", D(2021, 10, 26), "GO")
    assert (go.decision.ask, go.decision.paper_reference) == ("AGREE", "CSC_32_2610")
    assert go.tag_recommendation.startswith("The TAG agreed that SIT had been completed")
    assert "AGREE that the November 2021 SEC Release can be set live" in go.recommendations


def test_the_first_run_reported_what_it_created(sec_history):
    assert "modifications.csv" in sec_history
    assert "Total: 0 created" not in sec_history
    assert "standard acceptance criteria   187 created" in sec_history


def test_a_second_run_writes_nothing_not_even_history():
    before = table_counts()
    with CaptureQueriesContext(connection) as queries:
        output = run_loader()
    assert table_counts() == before
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert "Total: 0 created, 0 updated, 807 unchanged." in output
    assert "Nothing to change" in output


def test_a_corrected_row_updates_that_row_alone_with_one_history_row(data_copy):
    edit(
        data_copy / "modifications.csv",
        "MP104,,Security Improvements,",
        "MP104,,Security Improvements (corrected),",
    )
    mp104 = Modification.objects.get(reference="MP104")
    history_before = mp104.history.count()
    before = table_counts()

    output = run_loader(data_copy)

    assert "Total: 0 created, 1 updated, 806 unchanged." in output
    mp104.refresh_from_db()
    assert mp104.title == "Security Improvements (corrected)"
    assert mp104.version == 2  # the optimistic lock moved: an open edit form is now stale
    assert mp104.history.count() == history_before + 1
    assert mp104.history.first().history_change_reason == CHANGE_REASON
    after = table_counts()
    changed = {label for label in before if before[label] != after[label]}
    assert changed == {"modifications.HistoricalModification"}
