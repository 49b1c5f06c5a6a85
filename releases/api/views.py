"""Releases and their RID baselines: White ones readable by anyone, the rest by the roles that
read releases (`Release.is_visible_to`): lists leave out, details refuse (401 or 403)."""

import django_filters
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.permissions import AllowAny

from api.filters import StrictFilterSet
from api.lookups import release_or_404
from api.schema import READ_ERRORS
from releases import selectors
from releases.api.serializers import (
    ReleaseDetailSerializer,
    ReleaseSerializer,
    RidBaselineSerializer,
)
from releases.choices import ReleaseKind, ReleaseStatus
from releases.models import Release, RidBaseline


class ReleaseFilter(StrictFilterSet):
    status = django_filters.MultipleChoiceFilter(choices=ReleaseStatus.choices)
    kind = django_filters.ChoiceFilter(choices=ReleaseKind.choices)
    go_live_from = django_filters.DateFilter(
        field_name="planned_go_live", lookup_expr="gte", label="Planned go-live on or after"
    )
    go_live_to = django_filters.DateFilter(
        field_name="planned_go_live", lookup_expr="lte", label="Planned go-live on or before"
    )

    class Meta:
        model = Release
        fields = ["status", "kind", "go_live_from", "go_live_to"]


@extend_schema_view(get=extend_schema(responses={200: ReleaseSerializer, **READ_ERRORS}))
class ReleaseListApi(generics.ListAPIView):
    """Every release, oldest go-live first, with its scope counts (one query a page)."""

    permission_classes = [AllowAny]  # What the reader may see; GET only
    serializer_class = ReleaseSerializer
    filterset_class = ReleaseFilter

    def get_queryset(self):
        return selectors.release_list(user=self.request.user)


@extend_schema_view(get=extend_schema(responses={200: ReleaseDetailSerializer, **READ_ERRORS}))
class ReleaseDetailApi(generics.RetrieveAPIView):
    """One release with its scope."""

    permission_classes = [AllowAny]  # Refused unless the reader may see it; GET only
    serializer_class = ReleaseDetailSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.release_list(user=self.request.user)

    def get_object(self):
        try:
            release = super().get_object()
        except Http404:
            # Not among those the reader may see: one that exists is refused (401/403), not hidden.
            hidden = Release.objects.filter(slug=self.kwargs["slug"]).first()
            if hidden is not None:
                selectors.release_check_visible(hidden, self.request.user)
            raise
        release.scope_list = list(selectors.scope_items_for(release))
        return release


@extend_schema_view(get=extend_schema(responses={200: RidBaselineSerializer, **READ_ERRORS}))
class RidBaselineListApi(generics.ListAPIView):
    """The release's baselined RID versions, oldest first, each with its PDF."""

    permission_classes = [AllowAny]  # Refused unless the reader may see the release; GET only
    serializer_class = RidBaselineSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return RidBaseline.objects.none()
        release = selectors.release_check_visible(
            release_or_404(self.kwargs["slug"]), self.request.user
        )
        return (
            RidBaseline.objects.filter(release=release)
            .select_related("release", "decision", "baselined_by")
            .order_by("version")
        )
