"""The public pages and feeds: /news/, /news/feed/, /document-log/, the iCalendar feeds. No
sign-in; query counts that do not grow with the data."""

import datetime
import xml.etree.ElementTree as ET
from decimal import Decimal

import icalendar
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from modifications.choices import DocumentKind
from publication.models import NoteStatus
from releases.choices import DatePrecision, MilestoneKind, ReleaseStatus
from tests.factories import (
    DocumentVersionFactory,
    MilestoneFactory,
    ReleaseFactory,
    ReleaseNoteFactory,
    SecDocumentFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date
ATOM = "{http://www.w3.org/2005/Atom}"


def _published_note(n: int, day: datetime.date):
    release = ReleaseFactory(
        slug=f"release-{n}",
        name=f"Release {n}",
        status=ReleaseStatus.LIVE,
        planned_go_live=day,
        actual_go_live=day,
        sec_version=Decimal(30 + n),
    )
    return ReleaseNoteFactory(
        release=release,
        title=f"SEC v{30 + n}.0 published for Release {n}",
        dated=day,
        status=NoteStatus.PUBLISHED,
        published_at=timezone.now(),
    )


def _queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


def test_news_lists_published_notes_newest_first_without_drafts(client):
    _published_note(1, D(2021, 2, 25))
    _published_note(2, D(2022, 6, 30))
    _published_note(3, D(2021, 11, 4))
    ReleaseNoteFactory(title="A draft nobody sees")

    response = client.get("/news/")

    titles = [note.title for note in response.context["notes"]]
    assert titles == [
        "SEC v32.0 published for Release 2",
        "SEC v33.0 published for Release 3",
        "SEC v31.0 published for Release 1",
    ]
    assert b"A draft nobody sees" not in response.content


def test_news_queries_do_not_grow_with_the_notes(client):
    # The page's queries: the count for the paginator, then the notes with their releases.
    _published_note(1, D(2021, 2, 25))
    few = _queries(client, "/news/")
    for n in range(2, 20):
        _published_note(n, D(2021, 3, 1) + datetime.timedelta(days=n * 10))

    assert _queries(client, "/news/") == few == 2


def test_the_atom_feed_is_valid_xml_with_one_entry_per_published_note(client):
    for n, day in enumerate([D(2021, 2, 25), D(2021, 6, 24), D(2022, 6, 30)], 1):
        _published_note(n, day)
    ReleaseNoteFactory(title="A draft")

    response = client.get("/news/feed/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "SEC v33.0 published for Release 3",
        "SEC v32.0 published for Release 2",
        "SEC v31.0 published for Release 1",
    ]
    assert (
        entries[0].find(f"{ATOM}link").get("href") == "http://testserver/releases/release-3/notes/"
    )
    assert len({e.findtext(f"{ATOM}id") for e in entries}) == 3
    assert entries[0].findtext(f"{ATOM}updated")
    assert feed.findtext(f"{ATOM}title") == "SEC Release news"


def test_the_document_log_queries_do_not_grow_with_documents_or_versions(client):
    # Two queries: the documents with the id of the version in effect and their version
    # counts, then those versions with their releases.
    release = ReleaseFactory(slug="v40.0", status=ReleaseStatus.LIVE, actual_go_live=D(2021, 6, 24))
    DocumentVersionFactory(release=release, effective_from=D(2021, 6, 24))
    few = _queries(client, "/document-log/", date="2022-07-01")
    for n in range(30):
        document = SecDocumentFactory(code=f"Appendix Z{n}", kind=DocumentKind.APPENDIX)
        for k in range(3):
            DocumentVersionFactory(
                document=document,
                version=f"{k + 1}.0",
                effective_from=D(2021, 1, 1) + datetime.timedelta(days=100 * k),
                release=release,
            )

    assert _queries(client, "/document-log/", date="2022-07-01") == few == 2


def test_the_document_log_lists_documents_in_the_secs_order(client):
    for code, kind in [
        ("Appendix AB", DocumentKind.APPENDIX),
        ("Schedule 11", DocumentKind.SCHEDULE),
        ("Appendix B", DocumentKind.APPENDIX),
        ("Schedule 9", DocumentKind.SCHEDULE),
        ("Section J", DocumentKind.SECTION),
        ("Section A", DocumentKind.SECTION),
    ]:
        SecDocumentFactory(code=code, kind=kind)

    documents = client.get("/document-log/").context["documents"]

    assert [document.code for document in documents] == [
        "Section A",
        "Section J",
        "Schedule 9",
        "Schedule 11",
        "Appendix B",
        "Appendix AB",
    ]


@time_machine.travel(datetime.datetime(2022, 7, 1, 12, 0, tzinfo=datetime.UTC), tick=False)
def test_the_document_log_defaults_to_today_and_explains_a_bad_date(client):
    default = client.get("/document-log/")
    bad = client.get("/document-log/", {"date": "30/06/2022"})

    assert default.context["on"] == D(2022, 7, 1)
    assert bad.status_code == 400
    assert bad.context["on"] == D(2022, 7, 1)
    assert "‘30/06/2022’ is not a date: give it as YYYY-MM-DD (e.g. 2022-07-01)." in (
        bad.content.decode()
    )


def _calendar(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


@time_machine.travel(datetime.datetime(2021, 10, 7, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_the_milestone_calendar_holds_every_future_milestone_with_stable_uids(client):
    november = ReleaseFactory(
        slug="november-2021", name="November 2021 SEC Release", planned_go_live=D(2021, 11, 4)
    )
    june = ReleaseFactory(
        slug="june-2022", name="June 2022 SEC Release", planned_go_live=D(2022, 6, 30)
    )
    cancelled = ReleaseFactory(slug="cancelled", status=ReleaseStatus.CANCELLED)
    past = MilestoneFactory(release=november, event="SIT completes", date=D(2021, 9, 1))
    cutoff = MilestoneFactory(
        release=november,
        kind=MilestoneKind.GO_NO_GO,
        event="CSC go/no-go decision",
        date=D(2021, 10, 26),
    )
    month_only = MilestoneFactory(
        release=june,
        kind=MilestoneKind.TAD_DRAFT_DUE,
        event="DCC submits draft TAD",
        date=D(2021, 10, 1),
        precision=DatePrecision.MONTH,
    )
    MilestoneFactory(release=cancelled, event="Never happens", date=D(2021, 12, 1))
    MilestoneFactory(release=june, event="TBC", date=None)

    calendar = _calendar(client, reverse("publication:calendar"))
    again = _calendar(client, "/releases/calendar.ics")

    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    assert sorted(events) == sorted(
        [
            f"milestone-{cutoff.pk}@127.0.0.1",
            f"milestone-{month_only.pk}@127.0.0.1",
            f"release-{november.pk}-go-live@127.0.0.1",
            f"release-{june.pk}-go-live@127.0.0.1",
        ]
    )
    assert f"milestone-{past.pk}@127.0.0.1" not in events
    assert [str(e["uid"]) for e in again.walk("VEVENT")] == [
        str(e["uid"]) for e in calendar.walk("VEVENT")
    ]
    decision = events[f"milestone-{cutoff.pk}@127.0.0.1"]
    assert str(decision["summary"]) == "November 2021 SEC Release: CSC go/no-go decision"
    assert decision.decoded("dtstart") == D(2021, 10, 26)
    assert decision.decoded("dtend") == D(2021, 10, 27)
    month = events[f"milestone-{month_only.pk}@127.0.0.1"]
    assert (
        str(month["summary"])
        == "June 2022 SEC Release: DCC submits draft TAD (during October 2021)"
    )
    assert (month.decoded("dtstart"), month.decoded("dtend")) == (D(2021, 10, 1), D(2021, 11, 1))
    assert str(month["transp"]) == "TRANSPARENT"
    assert "http://testserver/releases/june-2022/" in str(month["description"])
    assert str(calendar["x-wr-calname"]) == "SEC Release milestones"


def test_a_release_calendar_holds_its_own_milestones_and_is_public(client):
    june = ReleaseFactory(slug="june-2022", name="June 2022 SEC Release")
    MilestoneFactory(release=june, event="UIT commences", date=D(2022, 5, 19))
    MilestoneFactory(release=june, kind=MilestoneKind.GO_LIVE, event="Go-live", date=D(2022, 6, 30))
    MilestoneFactory(event="Another release's milestone", date=D(2022, 5, 20))

    calendar = _calendar(client, reverse("publication:release_calendar", args=["june-2022"]))

    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == [
        "June 2022 SEC Release: UIT commences",
        "June 2022 SEC Release: Go-live",
    ]


def test_the_calendars_queries_do_not_grow_with_the_milestones(client):
    # For the ETag, the count and latest change of the milestones and of the releases; then
    # the milestones with their releases and anchors, and the releases without a go-live
    # milestone (and, for one release, the release itself first).
    release = ReleaseFactory(slug="june-2040", planned_go_live=D(2040, 6, 28))
    MilestoneFactory(release=release, date=D(2040, 5, 1))
    few_all = _queries(client, "/releases/calendar.ics")
    few_one = _queries(client, "/releases/june-2040/calendar.ics")
    for n in range(40):
        other = ReleaseFactory(slug=f"r-{n}", planned_go_live=D(2040, 7, 1))
        MilestoneFactory(release=other, date=D(2040, 5, 2))
        MilestoneFactory(release=release, date=D(2040, 5, 3) + datetime.timedelta(days=n))

    assert _queries(client, "/releases/calendar.ics") == few_all == 4
    assert _queries(client, "/releases/june-2040/calendar.ics") == few_one == 5


def test_the_release_nav_links_the_release_note(client):
    ReleaseFactory(slug="june-2022", name="June 2022 SEC Release")

    response = client.get("/releases/june-2022/")

    assert b'href="/releases/june-2022/notes/"' in response.content
    assert b"Release note" in response.content


def test_a_calendar_client_polling_an_unchanged_feed_gets_304(client):
    release = ReleaseFactory(slug="june-2040", planned_go_live=D(2040, 6, 28))
    milestone = MilestoneFactory(release=release, date=D(2040, 5, 1))
    first = client.get("/releases/june-2040/calendar.ics")

    again = client.get("/releases/june-2040/calendar.ics", headers={"if-none-match": first["ETag"]})
    milestone.date = D(2040, 5, 2)
    milestone.save()
    moved = client.get("/releases/june-2040/calendar.ics", headers={"if-none-match": first["ETag"]})

    assert again.status_code == 304
    assert moved.status_code == 200
    assert moved["ETag"] != first["ETag"]


def test_a_documents_history_page_lists_every_version_newest_first(client):
    duis = SecDocumentFactory(
        code="Appendix AD",
        title="DCC User Interface Specification",
        kind=DocumentKind.APPENDIX,
        is_technical_specification=True,
        short_name="DUIS",
    )
    june = ReleaseFactory(
        slug="june-2022",
        name="June 2022 SEC Release",
        status=ReleaseStatus.LIVE,
        actual_go_live=D(2022, 6, 30),
        sec_version=Decimal("61.0"),
    )
    DocumentVersionFactory(document=duis, version="5.0", effective_from=D(2021, 11, 4))
    DocumentVersionFactory(
        document=duis, version="6.0", effective_from=D(2022, 6, 30), release=june
    )

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("publication:document_history", args=["appendix-ad"]))

    assert response.status_code == 200
    assert [(v.version, v.effective_from) for v in response.context["history"]] == [
        ("6.0", D(2022, 6, 30)),
        ("5.0", D(2021, 11, 4)),
    ]
    assert len(queries) == 2  # the documents (matched by slug), then the versions with releases
    assert client.get("/document-log/appendix-zz/").status_code == 404
