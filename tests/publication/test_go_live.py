"""Setting a release live: the SEC version, the implemented parts, the Document Log; and every
refusal, each of which writes nothing."""

import datetime
from decimal import Decimal

import pytest

from acceptance.models import GoNoGoDecision
from core.choices import Body
from core.errors import ApplicationError
from modifications.choices import Phase
from modifications.models import DocumentVersion
from releases.choices import Inclusion, ReleaseKind, ReleaseStatus
from releases.services import release_default_sec_version, release_set_live
from tests.factories import (
    DocumentImpactFactory,
    GoNoGoDecisionFactory,
    ModificationFactory,
    ReleaseFactory,
    ScopeItemFactory,
    SecDocumentFactory,
)
from tests.publication.conftest import world_state

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def panel(user_with_role):
    return user_with_role("panel")


def _log_on(day):
    """{document code: version} in effect on `day`."""
    in_effect = {}
    for entry in DocumentVersion.objects.filter(effective_from__lte=day).order_by("effective_from"):
        in_effect[entry.document.code] = entry.version
    return in_effect


def test_june_2022_goes_live_as_v61_with_its_parts_implemented_and_the_log_applied(
    june_2022, panel
):
    release = release_set_live(
        release=june_2022.release,
        actor=panel,
        go_live_on=D(2022, 6, 30),
        sec_version=Decimal("61.0"),
    )

    release.refresh_from_db()
    assert (release.status, release.actual_go_live, release.sec_version) == (
        ReleaseStatus.LIVE,
        D(2022, 6, 30),
        Decimal("61.0"),
    )
    phases = {ref: m.phase for ref, m in june_2022.modifications.items()}
    for modification in june_2022.modifications.values():
        modification.refresh_from_db()
        phases[modification.reference] = modification.phase
    # SECMP0015's November part is still to come: it stays Approved; the others are Implemented.
    assert phases == {
        "SECMP0015": Phase.APPROVED,
        "SECMP0024": Phase.IMPLEMENTED,
        "MP104": Phase.IMPLEMENTED,
        "MP159": Phase.IMPLEMENTED,
        "MP195": Phase.IMPLEMENTED,
        "MP199": Phase.IMPLEMENTED,
    }
    assert sorted(
        release.scope_items.filter(implemented_on=D(2022, 6, 30)).values_list(
            "modification__reference", "part"
        )
    ) == [
        ("MP104", ""),
        ("MP159", ""),
        ("MP195", ""),
        ("MP199", ""),
        ("SECMP0015", "DUIS and MMC changes only"),
        ("SECMP0024", ""),
    ]
    assert release.scope_items.get(modification__reference="MP117").implemented_on is None
    assert june_2022.november.scope_items.get().implemented_on is None
    assert sorted(
        DocumentVersion.objects.filter(release=release).values_list("document__code", "version")
    ) == [
        ("Appendix AB", "61.0"),
        ("Appendix AD", "6.0"),
        ("Appendix AF", "6.0"),
        ("Schedule 11", "61.0"),
        ("Section A", "61.0"),
        ("Section G", "61.0"),
        ("Section J", "61.0"),
    ]
    assert _log_on(D(2022, 6, 29))["Appendix AD"] == "5.0"
    assert _log_on(D(2022, 7, 1)) == {
        "Section A": "61.0",
        "Section G": "61.0",
        "Section H": "57.0",
        "Section J": "61.0",
        "Schedule 11": "61.0",
        "Appendix AB": "61.0",
        "Appendix AD": "6.0",
        "Appendix AF": "6.0",
    }
    # Every write is attributed to the Panel member.
    assert release.history.first().history_user == panel
    assert {h.history_user for h in DocumentVersion.history.filter(release_id=release.pk)} == {
        panel
    }


def test_a_split_modification_is_implemented_when_its_last_part_goes_live(june_2022, panel):
    release_set_live(
        release=june_2022.release, actor=panel, go_live_on=D(2022, 6, 30), sec_version=61
    )
    november = june_2022.november
    GoNoGoDecisionFactory(release=november, decided_on=D(2022, 10, 25), outcome="GO")
    secmp0015 = june_2022.modifications["SECMP0015"]

    release_set_live(
        release=november, actor=panel, go_live_on=D(2022, 11, 3), sec_version=Decimal("63.0")
    )

    secmp0015.refresh_from_db()
    assert secmp0015.phase == Phase.IMPLEMENTED
    assert sorted(secmp0015.scope_items.values_list("release__slug", "implemented_on")) == [
        ("june-2022", D(2022, 6, 30)),
        ("november-2022", D(2022, 11, 3)),
    ]


def test_the_proposed_sec_version_is_the_next_major_version_after_the_highest(june_2022, panel):
    assert release_default_sec_version(june_2022.release) == Decimal("60.0")

    release = release_set_live(release=june_2022.release, actor=panel, go_live_on=D(2022, 6, 30))

    assert release.sec_version == Decimal("60.0")
    assert DocumentVersion.objects.get(release=release, document__code="Section A").version == (
        "60.0"
    )


def test_an_ad_hoc_release_goes_live_through_the_same_path_as_its_named_version(panel):
    ReleaseFactory(
        slug="june-2022",
        kind=ReleaseKind.JUNE,
        status=ReleaseStatus.LIVE,
        planned_go_live=D(2022, 6, 30),
        actual_go_live=D(2022, 6, 30),
        sec_version=Decimal("61.0"),
    )
    v62 = ReleaseFactory(
        slug="v62.0",
        name="SEC v62.0 (MP200)",
        kind=ReleaseKind.AD_HOC,
        planned_go_live=D(2022, 7, 18),
    )
    mp200 = ModificationFactory(
        reference="MP200", title="Faster Switching consequential changes to the SEC"
    )
    ScopeItemFactory(release=v62, modification=mp200)
    section_e = SecDocumentFactory(code="Section E", title="Registration Data")
    DocumentImpactFactory(modification=mp200, document=section_e)
    GoNoGoDecisionFactory(release=v62, body=Body.PANEL, decided_on=D(2022, 7, 15), outcome="GO")

    assert release_default_sec_version(v62) == Decimal("62.0")
    release_set_live(release=v62, actor=panel, go_live_on=D(2022, 7, 18))

    v62.refresh_from_db()
    mp200.refresh_from_db()
    assert (v62.status, v62.sec_version, mp200.phase) == (
        ReleaseStatus.LIVE,
        Decimal("62.0"),
        Phase.IMPLEMENTED,
    )
    assert list(DocumentVersion.objects.values_list("document__code", "version")) == [
        ("Section E", "62.0")
    ]


def test_document_versions_given_in_the_form_replace_the_proposed_ones(june_2022, panel):
    docs = june_2022.documents

    release_set_live(
        release=june_2022.release,
        actor=panel,
        go_live_on=D(2022, 6, 30),
        sec_version=Decimal("61.0"),
        document_versions={docs["Appendix AD"].pk: "5.1", docs["Section A"].pk: ""},
    )

    assert sorted(
        DocumentVersion.objects.filter(release=june_2022.release).values_list(
            "document__code", "version"
        )
    ) == [("Appendix AD", "5.1"), ("Section A", "61.0")]


# Every refusal: a message naming the rule and the field, and nothing written.


def _refused(**kwargs) -> ApplicationError:
    before = world_state()
    with pytest.raises(ApplicationError) as refused:
        release_set_live(**kwargs)
    assert world_state() == before
    return refused.value


def test_without_a_go_decision_it_is_refused(june_2022, panel):
    GoNoGoDecision.objects.all().delete()

    error = _refused(release=june_2022.release, actor=panel, go_live_on=D(2022, 6, 30))

    assert error.message == (
        "June 2022 SEC Release has no go/no-go decision: the CSC (or the Panel) must decide GO "
        "before it goes live."
    )


def test_after_a_no_go_decision_it_is_refused(june_2022, panel):
    GoNoGoDecision.objects.update(outcome="NO_GO")

    error = _refused(release=june_2022.release, actor=panel, go_live_on=D(2022, 6, 30))

    assert error.message == (
        "The Change Sub-Committee decided No-go on 21 June 2022: June 2022 SEC Release cannot "
        "go live without a GO."
    )


def test_setting_it_live_twice_is_refused(june_2022, panel):
    release_set_live(
        release=june_2022.release, actor=panel, go_live_on=D(2022, 6, 30), sec_version=61
    )

    error = _refused(
        release=june_2022.release, actor=panel, go_live_on=D(2022, 7, 1), sec_version=62
    )

    assert error.message == (
        "June 2022 SEC Release is already live: it went live on 30 June 2022 as SEC v61.0."
    )


def test_a_go_live_date_before_the_decision_is_refused(june_2022, panel):
    error = _refused(release=june_2022.release, actor=panel, go_live_on=D(2022, 6, 20))

    assert (error.field, error.message) == (
        "go_live_on",
        "The go-live date (20 June 2022) cannot be before the go/no-go decision (21 June 2022).",
    )


@pytest.mark.parametrize("version", ["59.0", "58.0", "12.5"])
def test_a_sec_version_not_greater_than_the_current_one_is_refused(june_2022, panel, version):
    error = _refused(
        release=june_2022.release,
        actor=panel,
        go_live_on=D(2022, 6, 30),
        sec_version=Decimal(version),
    )

    assert error.field == "sec_version"
    assert error.message == (
        "The SEC version must be greater than the one in effect on 30 June 2022: v59.0 "
        f"(SEC v59.0 (MP201)). v{Decimal(version):.1f} is not."
    )


def test_a_sec_version_another_release_has_is_refused(june_2022, panel):
    june_2022.november.__class__.objects.filter(pk=june_2022.november.pk).update(
        sec_version=Decimal("63.0")
    )

    error = _refused(
        release=june_2022.release,
        actor=panel,
        go_live_on=D(2022, 6, 30),
        sec_version=Decimal("63.0"),
    )

    assert error.message == "SEC v63.0 is already taken: November 2022 SEC Release has it."


def test_a_document_version_that_goes_backwards_is_refused(june_2022, panel):
    duis = june_2022.documents["Appendix AD"]

    error = _refused(
        release=june_2022.release,
        actor=panel,
        go_live_on=D(2022, 6, 30),
        sec_version=Decimal("61.0"),
        document_versions={duis.pk: "4.0"},
    )

    assert (error.field, error.message) == (
        f"document_{duis.pk}",
        "Appendix AD ‘DCC User Interface Specification’ cannot go back from v5.0 (in effect "
        "from 4 November 2021) to v4.0: a new version must be greater.",
    )


@pytest.mark.parametrize("version", ["5.0", "5"])
def test_a_document_version_it_already_had_is_refused(june_2022, panel, version):
    duis = june_2022.documents["Appendix AD"]

    error = _refused(
        release=june_2022.release,
        actor=panel,
        go_live_on=D(2022, 6, 30),
        sec_version=Decimal("61.0"),
        document_versions={duis.pk: version},
    )

    assert error.message == (
        "Appendix AD ‘DCC User Interface Specification’ already had v5.0, from 4 November 2021."
    )


def test_a_document_version_that_is_not_a_number_is_refused(june_2022, panel):
    duis = june_2022.documents["Appendix AD"]

    error = _refused(
        release=june_2022.release,
        actor=panel,
        go_live_on=D(2022, 6, 30),
        sec_version=Decimal("61.0"),
        document_versions={duis.pk: "six"},
    )

    assert error.message == (
        "Give the new version of Appendix AD ‘DCC User Interface Specification’ as numbers "
        "joined by dots (6.0, 4.1, 61.0); ‘six’ is not one."
    )


def test_a_technical_specification_without_a_version_to_propose_is_refused(panel):
    release = ReleaseFactory(slug="june-2030", planned_go_live=D(2030, 6, 27))
    GoNoGoDecisionFactory(release=release, decided_on=D(2030, 6, 20))
    modification = ModificationFactory(reference="MP400")
    ScopeItemFactory(release=release, modification=modification)
    gbcs = SecDocumentFactory(
        code="Schedule 8", title="GB Companion Specification", is_technical_specification=True
    )
    DocumentImpactFactory(modification=modification, document=gbcs)

    error = _refused(
        release=release, actor=panel, go_live_on=D(2030, 6, 27), sec_version=Decimal("70.0")
    )

    assert error.message == (
        "Give the new version of Schedule 8 ‘GB Companion Specification’ as numbers joined by "
        "dots (6.0, 4.1, 61.0)."
    )


def test_a_modification_still_targeted_is_refused(june_2022, panel):
    june_2022.release.scope_items.filter(modification__reference="MP159").update(
        inclusion=Inclusion.TARGETED, decision_cutoff=D(2022, 5, 1)
    )

    error = _refused(release=june_2022.release, actor=panel, go_live_on=D(2022, 6, 30))

    assert error.message == (
        "Still targeted: MP159. Approve each for inclusion or take it out of scope before the "
        "release goes live."
    )


def test_a_modification_not_approved_is_refused(june_2022, panel):
    june_2022.modifications["MP195"].__class__.objects.filter(reference="MP195").update(
        phase=Phase.DECISION
    )

    error = _refused(release=june_2022.release, actor=panel, go_live_on=D(2022, 6, 30))

    assert error.message == "Only approved modifications can be implemented: MP195 (Decision)."


@pytest.mark.parametrize("role", ["secas", "opsg", "tag", "dcc"])
def test_only_the_panel_or_the_csc_can_set_a_release_live(june_2022, user_with_role, role):
    error = _refused(
        release=june_2022.release, actor=user_with_role(role), go_live_on=D(2022, 6, 30)
    )

    assert error.status == 403


def test_the_csc_can_set_a_release_live(june_2022, user_with_role):
    release = release_set_live(
        release=june_2022.release,
        actor=user_with_role("csc"),
        go_live_on=D(2022, 6, 30),
        sec_version=61,
    )

    assert release.is_live


def test_an_ad_hoc_release_goes_live_as_the_version_it_is_named_by(panel):
    v62 = ReleaseFactory(slug="v62.0", kind=ReleaseKind.AD_HOC, planned_go_live=D(2022, 7, 18))
    ScopeItemFactory(release=v62, modification=ModificationFactory(reference="MP200"))
    GoNoGoDecisionFactory(release=v62, decided_on=D(2022, 7, 15))

    error = _refused(
        release=v62, actor=panel, go_live_on=D(2022, 7, 18), sec_version=Decimal("63.0")
    )

    assert error.message == (
        "This ad hoc release is named by its SEC version (v62.0): it goes live as SEC v62.0, "
        "not v63.0."
    )


def test_a_document_version_above_a_later_one_is_refused(june_2022, panel):
    duis = june_2022.documents["Appendix AD"]
    DocumentVersion.objects.create(
        document=duis, version="7.0", effective_from=D(2022, 11, 3), release=june_2022.november
    )

    error = _refused(
        release=june_2022.release,
        actor=panel,
        go_live_on=D(2022, 6, 30),
        sec_version=Decimal("61.0"),
        document_versions={duis.pk: "8.0"},
    )

    assert error.message == (
        "Appendix AD ‘DCC User Interface Specification’ v8.0 would come before v7.0 (from "
        "3 November 2022): a version must be lower than the later one."
    )
