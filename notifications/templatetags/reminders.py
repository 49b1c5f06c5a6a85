"""`{% cutoff_alerts release [scope_items] %}` and `{% follow_button release_or_modification %}`."""

from django import template
from django.utils import timezone

from notifications import selectors
from releases.models import Release

register = template.Library()


@register.inclusion_tag("notifications/_cutoff_alerts.html")
def cutoff_alerts(release, items=None):
    """A prominent alert for each targeted item whose cut-off passed without an approval
    (nothing for a live or cancelled release). One query, or none when given the release's
    scope items with their modifications (`items`, as the release page has them)."""
    today = timezone.localdate()
    return {
        "release": release,
        "missed": selectors.missed_cutoffs(release, today=today, items=items),
    }


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
