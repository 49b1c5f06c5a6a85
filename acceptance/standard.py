"""The standard acceptance criteria of a SEC Release: RID section 6 of the June 2022 RID (`000`).

Each release starts with a copy (see `acceptance.services.criteria_copy_standard`) and may edit it.
"""

from typing import NamedTuple

from acceptance.choices import CriterionOwner, CriterionSet, ReviewGroup


class StandardCriterion(NamedTuple):
    criterion_set: str
    number: int
    title: str
    text: str
    owner: str
    reviewing_group: str


def _operational(number: int, title: str, text: str, owner: str = CriterionOwner.DCC):
    return StandardCriterion(CriterionSet.OPERATIONAL, number, title, text, owner, ReviewGroup.OPSG)


def _testing(number: int, title: str, text: str):
    return StandardCriterion(
        CriterionSet.TESTING, number, title, text, CriterionOwner.DCC, ReviewGroup.TAG
    )


STANDARD_CRITERIA: tuple[StandardCriterion, ...] = (
    _operational(
        1,
        "New and changed components ready",
        "The DCC has brought to readiness all the new and changed components needed to provide "
        "the new services. This will include completing the service design and proving the "
        "service operations capability.",
    ),
    _operational(
        2,
        "Service Stability",
        "The DCC has demonstrated that all pre-existing services will be stable in the run-up to "
        "deployment of the release.",
    ),
    _operational(
        3,
        "New services can be operated alongside existing services",
        "The DCC has proven that the new services can be operated alongside, and integrated "
        "with, the existing services.",
    ),
    _operational(
        4,
        "Risk from existing problems assessed",
        "The DCC has assessed the risk posed by existing problems and defects in the existing "
        "live service, and the implications these will have for the revised service.",
    ),
    _operational(
        5,
        "Impact on Users assessed and addressed",
        "The DCC has assessed and addressed the impact on Users arising from any issues, defects "
        "or workarounds within the new services.",
    ),
    _operational(
        6,
        "Lessons learnt taken on board",
        "The DCC has demonstrated that lessons learnt from previous SEC Releases and other DCC "
        "changes have been taken on board.",
    ),
    _operational(
        7,
        "No detrimental impact on consumers' experience",
        "The DCC has demonstrated there will be no detrimental impact on consumers’ experience.",
    ),
    _operational(
        8,
        "Business Continuity and Disaster Recovery assured",
        "The DCC has completed assurance of the Business Continuity and Disaster Recovery "
        "processes.",
    ),
    _operational(
        9,
        "SECAS ready to implement",
        "SECAS will be ready to implement the approved changes to the SEC on the agreed "
        "implementation date.",
        owner=CriterionOwner.SECAS,
    ),
    _operational(
        10,
        "SECAS components ready",
        "SECAS has brought to readiness all the new and changed components that it is "
        "responsible for that are needed to support the new services.",
        owner=CriterionOwner.SECAS,
    ),
    _testing(
        1,
        "Code developed and deployable",
        "The DCC has developed the coding for each approved change and confirmed it will be able "
        "to deploy this to the production environment on the agreed implementation date.",
    ),
    _testing(
        2,
        "Test phases closed against exit criteria",
        "The DCC has completed and closed each test phase against the agreed exit criteria "
        "specified in the TAD.",
    ),
    _testing(
        3,
        "Regression testing completed",
        "The DCC has successfully completed regression testing.",
    ),
    _testing(
        4,
        "Adequate User testing",
        "The DCC has allowed adequate opportunity for Users to test the changes prior to "
        "deployment.",
    ),
    _testing(
        5,
        "No Severity 1 or 2 defects",
        "The DCC has confirmed that there are no Severity 1 or 2 defects outstanding that would "
        "be deployed to the live environment.",
    ),
    _testing(
        6,
        "Resolution plan and thresholds",
        "The DCC has produced a clear resolution plan for any outstanding Severity 3, 4 or 5 "
        "defects and that the number of remaining testing issues is within the agreed threshold "
        "figures specified in the TAD.",
    ),
    _testing(
        7,
        "Test environments aligned to production",
        "The DCC has demonstrated that the SIT and UIT test environments were aligned to the "
        "solution being deployed to the production environment; if there were any differences, "
        "these were identified and the risks these posed demonstrably managed.",
    ),
)
