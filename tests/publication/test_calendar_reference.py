"""The iCalendar feeds of the reference data, written as text, parsed by the `icalendar` library:
the same events, property for property, as the builder that used the library gave."""

import datetime

import icalendar
import pytest
import time_machine
from django.urls import reverse

from publication import selectors
from releases.models import Release
from tests.publication import icalendar_oracle

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sec_history")]


def _url_for(release: Release) -> str:
    return "http://testserver" + reverse("releases:detail", args=[release.slug])


def _parsed(body: bytes) -> tuple[dict, list[tuple[str, dict]]]:
    """The calendar's own properties, and each event's UID with every property, serialised."""
    calendar = icalendar.Calendar.from_ical(body)
    return (
        {name: value.to_ical() for name, value in calendar.items()},
        [
            (str(event["uid"]), {name: value.to_ical() for name, value in event.items()})
            for event in calendar.walk("VEVENT")
        ],
    )


@time_machine.travel(datetime.datetime(2021, 2, 1, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_the_feed_of_every_release_gives_the_events_the_icalendar_builder_gave(
    client, django_assert_num_queries
):
    today = datetime.date(2021, 2, 1)
    with django_assert_num_queries(4):
        response = client.get("/releases/calendar.ics")
    oracle = icalendar_oracle.build_calendar(
        name="SEC Release milestones",
        milestones=selectors.future_milestones(today),
        releases=selectors.releases_going_live(today=today),
        url_for=_url_for,
    )

    calendar, events = _parsed(response.content)
    assert (calendar, events) == _parsed(oracle)
    # Every milestone of the reference data is after the day, so all of them are compared,
    # awkward text included: curly quotes, a Working Day rule, notes, month-only dates.
    summaries = [str(props["SUMMARY"], "utf-8") for _, props in events]
    descriptions = "".join(str(props["DESCRIPTION"], "utf-8") for _, props in events)
    assert sum(uid.startswith("milestone-") for uid, _ in events) == 38
    assert any("’" in summary for summary in summaries)
    assert "Rule: " in descriptions
    assert any("(during " in summary for summary in summaries)


def test_each_releases_feed_gives_the_events_the_icalendar_builder_gave(
    client, django_assert_num_queries
):
    compared = 0
    for release in Release.objects.order_by("pk"):
        with django_assert_num_queries(5):
            response = client.get(reverse("publication:release_calendar", args=[release.slug]))
        oracle = icalendar_oracle.build_calendar(
            name=f"{release.name} milestones",
            milestones=selectors.calendar_milestones(release),
            releases=selectors.releases_going_live(release=release),
            url_for=_url_for,
        )

        assert _parsed(response.content) == _parsed(oracle), release.slug
        compared += len(_parsed(oracle)[1])
    assert compared >= 38
