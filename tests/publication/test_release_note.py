"""The release note: drafted from the data, edited by SECAS, published once the release is live,
read by anyone at /releases/<slug>/notes/."""

import datetime
import re
from decimal import Decimal
from html import unescape

import pytest

from core.errors import ApplicationError
from publication.models import NoteStatus, ReleaseNote
from publication.services import release_note_draft, release_note_publish, release_note_update
from releases.services import release_set_live
from tests.publication.conftest import SEVEN_DOCUMENTS, SIX_MODIFICATIONS, world_state

pytestmark = pytest.mark.django_db
D = datetime.date


def _text(response) -> str:
    """The page's visible text, tags stripped and spaces collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


@pytest.fixture
def june_live(june_2022, user_with_role):
    release_set_live(
        release=june_2022.release,
        actor=user_with_role("panel", "panel-chair"),
        go_live_on=D(2022, 6, 30),
        sec_version=Decimal("61.0"),
    )
    june_2022.release.refresh_from_db()
    return june_2022


def test_june_2022_set_live_then_published_reads_back_as_the_secs_own_note(
    june_live, user_with_role, client
):
    secas = user_with_role("secas")

    note = release_note_draft(release=june_live.release, actor=secas)
    release_note_publish(note=note, actor=secas)
    response = client.get("/releases/june-2022/notes/")

    assert response.status_code == 200
    text = _text(response)
    assert "SEC v61.0 published for the June 2022 SEC Release" in text
    assert (
        "SEC version 61.0 came into effect on 30 June 2022 to implement the June 2022 SEC "
        "Release. This included six Modification Proposals and one designation made by the "
        "Government." in text
    )
    for reference in SIX_MODIFICATIONS:
        assert reference in text
    assert "MP117" not in text
    for code, title in SEVEN_DOCUMENTS:
        assert f"{code} ‘{title}’" in text
    assert "Section H" not in text
    assert "Implemented in this release: DUIS and MMC changes only." in text
    assert "ECoS-related changes" in text
    # The v50.0 table: on CodeWorks, by modification, by designation, and the version in effect.
    rows = dict(
        re.findall(
            r"((?:Section|Schedule|Appendix) \w+) ‘[^’]+’ ((?:Yes|No) (?:Yes|No) (?:Yes|No) v[\d.]+)",
            text,
        )
    )
    assert rows == {
        "Section A": "Yes Yes No v61.0",
        "Section G": "Yes Yes No v61.0",
        "Section J": "Yes Yes No v61.0",
        "Schedule 11": "Yes Yes No v61.0",
        "Appendix AB": "Yes No Yes v61.0",
        "Appendix AD": "No Yes Yes v6.0",
        "Appendix AF": "No Yes No v6.0",
    }
    assert (
        "The redlining for Appendix AD and Appendix AF, not available on CodeWorks, can be "
        "found on the June 2022 SEC Release page." in text
    )
    assert 'href="/document-log/?date=2022-06-30"' in response.content.decode()


def test_the_document_log_on_1_july_2022_shows_the_seven_documents_at_their_new_versions(
    june_live, client
):
    response = client.get("/document-log/", {"date": "2022-07-01"})

    text = _text(response)
    assert response.status_code == 200
    for code, title, version in [
        ("Section A", "Definitions and Interpretation", "61.0"),
        ("Section G", "Security", "61.0"),
        ("Section J", "Charges", "61.0"),
        ("Schedule 11", "TS Applicability Tables", "61.0"),
        ("Appendix AB", "Service Request Processing Document", "61.0"),
        ("Appendix AD", "DCC User Interface Specification", "6.0"),
        ("Appendix AF", "Message Mapping Catalogue", "6.0"),
    ]:
        assert f"{code} ‘{title}’" in text and re.search(
            rf"{code} ‘{re.escape(title)}’(?: \(\w+\))? v{re.escape(version)} 30 Jun 2022 "
            r"June 2022 SEC Release \(SEC v61\.0\)",
            text,
        ), code
    assert re.search(r"Section H ‘DCC Services’ v57\.0 24 Feb 2022 February 2022 SEC Release", text)


def test_the_document_log_the_day_before_shows_the_old_versions(june_live, client):
    text = _text(client.get("/document-log/", {"date": "2022-06-29"}))

    assert re.search(
        r"Appendix AD ‘DCC User Interface Specification’ \(DUIS\) v5\.0 4 Nov 2021", text
    )
    assert re.search(r"Section J ‘Charges’ No version recorded on or before this date", text)


def test_a_note_is_not_public_until_it_is_published(june_live, user_with_role, client):
    release_note_draft(release=june_live.release, actor=user_with_role("secas"))

    assert client.get("/releases/june-2022/notes/").status_code == 404
    client.force_login(user_with_role("panel"))
    assert client.get("/releases/june-2022/notes/").status_code == 404


def test_secas_sees_the_draft_with_its_controls(june_live, user_with_role, client):
    release_note_draft(release=june_live.release, actor=user_with_role("secas"))
    client.force_login(user_with_role("secas", "analyst"))

    response = client.get("/releases/june-2022/notes/")

    assert response.status_code == 200
    text = _text(response)
    assert "Draft: not published" in text
    assert "Publish" in text
    assert "SEC v61.0 published for the June 2022 SEC Release" in text


def test_secas_edits_then_publishes_through_the_pages(june_live, user_with_role, client):
    secas = user_with_role("secas")
    client.force_login(secas)
    client.post("/releases/june-2022/notes/draft/")
    note = ReleaseNote.objects.get()
    mp104 = note.items.get(modification__reference="MP104")
    form = client.get("/releases/june-2022/notes/edit/").context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data = {k: v for k, v in data.items() if v is not False}
    data.update(
        {
            "version": note.version,
            "title": "SEC v61.0 published for the June 2022 SEC Release and to support the ECoS "
            "arrangements",
            f"summary_{mp104.pk}": "has implemented a new DCC validation check.",
        }
    )

    saved = client.post("/releases/june-2022/notes/edit/", data)
    published = client.post("/releases/june-2022/notes/publish/", {"version": note.version + 1})

    assert saved.status_code == 302
    assert published.status_code == 302
    note.refresh_from_db()
    assert note.status == NoteStatus.PUBLISHED
    client.logout()
    text = _text(client.get("/releases/june-2022/notes/"))
    assert (
        "SEC v61.0 published for the June 2022 SEC Release and to support the ECoS arrangements"
        in text
    )
    assert "MP104 ‘Security Improvements’ has implemented a new DCC validation check." in text


def test_publishing_the_note_of_a_release_that_is_not_live_is_refused(june_2022, user_with_role):
    secas = user_with_role("secas")
    note = release_note_draft(release=june_2022.release, actor=secas)
    before = world_state()

    with pytest.raises(ApplicationError) as refused:
        release_note_publish(note=note, actor=secas)

    assert refused.value.message == (
        "June 2022 SEC Release is not live (go/no-go): its note can be published once it has "
        "gone live."
    )
    assert world_state() == before


def test_publishing_through_the_page_before_go_live_shows_why(june_2022, user_with_role, client):
    secas = user_with_role("secas")
    release_note_draft(release=june_2022.release, actor=secas)
    client.force_login(secas)
    before = world_state()

    response = client.post("/releases/june-2022/notes/publish/", follow=True)

    assert "is not live (go/no-go): its note can be published once it has gone live." in _text(
        response
    )
    assert world_state() == before


def test_a_published_note_no_longer_changes(june_live, user_with_role):
    secas = user_with_role("secas")
    note = release_note_publish(
        note=release_note_draft(release=june_live.release, actor=secas), actor=secas
    )
    before = world_state()

    with pytest.raises(ApplicationError) as edit:
        release_note_update(note=note, actor=secas, title="Another title", introduction="")
    with pytest.raises(ApplicationError) as redraft:
        release_note_draft(release=june_live.release, actor=secas)
    with pytest.raises(ApplicationError) as republish:
        release_note_publish(note=note, actor=secas)

    for refused in (edit, redraft, republish):
        assert refused.value.message.endswith("a published note no longer changes.")
    assert world_state() == before


def test_a_note_without_a_title_is_refused(june_live, user_with_role):
    secas = user_with_role("secas")
    note = release_note_draft(release=june_live.release, actor=secas)
    before = world_state()

    with pytest.raises(ApplicationError) as refused:
        release_note_update(note=note, actor=secas, title="  ", introduction="Text")

    assert (refused.value.field, refused.value.message) == (
        "title",
        "A release note needs its title.",
    )
    assert world_state() == before


@pytest.mark.parametrize("role", ["panel", "csc", "opsg", "tag", "dcc"])
def test_only_secas_drafts_and_publishes_notes(june_live, user_with_role, client, role):
    user = user_with_role(role)
    before = world_state()

    with pytest.raises(ApplicationError) as refused:
        release_note_draft(release=june_live.release, actor=user)
    client.force_login(user)
    forged = client.post("/releases/june-2022/notes/draft/")

    assert refused.value.status == 403
    assert forged.status_code == 403
    assert world_state() == before


def test_an_ad_hoc_note_is_worded_like_the_secs(user_with_role):
    from releases.choices import ReleaseKind
    from tests.factories import (
        DocumentImpactFactory,
        GoNoGoDecisionFactory,
        ModificationFactory,
        ReleaseFactory,
        ScopeItemFactory,
        SecDocumentFactory,
    )

    v62 = ReleaseFactory(
        slug="v62.0", name="SEC v62.0", kind=ReleaseKind.AD_HOC, planned_go_live=D(2022, 7, 18)
    )
    mp200 = ModificationFactory(
        reference="MP200", title="Faster Switching consequential changes to the SEC"
    )
    ScopeItemFactory(release=v62, modification=mp200)
    DocumentImpactFactory(
        modification=mp200, document=SecDocumentFactory(code="Section E", title="Registration Data")
    )
    GoNoGoDecisionFactory(release=v62, decided_on=D(2022, 7, 14))
    release_set_live(release=v62, actor=user_with_role("panel"), go_live_on=D(2022, 7, 18))

    note = release_note_draft(release=v62, actor=user_with_role("secas"))

    assert note.title == "SEC v62.0 released to implement MP200"
    assert note.introduction == (
        "An updated version of the SEC came into effect on 18 July 2022 to implement MP200 "
        "‘Faster Switching consequential changes to the SEC’."
    )
    assert note.further_information.startswith(
        "Further information can be found on the MP200 page of our website. If you have any "
        "questions"
    )
    assert list(note.documents.values_list("document__code", "version")) == [("Section E", "62.0")]
