"""iCalendar feeds of release milestones, for SEC Parties who subscribe from Outlook or Google.

Each milestone is an all-day event with a UID that never changes (its primary key), so a
client that refreshes the feed moves the event instead of adding a second one; SEQUENCE carries
the milestone's version so the move is taken as an update. A month-only date ("Oct 2021") is
an all-day event spanning the month, marked free (TRANSP:TRANSPARENT) so it does not block a
calendar, and its title says the day is not yet known.

The text is written here, not by the `icalendar` library: building a component per event and
folding every line a character at a time took about 1 ms an event (3 s for 3,000 events). The
lines are those the library wrote (same properties in the same order, same escaping, folding
and UIDs), so subscribers see no change; tests parse the feed with the library to check it.
RFC 5545: lines end in CRLF; TEXT values escape backslash, semicolon, comma and line breaks
(3.3.11); lines longer than 75 octets fold, never inside a UTF-8 character (3.1).
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from releases.choices import DatePrecision
from releases.models import Milestone, Release

PRODID = "-//secrelease//SEC Release milestones//EN"
# Octets a physical line holds before the fold; a continuation line's leading space makes 75.
FOLD_AT = 74
_ONE_DAY = datetime.timedelta(days=1)


def _uid_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "secrelease"


def _month_end(day: datetime.date) -> datetime.date:
    """The first day of the next month: DTEND is exclusive."""
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11); any line break (CRLF, LF or CR) becomes `\\n`."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> bytes:
    """The line in UTF-8, folded so that no physical line exceeds 75 octets (RFC 5545 3.1).

    A fold never falls inside a multi-byte character, nor straight after a backslash or a caret
    (some clients misread an escape split across lines; the `icalendar` library avoids it too)."""
    data = line.encode()
    if len(data) <= FOLD_AT:
        return data
    chunks = []
    start = 0
    while len(data) - start > FOLD_AT:
        end = start + FOLD_AT
        while data[end] & 0xC0 == 0x80:  # a continuation byte: the character began earlier
            end -= 1
        if data[end - 1] in b"\\^" and end - 1 > start:  # keep an escape whole
            end -= 1
        chunks.append(data[start:end])
        start = end
    chunks.append(data[start:])
    return b"\r\n ".join(chunks)


def _date(day: datetime.date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _stamp(moment: datetime.datetime | None, now: datetime.datetime) -> str:
    """A UTC DATE-TIME, to the second."""
    return (moment or now).astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _event(
    *, uid, summary, start, end, stamp, sequence, category, description, url, transparent=False
) -> list[str]:
    """One VEVENT's lines, in the order the `icalendar` library wrote them."""
    lines = [
        "BEGIN:VEVENT",
        f"SUMMARY:{text(summary)}",
        f"DTSTART;VALUE=DATE:{_date(start)}",
        f"DTEND;VALUE=DATE:{_date(end)}",
        f"DTSTAMP:{stamp}",
        f"UID:{uid}",
        f"SEQUENCE:{sequence}",
        f"CATEGORIES:{text(category)}",
        f"DESCRIPTION:{text(description)}",
        f"LAST-MODIFIED:{stamp}",
    ]
    if transparent:
        lines.append("TRANSP:TRANSPARENT")
    lines += [f"URL:{url}", "END:VEVENT"]
    return lines


def milestone_event(
    milestone: Milestone, *, release_url: str, domain: str, now: datetime.datetime
) -> list[str]:
    release = milestone.release
    month_only = milestone.precision == DatePrecision.MONTH
    if month_only:
        start = milestone.date.replace(day=1)
        summary = f"{release.name}: {milestone.event} (during {start:%B %Y})"
        end = _month_end(start)
    else:
        start = milestone.date
        summary = f"{release.name}: {milestone.event}"
        end = start + _ONE_DAY
    lines = [f"Responsible: {milestone.get_responsible_display()}"]
    if milestone.has_rule:
        lines.append(f"Rule: {milestone.rule_display}")
    if milestone.notes:
        lines.append(milestone.notes)
    lines.append(release_url)
    return _event(
        uid=f"milestone-{milestone.pk}@{domain}",
        summary=summary,
        start=start,
        end=end,
        stamp=_stamp(milestone.updated_at, now),
        sequence=milestone.version,
        category=milestone.get_kind_display(),
        description="\n".join(lines),
        url=release_url,
        transparent=month_only,
    )


def go_live_event(
    release: Release, *, release_url: str, domain: str, now: datetime.datetime
) -> list[str]:
    """A release's go-live, for a release whose timeline has no go-live milestone."""
    went = "went live" if release.is_live else "planned go-live"
    version = f" as SEC {release.sec_version_display}" if release.is_live else ""
    return _event(
        uid=f"release-{release.pk}-go-live@{domain}",
        summary=f"{release.name}: {went}{version}",
        start=release.go_live,
        end=release.go_live + _ONE_DAY,
        stamp=_stamp(release.updated_at, now),
        sequence=release.version,
        category="Go-live",
        description=release_url,
        url=release_url,
    )


def build_calendar(*, name: str, milestones, releases, url_for) -> bytes:
    """The feed: `url_for(release)` gives each release's absolute URL (asked once a release)."""
    domain = _uid_domain()
    now = timezone.now()
    urls: dict[int, str] = {}

    def url(release: Release) -> str:
        if release.pk not in urls:
            urls[release.pk] = url_for(release)
        return urls[release.pk]

    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{text(name)}",
        f"X-WR-TIMEZONE:{settings.TIME_ZONE}",
    ]
    for milestone in milestones:
        lines += milestone_event(
            milestone, release_url=url(milestone.release), domain=domain, now=now
        )
    for release in releases:
        lines += go_live_event(release, release_url=url(release), domain=domain, now=now)
    lines.append("END:VCALENDAR")
    return b"\r\n".join(map(fold, lines)) + b"\r\n"
