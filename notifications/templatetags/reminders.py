"""`{% cutoff_alerts release %}` and `{% follow_button release_or_modification %}`."""

from django import template
from django.utils import timezone

from notifications import selectors
from releases.models import Release

register = template.Library()


@register.inclusion_tag("notifications/_cutoff_alerts.html")
def cutoff_alerts(release):
    """A prominent alert for each targeted item whose cut-off passed without an approval
    (one query; nothing for a live or cancelled release)."""
    today = timezone.localdate()
    return {"release": release, "missed": selectors.missed_cutoffs(release, today=today)}


def follow_context(request, target, *, message: str = "") -> dict:
    is_release = isinstance(target, Release)
    return {
        "request": request,
        "user": request.user,
        "target": target,
        "field": "release" if is_release else "modification",
        "value": target.slug if is_release else target.reference,
        "label": target.name if is_release else target.reference,
        "following": selectors.is_following(request.user, target),
        "message": message,
    }


@register.inclusion_tag("notifications/_follow_button.html", takes_context=True)
def follow_button(context, target):
    """Follow/unfollow a release or a modification (signed-in users only; one query)."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return {"user": None}
    return {**follow_context(request, target), "csrf_token": context.get("csrf_token")}
