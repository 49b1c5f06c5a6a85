"""factory-boy factories for every model. Defaults build a valid row; tests set what they assert."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from acceptance import models as acceptance
from acceptance.choices import CriterionOwner, CriterionSet, ReviewGroup, TestPhase
from audit import models as audit
from core.choices import Body, Rag
from costs import models as costs
from modifications import models as modifications
from modifications.choices import (
    AssessmentKind,
    CostBasis,
    CostStage,
    DccArea,
    DocumentKind,
    ParticipantCategory,
    PartyAudience,
    Phase,
)
from publication import models as publication
from releases import models as releases
from releases.choices import DecisionAsk, DecisionOutcome, Inclusion, MilestoneKind, ReleaseKind


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("pw")


class ModificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = modifications.Modification

    reference = factory.Sequence(lambda n: f"MP{300 + n:03d}")
    title = factory.Sequence(lambda n: f"Modification number {n}")
    url = factory.LazyAttribute(
        lambda m: f"https://smartenergycodecompany.co.uk/modifications/{m.reference.lower()}/"
    )
    phase = Phase.APPROVED
    impacts_dcc_systems = False


class StatusUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = modifications.StatusUpdate

    modification = factory.SubFactory(ModificationFactory)
    as_of = datetime.date(2021, 6, 11)
    text = "The DCC is currently carrying out an Impact Assessment."


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = modifications.Assessment

    modification = factory.SubFactory(ModificationFactory)
    kind = AssessmentKind.IMPACT
    requested_on = datetime.date(2021, 5, 1)
    expected_completion_on = datetime.date(2021, 7, 7)


class ParticipantImpactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = modifications.ParticipantImpact

    modification = factory.SubFactory(ModificationFactory)
    category = ParticipantCategory.SUPPLIERS


class PartyImpactSummaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = modifications.PartyImpactSummary

    modification = factory.SubFactory(ModificationFactory)
    audience = PartyAudience.SUPPLIER_PARTIES
    summary = "Suppliers will receive a DCC Alert."


class DccImpactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = modifications.DccImpact

    modification = factory.SubFactory(ModificationFactory)
    area = DccArea.DSP
    summary = "Updates to Service Request processing."


class SecDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = modifications.SecDocument
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"Section Z{n}")
    title = factory.Sequence(lambda n: f"Document {n}")
    kind = DocumentKind.SECTION


class TechnicalSpecificationFactory(SecDocumentFactory):
    code = "Appendix AD"
    title = "DCC User Interface Specification"
    kind = DocumentKind.APPENDIX
    short_name = "DUIS"
    is_technical_specification = True
    on_codeworks = False


class DocumentVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = modifications.DocumentVersion

    document = factory.SubFactory(SecDocumentFactory)
    version = factory.Sequence(lambda n: f"{n + 1}.0")
    effective_from = datetime.date(2022, 6, 30)


class DesignationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = modifications.Designation

    reference = factory.Sequence(lambda n: f"designation-{n}")
    title = "BEIS designation of CRP613 and CRP649 into the GB Companion Specification v4.1"
    designated_on = datetime.date(2021, 9, 13)
    summary = "BEIS has incorporated Change Resolution Proposals into GBCS v4.1."
    changes = "CRP613 ‘CRP535 clarification for binding on rejoin’"


class DesignatedDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = modifications.DesignatedDocument

    designation = factory.SubFactory(DesignationFactory)
    document = factory.SubFactory(SecDocumentFactory)


class DocumentImpactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = modifications.DocumentImpact

    modification = factory.SubFactory(ModificationFactory)
    document = factory.SubFactory(SecDocumentFactory)


class TechSpecImpactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = modifications.TechSpecImpact

    modification = factory.SubFactory(ModificationFactory)
    document = factory.SubFactory(TechnicalSpecificationFactory)
    new_version = "6.0"


class OtherCodeImpactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = modifications.OtherCodeImpact

    modification = factory.SubFactory(ModificationFactory)
    code = "Balancing and Settlement Code"


class DccCostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = modifications.DccCost

    modification = factory.SubFactory(ModificationFactory)
    stage = CostStage.DESIGN_BUILD_PIT
    low = Decimal("170000")
    high = Decimal("280000")
    basis = CostBasis.ESTIMATED


class ReleaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = releases.Release
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"june-{2030 + n}")
    name = factory.LazyAttribute(lambda r: f"{r.slug.replace('-', ' ').title()} SEC Release")
    kind = ReleaseKind.JUNE
    planned_go_live = datetime.date(2022, 6, 30)


class ScopeItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = releases.ScopeItem

    release = factory.SubFactory(ReleaseFactory)
    modification = factory.SubFactory(ModificationFactory)
    inclusion = Inclusion.APPROVED
    impacts_dcc_systems = factory.SelfAttribute("modification.impacts_dcc_systems")


class ConcurrentProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = releases.ConcurrentProgramme

    release = factory.SubFactory(ReleaseFactory)
    name = "Enduring Change of Supplier (ECoS)"


class DccChangeRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = releases.DccChangeRequest

    release = factory.SubFactory(ReleaseFactory)
    reference = factory.Sequence(lambda n: f"CR{1000 + n}")
    title = "DCC Change Request"


class SecasCostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = releases.SecasCost

    release = factory.SubFactory(ReleaseFactory)
    activity = "Update and implement the changes to the SEC"
    effort_days = Decimal("5")
    amount = Decimal("3000")


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = releases.Milestone

    release = factory.SubFactory(ReleaseFactory)
    kind = MilestoneKind.UIT_START
    event = "UIT commences"
    responsible = Body.DCC
    date = datetime.date(2022, 5, 19)


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = releases.Decision

    release = factory.SubFactory(ReleaseFactory)
    body = Body.PANEL
    meeting_date = datetime.date(2021, 6, 18)
    paper_reference = "SECP_93_1806_21"
    ask = DecisionAsk.BASELINE
    summary = "Baseline the RID for the scope of the release on DCC Systems"
    outcome = DecisionOutcome.APPROVED
    published_on = datetime.date(2021, 6, 18)


def _baseline_snapshot(b) -> dict:
    """The release's draft RID frozen as this version, as the baselining service freezes it."""
    from releases.rid.baselines import baseline_snapshot
    from releases.rid.content import rid_snapshot

    return baseline_snapshot(
        rid_snapshot(b.release),
        version=Decimal(str(b.version)),
        issued_on=b.issued_on,
        changes=b.changes,
        decision=b.decision,
    )


class RidBaselineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = releases.RidBaseline

    release = factory.SubFactory(ReleaseFactory)
    version = Decimal("0.1")
    issued_on = datetime.date(2021, 6, 11)
    changes = "First draft issued to the Panel."
    decision = factory.SubFactory(DecisionFactory, release=factory.SelfAttribute("..release"))
    snapshot = factory.LazyAttribute(lambda b: _baseline_snapshot(b))


class RidAppealFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = releases.RidAppeal

    baseline = factory.SubFactory(RidBaselineFactory)
    appellant = "Example Energy Supply Ltd"
    lodged_on = datetime.date(2021, 6, 25)
    grounds = "The RID's timeline leaves too little time for User Integration Testing."


class RidDraftPdfFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = releases.RidDraftPdf

    release = factory.SubFactory(ReleaseFactory)
    digest = factory.Sequence(lambda n: f"{n:064x}")
    snapshot = factory.LazyAttribute(lambda d: {"document": {"release_slug": d.release.slug}})


class RidNarrativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = releases.RidNarrative

    release = factory.SubFactory(ReleaseFactory)
    scope_note = "No further modifications that impact on DCC Systems are expected to be added."
    dcc_test_approach = "The DCC will test the changes in SIT."


class RidCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = releases.RidComment

    release = factory.SubFactory(ReleaseFactory)
    section = "3"
    text = "Two weeks of UIT is too short for the Parties."
    author = factory.SubFactory(UserFactory)


class AcceptanceCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = acceptance.AcceptanceCriterion

    release = factory.SubFactory(ReleaseFactory)
    criterion_set = CriterionSet.OPERATIONAL
    number = factory.Sequence(lambda n: 20 + n)
    title = "Service Stability"
    text = "The DCC has demonstrated that all pre-existing services will be stable."
    owner = CriterionOwner.DCC
    reviewing_group = ReviewGroup.OPSG


class ReadinessStatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = acceptance.ReadinessStatement

    criterion = factory.SubFactory(AcceptanceCriterionFactory)
    version = 1
    text = "The DCC monitors the overall stability of the production environment."


class GroupViewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = acceptance.GroupView

    criterion = factory.SubFactory(AcceptanceCriterionFactory)
    version = 1
    group = factory.SelfAttribute("criterion.reviewing_group")
    rag = Rag.GREEN
    text = "The OPSG accepted the DCC's statement of readiness with no further comments."
    meeting_date = datetime.date(2021, 10, 5)


class TadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = acceptance.Tad

    release = factory.SubFactory(ReleaseFactory)
    version = 1
    objectives = "Assure the changes work end to end."
    strategy = "SIT then UIT, with regression."
    consequences = "Costs within the Impact Assessment; low risk."


class TadReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = acceptance.TadReview

    tad = factory.SubFactory(TadFactory)
    reviewed_on = datetime.date(2021, 9, 29)
    outcome = "APPROVED"


class TestingIssueCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = acceptance.TestingIssueCount

    release = factory.SubFactory(ReleaseFactory)
    phase = TestPhase.SIT
    severity = 3
    outstanding = 4
    as_of = datetime.date(2021, 9, 29)


class TestingExclusionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = acceptance.TestingExclusion

    release = factory.SubFactory(ReleaseFactory)
    phase = TestPhase.SIT
    count = 5
    reason = "Five identical TIs were treated as a single TI"
    agreed_on = datetime.date(2021, 9, 29)


class TestingThresholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = acceptance.TestingThreshold

    release = factory.SubFactory(ReleaseFactory)
    phase = TestPhase.SIT
    severity = 3
    max_outstanding = 10


class RegressionResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = acceptance.RegressionResult

    release = factory.SubFactory(ReleaseFactory)
    as_of = datetime.date(2021, 9, 29)
    required_pass_rate = Decimal("100")
    achieved_pass_rate = Decimal("99")
    failed_tests = 4


class ResidualRiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = acceptance.ResidualRisk

    release = factory.SubFactory(ReleaseFactory)
    title = "End-to-end solution cannot be tested in full"
    level = "LOW"
    owner = "DCC"


class GoNoGoDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = acceptance.GoNoGoDecision

    release = factory.SubFactory(ReleaseFactory)
    body = Body.CSC
    decided_on = datetime.date(2021, 10, 26)
    outcome = "GO"


class ReleaseNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = publication.ReleaseNote

    release = factory.SubFactory(ReleaseFactory)
    title = factory.LazyAttribute(lambda n: f"SEC release note for the {n.release.name}")
    dated = datetime.date(2022, 6, 30)
    introduction = "SEC version 61.0 came into effect on 30 June 2022."


class ReleaseNoteItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = publication.ReleaseNoteItem

    note = factory.SubFactory(ReleaseNoteFactory)
    modification = factory.SubFactory(ModificationFactory)
    summary = "has introduced a new DCC Alert."


class ReleaseNoteDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = publication.ReleaseNoteDocument

    note = factory.SubFactory(ReleaseNoteFactory)
    document = factory.SubFactory(SecDocumentFactory)


class CostActualFactory(factory.django.DjangoModelFactory):
    """The DCC's actual for one stage of a modification (SECAS's: `secas_cost=...`, no stage)."""

    class Meta:
        model = costs.CostActual

    release = factory.SubFactory(
        ReleaseFactory, status="LIVE", actual_go_live=datetime.date(2022, 6, 30)
    )
    modification = factory.SubFactory(ModificationFactory, impacts_dcc_systems=True)
    stage = CostStage.DESIGN_BUILD_PIT
    amount = Decimal("200000")
    reported_by = "DCC"
    reported_on = datetime.date(2022, 9, 30)


class AuditorAppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = audit.AuditorAppointment

    release = factory.SubFactory(ReleaseFactory)
    user = factory.SubFactory(UserFactory)
    appointed_by = factory.SubFactory(UserFactory)
    starts_on = datetime.date(2022, 1, 1)
    ends_on = None
    decision_reference = "SECP_104_2801_22"
    terms_of_reference = "Monitor the DCC's testing of the release and report to the Panel."


class AuditorPageViewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = audit.AuditorPageView

    user = factory.SubFactory(UserFactory)
    release = factory.SubFactory(ReleaseFactory)
    method = "GET"
    path = "/releases/june-2022/readiness/"
    status_code = 200
