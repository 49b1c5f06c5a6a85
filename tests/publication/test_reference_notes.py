"""The real notes of `004` in the reference data, and the June 2022 go-live replayed on it: the
release put back as it stood on 29 June 2022, then set live through the service."""

import datetime
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.core.management.base import CommandError

from acceptance.models import GoNoGoDecision
from core.choices import Body
from core.errors import ApplicationError
from modifications.choices import Phase
from modifications.models import Designation, DocumentVersion, Modification, SecDocument
from publication.models import NoteStatus, ReleaseNote
from publication.services import release_note_draft, release_note_publish
from releases.choices import Inclusion, ReleaseStatus
from releases.models import Release, ScopeItem
from releases.services import release_set_live
from tests.publication.conftest import SEVEN_DOCUMENTS, SIX_MODIFICATIONS
from tests.publication.test_release_note import _text
from tests.reference.conftest import edit, run_loader, table_counts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sec_history")]
D = datetime.date
ATOM = "{http://www.w3.org/2005/Atom}"


def test_every_note_of_004_is_published_newest_first(client):
    response = client.get("/news/")

    assert [note.release.sec_version_display for note in response.context["notes"]] == [
        "v62.0",
        "v61.0",
        "v59.0",
        "v57.0",
        "v51.0",
        "v50.0",
        "v47.0",
        "v45.0",
        "v40.0",
        "v34.0",
    ]
    feed = ET.fromstring(client.get("/news/feed/").content)
    assert len(feed.findall(f"{ATOM}entry")) == 10
    assert feed.find(f"{ATOM}entry").findtext(f"{ATOM}title") == (
        "SEC v62.0 released to implement MP200"
    )


def test_the_v50_note_shows_its_ten_modifications_and_the_beis_designations(client):
    text = _text(client.get("/releases/november-2021/notes/"))

    assert text.count("Implemented") >= 10
    assert "BEIS designation of CRP613 and CRP649 into the GB Companion Specification v4.1" in text
    assert "CRP649 ‘Halve Joining window to resolve N25 alert issue’" in text
    assert "BEIS designation to support the DCC SMETS1 service" in text
    assert "Schedule 8 ‘GB Companion Specification’ No Yes Yes v4.1" in text
    assert "Appendix AL ‘SMETS1 Transition and Migration Approach Document’ No No Yes v50.0" in text
    # A Technical Specification whose version no document gives has no invented one.
    assert "Appendix AD ‘DCC User Interface Specification’ No Yes No —" in text


def test_the_designations_sit_beside_the_modifications_of_their_release():
    designations = {
        d.reference: (d.release.slug, sorted(d.documents.values_list("document__code", flat=True)))
        for d in Designation.objects.select_related("release")
    }

    assert designations == {
        "crp613-crp649-gbcs-4-1": ("november-2021", ["Schedule 8"]),
        "smets1-uplift-2-2": ("november-2021", ["Appendix AL", "Appendix AM"]),
        "ecos-june-2022": ("june-2022", ["Appendix AB", "Appendix AD"]),
    }


def test_the_split_modification_is_implemented_in_june_2022_only():
    parts = dict(
        ScopeItem.objects.filter(modification__reference="SECMP0015").values_list(
            "release__slug", "implemented_on"
        )
    )

    assert parts == {"june-2022": D(2022, 6, 30), "november-2022": None}
    assert Modification.objects.get(reference="SECMP0015").phase == Phase.APPROVED


def test_the_document_log_on_1_july_2022_from_the_reference_data(client):
    rows = {
        document.code: document
        for document in client.get("/document-log/?date=2022-07-01").context["documents"]
    }

    assert {
        code: (rows[code].in_effect.version, rows[code].in_effect.release.slug)
        for code in ["Section A", "Section G", "Appendix AD", "Schedule 8", "Appendix AL"]
    } == {
        "Section A": ("61.0", "june-2022"),
        "Section G": ("61.0", "june-2022"),
        "Appendix AD": ("6.0", "june-2022"),
        "Schedule 8": ("4.1", "november-2021"),
        "Appendix AL": ("50.0", "november-2021"),
    }
    assert rows["Appendix AM"].in_effect.version == "50.0"
    history = client.get("/document-log/appendix-al/").context["history"]
    assert [(v.version, v.release.slug) for v in history] == [
        ("62.0", "v62.0"),
        ("50.0", "november-2021"),
        ("34.0", "february-2021"),
    ]


def _back_to_29_june_2022() -> Release:
    """Undo what the June 2022 go-live wrote, as the reference data records it."""
    june = Release.objects.get(slug="june-2022")
    ReleaseNote.objects.filter(release=june).delete()
    DocumentVersion.objects.filter(release=june).delete()
    implemented = june.scope_items.filter(inclusion=Inclusion.APPROVED)
    Modification.objects.filter(
        pk__in=implemented.values("modification_id"), phase=Phase.IMPLEMENTED
    ).update(phase=Phase.APPROVED)
    implemented.update(implemented_on=None)
    Release.objects.filter(pk=june.pk).update(
        status=ReleaseStatus.GO_NO_GO, actual_go_live=None, sec_version=None
    )
    # The CSC's go/no-go, in June 2022 as the RID's timeline plans it.
    GoNoGoDecision.objects.create(
        release=june, body=Body.CSC, decided_on=D(2022, 6, 21), outcome="GO"
    )
    june.refresh_from_db()
    return june


def test_june_2022_replayed_on_the_reference_data_reads_back_as_its_note(client, user_with_role):
    june = _back_to_29_june_2022()
    panel, secas = user_with_role("panel"), user_with_role("secas")
    schedule_11 = SecDocument.objects.get(code="Schedule 11")

    release_set_live(
        release=june,
        actor=panel,
        go_live_on=D(2022, 6, 30),
        sec_version=Decimal("61.0"),
        # What the go-live form proposes, plus Schedule 11, which no impact names.
        document_versions={
            **dict.fromkeys(
                SecDocument.objects.filter(
                    code__in=[c for c, _ in SEVEN_DOCUMENTS if c != "Schedule 11"]
                ).values_list("pk", flat=True),
                "",
            ),
            schedule_11.pk: "",
        },
    )
    note = release_note_draft(release=june, actor=secas)
    release_note_publish(note=note, actor=secas)

    text = _text(client.get("/releases/june-2022/notes/"))
    assert "SEC v61.0 published for the June 2022 SEC Release" in text
    for reference in SIX_MODIFICATIONS:
        assert reference in text
    assert "MP117" not in text
    for code, title in SEVEN_DOCUMENTS:
        assert f"{code} ‘{title}’" in text
    assert len(re.findall(r"(?:Yes|No) (?:Yes|No) (?:Yes|No) v", text)) == 7
    assert (
        "MP104 ‘Security Improvements’ has implemented a new DCC validation check to identify if "
        "DCC Users are Digitally Signing" in text
    )
    assert ReleaseNote.objects.get(release=june).status == NoteStatus.PUBLISHED
    log = {
        document.code: document.in_effect.version
        for document in client.get("/document-log/?date=2022-07-01").context["documents"]
        if document.in_effect and document.in_effect.release_id == june.pk
    }
    assert log == {
        "Section A": "61.0",
        "Section G": "61.0",
        "Section J": "61.0",
        "Schedule 11": "61.0",
        "Appendix AB": "61.0",
        "Appendix AD": "6.0",
        "Appendix AF": "6.0",
    }


def test_a_malformed_note_row_is_refused_with_its_file_and_line(data_copy):
    edit(
        data_copy / "release_note_items.csv",
        "june-2022,MP199,,,",
        "june-2022,MP199,,ecos-june-2022,",
    )
    before = table_counts()

    with pytest.raises(CommandError) as refused:
        run_loader(data_copy)

    assert str(refused.value).startswith("release_note_items.csv:")
    assert "A note item is about a modification or a designation." in str(refused.value)
    assert table_counts() == before


def test_a_note_document_version_that_clashes_with_the_log_is_refused(data_copy):
    edit(
        data_copy / "release_note_documents.csv",
        "june-2022,Appendix AF,no,yes,no,6.0",
        "june-2022,Appendix AF,no,yes,no,6.5",
    )
    before = table_counts()

    with pytest.raises(CommandError) as refused:
        run_loader(data_copy)

    assert str(refused.value).startswith("document log (notes):")
    assert table_counts() == before


def test_a_replayed_version_above_a_later_release_is_refused(user_with_role):
    june = _back_to_29_june_2022()
    before = {
        "log": DocumentVersion.objects.count(),
        "june": Release.objects.filter(pk=june.pk).values_list("status", "sec_version").get(),
    }

    with pytest.raises(ApplicationError) as refused:
        release_set_live(
            release=june,
            actor=user_with_role("csc"),
            go_live_on=D(2022, 6, 30),
            sec_version=Decimal("63.0"),
        )

    assert refused.value.message == (
        "The SEC version must be lower than v62.0, which the SEC v62.0 (MP200) produced on "
        "18 July 2022. v63.0 is not."
    )
    assert before == {
        "log": DocumentVersion.objects.count(),
        "june": Release.objects.filter(pk=june.pk).values_list("status", "sec_version").get(),
    }
