"""The June 2022 SEC Release as it stood on 29 June 2022, the day before it went live, built
with factories from the documents: its scope as the SEC's own note (004) lists it, the ECoS
designation beside it, and the Document Log as earlier releases left it."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from core.choices import Body
from modifications.choices import DocumentKind, Phase
from modifications.models import DocumentVersion, Modification, SecDocument
from releases.choices import Inclusion, ReleaseKind, ReleaseStatus
from releases.models import Release, ScopeItem
from tests.factories import (
    DesignatedDocumentFactory,
    DesignationFactory,
    DocumentImpactFactory,
    DocumentVersionFactory,
    GoNoGoDecisionFactory,
    MilestoneFactory,
    ModificationFactory,
    ReleaseFactory,
    ScopeItemFactory,
    SecDocumentFactory,
    TechSpecImpactFactory,
)
from tests.reference.conftest import data_copy, sec_history  # noqa: F401  (fixtures shared here)

D = datetime.date

SEVEN_DOCUMENTS = [
    ("Section A", "Definitions and Interpretation"),
    ("Section G", "Security"),
    ("Section J", "Charges"),
    ("Schedule 11", "TS Applicability Tables"),
    ("Appendix AB", "Service Request Processing Document"),
    ("Appendix AD", "DCC User Interface Specification"),
    ("Appendix AF", "Message Mapping Catalogue"),
]
SIX_MODIFICATIONS = ["SECMP0015", "SECMP0024", "MP104", "MP159", "MP195", "MP199"]


@dataclass
class June2022:
    release: Release
    november: Release
    documents: dict[str, SecDocument]
    modifications: dict[str, Modification]


def _document(code, title, *, ts=False, short_name="", on_codeworks=True):
    kind = {"Section": DocumentKind.SECTION, "Schedule": DocumentKind.SCHEDULE}.get(
        code.split()[0], DocumentKind.APPENDIX
    )
    return SecDocumentFactory(
        code=code,
        title=title,
        kind=kind,
        is_technical_specification=ts,
        short_name=short_name,
        on_codeworks=on_codeworks,
    )


def build_june_2022() -> June2022:
    docs = {
        "Section A": _document("Section A", "Definitions and Interpretation"),
        "Section G": _document("Section G", "Security"),
        "Section H": _document("Section H", "DCC Services"),
        "Section J": _document("Section J", "Charges"),
        "Schedule 11": _document("Schedule 11", "TS Applicability Tables"),
        "Appendix AB": _document("Appendix AB", "Service Request Processing Document"),
        "Appendix AD": _document(
            "Appendix AD",
            "DCC User Interface Specification",
            ts=True,
            short_name="DUIS",
            on_codeworks=False,
        ),
        "Appendix AF": _document(
            "Appendix AF",
            "Message Mapping Catalogue",
            ts=True,
            short_name="MMC",
            on_codeworks=False,
        ),
    }
    # The releases before it, live, and the Document Log they left.
    november_2021 = ReleaseFactory(
        slug="november-2021",
        name="November 2021 SEC Release",
        kind=ReleaseKind.NOVEMBER,
        planned_go_live=D(2021, 11, 4),
        actual_go_live=D(2021, 11, 4),
        sec_version=Decimal("50.0"),
        status=ReleaseStatus.LIVE,
    )
    february_2022 = ReleaseFactory(
        slug="february-2022",
        name="February 2022 SEC Release",
        kind=ReleaseKind.FEBRUARY,
        planned_go_live=D(2022, 2, 24),
        actual_go_live=D(2022, 2, 24),
        sec_version=Decimal("57.0"),
        status=ReleaseStatus.LIVE,
    )
    v59 = ReleaseFactory(
        slug="v59.0",
        name="SEC v59.0 (MP201)",
        kind=ReleaseKind.AD_HOC,
        planned_go_live=D(2022, 3, 24),
        actual_go_live=D(2022, 3, 24),
        sec_version=Decimal("59.0"),
        status=ReleaseStatus.LIVE,
    )
    for code, version, release in [
        ("Section A", "59.0", v59),
        ("Section G", "57.0", february_2022),
        ("Section H", "57.0", february_2022),
        ("Schedule 11", "59.0", v59),
        ("Appendix AB", "50.0", november_2021),
        ("Appendix AD", "5.0", november_2021),
        ("Appendix AF", "5.0", november_2021),
    ]:
        DocumentVersionFactory(
            document=docs[code],
            version=version,
            effective_from=release.actual_go_live,
            release=release,
        )

    june = ReleaseFactory(
        slug="june-2022",
        name="June 2022 SEC Release",
        kind=ReleaseKind.JUNE,
        planned_go_live=D(2022, 6, 30),
        status=ReleaseStatus.GO_NO_GO,
    )
    november = ReleaseFactory(
        slug="november-2022",
        name="November 2022 SEC Release",
        kind=ReleaseKind.NOVEMBER,
        planned_go_live=D(2022, 11, 3),
    )
    titles = {
        "SECMP0015": "GPF timestamp for reading instantaneous Gas values",
        "SECMP0024": "Enduring Approach to Communication Hub Firmware Management",
        "MP104": "Security Improvements",
        "MP159": "Credit Cover Review",
        "MP195": "Security Sub-Committee guidance on Device Assurance",
        "MP199": "June 2022 SEC Release Supporting Changes",
    }
    mods = {
        ref: ModificationFactory(
            reference=ref,
            title=title,
            phase=Phase.APPROVED,
            impacts_dcc_systems=ref in {"SECMP0015", "SECMP0024", "MP104"},
            summary=f"{title}: what the RID says it does.",
        )
        for ref, title in titles.items()
    }
    mp117 = ModificationFactory(
        reference="MP117",
        title="Bulk CH returns",
        phase=Phase.WITHDRAWN,
        withdrawn_on=D(2021, 6, 9),
    )
    for position, ref in enumerate(SIX_MODIFICATIONS, 1):
        ScopeItemFactory(
            release=june,
            modification=mods[ref],
            inclusion=Inclusion.APPROVED,
            part="DUIS and MMC changes only" if ref == "SECMP0015" else "",
            position=position,
        )
    ScopeItemFactory(
        release=june,
        modification=mp117,
        inclusion=Inclusion.REMOVED,
        reason="Withdrawn by the proposer on 9 June 2021.",
        position=9,
    )
    ScopeItemFactory(
        release=november,
        modification=mods["SECMP0015"],
        inclusion=Inclusion.APPROVED,
        part="All other document and DCC System changes",
    )
    # What each modification changes (the RID's matrices, completed as the note reports).
    for ref, codes in {
        "SECMP0015": ["Section A"],
        "SECMP0024": ["Section A"],
        "MP104": ["Section A"],
        "MP159": ["Section J"],
        "MP195": ["Section G"],
        "MP199": ["Schedule 11"],
    }.items():
        for code in codes:
            DocumentImpactFactory(modification=mods[ref], document=docs[code], provisional=False)
    for ref in ["SECMP0015", "SECMP0024", "MP104", "MP199"]:
        TechSpecImpactFactory(
            modification=mods[ref], document=docs["Appendix AD"], new_version="6.0"
        )
    TechSpecImpactFactory(
        modification=mods["SECMP0015"], document=docs["Appendix AF"], new_version="6.0"
    )
    ecos = DesignationFactory(
        reference="ecos-june-2022",
        title="ECoS-related changes",
        release=june,
        designated_on=D(2022, 6, 1),
        summary="The ECoS-related changes impact SEC Appendix AB and SEC Appendix AD.",
        changes="",
    )
    DesignatedDocumentFactory(designation=ecos, document=docs["Appendix AB"])
    DesignatedDocumentFactory(designation=ecos, document=docs["Appendix AD"])
    GoNoGoDecisionFactory(release=june, body=Body.CSC, decided_on=D(2022, 6, 21), outcome="GO")
    MilestoneFactory(release=june, event="UIT window closes", date=D(2022, 6, 29))
    return June2022(release=june, november=november, documents=docs, modifications=mods)


@pytest.fixture
def june_2022(db) -> June2022:
    return build_june_2022()


def world_state():
    """Everything a go-live or a note writes, to show that a refusal wrote none of it."""
    from publication.models import ReleaseNote

    return {
        "releases": sorted(
            Release.objects.values_list(
                "slug", "status", "actual_go_live", "sec_version", "version"
            )
        ),
        "implemented": sorted(
            ScopeItem.objects.filter(implemented_on__isnull=False).values_list("pk", flat=True)
        ),
        "phases": sorted(Modification.objects.values_list("reference", "phase", "version")),
        "log": sorted(DocumentVersion.objects.values_list("document__code", "version")),
        "log_history": DocumentVersion.history.count(),
        "release_history": Release.history.count(),
        "notes": sorted(ReleaseNote.objects.values_list("pk", "status", "version")),
        "note_history": ReleaseNote.history.count(),
    }
