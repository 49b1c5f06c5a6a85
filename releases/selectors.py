"""Reads of releases, shared by pages, the API, papers and exports."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from releases.choices import IN_SCOPE, Inclusion
from releases.models import Release, ScopeItem


def release_list() -> QuerySet[Release]:
    """Every release with its scope counts: one query, whatever the number of releases."""
    in_scope = Q(scope_items__inclusion__in=IN_SCOPE)
    return Release.objects.annotate(
        approved_count=Count("scope_items", filter=Q(scope_items__inclusion=Inclusion.APPROVED)),
        targeted_count=Count("scope_items", filter=Q(scope_items__inclusion=Inclusion.TARGETED)),
        dcc_impacting_count=Count(
            "scope_items", filter=in_scope & Q(scope_items__impacts_dcc_systems=True)
        ),
        document_only=~Exists(
            ScopeItem.objects.filter(
                release=OuterRef("pk"), inclusion__in=IN_SCOPE, impacts_dcc_systems=True
            )
        ),
    ).order_by("planned_go_live", "name")


def release_is_document_only(release: Release) -> bool:
    """No item in scope impacts DCC Systems (June 2021)."""
    return not release.scope_items.filter(inclusion__in=IN_SCOPE, impacts_dcc_systems=True).exists()


def release_get(slug: str) -> Release:
    """One release by its slug (404 if none)."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Release, slug=slug)


def scope_items_for(release: Release) -> QuerySet[ScopeItem]:
    """The release's scope as the Panel paper shows it: in-scope items first, each with its
    modification and the text of its latest status update, in one query."""
    from django.db.models import Case, IntegerField, Subquery, Value, When

    from modifications.models import StatusUpdate

    latest = StatusUpdate.objects.filter(modification=OuterRef("modification")).order_by(
        "-as_of", "-id"
    )
    return (
        release.scope_items.select_related("modification", "deferred_to")
        .annotate(
            latest_status=Subquery(latest.values("text")[:1]),
            latest_status_on=Subquery(latest.values("as_of")[:1]),
            out_of_scope=Case(
                When(inclusion__in=IN_SCOPE, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
        .order_by("out_of_scope", "position", "id")
    )


def milestones_for(release: Release):
    """The release's timeline in date order, each with the anchor its rule counts from."""
    return release.milestones.select_related("anchor").order_by("date", "position", "id")


def decisions_for(release: Release):
    return release.decisions.order_by("meeting_date", "id")
