"""What the Panel's auditors page reads."""

from django.db.models import QuerySet

from audit.models import AuditorAppointment, AuditorPageView
from releases.models import Release


def appointments_for(release: Release) -> QuerySet[AuditorAppointment]:
    """Every appointment to `release`, current or not, newest first, with the names shown."""
    return (
        AuditorAppointment.objects.filter(release=release)
        .select_related("user", "appointed_by", "revoked_by")
        .order_by("-starts_on", "-id")
    )


def page_views_for(release: Release) -> QuerySet[AuditorPageView]:
    """Every request made by anyone ever appointed to `release`, whichever release (if any) it
    named, newest first: what the auditors read, and what they were refused."""
    auditors = AuditorAppointment.objects.filter(release=release).values("user_id")
    return (
        AuditorPageView.objects.filter(user_id__in=auditors)
        .select_related("user", "release")
        .order_by("-viewed_at", "-id")
    )
