"""Reads of the Release Management Policy: the version in effect on a date, the public page, the
line on a release page."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from governance.models import FreezeWindow, PanelException, PolicyVersion


def published_versions() -> QuerySet[PolicyVersion]:
    return PolicyVersion.objects.filter(published_at__isnull=False)


def policy_in_effect(on: datetime.date) -> PolicyVersion | None:
    """The published version in effect on `on`: the one that took effect last on or before it."""
    return (
        published_versions()
        .filter(effective_from__lte=on)
        .order_by("-effective_from", "-number")
        .first()
    )


def policy_draft() -> PolicyVersion | None:
    """The version the Panel is drafting (at most one: the next number)."""
    return (
        PolicyVersion.objects.filter(published_at__isnull=True)
        .prefetch_related("freeze_windows")
        .first()
    )


@dataclass(frozen=True)
class PolicyPage:
    current: PolicyVersion | None
    upcoming: list[PolicyVersion]
    history: list[PolicyVersion]


def policy_page(today: datetime.date) -> PolicyPage:
    """Every published version with its freeze windows, in two queries whatever their number:
    the one in effect `today`, those consulted on and still to take effect, and all of them."""
    versions = list(
        published_versions()
        .select_related("published_by")
        .prefetch_related(Prefetch("freeze_windows", queryset=FreezeWindow.objects.all()))
        .order_by("-effective_from", "-number")
    )
    current = next((v for v in versions if v.effective_from <= today), None)
    upcoming = [v for v in versions if v.effective_from > today][::-1]
    return PolicyPage(current=current, upcoming=upcoming, history=versions)


def exceptions_for(release) -> QuerySet[PanelException]:
    return PanelException.objects.filter(release=release).order_by("created_at", "id")


@dataclass(frozen=True)
class ReleasePolicyLine:
    """What a release page says of the policy: when its notice period begins, its exceptions."""

    policy_number: int | None
    notice_period_starts: datetime.date | None
    exceptions: list[PanelException]


def release_policy_line(release) -> ReleasePolicyLine:
    """From the annotations `releases.selectors.release_for_page` puts on the release (no query),
    plus one query for the exceptions when the release has some."""
    from governance.rules import notice_period_start

    number = getattr(release, "policy_number", None)
    days = getattr(release, "policy_notice_working_days", None)
    starts = (
        notice_period_start(release.planned_go_live, days)
        if number is not None and days is not None
        else None
    )
    exceptions = (
        list(exceptions_for(release)) if getattr(release, "has_panel_exceptions", False) else []
    )
    return ReleasePolicyLine(
        policy_number=number, notice_period_starts=starts, exceptions=exceptions
    )


def release_annotations(today: datetime.date) -> dict:
    """Annotations for a Release query: the number and notice period of the version in effect
    `today`, and whether the release has Panel exceptions (subqueries: no query of their own)."""
    from django.db.models import Subquery

    from core.queries import has_rows
    from releases.models import Release

    in_effect = (
        published_versions()
        .filter(effective_from__lte=today)
        .order_by("-effective_from", "-number")
    )
    return {
        "policy_number": Subquery(in_effect.values("number")[:1]),
        "policy_notice_working_days": Subquery(in_effect.values("notice_period_working_days")[:1]),
        "has_panel_exceptions": has_rows(PanelException, "release", Release),
    }
