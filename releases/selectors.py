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
