"""The iCalendar text publication/calendar.py writes: awkward text round-trips exactly through
the `icalendar` library, go-live events match the library-built oracle, and the lines follow
RFC 5545 (CRLF endings; folded at 75 octets, never inside a UTF-8 character)."""

import datetime
from decimal import Decimal

import icalendar
import pytest
import time_machine
from django.urls import reverse

from publication import selectors
from publication.calendar import fold
from releases.choices import DatePrecision, MilestoneKind, ReleaseStatus
from tests.factories import MilestoneFactory, ReleaseFactory
from tests.publication import icalendar_oracle

pytestmark = pytest.mark.django_db
D = datetime.date
AWKWARD = "Ofgem’s decision; DCC, SECAS\\n– résumé"


def _lines(body: bytes) -> list[bytes]:
    assert body.endswith(b"\r\n")
    lines = body[:-2].split(b"\r\n")
    assert not [line for line in lines if b"\r" in line or b"\n" in line]
    return lines


def test_awkward_text_round_trips_exactly(client):
    release = ReleaseFactory(slug="june-2040", name="June 2040 SEC Release")
    notes = "Agreed; see the CSC paper, section 3 \\ annex\r\nSECAS to confirm – ✓\nThird line"
    milestone = MilestoneFactory(
        release=release, event=AWKWARD, notes=notes, date=D(2040, 5, 1), kind=MilestoneKind.OTHER
    )

    body = client.get("/releases/june-2040/calendar.ics").content

    event = icalendar.Calendar.from_ical(body).walk("VEVENT")[0]
    assert str(event["uid"]) == f"milestone-{milestone.pk}@127.0.0.1"
    assert str(event["summary"]) == f"June 2040 SEC Release: {AWKWARD}"
    assert str(event["description"]) == "\n".join(
        [
            f"Responsible: {milestone.get_responsible_display()}",
            "Agreed; see the CSC paper, section 3 \\ annex",
            "SECAS to confirm – ✓",
            "Third line",
            "http://testserver/releases/june-2040/",
        ]
    )
    assert [str(c) for c in event["categories"].cats] == [milestone.get_kind_display()]
    assert str(event["url"]) == "http://testserver/releases/june-2040/"
    unfolded = body.decode().replace("\r\n ", "")
    assert "SUMMARY:June 2040 SEC Release: Ofgem’s decision\\; DCC\\, SECAS\\\\n– résumé\r\n" in (
        unfolded
    )


def test_a_calendar_name_is_escaped_as_text(client):
    ReleaseFactory(slug="june-2040", name="June 2040, SEC; Release")

    body = client.get("/releases/june-2040/calendar.ics").content

    assert b"X-WR-CALNAME:June 2040\\, SEC\\; Release milestones\r\n" in body


@time_machine.travel(datetime.datetime(2040, 1, 2, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_go_live_and_month_only_events_are_those_the_icalendar_builder_gave(client):
    live = ReleaseFactory(
        slug="june-2040",
        planned_go_live=D(2040, 6, 28),
        actual_go_live=D(2040, 6, 28),
        status=ReleaseStatus.LIVE,
        sec_version=Decimal("99.0"),
    )
    planned = ReleaseFactory(slug="november-2040", planned_go_live=D(2040, 11, 1))
    MilestoneFactory(
        release=planned,
        event="DCC submits draft TAD, v0.1",
        date=D(2040, 2, 1),
        precision=DatePrecision.MONTH,
    )
    MilestoneFactory(release=live, event=AWKWARD, date=D(2040, 3, 1), notes="x" * 200)

    body = client.get("/releases/calendar.ics").content
    oracle = icalendar_oracle.build_calendar(
        name="SEC Release milestones",
        milestones=selectors.future_milestones(D(2040, 1, 2)),
        releases=selectors.releases_going_live(today=D(2040, 1, 2)),
        url_for=lambda r: "http://testserver" + reverse("releases:detail", args=[r.slug]),
    )

    def events(feed):
        return [
            {name: value.to_ical() for name, value in event.items()}
            for event in icalendar.Calendar.from_ical(feed).walk("VEVENT")
        ]

    assert events(body) == events(oracle)
    assert [e["SUMMARY"] for e in events(body)][2:] == [
        b"June 2040 SEC Release: went live as SEC v99.0",
        b"November 2040 SEC Release: planned go-live",
    ]


def test_every_line_ends_in_crlf_and_folds_within_75_octets_between_characters(client):
    release = ReleaseFactory(slug="june-2040", name="June 2040 SEC Release")
    # Characters of one to four octets at every offset, so that some fold falls where
    # cutting at 75 octets would split one.
    event = "".join("é€𝄞"[n % 3] + "x" * (n % 4) for n in range(60))[:200]
    MilestoneFactory(release=release, event=event, notes=AWKWARD * 40, date=D(2040, 5, 1))

    body = client.get("/releases/june-2040/calendar.ics").content

    lines = _lines(body)
    assert max(len(line) for line in lines) == 75
    assert sum(line.startswith(b" ") for line in lines) > 20
    for line in lines:
        assert len(line) <= 75, line
        line.decode("utf-8")  # raises if a fold split a character
    summary = icalendar.Calendar.from_ical(body).walk("VEVENT")[0]["summary"]
    assert str(summary) == f"June 2040 SEC Release: {event}"


@pytest.mark.parametrize("wide", ["é", "€", "𝄞", "\\,"])
def test_fold_keeps_characters_and_escapes_whole_at_every_offset(wide):
    for pad in range(160):
        line = "DESCRIPTION:" + "x" * pad + wide * 60
        physical = fold(line).split(b"\r\n")

        assert b"".join([physical[0], *(p.removeprefix(b" ") for p in physical[1:])]) == (
            line.encode()
        )
        assert all(p.startswith(b" ") for p in physical[1:])
        for n, part in enumerate(physical):
            assert len(part) <= 75
            part.decode("utf-8")
            if n < len(physical) - 1:
                assert not part.endswith(b"\\")
                assert len(part) >= 75 - len(wide.encode()) - (n == 0)  # folds no earlier
