"""The feed builder as it was before publication/calendar.py wrote the text itself: built with
the `icalendar` library, kept unchanged as the oracle its tests compare the text writer with."""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from releases.choices import DatePrecision
from releases.models import Milestone, Release

PRODID = "-//secrelease//SEC Release milestones//EN"


def _uid_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "secrelease"


def _month_end(day: datetime.date) -> datetime.date:
    """The first day of the next month: DTEND is exclusive."""
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _stamp(moment: datetime.datetime | None) -> datetime.datetime:
    return (moment or timezone.now()).astimezone(datetime.UTC).replace(microsecond=0)


def milestone_event(milestone: Milestone, *, release_url: str) -> Event:
    release = milestone.release
    event = Event()
    event.add("uid", f"milestone-{milestone.pk}@{_uid_domain()}")
    if milestone.precision == DatePrecision.MONTH:
        start = milestone.date.replace(day=1)
        event.add("summary", f"{release.name}: {milestone.event} (during {start:%B %Y})")
        event.add("dtstart", start)
        event.add("dtend", _month_end(start))
        event.add("transp", "TRANSPARENT")
    else:
        event.add("summary", f"{release.name}: {milestone.event}")
        event.add("dtstart", milestone.date)
        event.add("dtend", milestone.date + datetime.timedelta(days=1))
    lines = [f"Responsible: {milestone.get_responsible_display()}"]
    if milestone.has_rule:
        lines.append(f"Rule: {milestone.rule_display}")
    if milestone.notes:
        lines.append(milestone.notes)
    lines.append(release_url)
    event.add("description", "\n".join(lines))
    event.add("url", release_url)
    event.add("categories", [milestone.get_kind_display()])
    event.add("sequence", milestone.version)
    event.add("dtstamp", _stamp(milestone.updated_at))
    event.add("last-modified", _stamp(milestone.updated_at))
    return event


def go_live_event(release: Release, *, release_url: str) -> Event:
    """A release's go-live, for a release whose timeline has no go-live milestone."""
    event = Event()
    event.add("uid", f"release-{release.pk}-go-live@{_uid_domain()}")
    went = "went live" if release.is_live else "planned go-live"
    version = f" as SEC {release.sec_version_display}" if release.is_live else ""
    event.add("summary", f"{release.name}: {went}{version}")
    event.add("dtstart", release.go_live)
    event.add("dtend", release.go_live + datetime.timedelta(days=1))
    event.add("description", release_url)
    event.add("url", release_url)
    event.add("categories", ["Go-live"])
    event.add("sequence", release.version)
    event.add("dtstamp", _stamp(release.updated_at))
    event.add("last-modified", _stamp(release.updated_at))
    return event


def build_calendar(*, name: str, milestones, releases, url_for) -> bytes:
    """The feed: `url_for(release)` gives each release's absolute URL."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for milestone in milestones:
        calendar.add_component(milestone_event(milestone, release_url=url_for(milestone.release)))
    for release in releases:
        calendar.add_component(go_live_event(release, release_url=url_for(release)))
    return calendar.to_ical()
