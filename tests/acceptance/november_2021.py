"""The November 2021 acceptance review as `001` (CSC_32_2610) records it, built with factories.

Used until the reference data loader (`load_sec_history`) lands on main; the tests then run on
the loaded data as well.
"""

import datetime
from decimal import Decimal

from acceptance.choices import CriterionSet, TestPhase
from acceptance.models import AcceptanceCriterion
from acceptance.standard import STANDARD_CRITERIA
from core.choices import Body, Rag
from modifications.models import Modification
from releases.choices import Inclusion, ReleaseKind, ReleaseStatus
from tests.factories import (
    GoNoGoDecisionFactory,
    GroupViewFactory,
    ModificationFactory,
    ReadinessStatementFactory,
    RegressionResultFactory,
    ReleaseFactory,
    ResidualRiskFactory,
    ScopeItemFactory,
    TadFactory,
    TestingExclusionFactory,
    TestingIssueCountFactory,
)

OPSG_MEETING = datetime.date(2021, 10, 5)
TAG_MEETING = datetime.date(2021, 9, 29)
ACCEPTED = "The OPSG accepted the DCC’s statement of readiness with no further comments."

OPSG_QUALIFICATIONS = {
    2: (
        Rag.AMBER,
        "The OPSG raised concerns regarding the stability of the existing SMETS1 services "
        "following significant incidents on the SMETS1 FOC service and the SMETS1 IOC firmware "
        "download impacted by DCO capacity. Whilst recognising the continued operational risk to "
        "service stability, the OPSG agreed that this criterion should be Amber but accepted the "
        "DCC’s assurance that the November 2021 SEC Release would not substantially increase this "
        "operational risk.",
    ),
    3: (
        Rag.GREEN,
        "The OPSG questioned whether the DSP Technical Refresh activities could be impacted by "
        "the implementation of the November 2021 SEC Release. The DCC noted that there were no "
        "technical interactions.",
    ),
    7: (
        Rag.GREEN,
        "An OPSG member raised concern that there may be an impact to Service Users in "
        "reference to MP077 ‘DCC Service Flagging’ if incorrect data were provided by the RDP.",
    ),
}
TAG_VIEWS = {
    1: "Each change has been tested in accordance with the Test Approach Document (TAD).",
    2: "All testing has completed in accordance with the TAD, with any excluded tests assessed "
    "and agreed by the TAG.",
    3: "The required pass rate for regression is 100%, but 99% was achieved for the November 2021 "
    "SEC Release. The TAG agreed that these tests should be excluded from the exit criteria.",
    4: "The DCC enabled User testing in line with the requirements of the TAD agreed with the TAG.",
    5: "There were no Severity 1 or 2 defects reported as outstanding at the end of SIT.",
    6: "The number of outstanding Testing Issues is within the tolerances agreed with the TAG.",
    7: "The DCC has set out the environment specification for SIT and the TAG has not raised any "
    "issues.",
}
EXCLUSIONS = [
    (5, "Five identical TIs were treated as a single TI"),
    (
        9,
        "Nine TIs related to existing, known, defects in the production or User testing environments",
    ),
    (8, "Eight TIs related to issues with Devices"),
    (2, "Two TIs related to issues with the relevant test environments"),
]
SCOPE = [
    ("SECMP0007", "Firmware updates to IHDs and PPMIDs", True),
    ("MP077", "DCC Service Flagging", True),
    ("MP090", "Incorporation of Non GBCS Non-Mandated Alerts into the SEC", True),
    ("MP105", "Sending SR11.2 to Devices in Suspended State", True),
    ("MP138", "DCC Service Testing in ETAD", False),
    ("MP150", "Removing Table 28c from the GBCS", False),
    ("MP157", "Removal of DUIS v1.0 and v2.0", False),
]


def _modification(reference: str, title: str, impacts: bool):
    return Modification.objects.filter(reference=reference).first() or ModificationFactory(
        reference=reference, title=title, impacts_dcc_systems=impacts
    )


def build_november_2021(*, decided: bool = False, extra_versions: int = 0):
    """The release, its scope, criteria (operational 1-8, testing 1-7) and the whole review.

    `extra_versions` adds earlier versions of every statement and view (to measure queries).
    """
    release = ReleaseFactory(
        slug="november-2021",
        name="November 2021 SEC Release",
        kind=ReleaseKind.NOVEMBER,
        planned_go_live=datetime.date(2021, 11, 4),
        status=ReleaseStatus.GO_NO_GO,
    )
    for reference, title, impacts in SCOPE:
        ScopeItemFactory(release=release, modification=_modification(reference, title, impacts))
    ScopeItemFactory(
        release=release,
        modification=_modification(
            "MP149", "Effecting Changes to the Smart Energy Code efficiently", False
        ),
        inclusion=Inclusion.TARGETED,
        decision_cutoff=datetime.date(2021, 10, 21),
    )
    for standard in STANDARD_CRITERIA:
        if standard.criterion_set == CriterionSet.OPERATIONAL and standard.number > 8:
            continue  # The November 2021 RID had eight operational criteria.
        criterion = AcceptanceCriterion.objects.create(release=release, **standard._asdict())
        versions = range(1, extra_versions + 2)
        if criterion.criterion_set == CriterionSet.OPERATIONAL:
            rag, qualification = OPSG_QUALIFICATIONS.get(criterion.number, (Rag.GREEN, ""))
            for version in versions:
                ReadinessStatementFactory(
                    criterion=criterion,
                    version=version,
                    text=f"DCC statement on operational criterion {criterion.number}.",
                )
                GroupViewFactory(
                    criterion=criterion,
                    version=version,
                    rag=rag,
                    qualification=qualification,
                    text=ACCEPTED,
                    meeting_date=OPSG_MEETING,
                )
        else:
            for version in versions:
                GroupViewFactory(
                    criterion=criterion,
                    version=version,
                    rag=Rag.GREEN,
                    text=TAG_VIEWS[criterion.number],
                    meeting_date=TAG_MEETING,
                )
    TadFactory(release=release, status="APPROVED")
    TestingIssueCountFactory(
        release=release, phase=TestPhase.SIT, severity=3, outstanding=4, as_of=TAG_MEETING
    )
    for count, reason in EXCLUSIONS:
        TestingExclusionFactory(
            release=release, phase=TestPhase.SIT, count=count, reason=reason, agreed_on=TAG_MEETING
        )
    RegressionResultFactory(
        release=release,
        as_of=TAG_MEETING,
        required_pass_rate=Decimal("100"),
        achieved_pass_rate=Decimal("99"),
        failed_tests=4,
    )
    ResidualRiskFactory(
        release=release,
        title="The full End-to-End solution of SECMP0007 cannot be tested in this release",
        level="LOW",
        owner="DCC",
        raised_by=Body.SECAS,
    )
    if decided:
        GoNoGoDecisionFactory(release=release, decided_on=datetime.date(2021, 10, 26))
    return release
